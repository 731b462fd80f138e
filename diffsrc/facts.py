"""Agreements, contradictions and omissions between aligned paragraphs (first version)."""

from __future__ import annotations

from typing import Sequence

from diffsrc.model import Alignment, Fact, Source


def find_facts(sources: Sequence[Source], alignments: Sequence[Alignment], options: object = None) -> list[Fact]:
    """Typed comparison results for the claims of aligned paragraphs."""
    return []


def signature(options: object = None) -> dict[str, object]:
    """Parameters of the fact comparison."""
    return {"method": "claims-v0"}
