"""The aligner's configuration: everything that changes alignment results."""

from __future__ import annotations

from dataclasses import dataclass

METHOD = "keys-idf+sentence-margin-v3"
SIGNALS = ("both", "keys", "embeddings")  # what links paragraphs: both, or one alone (ablations)


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
    embedder: str | None = None  # sentence encoder: None for the bundled e5, "none" for keys only
    signals: str = "both"
    # Sentence links (``diffsrc.analysis.align.sentences``): ratio margin over the k nearest neighbours.
    margin_k: int = 4
    mutual_margin: float = 0.03
    alone_margin: float = 0.05  # a link below it joins paragraphs only where keys link them too
    one_sided_margin: float = 0.08
    # Ratio margins are meaningless where cosines are near zero (unrelated text in a model whose
    # unrelated pairs score about 0); translations score well above this in any encoder.
    min_cosine: float = 0.5
    # A source with more sentences than this is aligned on keys alone: the encoder reads about
    # 40-80 sentences a second on two cores, and a book-length text would take minutes. News
    # articles have 20-80 sentences; the cap keeps a run of a huge input close to linear and short.
    max_embedded_sentences: int = 1500
