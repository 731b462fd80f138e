"""Casing anomalies: capitals inside a sentence, ALL-CAPS common words, lower-case proper nouns.

Machine translation and careless pipelines leave capitals where a sentence was cut or a
name was guessed ("talks ... Without European involvement", "to indicate Clearly"), shout
common words ("UNITED STATES"), lower-case proper nouns ("kyiv") and re-case initialisms
("Cnn"). The evidence is how often a word is written in each form across all the sources of
the comparison, wordfreq frequencies and CLDR place names; never a list of expected strings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from diffsrc.analysis.detectors import Context, Detector
from diffsrc.analysis.detectors.rules import detector
from diffsrc.analysis.detectors.text import (
    DASHES,
    TITLE_WORDS,
    CasingStats,
    Token,
    calendar_words,
    capitalised_words,
    corpus_casing,
    is_function_word,
    known_place_names,
    make_finding,
    next_in_phrase,
    paragraphs_with_tokens,
    starts_sentence,
    tokens,
)
from diffsrc.analysis.frequencies import zipf
from diffsrc.model import Evidence, Finding, Source

# Function words that legitimately sit inside capitalised names and titles ("Bank of England",
# "The Hague", "Charles de Gaulle"): only flagged when a neighbour is lower case.
_NAME_PARTICLES = frozenset(
    "of the and for on in at to a an de la le les du des et d von van der y al el di da".split()
)
_REPORTING_VERBS = frozenset("said says told added asked insisted explained warned noted".split())
_COMPASS = frozenset({"north", "south", "east", "west"})
# Capitalised as the names of astronomical bodies by one style guide and not by another (Chicago
# Manual of Style 8.140 writes "the Moon" beside "the Earth"; the AP Stylebook "the moon"): either
# is a writer's convention, not a re-cased word.
_CELESTIAL = frozenset({"sun", "moon", "earth"})
_VOWELS = set("aeiouyàâäéèêëîïôöùûüœæ")


def _lower_pair_seen(sources: tuple[Source, ...], low: str, nxt: Token) -> bool:
    """Whether some source writes the particle in lower case before the same name ("the EU")."""
    needle = f"{low} {nxt.text}"
    pattern = re.compile(r"(?<!\w)" + re.escape(needle) + r"(?!\w)")
    # The plain substring test first: it is many times faster than the regex over a long text,
    # and the regex can only match where the substring occurs.
    return any(needle in s.text and pattern.search(s.text) for s in sources)


def _written_alike(sources: tuple[Source, ...], phrase: str) -> bool:
    """Whether the capitalised phrase occurs more than once, with these capitals, in the sources:
    a title or name the document keeps writing that way, not a one-off re-cased word."""
    # Substring counts bound the regex's (word-bounded) matches from above and are many times
    # faster over a long text: most phrases occur once, and the regex never runs for them.
    if sum(s.text.count(phrase) for s in sources) <= 1:
        return False
    pattern = re.compile(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)")
    matches = (m for s in sources for m in pattern.finditer(s.text))
    return next(matches, None) is not None and next(matches, None) is not None  # stop at the second


def _gap(text: str, a: Token, b: Token) -> str:
    return text[a.end : b.start]


def _is_cap(t: Token) -> bool:
    return t.text[:1].isupper()


@detector("DS301")
class MidSentenceCapital(Detector):
    """A common word capitalised inside a sentence, after a lower-case word or a dash."""

    def check(self, source: Source, ctx: Context) -> Iterable[Finding]:
        stats = corpus_casing(ctx.sources)
        text = source.text
        # The source's near-copies write its capitals again: they are left out of the evidence.
        copies = ctx.copies_of(source.id)
        witnesses = (source, *ctx.witnesses(source.id))
        for p, toks in paragraphs_with_tokens(source):
            if self._title_case_paragraph(toks):
                continue
            for i, tok in enumerate(toks):
                if not tok.is_title or tok.text == "I" or i == 0:
                    continue
                prev = toks[i - 1]
                if starts_sentence(text, prev, tok, p.start):
                    continue
                found = self._judge(source, stats, toks, i, p.lang, witnesses, copies, ctx.families)
                if found is not None:
                    yield found

    @staticmethod
    def _title_case_paragraph(toks: list[Token]) -> bool:
        """Headlines written In Title Case: capitals carry no signal there."""
        capitalised, words = capitalised_words(toks)
        return words >= 3 and capitalised / words > 0.7

    def _judge(
        self, source: Source, stats: CasingStats, toks: list[Token], i: int, lang: str,
        ctx_sources: tuple[Source, ...], copies: frozenset[str] = frozenset(),
        families: Mapping[str, str] | None = None,
    ) -> Finding | None:
        text = source.text
        tok, prev = toks[i], toks[i - 1]
        nxt = next_in_phrase(text, toks, i)
        gap = _gap(text, prev, tok).strip()
        # What may separate the previous word: nothing, a dash, an opening quote, or the comma
        # and closing quote ending a quotation (",” Said X").
        if gap and not (gap in DASHES or gap in ("“", "‘", "«") or gap in (",”", ",\"")):
            return None
        low = tok.lower
        standalone = nxt is None or not _is_cap(nxt)
        title_elsewhere = stats.count("title", low, exclude=copies) - (1 if standalone else 0)
        lower_count = stats.count("lower", low, exclude=copies, families=families)
        if is_function_word(low, lang):
            if len(low) == 1 and not prev.is_lower:
                return None  # "Plan A", "Group B"
            if low in _NAME_PARTICLES and nxt is not None and _is_cap(nxt):
                if _is_cap(prev) or not _lower_pair_seen(ctx_sources, low, nxt):
                    return None  # "Bank of England", "to The Hague"
            if low in _NAME_PARTICLES and _is_cap(prev) and nxt is not None and _is_cap(nxt):
                return None
            if _is_cap(prev) and _written_alike(ctx_sources, text[prev.start : tok.end]):
                return None  # a title written the same way again ("Double Down", a book's title)
            note = f"'{low}' is {('an English' if lang == 'en' else 'a French')} function word, lower case inside a sentence"
            return self._finding(source, tok, prev, 0.85, note, lower_count)
        # A content word: it must be a common lower-case word that no source capitalises. French
        # capitalises nationalities and institutions ("les Russes", "du Traité"): English only.
        if lang != "en" or (not prev.is_lower and not gap):
            return None
        if low in calendar_words("en") or low.endswith("ern") or low in _COMPASS or low in _CELESTIAL:
            return None  # "in February", "Western policy", "the Moon": capitalised by English convention
        if gap in (",”", ",\"") and low in _REPORTING_VERBS:
            note = f"'{low}' after a quotation and a comma continues the sentence"
            return self._finding(source, tok, prev, 0.8, note, lower_count)
        if nxt is not None and (_is_cap(nxt) or nxt.is_upper):
            return None  # a multi-word name or title ("Defense Alliance")
        after = next_in_phrase(text, toks, i + 1) if nxt is not None else None
        if nxt is not None and nxt.lower in _NAME_PARTICLES and after is not None and _is_cap(after):
            return None  # "the Bank of England", "Secretary of State"
        if low in TITLE_WORDS or low in known_place_names():
            return None
        z = zipf(low, lang)
        if z < 3.5 or title_elsewhere > 0:
            return None
        # A quoted fragment inside a sentence starts lower case ("to fill “huge gaps”"); names
        # are kept out by the zipf bar and by every other capitalised use in the sources.
        quoted = gap in ("“", "‘", "«") and z >= 4.8
        if lower_count == 0 and not quoted and not (z >= 4.5 and low.endswith("ly")):
            return None  # no source uses it as a common word: may well be a name ("England")
        note = f"wordfreq: '{low}' zipf {z:.2f} in {'English' if lang == 'en' else 'French'}"
        return self._finding(source, tok, prev, 0.8, note, lower_count)


    def _finding(self, source: Source, tok: Token, prev: Token, confidence: float, note: str, lower_count: int) -> Finding:
        evidence = [Evidence(note=note)]
        if lower_count:
            evidence.append(Evidence(note=f"written lower case {lower_count} time(s) in the compared sources"))
        return make_finding(
            source, prev.start, tok.end, detector=type(self), severity="high", confidence=confidence,
            message=f"'{tok.text}' is capitalised inside a sentence, after '{prev.text}'",
            suggestion=source.text[prev.start : tok.start] + tok.text.lower(), evidence=evidence,
        )


@detector("DS302")
class AllCapsWords(Detector):
    """Common words in capitals inside running text ("UNITED STATES"), not acronyms."""

    def check(self, source: Source, ctx: Context) -> Iterable[Finding]:
        stats, text = corpus_casing(ctx.sources), source.text
        for p, toks in paragraphs_with_tokens(source):
            if sum(t.is_upper for t in toks) > len(toks) / 2:
                continue  # a shouted paragraph or a caption: not a translation artefact
            i = 0
            while i < len(toks):
                if not toks[i].is_upper:
                    i += 1
                    continue
                j = i
                while j + 1 < len(toks) and toks[j + 1].is_upper and _gap(text, toks[j], toks[j + 1]).strip() == "":
                    j += 1
                run = toks[i : j + 1]
                i = j + 1
                if self._is_shouted(run, stats, p.lang):
                    yield self._finding(source, run, stats)

    @staticmethod
    def _is_acronym(t: Token, stats: CasingStats, lang: str) -> bool:
        # Short forms and words no source writes any other way are acronyms ("NATO", "GDP"),
        # unless they are among the commonest words of the language.
        if len(t.text) <= 4 or zipf(t.lower, lang) < 3.0:
            return True
        if zipf(t.lower, lang) >= 4.5:
            return False
        return stats.count("lower", t.lower) == 0 and stats.count("title", t.lower) == 0

    def _is_shouted(self, run: list[Token], stats: CasingStats, lang: str) -> bool:
        words = [t for t in run if not self._is_acronym(t, stats, lang)]
        if len(run) >= 2:
            return len(words) >= 1 and sum(zipf(t.lower, lang) >= 3.0 for t in run) == len(run)
        return len(words) == 1 and len(run[0].text) >= 5 and zipf(run[0].lower, lang) >= 4.0

    def _finding(self, source: Source, run: list[Token], stats: CasingStats) -> Finding:
        start, end = run[0].start, run[-1].end
        parts = []
        for t in run:
            parts.append(t.text.capitalize() if stats.count("title", t.lower) else t.text.lower())
        return make_finding(
            source, start, end, detector=type(self), severity="high" if len(run) > 1 else "medium",
            confidence=0.85 if len(run) > 1 else 0.6,
            message=f"'{source.text[start:end]}' is written in capitals but is not an acronym",
            suggestion=" ".join(parts),
            evidence=[Evidence(note="wordfreq: " + ", ".join(f"'{t.lower}' zipf {zipf(t.lower, 'en'):.2f}" for t in run)
                               + "; other sources write these words in lower or title case")],
        )


@detector("DS303")
class LowercaseProperNoun(Detector):
    """A proper noun written in lower case ("kyiv") where other sources capitalise it."""

    def check(self, source: Source, ctx: Context) -> Iterable[Finding]:
        stats = corpus_casing(ctx.sources)
        places = known_place_names()
        # the other texts: the source's near-copies left out, other copies counted once
        mine, fams = ctx.family_of(source.id), ctx.families
        for p, toks in paragraphs_with_tokens(source, ("body", "heading")):
            for tok in toks:
                if not tok.is_lower or len(tok.text) < 3 or is_function_word(tok.text, p.lang):
                    continue
                low = tok.text
                cap_other = stats.count("title", low, exclude=mine, families=fams)
                cap_own = stats.count("title", low) - stats.count("title", low, exclude=source.id)
                lower_other = stats.count("lower", low, exclude=mine, families=fams)
                place = places.get(low)
                if zipf(low, p.lang) >= 4.0 and not place:
                    continue  # a common word ("state", "president") in its lower-case use
                cap = cap_other + cap_own
                if place and zipf(low, p.lang) < 4.5:
                    # a place name: lower case is never right; the sources only confirm the form
                    if cap < 2 or cap <= lower_other:
                        continue
                elif cap < 2 or cap < 3 * lower_other or cap_other < 2:
                    continue
                form = place or stats.title_form(low) or low.capitalize()
                yield self._finding(source, tok, form, ctx, cap_other, place is not None)

    def _finding(self, source: Source, tok: Token, form: str, ctx: Context, cap_other: int, place: bool) -> Finding:
        pattern = re.compile(r"(?<!\w)" + re.escape(form) + r"(?!\w)")
        evidence = [
            *[e for e in _quotes(ctx.witnesses(source.id), pattern, f"written '{form}' in another source")],
        ]
        if place:
            evidence.append(Evidence(note=f"CLDR / tz database: '{form}' is a place name"))
        return make_finding(
            source, tok.start, tok.end, detector=type(self), severity="high", confidence=0.9 if place else 0.8,
            message=f"proper noun '{tok.text}' is written in lower case; the other sources write '{form}'",
            suggestion=form, evidence=evidence,
        )


def _quotes(sources: Iterable[Source], pattern: re.Pattern[str], note: str, limit: int = 2) -> list[Evidence]:
    out: list[Evidence] = []
    for s in sources:
        m = pattern.search(s.text)
        if m:
            out.append(Evidence(note=note, source=s.id, start=m.start(), end=m.end(), text=m.group(0)))
            if len(out) >= limit:
                break
    return out


@detector("DS304")
class TitleCaseInitialism(Detector):
    """An initialism re-cased as a word ("Cnn", "Bbc") where the sources write it in capitals."""

    def check(self, source: Source, ctx: Context) -> Iterable[Finding]:
        stats = corpus_casing(ctx.sources)
        for tok in tokens(source.text):
            t = tok.text
            if not (tok.is_title and 2 <= len(t) <= 5) or any(ch in _VOWELS for ch in t[1:].lower()):
                continue
            if stats.count("upper", t) == 0:
                continue
            upper = t.upper()
            evidence = _quotes(ctx.sources, re.compile(r"(?<!\w)" + re.escape(upper) + r"(?!\w)"),
                               f"written '{upper}' in the compared sources")
            yield make_finding(
                source, tok.start, tok.end, detector=type(self), severity="high", confidence=0.85,
                message=f"initialism '{upper}' is written '{t}', as a machine pipeline re-casing a header would",
                suggestion=upper, evidence=evidence,
            )
