"""Benchmark of ``diffsrc check``: one new source against a cached corpus of 200 sources.

Builds a synthetic corpus in a temporary folder from the paragraphs of the seed articles
(each synthetic source takes a seed's body paragraphs in order, drops some, reorders the
sentences of others and appends a paragraph from another seed), warms the cache as a previous
pull request would (``diffsrc check CORPUS --new`` one corpus file), then times whole processes of

    diffsrc check CORPUS --new NEW.txt --cache-dir CACHE

with a cold (empty) cache and with the warm one. The new source is never in the cache. The
target (issue 7): under 5 s warm on 2 cores, and at least 10x faster than cold. It also times the
floor: the same check against a corpus of one source with a warm cache, the least any cache
could make the 200-source check cost (so cold / floor bounds the speed-up).

    python3 benchmarks/bench_check.py [--sources 200] [--repeat 3] [--json results.json]
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def seed_paragraphs() -> dict[str, list[str]]:
    """Body paragraphs (non-trivial lines) of each seed article."""
    out = {}
    for path in sorted(SEEDS.glob("*.txt")):
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
        out[path.stem] = [ln for ln in lines if len(ln.split()) >= 8]
    return out


def synthetic_source(rng: random.Random, paragraphs: dict[str, list[str]]) -> str:
    """One perturbed recombination of a seed article."""
    names = sorted(paragraphs)
    base = rng.choice(names)
    kept = [p for p in paragraphs[base] if rng.random() < 0.75]
    out = []
    for p in kept:
        sentences = re.split(r"(?<=[.!?])\s+", p)
        if len(sentences) > 2 and rng.random() < 0.3:
            i = rng.randrange(len(sentences) - 1)
            sentences[i], sentences[i + 1] = sentences[i + 1], sentences[i]
        if len(sentences) > 2 and rng.random() < 0.2:
            del sentences[rng.randrange(len(sentences))]
        out.append(" ".join(sentences))
    other = rng.choice([n for n in names if n != base])
    out.append(rng.choice(paragraphs[other]))
    return "\n\n".join(out) + "\n"


def build_corpus(folder: Path, n: int, seed: int = 7) -> Path:
    """Write ``n`` synthetic sources into ``folder/corpus`` and one new source beside it."""
    rng = random.Random(seed)
    paragraphs = seed_paragraphs()
    corpus = folder / "corpus"
    corpus.mkdir(parents=True)
    for i in range(n):
        (corpus / f"source-{i:03d}.txt").write_text(synthetic_source(rng, paragraphs), encoding="utf-8")
    new = folder / "incoming" / "new-source.txt"
    new.parent.mkdir()
    new.write_text(synthetic_source(random.Random(seed + 1000), paragraphs), encoding="utf-8")
    return corpus


def snapshot(folder: Path) -> Path:
    """A frozen copy of the diffsrc package to run, so edits to the work tree during a long run
    cannot change the code (and with it every cache key) between the warm-up and the timings."""
    target = folder / "code"
    shutil.copytree(ROOT / "diffsrc", target / "diffsrc", ignore=shutil.ignore_patterns("__pycache__"))
    if (ROOT / "templates").is_dir():
        shutil.copytree(ROOT / "templates", target / "templates")
    # Byte-compiled like an installed package (pip compiles on install): otherwise every timed
    # process would compile diffsrc's modules again when PYTHONDONTWRITEBYTECODE is set.
    compileall.compile_dir(target / "diffsrc", quiet=1)
    return target


def restore(pristine: Path, cache: Path) -> None:
    """Make ``cache`` exactly the ``pristine`` copy again (what a timed run changed is dropped)."""
    shutil.rmtree(cache, ignore_errors=True)
    shutil.copytree(pristine, cache)


CODE = ROOT
CPU: list[float] = []  # CPU seconds (user + system) of each run, in order


def run(args: list[str], cwd: Path, timeout: float) -> float:
    """Wall-clock seconds of one whole ``diffsrc`` process (its CPU seconds go to ``CPU``)."""
    env = {**os.environ, "PYTHONPATH": str(CODE) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "diffsrc.cli", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout,
    )
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    if done.returncode not in (0, 1):
        raise SystemExit(f"diffsrc {' '.join(args)} failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    """Build the corpus, warm the cache, time cold and warm checks, print a table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sources", type=int, default=200, help="corpus size (default 200)")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs of each kind (median reported)")
    ap.add_argument("--timeout", type=float, default=1800, help="seconds allowed for one process")
    ap.add_argument("--json", help="also write the figures to this JSON file")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    opts = ap.parse_args(argv)

    global CODE
    tmp = Path(tempfile.mkdtemp(prefix="diffsrc-bench-check-"))
    try:
        CODE = snapshot(tmp)
        corpus = build_corpus(tmp, opts.sources)
        new = tmp / "incoming" / "new-source.txt"
        common = ["check", str(corpus), "--new", str(new), "--exit-zero", "-q"]
        cache = tmp / "cache"
        print(f"corpus: {opts.sources} synthetic sources in {corpus}", flush=True)
        # The cache a previous pull request leaves behind: checking one corpus file against the
        # others stores every source's per-source work (ingestion, alignment features, claims).
        # A full check (no --new) would do that too, plus all corpus-corpus pairs and detectors.
        last = sorted(corpus.glob("*.txt"))[-1]
        warmup = run(["check", str(corpus), "--new", str(last), "--exit-zero", "-q", "--cache-dir", str(cache)], tmp, opts.timeout)
        print(f"warm-up (check of one corpus file, fills the per-source cache): {warmup:.1f} s", flush=True)
        # Every warm run starts from exactly what the warm-up left: the new source stays new, and
        # the corpus-level entries (the aligner's index of the corpus) still lack the warm-up's source.
        pristine = tmp / "cache-after-warm-up"
        shutil.copytree(cache, pristine)
        # The floor: the same check against a corpus of one source, its cache warm. No cache can
        # make the 200-source check faster than this; it bounds the speed-up a cache can give.
        lone = tmp / "floor" / "corpus"
        lone.mkdir(parents=True)
        shutil.copy2(sorted(corpus.glob("*.txt"))[0], lone)
        lone_pristine = tmp / "floor" / "cache-after-warm-up"
        run(["check", str(lone), "--exit-zero", "-q", "--cache-dir", str(lone_pristine)], tmp, opts.timeout)
        cold, warm, floor, cold_cpu, warm_cpu = [], [], [], [], []
        for i in range(opts.repeat):
            cold_dir = tmp / f"cold-{i}"
            cold.append(run([*common, "--cache-dir", str(cold_dir), "--sarif", str(tmp / "cold.sarif")], tmp, opts.timeout))
            cold_cpu.append(CPU[-1])
            shutil.rmtree(cold_dir, ignore_errors=True)
            restore(pristine, cache)
            warm.append(run([*common, "--cache-dir", str(cache), "--sarif", str(tmp / "warm.sarif")], tmp, opts.timeout))
            warm_cpu.append(CPU[-1])
            # The cache must only save time: the warm check reports exactly what the cold one does.
            if (tmp / "cold.sarif").read_bytes() != (tmp / "warm.sarif").read_bytes():
                raise SystemExit(f"run {i + 1}: the warm check's SARIF differs from the cold check's")
            lone_cache = tmp / "floor" / "cache"
            restore(lone_pristine, lone_cache)
            floor.append(run(["check", str(lone), "--new", str(new), "--exit-zero", "-q", "--cache-dir", str(lone_cache),
                              "--sarif", str(tmp / "floor.sarif")], tmp, opts.timeout))
        cold_s, warm_s, floor_s = statistics.median(cold), statistics.median(warm), statistics.median(floor)
        ratio = cold_s / warm_s if warm_s else float("inf")
        load = os.getloadavg()[0]
        rows = [
            ("cold cache (median)", f"{cold_s:.2f} s", " ".join(f"{x:.2f}" for x in cold)),
            ("warm cache (median)", f"{warm_s:.2f} s", " ".join(f"{x:.2f}" for x in warm)),
            ("cold CPU (median)", f"{statistics.median(cold_cpu):.2f} s", "user + system"),
            ("warm CPU (median)", f"{statistics.median(warm_cpu):.2f} s", "user + system"),
            ("floor (median)", f"{floor_s:.2f} s", "warm check against a 1-source corpus: " + " ".join(f"{x:.2f}" for x in floor)),
            ("speed-up", f"{ratio:.1f}x", f"target >= 10x; cold / floor = {cold_s / floor_s:.1f}x"),
            ("warm == cold results", "yes", "SARIF of every run pair byte-identical"),
            ("warm under 5 s", "yes" if warm_s < 5 else "NO", f"cpus: {os.cpu_count()}, load average {load:.1f}"),
        ]
        print(f"\ndiffsrc check: 1 new source vs {opts.sources}-source corpus, whole process, {opts.repeat} runs each")
        print(f"| {'measure':<22} | {'value':>9} | runs / note")
        print(f"|{'-' * 24}|{'-' * 11}|{'-' * 30}")
        for name, value, note in rows:
            print(f"| {name:<22} | {value:>9} | {note}")
        if opts.json:
            Path(opts.json).write_text(json.dumps({
                "sources": opts.sources, "warmup_s": warmup, "cold_s": cold, "warm_s": warm,
                "cold_cpu_s": cold_cpu, "warm_cpu_s": warm_cpu, "load_average": load,
                "floor_s": floor, "cold_median_s": cold_s, "warm_median_s": warm_s, "floor_median_s": floor_s,
                "speedup": ratio, "speedup_bound": cold_s / floor_s,
            }, indent=2) + "\n", encoding="utf-8")
        return 0
    finally:
        if opts.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
