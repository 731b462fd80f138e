"""The Markdown report: content, ranking, escaping of untrusted text, links into the HTML report."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from diffsrc.app import outputs
from diffsrc.report import html, markdown, quoted
from tests.report_fixtures import corpus


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain words", "plain words"),
        ("a | b", r"a \| b"),
        ("[x](javascript:alert(1))", r"\[x\](javascript:alert(1))"),
        ("![img](http://e.x/b.png)", "!\\[img\\](http:\u2060//e.x/b.png)"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("**bold** _it_ `code` ~strike~", r"\*\*bold\*\* \_it\_ \`code\` \~strike\~"),
        ("cost $5 and $6", r"cost \$5 and \$6"),
        ("ping @someone", "ping @\u2060someone"),
        ("line one\n\n# heading\tnext", "line one # heading next"),
        ("&lt; stays &amp;", "&amp;lt; stays &amp;amp;"),
        ("back\\slash", "back\\\\slash"),
    ],
)
def test_escape(text: str, expected: str) -> None:
    assert markdown.escape(text) == expected


def test_escape_clips_long_quotes() -> None:
    out = markdown.escape("word " * 100, 40)
    assert len(out) <= 40 and out.endswith("…")


def _table_rows(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("|")]


def test_summary_contradictions_and_worst_artefacts() -> None:
    text = markdown.render(corpus())
    assert text.startswith("# diffsrc report\n")
    assert "3 contradictions between Carrow Gazette, Le Courrier du Port and Northern Wire on" in text
    sources = text.index("## Sources")
    contra = text.index("## Top contradictions (3)")
    omit = text.index("## Omissions (1)")
    worst = text.index("## Worst artefacts (9)")
    assert sources < contra < omit < worst
    ranked = re.findall(r"^\d+\. \*\*(.+?)\*\*", text[contra:omit], re.M)
    assert ranked == ["Day the strike began", "Number of daily crossings", "Day talks resume"]
    assert "   - Le Courrier du Port (fr): “ont cessé le travail mercredi”" in text
    worst_rows = _table_rows(text[worst:])[2:]
    assert [r.split("|")[1].strip() for r in worst_rows] == ["high"] * 2 + ["medium"] * 3 + ["low"] * 4
    assert "| Northern Wire | en | 2031-05-06 | 74 | 108.1 | 2 | likely machine-translated |" in text
    assert "](" not in text, "no links without an HTML report"


def test_untrusted_text_cannot_break_out() -> None:
    text = markdown.render(corpus(hostile=True))
    assert "<script" not in text and "<img" not in text
    assert "{{ 8\\*8 }}" in text or "{{ 8*8 }}" not in text
    for block in text.split("\n\n"):
        rows = _table_rows(block)
        if rows:
            widths = {len(re.findall(r"(?<!\\)\|", r)) for r in rows}
            assert len(widths) == 1, f"a cell opened a column: {rows}"


def test_links_into_a_folder_report(tmp_path: Path) -> None:
    targets = outputs.plan(str(tmp_path) + "/", ["html", "md"], tmp_path)
    outputs.write(corpus(), targets)
    text = (tmp_path / "report.md").read_text("utf-8")
    links = re.findall(r"\]\(([^)\s]+)\)", text)
    assert "index.html" in links and "side-by-side.html" in links
    assert any(link.startswith("sources/wire-en.html#src-f") for link in links)
    for link in links:
        page, _, anchor = link.partition("#")
        target = tmp_path / page
        assert target.is_file(), link
        if anchor:
            assert f'id="{anchor}"' in target.read_text("utf-8"), link


def test_links_into_a_single_file_report(tmp_path: Path) -> None:
    html.write(corpus(), tmp_path / "report.html", single_file=True)
    text = markdown.render(corpus(), html_path="report.html", html_single=True)
    page = (tmp_path / "report.html").read_text("utf-8")
    links = re.findall(r"\]\(([^)\s]+)\)", text)
    assert links and all(link.startswith("report.html#") for link in links)
    for link in links:
        assert f'id="{link.partition("#")[2]}"' in page, link


def test_deterministic_with_optional_timestamp() -> None:
    assert markdown.render(corpus()) == markdown.render(corpus())
    assert "UTC" not in markdown.render(corpus())
    assert "on 2031-05-06 10:00 UTC" in markdown.render(corpus(), timestamp="2031-05-06 10:00 UTC")


@pytest.mark.parametrize(
    "items, most, expected",
    [
        ([], 6, ""),
        (["a"], 6, "a"),
        (["a", "b", "c"], 3, "a, b, c"),
        (["a", "b", "c", "d", "e"], 2, "a, b and 3 more"),
    ],
)
def test_long_lists_in_a_headline_name_the_first_few(items: list[str], most: int, expected: str) -> None:
    from diffsrc.report import listed

    assert listed(items, most) == expected


@pytest.mark.parametrize(
    "text, shown",
    [
        ("a quote", "“a quote”"),
        ("“", "‘“’"),  # a finding on a quotation mark is not drowned in more of them
        ("« ”", "‘« ”’"),
        ("“it’s”", "‹“it’s”›"),
        ("“‘‹›’”", "\"“‘‹›’”\""),
    ],
)
def test_quoted_picks_marks_the_text_does_not_hold(text: str, shown: str) -> None:
    assert quoted(text) == shown
