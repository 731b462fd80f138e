"""Organisations of the gazetteer (``OTAN`` = ``NATO``, ``Fonds monétaire international`` = ``IMF``)."""

from __future__ import annotations

from diffsrc.analysis import mentions
from diffsrc.analysis.claimkinds.base import Kind, SentenceView, Slot, substitution


def extract(s: SentenceView) -> list[Slot]:
    """The organisations and media of a sentence, by gazetteer key."""
    seen: set[str] = set()
    out = []
    for m in s.mentions:
        if m.kind in ("org", "media") and m.key not in seen:
            seen.add(m.key)
            out.append(Slot("organisation", m.start, m.end, m.key))
    return out


# A translation often names a body otherwise ("the Fund" for the IMF, "Brussels" for the EU), and
# the gazetteer keys an institution's bodies and seat with it (Council, Commission; the Élysée).
KIND = Kind("organisation", extract, substitution, weight=0.7, kept_in_translation=False, shown=mentions.shown)
