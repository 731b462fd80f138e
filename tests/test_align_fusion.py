"""Fusion of key links and sentence links into paragraph links (``diffsrc.analysis.align.fusion``)."""

from __future__ import annotations

import pytest

from diffsrc.analysis.align.config import AlignConfig
from diffsrc.analysis.align.fusion import fuse, sentence_score
from diffsrc.analysis.align.scoring import PairLink
from diffsrc.analysis.align.sentences import SentenceLink

CONFIG = AlignConfig()


def key(i: int, j: int, strength: str = "related", score: float = 0.58) -> PairLink:
    return PairLink(i, j, score, strength, {"entities": 1.6}, ("Kyiv",))


def sent(pa: int, pb: int, margin: float, i: int = 0, j: int = 0) -> SentenceLink:
    return SentenceLink(pa, i, pb, j, 0.9, margin)


@pytest.mark.parametrize(
    ("keys", "sentences", "expected"),
    [
        # keys alone keep their decision
        ([key(0, 1)], [], [(0, 1, "related", ())]),
        # a clear sentence link alone makes a "same" link, with its sentence pair
        ([], [sent(2, 3, 0.08, 1, 0)], [(2, 3, "same", ((1, 0, 0.08),))]),
        # a weak sentence link alone is not enough...
        ([], [sent(2, 3, 0.035)], []),
        # ...beside the keys' link it upgrades it
        ([key(2, 3)], [sent(2, 3, 0.035)], [(2, 3, "same", ((0, 0, 0.035),))]),
        # a paragraph split in two: one paragraph of a linked to two of b, in paragraph order
        ([], [sent(4, 6, 0.09), sent(4, 5, 0.07, 1, 0)], [(4, 5, "same", ((1, 0, 0.07),)), (4, 6, "same", ((0, 0, 0.09),))]),
    ],
)
def test_fuse(keys: list[PairLink], sentences: list[SentenceLink], expected: list[tuple[object, ...]]) -> None:
    got = fuse(keys, sentences, CONFIG)
    assert [(lk.i, lk.j, lk.strength, lk.sentences) for lk in got] == expected


@pytest.mark.parametrize(
    ("keys", "near", "expected"),
    [
        ([key(0, 1)], {(0, 1)}, [(0, 1)]),  # the encoder agrees: kept
        ([key(0, 1)], {(0, 2)}, []),  # a weak key link the encoder does not place near: dropped
        ([key(0, 1, "same", 0.7)], set(), [(0, 1)]),  # a confident key link stands on its own
        ([key(0, 1)], None, [(0, 1)]),  # no encoder (keys only): the keys decide
    ],
)
def test_weak_key_links_need_the_encoder_to_agree(keys: list[PairLink], near: set[tuple[int, int]] | None, expected: list[tuple[int, int]]) -> None:
    assert [(lk.i, lk.j) for lk in fuse(keys, [], CONFIG, near)] == expected


def test_fused_link_keeps_key_evidence_and_adds_sentence_signals() -> None:
    (got,) = fuse([key(0, 1)], [sent(0, 1, 0.06)], CONFIG)
    assert got.shared == ("Kyiv",) and got.signals["entities"] == 1.6
    assert got.signals["sentence_margin"] == 0.06 and got.signals["sentence_pairs"] == 1.0
    assert got.score == max(0.58, sentence_score([sent(0, 1, 0.06)], CONFIG))


def test_sentence_score_rises_with_margin_and_is_at_most_one() -> None:
    low, high, top = (sentence_score([sent(0, 0, m)], CONFIG) for m in (0.03, 0.08, 1.0))
    assert CONFIG.same_threshold <= low < high <= top == 1.0
