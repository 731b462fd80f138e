"""Weekdays in English or French (``vendredi`` = ``Friday``)."""

from __future__ import annotations

from diffsrc.analysis import numbers
from diffsrc.analysis.claimkinds.base import Kind, SentenceView, Slot, substitution
from diffsrc.analysis.normalize import words


def extract(s: SentenceView) -> list[Slot]:
    """The weekdays of a sentence (English ones capitalised, as English writes them)."""
    out = []
    for a, b, w in words(s.text[s.start : s.end]):
        day = numbers.weekday(w)
        if day and len(w) > 4 and (w[0].isupper() or s.lang == "fr"):
            out.append(Slot("weekday", s.start + a, s.start + b, day))
    return out


KIND = Kind("weekday", extract, substitution, weight=0.85)
