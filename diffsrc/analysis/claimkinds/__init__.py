"""The claim-kind registry: each kind is one module pairing an extractor with a comparator.

A kind reads a ``SentenceView`` and returns ``Slot`` values comparable across languages; its
comparator turns the slots of two matched sentences into agreements and contradictions. Adding a
kind is one module with a ``KIND`` and a row in ``KINDS`` (and a table-driven test).
"""

from __future__ import annotations

from diffsrc.analysis.claimkinds import (
    count,
    date,
    duration,
    money,
    month,
    organisation,
    participation,
    percentage,
    person,
    place,
    quote,
    relative,
    weekday,
    year,
)
from diffsrc.analysis.claimkinds.base import Kind, SentenceView, Slot, Verdict

KINDS: tuple[Kind, ...] = (
    year.KIND,
    month.KIND,
    date.KIND,
    weekday.KIND,
    relative.KIND,
    count.KIND,
    percentage.KIND,
    money.KIND,
    duration.KIND,
    person.KIND,
    place.KIND,
    organisation.KIND,
    participation.KIND,
    quote.KIND,
)

BY_NAME: dict[str, Kind] = {kind.name: kind for kind in KINDS}

__all__ = ["BY_NAME", "KINDS", "Kind", "SentenceView", "Slot", "Verdict"]
