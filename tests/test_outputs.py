"""Where reports go: ``-o`` and ``--format`` into targets, checked before any analysis."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from diffsrc.app import outputs
from diffsrc.errors import InputError


@pytest.mark.parametrize(
    "output, formats, expected",
    [
        ("r.json", [], [("json", "r.json", True)]),
        ("r.sarif", [], [("sarif", "r.sarif", True)]),
        ("r.SARIF", ["sarif"], [("sarif", "r.SARIF", True)]),
        ("r.md", ["markdown"], [("md", "r.md", True)]),
        ("r.md", ["MD", "md", "Markdown"], [("md", "r.md", True)]),
        ("out/", ["sarif", "json"], [("sarif", "out/report.sarif", False), ("json", "out/report.json", False)]),
        (None, [], [("html", "default", False), ("json", "default/report.json", False), ("md", "default/report.md", False)]),
        ("report.txt", ["json"], [("json", "report.txt", True)]),  # one --format says what the file holds
        ("report.txt/", ["json"], [("json", "report.txt/report.json", False)]),
        ("old.txt", [], [("html", "old.txt", False), ("json", "old.txt/report.json", False), ("md", "old.txt/report.md", False)]),
        ("run-2026.02", [], [("html", "run-2026.02", False), ("json", "run-2026.02/report.json", False),
                             ("md", "run-2026.02/report.md", False)]),  # a number is no extension
        ("r.HTM", [], [("html", "r.HTM", True)]),
        ("-", ["sarif"], [("sarif", "-", True)]),
        ("-", [], [("json", "-", True)]),
    ],
)
def test_plan_formats_and_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, output: str | None,
                                formats: list[str], expected: list[tuple[str, str, bool]]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "old.txt").mkdir()  # an existing folder keeps its name, whatever it looks like
    targets = outputs.plan(output, formats, Path("default"))
    assert [(t.format, t.path.as_posix(), t.single_file) for t in targets] == expected


@pytest.mark.parametrize(
    "output, formats, message",
    [
        ("r.json", ["pdf"], "unknown format 'pdf'; choose from html, json, md, sarif"),
        ("r.json", ["md"], "is a .json file but --format asks for md"),
        ("-", ["html", "json"], "writes one report to standard output"),
        ("afile/r.json", [], "'afile' is a file, not a folder"),
        ("afile/deeper/out/", [], "'afile' is a file, not a folder"),
        ("afile", [], "is an existing file"),
        ("report.txt", [], "-o 'report.txt': .txt is not a report format; give a .json, .md, .html or .sarif file, "
                           "one --format to write to 'report.txt', or 'report.txt/' for a folder"),
        ("out/r.pdf", ["html", "json"], ".pdf is not a report format"),
        ("", [], "-o is empty; give a .json, .md, .html or .sarif file, a folder, or - for standard output"),
        ("  ", ["json"], "-o is empty"),
    ],
)
def test_plan_refuses_before_the_analysis(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, output: str,
                                          formats: list[str], message: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "afile").write_text("x")
    with pytest.raises(InputError, match=message.replace(".", r"\.").replace("(", r"\(")):
        outputs.plan(output, formats, Path("default"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile"], "nothing is created on refusal"


def test_plan_refuses_a_folder_it_cannot_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # tests may run as root, for whom every folder is writable: ask os.access what it would say
    ro = tmp_path / "ro"
    ro.mkdir()
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p) == ro else real(p, mode))
    with pytest.raises(InputError, match=r"cannot write '.*ro/new/r\.json': folder '.*ro' is not writable"):
        outputs.plan(str(ro / "new" / "r.json"), [], Path("default"))
    assert outputs.plan(str(tmp_path / "new" / "r.json"), [], Path("default"))  # a missing folder is made later


def test_plan_refuses_stdout_when_it_is_closed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdout", None)
    with pytest.raises(InputError, match="standard output, which is closed"):
        outputs.plan("-", [], Path("default"))


@pytest.mark.parametrize(
    "value, message",
    [
        ("", "--sarif is empty; give the file to write"),
        ("folder", "--sarif 'folder' is a folder; give the file to write, e.g. 'folder/diffsrc.sarif'"),
        ("new/", "--sarif 'new/' is a folder"),
        ("afile/x.sarif", "'afile' is a file, not a folder"),
    ],
)
def test_report_file_refuses_before_the_analysis(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str, message: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "folder").mkdir()
    (tmp_path / "afile").write_text("x")
    with pytest.raises(InputError, match=message.replace(".", r"\.")):
        outputs.report_file("--sarif", value, "sarif")
    assert outputs.report_file("--sarif", "out/r.sarif", "sarif") == Path("out/r.sarif")  # a missing folder is made later
