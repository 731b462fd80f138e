"""Synonym substitution and article spinning: collocations broken by thesaurus swaps.

An article spinner replaces words with thesaurus neighbours to disguise copied text: "front lines"
becomes "entrance strains", "security guarantees" "safety ensures", "said" "mentioned". Some swaps
are anomalous on their own ("tortured phrases", always reported); many are ordinary English
("nonetheless", "as a result of") and only count in a text dense with spinner traces. A second
detector flags collocations that are absent from English bigram statistics while a thesaurus
neighbour gives a frequent collocation, or while an aligned paragraph of another source uses the
neighbour ("comfort force" where another outlet writes "reassurance force").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache

from diffsrc.detectors import Context, Detector, register
from diffsrc.detectors.bigrams import bigram_counts
from diffsrc.detectors.lexicon import (
    LexiconDetector,
    keep_longest,
    lexicon_matches,
    load_lexicon,
    resource_text,
    text_paragraphs,
)
from diffsrc.detectors.text import is_function_word, make_finding, tokens, zipf
from diffsrc.model import Evidence, Finding, Source

CATEGORY = "synonym_substitution"
SPINNER_LEXICON = "spinner_pairs_en.tsv"

# A text is "spun" when it has this many tortured phrases, or this dense a use of weak traces.
MIN_STRONG = 3
MIN_WEAK_KINDS = 6
MIN_WEAK_PER_1000 = 8.0


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
    """Whether a source carries enough spinner traces for plain-English swaps to count."""
    strong, weak, kinds = spinner_profile(source)
    density = 1000 * weak / max(1, source.words)
    return strong >= MIN_STRONG or (kinds >= MIN_WEAK_KINDS and density >= MIN_WEAK_PER_1000)


@register
class TorturedPhrases(LexiconDetector):
    """Collocations broken by a thesaurus swap ("information convention", "query mark")."""

    code = "DS701"
    name = "tortured-phrase"
    category = CATEGORY
    description = "fixed collocation with a word swapped for a thesaurus neighbour"
    languages = ("en",)
    resource = SPINNER_LEXICON
    kinds = ("strong",)
    label = "spinner substitution"


@register
class SpinnerVocabulary(LexiconDetector):
    """Ordinary words a spinner produces in bulk ("mentioned" for "said"), in a spun text only."""

    code = "DS702"
    name = "spinner-vocabulary"
    category = CATEGORY
    description = "spinner-typical synonym swaps, reported when the text is dense with them"
    languages = ("en",)
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


@register
class IntransitiveIntensify(Detector):
    """"Europeans intensify now": "intensify" used without object for "step up"."""

    code = "DS703"
    name = "intensify-for-step-up"
    category = CATEGORY
    description = "'intensify' without an object where English says 'step up'"
    languages = ("en",)
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


@lru_cache(maxsize=1)
def thesaurus() -> dict[str, frozenset[str]]:
    """Near-synonym neighbours from ``synonyms_en.tsv`` (each line a group), word -> others."""
    out: dict[str, set[str]] = {}
    for line in resource_text("synonyms_en.tsv").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        group = [w.strip().lower() for w in line.split("\t") if w.strip()]
        for w in group:
            out.setdefault(w, set()).update(x for x in group if x != w)
    return {k: frozenset(v) for k, v in out.items()}


@register
class UnnaturalCollocation(Detector):
    """A word pair unknown to English statistics whose thesaurus swap is a common or attested pair."""

    code = "DS704"
    name = "unnatural-collocation"
    category = CATEGORY
    description = "collocation absent from English statistics; a near-synonym gives a common one"
    languages = ("en",)
    min_count = 8_000_000

    def check(self, source: Source, ctx: Context) -> Iterable[Finding]:
        thes = thesaurus()
        spun = looks_spun(source)
        # Outside a spun text, bigram absence alone is too weak: another source must attest it.
        others = _aligned_text(source, ctx)
        if not spun and not others:
            return []
        counts = bigram_counts()
        text = source.text
        entries = [e for e in load_lexicon(SPINNER_LEXICON) if spun or e.kind == "strong"]
        covered = [m.span() for _, m in lexicon_matches(source, entries)]
        out = []
        for start, end in text_paragraphs(source):
            toks = tokens(text, start, end)
            for a, b in zip(toks, toks[1:], strict=False):
                if text[a.end : b.start] != " ":
                    continue
                w1, w2 = a.lower, b.lower
                if w1 not in thes and w2 not in thes:
                    continue
                if not spun and (is_function_word(w1, "en") or is_function_word(w2, "en")):
                    continue
                if any(s < b.end and a.start < e for s, e in covered):
                    continue
                pair = f"{w1} {w2}"
                if counts.get(pair, 0) or _attested(pair, others.get(a.start, "")):
                    continue
                best = None
                for s1 in (w1, *sorted(thes.get(w1, ()))):
                    for s2 in (w2, *sorted(thes.get(w2, ()))):
                        if (s1, s2) == (w1, w2):
                            continue
                        alt = f"{s1} {s2}"
                        aligned = others.get(a.start, "")
                        # the other source's wording must be the more usual one, not "said" for "stated"
                        if _attested(alt, aligned) and _more_usual(alt, pair):
                            best = (alt, "cross", 0)
                            break
                        n = counts.get(alt, 0)
                        if spun and n >= self.min_count and (best is None or (best[1] == "stats" and n > best[2])):
                            best = (alt, "stats", n)
                    if best and best[1] == "cross":
                        break
                if best is None:
                    continue
                alt, kind, n = best
                if kind == "cross":
                    ev = Evidence(note=f"an aligned paragraph of another source writes '{alt}'")
                    conf, sev = 0.75, "high"
                else:
                    ev = Evidence(note=f"'{pair}' absent from English bigram counts; '{alt}' occurs {n:,} times")
                    conf, sev = 0.55, "medium"
                s1, s2 = alt.split(" ")
                lo = a.start if s1 != w1 else b.start
                hi = b.end if s2 != w2 else a.end
                replacement = " ".join(w for w, o in ((s1, w1), (s2, w2)) if w != o)
                out.append(
                    make_finding(
                        source, lo, hi, detector=type(self), severity=sev,  # type: ignore[arg-type]
                        confidence=conf, suggestion=replacement, evidence=(ev,),
                        message=f"unnatural collocation: '{alt}' is the usual wording",
                    )
                )
        return keep_longest(out)


def _more_usual(alt: str, pair: str) -> bool:
    """Whether the changed words of ``alt`` are more frequent English than those of ``pair``."""
    changed = [(x, y) for x, y in zip(alt.split(" "), pair.split(" "), strict=True) if x != y]
    return all(zipf(x, "en") > zipf(y, "en") for x, y in changed)


def _attested(phrase: str, text: str) -> bool:
    return bool(text) and re.search(r"\b" + re.escape(phrase) + r"\b", text) is not None


def _aligned_text(source: Source, ctx: Context) -> dict[int, str]:
    """For each paragraph start of ``source``, the lower-cased text of its aligned English paragraphs."""
    by_id = {s.id: s for s in ctx.sources}
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
