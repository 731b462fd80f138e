"""Quantities with a unit, shared by the count, percentage, money and duration kinds.

Values are compared in their dimension's base unit (50 ft = 15 m) and to the precision they are
written with; approximate values ("nearly 400", "environ 400") agree with close ones (390).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from diffsrc.analysis import numbers
from diffsrc.analysis.claimkinds.base import SentenceView, Slot, Verdict, substitution

# What each qualifier says of the amount, in both languages: two amounts with the same qualifier
# ("at least 26" against "au moins 28") are compared as written, not as roundings of each other.
QUALIFIERS = {
    "about": "about", "around": "about", "approximately": "about", "some": "about", "roughly": "about",
    "environ": "about", "quelque": "about", "quelques": "about", "une centaine": "about",
    "nearly": "nearly", "almost": "nearly", "close to": "nearly", "pres de": "nearly", "presque": "nearly",
    "quasiment": "nearly", "pratiquement": "nearly",
    "over": "over", "more than": "over", "plus de": "over", "less than": "under", "moins de": "under",
    "at least": "at least", "au moins": "at least", "up to": "up to", "jusqu'a": "up to",
}  # fmt: skip
# A qualifier (folded) right before an amount makes it approximate.
APPROX = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(QUALIFIERS, key=len, reverse=True))) + r")\s*$")
# How far an approximate amount may be from another before they contradict ("about 400" may be
# 350 or 450 once rounded: between the 5% that agree and this, neither agree nor contradict).
APPROX_SPREAD = 0.15
# A ``numbers`` unit that says what was counted ("troop"), not how much ("%"): for the count kind.
MEASURES = frozenset({"percent", "euro", "dollar", "pound", "second", "minute", "hour", "day", "week", "month", "year"})


def quantities(s: SentenceView, keep: Callable[[str], bool], kind: str) -> list[Slot]:
    """The quantities of a sentence whose unit passes ``keep``, as slots of ``kind``."""
    out = []
    for q in _found(s.text[s.start : s.end], s.lang):
        if q.unit == "year-date" or not keep(q.unit):
            continue
        a, b = s.start + q.start, s.start + q.end
        hedge = APPROX.search(s.folded[max(s.start, a - 24) : a])
        value, unit = numbers.comparable(q.value, q.unit)
        qualifier = QUALIFIERS.get(" ".join(hedge.group(0).split()), "") if hedge else ""
        out.append(Slot(kind, a, b, f"{numbers.format_number(value)} {unit}".strip(), bool(hedge), (unit,), qualifier))
    return out


@lru_cache(maxsize=4096)
def _found(sentence: str, lang: str) -> tuple[numbers.Quantity, ...]:
    # Four kinds (count, percentage, money, duration) read the quantities of each sentence.
    return tuple(numbers.find_quantities(sentence, lang))


def _amount(slot: Slot) -> float:
    return float(slot.value.split()[0])


def same_amount(x: Slot, y: Slot) -> bool:
    """Same unit and the same amount to the precision written (or close when one is approximate and
    the other is not, or qualified otherwise). Only a converted amount (50 ft = 15.24 m) may be 2%
    off a rounding of it; amounts of a unit nothing converts, 1%."""
    if x.detail != y.detail:
        return False
    tolerance = 0.02 if x.detail[0] in numbers.CONVERTED_UNITS else 0.01
    return numbers.same_quantity(_amount(x), _amount(y), _loose(x, y), tolerance)


def _loose(x: Slot, y: Slot) -> bool:
    """Whether two amounts may differ by rounding: one is approximate, and not both alike."""
    return (x.approx or y.approx) and not (x.approx and y.approx and x.qualifier and x.qualifier == y.qualifier)


def _far(x: Slot, y: Slot) -> bool:
    """Two amounts further apart than any rounding of an approximate one would take them."""
    a, b = _amount(x), _amount(y)
    return abs(a - b) > APPROX_SPREAD * max(abs(a), abs(b))


def compare(a: Sequence[Slot], b: Sequence[Slot]) -> list[Verdict]:
    """Substitutions of amounts of the same unit; an approximate amount contradicts only a value
    more than ``APPROX_SPREAD`` away ("at least 26" against "at least 33", not "nearly 400" against 390)."""
    out = []
    for unit in sorted({s.detail for s in a} & {s.detail for s in b}):
        xs = [s for s in a if s.detail == unit]
        ys = [s for s in b if s.detail == unit]
        for v in substitution(xs, ys, same_amount):
            if v.kind == "contradiction" and _loose(v.a, v.b) and not _far(v.a, v.b):
                continue
            out.append(v)
    return out
