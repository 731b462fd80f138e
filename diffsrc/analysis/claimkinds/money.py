"""Amounts of money with their currency: ``$1.5bn`` = ``1,5 milliard de dollars``."""

from __future__ import annotations

from diffsrc.analysis.claimkinds import quantity
from diffsrc.analysis.claimkinds.base import Kind, SentenceView, Slot

CURRENCIES = frozenset({"euro", "dollar", "pound"})


def extract(s: SentenceView) -> list[Slot]:
    """The amounts of money of a sentence (amounts in different currencies never compare)."""
    return quantity.quantities(s, lambda unit: unit in CURRENCIES, "money")


KIND = Kind("money", extract, quantity.compare, weight=0.8)
