"""Months named in English or French (``septembre`` = ``September``), outside a full day-month date."""

from __future__ import annotations

import re

from diffsrc.analysis import numbers
from diffsrc.analysis.claimkinds.base import Kind, SentenceView, Slot, substitution

_MONTH = re.compile(r"\b(" + "|".join(sorted(numbers.MONTH_NUMBERS, key=len, reverse=True)) + r")\b")


def extract(s: SentenceView) -> list[Slot]:
    """The months of a sentence; English "may" and French "mars" only when capitalised or beside a
    number or a year ("May 2012", "3 mars"), since both are common words."""
    out = []
    for m in _MONTH.finditer(s.folded, s.start, s.end):
        word = m.group(1)
        if word in ("may", "mai", "mars") and not (
            s.text[m.start()].isupper() and (word != "may" or m.start() > s.start)
            or re.search(r"\d\s*$", s.folded[max(s.start, m.start() - 4) : m.start()])
            or re.match(r"\s+\d", s.folded[m.end() : m.end() + 3])
        ):
            continue
        out.append(Slot("month", m.start(), m.end(), f"{numbers.MONTH_NUMBERS[word]:02d}"))
    return out


KIND = Kind("month", extract, substitution, weight=0.85)
