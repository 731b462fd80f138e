"""Durations: ``20 minutes`` = ``vingt minutes``, ``two hours`` = ``120 minutes``."""

from __future__ import annotations

from diffsrc.analysis.claimkinds import quantity
from diffsrc.analysis.claimkinds.base import Kind, SentenceView, Slot

UNITS = frozenset({"second", "minute", "hour", "day", "week", "month", "year"})


def extract(s: SentenceView) -> list[Slot]:
    """The durations of a sentence."""
    return quantity.quantities(s, lambda unit: unit in UNITS, "duration")


KIND = Kind("duration", extract, quantity.compare, weight=0.75)
