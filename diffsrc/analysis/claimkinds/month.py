"""Months named in English or French (``septembre`` = ``September``), outside a full day-month date."""

from __future__ import annotations

import calendar
import re

from diffsrc.analysis import numbers
from diffsrc.analysis.claimkinds.base import Kind, SentenceView, Slot, substitution

_MONTH = re.compile(r"\b(" + "|".join(sorted(numbers.MONTH_NUMBERS, key=len, reverse=True)) + r")\b")


def extract(s: SentenceView) -> list[Slot]:
    """The months of a sentence; the names that are also common words only where they are months."""
    out = []
    for m in _MONTH.finditer(s.folded, s.start, s.end):
        word = m.group(1)
        if word in ("may", "mai", "mars") and not _is_month(s, m.start(), m.end(), word):
            continue
        out.append(Slot("month", m.start(), m.end(), f"{numbers.MONTH_NUMBERS[word]:02d}"))
    return out


def _is_month(s: SentenceView, a: int, b: int, word: str) -> bool:
    """Whether "may", "mai" or "mars" names the month: beside a number or a year ("May 2012",
    "3 mars") always; else in French when written in lower case (French months are: "lancée en
    mars"; "Mars" capitalised is the planet or a name), in English "May" capitalised inside the
    sentence (the verb "may" opens sentences; "mars" and "mai" are no English months)."""
    if re.search(r"\d\s*$", s.folded[max(s.start, a - 4) : a]) or re.match(r"\s+\d", s.folded[b : b + 3]):
        return True
    upper = s.text[a].isupper()
    if s.lang == "fr":
        return word in ("mai", "mars") and not upper
    return word == "may" and upper and a > s.start


def shown(value: str) -> str:
    """A month value ('09') as a report writes it ('September')."""
    return calendar.month_name[int(value)] if value.isdigit() and 1 <= int(value) <= 12 else value


KIND = Kind("month", extract, substitution, weight=0.85, shown=shown)
