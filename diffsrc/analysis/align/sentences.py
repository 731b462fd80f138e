"""Sentence links between two sources by margin-based scoring of sentence embeddings.

Raw cosines of a multilingual encoder are not comparable from one sentence to the next: some
sentences are close to everything ("hubs"). The ratio margin of Artetxe & Schwenk (2019, "Margin-
based Parallel Corpus Mining with Multilingual Sentence Embeddings", used by LASER and Vecalign)
divides the cosine of a candidate pair by the mean cosine of each side's ``k`` nearest
neighbours in the other source: a true translation stands out of its neighbourhood, a merely
topical neighbour does not. A link is kept when it is the best of both sentences (mutual best)
and its margin is high enough, or, for a sentence one outlet split in two, the best of one side
with a higher margin. Links are many-to-many at paragraph level: paragraphs are linked through
their sentences, so a paragraph one outlet split in two, merged or moved is still found.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from diffsrc.analysis.align.embeddings import SourceSentences

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


class SentenceLink(NamedTuple):
    """Sentence ``i`` of paragraph ``pa`` of one source matches sentence ``j`` of ``pb`` of another."""

    pa: int
    i: int
    pb: int
    j: int
    cosine: float
    margin: float  # ratio margin minus 1: 0 for a pair no closer than the neighbourhood


def margins(a: np.ndarray, b: np.ndarray, k: int, cos: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Cosines and ratio margins (minus 1) of every sentence pair of two unit-vector matrices
    (``cos``: their cosines when already computed)."""
    import numpy as np

    cos = a @ b.T if cos is None else cos
    ka, kb = min(k, cos.shape[1]), min(k, cos.shape[0])
    # The k largest of each row and column (partition, not a full sort: only their mean counts).
    near_a = np.partition(cos, cos.shape[1] - ka, axis=1)[:, cos.shape[1] - ka :].mean(axis=1)  # each row's k nearest in b
    near_b = np.partition(cos, cos.shape[0] - kb, axis=0)[cos.shape[0] - kb :, :].mean(axis=0)
    denom = np.maximum((near_a[:, None] + near_b[None, :]) / 2, 1e-6)
    return cos, cos / denom - 1.0


def sentence_links(
    a: SourceSentences, b: SourceSentences, k: int = 4, mutual_margin: float = 0.03, one_sided_margin: float = 0.08,
    min_cosine: float = 0.0, cos: np.ndarray | None = None,
) -> list[SentenceLink]:
    """The kept sentence links of two sources, in the order of the sentences of ``a`` (``cos``:
    the cosines of their sentences when already computed)."""
    import numpy as np

    if not len(a.vectors) or not len(b.vectors):
        return []
    cos, margin = margins(a.vectors, b.vectors, k, cos)
    best_b = margin.argmax(axis=1)  # best sentence of b for each sentence of a
    best_a = margin.argmax(axis=0)
    rows = np.arange(len(best_b))
    mutual = best_a[best_b] == rows
    keep = np.zeros(margin.shape, dtype=bool)
    keep[rows, best_b] = margin[rows, best_b] >= np.where(mutual, mutual_margin, one_sided_margin)
    cols = np.arange(len(best_a))
    keep[best_a, cols] |= margin[best_a, cols] >= one_sided_margin
    keep &= cos >= min_cosine
    out = []
    for r, c in zip(*np.nonzero(keep), strict=True):
        out.append(
            SentenceLink(a.paragraph[r], a.sentence[r], b.paragraph[c], b.sentence[c], round(float(cos[r, c]), 4), round(float(margin[r, c]), 4))
        )
    return out


def by_paragraph(links: Sequence[SentenceLink]) -> dict[tuple[int, int], list[SentenceLink]]:
    """Sentence links grouped by the paragraph pair they join."""
    out: dict[tuple[int, int], list[SentenceLink]] = {}
    for lk in links:
        out.setdefault((lk.pa, lk.pb), []).append(lk)
    return out


def paragraph_neighbours(
    a: ParagraphVectors, b: ParagraphVectors, k: int, cos: np.ndarray | None = None,
) -> set[tuple[int, int]] | None:
    """The paragraph pairs of two sources where each paragraph is among the ``k`` nearest of the
    other by ratio margin (ties count as near); ``cos``: their cosines when already computed.
    None when a source has no sentence to judge by."""
    import numpy as np

    if not len(a.vectors) or not len(b.vectors):
        return None
    _cos, margin = margins(a.vectors, b.vectors, k, cos)
    kr, kc = min(k, margin.shape[1]), min(k, margin.shape[0])
    row_kth = -np.partition(-margin, kr - 1, axis=1)[:, kr - 1 : kr]  # each row's k-th largest
    col_kth = -np.partition(-margin, kc - 1, axis=0)[kc - 1 : kc, :]
    near = (margin >= row_kth) & (margin >= col_kth)
    return {(a.paragraphs[r], b.paragraphs[c]) for r, c in zip(*np.nonzero(near), strict=True)}


class ParagraphVectors(NamedTuple):
    """One vector per paragraph of a source: the normalised mean of its sentence vectors."""

    paragraphs: list[int]
    vectors: np.ndarray


def paragraph_vectors(s: SourceSentences) -> ParagraphVectors:
    """The paragraph vectors of a source's sentences."""
    import numpy as np

    paras = sorted(set(s.paragraph))
    where = {p: n for n, p in enumerate(paras)}
    rows = np.asarray([where[p] for p in s.paragraph], dtype=np.int64)
    sums = np.zeros((len(paras), s.vectors.shape[1]), dtype=np.float32)
    np.add.at(sums, rows, s.vectors)
    return ParagraphVectors(paras, sums / np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-9))


def cosines_with(a: np.ndarray, partners: Sequence[np.ndarray]) -> list[np.ndarray | None]:
    """The cosines of ``a`` with each matrix of ``partners``, from one matrix product (one
    product of a source against all its partners is much cheaper than one per partner)."""
    import numpy as np

    full = [p for p in partners if len(p)]
    if not len(a) or not full:
        return [None] * len(partners)
    cos = a @ np.concatenate(full).T
    out: list[np.ndarray | None] = []
    at = 0
    for p in partners:
        out.append(cos[:, at : at + len(p)] if len(p) else None)
        at += len(p)
    return out
