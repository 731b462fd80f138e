"""Grammar patterns typical of machine translation from French into English.

French gives every country an article ("la Russie" -> "the Russia"), and a French subject can be
followed by a bare verb where English needs "will" or "-s" ("Minister Clara Vidal meet"): both
need word lists and frequencies. The constructions one pattern describes (the dummy object of
"rendre plus facile de", "en défense", a resumed dislocated subject, "sa/son" as "his own" for a
country, "depend of", "informations", "a same") are rows of ``resources/grammar_fr_en.tsv``
applied by ``rules.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from diffsrc.analysis.detectors import Context, Detector
from diffsrc.analysis.detectors.lexicon import keep_longest, text_paragraphs
from diffsrc.analysis.detectors.rules import detector
from diffsrc.analysis.detectors.text import FUNCTION_WORDS, TITLE_WORDS, make_finding, tokens
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


@detector("DS901")
class ArticleBeforeCountry(Detector):
    """"sanctions against the Russia": a definite article before a country name."""

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






_MODALS = frozenset(
    "will would can could should may might must did does do to let make made help helped see saw "
    "watch watched hear heard and or".split()
)
_BASE_VERBS = frozenset(
    """sit meet say go come want need hope arrive travel hold lead visit talk speak discuss take
    make give leave return see call tell ask expect plan try seek urge warn insist agree head
    fly join""".split()
)


@detector("DS907")
class BareVerbAfterName(Detector):
    """"Secretary of State Marco Rubio sit on Tuesday": a bare verb after a singular name."""

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
