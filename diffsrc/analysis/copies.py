"""Near-copies: sources that are one text (a copy, an excerpt, a reshuffle, a copy with a few words
changed), grouped into families so that cross-source evidence counts each text once.

Cross-source evidence asks what the *other* texts say. Ten copies of a spun article that all
write "reassurance pressure" are one witness of that wording, not ten: counted one by one they
would outvote the independent outlets and attest the spinner's wording as usual English. Textual
criticism calls this eliminating the copies (*eliminatio codicum descriptorum*): witnesses are
weighed, not counted. Detectors therefore take their evidence from the sources outside a
source's family (``Context.witnesses``) and count a family's votes once.

Two sources are near-copies when at least ``NEAR_COPY`` of the 5-word sequences of the shorter
one occur in the other (containment, so an excerpt is a copy of the whole); families are the
connected groups of that relation. Each word changed breaks the five sequences that hold it, so a
copy with one word in ten changed keeps about 0.9^5 = 59% of them; independent reports of one
event, and translations or spun versions of one article, share few (the seeds: at most 3%).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from diffsrc.model import Source

SHINGLE = 5  # words: long enough that two independent articles rarely share a sequence
NEAR_COPY = 0.6  # share of the shorter source's sequences found in the other


def shingles(source: Source) -> frozenset[int]:
    """Hashes of the lower-cased 5-word sequences of a source's body paragraphs."""
    out: set[int] = set()
    for p in source.paragraphs:
        if p.kind == "body":
            words = source.text[p.start : p.end].lower().split()
            # zip of the word list shifted 0..4 times (the shortest ends it): each 5-word window, in C
            out.update(map(hash, zip(*(words[i:] for i in range(SHINGLE)), strict=False)))
    return frozenset(out)


def families(sources: Sequence[Source], least: float = NEAR_COPY) -> dict[str, str]:
    """Each source id mapped to the id of its family: the first source of its near-copy group.

    A source that copies no other is its own family. Candidates come from an inverted index
    (sequence -> sources), so unrelated sources are never compared, and only from a prefix of
    each source's sequences: a source holding ``least`` of a smaller one's sequences holds one of
    any ``1 - least`` of them plus one (exact, as in set-similarity joins).
    """
    sets = [shingles(s) for s in sources]
    holders: dict[int, list[int]] = {}
    for i, seqs in enumerate(sets):
        for h in seqs:
            holders.setdefault(h, []).append(i)
    parent = list(range(len(sources)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, seqs in enumerate(sets):
        prefix = sorted(seqs)[: len(seqs) - math.ceil(least * len(seqs)) + 1]
        # the union in C: many copies of one text cost sources x prefix, not a Python loop per pair
        for j in set().union(*(holders[h] for h in prefix)):
            if j == i or len(sets[j]) < len(seqs) or root(i) == root(j):
                continue  # a smaller candidate finds this pair from its own prefix
            if len(seqs & sets[j]) >= least * len(seqs):
                a, b = root(i), root(j)
                parent[max(a, b)] = min(a, b)  # the earliest source names the family
    return {s.id: sources[root(i)].id for i, s in enumerate(sources)}

