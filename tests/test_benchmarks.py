"""The benchmarks: the check benchmark times only real check results; every bench_*.py takes --json."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location("bench_check", Path(__file__).resolve().parent.parent / "benchmarks" / "bench_check.py")
assert _spec and _spec.loader
bench_check = importlib.util.module_from_spec(_spec)
sys.modules["bench_check"] = bench_check
_spec.loader.exec_module(bench_check)

RESULTS = {"version": "2.1.0", "runs": [{"results": [{"ruleId": "DS101"}]}]}


@pytest.mark.parametrize(
    ("returncode", "stderr", "sarif", "problem"),
    [
        (0, "", RESULTS, ""),
        (1, "Traceback (most recent call last):\nImportError: x", None, "exit code 1"),
        (1, "", RESULTS, "exit code 1"),  # with --exit-zero a finished check never exits 1
        (3, "diffsrc: internal error: KeyError", None, "exit code 3"),
        (0, "diffsrc: internal error: boom", RESULTS, "crashed"),
        (0, "", None, "no valid SARIF"),
        (0, "", "not json", "no valid SARIF"),
        (0, "", {"runs": [{"results": []}]}, "no results"),
    ],
)
def test_only_a_real_check_result_is_timed(tmp_path: Path, returncode: int, stderr: str, sarif: object, problem: str) -> None:
    out = tmp_path / "out.sarif"
    if sarif is not None:
        out.write_text(sarif if isinstance(sarif, str) else json.dumps(sarif), encoding="utf-8")
    got = bench_check.check_result(returncode, stderr, out)
    assert (problem in got and got) if problem else got == ""


def test_spread_is_min_median_max() -> None:
    assert bench_check.spread([3.0, 1.0, 2.0, 10.0, 0.5]) == "0.50 / 2.00 / 10.00"


BENCHMARKS = sorted((Path(__file__).resolve().parent.parent / "benchmarks").glob("bench_*.py"))


@pytest.mark.parametrize("script", BENCHMARKS, ids=[p.name for p in BENCHMARKS])
def test_every_benchmark_takes_the_json_option_run_py_passes(script: Path) -> None:
    out = subprocess.run([sys.executable, str(script), "--help"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "--json" in out.stdout
