"""Untranslated words: French left in English text and English left in French text.

Evidence is relative word frequency in the two languages (wordfreq), CLDR place names in both
languages ("Bélarus" is the French name of Belarus) and the other sources, which show whether a
form is a name that every outlet writes the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from diffsrc.analysis.detectors import Context, Detector
from diffsrc.analysis.detectors.rules import detector
from diffsrc.analysis.detectors.text import (
    Token,
    calendar_words,
    corpus_casing,
    french_place_in_english,
    is_function_word,
    known_place_names,
    make_finding,
    next_in_phrase,
    starts_sentence,
    tokens,
)
from diffsrc.analysis.frequencies import zipf
from diffsrc.model import Evidence, Finding, Source

_FRENCH_LETTERS = re.compile(r"[éèêëàâîïôûùçœ]", re.I)
_LANG_NAME = {"en": "English", "fr": "French"}


def _seen_in_others(ctx: Context, source: Source, word: str) -> bool:
    pattern = re.compile(r"(?<!\w)" + re.escape(word) + r"(?!\w)")
    # near-copies of the source repeat its words: only an independent text is evidence
    return any(pattern.search(s.text) for s in ctx.witnesses(source.id) if s.lang == source.lang)


@detector("DS201")
class UntranslatedWord(Detector):
    """A word of the other language left in the text ("the Rafale of declarations", "Bélarus")."""

    def check(self, source: Source, ctx: Context) -> Iterable[Finding]:
        stats = corpus_casing(ctx.sources)
        text = source.text
        mine = ctx.family_of(source.id)  # this text: the source and its near-copies
        for p in source.paragraphs:
            if p.kind != "body" or p.lang not in ("en", "fr"):
                continue
            lang = p.lang
            foreign = "fr" if lang == "en" else "en"
            toks = tokens(text, p.start, p.end)
            for i, tok in enumerate(toks):
                if len(tok.text) < 3 or "’" in tok.text or "'" in tok.text:
                    continue
                low = tok.lower
                z_own, z_for = zipf(low, lang), zipf(low, foreign)
                # A place name in the other language's form.
                if lang == "en" and tok.is_title:
                    english = french_place_in_english(tok.text)
                    if english and (_FRENCH_LETTERS.search(tok.text) or z_own < 1.5) and not _seen_in_others(ctx, source, tok.text):
                        yield self._finding(source, tok, english, z_own, z_for, lang, place=True)
                        continue
                if is_function_word(low, lang) or low in calendar_words(lang) or low in known_place_names():
                    continue
                prev = toks[i - 1] if i else None
                nxt = next_in_phrase(text, toks, i)
                if tok.is_lower:
                    # A lower-case common word of the other language.
                    accent_ok = lang == "fr" or _FRENCH_LETTERS.search(tok.text) is not None
                    if accent_ok and z_for >= 3.0 and z_for - z_own >= 2.0 and z_own < 2.5:
                        if not _seen_in_others(ctx, source, tok.text):
                            yield self._finding(source, tok, "", z_own, z_for, lang)
                    continue
                if not tok.is_title or prev is None or starts_sentence(text, prev, tok, p.start):
                    continue
                # A capitalised common noun of the other language inside a sentence, alone (not
                # part of a name) and capitalised by no other source.
                if not prev.is_lower or (nxt is not None and not nxt.is_lower):
                    continue
                if nxt is not None and is_function_word(nxt.lower, foreign) and not is_function_word(nxt.lower, lang):
                    continue  # a foreign name phrase ("Palais de ...") is a name
                if stats.count("title", low, exclude=mine) or stats.count("upper", low):
                    continue
                margin = 1.0 if lang == "en" else 1.5
                if z_for >= 3.5 and z_for - z_own >= margin and z_own < 4.0:
                    yield self._finding(source, tok, "", z_own, z_for, lang)

    def _finding(self, source: Source, tok: Token, suggestion: str, z_own: float, z_for: float,
                 lang: str, place: bool = False) -> Finding:
        foreign = "French" if lang == "en" else "English"
        if place:
            message = f"'{tok.text}' is the {foreign} form of the place name '{suggestion}'"
            note = f"CLDR: '{tok.text}' is the {foreign} name of {suggestion}"
        else:
            article = "an" if foreign == "English" else "a"
            message = f"'{tok.text}' is {article} {foreign} word left untranslated in {_LANG_NAME[lang]} text"
            note = f"wordfreq: '{tok.lower}' zipf {z_for:.2f} in {foreign}, {z_own:.2f} in {_LANG_NAME[lang]}"
        return make_finding(
            source, tok.start, tok.end, detector=type(self), severity="high", confidence=0.85 if place else 0.7,
            message=message, suggestion=suggestion, evidence=[Evidence(note=note)],
        )
