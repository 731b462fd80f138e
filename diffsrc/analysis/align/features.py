"""Paragraph features: the language-independent *keys* of each paragraph.

Names (``e:kyiv`` from Kyiv/Kiev/Kiew), numbers with units (``n:3:percent`` from "3 %"), dates
and weekdays (``d:monday`` from "lundi"), content-word concepts (``w:...``, see
``diffsrc.analysis.align.stemming``) and pairs of neighbouring concepts (``b:...``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from diffsrc.analysis import normalize, numbers
from diffsrc.analysis.align.stemming import (
    CAP_STOP,
    ELISION,
    EN_STOP,
    FR_STOP,
    Lexicon,
    concepts_of_english,
    en_stem,
    fr_cognate,
    fr_lookup,
    lexicon,
)  # fmt: skip
from diffsrc.analysis.frequencies import zipf
from diffsrc.model import Source


@dataclass(frozen=True)
class ParaFeatures:
    """The keys of one paragraph with a human-readable form of each."""

    source: str
    index: int
    lang: str
    kind: str
    keys: frozenset[str]
    shown: Mapping[str, str] = field(default_factory=dict)
    length: int = 0


@lru_cache(maxsize=1)
def _phrase_starters() -> frozenset[str]:
    lex = lexicon()
    multi = [k for k in normalize.NAME_KEYS if " " in k] + list(lex.fr_phrases) + list(lex.en_phrases)
    return frozenset(k.split(" ", 1)[0] for k in multi)


@lru_cache(maxsize=65536)
def _common(folded: str, lang: str) -> bool:
    return zipf(folded, lang) >= 3.5


Token = tuple[int, int, str, str]  # start, end, surface, folded


def tokens(text: str, lang: str) -> list[Token]:
    """Word tokens with offsets; French elisions (l', d', qu') split off, hyphenated words split
    unless they are a known name or lexicon entry ("Royaume-Uni", "cessez-le-feu")."""
    lex = lexicon()
    out: list[Token] = []
    for s, e, t in normalize.words(text):
        f = normalize.fold(t)
        if lang == "fr":
            m = ELISION.match(f)
            if m and len(f) == len(t):
                s, t, f = s + m.end(), t[m.end() :], f[m.end() :]
        if "-" in f and len(f) == len(t) and f not in normalize.NAME_KEYS and f not in lex.fr_words:
            for m2 in re.finditer(r"[^-]+", f):
                out.append((s + m2.start(), s + m2.end(), t[m2.start() : m2.end()], m2.group()))
            continue
        out.append((s, e, t, f))
    return out


def _contiguous(text: str, toks: Sequence[Token]) -> bool:
    return all(not text[x[1] : y[0]].strip(" -'\u2019\u2010\u2011") and "\n" not in text[x[1] : y[0]] for x, y in zip(toks, toks[1:], strict=False))


def proper_nouns(source: Source, paragraph_tokens: Mapping[int, list[Token]] | None = None) -> frozenset[str]:
    """Folded words the source writes capitalised mid-sentence and never in lower case ("Trump")."""
    cap: set[str] = set()
    lower: set[str] = set()
    for p in source.paragraphs:
        text = source.text[p.start : p.end]
        starts = {s.start - p.start for s in p.sentences} | {0}
        toks = paragraph_tokens[p.index] if paragraph_tokens and p.index in paragraph_tokens else tokens(text, p.lang)
        for s, _e, surface, f in toks:
            if surface[:1].isupper():
                if s not in starts:
                    cap.add(f)
            else:
                lower.add(f)
    return frozenset(cap - lower)


class _Keys:
    """The keys of one paragraph while they are collected: key -> how the paragraph writes it."""

    def __init__(self, text: str, lang: str, toks: list[Token]) -> None:
        self.text = text
        self.lang = lang
        self.toks = toks
        self.lex: Lexicon = lexicon()
        self.stop = FR_STOP if lang == "fr" else EN_STOP
        self.keys: dict[str, str] = {}
        self.used = [False] * len(toks)
        self.sequence: list[tuple[int, str, str]] = []  # (token index, concept, surface) for pair keys
        self.group: list[Token] = []  # capitalised words of a name being read

    def concept(self, i: int, c: str, tok: str) -> None:
        self.keys.setdefault("w:" + c, tok)
        self.sequence.append((i, c, tok))

    def word(self, i: int, tok: str, f: str, english: bool = False) -> None:
        if f in self.stop or len(f) < 3:
            return
        lex = self.lex
        if self.lang == "fr" and not english:
            alts = fr_lookup(f, lex)
            if alts is not None:
                for alt in alts:
                    found = concepts_of_english(alt, lex)
                    if found:
                        for c in found[:2]:
                            self.concept(i, c, tok)
                        break
                return
            stem = en_stem(fr_cognate(f))
        else:
            stem = en_stem(f)
        self.concept(i, lex.concept.get(stem, stem), tok)

    def phrases(self) -> None:
        """Multi-word names and lexicon phrases first ("Arabie saoudite", "mettre fin", "Maison Blanche")."""
        toks, text, lex, n = self.toks, self.text, self.lex, len(self.toks)
        starters = _phrase_starters()
        for size in range(max(3, lex.max_phrase), 1, -1):
            for i in range(n - size + 1):
                if toks[i][3] not in starters:
                    continue
                span = toks[i : i + size]
                if any(self.used[i : i + size]) or not _contiguous(text, span):
                    continue
                if self._phrase(i, span):
                    for j in range(i, i + size):
                        self.used[j] = True

    def _phrase(self, i: int, span: list[Token]) -> bool:
        lex = self.lex
        phrase = " ".join(t[3] for t in span)
        plain = " ".join(t[3].rstrip("s") if len(t[3]) > 3 else t[3] for t in span)
        surface = self.text[span[0][0] : span[-1][1]]
        if phrase in normalize.NAME_KEYS:
            self.keys["e:" + normalize.NAME_KEYS[phrase]] = surface
        elif self.lang == "fr" and (phrase in lex.fr_phrases or plain in lex.fr_phrases):
            for c in concepts_of_english((lex.fr_phrases.get(phrase) or lex.fr_phrases[plain])[0], lex):
                self.concept(i, c, surface)
        elif self.lang != "fr" and (phrase in lex.en_phrases or plain in lex.en_phrases):
            self.concept(i, lex.en_phrases.get(phrase) or lex.en_phrases[plain], surface)
        else:
            return False
        return True

    def flush(self) -> None:
        """Key the name being read: "Keir Starmer", "Marco Rubio": the surname identifies the person."""
        if self.group:
            last = self.group[-1]
            k = normalize.entity_key(last[2])
            if len(k) >= 2:
                self.keys["e:" + k] = self.text[self.group[0][0] : last[1]]
            self.group.clear()

    def words(self, sentence_starts: set[int], proper: frozenset[str]) -> None:
        """Names, weekdays and content words of the tokens no phrase took."""
        text, lang, stop, lex = self.text, self.lang, self.stop, self.lex
        for i, tok in enumerate(self.toks):
            s, _e, surface, f = tok
            if self.used[i]:
                self.flush()
                continue
            initial = s in sentence_starts or text[:s].rstrip().endswith((".", "!", "?", ":", '"', "\u201c", "\u00ab"))
            cap = surface[:1].isupper()
            if f in normalize.NAME_KEYS and (cap or (len(f) >= 4 and f not in stop)):
                self.group.clear()  # first names before a known name ("Volodymyr Zelensky")
                self.keys["e:" + normalize.NAME_KEYS[f]] = surface
                continue
            wd = numbers.weekday(surface) if (cap or lang == "fr") else None
            if wd:
                self.flush()
                self.keys["d:" + wd] = surface
                continue
            english = False
            if cap and f not in CAP_STOP and f not in stop:
                if lang == "fr" and fr_lookup(f, lex) is not None:
                    is_word = True
                elif en_stem(f) in lex.en_stems:
                    is_word = english = True  # "Minister", "European", "Security": lexicon words
                elif initial:
                    is_word = f not in proper and _common(f, lang)
                else:
                    is_word = False
                if not is_word:
                    if self.group and not _contiguous(text, [self.group[-1], tok]):
                        self.flush()
                    self.group.append(tok)
                    continue
            self.flush()
            self.word(i, surface, f, english)
        self.flush()

    def pairs_and_values(self) -> None:
        """Neighbouring concepts ("emergency talks" = "pourparlers d'urgence") in either order,
        then numbers with units and dates."""
        for (i1, c1, t1), (i2, c2, t2) in zip(self.sequence, self.sequence[1:], strict=False):
            if c1 != c2 and i2 - i1 <= 3:
                pair = "b:" + "+".join(sorted((c1, c2)))
                self.keys.setdefault(pair, f"{t1} {t2}" if i1 < i2 else t1)
        for q in numbers.find_quantities(self.text, self.lang):
            self.keys["n:" + q.key] = q.text
        for d in numbers.find_dates(self.text, weekdays=False):
            self.keys["d:" + d.key] = d.text


def paragraph_features(
    source: Source, index: int, proper: frozenset[str] = frozenset(), toks: list[Token] | None = None
) -> ParaFeatures:
    """The language-independent keys of paragraph ``index`` of ``source``.

    ``proper`` holds words known to be names in this source (see ``proper_nouns``), so a name
    opening a sentence is still keyed as a name.
    """
    p = source.paragraphs[index]
    text = source.text[p.start : p.end]
    lang = p.lang if p.lang in ("en", "fr") else source.lang
    toks = tokens(text, lang) if toks is None else toks
    keys = _Keys(text, lang, toks)
    keys.phrases()
    keys.words({s.start - p.start for s in p.sentences} | {0}, proper)
    keys.pairs_and_values()
    return ParaFeatures(
        source=source.id, index=index, lang=lang, kind=p.kind, keys=frozenset(keys.keys), shown=keys.keys, length=len(toks),
    )


def alignable(source: Source) -> list[int]:
    """Indexes of the paragraphs worth aligning: body text and headings with some words."""
    out = []
    for p in source.paragraphs:
        if p.kind in ("junk", "byline"):
            continue
        if len(source.text[p.start : p.end].split()) < 3:
            continue
        out.append(p.index)
    return out


def compute_features(source: Source) -> tuple[ParaFeatures, ...]:
    """Features of every alignable paragraph of a source."""
    langs = {p.index: (p.lang if p.lang in ("en", "fr") else source.lang) for p in source.paragraphs}
    toks = {p.index: tokens(source.text[p.start : p.end], langs[p.index]) for p in source.paragraphs}
    proper = proper_nouns(source, toks)
    return tuple(paragraph_features(source, i, proper, toks[i]) for i in alignable(source))


def text_keys(text: str, lang: str) -> frozenset[str]:
    """The keys of a piece of text (a sentence) read as one paragraph, for comparisons outside
    the aligner (``claimkinds.sentences`` matches sentences across languages with them)."""
    keys = _Keys(text, lang, tokens(text, lang))
    keys.phrases()
    keys.words({0}, frozenset())
    keys.pairs_and_values()
    return frozenset(keys.keys)
