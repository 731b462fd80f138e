"""Garbled words and repetitions: non-words, doubled words and phrases, stutters.

A non-word is a word that neither English nor French uses (wordfreq Zipf frequency 0 in both)
and that no other source of the comparison writes: not a rare name, not a number. Repetitions
are exact or near-exact repeats of a word or phrase inside one clause ("the the", "depuis la
pleine de Moscou depuis le plein de Moscou", "any line of possible ceasefire line"), and a
reporting verb doubled in one clause ("said on Monday said").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from diffsrc.analysis.detectors import Context, Detector
from diffsrc.analysis.detectors.rules import detector
from diffsrc.analysis.detectors.text import Token, is_function_word, make_finding, paragraphs_with_tokens
from diffsrc.analysis.detectors.thesaurus import can_be_verb
from diffsrc.analysis.frequencies import zipf
from diffsrc.model import Evidence, Finding, Source

_PART = re.compile(r"[^\W\d_]+")


@detector("DS501")
class NonWord(Detector):
    """A word unknown to English and French and absent from the other sources ("TROUNS")."""

    def check(self, source: Source, ctx: Context) -> Iterable[Finding]:
        known: set[str] | None = None  # the other sources' words, gathered at the first candidate
        for _p, toks in paragraphs_with_tokens(source, ("body", "heading")):
            for tok in toks:
                for m in _PART.finditer(tok.text):
                    part = m.group(0)
                    if len(part) < 4:
                        continue
                    if part[:1].isupper() and not part.isupper():
                        continue  # a capitalised rare word is most often a name
                    if part.isupper() and len(part) < 5:
                        continue  # an unknown short acronym
                    if zipf(part.lower(), "en") > 0 or zipf(part.lower(), "fr") > 0:
                        continue
                    if known is None:
                        known = _vocabulary(ctx.witnesses(source.id))  # near-copies are no witness
                    if part.lower() in known:
                        continue
                    start = tok.start + m.start()
                    yield make_finding(
                        source, start, start + len(part), detector=type(self), severity="high",
                        confidence=0.85,
                        message=f"'{part}' is not an English or French word and no other source uses it",
                        evidence=[Evidence(note=f"wordfreq: '{part.lower()}' zipf 0.0 in English and French")],
                    )


def _vocabulary(sources: Iterable[Source]) -> set[str]:
    """The lower-cased letter runs of the sources."""
    words: set[str] = set()
    for s in sources:
        words.update(_source_vocabulary(s))
    return words


def _source_vocabulary(s: Source) -> list[str]:
    """One source's lower-cased letter runs; kept in the active analysis cache (they only depend on it)."""
    from diffsrc.io.cache import Cache, active, text_digest

    cache = active()
    key = Cache.key("vocabulary", text_digest(s.text)) if cache.enabled else ""
    stored: list[str] | None = cache.get("vocabulary", key, list[str]) if cache.enabled else None
    if stored is not None:
        return stored
    words = sorted({m.group(0).lower() for m in _PART.finditer(s.text)})
    if cache.enabled:
        cache.put("vocabulary", key, words)
    return words


# Words English and French legitimately double ("that that", "nous nous sommes").
_ALLOWED_DOUBLES = frozenset("that had is do very so no yes ha bye nous vous".split())
_CONJUNCTIONS = frozenset("and or but nor than as et ou mais ni que".split())
# Words that open or carry a clause: a content word repeated across one of them is two arguments
# of a clause ("rich dads have rich kids", "a tube to get the nectar"), not a doubled head noun.
_CLAUSE_WORDS = {
    "en": frozenset(
        """i you he she it we they who which that is are was were be been being has have had do does
        did will would shall should can could may might must to""".split()
    ),
    "fr": frozenset(
        """je tu il elle on nous vous ils elles qui que est sont était étaient a ont avait avaient sera
        seront pour""".split()
    ),
}
_REPORTING = {
    "en": frozenset("said says told added declared announced stated explained noted insisted warned".split()),
    "fr": frozenset("déclaré dit affirmé ajouté indiqué souligné annoncé expliqué averti".split()),
}


def _clause_gap(text: str, a: Token, b: Token) -> bool:
    """Only spaces between two tokens: no punctuation, no quote, no line break."""
    return text[a.end : b.start].strip() == ""


def _similar(x: Token, y: Token, lang: str) -> bool:
    a, b = x.lower, y.lower
    if a == b:
        return True
    if is_function_word(a, lang) and is_function_word(b, lang) and len(a) <= 3 and len(b) <= 3:
        return True
    return len(a) >= 4 and len(b) >= 4 and (a.startswith(b) or b.startswith(a))


@detector("DS502")
class Repetition(Detector):
    """Doubled words and phrases, stutters and a content word repeated in one short phrase."""

    def check(self, source: Source, ctx: Context) -> Iterable[Finding]:
        for p, toks in paragraphs_with_tokens(source, ("body", "heading")):
            taken = -1
            for i in range(len(toks)):
                if toks[i].start < taken:
                    continue
                found = self._phrase_repeat(source, toks, i, p.lang) or self._echo(source, toks, i, p.lang)
                if found is not None:
                    taken = found.end
                    yield found

    def _phrase_repeat(self, source: Source, toks: list[Token], i: int, lang: str) -> Finding | None:
        text = source.text
        for n in range(5, 0, -1):
            if i + 2 * n > len(toks):
                continue
            if not _similar(toks[i], toks[i + n], lang):
                continue
            first, second = toks[i : i + n], toks[i + n : i + 2 * n]
            window = toks[i : i + 2 * n]
            if not all(_clause_gap(text, a, b) for a, b in zip(window, window[1:], strict=False)):
                continue
            exact = [a.lower == b.lower for a, b in zip(first, second, strict=False)]
            if not all(_similar(a, b, lang) for a, b in zip(first, second, strict=False)):
                continue
            content = [a for a, e in zip(first, exact, strict=False) if e and not is_function_word(a.lower, lang)]
            if n == 1 and (first[0].lower in _ALLOWED_DOUBLES or not exact[0] or _reduplication(first[0], lang)):
                continue
            if n > 1 and (not content or sum(exact) < (n + 1) // 2 or _npn(first, second, exact, lang)):
                continue
            start, end = first[0].start, second[-1].end
            kind = "repeated" if all(exact) else "stuttered"
            return make_finding(
                source, start, end, detector=type(self), severity="high", confidence=0.85 if all(exact) else 0.75,
                message=f"{kind} phrase: '{text[first[0].start:first[-1].end]}' comes twice in a row",
                suggestion=text[second[0].start : second[-1].end],
                evidence=[Evidence(note=f"{n}-word sequence repeated with nothing between")],
            )
        return None

    def _echo(self, source: Source, toks: list[Token], i: int, lang: str) -> Finding | None:
        """A content word repeated two to four words later in the same phrase ("line of ... line")."""
        text = source.text
        x = toks[i]
        if len(x.text) < 3 or is_function_word(x.lower, lang) or not x.is_lower or zipf(x.lower, lang) < 3.0:
            return None
        for k in range(3, 6):
            j = i + k
            if j >= len(toks):
                break
            if not all(_clause_gap(text, a, b) for a, b in zip(toks[i:j], toks[i + 1 : j + 1], strict=False)):
                break
            if toks[j - 1].lower in _CONJUNCTIONS:
                break
            if toks[j].lower == x.lower:
                if toks[j].text != x.text or not _noun_phrase_between(toks[i + 1 : j], lang):
                    return None
                return make_finding(
                    source, x.start, toks[j].end, detector=type(self), severity="high", confidence=0.7,
                    message=f"'{x.text}' is repeated {k - 1} words later in the same phrase",
                    suggestion=text[toks[i + 1].start : toks[j].end] if k > 1 else "",
                    evidence=[Evidence(note="a content word twice within one short phrase with no conjunction between")],
                )
        return None


def _reduplication(tok: Token, lang: str) -> bool:
    """A doubled word that is no common word of the language (wordfreq Zipf < 2.5): a lexicalised
    reduplication of a loan word, a name or a species epithet ("ylang ylang"), whereas
    machine-translation stutters double the frequent words it produces."""
    return zipf(tok.lower, lang) < 2.5


def _npn(first: list[Token], second: list[Token], exact: list[bool], lang: str) -> bool:
    """One content word repeated with different function words around it: the noun-preposition-noun
    construction ("de mieux en mieux", "from door to door"; Jackendoff 2008, Language 84:8-28)."""
    differing = [(a, b) for a, b, e in zip(first, second, exact, strict=False) if not e]
    same_content = [a for a, e in zip(first, exact, strict=False) if e and not is_function_word(a.lower, lang)]
    return (
        len(same_content) == 1 and bool(differing)
        and all(is_function_word(a.lower, lang) and is_function_word(b.lower, lang) for a, b in differing)
    )


def _noun_phrase_between(between: list[Token], lang: str) -> bool:
    """Whether the words between two occurrences can sit inside one noun phrase: lower case (a
    name starts another phrase), some content word, no conjunction, pronoun, auxiliary or (per
    WordNet, English) verb, which would make the two occurrences two arguments of a clause."""
    if any(not t.is_lower or t.lower in _CONJUNCTIONS or t.lower in _CLAUSE_WORDS.get(lang, ()) for t in between):
        return False
    if not any(not is_function_word(t.lower, lang) for t in between):
        return False
    return lang != "en" or not any(can_be_verb(t.lower) for t in between if not is_function_word(t.lower, lang))


@detector("DS503")
class DoubledReportingVerb(Detector):
    """Two reporting verbs in one clause ("said on Monday morning said the...")."""

    def check(self, source: Source, ctx: Context) -> Iterable[Finding]:
        text = source.text
        for p, toks in paragraphs_with_tokens(source):
            verbs = _REPORTING.get(p.lang, frozenset())
            for i, t in enumerate(toks):
                if t.lower not in verbs:
                    continue
                for j in range(i + 1, min(i + 7, len(toks))):
                    if not _clause_gap(text, toks[j - 1], toks[j]):
                        break
                    u = toks[j]
                    if u.lower in _CONJUNCTIONS or u.lower in ("that", "who", "which", "que", "qui"):
                        break
                    if u.lower in verbs:
                        yield make_finding(
                            source, t.start, u.end, detector=type(self), severity="high", confidence=0.8,
                            message=f"reporting verb doubled in one clause: '{t.text}' ... '{u.text}'",
                            suggestion=text[t.start : toks[j - 1].end],
                            evidence=[Evidence(note="one clause carries one reporting verb; the second is a translation left-over")],
                        )
                        break
