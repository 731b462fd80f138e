"""Which sentence of one paragraph matches which sentence of an aligned paragraph.

Until the alignment provides sentence links, sentences are matched inside aligned paragraphs:
within one language by character similarity (copies and light edits), across English and French
by shared keys (numbers, names, places, cognates and glossary words). Pairs are mutual best
matches above a floor, so each sentence is compared with its counterpart only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.fuzz import ratio

from diffsrc.analysis import claims

SAME_LANGUAGE = 0.55  # character similarity of two sentences of one language that match
CROSS_LANGUAGE = 0.3  # key overlap of an English and a French sentence that match


@dataclass(frozen=True)
class Sent:
    """A sentence to match: its offsets, language and folded text."""

    start: int
    end: int
    lang: str
    folded: str


def similarity(x: Sent, y: Sent) -> float:
    """How alike two sentences are, in [0, 1]: character ratio in one language, key overlap across."""
    if x.lang == y.lang:
        return ratio(x.folded, y.folded) / 100.0
    return key_overlap(_keys(x.folded), _keys(y.folded))


@lru_cache(maxsize=8192)
def _keys(folded: str) -> frozenset[str]:
    words = set(claims._content_tokens(folded))
    words.update(t for t in folded.replace(",", " ").replace(".", " ").split() if t[:1].isdigit())
    return frozenset(words)


def key_overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Dice overlap of two key sets, where words sharing their first five letters count as one."""
    if not a or not b:
        return 0.0
    prefixes = {w[:5] for w in b if len(w) >= 5}
    hits = sum(1 for w in a if w in b or (len(w) >= 5 and w[:5] in prefixes))
    return min(1.0, 2.0 * hits / (len(a) + len(b)))


def match(xs: Sequence[Sent], ys: Sequence[Sent]) -> list[tuple[int, int, float]]:
    """Mutual best pairs ``(i, j, similarity)`` of two sentence lists, above the language's floor."""
    if not xs or not ys:
        return []
    sims = [[similarity(x, y) for y in ys] for x in xs]
    out = []
    for i, row in enumerate(sims):
        j = max(range(len(ys)), key=row.__getitem__)
        floor = SAME_LANGUAGE if xs[i].lang == ys[j].lang else CROSS_LANGUAGE
        if row[j] >= floor and max(range(len(xs)), key=lambda k: sims[k][j]) == i:
            out.append((i, j, row[j]))
    return out
