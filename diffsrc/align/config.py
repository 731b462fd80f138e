"""The aligner's configuration: everything that changes alignment results."""

from __future__ import annotations

from dataclasses import dataclass

METHOD = "keys-idf-v1"


@dataclass(frozen=True)
class AlignConfig:
    """Everything that changes alignment results; part of every cache key and the signature."""

    same_threshold: float = 0.62
    related_threshold: float = 0.56
    near_best: float = 0.90
    evidence_full: float = 6.0
    entity_weight: float = 1.6
    number_weight: float = 1.6
    date_weight: float = 0.7
    phrase_weight: float = 0.5
    block_weight: float = 0.5
    min_shared: int = 2
    embedder: str | None = None
    embed_weight: float = 0.5
