"""Benchmark of paragraph alignment at scale, and of ``diffsrc compare seeds/`` end to end.

1. Scale: builds synthetic corpora of 25, 50, 100 and 200 sources x 40 paragraphs by
   recombining and perturbing the seed paragraphs (English and French: each source draws
   paragraphs from all seeds, drops words, swaps sentences and changes a number now and then),
   and times ``Aligner().align`` on each in a fresh process, reporting the peak resident memory
   of that process. Nothing large is written: corpora live in memory. Targets (issue 3): 200
   sources under 60 s and 2 GB on 2 cores, and time growing with the number of plausible links,
   not with (sources x paragraphs)^2.
2. End to end: median wall time of 5 whole ``diffsrc compare seeds/`` processes (default
   pipeline, HTML + JSON reports). Target: under 2 s. A first run before them starts with an
   empty user cache (``DIFFSRC_CACHE_HOME``), as after installing, and is reported apart: it
   builds the word-frequency index and compiles the templates that later runs reuse.

    python3 benchmarks/bench_align.py [--sizes 25,50,100,200] [--runs 5] [--json results.json]
"""

from __future__ import annotations

import argparse
import compileall
import hashlib
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
PARAGRAPHS = 40


def seed_paragraphs() -> list[tuple[str, str]]:
    """(text, language) of every body-like paragraph of the seeds (8 words or more)."""
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        lang = "fr" if path.name.startswith("004") else "en"
        for line in path.read_text(encoding="utf-8").splitlines():
            if len(line.split()) >= 8:
                out.append((line.strip(), lang))
    return out


def perturb(rng: random.Random, text: str) -> str:
    """Drop a few words, sometimes swap two sentences, sometimes change one number."""
    sentences = re.split(r"(?<=[.!?])\s+", text)
    if len(sentences) > 1 and rng.random() < 0.3:
        i = rng.randrange(len(sentences) - 1)
        sentences[i], sentences[i + 1] = sentences[i + 1], sentences[i]
    words = " ".join(sentences).split()
    words = [w for w in words if rng.random() > 0.05] or words
    if rng.random() < 0.2:
        nums = [i for i, w in enumerate(words) if w.isdigit()]
        if nums:
            i = rng.choice(nums)
            words[i] = str(int(words[i]) + rng.randint(1, 9))
    return " ".join(words)


def synthetic_sources(n: int, seed: int = 11) -> list:  # type: ignore[type-arg]
    """``n`` in-memory sources of ``PARAGRAPHS`` paragraphs each."""
    sys.path.insert(0, str(ROOT))
    from diffsrc.ingest import split_sentences
    from diffsrc.model import Paragraph, Source

    pool = seed_paragraphs()
    rng = random.Random(seed)
    sources = []
    for k in range(n):
        picked = rng.sample(pool, PARAGRAPHS)
        texts = [perturb(rng, t) for t, _ in picked]
        text = "\n\n".join(texts) + "\n"
        paras, pos = [], 0
        for i, (t, (_, lang)) in enumerate(zip(texts, picked, strict=True)):
            start = text.index(t, pos)
            end = start + len(t)
            paras.append(Paragraph(i, start, end, lang, "body", split_sentences(text, start, end)))
            pos = end
        majority = "fr" if sum(p.lang == "fr" for p in paras) > PARAGRAPHS / 2 else "en"
        sha = hashlib.sha256(text.encode()).hexdigest()
        sources.append(Source(f"synthetic-{k:03d}", f"synthetic-{k:03d}.txt", text, sha, majority, "utf-8", "text", tuple(paras)))
    return sources


def measure_scale(n: int) -> dict[str, float]:
    """Align ``n`` synthetic sources in this process; time, links and peak memory."""
    sys.path.insert(0, str(ROOT))
    from diffsrc import align

    sources = synthetic_sources(n)
    aligner = align.Aligner()
    cpu_before = sum(
        u.ru_utime + u.ru_stime for u in (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN))
    )
    start = time.perf_counter()
    aligner.load_features(sources)
    features_s = time.perf_counter() - start
    links = aligner.align(sources)
    total = time.perf_counter() - start
    peak_kb = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    cpu = sum(
        u.ru_utime + u.ru_stime for u in (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN))
    )
    return {
        "sources": n,
        "paragraphs": n * PARAGRAPHS,
        "pairs": n * (n - 1) // 2,
        "links": len(links),
        "features_s": round(features_s, 3),
        "align_s": round(total, 3),
        "cpu_s": round(cpu - cpu_before, 3),
        "peak_mb": round(peak_kb / 1024, 1),
    }


def run_child(n: int) -> dict[str, float]:
    """``measure_scale(n)`` in a fresh interpreter, so memory and warm-up are per size."""
    code = f"import json, sys; sys.path.insert(0, {str(ROOT / 'benchmarks')!r}); import bench_align as b; print(json.dumps(b.measure_scale({n})))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def time_compare(runs: int) -> tuple[float, list[float]]:
    """Wall-clock seconds of whole ``diffsrc compare seeds/`` processes writing HTML and JSON:
    the first run with an empty user cache (as after installing), then ``runs`` more."""
    times = []
    # Byte-compiled like an installed package (pip compiles on install); with
    # PYTHONDONTWRITEBYTECODE set, stale bytecode would otherwise be recompiled in every run.
    compileall.compile_dir(ROOT / "diffsrc", quiet=1)
    with tempfile.TemporaryDirectory(prefix="diffsrc-bench-align-") as tmp:
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
            "DIFFSRC_CACHE_HOME": str(Path(tmp) / "user-cache"),  # starts empty
        }
        for i in range(runs + 1):
            out = Path(tmp) / f"run-{i}"
            cmd = [sys.executable, "-m", "diffsrc.cli", "compare", str(SEEDS), "-o", str(out), "-f", "html", "-f", "json", "-q"]
            start = time.perf_counter()
            done = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=tmp)
            times.append(time.perf_counter() - start)
            if done.returncode not in (0, 1):
                raise SystemExit(f"diffsrc compare failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    return times[0], times[1:]


def main(argv: list[str] | None = None) -> int:
    """Run both benchmarks and print tables."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="25,50,100,200", help="comma-separated numbers of sources")
    ap.add_argument("--runs", type=int, default=5, help="runs of diffsrc compare seeds/ (median reported)")
    ap.add_argument("--json", help="also write the figures to this JSON file")
    opts = ap.parse_args(argv)

    rows = [run_child(int(n)) for n in opts.sizes.split(",") if n.strip()]
    print(f"\nalignment scale: synthetic sources x {PARAGRAPHS} paragraphs, EN+FR, one process per size, {os.cpu_count()} cpus")
    print(f"(load average at start: {os.getloadavg()[0]:.1f}; 'cpu s' is user+system time of the process and its workers)")
    print("| sources | paragraphs | source pairs |   links | features s | align s (total) | cpu s | peak MB |")
    print("|--------:|-----------:|-------------:|--------:|-----------:|----------------:|------:|--------:|")
    for r in rows:
        print(
            f"| {r['sources']:>7} | {r['paragraphs']:>10} | {r['pairs']:>12} | {r['links']:>7} | {r['features_s']:>10.2f} |"
            f" {r['align_s']:>15.2f} | {r['cpu_s']:>5.1f} | {r['peak_mb']:>7.0f} |"
        )
    for prev, cur in zip(rows, rows[1:], strict=False):
        growth = cur["align_s"] / prev["align_s"] if prev["align_s"] else float("inf")
        print(f"  {prev['sources']} -> {cur['sources']} sources: time x{growth:.1f} (pairs x{cur['pairs'] / max(prev['pairs'], 1):.1f})")
    big = rows[-1] if rows else None
    if big:
        ok = big["align_s"] < 60 and big["peak_mb"] < 2048
        print(f"  {big['sources']} sources: {big['align_s']:.1f} s, {big['peak_mb']:.0f} MB -> {'OK' if ok else 'OVER TARGET'} (60 s, 2 GB)")

    first, times = time_compare(opts.runs)
    med = statistics.median(times)
    print(f"\ndiffsrc compare seeds/ (whole process, HTML + JSON), {opts.runs} runs after a first one")
    print("| median | runs | target | first run (empty user cache) |")
    print("|-------:|------|--------|-----------------------------:|")
    print(f"| {med:.2f} s | {' '.join(f'{t:.2f}' for t in times)} | < 2 s: {'OK' if med < 2 else 'OVER'} | {first:.2f} s |")
    if opts.json:
        Path(opts.json).write_text(json.dumps(
            {"scale": rows, "compare_first_s": first, "compare_s": times, "compare_median_s": med}, indent=2,
        ) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
