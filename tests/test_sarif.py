"""Tests of diffsrc.report.sarif: validity against the official schema, regions, rules, fingerprints."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from diffsrc.app.check import Violation
from diffsrc.io.ingest import read_source
from diffsrc.model import Analysis, Claim, Evidence, Fact, Finding, Source
from diffsrc.report import sarif

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))

NEW_TEXT = (
    "The mayor opened the new bridge on Tuesday morning before a large crowd of residents.\n"
    "Officials said the works cost 12 million euros and took three years to complete.\n"
    "In the evening, the 𝔘nion of cyclists celebrated the cycle lane at the occasion of the opening.\n"
)
OLD_TEXT = (
    "The mayor inaugurated the bridge on Monday morning in front of hundreds of residents.\n"
    "According to officials, the project cost 12 million euros over three years.\n"
)


def _source(tmp_path: Path, name: str, text: str, monkeypatch: pytest.MonkeyPatch) -> Source:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return read_source(Path(name), name)


def _finding(source: Source, needle: str, code: str = "DS601", severity: str = "high", **kw: object) -> Finding:
    start = source.text.index(needle)
    return Finding(
        source=source.id, start=start, end=start + len(needle), text=needle, code=code,
        category="false_friend", severity=severity,  # type: ignore[arg-type]
        message="French calque", **kw,  # type: ignore[arg-type]
    )


def _claim(source: Source, needle: str, value: str) -> Claim:
    start = source.text.index(needle)
    para = source.paragraph_at(start)
    return Claim(source.id, para.index if para else 0, start, start + len(needle), needle, "weekday", value)


@pytest.fixture
def analysis(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Analysis:
    new = _source(tmp_path, "new.txt", NEW_TEXT, monkeypatch)
    old = _source(tmp_path, "old.txt", OLD_TEXT, monkeypatch)
    findings = (
        _finding(new, "at the occasion of", suggestion="on the occasion of",
                 evidence=(Evidence("the corpus says 'inaugurated'", old.id, 10, 21, old.text[10:21]),)),
        _finding(new, "cycle lane", code="DS702", severity="low"),
        _finding(old, "inaugurated", code="DS301", severity="medium"),
    )
    fact = Fact("contradiction", "weekday of the opening",
                (_claim(new, "Tuesday", "tuesday"), _claim(old, "Monday", "monday")),
                reason="weekday mismatch", confidence=0.9)
    return Analysis((new, old), (), findings, (fact,), (), {"detectors": {"DS601": "x@1", "DS702": "y@1", "DS301": "z@1"}})


def _validate(log: dict[str, object]) -> None:
    validator = jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def test_log_is_valid_against_the_official_schema(analysis: Analysis, tmp_path: Path) -> None:
    log = sarif.build(analysis, focus=frozenset({"new"}), fail_confidence=0.8, root=tmp_path)
    _validate(log)
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["tool"]["driver"]["name"] == "diffsrc"
    # The runner's checkout path stays out of the log (#20.8): relative URIs under %SRCROOT% only.
    assert "uri" not in run["originalUriBaseIds"]["%SRCROOT%"]
    assert str(tmp_path) not in json.dumps(log) and tmp_path.as_uri() not in json.dumps(log)


def test_rendered_text_is_the_same_log(analysis: Analysis, tmp_path: Path) -> None:
    text = sarif.render(analysis, focus=frozenset({"new"}), root=tmp_path)
    assert json.loads(text) == sarif.build(analysis, focus=frozenset({"new"}), root=tmp_path)


def test_only_focused_sources_get_results(analysis: Analysis, tmp_path: Path) -> None:
    results = sarif.build(analysis, focus=frozenset({"new"}), root=tmp_path)["runs"][0]["results"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert uris == {"new.txt"}
    assert sorted(r["ruleId"] for r in results) == ["DS601", "DS702", "DSC001"]


@pytest.mark.parametrize(
    "needle, line, col",
    [
        ("at the occasion of", 3, 65),  # after an astral character: code-point columns, not UTF-16
        ("cycle lane", 3, 54),
    ],
)
def test_regions_are_one_based_lines_and_code_point_columns(analysis: Analysis, tmp_path: Path, needle: str, line: int, col: int) -> None:
    results = sarif.build(analysis, focus=frozenset({"new"}), root=tmp_path)["runs"][0]["results"]
    (result,) = [r for r in results if r["locations"][0]["physicalLocation"]["region"].get("snippet", {}).get("text") == needle]
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (line, col)
    assert (region["endLine"], region["endColumn"]) == (line, col + len(needle))
    file_line = NEW_TEXT.split("\n")[line - 1]
    assert file_line[col - 1 : col - 1 + len(needle)] == needle


def test_levels_rules_and_metadata(analysis: Analysis, tmp_path: Path) -> None:
    run = sarif.build(analysis, focus=frozenset({"new"}), fail_confidence=0.8, root=tmp_path)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    by_id = {r["id"]: r for r in rules}
    assert {"DS601", "DS702", "DS301", "DSC001", "DSQ001", "DSQ002", "DSQ003"} <= set(by_id)
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"] and rule["help"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
        assert "category" in rule["properties"]
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels == {"DS601": "error", "DS702": "note", "DSC001": "error"}
    for r in run["results"]:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
    false_friend = next(r for r in run["results"] if r["ruleId"] == "DS601")
    assert "on the occasion of" in false_friend["message"]["text"]
    related = false_friend["relatedLocations"][0]
    assert related["physicalLocation"]["artifactLocation"]["uri"] == "old.txt"
    assert related["physicalLocation"]["region"]["snippet"]["text"] == "inaugurated"


def test_contradiction_below_the_failing_confidence_is_a_warning(analysis: Analysis, tmp_path: Path) -> None:
    results = sarif.build(analysis, focus=frozenset({"new"}), fail_confidence=0.95, root=tmp_path)["runs"][0]["results"]
    (contradiction,) = [r for r in results if r["ruleId"] == "DSC001"]
    assert contradiction["level"] == "warning"
    assert contradiction["relatedLocations"][0]["physicalLocation"]["region"]["snippet"]["text"] == "Monday"


def test_threshold_violations_become_error_results(analysis: Analysis, tmp_path: Path) -> None:
    violations = [
        Violation("new", "new.txt", "max_per_1000_words.high", "3 high-severity artefacts", 40.0, 1.0),
        Violation("new", "new.txt", "min_aligned_share", "only 10% aligned", 0.1, 0.2),
        Violation("new", "new.txt", "fail_on_contradiction_confidence", "1 contradiction", 0.9, 0.8),
    ]
    log = sarif.build(analysis, focus=frozenset({"new"}), violations=violations, root=tmp_path)
    _validate(log)
    rule_ids = [r["ruleId"] for r in log["runs"][0]["results"] if r["ruleId"].startswith("DSQ")]
    assert rule_ids == ["DSQ001", "DSQ002"]  # the contradiction is already a DSC001 result
    assert log["runs"][0]["properties"]["passed"] is False


def test_fingerprints_are_stable_and_distinct(analysis: Analysis, tmp_path: Path) -> None:
    first = sarif.build(analysis, focus=frozenset({"new"}), root=tmp_path)["runs"][0]["results"]
    second = sarif.build(analysis, focus=frozenset({"new"}), root=tmp_path)["runs"][0]["results"]
    prints = [r["partialFingerprints"]["diffsrcSpan/v1"] for r in first]
    assert prints == [r["partialFingerprints"]["diffsrcSpan/v1"] for r in second]
    assert len(set(prints)) == len(prints)


def test_paths_outside_the_root_are_absolute_file_uris(analysis: Analysis, tmp_path: Path) -> None:
    other_root = tmp_path / "elsewhere"
    other_root.mkdir()
    log = sarif.build(analysis, focus=frozenset({"new"}), root=other_root)
    _validate(log)
    loc = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert loc["uri"].startswith("file:///") and "uriBaseId" not in loc


def test_spaces_in_paths_are_percent_encoded() -> None:
    uri, base = sarif.artifact_uri("corpus/my article.txt", Path("."))
    assert (uri, base) == ("corpus/my%20article.txt", "%SRCROOT%")


def test_html_regions_point_into_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    html = (
        "<html><head><title>Bridge</title></head><body>\n<article>\n"
        "<p>The mayor opened the new bridge on Tuesday morning before a large crowd of residents.</p>\n"
        "<p>Officials said the works cost twelve million euros and took three years to finish.</p>\n"
        "</article></body></html>\n"
    )
    source = _source(tmp_path, "page.html", html, monkeypatch)
    found = _finding(source, "twelve million euros")
    missing = Finding(source.id, 0, 3, source.text[:3], "DS601", "x", "low", "m")
    log = sarif.build(Analysis((source,), (), (found, missing), (), (), {}), root=tmp_path)
    _validate(log)
    first, second = log["runs"][0]["results"]
    region = first["locations"][0]["physicalLocation"]["region"]
    line = html.split("\n")[region["startLine"] - 1]
    assert line[region["startColumn"] - 1 : region["endColumn"] - 1] == "twelve million euros"
    assert first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "page.html"
    del second  # "The" is found in the title too: either way the log stays valid


def test_empty_analysis_is_a_valid_log(tmp_path: Path) -> None:
    log = sarif.build(Analysis((), (), (), (), (), {}, ("nothing to check",)), root=tmp_path)
    _validate(log)
    assert log["runs"][0]["results"] == []
