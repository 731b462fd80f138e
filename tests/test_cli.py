"""The command line through typer's CliRunner: reports, exit codes and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from diffsrc import __version__
from diffsrc.app.cli import app

runner = CliRunner()

A = (
    "Ministers from five countries met in Lisbon on Wednesday to discuss fishing quotas.\n"
    "The talks lasted three hours, officials said, and will resume in March.\n"
)
B = (
    "Fishing ministers gathered in Lisbon on Thursday for talks on quotas.\n"
    "Officials said the meeting lasted three hours and would resume in March.\n"
)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    d = tmp_path / "corpus"
    d.mkdir()
    (d / "a.txt").write_text(A, encoding="utf-8")
    (d / "b.txt").write_text(B, encoding="utf-8")
    return d


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"diffsrc {__version__}"


def test_help_has_examples() -> None:
    result = runner.invoke(app, ["compare", "--help"])
    assert result.exit_code == 0
    assert "Examples" in result.output and "diffsrc compare seeds/" in result.output


def test_compare_writes_json(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    result = runner.invoke(app, ["compare", str(corpus), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["schema"] == "diffsrc.report/1"
    assert [s["path"] for s in report["sources"]] == [str(corpus / "a.txt"), str(corpus / "b.txt")]


def test_compare_default_folder_has_every_format(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["compare", str(corpus)])
    assert result.exit_code == 0, result.output
    out = tmp_path / "reports" / "corpus"
    assert (out / "report.json").is_file() and (out / "report.md").is_file() and (out / "index.html").is_file()
    assert "Sources" in result.output and "wrote" in result.output


@pytest.mark.parametrize(
    "fmt, name, check",
    [
        ("json", "x.json", lambda t: json.loads(t)["schema"] == "diffsrc.report/1"),
        ("md", "x.md", lambda t: t.startswith("#")),
        ("html", "x.html", lambda t: "<html" in t.lower() or "<!doctype" in t.lower()),
    ],
)
def test_compare_single_file_formats(corpus: Path, tmp_path: Path, fmt: str, name: str, check) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / name
    result = runner.invoke(app, ["compare", str(corpus), "-o", str(out), "--format", fmt, "-q"])
    assert result.exit_code == 0, result.output
    assert check(out.read_text(encoding="utf-8"))


def _one_line_error(result) -> str:  # type: ignore[no-untyped-def]
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert lines[0].startswith("diffsrc: error: ")
    assert "Traceback" not in result.output
    return lines[0]


@pytest.mark.parametrize(
    "make_args, message",
    [
        (lambda d: [str(d / "nope.txt"), str(d / "a.txt")], "no such file or folder"),
        (lambda d: [str(d / "a.txt")], "at least two sources"),
        (lambda d: [str(d / "a.txt"), str(d / "a.txt")], "at least two sources"),
        (lambda d: [str(d / "a.txt"), str(d / "empty.txt")], "is empty"),
        (lambda d: [str(d / "a.txt"), str(d / "image.txt")], "PNG image"),
        (lambda d: [str(d / "a.txt"), str(d / "bad16.txt")], "not valid utf-16"),
        (lambda d: [str(d / "a.txt"), str(d / "empty_dir")], "has no readable sources"),
        (lambda d: [str(d / "a.txt"), str(d / "b.txt"), "--max-size", "0.00001"], "over the"),
        (lambda d: [str(d / "a.txt"), str(d / "b.txt"), "--format", "pdf"], "unknown format"),
        (lambda d: [str(d / "a.txt"), str(d / "b.txt"), "--reference", "a"], "SOURCE=REFERENCE"),
    ],
)
def test_bad_input_one_line_exit_2(corpus: Path, make_args, message: str) -> None:  # type: ignore[no-untyped-def]
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (corpus / "bad16.txt").write_bytes(b"\xff\xfea\x00b")
    (corpus / "empty_dir").mkdir()
    result = runner.invoke(app, ["compare", *make_args(corpus), "-o", str(corpus / "out.json")])
    assert message in _one_line_error(result)
    assert not (corpus / "out.json").exists()


def test_duplicate_path_warns_and_is_read_once(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    a = str(corpus / "a.txt")
    result = runner.invoke(app, ["compare", a, a, str(corpus / "b.txt"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "given twice" in result.output
    assert len(json.loads(out.read_text())["sources"]) == 2


def test_failed_run_keeps_previous_report(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    out.write_text("previous report", encoding="utf-8")
    result = runner.invoke(app, ["compare", str(corpus / "a.txt"), str(tmp_path / "missing.txt"), "-o", str(out)])
    assert result.exit_code == 2
    assert out.read_text(encoding="utf-8") == "previous report"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_output_conflicts(corpus: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["compare", str(corpus), "-o", str(tmp_path / "x.json"), "--format", "md"])
    assert "is a .json file but --format asks for md" in _one_line_error(result)


def test_detectors_lists_every_registered_code() -> None:
    from diffsrc.analysis.detectors import selected

    result = runner.invoke(app, ["detectors"])
    assert result.exit_code == 0
    for det in selected():
        assert det.code in result.output


# The console script as a user runs it: what it printed and wrote must be complete, and its exit
# codes those of the command.
@pytest.mark.parametrize(
    ("args", "code", "stream", "expected"),
    [
        (["--version"], 0, "stdout", f"diffsrc {__version__}\n"),
        (["compare", "{corpus}/missing.txt", "{corpus}/a.txt"], 2, "stderr", "diffsrc: error: no such file"),
        (["check", "{corpus}", "--new", "{corpus}/a.txt", "--max-per-1000", "low=0", "--no-cache"], 1, "stdout", "FAILED"),
    ],
)
def test_console_script_exit_codes_and_output(corpus: Path, args: list[str], code: int, stream: str, expected: str) -> None:
    (corpus / "a.txt").write_text(A + "Les ministres ont dit que the the talks would resume.\n", encoding="utf-8")
    cmd = [sys.executable, "-m", "diffsrc.app.cli", *(a.format(corpus=corpus) for a in args)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert proc.returncode == code, proc.stderr
    assert expected in getattr(proc, stream)
    assert "Traceback" not in proc.stderr


def test_console_script_flushes_long_output() -> None:
    proc = subprocess.run([sys.executable, "-m", "diffsrc.app.cli", "detectors"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0
    assert proc.stdout == runner.invoke(app, ["detectors"]).output  # every line, nothing cut off
