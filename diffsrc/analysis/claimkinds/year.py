"""Years: ``2010`` (a four-digit number read as a calendar year, not a count)."""

from __future__ import annotations

import re

from diffsrc.analysis.claimkinds.base import Kind, SentenceView, Slot, substitution

# a year is not a count: no unit word or currency after it, not part of a longer number
_YEAR = re.compile(r"(?<![\d.,$€£])\b(1[5-9]\d\d|20\d\d)\b(?![.,]\d)(?!\s*(?:%|€|\$|£|dollars?|euros?|people|personnes))")


def extract(s: SentenceView) -> list[Slot]:
    """The years of a sentence."""
    return [Slot("year", m.start(), m.end(), m.group(1)) for m in _YEAR.finditer(s.folded, s.start, s.end)]


KIND = Kind("year", extract, substitution, weight=0.85)
