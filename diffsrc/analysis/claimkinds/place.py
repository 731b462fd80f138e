"""Places: countries and cities, EN/FR (``Suède`` = ``Sweden``); a city agrees with its country."""

from __future__ import annotations

from collections.abc import Sequence

from diffsrc.analysis import mentions
from diffsrc.analysis.claimkinds import places
from diffsrc.analysis.claimkinds.base import Kind, SentenceView, Slot, Verdict, substitution


def extract(s: SentenceView) -> list[Slot]:
    """The places of a sentence, keyed by CLDR code or city; the country code is in ``detail``.
    A place name inside a person's name is part of the name ("Jim Messina", "Paris Hilton")."""
    seen: set[str] = set()
    out = []
    people = [(m.start, m.end) for m in s.mentions if m.kind == "person"]
    for a, b, key, country in places.find(s.text, s.folded, s.start, s.end):
        if any(pa <= a and b <= pb and (pa, pb) != (a, b) for pa, pb in people):
            continue
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


def shown(value: str) -> str:
    """A place value as a report writes it: 'GB' → 'United Kingdom', 'paris@FR' → 'Paris'."""
    city, at, _country = value.partition("@")
    if at:
        return mentions.shown(city)
    name = places.english_name(value)
    return name if name != value else mentions.shown(value)


KIND = Kind("place", extract, compare, weight=0.8, shown=shown)
