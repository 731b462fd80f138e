"""Benchmark of ``diffsrc check``: one new source against a cached corpus of 200 sources.

Builds a synthetic corpus in a temporary folder from the paragraphs of the seed articles
(each synthetic source takes a seed's body paragraphs in order, drops some, reorders the
sentences of others and appends a paragraph from another seed), warms the cache as a previous
pull request would (``diffsrc check CORPUS --new`` one corpus file), then times whole processes of

    diffsrc check CORPUS --new NEW.txt --cache-dir CACHE --exit-zero --sarif OUT

with a cold (empty) cache and with the warm one. The new source is never in the cache. A run
counts only when it is a real check result: exit code 0 (``--exit-zero``), no internal error,
and a SARIF file with results; anything else stops the benchmark. Figures are printed beside
absolute budgets and, with ``--baseline DIR`` (another checkout, e.g. ``git worktree add
/tmp/base v0.1``), beside that code's figures measured in the same run, rounds alternating, so
the machine's drift between minutes hits both alike.

    python3 benchmarks/bench_check.py [--sources 200] [--repeat 5] [--baseline DIR] [--json results.json]
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
from dataclasses import dataclass
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


BUDGET_WARM_S = 2.0  # issue 18: a warm check of one new source against 200 sources
BUDGET_COLD_S = 30.0  # the same check with an empty cache
BUDGET_AB = 1.10  # issue 17: within 10% of the baseline's warm median


@dataclass(frozen=True)
class Code:
    """One version of diffsrc to time: a frozen copy of its package and templates."""

    name: str
    path: Path

    @property
    def cli(self) -> str:
        """The module that runs the command line in this version (``app/cli.py`` since the package was layered)."""
        return "diffsrc.app.cli" if (self.path / "diffsrc" / "app" / "cli.py").is_file() else "diffsrc.cli"


def snapshot(checkout: Path, target: Path) -> Path:
    """A frozen copy of a checkout's diffsrc package to run, so edits to the work tree during a
    long run cannot change the code (and with it every cache key) between warm-up and timings."""
    shutil.copytree(checkout / "diffsrc", target / "diffsrc", ignore=shutil.ignore_patterns("__pycache__"))
    if (checkout / "templates").is_dir():
        shutil.copytree(checkout / "templates", target / "templates")
    # Byte-compiled like an installed package (pip compiles on install): otherwise every timed
    # process would compile diffsrc's modules again when PYTHONDONTWRITEBYTECODE is set.
    compileall.compile_dir(target / "diffsrc", quiet=1)
    return target


def restore(pristine: Path, cache: Path) -> None:
    """Make ``cache`` exactly the ``pristine`` copy again (what a timed run changed is dropped)."""
    shutil.rmtree(cache, ignore_errors=True)
    shutil.copytree(pristine, cache)


@dataclass(frozen=True)
class Timing:
    """Wall-clock and CPU (user + system) seconds of one whole process."""

    wall: float
    cpu: float


def run_check(code: Code, args: list[str], sarif: Path, cwd: Path, timeout: float) -> Timing:
    """Time one ``diffsrc check`` process of ``code``; stop unless it gave a real check result."""
    env = {**os.environ, "PYTHONPATH": str(code.path) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    sarif.unlink(missing_ok=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", code.cli, *args, "--exit-zero", "-q", "--sarif", str(sarif)],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout,
    )
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    problem = check_result(done.returncode, done.stderr, sarif)
    if problem:
        raise SystemExit(f"{code.name}: diffsrc {' '.join(args)}: {problem}")
    return Timing(elapsed, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)


def check_result(returncode: int, stderr: str, sarif: Path) -> str:
    """Why a run is not a real check result ('' when it is). With ``--exit-zero`` a check that
    ran exits 0 whatever it found; a crash exits non-zero or leaves no SARIF."""
    if returncode != 0:
        return f"exit code {returncode}, not a check result: {stderr.strip()[-500:]}"
    if "Traceback" in stderr or "internal error" in stderr:
        return f"crashed: {stderr.strip()[-500:]}"
    try:
        runs = json.loads(sarif.read_text(encoding="utf-8"))["runs"]
    except (OSError, ValueError, KeyError) as exc:
        return f"no valid SARIF written ({exc})"
    if not runs or not runs[0].get("results"):
        return "the SARIF holds no results (the new source has known artefacts)"
    return ""


def spread(values: list[float]) -> str:
    """min / median / max of a list of seconds."""
    return f"{min(values):.2f} / {statistics.median(values):.2f} / {max(values):.2f}"


def main(argv: list[str] | None = None) -> int:
    """Build the corpus, warm each code's cache, time cold and warm checks, print a table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sources", type=int, default=200, help="corpus size (default 200)")
    ap.add_argument("--repeat", type=int, default=5, help="timed warm runs of each code (alternating)")
    ap.add_argument("--cold", type=int, default=2, help="timed cold runs of each code")
    ap.add_argument("--baseline", type=Path, help="another checkout of diffsrc to time in the same run")
    ap.add_argument("--timeout", type=float, default=1800, help="seconds allowed for one process")
    ap.add_argument("--json", help="also write the figures to this JSON file")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    opts = ap.parse_args(argv)
    if opts.repeat < 1 or opts.cold < 1:
        ap.error("--repeat and --cold need at least one run each (the budgets judge medians)")
    if opts.baseline and not (opts.baseline / "diffsrc").is_dir():
        ap.error(f"--baseline {opts.baseline}: no diffsrc/ package there")

    tmp = Path(tempfile.mkdtemp(prefix="diffsrc-bench-check-"))
    try:
        codes = [Code("this", snapshot(ROOT, tmp / "code-this"))]
        if opts.baseline:
            codes.append(Code("baseline", snapshot(opts.baseline.resolve(), tmp / "code-baseline")))
        corpus = build_corpus(tmp, opts.sources)
        new = tmp / "incoming" / "new-source.txt"
        last = sorted(corpus.glob("*.txt"))[-1]
        check_new = ["check", str(corpus), "--new", str(new)]
        print(f"corpus: {opts.sources} synthetic sources in {corpus}", flush=True)
        cold: dict[str, list[Timing]] = {c.name: [] for c in codes}
        warm: dict[str, list[Timing]] = {c.name: [] for c in codes}
        sarifs: dict[str, bytes] = {}
        for code in codes:
            # The cache a previous pull request leaves behind: checking one corpus file against the
            # others stores every source's per-source work (ingestion, alignment features, claims).
            cache = tmp / f"pristine-{code.name}"
            t = run_check(code, ["check", str(corpus), "--new", str(last), "--cache-dir", str(cache)], tmp / "w.sarif", tmp, opts.timeout)
            print(f"{code.name}: warm-up (check of one corpus file, fills the per-source cache): {t.wall:.1f} s", flush=True)
        for i in range(max(opts.repeat, opts.cold)):
            for code in codes if i % 2 == 0 else codes[::-1]:
                out = tmp / f"{code.name}.sarif"
                if i < opts.cold:
                    cold_dir = tmp / f"cold-{code.name}"
                    cold[code.name].append(run_check(code, [*check_new, "--cache-dir", str(cold_dir)], out, tmp, opts.timeout))
                    shutil.rmtree(cold_dir, ignore_errors=True)
                    sarifs[code.name] = out.read_bytes()
                if i < opts.repeat:
                    cache = tmp / f"cache-{code.name}"
                    restore(tmp / f"pristine-{code.name}", cache)
                    warm[code.name].append(run_check(code, [*check_new, "--cache-dir", str(cache)], out, tmp, opts.timeout))
                    # The cache must only save time: the warm check reports exactly what the cold one does.
                    if code.name in sarifs and out.read_bytes() != sarifs[code.name]:
                        raise SystemExit(f"{code.name}, round {i + 1}: the warm check's SARIF differs from the cold check's")
        return report(opts, codes, cold, warm)
    finally:
        if opts.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def report(opts: argparse.Namespace, codes: list[Code], cold: dict[str, list[Timing]], warm: dict[str, list[Timing]]) -> int:
    """Print the table (and the JSON file); 1 when a budget is missed."""
    med = {name: statistics.median(t.wall for t in runs) for name, runs in warm.items()}
    rows = []
    ok = True
    for code in codes:
        w, c = warm[code.name], cold[code.name]
        w_ok, c_ok = med[code.name] <= BUDGET_WARM_S, statistics.median(t.wall for t in c) <= BUDGET_COLD_S
        if code.name == "this":
            ok = ok and w_ok and c_ok
        rows.append((code.name, "warm", spread([t.wall for t in w]), f"{statistics.median(t.cpu for t in w):.2f}",
                     f"<= {BUDGET_WARM_S:g} s: {'yes' if w_ok else 'NO'}"))
        rows.append((code.name, "cold", spread([t.wall for t in c]), f"{statistics.median(t.cpu for t in c):.2f}",
                     f"<= {BUDGET_COLD_S:g} s: {'yes' if c_ok else 'NO'}"))
    if "baseline" in med:
        ratio = med["this"] / med["baseline"]
        ok = ok and ratio <= BUDGET_AB
        rows.append(("this/baseline", "warm", f"{ratio:.3f}", "", f"<= {BUDGET_AB:g}: {'yes' if ratio <= BUDGET_AB else 'NO'}"))
    print(f"\ndiffsrc check: 1 new source vs {opts.sources}-source corpus, whole process; "
          f"{opts.repeat} warm and {opts.cold} cold runs per code, alternating; load average {os.getloadavg()[0]:.1f}")
    print(f"| {'code':<13} | {'cache':<5} | {'wall s min / median / max':<25} | {'CPU s':>5} | budget")
    print(f"|{'-' * 15}|{'-' * 7}|{'-' * 27}|{'-' * 7}|{'-' * 20}")
    for name, kind, wall, cpu, budget in rows:
        print(f"| {name:<13} | {kind:<5} | {wall:<25} | {cpu:>5} | {budget}")
    if opts.json:
        Path(opts.json).write_text(json.dumps({
            "sources": opts.sources,
            "warm_s": {k: [t.wall for t in v] for k, v in warm.items()},
            "cold_s": {k: [t.wall for t in v] for k, v in cold.items()},
            "warm_median_s": med, "budgets": {"warm_s": BUDGET_WARM_S, "cold_s": BUDGET_COLD_S, "ab": BUDGET_AB},
            "within_budgets": ok,
        }, indent=2) + "\n", encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
