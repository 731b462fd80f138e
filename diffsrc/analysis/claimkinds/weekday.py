"""Weekdays in English or French (``vendredi`` = ``Friday``)."""

from __future__ import annotations

from diffsrc.analysis import numbers
from diffsrc.analysis.claimkinds.base import Kind, SentenceView, Slot, substitution
from diffsrc.analysis.mentions import edition_day
from diffsrc.analysis.normalize import words


def extract(s: SentenceView) -> list[Slot]:
    """The weekdays of a sentence (English ones capitalised, as English writes them), less the days
    that name a newspaper's edition ("le Telegraph de lundi")."""
    folded = s.folded[s.start : s.end]
    if not any(day in folded for day in numbers.WEEKDAY_KEYS):
        return []  # most sentences name no day: skip looking at each word
    out = []
    for a, b, w in words(s.text[s.start : s.end]):
        day = numbers.weekday(w)
        a, b = s.start + a, s.start + b
        if day and len(w) > 4 and (w[0].isupper() or s.lang == "fr") and not edition_day(s.folded, a, b, s.mentions):
            out.append(Slot("weekday", a, b, day))
    return out


# English names, as the other kinds show theirs; by the values' own keys (numbers' "monday", and
# the "mon" of claims.py), not calendar.day_name, which follows the process locale.
_NAMES = {form: key.capitalize() for key in set(numbers.WEEKDAY_KEYS.values()) for form in (key, key[:3])}


def shown(value: str) -> str:
    """A weekday value ('monday', or 'mon') as a report writes it ('Monday')."""
    return _NAMES.get(value, value)


KIND = Kind("weekday", extract, substitution, weight=0.85, shown=shown)
