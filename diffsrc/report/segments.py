"""Splitting a paragraph into non-overlapping text pieces at the boundaries of the marks on it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

# Invisible characters that can reorder or hide text (bidi overrides and isolates, zero-width
# space, BOM) and control characters (C0 but tab, newline and carriage return; DEL; C1: a
# terminal's escape sequences, a bell, a backspace): shown by their code point so a reader sees
# what the source really contains.
CONTROL_CHARS = re.compile(
    "([\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff])"
)


@dataclass(frozen=True)
class Piece(Generic[T]):
    """A run of text ``[start, end)`` covered by the same marks (``active``); ``opening`` start here."""

    start: int
    end: int
    active: tuple[T, ...]
    opening: tuple[T, ...]


def split_spans(start: int, end: int, spans: Sequence[tuple[int, int, T]]) -> list[Piece[T]]:
    """Split ``[start, end)`` into consecutive, non-overlapping pieces at every span boundary.

    Spans may overlap, nest or stick out of the range (they are clipped); the pieces always tile
    the range exactly, so joining their text gives back the original. Each piece lists the spans
    covering it in their given order, and the spans that open on it: a span opens where it starts,
    so one that began before the range (in an earlier paragraph) continues without opening again.
    An empty span inside the range becomes an empty piece at its offset, so its mark is still shown.
    """
    inside = [(max(s, start), min(e, end), item) for s, e, item in spans if s < end and e > start]
    continued = {k for k, (s, e, _) in enumerate(x for x in spans if x[0] < end and x[1] > start) if s < start}
    empty = [(s, item) for s, e, item in spans if s == e and start <= s <= end]
    cuts = sorted({start, end, *(s for s, _, _ in inside), *(e for _, e, _ in inside), *(s for s, _ in empty)})
    pieces: list[Piece[T]] = []
    opened: set[int] = set(continued)
    for a, b in zip(cuts, cuts[1:], strict=False):
        for s, item in empty:
            if s == a:
                pieces.append(Piece(a, a, (item,), (item,)))
        active = tuple(item for s, e, item in inside if s <= a and b <= e)
        opening = []
        for k, (s, e, item) in enumerate(inside):
            if s <= a and b <= e and k not in opened:
                opened.add(k)
                opening.append(item)
        pieces.append(Piece(a, b, active, tuple(opening)))
    for s, item in empty:
        if s == end and end > start:
            pieces.append(Piece(end, end, (item,), (item,)))
    if start == end:
        pieces = [Piece(start, start, (item,), (item,)) for _, item in empty] or [Piece(start, end, (), ())]
    return pieces
