"""The slots of every claim kind in every sentence of a source: found once per source, so that a
cache can keep them (a check compares one new source with hundreds whose slots do not change)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import msgspec

from diffsrc.analysis import mentions
from diffsrc.analysis.claimkinds import KINDS
from diffsrc.analysis.claimkinds.base import SentenceView, Slot
from diffsrc.model import Source

# Paragraph kinds never aligned (``align.features.alignable``), so never compared.
SKIPPED = ("junk", "byline")


@dataclass(frozen=True)
class SentenceSlots:
    """One sentence's offsets and its slots, one tuple per claim kind in ``KINDS`` order."""

    paragraph: int
    start: int
    end: int
    slots: tuple[tuple[Slot, ...], ...]


@dataclass(frozen=True)
class StoredSlots:
    """A ``SentenceSlots`` row as the cache gives it back: the slots stay JSON until ``slots_in``.

    A check reads the tables of hundreds of corpus sources and compares about a sixth of their
    sentences with the new source's: building every slot record of the others cost more than
    the comparison."""

    paragraph: int
    start: int
    end: int
    slots: msgspec.Raw


def slots_in(row: SentenceSlots | StoredSlots) -> tuple[tuple[Slot, ...], ...]:
    """A row's slots, decoded when the row comes from the cache; ValueError if they do not fit."""
    if isinstance(row, SentenceSlots):
        return row.slots
    decoded: tuple[tuple[Slot, ...], ...] = _slots_decoder().decode(row.slots)
    if len(decoded) != len(KINDS):
        raise ValueError(f"{len(decoded)} slot lists for {len(KINDS)} claim kinds")
    return decoded


@cache
def _slots_decoder() -> msgspec.json.Decoder[tuple[tuple[Slot, ...], ...]]:
    return msgspec.json.Decoder(tuple[tuple[Slot, ...], ...])


def views(src: Source, paragraph: int, known: frozenset[str], folded: str) -> Iterator[SentenceView]:
    """The sentence views of one paragraph (a paragraph without sentences is one), with their
    places and people; ``known`` are the surnames that count as a person standing alone."""
    para = src.paragraphs[paragraph]
    lang = para.lang or src.lang
    for a, b in [(s.start, s.end) for s in para.sentences] or [(para.start, para.end)]:
        places = mentions.find_places(src.text, a, b, folded)
        people = mentions.find_people(src.text, a, b, places, known, folded)
        named = tuple(sorted(places + people, key=lambda m: m.start))
        yield SentenceView(src.id, paragraph, a, b, src.text, folded, lang, named, src.meta.date or "")


def slots_of(view: SentenceView) -> tuple[tuple[Slot, ...], ...]:
    """A sentence's slots, one tuple per claim kind in ``KINDS`` order."""
    return tuple(tuple(kind.extract(view)) for kind in KINDS)


def source_slots(src: Source, known: frozenset[str]) -> tuple[SentenceSlots, ...]:
    """Every sentence of the source's comparable paragraphs with its slots of every kind."""
    folded = mentions.fold_in_place(src.text)
    return tuple(
        SentenceSlots(v.paragraph, v.start, v.end, slots_of(v))
        for p in src.paragraphs if p.kind not in SKIPPED
        for v in views(src, p.index, known, folded)
    )
