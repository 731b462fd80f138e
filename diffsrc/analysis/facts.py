"""Agreements, contradictions and omissions between the claims of aligned paragraphs.

Claims (``diffsrc.analysis.claims``) are compared like with like: the weekday of the same event (same
destination or venue, same people), the count of the same thing, the same quotation, the
participants of the same meeting. A pair of claims is compared when their paragraphs are aligned
or, for claims with a strong anchor of their own (a named person travelling to a named place, a
quotation, a participant list), when both sources report the same day's news. Pairwise results
are merged into facts: one agreement per group of claims that say the same thing, one
contradiction per conflicting topic, ranked by confidence. An optional NLI model
(``diffsrc.analysis.nli``) confirms contradictions and may add its own above a high threshold.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from diffsrc.analysis import claims as cl
from diffsrc.analysis import mentions, values
from diffsrc.analysis.claimkinds.compare import Table, sentence_facts
from diffsrc.analysis.claimkinds.table import SentenceSlots, StoredSlots, source_slots
from diffsrc.analysis.claimpairs import QUOTE_SAME, candidate_pairs, quote_similarity
from diffsrc.analysis.claims import Extracted
from diffsrc.analysis.overlap import overlap, token_set
from diffsrc.model import Alignment, Claim, Fact, Source

if TYPE_CHECKING:
    from diffsrc.io.cache import Cache

T = TypeVar("T")

METHOD = "claims-compare"
VERSION = 2

# Contradictions below this confidence are not reported (the score rewards precision first).
EMIT_CONTRADICTION = 0.6
STATEMENT_SAME = 0.4
LIST_SAME = 0.5  # Jaccard overlap of two participant lists of the same meeting
OMISSION_MAJORITY = 0.5

COMPATIBLE_EVENTS = {frozenset({"travel", "talks"})}


@dataclass(frozen=True)
class _Rel:
    kind: str  # agreement | contradiction
    reason: str
    confidence: float
    topic: str


def signature(options: object = None) -> dict[str, object]:
    """Parameters of the fact comparison (recorded in the report)."""
    nli = getattr(options, "nli", None)
    sig: dict[str, object] = {
        "method": METHOD,
        "version": VERSION,
        "claims": cl.VERSION,
        "thresholds": {
            "emit_contradiction": EMIT_CONTRADICTION,
            "quote_same": QUOTE_SAME,
            "statement_same": STATEMENT_SAME,
            "list_same": LIST_SAME,
            "omission_majority": OMISSION_MAJORITY,
        },
    }
    if nli:
        from diffsrc.analysis import nli as nli_mod

        sig["nli"] = nli_mod.signature(nli)
    return sig


def find_facts(
    sources: Sequence[Source], alignments: Sequence[Alignment], options: object = None,
    focus: frozenset[str] | None = None,
) -> list[Fact]:
    """Typed comparison results (agreement, contradiction, omission) for the claims of the sources.

    With ``focus`` (source ids, from ``diffsrc check``) only facts with a claim of those sources
    are made; the other sources are context. The surnames known across the sources are found (or
    read from each source's cached names) once, for both the claims and the sentence slots.
    """
    corpus = _corpus(sources, getattr(options, "cache_dir", None))
    extracted = _extract(sources, corpus)
    table = _sentence_table(corpus)
    matched = sentence_facts(sources, alignments, corpus.known, table)
    paragraph_level = _confirmed(compare(sources, extracted, alignments, focus=focus), matched)
    facts = paragraph_level + _not_repeated(matched, paragraph_level)
    nli_name = getattr(options, "nli", None)
    if nli_name:
        from diffsrc.analysis import nli

        facts = nli.combine(facts, sources, alignments, nli_name)
    if focus is not None:
        facts = [f for f in facts if any(c.source in focus for c in f.claims)]
    return rank(facts)


def extract_claims(sources: Sequence[Source], options: object = None) -> list[Extracted]:
    """The claims of every source, reusing each source's claims from the analysis cache."""
    return _extract(sources, _corpus(sources, getattr(options, "cache_dir", None)))


def _not_repeated(matched: Sequence[Fact], facts: Sequence[Fact]) -> list[Fact]:
    """The facts of matched sentences, less the agreements a paragraph-level agreement already
    states (every one of its values is a claim of that agreement)."""
    agreed = [f.claims for f in facts if f.kind == "agreement"]

    def covered(c: Claim, claims: Sequence[Claim]) -> bool:
        return any(c.source == d.source and c.start < d.end and d.start < c.end for d in claims)

    return [f for f in matched if f.kind != "agreement" or not any(all(covered(c, g) for c in f.claims) for g in agreed)]


# The claim kinds of matched sentences that say the same as a paragraph-level claim kind.
_SAME_KIND = {
    "weekday": {"weekday"}, "date": {"date"}, "relative": {"relative"}, "place": {"place"},
    "number": {"count", "percentage", "money", "duration", "year"},
}


def _confirmed(facts: Sequence[Fact], matched: Sequence[Fact]) -> list[Fact]:
    """The paragraph-level facts, less the contradictions that matched sentences refute.

    A paragraph-level contradiction pairs values by the role it guesses ("the weekday of the
    trip"); when one of its values is found again, as a value of the same kind, in the
    counterpart sentence of another of its sources (an agreement of matched sentences), that
    source does write the value for this role, and its other value was about something else.
    """
    confirmed = [(c, {m.source for m in f.claims} - {c.source}) for f in matched if f.kind == "agreement"
                 for c in f.claims]
    out = []
    for f in facts:
        sources = {c.source for c in f.claims}
        if f.kind == "contradiction" and any(
            m.kind in _SAME_KIND.get(c.kind, ()) and c.source == m.source and c.start < m.end and m.start < c.end
            and others & (sources - {c.source})
            for c in f.claims for m, others in confirmed
        ):
            continue
        out.append(f)
    return out


@dataclass(frozen=True)
class _Corpus:
    """The surnames known across the sources and, with a cache, what keys each source's cached
    claims and slots: its identity and, of the known surnames, those it writes standing alone
    (a source's claims and slots depend on no others, ``claims.standalone_names``)."""

    known: frozenset[str]
    cache: Cache | None = None
    ids: Mapping[str, tuple[str, str, str, str]] = field(default_factory=dict)
    alone: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def per_source(self, what: str, src: Source, tp: Any, compute: Callable[[Source], T]) -> T:
        """``compute(src)``, read from the cache when it holds it, else stored there."""
        if self.cache is None:
            return compute(src)
        from diffsrc.io.cache import Cache

        key = Cache.key(what, cl.VERSION, *self.ids[src.id], sorted(self.alone[src.id] & self.known))
        stored: T | None = self.cache.get("claims", key, tp)
        if stored is None:
            stored = compute(src)
            self.cache.put("claims", key, stored)
        return stored


def _corpus(sources: Sequence[Source], cache_dir: str | None) -> _Corpus:
    """The known surnames (``claims.surnames``), read from each source's cached names when there is
    a cache (finding the people of every corpus source again cost a 200-source check a second)."""
    if not cache_dir:
        return _Corpus(cl.surnames(sources))
    from diffsrc.io.cache import Cache

    cache = Cache(cache_dir)
    ids, alone, known = _names(sources, cache)
    return _Corpus(known, cache, ids, alone)


def _extract(sources: Sequence[Source], corpus: _Corpus) -> list[Extracted]:
    """``claims.extract(sources)``, reusing each source's claims from the analysis cache: a new
    source naming someone new only invalidates the sources that also mention that person by
    surname alone."""
    def extract(src: Source) -> tuple[Extracted, ...]:
        folded = mentions.fold_in_place(src.text)
        return tuple(e for p in src.paragraphs if p.kind == "body"
                     for e in cl.extract_paragraph(src, p, folded, corpus.known))

    return [e for src in sources
            for e in corpus.per_source("claims-extracted", src, tuple[Extracted, ...], extract)]


def _sentence_table(corpus: _Corpus) -> Table:
    """Each source's sentence slots, read from the cache when it holds them: a check compares one
    new source with hundreds whose slots are already known (finding them again cost a
    200-source check over a second)."""
    def table(src: Source) -> tuple[SentenceSlots | StoredSlots, ...]:
        # Read back with the slots undecoded: ``sentence_facts`` decodes those it compares.
        return corpus.per_source("claims-slots", src, tuple[StoredSlots, ...], lambda s: source_slots(s, corpus.known))

    return table


def _names(
    sources: Sequence[Source], cache: Cache,
) -> tuple[dict[str, tuple[str, str, str, str]], dict[str, frozenset[str]], frozenset[str]]:
    """Each source's cache identity, the surnames it writes standing alone, and the surnames
    known across all sources; a source's names are found once and kept in the cache."""
    from diffsrc.io.cache import Cache

    ids = {}
    alone: dict[str, frozenset[str]] = {}
    known: set[str] = set()
    for src in sources:
        ids[src.id] = (src.id, src.sha256, src.lang, src.layout_digest)
        key = Cache.key("claims-names", cl.VERSION, *ids[src.id])
        names: _Names | None = cache.get("claims", key, _Names)
        if names is None:
            names = _Names(tuple(sorted(cl.surnames([src]))), tuple(sorted(cl.standalone_names(src))))
            cache.put("claims", key, names)
        known.update(names.surnames)
        alone[src.id] = frozenset(names.alone)
    return ids, alone, frozenset(known)


@dataclass(frozen=True)
class _Names:
    """The surnames a source knows, and those it writes standing alone (cached per source)."""

    surnames: tuple[str, ...]
    alone: tuple[str, ...]


def rank(facts: Iterable[Fact]) -> list[Fact]:
    """Contradictions first (most confident first), then omissions, then agreements."""
    order = {"contradiction": 0, "omission": 1, "agreement": 2}
    return sorted(facts, key=lambda f: (order[f.kind], -f.confidence, f.claims[0].source, f.claims[0].start))


# --- pairing -----------------------------------------------------------------------------------


class _Index:
    """Which paragraphs are aligned, and which sources report the same day's news."""

    def __init__(self, sources: Sequence[Source], alignments: Sequence[Alignment]) -> None:
        self.align: dict[tuple[str, int, str, int], Alignment] = {}
        for al in alignments:
            self.align[(al.a.source, al.a.paragraph, al.b.source, al.b.paragraph)] = al
            self.align[(al.b.source, al.b.paragraph, al.a.source, al.a.paragraph)] = al
        self.linked = {frozenset((al.a.source, al.b.source)) for al in alignments}
        self.date = {s.id: s.meta.date for s in sources}
        self.sources = {s.id: s for s in sources}

    def alignment(self, x: Claim, y: Claim) -> Alignment | None:
        return self.align.get((x.source, x.paragraph, y.source, y.paragraph))

    def same_news(self, x: Claim, y: Claim) -> bool:
        """Same day (both unknown: one event) and some aligned paragraph: texts sharing none are unrelated."""
        da, db = self.date.get(x.source, ""), self.date.get(y.source, "")
        return da == db and frozenset((x.source, y.source)) in self.linked


def compare(
    sources: Sequence[Source], extracted: Sequence[Extracted], alignments: Sequence[Alignment],
    focus: frozenset[str] | None = None,
) -> list[Fact]:
    """Compare claims pairwise across sources and merge the results into facts.

    With ``focus``, pairs of claims that both come from sources outside it are skipped.
    """
    idx = _Index(sources, alignments)
    by_kind: dict[str, list[Extracted]] = defaultdict(list)
    for e in extracted:
        by_kind[_family(e.claim.kind)].append(e)
    agree: list[tuple[Extracted, Extracted, _Rel]] = []
    conflicts: list[tuple[Extracted, Extracted, _Rel]] = []
    for family, items in by_kind.items():
        if family == "list":
            continue
        for x, y in candidate_pairs(family, items, focus, idx.align):  # always two sources
            al = idx.alignment(x.claim, y.claim)
            if al is None and not idx.same_news(x.claim, y.claim):
                continue
            rel = _COMPARATORS[family](x, y, al)
            if rel is None:
                continue
            (agree if rel.kind == "agreement" else conflicts).append((x, y, rel))
    # A paragraph pair that agrees on one value of a quantity (3% = 3%) is not contradicted by the
    # other values it mentions (2%, 3.5%): those are about something else.
    agreed = {_pair_key(x, y) for x, y, _ in agree if x.claim.kind == "number"}
    conflicts = [(x, y, r) for x, y, r in conflicts if x.claim.kind != "number" or _pair_key(x, y) not in agreed]
    facts = _merge_agreements(agree) + _merge_conflicts(conflicts)
    facts += _compare_lists(by_kind.get("list", []), idx)
    return facts


def _pair_key(x: Extracted, y: Extracted) -> tuple[object, ...]:
    a, b = sorted([(x.claim.source, x.claim.paragraph), (y.claim.source, y.claim.paragraph)])
    return (a, b, x.role, x.anchor)


def _family(kind: str) -> str:
    return "time" if kind in ("weekday", "date", "relative") else kind


# --- comparators -----------------------------------------------------------------------------------


def _events_compatible(a: str, b: str) -> bool:
    return bool(a) and bool(b) and (a == b or frozenset({a, b}) in COMPATIBLE_EVENTS)


def _who(x: Extracted, y: Extracted) -> str:
    shared = sorted(x.persons & y.persons)
    return f" ({', '.join(mentions.shown(k) for k in shared)})" if shared else ""


def _time(x: Extracted, y: Extracted, al: Alignment | None) -> _Rel | None:
    cx, cy = x.claim, y.claim
    if cx.kind != cy.kind or not _events_compatible(x.event, y.event):
        return None
    shared_people = x.persons & y.persons
    anchored = bool(x.anchor) and x.anchor == y.anchor
    if not anchored and not (al is not None and x.event == y.event and shared_people):
        return None
    if not anchored and x.anchor and y.anchor:
        return None  # bound to different places / media
    what = {"travel": "travel to", "talks": "talks in", "publish": "publication in", "call": "call",
            "statement": "statement", "join": "meeting"}.get(x.event, x.event)
    topic = f"{cx.kind} of {what} {mentions.shown(x.anchor) if x.anchor else ''}{_who(x, y)}".replace("  ", " ").strip()
    if cx.value == cy.value or frozenset({cx.value, cy.value}) in cl.COMPATIBLE_RELATIVE:
        if al is None and not shared_people:
            return None
        return _Rel("agreement", "", 0.6 + (0.2 if al else 0.0) + (0.1 if shared_people else 0.0), topic)
    if cx.kind == "relative":
        return None  # relative expressions are too loose to contradict each other
    # Day of writing vs the paper's edition, offset vs duration...: different facts, not a conflict.
    if x.role != y.role and "edition" in (x.role, y.role):
        return None
    if not anchored or not shared_people:
        return None
    conf = 0.7 + (0.1 if al else 0.0) + (0.05 if len(shared_people) >= 2 else 0.0)
    if x.event != y.event:
        conf -= 0.05
    return _Rel("contradiction", f"{cx.kind} mismatch", min(conf, 0.95), topic)


def _number(x: Extracted, y: Extracted, al: Alignment | None) -> _Rel | None:
    cx, cy = x.claim, y.claim
    same_unit = x.anchor == y.anchor
    if not same_unit:
        return None
    entities = (x.persons & y.persons) | (x.places & y.places) | (x.orgs & y.orgs)
    if al is None and not ((x.persons & y.persons) | (x.orgs & y.orgs)):
        return None
    topic = f"{x.role} {x.anchor}".strip() + (f" ({', '.join(mentions.shown(k) for k in sorted(entities))})" if entities else "")
    num_x, num_y = _value(cx.value), _value(cy.value)
    if x.role != y.role:
        if num_x == num_y and {x.role, y.role} == {"duration", "offset"} and al is not None:
            # "a 20-minute call" vs "20 minutes before the meeting": a different fact, flagged softly
            return _Rel("contradiction", "duration vs time offset", 0.45, f"{x.anchor} of the same event")
        return None
    if num_x == num_y or (x.approx or y.approx) and _close(num_x, num_y):
        return _Rel("agreement", "", 0.6 + (0.2 if al else 0.0), topic)
    if al is None or x.approx or y.approx or not entities:
        return None
    return _Rel("contradiction", "number mismatch", 0.55 + (0.1 if al.strength == "same" else 0.0), topic)


def _place(x: Extracted, y: Extracted, al: Alignment | None) -> _Rel | None:
    shared = x.persons & y.persons
    if x.anchor == y.anchor:
        if al is None and not shared:
            return None
        return _Rel("agreement", "", 0.6 + (0.2 if al else 0.0) + (0.1 if shared else 0.0),
                    f"travel to {mentions.shown(x.anchor)}{_who(x, y)}")
    return None  # different destinations of the same person: usually a different trip


def _people(x: Extracted, y: Extracted, al: Alignment | None) -> _Rel | None:
    shared = set(x.claim.value.split("+")) & set(y.claim.value.split("+"))
    if len(shared) < 2:
        return None
    if al is None and not (x.event == y.event and x.event != "mention"):
        return None
    event = x.event if x.event == y.event else "mention"
    label = {"join": "joined by", "call": "call between", "talks": "meeting between", "mention": "named together:"}
    return _Rel("agreement", "", 0.55 + (0.2 if al else 0.0) + (0.1 if event != "mention" else 0.0),
                f"{label[event]} {' & '.join(mentions.shown(k) for k in sorted(shared))}")


def _statement(x: Extracted, y: Extracted, al: Alignment | None) -> _Rel | None:
    if x.anchor != y.anchor:
        return None
    sim = overlap(token_set(x.tokens), token_set(y.tokens))
    if sim < STATEMENT_SAME or (al is None and sim < 0.55):
        return None
    if x.polarity != y.polarity:
        return None  # negation flips in machine translation are too common to call a contradiction
    return _Rel("agreement", "", 0.5 + sim * 0.3 + (0.15 if al else 0.0), f"statement by {mentions.shown(x.anchor)}")


def _quote(x: Extracted, y: Extracted, al: Alignment | None) -> _Rel | None:
    sim = quote_similarity(x.tokens, y.tokens)
    if sim is None:
        return None
    who = x.anchor or y.anchor
    topic = f"quote{(' by ' + mentions.shown(who)) if who else ''}: “{values.clipped(x.claim.text)}”"
    if x.anchor and y.anchor and x.anchor != y.anchor and sim >= 0.75:
        return _Rel("contradiction", "attribution mismatch", 0.6 + 0.2 * sim, topic)
    if x.anchor and y.anchor and x.anchor != y.anchor:
        return None  # shared words, different speakers: two different quotes
    if x.polarity != y.polarity and sim >= 0.75:
        return _Rel("contradiction", "quote drift (negation)", 0.55 + 0.2 * sim, topic)
    if {x.modality, y.modality} == {"hedged", "certain"} and sim >= 0.75:
        return _Rel("contradiction", "quote drift (modality)", 0.5 + 0.2 * sim, topic)
    return _Rel("agreement", "", 0.55 + 0.35 * sim, topic)


_COMPARATORS = {
    "time": _time,
    "number": _number,
    "place": _place,
    "people": _people,
    "statement": _statement,
    "quote": _quote,
}


# --- merging ---------------------------------------------------------------------------------------


def _merge_agreements(pairs: list[tuple[Extracted, Extracted, _Rel]]) -> list[Fact]:
    """One agreement fact per connected group of agreeing claims on the same topic kind."""
    Node = tuple[str, Claim]
    parent: dict[Node, Node] = {}

    def find(c: Node) -> Node:
        while (up := parent.get(c, c)) != c:
            parent[c] = c = parent.get(up, up)  # path halving: chains stay short in large corpora
        return c

    best: dict[Node, _Rel] = {}
    for x, y, rel in pairs:
        nx, ny = (rel.topic, x.claim), (rel.topic, y.claim)
        a, b = find(nx), find(ny)
        if a != b:
            parent[a] = b
        for n in (nx, ny):
            if n not in best or best[n].confidence < rel.confidence:
                best[n] = rel
    groups: dict[Node, list[Claim]] = defaultdict(list)
    for n in best:
        groups[find(n)].append(n[1])
    out = []
    for root, members in groups.items():
        members.sort(key=lambda c: (c.source, c.start))
        top = max((best[(root[0], c)] for c in members), key=lambda r: r.confidence)
        sources = sorted({c.source for c in members})
        out.append(Fact("agreement", top.topic, tuple(members), "", round(top.confidence, 3),
                        f"{len(sources)} sources agree: {_values(members)}"))
    return out


def _merge_conflicts(pairs: list[tuple[Extracted, Extracted, _Rel]]) -> list[Fact]:
    """One contradiction per (topic, reason); only confident ones are reported."""
    merged: dict[tuple[str, str], list[tuple[Extracted, Extracted, _Rel]]] = defaultdict(list)
    for x, y, rel in pairs:
        if rel.confidence < EMIT_CONTRADICTION:
            continue
        merged[(rel.topic, rel.reason)].append((x, y, rel))
    out = []
    for (topic, reason), items in merged.items():
        members: list[Claim] = []
        for x, y, _ in items:
            for c in (x.claim, y.claim):
                if c not in members:
                    members.append(c)
        conf = max(r.confidence for _, _, r in items)
        out.append(Fact("contradiction", topic, tuple(members), reason, round(conf, 3),
                        f"{reason}: {_values(members)}"))
    return out


def _values(members: Sequence[Claim]) -> str:
    by_source: dict[str, list[str]] = defaultdict(list)
    for c in members:
        v = values.shown(c.kind, c.value) if c.kind not in ("quote", "statement") else values.clipped(c.text, 40)
        if v not in by_source[c.source]:
            by_source[c.source].append(v)
    return "; ".join(f"{s}: {', '.join(v)}" for s, v in by_source.items())


def _compare_lists(items: Sequence[Extracted], idx: _Index) -> list[Fact]:
    """Agreement on the participants of the same meeting, and members one source leaves out."""
    out: list[Fact] = []
    used: set[int] = set()
    for i, x in enumerate(items):
        if i in used:
            continue
        group = [x]
        sx = set(x.claim.value.split(","))
        for j, y in enumerate(items[i + 1 :], start=i + 1):
            if j in used or y.claim.source in {g.claim.source for g in group}:
                continue
            sy = set(y.claim.value.split(","))
            if not (idx.alignment(x.claim, y.claim) or idx.same_news(x.claim, y.claim)):
                continue
            if len(sx & sy) / len(sx | sy) >= LIST_SAME:
                group.append(y)
                used.add(j)
        if len(group) < 2:
            continue
        sets = [set(g.claim.value.split(",")) for g in group]
        common = set.intersection(*sets)
        out.append(Fact("agreement", "participants", tuple(g.claim for g in group), "",
                        round(min(0.95, 0.6 + 0.1 * len(group)), 3),
                        f"{len(group)} sources list {', '.join(sorted(common))}"))
        if len(group) < 3:
            continue
        counts: dict[str, int] = defaultdict(int)
        for s in sets:
            for m in s:
                counts[m] += 1
        for g, s in zip(group, sets, strict=False):
            missing = sorted(m for m, n in counts.items() if m not in s and n / len(group) > OMISSION_MAJORITY
                             and n >= 2 and mentions.gazetteer().entries.get(m, mentions.Place(m, "", m)).type == "country")
            if not missing:
                continue
            reporters = tuple(o.claim for o, so in zip(group, sets, strict=False) if o is not g and set(missing) & so)
            note = " (the list is presented as complete)" if g.exhaustive else ""
            named = ", ".join(mentions.shown(m) for m in missing)
            out.append(Fact("omission", f"participants: {named}", (g.claim,) + reporters,
                            "member missing from list", round(0.6 + (0.15 if g.exhaustive else 0.0), 3),
                            f"{g.claim.source} leaves out {named}, listed by "
                            f"{', '.join(sorted({c.source for c in reporters}))}{note}"))
    return out


def _value(v: str) -> float:
    try:
        return float(v.split()[0])
    except (ValueError, IndexError):
        return float("nan")


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 0.1 * max(abs(a), abs(b))
