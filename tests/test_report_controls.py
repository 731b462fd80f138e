"""Control characters in source text never reach a rendered report raw (every renderer, one table).

Scraped text may carry terminal escape sequences (colour codes, an OSC title ended by BEL),
backspaces and bidi overrides; each renderer that shows source text escapes or names them.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from diffsrc.model import Alignment, Analysis, Fact, IngestIssue, ParaRef, SourceMeta, SourceSummary
from diffsrc.outcome import CheckConfig, CheckResult, SourceCheck, Violation
from diffsrc.report import check_summary, html, json_report, markdown, sarif, terminal
from tests.report_fixtures import claim, evidence, finding, make_source

ESC_RED = "\x1b[31mred\x1b[0m"
CONTROLS = f"{ESC_RED} bell\x07 back\x08space \x1b]0;pwned\x07 csi\x9b \u202eevil"
# What may not appear raw: C0 controls but newline and tab (HTML and Markdown keep line breaks),
# DEL, C1 controls and the right-to-left override.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]")


def hostile() -> Analysis:
    """Two sources; the first's text, metadata, finding, evidence, facts and issues hold controls."""
    a = make_source(
        "a", f"Talks in {CONTROLS} resumed on Friday in Paris.\nCrews walked out {ESC_RED} today.", "en",
        SourceMeta(outlet=f"Outlet {ESC_RED}", title=f"Title \x07{ESC_RED}", lang="en"),
        issues=(IngestIssue("control-characters", f"issue {ESC_RED}", 9, 14),),
    )
    b = make_source("b", f"Talks resumed on Thursday in Paris {ESC_RED}.\nCrews walked out today.", "en",
                    SourceMeta(outlet="B", lang="en"))
    findings = (
        finding(a, ESC_RED, "DS900", "garbled_or_nonword", "high", f"message {ESC_RED}\x07",
                f"suggest\x08{ESC_RED}", (evidence(b, f"Paris {ESC_RED}", f"note {ESC_RED}"),)),
    )
    facts = (
        Fact("contradiction", f"topic {ESC_RED}", (
            claim(a, f"{CONTROLS} resumed on Friday", "weekday", "friday"),
            claim(b, f"resumed on Thursday in Paris {ESC_RED}", "weekday", "thursday"),
        ), "weekday", 0.9, f"reason {ESC_RED}"),
    )
    summaries = tuple(
        SourceSummary(s.id, s.words, n, 1000.0 * n / s.words, {"high": n, "medium": 0, "low": 0},
                      {"garbled_or_nonword": n} if n else {}, "clean")
        for s, n in ((a, 1), (b, 0))
    )
    return Analysis(
        (a, b), (Alignment(ParaRef("a", 0), ParaRef("b", 0), 80.0, "same"),), findings, facts, summaries,
        {"diffsrc": "0.1.0"}, (f"warning {ESC_RED}",),
    )


def _check(analysis: Analysis) -> CheckResult:
    a = analysis.sources[0]
    contradictions = tuple(f for f in analysis.facts if f.kind == "contradiction")
    checks = (SourceCheck("a", a.path, "en", a.words, {"high": 1, "medium": 0, "low": 0, "total": 1},
                          {"high": 100.0, "medium": 0.0, "low": 0.0, "total": 100.0}, 1.0,
                          contradictions, False),)
    violation = Violation("a", a.path, "max_per_1000_words.high", f"too many {ESC_RED}", 100.0, 1.0)
    return CheckResult(analysis, frozenset({"a"}), CheckConfig(), checks, (violation,), (f"warn {ESC_RED}",))


def _terminal(analysis: Analysis) -> str:
    out = io.StringIO()
    terminal.print_summary(analysis, [Path(f"out{ESC_RED}.json")], file=out)
    return out.getvalue()


def _sarif_strings(analysis: Analysis) -> str:
    """Every string of the SARIF log (a viewer shows any of them), and the file as written."""
    text = sarif.render(analysis, focus=frozenset({"a"}), root=Path.cwd())

    def strings(value: object) -> list[str]:
        if isinstance(value, dict):
            return [s for k, v in value.items() for s in [str(k), *strings(v)]]
        if isinstance(value, list):
            return [s for v in value for s in strings(v)]
        return [value] if isinstance(value, str) else []

    return text + "\n".join(strings(json.loads(text)))  # the file itself too: -o - prints it


def _json_file(analysis: Analysis) -> str:
    """The JSON report as written (``-o -`` prints it): data, so only its escapes change."""
    text = json_report.render(analysis)
    data = json.loads(text)  # the same values, losslessly
    assert data["facts"][0]["claims"][0]["text"] == analysis.facts[0].claims[0].text
    assert [f["text"] for f in data["findings"]] == [f.text for f in analysis.findings]
    return text


RENDERERS: list[tuple[str, Callable[[Analysis], str]]] = [
    ("json (-o -)", _json_file),
    ("terminal", _terminal),
    ("markdown", lambda a: markdown.render(a)),
    ("sarif", _sarif_strings),
    ("check log", lambda a: "\n".join(check_summary.terminal_lines(_check(a)))),
    ("check markdown", lambda a: check_summary.markdown(_check(a))),
    ("html", lambda a: "\n".join(html.render(a).values())),
    ("html single file", lambda a: "\n".join(html.render(a, single_file=True).values())),
]


@pytest.mark.parametrize(("name", "render"), RENDERERS, ids=[n for n, _ in RENDERERS])
def test_no_raw_control_character_in_any_renderer(name: str, render: Callable[[Analysis], str]) -> None:
    out = render(hostile())
    raw = sorted({f"U+{ord(m.group()):04X}" for m in RAW.finditer(out)})
    assert raw == [], f"{name} shows raw control characters {raw}"
    # The escapes stay visible: the reader sees that the text holds an escape sequence.
    assert any(shown in out for shown in ("\\x1b", "U+001B", "\\u001b")), name
