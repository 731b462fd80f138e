"""The terminal summary: the sources table and the top contradictions, one line each."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest

from diffsrc.model import Claim, Fact
from diffsrc.report import terminal
from tests.report_fixtures import corpus


def _claim(source: str, text: str, start: int = 0) -> Claim:
    return Claim(source=source, paragraph=1, start=start, end=start + len(text), text=text, kind="weekday", value="x")


@pytest.mark.parametrize(
    "claims, line",
    [
        ([_claim("a", "on Tuesday"), _claim("b", "on Wednesday")], "a: “on Tuesday”  vs  b: “on Wednesday”"),
        # one source quoting one wording twice is one side
        ([_claim("a", "on Tuesday"), _claim("b", "on Wednesday"), _claim("b", "on Wednesday", 40)],
         "a: “on Tuesday”  vs  b: “on Wednesday”"),
        ([_claim("a", "on Tuesday"), _claim("b", "on Wednesday"), _claim("b", "on Friday", 40), _claim("c", "Monday")],
         "a: “on Tuesday”  vs  b: “on Wednesday”  vs  b: “on Friday”"),
    ],
)
def test_contradiction_line_lists_each_side_once(claims: list[Claim], line: str) -> None:
    analysis = replace(corpus(), facts=(Fact("contradiction", "day", tuple(claims), "weekday mismatch", 0.9),))
    out = io.StringIO()
    terminal.print_summary(analysis, [], file=out)
    [shown] = [x for x in out.getvalue().splitlines() if "•" in x]
    assert shown.strip() == f"• [weekday mismatch] {line}"
