"""Fusion of the two kinds of evidence into paragraph links: shared keys (names, numbers, dates,
concepts; ``diffsrc.analysis.align.scoring``) and sentence links (``diffsrc.analysis.align.sentences``).

A paragraph pair joined by a sentence link with a clear margin, or with a weaker one where the
keys link it too, reports the same facts: it is ``same``,
whatever its keys say, and carries its sentence pairs, so readers and the fact comparison see
which sentence matches which. A pair the keys link and no sentence joins keeps the keys'
decision when it is ``same``: the keys see what an encoder misses (a changed number, a name
spelled differently). A weaker (``related``) key link is kept only where the encoder agrees
that the two paragraphs are close: each among the other's ``k`` nearest paragraphs of the other
source (the neighbourhood of the margin). Two outlets' paragraphs about neighbouring facts of one
story share its names and words; the keys alone cannot tell them from a paraphrase.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from diffsrc.analysis.align.config import AlignConfig
from diffsrc.analysis.align.scoring import PairLink
from diffsrc.analysis.align.sentences import SentenceLink, by_paragraph


def sentence_score(links: Sequence[SentenceLink], config: AlignConfig) -> float:
    """A paragraph pair's score from its sentence links: at the ``same`` threshold for a link at
    the margin threshold, rising with the best margin."""
    best = max(lk.margin for lk in links)
    return round(min(1.0, config.same_threshold + 4.0 * max(best - config.mutual_margin, 0.0) + 0.05), 4)


def fuse(
    keys: Sequence[PairLink], sentences: Sequence[SentenceLink], config: AlignConfig,
    near: Collection[tuple[int, int]] | None = None,
) -> list[PairLink]:
    """The links of one source pair from its key links and its sentence links, in paragraph order;
    ``near``: the paragraph pairs the encoder puts in each other's neighbourhood (None: no check)."""
    grouped = by_paragraph(sentences)
    keyed = {(lk.i, lk.j) for lk in keys}
    # A weak margin is common between two outlets' paraphrases of neighbouring facts: alone it
    # is not enough, beside shared keys it is.
    grouped = {
        pair: links for pair, links in grouped.items()
        if pair in keyed or max(lk.margin for lk in links) >= config.alone_margin
    }
    out: list[PairLink] = []
    for lk in keys:
        joined = grouped.pop((lk.i, lk.j), None)
        if joined is None:
            if lk.strength == "same" or near is None or (lk.i, lk.j) in near:
                out.append(lk)
            continue
        signals = dict(lk.signals) | _sentence_signals(joined)
        score = max(lk.score, sentence_score(joined, config))
        out.append(lk._replace(score=score, strength="same", signals=signals, sentences=_pairs(joined)))
    for (i, j), joined in grouped.items():
        out.append(PairLink(i, j, sentence_score(joined, config), "same", _sentence_signals(joined), (), _pairs(joined)))
    out.sort(key=lambda lk: (lk.i, lk.j))
    return out


def _sentence_signals(links: Sequence[SentenceLink]) -> dict[str, float]:
    return {"sentence_margin": max(lk.margin for lk in links), "sentence_cosine": max(lk.cosine for lk in links), "sentence_pairs": float(len(links))}


def _pairs(links: Sequence[SentenceLink]) -> tuple[tuple[int, int, float], ...]:
    return tuple(sorted((lk.i, lk.j, lk.margin) for lk in links))
