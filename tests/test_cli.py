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


def test_compare_writes_sarif(corpus: Path, tmp_path: Path) -> None:
    for args in (["-o", str(tmp_path / "r.sarif")], ["-f", "sarif", "-o", str(tmp_path / "dir")]):
        result = runner.invoke(app, ["compare", str(corpus), *args, "-q"])
        assert result.exit_code == 0, result.output
    for path in (tmp_path / "r.sarif", tmp_path / "dir" / "report.sarif"):
        log = json.loads(path.read_text(encoding="utf-8"))
        assert log["version"] == "2.1.0" and log["runs"][0]["tool"]["driver"]["name"] == "diffsrc"


def test_detector_prefixes_are_case_insensitive(corpus: Path, tmp_path: Path) -> None:
    reports = []
    for prefix in ("DS3", "ds3"):
        out = tmp_path / f"{prefix}.json"
        result = runner.invoke(app, ["compare", str(corpus), "--select", prefix, "-o", str(out), "-q"])
        assert result.exit_code == 0, result.output
        reports.append(json.loads(out.read_text(encoding="utf-8"))["findings"])
    assert reports[0] == reports[1]


def test_unwritable_output_fails_before_the_analysis(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from diffsrc.analysis import pipeline

    def no_analysis(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the analysis ran although the report cannot be written")

    monkeypatch.setattr(pipeline, "run", no_analysis)
    (tmp_path / "afile").write_text("x")
    result = runner.invoke(app, ["compare", str(corpus), "-o", str(tmp_path / "afile" / "r.json")])
    assert "is a file, not a folder" in _one_line_error(result)


def test_output_with_another_extension_fails_before_the_analysis(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from diffsrc.analysis import pipeline

    def no_analysis(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the analysis ran although -o names no report format")

    monkeypatch.setattr(pipeline, "run", no_analysis)
    result = runner.invoke(app, ["compare", str(corpus), "-o", str(tmp_path / "report.txt")])
    assert ".txt is not a report format" in _one_line_error(result)
    assert not (tmp_path / "report.txt").exists(), "no folder named report.txt"


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
        (lambda d: [str(d / "a.txt")], "at least two different sources, got 1;"),
        (lambda d: [str(d / "a.txt"), str(d / "a.txt")], "a.txt' was given twice"),
        (lambda d: [str(d / "a.txt"), str(d / "empty.txt")], "is empty; give a file with article text; skipped)"),
        (lambda d: [str(d / "a.txt"), str(d / "image.txt")], "PNG image"),
        (lambda d: [str(d / "a.txt"), str(d / "bad16.txt")], "not valid utf-16"),
        (lambda d: [str(d / "a.txt"), str(d / "empty_dir")], "has no readable sources"),
        (lambda d: [str(d / "a.txt"), str(d / "b.txt"), "--max-size", "0.00001"], "over the"),
        (lambda d: [str(d / "a.txt"), str(d / "b.txt"), "--format", "pdf"], "unknown format"),
        (lambda d: [str(d / "a.txt"), str(d / "b.txt"), "--reference", "a"], "SOURCE=REFERENCE"),
        (lambda d: [str(d / "a.txt"), str(d / "b.txt"), "--select", "XX1"], "--select 'XX1' matches no detector code"),
        (lambda d: [str(d / "a.txt"), str(d / "b.txt"), "--disable", "ds9999"], "--disable 'ds9999' matches no"),
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


# --------------------------------------------------------------------------- issue 20: conventions (point 6)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _console(args: list[str], **kw) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    return subprocess.run([sys.executable, "-m", "diffsrc.app.cli", *args], capture_output=True, text=True, timeout=180, **kw)


def test_output_dash_writes_json_to_stdout(corpus: Path, tmp_path: Path) -> None:
    import os

    root = str(Path(__file__).resolve().parent.parent)  # this checkout's diffsrc, from another folder
    proc = _console(["compare", str(corpus), "-o", "-"], cwd=tmp_path, env={**os.environ, "PYTHONPATH": root})
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["schema"] == "diffsrc.report/1"  # nothing else on stdout
    assert "Sources" in proc.stderr  # the summary moved to stderr
    assert not (tmp_path / "-").exists() and not (tmp_path / "reports").exists()


@pytest.mark.parametrize(("fmt", "start"), [("md", "# diffsrc report"), ("json", "{")])
def test_output_dash_with_one_format(corpus: Path, fmt: str, start: str) -> None:
    result = runner.invoke(app, ["compare", str(corpus), "-o", "-", "--format", fmt, "-q"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(start)


def test_output_dash_refuses_several_formats(corpus: Path) -> None:
    result = runner.invoke(app, ["compare", str(corpus), "-o", "-", "--format", "md", "--format", "json"])
    assert "writes one report to standard output" in _one_line_error(result)


@pytest.mark.parametrize("args", [["-h"], ["compare", "-h"], ["check", "-h"]])
def test_short_help(args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 0 and "Usage" in result.output


def test_short_version() -> None:
    result = runner.invoke(app, ["-V"])
    assert (result.exit_code, result.output.strip()) == (0, f"diffsrc {__version__}")


def test_verbose_prints_timed_steps_on_stderr(corpus: Path, tmp_path: Path) -> None:
    proc = _console(["compare", str(corpus), "-o", str(tmp_path / "r.json"), "-v"])
    assert proc.returncode == 0, proc.stderr
    steps = [line for line in proc.stderr.splitlines() if line.startswith("diffsrc: [")]
    assert len(steps) >= 3 and steps[-1].endswith(" s] done")
    quiet = _console(["compare", str(corpus), "-o", str(tmp_path / "r.json")])
    assert quiet.stderr == ""  # not a terminal and no -v: no progress


def test_progress_on_a_terminal_only(corpus: Path, tmp_path: Path) -> None:
    import os
    import pty

    pid, fd = pty.fork()
    if pid == 0:  # the child: stderr (and stdout) is a terminal
        os.execv(sys.executable, [sys.executable, "-m", "diffsrc.app.cli", "compare", str(corpus), "-o", str(tmp_path / "r.json")])
    seen = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.waitpid(pid, 0)
    assert b"aligning" in seen or b"detectors" in seen or b"reading" in seen, seen[-500:]


@pytest.mark.parametrize("command", ["compare", "check"])
def test_help_examples_do_not_wrap_at_80_columns(command: str) -> None:
    import os

    proc = _console([command, "--help"], env={**os.environ, "COLUMNS": "80", "TERMINAL_WIDTH": "80"})
    assert proc.returncode == 0
    lines = proc.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    from diffsrc.app import cli

    examples = cli.COMPARE_EXAMPLES if command == "compare" else cli.CHECK_EXAMPLES
    commands = [line.strip() for line in examples.splitlines() if line.strip().startswith("diffsrc ")]
    assert commands and all(any(line.strip() == c for line in lines) for c in commands), proc.stdout


def _check_corpus(tmp_path: Path) -> Path:
    d = tmp_path / "cc"
    d.mkdir()
    (d / "a.txt").write_text(A + "Les ministres ont dit que the the talks would resume.\n", encoding="utf-8")
    (d / "b.txt").write_text(B, encoding="utf-8")
    return d


def test_check_quiet_prints_only_the_verdict(tmp_path: Path) -> None:
    d = _check_corpus(tmp_path)
    proc = _console(["check", str(d), "--new", str(d / "a.txt"), "--max-per-1000", "low=0", "--no-cache", "-q"])
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [proc.stdout.strip()] and proc.stdout.startswith("diffsrc check: FAILED")


@pytest.mark.parametrize(
    ("flags", "where"),
    [
        ([], "(default thresholds)"),
        (["--max-per-1000", "low=0"], "(flags: --max-per-1000 low=0)"),
        (["--fail-on-contradiction", "off", "--language", "en"], "(flags: --fail-on-contradiction off --language en)"),
    ],
)
def test_verdict_names_where_thresholds_come_from(tmp_path: Path, flags: list[str], where: str) -> None:
    d = _check_corpus(tmp_path)
    result = runner.invoke(app, ["check", str(d), "--new", str(d / "b.txt"), "--no-cache", *flags])
    verdict = result.stdout.strip().splitlines()[-1]
    assert verdict.endswith(where), verdict
    assert ("default thresholds" in verdict) is (not flags)


# --------------------------------------------------------------------------- issue 20: folders from the wild (point 7)


def test_empty_file_is_skipped_with_a_warning(corpus: Path, tmp_path: Path) -> None:
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "blank.md").write_text("  \n\n", encoding="utf-8")
    out = tmp_path / "r.json"
    result = runner.invoke(app, ["compare", str(corpus), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "empty.txt' is empty; give a file with article text; skipped" in result.output
    assert "blank.md' is empty" in result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    assert [s["id"] for s in report["sources"]] == ["a", "b"]
    assert any("empty.txt" in w for w in report["warnings"])


def test_identical_content_is_one_source_with_a_warning(corpus: Path, tmp_path: Path) -> None:
    (corpus / "c.txt").write_text(A, encoding="utf-8")  # the same bytes as a.txt
    out = tmp_path / "r.json"
    result = runner.invoke(app, ["compare", str(corpus), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "c.txt' has the same content as" in result.output and "it is left out" in result.output
    assert [s["id"] for s in json.loads(out.read_text())["sources"]] == ["a", "b"]


def test_copy_of_a_corpus_article_fails_the_check(tmp_path: Path) -> None:
    d = _check_corpus(tmp_path)
    (d / "copy.txt").write_text(B + "Reporting by the wire.\n", encoding="utf-8")  # a near copy of b.txt
    result = runner.invoke(app, ["check", str(d), "--new", str(d / "copy.txt"), "--no-cache"])
    assert result.exit_code == 1, result.output
    assert "copy of" in result.output and "[max_copy_share]" in result.output
    relaxed = runner.invoke(app, ["check", str(d), "--new", str(d / "copy.txt"), "--no-cache", "--max-copy-share", "off"])
    assert "[max_copy_share]" not in relaxed.output


# --------------------------------------------------------------------------- issue 20: hostile text (point 3)

# An OSC title change ended by BEL, a clear-screen CSI, a right-to-left override and a one-byte CSI.
HOSTILE = "\x1b]0;pwned\x07\x1b[2J\u202e\x9b"


def _hostile_corpus(tmp_path: Path) -> Path:
    d = tmp_path / "hostile"
    d.mkdir()
    en = (SEEDS / "001_6be96d4c2ad0b9f1.txt").read_text(encoding="utf-8")
    en = en.replace("expected to visit Ukraine on Thursday", f"expected to visit Ukraine{HOSTILE} on Thursday")
    (d / "en.txt").write_text(en, encoding="utf-8")
    (d / "fr.txt").write_text((SEEDS / "004_e27aae4586fdbcd1.txt").read_text(encoding="utf-8"), encoding="utf-8")
    return d


def _unsafe(text: str) -> list[str]:
    return sorted({ch for ch in text if (ord(ch) < 32 and ch not in "\n") or 0x7F <= ord(ch) <= 0x9F or ch == "\u202e"})


def test_no_control_character_reaches_terminal_or_ci_output(tmp_path: Path) -> None:
    d = _hostile_corpus(tmp_path)
    compare = _console(["compare", str(d), "-o", str(tmp_path / "out")])
    assert compare.returncode == 0, compare.stderr
    assert "Top contradictions" in compare.stdout and "\\x1b]0;pwned\\x07" in compare.stdout
    assert _unsafe(compare.stdout + compare.stderr) == []
    assert _unsafe((tmp_path / "out" / "report.md").read_text(encoding="utf-8")) == []
    sarif, md = tmp_path / "r.sarif", tmp_path / "r.md"
    check = _console(["check", str(d), "--new", str(d / "en.txt"), "--no-cache", "--sarif", str(sarif), "--markdown", str(md)])
    assert check.returncode == 1, check.stderr
    assert "DSC001" in check.stdout and "\\u202e" in check.stdout
    assert _unsafe(check.stdout + check.stderr) == []
    assert _unsafe(md.read_text(encoding="utf-8")) == []
    log = json.loads(sarif.read_text(encoding="utf-8"))

    def messages(value: object) -> list[str]:
        if isinstance(value, dict):
            found = [value["message"]["text"]] if isinstance(value.get("message"), dict) else []
            return found + [m for v in value.values() for m in messages(v)]
        return [m for v in value for m in messages(v)] if isinstance(value, list) else []

    texts = messages(log)
    assert any("pwned" in t for t in texts) and _unsafe(" ".join(texts)) == []


# --------------------------------------------------------------------------- issue 20: small ones (point 8)


def test_ctrl_c_says_interrupted_and_exits_130(tmp_path: Path) -> None:
    import signal
    import time

    big = tmp_path / "big"
    big.mkdir()
    para = (SEEDS / "002_4dfd6d3925d69ff8.txt").read_text(encoding="utf-8")
    (big / "a.txt").write_text("\n\n".join(f"{para} ({i})" for i in range(60)), encoding="utf-8")
    (big / "b.txt").write_text((SEEDS / "000_305715bc02e0627c.txt").read_text(encoding="utf-8"), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "diffsrc.app.cli", "compare", str(big), "-o", str(tmp_path / "r.json"),
                             "--max-size", "5"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(2.5)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert err.strip().splitlines()[-1] == "diffsrc: interrupted" and "Traceback" not in err
    assert not (tmp_path / "r.json").exists()
