"""People: a full name and the surname alone are one person (``James Clapper`` = ``Clapper``),
titles are not part of the name (``M. Obama`` = ``President Obama``)."""

from __future__ import annotations

from diffsrc.analysis import mentions
from diffsrc.analysis.claimkinds.base import Kind, SentenceView, Slot, substitution


def extract(s: SentenceView) -> list[Slot]:
    """The people of a sentence, by surname key (from ``mentions.find_people``)."""
    seen: set[str] = set()
    out = []
    for m in s.mentions:
        if m.kind == "person" and m.key not in seen:
            seen.add(m.key)
            out.append(Slot("person", m.start, m.end, m.key))
    return out


KIND = Kind("person", extract, substitution, weight=0.8, shown=mentions.shown)
