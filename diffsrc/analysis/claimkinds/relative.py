"""Relative days (``yesterday`` = ``hier``), resolved against the source's publication date when
it is known, so that two outlets publishing on different days compare the same calendar day."""

from __future__ import annotations

import datetime as dt
import re

from diffsrc.analysis.claimkinds.base import Kind, SentenceView, Slot, substitution

# Offsets in days from the publication date (folded text).
_RELATIVE = (
    (re.compile(r"\b(?:yesterday|hier)\b"), -1),
    (re.compile(r"\b(?:today|aujourd'hui)\b"), 0),
    (re.compile(r"\b(?:tomorrow|demain)\b"), 1),
    (re.compile(r"\b(?:the day before yesterday|avant-hier)\b"), -2),
    (re.compile(r"\b(?:the day after tomorrow|apres-demain)\b"), 2),
)


def extract(s: SentenceView) -> list[Slot]:
    """Relative days, as an ISO date when the publication date is known, else as ``day+N``."""
    out = []
    for rx, offset in _RELATIVE:
        for m in rx.finditer(s.folded, s.start, s.end):
            out.append(Slot("relative", m.start(), m.end(), _resolve(s.date, offset), detail=(str(offset),)))
    return sorted(out, key=lambda x: x.start)


def _resolve(date: str, offset: int) -> str:
    try:
        day = dt.date.fromisoformat(date[:10])
    except ValueError:
        return f"day{offset:+d}"
    return (day + dt.timedelta(days=offset)).isoformat()


KIND = Kind("relative", extract, substitution, weight=0.6)
