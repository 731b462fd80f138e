"""Benchmark of cost against input size: seconds per MB of ``diffsrc compare`` for 1, 3 and 10 MB.

Builds one large English article of the given size from perturbed seed paragraphs (words
dropped, sentences swapped, numbers changed: no two paragraphs identical, as in a long real
document), and compares it with one seed article, as a whole ``diffsrc compare`` process
(JSON report, ``-q``). Cost should grow linearly with size: seconds per MB stays about the same
from 1 to 10 MB. Each size runs ``--runs`` times, alternating sizes; medians are reported.

    python3 benchmarks/bench_size.py [--sizes 1,3,10] [--runs 1] [--bin diffsrc] [--json results.json]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_align import perturb, seed_paragraphs  # noqa: E402

MB = 1_000_000  # the unit of --max-size and of the limit message (decimal megabytes)


def big_article(size_mb: float, seed: int = 5) -> str:
    """An English text of about ``size_mb`` MB (UTF-8) of distinct, perturbed seed paragraphs."""
    pool = [t for t, lang in seed_paragraphs() if lang == "en"]
    rng = random.Random(seed)
    parts: list[str] = []
    size = 0
    while size < size_mb * MB:
        para = perturb(rng, rng.choice(pool))
        parts.append(para)
        size += len(para.encode("utf-8")) + 2
    return "\n\n".join(parts) + "\n"


def run_compare(binary: list[str], folder: Path, out: Path) -> float:
    """Wall time of one whole ``diffsrc compare`` process; fails loudly when it fails."""
    t0 = time.perf_counter()
    done = subprocess.run([*binary, "compare", str(folder), "-o", str(out), "-q", "--max-size", "100"],
                          capture_output=True, text=True, check=False)
    took = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(f"diffsrc compare failed (exit {done.returncode}): {done.stderr.strip()}")
    return took


def main() -> None:
    """Time each size, print seconds per MB, optionally write them as JSON."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1,3,10")
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--bin", default=f"{sys.executable} -m diffsrc.app.cli", help="the diffsrc command to time")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    sizes = [float(x) for x in args.sizes.split(",")]
    seeds = HERE.parent / "seeds"
    times: dict[float, list[float]] = {s: [] for s in sizes}
    with tempfile.TemporaryDirectory() as tmp:
        folders = {}
        for s in sizes:
            d = Path(tmp) / f"in-{s:g}"
            d.mkdir()
            (d / "big.txt").write_text(big_article(s), encoding="utf-8")
            (d / "seed.txt").write_text((seeds / "001_6be96d4c2ad0b9f1.txt").read_text(encoding="utf-8"), encoding="utf-8")
            folders[s] = d
        for _ in range(args.runs):
            for s in sizes:
                took = run_compare(args.bin.split(), folders[s], Path(tmp) / "out.json")
                times[s].append(took)
                print(f"{s:g} MB: {took:.1f} s ({took / s:.2f} s/MB)", flush=True)
    rows = {f"{s:g}MB": {"seconds": statistics.median(t), "s_per_mb": statistics.median(t) / s, "runs": t}
            for s, t in times.items()}
    print("\n| input | seconds (median) | s/MB |\n|---|---:|---:|")
    for name, r in rows.items():
        print(f"| {name} | {r['seconds']:.1f} | {r['s_per_mb']:.2f} |")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
