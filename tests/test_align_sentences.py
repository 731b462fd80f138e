"""Margin-based sentence links (``diffsrc.analysis.align.sentences``) on hand-made unit vectors."""

from __future__ import annotations

import numpy as np
import pytest

from diffsrc.analysis.align.embeddings import SourceSentences
from diffsrc.analysis.align.sentences import (
    SentenceLink,
    by_paragraph,
    cosines_with,
    margins,
    paragraph_neighbours,
    paragraph_vectors,
    sentence_links,
)


def unit(rows: list[list[float]]) -> np.ndarray:
    m = np.asarray(rows, dtype=np.float32)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


def sents(rows: list[list[float]], paragraphs: list[int] | None = None) -> SourceSentences:
    paragraphs = paragraphs if paragraphs is not None else list(range(len(rows)))
    index = [paragraphs[:k].count(p) for k, p in enumerate(paragraphs)]
    return SourceSentences(unit(rows), tuple(paragraphs), tuple(index))


# A shared "topic" direction (every sentence is about the same story) plus a sentence's own.
def story(own: int, dims: int = 6, topic: float = 2.0) -> list[float]:
    v = [topic] + [0.0] * dims
    v[1 + own] = 1.0
    return v


def test_margin_is_cosine_over_the_mean_of_both_neighbourhoods() -> None:
    a, b = unit([[1, 0], [0, 1]]), unit([[1, 0], [1, 1]])
    cos, margin = margins(a, b, k=2)
    assert cos[0, 0] == pytest.approx(1.0)
    near_a0, near_b0 = (1.0 + cos[0, 1]) / 2, (1.0 + cos[1, 0]) / 2
    assert margin[0, 0] == pytest.approx(1.0 / ((near_a0 + near_b0) / 2) - 1.0, rel=1e-5)


@pytest.mark.parametrize(
    ("a_rows", "b_rows", "expected"),
    [
        # Same sentences, shuffled: each finds its own, mutual best.
        ([story(0), story(1), story(2)], [story(2), story(0), story(1)], {(0, 1), (1, 2), (2, 0)}),
        # Nothing in b says what a says: all topical, no margin, no link.
        ([story(0), story(1)], [story(3), story(4), story(5)], set()),
        # One sentence of a in b, the rest unrelated.
        ([story(0), story(1)], [story(4), story(0), story(5)], {(0, 1)}),
    ],
)
def test_links_are_mutual_best_with_a_margin(a_rows: list[list[float]], b_rows: list[list[float]], expected: set[tuple[int, int]]) -> None:
    got = sentence_links(sents(a_rows), sents(b_rows), k=2, min_cosine=0.0)
    assert {(lk.pa, lk.pb) for lk in got} == expected
    assert all(lk.margin >= 0.03 for lk in got)


def test_a_split_sentence_links_both_halves_one_sided() -> None:
    # b says a's first sentence in two sentences, each close to it and to nothing else.
    half1 = [2.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.3, 0.0]
    half2 = [2.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.3]
    a = sents([story(0, 7), story(1, 7), story(2, 7)])
    b = sents([half1, half2, story(3, 7), story(4, 7)], [0, 0, 1, 2])
    got = sentence_links(a, b, k=4, min_cosine=0.0)
    assert sorted((lk.pa, lk.pb, lk.j) for lk in got) == [(0, 0, 0), (0, 0, 1)]
    assert list(by_paragraph(got)) == [(0, 0)]


def test_low_cosines_never_link_and_empty_sources_give_nothing() -> None:
    a, b = sents([[1, 0, 0], [0, 1, 0]]), sents([[0.05, 0.05, 1.0], [0, 0, 1.0]])
    assert sentence_links(a, b, k=2, min_cosine=0.5) == []
    empty = SourceSentences(np.zeros((0, 3), dtype=np.float32), (), ())
    assert sentence_links(a, empty) == [] and sentence_links(empty, a) == []


def test_by_paragraph_groups_links() -> None:
    links = [SentenceLink(0, 0, 1, 0, 0.9, 0.1), SentenceLink(0, 1, 1, 1, 0.9, 0.1), SentenceLink(2, 0, 0, 0, 0.9, 0.1)]
    assert {k: len(v) for k, v in by_paragraph(links).items()} == {(0, 1): 2, (2, 0): 1}


def test_paragraph_neighbours_are_within_k_of_both_sides() -> None:
    # a: paragraphs 0 (two sentences) and 1; b: four paragraphs, b's 0 and 3 near a's 0 and 1.
    a = sents([story(0), story(1), story(2)], [0, 0, 1])
    b = sents([story(0), story(3), story(4), story(2)])
    pa, pb = paragraph_vectors(a), paragraph_vectors(b)
    assert pa.paragraphs == [0, 1] and np.allclose(np.linalg.norm(pa.vectors, axis=1), 1.0)
    assert paragraph_neighbours(pa, pb, 1) == {(0, 0), (1, 3)}
    assert {(0, 0), (1, 3)} <= paragraph_neighbours(pa, pb, 2)
    empty = paragraph_vectors(SourceSentences(np.zeros((0, 7), dtype=np.float32), (), ()))
    assert paragraph_neighbours(pa, empty, 2) is None  # nothing to judge by: the keys decide


def test_cosines_with_partners_equal_one_product_each() -> None:
    a = unit([story(0), story(1)])
    partners = [unit([story(2)]), np.zeros((0, 7), dtype=np.float32), unit([story(0), story(3), story(1)])]
    got = cosines_with(a, partners)
    assert got[1] is None
    for cos, b in zip(got, partners, strict=True):
        if len(b):
            assert cos is not None and np.allclose(cos, a @ b.T)
    assert cosines_with(a[:0], partners) == [None, None, None]
