"""Grammar patterns typical of machine translation from French into English.

French gives every country an article ("la Russie" -> "the Russia"), omits the dummy object of
"rendre plus facile de" ("makes less complicated to"), spends money "en défense" ("in defense"),
resumes a dislocated subject with a pronoun ("Europe and the United States, he remained"), and its
possessive "sa/son" agrees with the possessed noun, so a country gets "his own defense". A
lexicon (``resources/grammar_fr_en.tsv``) adds the prepositions of French verbs ("depend of"),
French plurals of uncountable nouns ("informations") and fixed constructions ("a same").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from diffsrc.analysis.detectors import Context, Detector, register
from diffsrc.analysis.detectors.lexicon import LexiconDetector, keep_longest, text_paragraphs
from diffsrc.analysis.detectors.text import FUNCTION_WORDS, TITLE_WORDS, make_finding, tokens
from diffsrc.analysis.detectors.wordorder import PatternDetector
from diffsrc.analysis.frequencies import zipf
from diffsrc.model import Finding, Source

CATEGORY = "grammar"

COUNTRIES = (
    "Russia|France|Germany|Italy|Spain|Poland|China|Britain|Europe|Belarus|Turkey|Israel|Iran|Denmark|"
    "Hungary|Romania|Japan|Canada|Brazil|India|Austria|Belgium|Portugal|Greece|Sweden|Finland|Norway|"
    "Moldova|Georgia|Estonia|Latvia|Lithuania|Slovakia|Ireland|Mexico|Egypt|Syria|Africa|America|Asia"
)
# Words after "the <Country>" that make it a legitimate noun phrase ("the Russia of Putin",
# "the Russia that we knew") or a compound ("the Russia talks" is caught by the lower-case test).
_COUNTRY_ALLOWED_NEXT = frozenset("of that which who whose we they he she i you it".split())


@register
class ArticleBeforeCountry(Detector):
    """"sanctions against the Russia": a definite article before a country name."""

    code = "DS901"
    name = "article-before-country"
    category = CATEGORY
    description = "definite article before a country name, as in French"
    languages = ("en",)
    _pattern = re.compile(r"\b(?P<s>the (?P<c>" + COUNTRIES + r"))\b(?![-’'])(?P<rest>\s*\W?\s*\w*)")

    def check(self, source: Source, ctx: Context) -> Iterable[Finding]:
        for start, end in text_paragraphs(source):
            for m in self._pattern.finditer(source.text, start, end):
                rest = m.group("rest")
                nxt = rest.strip().lower()
                if nxt and nxt[0].isalpha():
                    # followed by a word: only a closed-class word (not a compound noun) counts
                    if nxt in _COUNTRY_ALLOWED_NEXT or nxt not in FUNCTION_WORDS["en"]:
                        continue
                elif nxt.startswith(("'", "’")):
                    continue
                yield make_finding(
                    source, m.start("s"), m.end("s"), detector=type(self), severity="high",
                    confidence=0.8, message="article before a country name, as in French ('la Russie')",
                    suggestion=m.group("c"),
                )


@register
class MissingDummyIt(PatternDetector):
    """"It makes less complicated to untangle": no dummy "it" after "make" + adjective + infinitive."""

    code = "DS902"
    name = "missing-dummy-it"
    category = CATEGORY
    description = "missing 'it' in 'make it easier to', from French 'rendre plus facile de'"
    pattern = re.compile(
        r"\b(?P<v>makes|make|made|making|renders|rendered)\s+(?P<a>(?:much\s+)?(?:less|more)\s+"
        r"(?:complicated|difficult|easy|hard|complex|simple|necessary|possible|likely)|easier|harder|"
        r"simpler|possible|impossible|difficult|necessary)(?=\s+to\s+[a-z])",
        re.IGNORECASE,
    )
    severity = "medium"
    confidence = 0.7
    message = "missing dummy 'it' ('makes it easier to')"

    def suggest(self, m: re.Match[str]) -> str:
        return f"{m.group('v')} it {m.group('a')}"


@register
class ConfrontedWithoutWith(PatternDetector):
    """"the worst crisis it has been confronted": "être confronté à" without "with"."""

    code = "DS903"
    name = "confronted-without-with"
    category = CATEGORY
    description = "passive 'confronted' without 'with', from French 'être confronté à'"
    pattern = re.compile(
        r"\b(?:be|been|being|is|are|was|were|am)\s+(?:not\s+)?confronted\b(?!\s+(?:with|by|about|over|on)\b)",
        re.IGNORECASE,
    )
    severity = "medium"
    confidence = 0.65
    message = "'confronted' without 'with' (French 'confronté à'): 'faced' or 'confronted with'"

    def suggest(self, m: re.Match[str]) -> str:
        return "faced"


@register
class SpendingInDefense(PatternDetector):
    """"4% of its GDP in defense": French "en défense" for English "on defence"."""

    code = "DS904"
    name = "spend-in-defense"
    category = CATEGORY
    description = "'spend ... in defense' for 'spend on defense'"
    pattern = re.compile(
        r"\b(?P<s>(?:GDP|budgets?|spending|spend|spends|spent|expenses|expenditures?)\s+in\s+"
        r"(?:the\s+)?(?:defen[cs]e|armaments?|the military))\b"
        r"(?!\s+(?:spending|aid|contracts?|budgets?|cuts|funding|sales|stocks|equipment|industry|"
        r"companies|firms|sector|of)\b)",
        re.IGNORECASE,
    )
    severity = "medium"
    confidence = 0.65
    message = "'in defense' after spending: English spends 'on' defense"

    def suggest(self, m: re.Match[str]) -> str:
        return re.sub(r"\bin\b", "on", m.group("s"), count=1)


@register
class ResumptivePronoun(PatternDetector):
    """"Europe and the United States, he remained united": a dislocated subject resumed by "he"."""

    code = "DS905"
    name = "resumptive-pronoun"
    category = CATEGORY
    description = "coordinated subject resumed by a singular pronoun (French dislocation)"
    pattern = re.compile(
        r"(?:^|[.!?]\s+|,\s+)(?-i:(?:the\s+)?[A-Z][\w-]+(?:\s+[A-Z][\w-]+)*\s+and\s+(?:the\s+)?"
        r"[A-Z][\w-]+(?:\s+[A-Z][\w-]+)*),\s+(?P<s>(?-i:he|she|it)\s+(?P<v>[a-z]+ed|is|was|has|had))\b",
        re.MULTILINE,
    )
    severity = "high"
    confidence = 0.7
    message = "two coordinated subjects resumed by a singular pronoun: the subject is 'they'"

    def suggest(self, m: re.Match[str]) -> str:
        verb = {"is": "are", "was": "were", "has": "have"}.get(m.group("v"), m.group("v"))
        return f"they {verb}"


_ORG = (
    r"Europe|the EU|the European Union|NATO|the alliance|the government|the Kremlin|the country|"
    r"the bloc|the United States|America|" + COUNTRIES
)


@register
class PersonalPossessiveForCountry(PatternDetector):
    """"Europe spends more for his own defense": "sa/son" rendered as "his/her" for a country."""

    code = "DS906"
    name = "his-for-country"
    category = CATEGORY
    description = "'his/her' referring back to a country or institution (French 'sa/son')"
    pattern = re.compile(
        r"(?-i:\b(?:" + _ORG + r"))\b(?P<between>[^.?!;:“”\"]{1,60}?)\b(?P<s>(?-i:his|her)\s+own\s+\w+)",
    )
    severity = "medium"
    confidence = 0.6
    message = "'his/her' for a country or institution: English uses 'its'"
    _person = re.compile(
        r"['’]s\b|\b(?:he|she|him|Mr|Mrs|Ms|Sir|Lady|Lord|[A-Z][a-z]+\s+[A-Z][a-z]+|president|minister|leader|"
        r"chancellor|king|queen|chief|head|spokes\w+|official|ambassador|envoy|general|commander)\b"
    )

    def accept(self, source: Source, m: re.Match[str]) -> bool:
        return not self._person.search(m.group("between"))

    def suggest(self, m: re.Match[str]) -> str:
        return "its" + m.group("s")[3:]


_MODALS = frozenset(
    "will would can could should may might must did does do to let make made help helped see saw "
    "watch watched hear heard and or".split()
)
_BASE_VERBS = frozenset(
    """sit meet say go come want need hope arrive travel hold lead visit talk speak discuss take
    make give leave return see call tell ask expect plan try seek urge warn insist agree head
    fly join""".split()
)


@register
class BareVerbAfterName(Detector):
    """"Secretary of State Marco Rubio sit on Tuesday": a bare verb after a singular name."""

    code = "DS907"
    name = "bare-verb-after-name"
    category = CATEGORY
    description = "base-form verb after a singular proper name (lost future or agreement)"
    languages = ("en",)

    def check(self, source: Source, ctx: Context) -> Iterable[Finding]:
        text = source.text
        out = []
        for start, end in text_paragraphs(source):
            toks = tokens(text, start, end)
            for i in range(1, len(toks) - 1):
                name, verb, prev = toks[i], toks[i + 1], toks[i - 1]
                if verb.lower not in _BASE_VERBS or not verb.is_lower or text[name.end : verb.start] != " ":
                    continue
                if not name.is_title or name.text.endswith("s") or zipf(name.lower, "en") > 4.0:
                    continue
                # A first name or a title before the name; nothing that licenses a bare verb.
                if not (prev.is_title or prev.lower in TITLE_WORDS) or text[prev.end : name.start] != " ":
                    continue
                window = [t.lower for t in toks[max(0, i - 5) : i]]
                if any(w in _MODALS for w in window):
                    continue
                out.append(
                    make_finding(
                        source, name.start, verb.end, detector=type(self), severity="high", confidence=0.65,
                        message="bare verb after a singular subject: a lost 'will' or third-person -s",
                        suggestion=f"{name.text} will {verb.text}",
                    )
                )
        return keep_longest(out)


@register
class FrenchConstructionsInEnglish(LexiconDetector):
    """French verb government and countability in English ("depend of", "informations")."""

    code = "DS908"
    name = "french-construction"
    category = CATEGORY
    description = "preposition, plural or fixed construction carried over from French"
    languages = ("en",)
    resource = "grammar_fr_en.tsv"
    kinds = ("grammar",)
    label = "French construction"
