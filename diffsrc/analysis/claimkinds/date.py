"""Calendar dates with a day and a month (``17 février`` = ``February 17``, ``le 1er mars``)."""

from __future__ import annotations

from diffsrc.analysis import numbers
from diffsrc.analysis.claimkinds.base import Kind, SentenceView, Slot, substitution


def extract(s: SentenceView) -> list[Slot]:
    """The day-month dates of a sentence, as ``MM-DD`` (the year is the year kind's)."""
    out = []
    for d in numbers.find_dates(s.text[s.start : s.end], weekdays=False):
        out.append(Slot("date", s.start + d.start, s.start + d.end, d.key[-5:]))
    return out


KIND = Kind("date", extract, substitution, weight=0.85)
