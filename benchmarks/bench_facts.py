"""What fact comparison costs a seeds comparison (issue #19: at most 0.5 s).

Aligns the seeds once, then times (the budget judges the median) ``facts.find_facts`` (claims of every source, the
paragraph-level comparison and the claim kinds over matched sentences) and, alternating with it in
the same process, the claim kinds alone, ``--rounds`` times each; prints min/median/max.

    PYTHONPATH=. python benchmarks/bench_facts.py [FOLDER] [--rounds 7] [--json results.json]

The first round includes what a command pays once per process (the place-name tables).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from diffsrc.analysis import align, claims, facts
from diffsrc.analysis.claimkinds.compare import sentence_facts
from diffsrc.analysis.pipeline import Options
from diffsrc.io.ingest import load_sources

BUDGET = 0.5  # seconds


def main() -> int:
    """Print the timings; exit 1 when the median of fact comparison is over the budget."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", default=str(Path(__file__).resolve().parent.parent / "seeds"))
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = ap.parse_args()
    sources, _ = load_sources([args.folder])
    options = Options()
    alignments = tuple(align.Aligner.from_options(options).align(sources))
    times: dict[str, list[float]] = {"find_facts": [], "claim kinds": []}
    for _ in range(args.rounds):
        t = time.perf_counter()
        facts.find_facts(sources, alignments, options)
        times["find_facts"].append(time.perf_counter() - t)
        t = time.perf_counter()
        sentence_facts(sources, alignments, claims.surnames(sources))
        times["claim kinds"].append(time.perf_counter() - t)
    for name, xs in times.items():
        print(f"{name:12} first {xs[0]:.3f} s  min {min(xs):.3f} s  median {statistics.median(xs):.3f} s  max {max(xs):.3f} s")
    median = statistics.median(times["find_facts"])
    first = times["find_facts"][0]
    print(f"fact comparison: first {first:.3f} s, median {median:.3f} s (budget {BUDGET} s)")
    if args.json:
        figures = {name: {"first_s": xs[0], "median_s": statistics.median(xs), "min_s": min(xs), "max_s": max(xs)}
                   for name, xs in times.items()}
        args.json.write_text(json.dumps({**figures, "budget_s": BUDGET}, indent=2), encoding="utf-8")
    return 0 if median <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
