"""Counts of things: ``60 soldiers`` = ``soixante soldats``; a bare number counts what follows it."""

from __future__ import annotations

from diffsrc.analysis.claimkinds import quantity
from diffsrc.analysis.claimkinds.base import Kind, SentenceView, Slot


def extract(s: SentenceView) -> list[Slot]:
    """Numbers that are neither years, percentages, money nor durations."""
    return quantity.quantities(s, lambda unit: unit not in quantity.MEASURES, "count")


KIND = Kind("count", extract, quantity.compare, weight=0.75)
