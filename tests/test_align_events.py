"""Occasions (``diffsrc.analysis.align.events``): dates resolved against the publication date, and links
across different occasions made ``related`` only on clear evidence."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pytest

from diffsrc.analysis.align.events import (
    days_apart,
    paragraph_days,
    publication_date,
    resolve,
    separate_occasions,
)
from diffsrc.analysis.align.scoring import PairLink
from diffsrc.io.ingest import segment
from diffsrc.model import Source, SourceMeta

MONDAY = dt.date(2025, 2, 17)


def make(sid: str, lines: Sequence[str], date: str) -> Source:
    text = "\n\n".join(lines) + "\n"
    paras, _ = segment(text, "text", "en")
    return Source(sid, f"{sid}.txt", text, sid, "en", "utf-8", "text", paras, SourceMeta(date=date))


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("monday", {MONDAY, MONDAY + dt.timedelta(days=7)}),  # today, or next week
        ("thursday", {dt.date(2025, 2, 13), dt.date(2025, 2, 20)}),  # last or next Thursday
        ("03-26", {dt.date(2025, 3, 26)}),
        ("2024-12-31", {dt.date(2024, 12, 31)}),
        ("02-30", set()),  # no such day
    ],
)
def test_resolve(key: str, expected: set[dt.date]) -> None:
    assert resolve(key, MONDAY) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("They met on Monday.", "They will meet on Thursday.", 4),  # Feb 17 vs Mar 27/20 (b: Mar 26)
        ("They met on Monday.", "The summit on 17 February was the first.", None),  # the same day, recalled
        ("They met in Paris.", "They will meet on Thursday.", None),  # undated: no evidence
    ],
)
def test_days_apart(a: str, b: str, expected: int | None) -> None:
    got = days_apart(paragraph_days(a, MONDAY), paragraph_days(b, dt.date(2025, 3, 26)))
    assert (got is None) == (expected is None)
    if expected is not None:
        assert got is not None and got > 7


def link(i: int, j: int, score: float = 0.8) -> PairLink:
    return PairLink(i, j, score, "same" if score >= 0.62 else "related", {"entities": 1.6}, ("Paris",))


def test_sources_published_weeks_apart_with_different_dates_are_different_events() -> None:
    feb = make("feb", ["European leaders met in Paris on Monday.", "Macron called for a European force."], "2025-02-17")
    mar = make("mar", ["European leaders will convene in Paris on Thursday.", "Macron again called for a force."], "2025-03-26")
    got = separate_occasions([link(0, 0), link(1, 1)], feb, mar)
    assert [lk.strength for lk in got] == ["related", "related"]
    assert got[0].signals["occasion_days_apart"] > 7 and all(lk.signals["different_event"] == 1.0 for lk in got)


def test_weak_links_between_different_events_are_dropped() -> None:
    feb = make("feb", ["European leaders met in Paris on Monday.", "Macron called for a European force."], "2025-02-17")
    mar = make("mar", ["European leaders will convene in Paris on Thursday.", "Macron again called for a force."], "2025-03-26")
    got = separate_occasions([link(0, 0), link(1, 1, 0.58)], feb, mar, same_threshold=0.62)
    assert [(lk.i, lk.j, lk.strength) for lk in got] == [(0, 0, "related")]
    # The same weak link between reports of one event stays.
    assert separate_occasions([link(1, 1, 0.58)], feb, make("feb2", ["x y z.", "Macron called for a force."], "2025-02-17")) == [link(1, 1, 0.58)]


@pytest.mark.parametrize(
    ("date_b", "line_b"),
    [
        ("2025-02-18", "European leaders met in Paris on Thursday."),  # published a day apart: ambiguous, kept
        ("2025-03-26", "Leaders met in Paris on 17 February."),  # a later report recalling the same day
        ("", "European leaders will convene in Paris on Thursday."),  # no publication date: no evidence
    ],
)
def test_no_clear_evidence_keeps_links(date_b: str, line_b: str) -> None:
    a = make("a", ["European leaders met in Paris on Monday."], "2025-02-17")
    b = make("b", [line_b], date_b)
    assert separate_occasions([link(0, 0)], a, b) == [link(0, 0)]


def test_publication_date_needs_a_full_date() -> None:
    assert publication_date(make("x", ["Text here now."], "2025-02-17T10:00")) == MONDAY
    assert publication_date(make("x", ["Text here now."], "2025")) is None
