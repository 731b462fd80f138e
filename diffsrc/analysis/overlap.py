"""Soft overlap of two claims' folded tokens: exact words or English/French cognates.

Used by the fact comparison to tell whether two quotes, statements or participant lists are the
same across outlets and languages; token sets are built once per claim and cached.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache


def soft_overlap(a: Sequence[str], b: Sequence[str], of_longer: bool = False) -> float:
    """Share of the shorter (or longer) token set matched in the other, exactly or as an EN/FR cognate."""
    return overlap(token_set(tuple(a)), token_set(tuple(b)), of_longer)


def overlap(ta: TokenSet, tb: TokenSet, of_longer: bool = False) -> float:
    """``soft_overlap`` of two token sets."""
    if not ta.words or not tb.words:
        return 0.0
    short, long_ = (ta, tb) if len(ta.words) <= len(tb.words) else (tb, ta)
    if of_longer:
        short, long_ = long_, short
    words, initial = long_.words, long_.by_initial
    # ``cognate`` needs four letters and the same first letter: other words can only match exactly
    hit = sum(1 for t in short.words
              if t in words or (len(t) >= 4 and any(cognate(t, u) for u in initial.get(t[0], ()))))
    return hit / len(short.words)


def may_overlap(ta: TokenSet, tb: TokenSet, least: float) -> bool:
    """False when ``overlap(ta, tb)`` is surely under ``least``: even if every word of the shorter
    set that shares an initial with a long word of the other were a cognate, too few would match."""
    short, long_ = (ta, tb) if len(ta.words) <= len(tb.words) else (tb, ta)
    exact = len(short.words & long_.words)
    if exact >= least * len(short.words):
        return True
    maybe = sum(1 for t in short.long_words - long_.words if t[0] in long_.by_initial)
    return exact + maybe >= least * len(short.words)


@dataclass(frozen=True)
class TokenSet:
    words: frozenset[str]
    by_initial: dict[str, tuple[str, ...]]  # words of four letters or more by first letter
    long_words: frozenset[str] = frozenset()  # the words of four letters or more


@lru_cache(maxsize=65536)
def token_set(tokens: tuple[str, ...]) -> TokenSet:
    """A claim's tokens as a set, built once per claim rather than once per compared pair."""
    words = frozenset(tokens)
    by_initial: dict[str, list[str]] = defaultdict(list)
    for w in sorted(words):
        if len(w) >= 4:
            by_initial[w[0]].append(w)
    return TokenSet(words, {k: tuple(v) for k, v in by_initial.items()}, frozenset(w for w in words if len(w) >= 4))


@lru_cache(maxsize=65536)
def cognate(a: str, b: str) -> bool:
    """True when two folded words look like the same word across English and French."""
    if len(a) < 4 or len(b) < 4 or a[0] != b[0]:
        return False
    n = 0
    for ca, cb in zip(a, b, strict=False):
        if ca != cb:
            break
        n += 1
    if n >= 5 or (n >= 4 and min(len(a), len(b)) <= 6):
        return True
    from rapidfuzz.fuzz import ratio

    return ratio(a, b) >= (75 if min(len(a), len(b)) >= 6 else 85)
