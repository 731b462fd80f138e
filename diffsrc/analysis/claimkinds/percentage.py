"""Percentages: ``3 %`` = ``3%`` = ``three per cent`` = ``3 pour cent``."""

from __future__ import annotations

from diffsrc.analysis.claimkinds import quantity
from diffsrc.analysis.claimkinds.base import Kind, SentenceView, Slot


def extract(s: SentenceView) -> list[Slot]:
    """The percentages of a sentence."""
    return quantity.quantities(s, lambda unit: unit == "percent", "percentage")


KIND = Kind("percentage", extract, quantity.compare, weight=0.8)
