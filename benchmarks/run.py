"""Run every ``benchmarks/bench_*.py`` and print one summary table.

Each benchmark is run as its own process with ``--json FILE`` (every bench script accepts it)
and its own output is shown as it comes; the summary lists, per benchmark, its wall time, exit
status and the numeric figures it wrote (flattened, e.g. ``scale.3.align_s``).

    python3 benchmarks/run.py [-k NAME] [-- extra args passed to every benchmark]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def flatten(value: Any, prefix: str = "") -> dict[str, float]:
    """Numeric leaves of a JSON value, keyed by their dotted path."""
    out: dict[str, float] = {}
    if isinstance(value, bool):
        return out
    if isinstance(value, (int, float)):
        out[prefix or "value"] = float(value)
    elif isinstance(value, dict):
        for k, v in value.items():
            out.update(flatten(v, f"{prefix}.{k}" if prefix else str(k)))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out.update(flatten(v, f"{prefix}.{i}" if prefix else str(i)))
    return out


def run_one(script: Path, extra: list[str]) -> tuple[int, float, dict[str, float]]:
    """Run one benchmark; its exit code, wall seconds and reported figures."""
    with tempfile.TemporaryDirectory(prefix="diffsrc-bench-") as tmp:
        result = Path(tmp) / "result.json"
        start = time.perf_counter()
        code = subprocess.call([sys.executable, str(script), "--json", str(result), *extra])
        elapsed = time.perf_counter() - start
        figures: dict[str, float] = {}
        if result.is_file():
            try:
                figures = flatten(json.loads(result.read_text(encoding="utf-8")))
            except json.JSONDecodeError:
                figures = {}
    return code, elapsed, figures


def main(argv: list[str] | None = None) -> int:
    """Run the selected benchmarks; exit 1 when one of them failed."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-k", dest="select", default="", help="only benchmarks whose file name contains this")
    ap.add_argument("extra", nargs="*", help="arguments passed to every benchmark (after --)")
    opts = ap.parse_args(argv)
    scripts = [p for p in sorted(HERE.glob("bench_*.py")) if opts.select in p.name]
    if not scripts:
        print(f"no benchmark matches {opts.select!r}", file=sys.stderr)
        return 2
    rows = []
    for script in scripts:
        print(f"\n=== {script.name} ===", flush=True)
        rows.append((script.name, *run_one(script, opts.extra)))
    print("\n=== summary ===")
    print(f"| {'benchmark':<22} | status | wall s | figures")
    print(f"|{'-' * 24}|--------|--------|{'-' * 40}")
    for name, code, elapsed, figures in rows:
        shown = ", ".join(f"{k}={v:g}" for k, v in list(figures.items())[:40])
        print(f"| {name:<22} | {'ok' if code == 0 else f'rc={code}':<6} | {elapsed:6.1f} | {shown}")
    return 0 if all(code == 0 for _, code, _, _ in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
