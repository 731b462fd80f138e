"""Facts from the claim kinds: the slots of matched sentences of aligned paragraphs, compared kind
by kind ("2010" against the counterpart sentence's year, not against any number of the paragraph).

Each fact says why: the two spans (its claims), the normalised values, the rule and the sentence
similarity behind its confidence. A sentence and its own copy hold the same values, so they only
ever agree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from diffsrc.analysis import mentions
from diffsrc.analysis.claimkinds import KINDS, sentences
from diffsrc.analysis.claimkinds.base import Kind, SentenceView, Slot, Verdict
from diffsrc.model import Alignment, Claim, Fact, Source

EMIT = 0.6  # contradictions below this confidence are not reported
MAX_CONFLICTS = 2  # a sentence pair with more substitutions than this is two different sentences
CROSS_CONFIDENT = 0.6  # key overlap at which an EN/FR pair is surely the same sentence

# (source, paragraph) -> (source, paragraph) -> sentence pairs given by the alignment
SentencePairs = Mapping[tuple[str, int, str, int], Sequence[tuple[int, int]]]


@dataclass(frozen=True)
class _Found:
    verdict: Verdict
    x: SentenceView
    y: SentenceView
    similarity: float
    weight: float


def sentence_facts(
    sources: Sequence[Source], alignments: Sequence[Alignment], known: frozenset[str],
    sentence_pairs: SentencePairs | None = None,
) -> list[Fact]:
    """Agreements and contradictions of the claim kinds over the matched sentences of aligned paragraphs.

    ``sentence_pairs`` (optional) gives, for an aligned paragraph pair, the pairs of sentence
    indexes the alignment linked; without it sentences are matched here (``sentences.match``).
    """
    views = _Views(sources, known)
    found: list[_Found] = []
    if sentence_pairs is not None:
        for al in alignments:
            xs, ys = views.of(al.a.source, al.a.paragraph), views.of(al.b.source, al.b.paragraph)
            given = sentence_pairs.get((al.a.source, al.a.paragraph, al.b.source, al.b.paragraph), ())
            for i, j, sim in _pairs(xs, ys, given):
                found.extend(_compare(xs[i], ys[j], sim, views))
        return _merge(found)
    # An outlet that splits or merges paragraphs moves sentences to a neighbouring aligned
    # paragraph: sentences are matched over all the aligned paragraphs of two sources at once.
    pools: dict[tuple[str, str], tuple[set[int], set[int]]] = {}
    for al in alignments:
        mine, theirs = pools.setdefault((al.a.source, al.b.source), (set(), set()))
        mine.add(al.a.paragraph)
        theirs.add(al.b.paragraph)
    for (a, b), (pa, pb) in pools.items():
        xs = [v for p in sorted(pa) for v in views.of(a, p)]
        ys = [v for p in sorted(pb) for v in views.of(b, p)]
        for i, j, sim in _pairs(xs, ys, None):
            found.extend(_compare(xs[i], ys[j], sim, views))
    return _merge(found)


def _pairs(xs: Sequence[SentenceView], ys: Sequence[SentenceView],
           given: Sequence[tuple[int, int]] | None) -> list[tuple[int, int, float]]:
    sx = [sentences.Sent(v.start, v.end, v.lang, v.folded[v.start : v.end]) for v in xs]
    sy = [sentences.Sent(v.start, v.end, v.lang, v.folded[v.start : v.end]) for v in ys]
    if given is not None:
        return [(i, j, sentences.similarity(sx[i], sy[j])) for i, j in given if i < len(sx) and j < len(sy)]
    return sentences.match(sx, sy)


def _compare(x: SentenceView, y: SentenceView, sim: float, views: _Views) -> list[_Found]:
    out: list[_Found] = []
    for kind in KINDS:
        for v in kind.compare(views.slots(kind, x), views.slots(kind, y)):
            out.append(_Found(v, x, y, sim, kind.weight))
    conflicts = [f for f in out if f.verdict.kind == "contradiction"]
    agreed = [f for f in out if f.verdict.kind == "agreement"]
    # Across languages a substitution only counts when the sentences also agree on a value: a
    # translation keeps its names, numbers and dates, another outlet's sentence need not.
    if len(conflicts) > MAX_CONFLICTS or (x.lang != y.lang and (not agreed or sim < CROSS_CONFIDENT)):
        return agreed
    return out


def confidence(f: _Found) -> float:
    """How sure a verdict is: the kind's weight, scaled by how surely the sentences match.

    (Across languages ``_compare`` keeps a contradiction only with a high key overlap and another
    value both sentences share.)"""
    same_lang = f.x.lang == f.y.lang
    match = min(1.0, f.similarity / (0.85 if same_lang else CROSS_CONFIDENT))
    return round(f.weight * (0.6 + 0.4 * match) + (0.1 if same_lang and f.similarity >= 0.85 else 0.0), 3)


class _Views:
    """Sentence views and their slots, built once per paragraph and per sentence."""

    def __init__(self, sources: Sequence[Source], known: frozenset[str]) -> None:
        self.sources = {s.id: s for s in sources}
        self.known = known
        self.folded: dict[str, str] = {}
        self._views: dict[tuple[str, int], list[SentenceView]] = {}
        self._slots: dict[tuple[str, str, int], list[Slot]] = {}

    def of(self, source: str, paragraph: int) -> list[SentenceView]:
        key = (source, paragraph)
        if key not in self._views:
            self._views[key] = list(self._build(source, paragraph))
        return self._views[key]

    def _build(self, source: str, paragraph: int) -> Iterable[SentenceView]:
        src = self.sources[source]
        if source not in self.folded:
            self.folded[source] = mentions.fold_in_place(src.text)
        folded = self.folded[source]
        para = src.paragraphs[paragraph]
        lang = para.lang or src.lang
        for a, b in [(s.start, s.end) for s in para.sentences] or [(para.start, para.end)]:
            places = mentions.find_places(src.text, a, b, folded)
            people = mentions.find_people(src.text, a, b, places, self.known, folded)
            named = tuple(sorted(places + people, key=lambda m: m.start))
            yield SentenceView(source, paragraph, a, b, src.text, folded, lang, named, src.meta.date or "")

    def slots(self, kind: Kind, s: SentenceView) -> list[Slot]:
        key = (kind.name, s.source, s.start)
        if key not in self._slots:
            self._slots[key] = kind.extract(s)
        return self._slots[key]


def _claim(s: SentenceView, slot: Slot) -> Claim:
    return Claim(s.source, s.paragraph, slot.start, slot.end, s.text[slot.start : slot.end], slot.kind,
                 slot.value, f"{slot.kind}:{slot.value}", s.lang)


def _merge(found: Sequence[_Found]) -> list[Fact]:
    """One contradiction per changed value (all the sources it disagrees with), one agreement per
    value shared by a connected group of matched sentences."""
    conflicts: dict[tuple[str, str, str], list[tuple[_Found, float]]] = defaultdict(list)
    agree: dict[tuple[str, str], list[tuple[_Found, float]]] = defaultdict(list)
    for f in found:
        conf = confidence(f)
        v = f.verdict
        if v.kind == "contradiction":
            if conf >= EMIT:
                lo, hi = sorted([v.a.value, v.b.value])
                conflicts[(v.a.kind, lo, hi)].append((f, conf))
        else:
            agree[(v.a.kind, v.a.value)].append((f, conf))
    facts = [_fact("contradiction", key, items) for key, items in conflicts.items()]
    facts += [_fact("agreement", key, items) for key, items in agree.items()]
    return facts


def _fact(kind: str, key: tuple[str, ...], items: Sequence[tuple[_Found, float]]) -> Fact:
    members: list[Claim] = []
    for f, _ in items:
        for c in (_claim(f.x, f.verdict.a), _claim(f.y, f.verdict.b)):
            if c not in members:
                members.append(c)
    best, conf = max(items, key=lambda t: t[1])
    v = best.verdict
    values = " vs ".join(key[1:]) if kind == "contradiction" else key[1]
    topic = f"{key[0]} in matched sentences: {values}"
    reason = f"{key[0]} mismatch" if kind == "contradiction" else ""
    message = (f"rule {v.rule}; {best.x.source} “{v.a.value}” / {best.y.source} “{v.b.value}”; "
               f"sentence similarity {best.similarity:.2f}; {len({c.source for c in members})} sources")
    return Fact(kind, topic, tuple(members), reason, conf, message)  # type: ignore[arg-type]
