"""Synonym substitution and article spinning: collocations broken by thesaurus swaps.

An article spinner replaces words with thesaurus neighbours to disguise copied text: "front lines"
becomes "entrance strains", "security guarantees" "safety ensures", "said" "mentioned". Some swaps
are anomalous on their own ("tortured phrases", always reported); many are ordinary English
("nonetheless", "as a result of") and only count in a text dense with spinner traces. A second
detector flags collocations that are absent from English bigram statistics while a WordNet
neighbour gives a frequent, strongly associated collocation ("query mark"), or while an aligned
paragraph of another source uses the neighbour ("the biggest query" where another outlet writes
"the biggest question").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from diffsrc.analysis.detectors import Context, Detector
from diffsrc.analysis.detectors.lexicon import (
    LexiconDetector,
    keep_longest,
    lexicon_matches,
    load_lexicon,
    text_paragraphs,
)
from diffsrc.analysis.detectors.rules import detector
from diffsrc.analysis.detectors.text import Token, is_function_word, make_finding, tokens
from diffsrc.analysis.detectors.thesaurus import STRONG_GAIN, Swap, best_swap, inflect, lemmas, neighbours
from diffsrc.analysis.frequencies import zipf
from diffsrc.model import Evidence, Finding, Source

CATEGORY = "synonym_substitution"
SPINNER_LEXICON = "spinner_pairs_en.tsv"

# A text is "spun" when it has this many tortured phrases, or this dense a use of weak traces.
MIN_STRONG = 3
MIN_WEAK_KINDS = 6
MIN_WEAK_PER_1000 = 8.0
# ... or this many WordNet + bigram swaps (DS704 medium or strong), at this rate per 1000 words.
MIN_SWAPS = 4
MIN_SWAPS_PER_1000 = 4.0


_PROFILES: dict[tuple[str, str], tuple[int, int, int]] = {}


def spinner_profile(source: Source) -> tuple[int, int, int]:
    """(strong hits, weak hits, distinct weak rows) of the spinner lexicon in one source."""
    key = (source.id, source.sha256)
    if key not in _PROFILES:
        entries = load_lexicon(SPINNER_LEXICON)
        strong = sum(1 for _ in lexicon_matches(source, [e for e in entries if e.kind == "strong"]))
        weak_rows: set[int] = set()
        weak = 0
        for e, _ in lexicon_matches(source, [e for e in entries if e.kind == "weak"]):
            weak += 1
            weak_rows.add(e.line)
        if len(_PROFILES) > 256:
            _PROFILES.clear()
        _PROFILES[key] = (strong, weak, len(weak_rows))
    return _PROFILES[key]


def looks_spun(source: Source) -> bool:
    """Whether a source carries enough spinner traces for plain-English swaps to count.

    Traces are tortured phrases and spinner vocabulary of the lexicon, or collocations that English
    statistics and WordNet show to be neighbour swaps, dense enough to rule out a writer's choice.
    """
    strong, weak, kinds = spinner_profile(source)
    density = 1000 * weak / max(1, source.words)
    if strong >= MIN_STRONG or (kinds >= MIN_WEAK_KINDS and density >= MIN_WEAK_PER_1000):
        return True
    swaps = len(statistical_swaps(source))
    return swaps >= MIN_SWAPS and 1000 * swaps / max(1, source.words) >= MIN_SWAPS_PER_1000


_SWAPS: dict[tuple[str, str], tuple[tuple[Token, Token, Swap], ...]] = {}


def statistical_swaps(source: Source) -> tuple[tuple[Token, Token, Swap], ...]:
    """Adjacent lower-case word pairs of the checked paragraphs with a medium or strong swap."""
    key = (source.id, source.sha256)
    if key not in _SWAPS:
        text = source.text
        found = []
        for start, end in text_paragraphs(source):
            toks = tokens(text, start, end)
            for a, b in zip(toks, toks[1:], strict=False):
                # a capital is a name or a sentence start: statistics are about running lower-case text
                if text[a.end : b.start] != " " or not (a.is_lower and b.is_lower):
                    continue
                swap = best_swap(a.lower, b.lower)
                if swap is not None and swap.strength != "weak":
                    found.append((a, b, swap))
        if len(_SWAPS) > 256:
            _SWAPS.clear()
        _SWAPS[key] = tuple(found)
    return _SWAPS[key]



@detector("DS702")
class SpinnerVocabulary(LexiconDetector):
    """Ordinary words a spinner produces in bulk ("as a result of" for "because"), in a spun text only."""

    resource = SPINNER_LEXICON
    kinds = ("weak",)
    label = "likely spinner substitution"

    def check(self, source: Source, ctx: Context) -> Iterable[Finding]:
        if not looks_spun(source):
            return []
        strong, weak, kinds = spinner_profile(source)
        note = Evidence(
            note=f"{strong} tortured phrases and {weak} spinner swaps of {kinds} kinds in {source.words} words"
        )
        return [
            replace(f, evidence=f.evidence + (note,)) for f in super().check(source, ctx)
        ]


@detector("DS703")
class IntransitiveIntensify(Detector):
    """"Europeans intensify now": "intensify" used without object for "step up"."""

    _pattern = re.compile(
        r"\b(?:intensify|intensifies|intensifying|intensified)\b"
        r"(?=\s*[,.;:!?”\"»)]|\s+(?:now|when|in various|to help|to engage|and engage|further\b))",
        re.IGNORECASE,
    )

    # "step up" needs an agent: "fighting intensified" is ordinary English.
    _agent = re.compile(
        r"\b(?:Europeans?|allies|leaders|countries|nations|governments|we|us|they|ready|willing|need|needs|"
        r"must|decide|decided|suggested|have to|has to)\b",
        re.IGNORECASE,
    )
    _event = re.compile(
        r"\b(?:fighting|violence|storms?|pressure|conflict|war|competition|protests|clashes|attacks|rain|"
        r"debate|tensions?|crisis|shelling|winds?|heat|inflation|pain|rivalry|bombardment)\b",
        re.IGNORECASE,
    )

    def check(self, source: Source, ctx: Context) -> Iterable[Finding]:
        for start, end in text_paragraphs(source):
            for m in self._pattern.finditer(source.text, start, end):
                before = source.text[max(start, m.start() - 60) : m.start()]
                before = re.split(r"[.!?;]", before)[-1]
                if not self._agent.search(before) or self._event.search(before):
                    continue
                yield make_finding(
                    source, m.start(), m.end(), detector=type(self), severity="medium", confidence=0.6,
                    message="'intensify' used without an object: English says 'step up'",
                    suggestion="step up",
                )


@detector("DS704")
class UnnaturalCollocation(Detector):
    """A word pair unknown to English statistics whose WordNet neighbour swap is a strong collocation.

    For adjacent common content words ``w1 w2`` absent from the Google Books bigram list, each word
    is swapped for its same-sense WordNet neighbours (first or second sense on both sides): when the
    swap gives a frequent, strongly associated pair (high PMI) and the neighbour is the more common
    word, the text probably carries a spinner's or a translator's synonym swap ("query mark").
    Absence from a 243k-pair list is weak evidence alone, so outside a text dense with such swaps
    only the strongest are reported; an aligned paragraph of another source using the neighbour
    ("the biggest question" against "the biggest query") is reported everywhere.
    """

    def check(self, source: Source, ctx: Context) -> Iterable[Finding]:
        spun = looks_spun(source)
        # Near-copies are left out: one repeating a wording does not attest it (ten copies of a
        # spun text would make each of its swaps "written by another source"), and its paragraph
        # holds this one's other words too (see analysis.copies). DS705 compares copies.
        others = _aligned_text(source, ctx, ctx.copies_of(source.id))
        text = source.text
        entries = [e for e in load_lexicon(SPINNER_LEXICON) if spun or e.kind == "strong"]
        # Offsets inside a lexicon match, as a set: a scan of the list per bigram made this
        # detector quadratic in the text's length (90 s of a 3 MB comparison).
        covered = {i for _, m in lexicon_matches(source, entries) for i in range(m.start(), m.end())}
        out: list[Finding] = []
        crossed: set[int] = set()
        for start, end in text_paragraphs(source) if others else ():
            toks = tokens(text, start, end)
            for a, b in zip(toks, toks[1:], strict=False):
                aligned = others.get(a.start, "")
                if not aligned or text[a.end : b.start] != " " or not (a.is_lower and b.is_lower):
                    continue
                if any(i in covered for i in range(a.start, b.end)):
                    continue
                cross = _cross_swap(a.lower, b.lower, aligned)
                if cross is None:
                    continue
                pos, alt = cross
                tok = (a, b)[pos]
                crossed.add(a.start)
                out.append(
                    make_finding(
                        source, tok.start, tok.end, detector=type(self), severity="high", confidence=0.75,
                        suggestion=alt.split(" ")[pos],
                        evidence=(Evidence(note=f"an aligned paragraph of another source writes '{alt}'"),),
                        message=f"unnatural collocation: '{alt}' is the usual wording",
                    )
                )
        swaps = statistical_swaps(source)
        medium = sum(1 for *_, sw in swaps if sw.strength == "medium")
        for a, b, sw in swaps:
            if sw.strength != "strong" and not spun:
                continue
            if a.start in crossed or any(i in covered for i in range(a.start, b.end)):
                continue
            if _attested(f"{a.lower} {b.lower}", others.get(a.start, "")):
                continue
            tok = (a, b)[sw.position]
            evidence = [
                Evidence(
                    note=f"bigram '{sw.alternative}' {sw.count:,} in Google Books counts (PMI {sw.pmi:.1f}); "
                    f"'{a.lower} {b.lower}' absent"
                ),
                Evidence(
                    note=f"WordNet: {sw.lemma} ~ {sw.neighbour.word} (sense {sw.neighbour.rank} of "
                    f"'{sw.lemma}', {sw.neighbour.own_rank} of '{sw.neighbour.word}')"
                ),
            ]
            if sw.strength != "strong":
                evidence.append(Evidence(note=f"{len(swaps)} such swaps ({medium} medium) in {source.words} words"))
            out.append(
                make_finding(
                    source, tok.start, tok.end, detector=type(self), severity="medium",
                    confidence=0.65 if sw.strength == "strong" else 0.55,
                    suggestion=sw.original, evidence=evidence,
                    message=f"unnatural collocation: '{sw.alternative}' is the usual wording, not '{tok.lower}'",
                )
            )
        return keep_longest(out)


def _cross_swap(w1: str, w2: str, aligned: str) -> tuple[int, str] | None:
    """(swapped position, pair) when the aligned text uses a more common WordNet neighbour's pair."""
    if is_function_word(w1, "en") or is_function_word(w2, "en") or _attested(f"{w1} {w2}", aligned):
        return None
    for pos, word, other in ((0, w1, w2), (1, w2, w1)):
        for lemma, infl in lemmas(word):
            for n in neighbours(lemma):
                form = inflect(n.word, infl)
                if form is None or form == word:
                    continue
                alt = f"{form} {other}" if pos == 0 else f"{other} {form}"
                # the other source's wording must be the more usual one, not "said" for "stated"
                if _attested(alt, aligned) and _more_usual(alt, f"{w1} {w2}"):
                    return pos, alt
    return None


def _more_usual(alt: str, pair: str) -> bool:
    """Whether the changed words of ``alt`` are far more frequent English than those of ``pair``.

    As for a strong statistical swap, the text's word must be ten times rarer: two translations
    choosing "a little blurry" and "a little fuzzy" (Zipf 3.3 and 3.7) are two writers' choices.
    """
    changed = [(x, y) for x, y in zip(alt.split(" "), pair.split(" "), strict=True) if x != y]
    return all(zipf(x, "en") - zipf(y, "en") >= STRONG_GAIN for x, y in changed)


def _attested(phrase: str, text: str) -> bool:
    """Whether ``phrase`` occurs in ``text`` between word boundaries (as regex ``\\b`` defines them).

    A plain substring search: phrases are all different, so a regex per phrase would cost a
    compilation each.
    """
    at = text.find(phrase)
    while at >= 0:
        end = at + len(phrase)
        if _boundary(text, at) and _boundary(text, end):
            return True
        at = text.find(phrase, at + 1)
    return False


def _boundary(text: str, i: int) -> bool:
    """Regex ``\\b`` at position ``i``: a word character on exactly one side."""
    before = i > 0 and (text[i - 1].isalnum() or text[i - 1] == "_")
    after = i < len(text) and (text[i].isalnum() or text[i] == "_")
    return before != after


def _aligned_text(source: Source, ctx: Context, leave_out: frozenset[str] = frozenset()) -> dict[int, str]:
    """For each paragraph start of ``source``, the lower-cased text of its aligned English paragraphs
    (of sources other than those of ``leave_out``)."""
    by_id = {s.id: s for s in ctx.sources if s.id not in leave_out}
    out: dict[int, list[str]] = {}
    for al in ctx.alignments:
        for mine, other in ((al.a, al.b), (al.b, al.a)):
            if mine.source != source.id or other.source not in by_id:
                continue
            osrc = by_id[other.source]
            if osrc.lang != "en" or other.paragraph >= len(osrc.paragraphs):
                continue
            if mine.paragraph >= len(source.paragraphs):
                continue
            p = source.paragraphs[mine.paragraph]
            out.setdefault(p.start, []).append(osrc.paragraph_text(other.paragraph).lower())
    # every token of a paragraph looks up by the paragraph start; map token starts lazily
    result: dict[int, str] = {}
    for p in source.paragraphs:
        if p.start in out:
            joined = "\n".join(out[p.start])
            for t in tokens(source.text, p.start, p.end):
                result[t.start] = joined
    return result
