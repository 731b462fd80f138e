"""Occasions: do two linked paragraphs describe the same event, judged by the dates they give?

Outlets cover a story over weeks; a meeting "on Thursday" in a March report and one "on Monday"
in a February report share names, places and most words, yet are different occasions. Dates in
text are resolved against the source's publication date (``SourceMeta.date``, from the manifest
or the HTML metadata): a weekday is its last or next occurrence within a week of publication, a
day and month without year falls in the year of publication. The decision only acts on clear
evidence, since a filter on weekdays alone costs more recall than it saves (outlets of one event
date its parts differently): the two sources must be published at least ``MIN_GAP_DAYS`` apart,
both paragraphs must name dates, and no date of one may fall within a day of a date of the other.

Two reports of different events of one story share its people, places and vocabulary, so
between them a paragraph pair sharing words is expected and is not evidence of shared facts:
only links whose evidence would make them ``same`` are kept (as ``related``), the weaker ones
are dropped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from diffsrc.analysis import numbers
from diffsrc.analysis.align.scoring import PairLink
from diffsrc.model import Source

# Publication dates closer than this leave weekday resolution ambiguous (last week's Monday or
# this week's): the rule is not applied.
MIN_GAP_DAYS = 7
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def publication_date(source: Source) -> dt.date | None:
    """The source's publication date when its metadata gives a full ISO date."""
    try:
        return dt.date.fromisoformat(source.meta.date.strip()[:10])
    except ValueError:
        return None


def resolve(key: str, published: dt.date) -> frozenset[dt.date]:
    """The days a date key of ``numbers.find_dates`` may mean for a text of ``published``."""
    if key in _WEEKDAYS:
        back = (published.weekday() - _WEEKDAYS.index(key)) % 7
        ahead = (7 - back) % 7 or 7
        return frozenset({published - dt.timedelta(days=back), published + dt.timedelta(days=ahead)})
    parts = key.split("-")
    try:
        if len(parts) == 3:
            return frozenset({dt.date(int(parts[0]), int(parts[1]), int(parts[2]))})
        month, day = int(parts[0]), int(parts[1])
        return frozenset({dt.date(published.year, month, day)})
    except ValueError:
        return frozenset()


def paragraph_days(text: str, published: dt.date) -> list[frozenset[dt.date]]:
    """The days each date or weekday of a paragraph may mean."""
    out = [resolve(d.key, published) for d in numbers.find_dates(text)]
    return [days for days in out if days]


def _close(a: frozenset[dt.date], b: frozenset[dt.date]) -> bool:
    return any(abs((x - y).days) <= 1 for x in a for y in b)


def days_apart(a: Sequence[frozenset[dt.date]], b: Sequence[frozenset[dt.date]]) -> int | None:
    """Fewest days between the dates of two paragraphs when they are clearly different
    occasions (both dated, no date within a day of the other's), else None."""
    if not a or not b or any(_close(x, y) for x in a for y in b):
        return None
    return min(abs((x - y).days) for xs in a for ys in b for x in xs for y in ys)


def apart(a: Source, b: Source) -> bool:
    """True when two sources are published far enough apart for their dates to tell events apart."""
    pa, pb = publication_date(a), publication_date(b)
    return pa is not None and pb is not None and abs((pa - pb).days) >= MIN_GAP_DAYS


def separate_occasions(links: Sequence[PairLink], a: Source, b: Source, same_threshold: float = 0.62) -> list[PairLink]:
    """The links of sources ``a`` and ``b`` with those joining different occasions made
    ``related``, with the reason as a signal (``occasion_days_apart``). When most dated links of
    the pair join different occasions, the two sources report different events: every link is
    at most ``related`` (``different_event``), and links scored below ``same_threshold`` are
    dropped."""
    if not links or not apart(a, b):
        return list(links)
    pa, pb = publication_date(a), publication_date(b)
    assert pa is not None and pb is not None
    days_a: dict[int, list[frozenset[dt.date]]] = {}
    days_b: dict[int, list[frozenset[dt.date]]] = {}
    gaps: list[int | None] = []
    dated = 0
    for lk in links:
        da = days_a.setdefault(lk.i, paragraph_days(a.paragraph_text(lk.i), pa))
        db = days_b.setdefault(lk.j, paragraph_days(b.paragraph_text(lk.j), pb))
        dated += bool(da and db)
        gaps.append(days_apart(da, db))
    different = sum(g is not None for g in gaps)
    event = different >= 1 and 2 * different > dated
    out = []
    for lk, gap in zip(links, gaps, strict=True):
        if gap is None and not event:
            out.append(lk)
            continue
        if event and lk.score < same_threshold:
            continue
        signals = dict(lk.signals)
        if gap is not None:
            signals["occasion_days_apart"] = float(gap)
        if event:
            signals["different_event"] = 1.0
        out.append(lk._replace(strength="related", signals=signals))
    return out
