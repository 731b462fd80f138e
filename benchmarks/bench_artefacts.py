"""Artefact detection on the development sets: per-category recall and false alarms, in one table.

1. Seeds: ``diffsrc compare seeds/`` scored by ``eval/score.py`` against the dev gold
   (``eval/gold-dev/artefacts.json``): recall of high-confidence artefacts, precision, and
   recall per category.
2. External (``eval/external/run.sh dev``): findings per 1,000 words on professionally written
   and translated news (English, French), and on MQM ``ted_zhen`` machine translation the false
   alarms per 1,000 words on clean segments, the share of error segments with a finding and the
   span precision beside its chance level.

Targets (issue 21) are printed beside each figure. The code measured is this checkout's.

    python3 benchmarks/bench_artefacts.py [--eval DIR] [--json results.json]

``--eval`` is the shared evaluation folder (with ``score.py``, ``gold-dev/`` and ``external/``);
by default ``$DIFFSRC_EVAL``, else the first ``shared/eval`` found above this checkout.
"""

from __future__ import annotations

import argparse
import json
import os
import stat
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

# (figure, target, True when higher is better)
TARGETS: tuple[tuple[str, float, bool], ...] = (
    ("seeds.art_recall_high", 0.85, True),
    ("seeds.art_precision", 0.90, True),
    ("mqm.false_alarms_per_1k_words_clean", 1.0, False),
    ("mqm.recall_err_segments_with_finding", 0.30, True),
    ("news.findings_per_1k_words_en", 0.5, False),
    ("news.findings_per_1k_words_fr", 0.5, False),
)


def eval_folder(given: str | None) -> Path:
    """The shared evaluation folder: given, ``$DIFFSRC_EVAL``, or ``shared/eval`` above ROOT."""
    if given or os.environ.get("DIFFSRC_EVAL"):
        return Path(given or os.environ["DIFFSRC_EVAL"])
    for parent in ROOT.parents:
        if (parent / "shared" / "eval" / "score.py").is_file():
            return parent / "shared" / "eval"
    raise SystemExit("bench_artefacts: no shared/eval folder found; pass --eval DIR")


def wrapper(tmp: Path) -> Path:
    """An executable running this checkout's diffsrc (the external runner wants one binary)."""
    path = tmp / "diffsrc"
    code = "import sys; from diffsrc.app.cli import run; sys.argv[0] = 'diffsrc'; run()"
    path.write_text(f'#!/bin/sh\nPYTHONPATH="{ROOT}" exec "{sys.executable}" -c "{code}" "$@"\n', encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def seeds_figures(binary: Path, ev: Path, tmp: Path) -> dict[str, float]:
    """The artefact figures of score.py on the seed corpus."""
    report = tmp / "seeds.json"
    subprocess.run([str(binary), "compare", str(ROOT / "seeds"), "--format", "json", "-o", str(report), "-q"],
                   check=True)
    out = subprocess.run([sys.executable, str(ev / "score.py"), str(report), "--json",
                          "--seeds", str(ROOT / "seeds")], check=True, capture_output=True, text=True)
    figures: dict[str, Any] = json.loads(out.stdout).get("figures", {})
    return {k: float(v) for k, v in figures.items() if k.startswith("art_") and isinstance(v, (int, float))}


def external_figures(binary: Path, ev: Path) -> dict[str, float]:
    """News findings per 1,000 words and the MQM ted_zhen figures of the external dev run."""
    env = {**os.environ, "DIFFSRC_BIN": str(binary)}
    out = subprocess.run([str(ev / "external" / "run.sh"), "dev"], check=False, capture_output=True,
                         text=True, env=env)
    data = json.loads(out.stdout)
    news = data["news"]["figures"]
    mqm = data["mqm"]["ted_zhen"]
    figures = {f"news.{k}": float(news[k]) for k in ("findings_per_1k_words_en", "findings_per_1k_words_fr")}
    for k in ("false_alarms_per_1k_words_clean", "recall_err_segments_with_finding", "span_precision_err",
              "span_coverage_err", "findings_per_1k_words_err"):
        figures[f"mqm.{k}"] = float(mqm[k])
    for cat, n in mqm.get("clean_findings_by_category", {}).items():
        figures[f"mqm.clean_findings[{cat}]"] = float(n)
    return figures


def table(figures: dict[str, float]) -> str:
    """The figures, one a line, with the target and whether it is met."""
    targets = {name: (goal, up) for name, goal, up in TARGETS}
    lines = [f"{'figure':48} {'value':>8}  target"]
    for name, value in figures.items():
        goal = targets.get(name)
        mark = ""
        if goal is not None:
            ok = value >= goal[0] if goal[1] else value <= goal[0]
            mark = f"{'>=' if goal[1] else '<='} {goal[0]:<5} {'ok' if ok else 'MISSED'}"
        elif name == "mqm.span_precision_err":
            chance = figures.get("mqm.span_coverage_err", 0.0)
            mark = f"> chance {chance} {'ok' if value > chance else 'MISSED'}"
        lines.append(f"{name:48} {value:8.3f}  {mark}")
    return "\n".join(lines)


def main() -> int:
    """Run both dev sets and print the table."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--eval", default=None, help="the shared evaluation folder")
    ap.add_argument("--json", default=None, help="also write the figures to this JSON file")
    args = ap.parse_args()
    ev = eval_folder(args.eval)
    with tempfile.TemporaryDirectory(prefix="diffsrc-bench-art-") as name:
        tmp = Path(name)
        binary = wrapper(tmp)
        figures = {f"seeds.{k}": v for k, v in seeds_figures(binary, ev, tmp).items()}
        figures.update(external_figures(binary, ev))
    print(table(figures))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
