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
event, and translations or spun versions of one article, share few (the seeds: at most 0.5%).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence

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


def family_members(families: Mapping[str, str], source_id: str) -> list[str]:
    """The ids of the sources of ``source_id``'s family (``families``), itself included, in order."""
    mine = families.get(source_id, source_id)
    members = [sid for sid, fam in families.items() if fam == mine]
    return members if source_id in members else [source_id, *members]


def family_total(counts: Iterable[tuple[str, int]], families: Mapping[str, str]) -> int:
    """A sum of per-source counts ``(source id, n)`` with near-copies as one text: each family
    counts its largest member's ``n``."""
    by_family: dict[str, int] = {}
    for sid, n in counts:
        fam = families.get(sid, sid)
        by_family[fam] = max(n, by_family.get(fam, 0))
    return sum(by_family.values())


def families(sources: Sequence[Source], least: float = NEAR_COPY) -> dict[str, str]:
    """Each source id mapped to the id of its family: the first source of its near-copy group.

    A source that copies no other is its own family. The sequences of all sources are sorted
    once (NumPy); each source then counts, for every other source, the sequences they share in
    one ``bincount`` over the holders of its sequences, so unrelated sources cost nothing and
    many copies of one text cost (copies x length), never a Python loop per pair.
    """
    import numpy as np  # here, not at import: the helpers above serve detectors without it

    sets = [shingles(s) for s in sources]
    sizes = np.array([len(seqs) for seqs in sets], dtype=np.int64)
    hashes = np.fromiter(itertools.chain.from_iterable(sets), dtype=np.int64, count=int(sizes.sum()))
    owner = np.repeat(np.arange(len(sources)), sizes)
    order = np.argsort(hashes, kind="stable")
    hashes, owner = hashes[order], owner[order]
    # for each position of the sorted sequences: where its group of equal hashes starts and ends
    first = np.flatnonzero(np.r_[True, hashes[1:] != hashes[:-1]]) if len(hashes) else np.zeros(0, np.int64)
    lengths = np.diff(np.r_[first, len(hashes)])
    group_start, group_len = np.repeat(first, lengths), np.repeat(lengths, lengths)
    shared = group_len > 1
    by_owner = np.argsort(owner[shared], kind="stable")
    positions = np.flatnonzero(shared)[by_owner]
    bounds = np.searchsorted(owner[positions], np.arange(len(sources) + 1))
    parent = list(range(len(sources)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(sources)):
        mine = positions[bounds[i] : bounds[i + 1]]  # this source's shared sequences
        if not len(mine):
            continue
        starts, lens = group_start[mine], group_len[mine]
        # every member of those groups: the start of its group repeated, plus 0..length-1
        members = np.repeat(starts - np.r_[0, np.cumsum(lens)[:-1]], lens) + np.arange(int(lens.sum()))
        common = np.bincount(owner[members], minlength=len(sources))
        for j in np.flatnonzero(common >= least * np.minimum(sizes[i], sizes)):
            if j > i:
                a, b = root(i), root(int(j))
                parent[max(a, b)] = min(a, b)  # the earliest source names the family
    return {s.id: sources[root(i)].id for i, s in enumerate(sources)}
