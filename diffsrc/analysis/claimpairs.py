"""Which pairs of claims the fact comparison compares: claims of two different sources that share
what their comparator needs (an anchor, a person, aligned paragraphs, a quote's wording).

A claim is never compared with another claim of its own source, and the pairs are generated
from what two claims share rather than filtered from all pairs, so one long source costs the
comparable pairs it has with the others, not the square of its own claims.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache

from diffsrc.analysis.claims import Extracted
from diffsrc.analysis.overlap import may_overlap, overlap, token_set

QUOTE_SAME = 0.6  # soft token overlap above which two quotations are the same quote


def pairs(items: Sequence[Extracted], focus: frozenset[str] | None) -> Iterable[tuple[Extracted, Extracted]]:
    """Every pair ``(items[i], items[j])`` with i < j of two different sources; with ``focus``, only
    pairs with a focus claim (in the same order), found without walking the pairs of the others."""
    if focus is None:
        for i, x in enumerate(items):
            for y in items[i + 1 :]:
                if y.claim.source != x.claim.source:
                    yield x, y
        return
    mine = [i for i, e in enumerate(items) if e.claim.source in focus]
    taken = set(mine)
    for i, x in enumerate(items):
        later = items[i + 1 :] if i in taken else [items[j] for j in mine[bisect.bisect_right(mine, i) :]]
        for y in later:
            if y.claim.source != x.claim.source:
                yield x, y


def candidate_pairs(
    family: str, items: Sequence[Extracted], focus: frozenset[str] | None,
    aligned: Iterable[tuple[str, int, str, int]],
) -> Iterable[tuple[Extracted, Extracted]]:
    """The pairs of ``pairs`` that the family's comparator can relate, in the same order.

    Each comparator needs something the two claims share: numbers, places and statements the
    same anchor (unit, destination, speaker); times the same anchor or aligned paragraphs; lists
    of people a person. Only pairs sharing it are generated, so comparing a corpus costs the
    comparable pairs, not every pair of claims. Quotes (shared words) are compared pairwise.
    ``aligned`` holds each aligned paragraph pair as (source, paragraph, source, paragraph), both ways.
    """
    if family == "quote":
        yield from quote_pairs(items, focus)
        return
    if family not in ("number", "place", "statement", "time", "people"):
        yield from pairs(items, focus)
        return
    keys: dict[object, int] = {}
    # item indexes sharing what the comparator needs, by source, ascending
    groups: list[dict[str, list[int]]] = []
    of_item: list[list[int]] = [[] for _ in items]  # the groups of each item

    def join(key: object, i: int) -> None:
        g = keys.setdefault(key, len(groups))
        if g == len(groups):
            groups.append(defaultdict(list))
        groups[g][items[i].claim.source].append(i)
        of_item[i].append(g)

    def partners(i: int) -> Iterable[int]:
        """The items of other sources sharing a group with item ``i``."""
        own = items[i].claim.source
        return (j for g in of_item[i] for src, js in groups[g].items() if src != own for j in js)

    for i, e in enumerate(items):
        if family == "people":
            for person in e.claim.value.split("+"):
                join(("person", person), i)
        elif family != "time" or e.anchor:
            join(("anchor", e.anchor), i)
    if family == "time":
        # claims without a shared anchor still meet in aligned paragraphs
        by_paragraph: dict[tuple[str, int], list[int]] = defaultdict(list)
        for i, e in enumerate(items):
            by_paragraph[(e.claim.source, e.claim.paragraph)].append(i)
        for a_src, a_par, b_src, b_par in aligned:
            if (a_src, a_par) < (b_src, b_par):  # each aligned pair is listed both ways
                for i in [*by_paragraph.get((a_src, a_par), ()), *by_paragraph.get((b_src, b_par), ())]:
                    join(("aligned", a_src, a_par, b_src, b_par), i)
    mine = None if focus is None else {i for i, e in enumerate(items) if e.claim.source in focus}
    focus_mates: dict[int, set[int]] = defaultdict(set)  # item -> later focus items sharing a group
    for f in sorted(mine or ()):
        for i in partners(f):
            if i < f:
                focus_mates[i].add(f)
    # Pair by pair in the order of ``pairs`` (i, then j ascending); one item's partners at a time.
    for i, x in enumerate(items):
        if mine is None or i in mine:
            later = {j for j in partners(i) if j > i}
        else:
            later = focus_mates.get(i, set())
        for j in sorted(later):
            yield x, items[j]


def quote_pairs(items: Sequence[Extracted], focus: frozenset[str] | None) -> Iterable[tuple[Extracted, Extracted]]:
    """The pairs of ``pairs`` that ``quote_similarity`` calls the same quote, in the same order.

    Outlets, and copies of them, repeat quotes word for word: claims are grouped by wording, and
    two wordings are compared once (in each order their claims come in) rather than once per pair
    of claims. A check against 200 sources that copy five articles had 13,000 pairs of quote
    claims and 65 wordings.
    """
    groups: dict[tuple[str, ...], list[int]] = {}
    for i, e in enumerate(items):
        groups.setdefault(e.tokens, []).append(i)
    wordings = list(groups.values())
    found: set[tuple[int, int]] = set()

    # the sources of each wording: two wordings of one and the same source are never compared
    sources = [frozenset(items[i].claim.source for i in xs) for xs in wordings]

    def between(xs: Sequence[int], ys: Sequence[int]) -> None:
        same: dict[bool, bool] = {}  # (the claim of xs comes first) -> the same quote
        for i in xs:
            for j in ys:
                if items[i].claim.source == items[j].claim.source:
                    continue
                lo, hi = (i, j) if i < j else (j, i)
                ok = same.get(lo == i)
                if ok is None:
                    ok = same[lo == i] = quote_similarity(items[lo].tokens, items[hi].tokens) is not None
                if ok:
                    found.add((lo, hi))

    if focus is None:
        for n, xs in enumerate(wordings):
            for k in range(n, len(wordings)):
                if len(sources[n] | sources[k]) > 1:
                    between(xs, wordings[k])
    else:
        for xs in wordings:
            mine = [i for i in xs if items[i].claim.source in focus]
            if mine:
                own = frozenset(items[i].claim.source for i in mine)
                for k, ys in enumerate(wordings):
                    if len(own | sources[k]) > 1:
                        between(mine, ys)
    for lo, hi in sorted(found):
        yield items[lo], items[hi]


@lru_cache(maxsize=65536)
def quote_similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float | None:
    """How much two quotes share (``soft_overlap``), or None when they are not the same quote.

    Cached by wording: outlets repeat quotes word for word, so a corpus compares the same pairs
    of wordings many times."""
    ta, tb = token_set(a), token_set(b)
    if min(len(ta.words), len(tb.words)) < 3 or not may_overlap(ta, tb, QUOTE_SAME):
        return None
    sim = overlap(ta, tb)
    # the shorter quote must be most of the longer one too, else it is another quote sharing words
    if sim < QUOTE_SAME or overlap(ta, tb, of_longer=True) < QUOTE_SAME / 2:
        return None
    return sim
