"""Places: countries and cities, EN/FR (``Suède`` = ``Sweden``); a city agrees with its country."""

from __future__ import annotations

from collections.abc import Sequence

from diffsrc.analysis.claimkinds import places
from diffsrc.analysis.claimkinds.base import Kind, SentenceView, Slot, Verdict, substitution


def extract(s: SentenceView) -> list[Slot]:
    """The places of a sentence, keyed by CLDR code or city; the country code is in ``detail``."""
    seen: set[str] = set()
    out = []
    for a, b, key, country in places.find(s.text, s.folded, s.start, s.end):
        if key not in seen:
            seen.add(key)
            out.append(Slot("place", a, b, key, detail=(country,)))
    return out


def same_place(x: Slot, y: Slot) -> bool:
    """The same place, or a city and the country it is in ("Pékin" and "China")."""
    if x.value == y.value:
        return True
    x_country, y_country = x.value == x.detail[0], y.value == y.detail[0]
    return (x_country or y_country) and x.detail == y.detail


def compare(a: Sequence[Slot], b: Sequence[Slot]) -> list[Verdict]:
    """Places replaced by others in matched sentences."""
    return substitution(a, b, same_place)


KIND = Kind("place", extract, compare, weight=0.8)
