"""Word-order calques: French constituent order carried into English.

Machine translation from French keeps French order where English reorders: a number before its
comparison ("3%north" for "north of 3%"), an adjective dropped inside a compound ("cease possible
fire"), an adverb after an elliptical auxiliary ("Putin is certainly."), a nationality adjective
after its noun ("the president French"), an adjective left as a noun after "of the" ("the
realization of the cold"), and "there" before the object ("send there troops").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from diffsrc.analysis.detectors import Context, Detector, register
from diffsrc.analysis.detectors.lexicon import keep_longest, text_paragraphs
from diffsrc.analysis.detectors.text import is_function_word, make_finding, tokens
from diffsrc.analysis.frequencies import zipf
from diffsrc.model import Evidence, Finding, Source

CATEGORY = "word_order"


class PatternDetector(Detector):
    """A word-order detector made of one regular expression; group ``s`` narrows the span."""

    languages = ("en",)
    pattern: re.Pattern[str] = re.compile(r"(?!)")
    severity: str = "medium"
    confidence: float = 0.6
    message: str = ""

    def suggest(self, m: re.Match[str]) -> str:
        """The likely original wording for a match."""
        return ""

    def accept(self, source: Source, m: re.Match[str]) -> bool:
        """Extra conditions on a match (default: none)."""
        return True

    def check(self, source: Source, ctx: Context) -> Iterable[Finding]:
        out = []
        for start, end in text_paragraphs(source):
            for m in self.pattern.finditer(source.text, start, end):
                if not self.accept(source, m):
                    continue
                span = m.span("s") if "s" in self.pattern.groupindex and m.group("s") else m.span()
                out.append(
                    make_finding(
                        source, span[0], span[1], detector=type(self), severity=self.severity,  # type: ignore[arg-type]
                        message=self.message, confidence=self.confidence, suggestion=self.suggest(m),
                    )
                )
        return keep_longest(out)


@register
class NumberBeforeDirection(PatternDetector):
    """"3%north": a percentage placed before "north/south", from French "3 % au nord"."""

    code = "DS801"
    name = "number-before-direction"
    category = CATEGORY
    description = "percentage placed before north/south instead of 'north of N%'"
    pattern = re.compile(r"(?P<n>\d+(?:[.,]\d+)?\s*%)\s*(?P<d>north|south)\b(?! of)", re.IGNORECASE)
    severity = "high"
    confidence = 0.85
    message = "number placed before 'north/south': English says 'north of N%'"

    def suggest(self, m: re.Match[str]) -> str:
        return f"{m.group('d').lower()} of {m.group('n').replace(' ', '')}"


@register
class SplitCompound(Detector):
    """"cease Possible fire": a modifier inserted inside a closed compound ("ceasefire")."""

    code = "DS802"
    name = "split-compound"
    category = CATEGORY
    description = "modifier inserted inside a compound word, as French places it"
    languages = ("en",)

    def check(self, source: Source, ctx: Context) -> Iterable[Finding]:
        text = source.text
        for start, end in text_paragraphs(source):
            toks = tokens(text, start, end)
            for a, b, c in zip(toks, toks[1:], toks[2:], strict=False):
                if text[a.end : b.start] != " " or text[b.end : c.start] != " ":
                    continue
                if not (a.text.isalpha() and c.text.isalpha() and b.text.isalpha()):
                    continue
                if len(a.text) < 3 or len(c.text) < 3 or a.is_upper or c.is_upper:
                    continue
                if any(is_function_word(t.text, "en") for t in (a, b, c)):
                    continue
                compound = a.lower + c.lower
                zc = zipf(compound, "en")
                # The closed compound must be a common word, far more common than the parts
                # suggest by chance, and the inserted word must not form a phrase with the first.
                if zc < 3.0 or zipf(a.lower + b.lower, "en") > 0 or zipf(b.lower + c.lower, "en") > 0:
                    continue
                if zc < min(zipf(a.lower, "en"), zipf(c.lower, "en")) - 1.5:
                    continue
                yield make_finding(
                    source, a.start, c.end, detector=type(self), severity="high", confidence=0.8,
                    message=f"'{b.text}' inserted inside the compound '{compound}'",
                    suggestion=f"{b.lower} {compound}",
                    evidence=(Evidence(note=f"wordfreq: '{compound}' zipf {zc:.1f}"),),
                )


@register
class StrandedAdverb(PatternDetector):
    """"Putin is certainly.": an adverb after an elliptical auxiliary at the end of a sentence."""

    code = "DS803"
    name = "stranded-adverb"
    category = CATEGORY
    description = "adverb placed after an elliptical auxiliary ('is certainly.' for 'certainly is.')"
    pattern = re.compile(
        r"\b(?P<aux>is|are|was|were|will|would|has|have|had|does|do|did|can|could|should)\s+"
        r"(?P<adv>certainly|surely|probably|definitely|undoubtedly|obviously)(?=\s*[.!?”\"])",
        re.IGNORECASE,
    )
    severity = "high"
    confidence = 0.8
    message = "adverb after an elliptical auxiliary: English puts it first ('certainly is')"

    def suggest(self, m: re.Match[str]) -> str:
        return f"{m.group('adv')} {m.group('aux')}"


_NATIONALITY = (
    "French|British|American|German|Italian|Russian|Ukrainian|Polish|Spanish|Dutch|Danish|European|"
    "Chinese|Israeli|Turkish|Belgian|Swedish|Finnish|Norwegian|Hungarian|Romanian|Canadian|Japanese|"
    "Iranian|Saudi|Greek|Portuguese|Austrian|Swiss|Irish|Estonian|Latvian|Lithuanian"
)


@register
class PostposedNationality(PatternDetector):
    """"the president French Emmanuel Macron": a nationality adjective after its noun."""

    code = "DS804"
    name = "postposed-nationality"
    category = CATEGORY
    description = "nationality adjective placed after its noun"
    pattern = re.compile(
        r"\b(?:the|a|an|of|by|to)\s+(?P<s>(?P<n>president|prime minister|minister|foreign minister|"
        r"government|army|troops|soldiers|parliament|chancellor|leaders?|authorities|diplomacy|press|"
        r"counterpart|ambassador|navy|economy|presidency|officials?|forces|delegation|industry)\s+"
        r"(?-i:(?P<a>" + _NATIONALITY + r")))\b(?!\s*[-–]|\s+(?:and|or|people|ones)\b)",
        re.IGNORECASE,
    )
    severity = "medium"
    confidence = 0.7
    message = "nationality adjective after its noun, in French order"

    def suggest(self, m: re.Match[str]) -> str:
        return f"{m.group('a')} {m.group('n').lower()}"


@register
class AdjectiveAsNoun(PatternDetector):
    """"the realization of the cold –": an adjective of the noun rendered as "of the ADJ"."""

    code = "DS805"
    name = "adjective-as-noun"
    category = CATEGORY
    description = "adjective rendered as 'N of the ADJ' at the end of a phrase"
    pattern = re.compile(
        r"\b(?P<n>\w+(?:tion|ment|ness|ity|ance|ence|sion|ure)) of the "
        r"(?P<a>cold|harsh|bitter|brutal|stark|sad|painful|sudden|sobering|grim|rude|hard|cruel)"
        r"(?=\s*[–—,.;:)]|\s+-\s)",
        re.IGNORECASE,
    )
    severity = "high"
    confidence = 0.75
    message = "adjective turned into 'of the ADJ': English puts the adjective before the noun"

    def suggest(self, m: re.Match[str]) -> str:
        return f"{m.group('a').lower()} {m.group('n').lower()}"


@register
class PronounBeforeParticiple(PatternDetector):
    """"those existing", "send there troops": French order of pronoun/adverb and participle."""

    code = "DS806"
    name = "french-pronoun-order"
    category = CATEGORY
    description = "'those existing' for 'existing ones'; 'send there X' for 'send X there'"
    pattern = re.compile(
        r"\b(?P<s>(?:those|these) (?:existing|planned|proposed|announced|adopted|current|available))"
        r"(?=\s*[.,;:]|\s+(?:and|or)\b)"
        r"|\b(?P<v>send|sending|sends|sent|deploy|deploying|deploys|deployed)\s+there(?=\s+"
        r"(?!(?:is|are|was|were|will|by|in|for|to|on|at|from|and|or|last|next|this|before|after)\b)[A-Za-z])",
        re.IGNORECASE,
    )
    severity = "medium"
    confidence = 0.6
    message = "French word order: English puts the adjective or 'there' after the noun"

    def suggest(self, m: re.Match[str]) -> str:
        if m.group("s"):
            return "existing ones" if "existing" in m.group("s").lower() else ""
        return f"{m.group('v')} ... there"


@register
class PostposedAdjective(PatternDetector):
    """"a stakeholder responsible for": an evaluative adjective after a predicative noun."""

    code = "DS807"
    name = "postposed-adjective"
    category = CATEGORY
    description = "evaluative adjective placed after its noun in a predicate ('is a partner reliable')"
    pattern = re.compile(
        r"\b(?:is|are|was|were|be|become|becomes|remain|remains|as)\s+(?:a|an)\s+(?P<s>(?P<n>stakeholder|partner|"
        r"actor|player|ally|power|member|interlocutor|mediator)\s+(?P<a>reliable|credible|responsible|"
        r"trustworthy|loyal|serious|solid|essential|indispensable|important|constructive))\b",
        re.IGNORECASE,
    )
    severity = "medium"
    confidence = 0.6
    message = "adjective after its noun, in French order"

    def suggest(self, m: re.Match[str]) -> str:
        return f"{m.group('a').lower()} {m.group('n').lower()}"
