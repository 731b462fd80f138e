"""Facts from the claim kinds: the slots of matched sentences of aligned paragraphs, compared kind
by kind ("2010" against the counterpart sentence's year, not against any number of the paragraph).

Each fact says why: the two spans (its claims), the normalised values, the rule and the sentence
similarity behind its confidence. A sentence and its own copy hold the same values, so they only
ever agree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from diffsrc.analysis import mentions
from diffsrc.analysis.claimkinds import BY_NAME, KINDS, sentences
from diffsrc.analysis.claimkinds import table as table_of
from diffsrc.analysis.claimkinds.base import Kind, SentenceView, Slot, Verdict
from diffsrc.analysis.claimkinds.table import SentenceSlots, StoredSlots
from diffsrc.model import Alignment, Claim, Fact, Source

EMIT = 0.6  # contradictions below this confidence are not reported
MAX_CONFLICTS = 2  # a sentence pair with more substitutions than this is two different sentences
CROSS_CONFIDENT = 0.6  # overlap at which an EN/FR pair is surely the same sentence
# Overlap at which an EN/FR pair sharing a value may contradict on another: above what 99.9% of
# the pairs of different sentences of one article reach (``sentences.similarity``).
CROSS_CONTRADICT = 0.36
REWORDED = 0.7  # character similarity under which two sentences of one language are rewritten, not edited
_INDEX = {kind.name: i for i, kind in enumerate(KINDS)}
_KEPT_IN_TRANSLATION = frozenset(kind.name for kind in KINDS if kind.kept_in_translation)

# A source's slot table (``table.source_slots``), possibly read from a cache.
Table = Callable[[Source], Sequence[SentenceSlots | StoredSlots]]
_Slots = tuple[tuple[Slot, ...], ...]

@dataclass(frozen=True)
class _Found:
    verdict: Verdict
    x: SentenceView
    y: SentenceView
    similarity: float
    weight: float


def sentence_facts(
    sources: Sequence[Source], alignments: Sequence[Alignment], known: frozenset[str], table: Table | None = None,
) -> list[Fact]:
    """Agreements and contradictions of the claim kinds over the matched sentences of aligned paragraphs.

    An outlet that splits or merges paragraphs moves sentences to a neighbouring aligned
    paragraph, so sentences are matched over all the aligned paragraphs of two sources at once
    (``sentences.match``); the sentence links of the alignment (its multilingual sentence
    embeddings) add the pairs of sentences that matching left unpaired. ``table`` gives a
    source's slots (``table.source_slots`` with ``known``, unless given, e.g. from a cache).
    """
    views = _Views(sources, known, table)
    pools: dict[tuple[str, str], tuple[set[int], set[int], list[Alignment]]] = {}
    for al in alignments:
        mine, theirs, als = pools.setdefault((al.a.source, al.b.source), (set(), set(), []))
        mine.add(al.a.paragraph)
        theirs.add(al.b.paragraph)
        als.append(al)
    found: list[_Found] = []
    for (a, b), (pa, pb, als) in pools.items():
        xs = [v for p in sorted(pa) for v in views.of(a, p)]
        ys = [v for p in sorted(pb) for v in views.of(b, p)]
        for i, j, sim, how in _pairs(xs, ys, als):
            found.extend(_compare(xs[i], ys[j], sim, views, how))
    return _merge(found)


def _pairs(
    xs: Sequence[SentenceView], ys: Sequence[SentenceView], als: Sequence[Alignment],
) -> list[tuple[int, int, float, str]]:
    """Matched sentences ``(i, j, similarity, how)``: ``how`` is "words" when their words matched,
    "embeddings" when only the alignment's sentence embeddings link them, "both" when both do."""
    sx = [sentences.Sent(v.start, v.end, v.lang, v.folded[v.start : v.end], v.surface) for v in xs]
    sy = [sentences.Sent(v.start, v.end, v.lang, v.folded[v.start : v.end], v.surface) for v in ys]
    at_x = {(v.paragraph, v.start): i for i, v in enumerate(xs)}
    at_y = {(v.paragraph, v.start): j for j, v in enumerate(ys)}
    links: list[tuple[int, int]] = []
    first_of, second_of = by_paragraph(xs), by_paragraph(ys)
    for al in als:
        first, second = first_of.get(al.a.paragraph, []), second_of.get(al.b.paragraph, [])
        for link in al.sentences:
            if link.a < len(first) and link.b < len(second):
                links.append((at_x[(al.a.paragraph, first[link.a].start)], at_y[(al.b.paragraph, second[link.b].start)]))
    linked = set(links)
    out = [(i, j, sim, "both" if (i, j) in linked else "words") for i, j, sim in sentences.match(sx, sy)]
    used_x, used_y = {p[0] for p in out}, {p[1] for p in out}
    for i, j in links:
        if i not in used_x and j not in used_y:
            used_x.add(i)
            used_y.add(j)
            out.append((i, j, sentences.similarity(sx[i], sy[j]), "embeddings"))
    return out


def by_paragraph(vs: Sequence[SentenceView]) -> dict[int, list[SentenceView]]:
    """The sentence views of each paragraph, in order: grouped once, not filtered per alignment
    (that was quadratic in a long source's sentences)."""
    out: dict[int, list[SentenceView]] = {}
    for v in vs:
        out.setdefault(v.paragraph, []).append(v)
    return out


def _compare(x: SentenceView, y: SentenceView, sim: float, views: _Views, how: str = "words") -> list[_Found]:
    out: list[_Found] = []
    for kind in KINDS:
        for v in kind.compare(views.slots(kind, x), views.slots(kind, y)):
            out.append(_Found(v, x, y, sim, kind.weight))
    conflicts = [f for f in out if f.verdict.kind == "contradiction"]
    agreed = [f for f in out if f.verdict.kind == "agreement"]
    # Sentences linked by their embeddings alone may be paraphrases of different statements: they
    # agree on the values they share but never contradict.
    # In one language, a pair below REWORDED is another outlet's wording, which may be of another
    # statement ("said on Monday" against "wrote in Sunday's paper"): it agrees, never contradicts.
    if how == "embeddings" or len(conflicts) > MAX_CONFLICTS or (x.lang == y.lang and sim < REWORDED):
        return agreed
    if x.lang == y.lang:
        return out
    # Across languages a substitution only counts when the sentences also agree on a value (a
    # translation keeps its names, numbers and dates, another outlet's sentence need not) and they
    # are surely the same sentence: their words overlap a lot, or less but their embeddings link
    # them too (every such pair of the professional translations of the external dev set is
    # linked, against 3 of 13 pairs of different outlets' sentences in the seeds).
    # Only values a translation keeps as they are contradict across languages.
    if not agreed or sim < CROSS_CONTRADICT or (sim < CROSS_CONFIDENT and how != "both"):
        return agreed
    return agreed + [f for f in conflicts if f.verdict.a.kind in _KEPT_IN_TRANSLATION]


def confidence(f: _Found) -> float:
    """How sure a verdict is: the kind's weight, scaled by how surely the sentences match.

    (Across languages ``_compare`` keeps a contradiction only with a high key overlap and another
    value both sentences share.)"""
    same_lang = f.x.lang == f.y.lang
    match = min(1.0, f.similarity / (0.85 if same_lang else CROSS_CONFIDENT))
    return round(f.weight * (0.6 + 0.4 * match) + (0.1 if same_lang and f.similarity >= 0.85 else 0.0), 3)


class _Views:
    """Sentence views and their slots, read from each source's slot table once."""

    def __init__(self, sources: Sequence[Source], known: frozenset[str], table: Table | None) -> None:
        self.sources = {s.id: s for s in sources}
        self.known = known
        self.table: Table = table or (lambda src: table_of.source_slots(src, known))
        self._views: dict[tuple[str, int], list[SentenceView]] = {}
        # A cached row's slots are decoded when first compared (``slots``).
        self._slots: dict[tuple[str, int], _Slots | StoredSlots] = {}
        self._folded: dict[str, str] = {}

    def of(self, source: str, paragraph: int) -> list[SentenceView]:
        """The sentence views of one paragraph, in order."""
        src = self.sources[source]
        if source not in self._folded:
            self._load(src)
        key = (source, paragraph)
        if key not in self._views:  # a paragraph the table skips, aligned all the same
            found = list(table_of.views(src, paragraph, self.known, self._folded[source]))
            for v in found:
                self._slots[(source, v.start)] = table_of.slots_of(v)
            self._views[key] = [replace(v, mentions=()) for v in found]
        return self._views[key]

    def _load(self, src: Source) -> None:
        folded = self._folded[src.id] = mentions.fold_in_place(src.text)
        for row in self.table(src):
            para = src.paragraphs[row.paragraph]
            view = SentenceView(src.id, row.paragraph, row.start, row.end, src.text, folded, para.lang or src.lang,
                                (), src.meta.date or "")
            self._views.setdefault((src.id, row.paragraph), []).append(view)
            self._slots[(src.id, row.start)] = row.slots if isinstance(row, SentenceSlots) else row

    def slots(self, kind: Kind, s: SentenceView) -> Sequence[Slot]:
        """The slots of one kind in a sentence."""
        got = self._slots[(s.source, s.start)]
        if isinstance(got, StoredSlots):
            got = self._slots[(s.source, s.start)] = self._decode(got, s)
        return got[_INDEX[kind.name]]

    def _decode(self, row: StoredSlots, s: SentenceView) -> _Slots:
        """A cached row's slots; found again from the sentence if they do not fit the claim kinds."""
        try:
            return table_of.slots_in(row)
        except ValueError:
            src = self.sources[s.source]
            view = next(v for v in table_of.views(src, s.paragraph, self.known, s.folded) if v.start == s.start)
            return table_of.slots_of(view)


def _claim(s: SentenceView, slot: Slot) -> Claim:
    return Claim(s.source, s.paragraph, slot.start, slot.end, s.text[slot.start : slot.end], slot.kind,
                 slot.value, f"{slot.kind}:{slot.value}", s.lang)


def _merge(found: Sequence[_Found]) -> list[Fact]:
    """One contradiction per changed value (all the sources it disagrees with), one agreement per
    value; values of one language and of the other that matched sentences pair without being
    equal (a quote and its translation) are one agreement."""
    conflicts: dict[tuple[str, str, str], list[tuple[_Found, float]]] = defaultdict(list)
    agree: dict[tuple[str, str], list[tuple[_Found, float]]] = defaultdict(list)
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def root(k: tuple[str, str]) -> tuple[str, str]:
        while parent.get(k, k) != k:
            k = parent[k]
        return k

    for f in found:
        conf = confidence(f)
        v = f.verdict
        if v.kind == "contradiction":
            if conf >= EMIT:
                lo, hi = sorted([v.a.value, v.b.value])
                conflicts[(v.a.kind, lo, hi)].append((f, conf))
            continue
        agree[(v.a.kind, v.a.value)].append((f, conf))
        if v.rule == "quote.translated":
            ka, kb = root((v.a.kind, v.a.value)), root((v.b.kind, v.b.value))
            if ka != kb:
                parent[max(ka, kb)] = min(ka, kb)
    groups: dict[tuple[str, str], list[tuple[_Found, float]]] = defaultdict(list)
    for key, items in agree.items():
        groups[root(key)].extend(items)
    facts = [_fact("contradiction", key, items) for key, items in conflicts.items()]
    facts += [_fact("agreement", key, items) for key, items in groups.items()]
    return facts


def _fact(kind: str, key: tuple[str, ...], items: Sequence[tuple[_Found, float]]) -> Fact:
    # In order, each once: an agreement of 200 sources has hundreds of claims.
    members = list(dict.fromkeys(c for f, _ in items for c in (_claim(f.x, f.verdict.a), _claim(f.y, f.verdict.b))))
    best, conf = max(items, key=lambda t: t[1])
    v = best.verdict
    shown = BY_NAME[key[0]].shown if key[0] in BY_NAME else str
    values = " vs ".join(shown(v) for v in key[1:]) if kind == "contradiction" else shown(key[1])
    topic = f"{key[0]} in matched sentences: {_clip(values)}"
    reason = f"{key[0]} mismatch" if kind == "contradiction" else ""
    message = (f"rule {v.rule}; {best.x.source} “{_clip(shown(v.a.value))}” / {best.y.source} “{_clip(shown(v.b.value))}”; "
               f"sentence similarity {best.similarity:.2f}; {len({c.source for c in members})} sources")
    return Fact(kind, topic, tuple(members), reason, conf, message)  # type: ignore[arg-type]


def _clip(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"
