"""Cross-source paragraph alignment for comparable (not parallel) news text, English and French.

Outlets reorder, merge, add and drop paragraphs, so alignment here is many-to-many and ignores
order; a paragraph without counterpart is a normal result. The method, in layers:

1. ``features``: each paragraph becomes a set of language-independent *keys* -- names
   (``e:kyiv`` from Kyiv/Kiev/Kiew), numbers with units (``n:3:percent`` from "3 %"), dates and
   weekdays (``d:monday`` from "lundi") and content-word *concepts* (``w:...``): English words are
   stemmed, French words go through a French-English lexicon (``resources/fr_en_lexicon.tsv``)
   or, failing that, regular cognate rewrites (sécurité -> security). Lexicon synonyms share one
   concept, so "accord", "deal" and "agreement" meet.
2. ``index``: each source becomes a binary paragraph x key matrix (``SourceIndex``).
3. ``score_pair``: for two sources, keys are weighted by IDF over their paragraphs (names and
   numbers count more than words); only paragraphs sharing a distinctive key are scored
   (blocking), by the geometric mean of a weighted cosine and the amount of shared evidence,
   with a small lift for fuzzy name matches (rapidfuzz) and, with ``--embedder``, the cosine
   of sentence embeddings (``diffsrc.models``).
4. ``decision``: a link is kept when its score is high and it is the best or nearly the best
   link of both paragraphs; "same" above a higher threshold, else "related"; everything else
   stays unaligned.

Everything after the per-source features depends only on the two sources of a pair, so pair
results are cached (``diffsrc.cache.Cache``) by the two sources' content hashes, the aligner
configuration and the diffsrc version: adding one source to a comparison only scores its pairs,
and ``focus`` (``diffsrc check``) scores only the pairs of the new sources.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from diffsrc import normalize
from diffsrc.model import Alignment, ParaRef, Source

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

    from diffsrc.models import Embedder

METHOD = "keys-idf-v1"

# --- stop words -------------------------------------------------------------------------------

_EN_STOP = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it its
    itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them themselves
    then there these they this those through to too under until up very was we were what when where
    which while who whom why will with would you your yours yourself yourselves said says say told
    tell also would could may might must shall without within among toward towards one two many much even still yet however though
    although another since already whether upon via per like well back around including according
    made make makes get got go going went new last first week year years day days time mr mrs ms
    way part put take took come came see seen want think thought know known us""".split()
)
_FR_STOP = frozenset(
    """a au aux avec ce ces cet cette dans de des du elle elles en et eux il ils je la le les leur
    leurs lui ma mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses
    son sur ta te tes toi ton tu un une vos votre vous y ete etre avoir est sont etait etaient
    sera seront serait seraient ont avait avaient aura auront aurait auraient fait faire plus moins
    tres tout tous toute toutes autre autres ainsi alors apres avant aussi bien car cela ceci celle
    celui ceux comme comment donc dont encore entre ici la lors meme ni non or parce peu puis quand
    quel quelle quels quelles sans selon si sous tant tel telle trop vers voici voila deja a-t-il
    a-t-elle d l n s c j qu m t lorsque dit declare declaree declares declarer dire selon ans an
    semaine jour jours annee annees fois cependant toujours egalement deux trois""".split()
)
_CAP_STOP = frozenset(
    """the a an in on at but and or if as for of to by with from this that these those it he she
    they we i you there here his her its their our when while after before during since
    le la les un une des du de en et ou mais si dans sur pour par avec sans ce cette ces il elle
    ils elles nous vous on je au aux lors depuis selon alors cependant pourtant peu certains
    mr mrs ms sir lord monday tuesday wednesday thursday friday saturday sunday lundi mardi
    mercredi jeudi vendredi samedi dimanche""".split()
)


# --- lexicon ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Lexicon:
    """French->English entries folded to keys, and English synonym groups as concept ids."""

    fr_words: Mapping[str, tuple[str, ...]]
    fr_phrases: Mapping[str, tuple[str, ...]]
    max_phrase: int
    concept: Mapping[str, str]
    size: int
    en_stems: frozenset[str] = frozenset()
    digest: str = ""
    en_phrases: Mapping[str, str] = field(default_factory=dict)


@lru_cache(maxsize=131072)
def en_stem(word: str) -> str:
    """A crude, language-neutral stem: folded, common English suffixes off, at most 7 letters."""
    w = normalize.fold(word)
    w = re.sub(r"'s$|'$", "", w)
    w = re.sub(r"is(ation|e|ed|es|ing)$", r"iz\1", w)  # organisation = organization
    for suf, rep in (("ies", "y"), ("sses", "ss"), ("ings", ""), ("ing", ""), ("ied", "y"), ("ed", ""), ("es", ""), ("s", "")):
        if w.endswith(suf) and len(w) - len(suf) >= 3 and not (suf == "s" and w.endswith(("ss", "us", "is"))):
            w = w[: -len(suf)] + rep
            break
    return w[:7]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The bundled French-English lexicon, loaded once."""
    raw = resources.files("diffsrc.resources").joinpath("fr_en_lexicon.tsv").read_text(encoding="utf-8")
    words: dict[str, tuple[str, ...]] = {}
    phrases: dict[str, tuple[str, ...]] = {}
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    size = 0
    terms: list[tuple[str, ...]] = []
    for line in raw.splitlines():
        if not line.strip() or line.startswith("#") or "\t" not in line:
            continue
        fr, en, *flags = line.split("\t")
        key = normalize.fold(fr.strip())
        alts = tuple(a.strip().lower() for a in en.split("|") if a.strip())
        size += 1
        (phrases if " " in key else words)[key] = alts
        if "term" in (f.strip() for f in flags):
            terms.append(alts)
        singles = [en_stem(a) for a in alts if " " not in a and a not in _EN_STOP]
        for s in singles[1:]:
            ra, rb = find(singles[0]), find(s)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    concept = {s: find(s) for s in list(parent)}
    # Multi-word terms ("prime minister", "peace talks") are one concept each, in both languages;
    # alternatives of one entry ("gdp" | "gross domestic product") are the same concept.
    en_phrases: dict[str, str] = {}
    for alts in terms:
        ids = [_alt_concept(a, concept) for a in alts]
        ids = [i for i in ids if i]
        for a, i in zip(alts, ids, strict=False):
            if " " in a and "+" in i:
                en_phrases.setdefault(a, i)
        for i in ids[1:]:
            ra, rb = find(ids[0]), find(i)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    concept = {s: find(s) for s in list(parent)}
    en_phrases = {k: concept.get(v, v) for k, v in en_phrases.items()}
    max_phrase = max((k.count(" ") + 1 for k in (*phrases, *en_phrases)), default=1)
    en_stems = frozenset(
        en_stem(w) for alts in (*words.values(), *phrases.values()) for a in alts for w in a.split() if w not in _EN_STOP
    )
    digest = hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]
    return Lexicon(words, phrases, max_phrase, concept, size, en_stems, digest, en_phrases)


def _alt_concept(alt: str, concept: Mapping[str, str]) -> str:
    """The concept id of an English alternative: a word's stem group, or stems joined by "+"."""
    stems = [en_stem(w) for w in alt.split() if w not in _EN_STOP and len(w) >= 2]
    return "+".join(concept.get(x, x) for x in stems)


def _concepts_of_english(phrase: str, lex: Lexicon) -> list[str]:
    if " " in phrase and phrase in lex.en_phrases:
        return [lex.en_phrases[phrase]]
    out = []
    for w in phrase.split():
        if w in _EN_STOP or len(w) < 3:
            continue
        s = en_stem(w)
        out.append(lex.concept.get(s, s))
    return out


# Folded French inflections -> lemma endings to try, in order (plurals, feminines, verb forms).
_FR_SUFFIXES = (
    ("s", ""), ("x", ""), ("es", ""), ("e", ""), ("e", "er"), ("es", "er"), ("ee", "er"), ("ees", "er"),
    ("ait", "er"), ("aient", "er"), ("ant", "er"), ("ons", "er"), ("ez", "er"), ("ent", "er"),
    ("era", "er"), ("eront", "er"), ("erait", "er"), ("eraient", "er"), ("a", "er"), ("erent", "er"),
    ("it", "ir"), ("is", "ir"), ("ie", "ir"), ("ies", "ir"), ("issent", "ir"), ("issait", "ir"),
    ("u", "re"), ("ue", "re"), ("us", "re"), ("u", "oir"), ("ue", "oir"), ("us", "oir"), ("ent", "re"),
    ("euse", "eur"), ("euses", "eur"), ("ive", "if"), ("ives", "if"), ("elle", "el"), ("elles", "el"),
    ("aux", "al"), ("ale", "al"), ("ales", "al"), ("ienne", "ien"), ("iennes", "ien"), ("enne", "en"),
    ("ennes", "en"), ("ere", "er"), ("eres", "er"), ("iere", "ier"), ("ieres", "ier"), ("ette", "et"),
)  # fmt: skip
_COGNATE = (
    ("iques", "ic"), ("ique", "ic"), ("ites", "ity"), ("ite", "ity"), ("eurs", "or"), ("eur", "or"),
    ("istes", "ist"), ("iste", "ist"), ("ismes", "ism"), ("isme", "ism"), ("aires", "ary"), ("aire", "ary"),
    ("ements", "ment"), ("ement", "ment"), ("oiement", "oyment"), ("ees", "ed"), ("ee", "ed"),
    ("ifs", "ive"), ("if", "ive"), ("els", "al"), ("el", "al"), ("es", ""), ("s", ""), ("x", ""),
)  # fmt: skip
_ELISION = re.compile(r"^(?:l|d|n|qu|s|c|j|m|t|jusqu|lorsqu|puisqu|presqu)'(?=\w)")


def _fr_lookup(folded: str, lex: Lexicon) -> tuple[str, ...] | None:
    if folded in lex.fr_words:
        return lex.fr_words[folded]
    for suf, rep in _FR_SUFFIXES:
        if folded.endswith(suf) and len(folded) - len(suf) >= 2:
            cand = folded[: -len(suf)] + rep
            if cand in lex.fr_words:
                return lex.fr_words[cand]
    return None


@lru_cache(maxsize=131072)
def _fr_cognate(folded: str) -> str:
    """An English-looking form of a French word: sécurités -> security, négociations -> negotiation."""
    w = folded.replace("oi", "oy") if folded.startswith(("deploi", "emploi")) else folded
    w = re.sub(r"ciation", "tiation", w)
    m = re.match(r"^(.{4,}?)(?:eraient|erait|eront|aient|ait|ant|ees|ee|es|er|ez|ons|ent|e)$", w)
    if m and not w.endswith(("ique", "ite", "eur", "iste", "isme", "aire", "ement", "ence", "ance")):
        return m.group(1)
    for suf, rep in _COGNATE:
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            return w[: -len(suf)] + rep
    return w


# --- features ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AlignConfig:
    """Everything that changes alignment results; part of every cache key and the signature."""

    same_threshold: float = 0.62
    related_threshold: float = 0.56
    near_best: float = 0.90
    evidence_full: float = 6.0
    entity_weight: float = 1.6
    number_weight: float = 1.6
    date_weight: float = 0.7
    phrase_weight: float = 0.5
    block_weight: float = 0.5
    min_shared: int = 2
    embedder: str | None = None
    embed_weight: float = 0.5


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
def _common_english(folded: str) -> bool:
    """True for words frequent in English (titles, demonyms, "Paris", "Trump"): keyed as words.

    Deciding with English frequencies in both languages keeps a name's key the same whether it
    was written in an English or a French paragraph.
    """
    from wordfreq import zipf_frequency

    return zipf_frequency(folded, "en") >= 4.6


@lru_cache(maxsize=65536)
def _common(folded: str, lang: str) -> bool:
    from wordfreq import zipf_frequency

    return zipf_frequency(folded, lang) >= 3.5


Token = tuple[int, int, str, str]  # start, end, surface, folded


def tokens(text: str, lang: str) -> list[Token]:
    """Word tokens with offsets; French elisions (l', d', qu') split off, hyphenated words split
    unless they are a known name or lexicon entry ("Royaume-Uni", "cessez-le-feu")."""
    lex = lexicon()
    out: list[Token] = []
    for s, e, t in normalize.words(text):
        f = normalize.fold(t)
        if lang == "fr":
            m = _ELISION.match(f)
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
    lex = lexicon()
    keys: dict[str, str] = {}
    toks = tokens(text, lang) if toks is None else toks
    n = len(toks)
    used = [False] * n
    stop = _FR_STOP if lang == "fr" else _EN_STOP

    sequence: list[tuple[int, str, str]] = []  # (token index, concept, surface) for pair keys

    def add_concept(i: int, c: str, tok: str) -> None:
        keys.setdefault("w:" + c, tok)
        sequence.append((i, c, tok))

    def add_word(i: int, tok: str, f: str, english: bool = False) -> None:
        if f in stop or len(f) < 3:
            return
        if lang == "fr" and not english:
            alts = _fr_lookup(f, lex)
            if alts is not None:
                for alt in alts:
                    found = _concepts_of_english(alt, lex)
                    if found:
                        for c in found[:2]:
                            add_concept(i, c, tok)
                        break
                return
            stem = en_stem(_fr_cognate(f))
        else:
            stem = en_stem(f)
        add_concept(i, lex.concept.get(stem, stem), tok)

    # Multi-word names and lexicon phrases first ("Arabie saoudite", "mettre fin", "Maison Blanche").
    starters = _phrase_starters()
    for size in range(max(3, lex.max_phrase), 1, -1):
        for i in range(n - size + 1):
            if toks[i][3] not in starters:
                continue
            span = toks[i : i + size]
            if any(used[i : i + size]) or not _contiguous(text, span):
                continue
            phrase = " ".join(t[3] for t in span)
            plain = " ".join(t[3].rstrip("s") if len(t[3]) > 3 else t[3] for t in span)
            surface = text[span[0][0] : span[-1][1]]
            if phrase in normalize.NAME_KEYS:
                keys["e:" + normalize.NAME_KEYS[phrase]] = surface
            elif lang == "fr" and (phrase in lex.fr_phrases or plain in lex.fr_phrases):
                for c in _concepts_of_english((lex.fr_phrases.get(phrase) or lex.fr_phrases[plain])[0], lex):
                    add_concept(i, c, surface)
            elif lang != "fr" and (phrase in lex.en_phrases or plain in lex.en_phrases):
                add_concept(i, lex.en_phrases.get(phrase) or lex.en_phrases[plain], surface)
            else:
                continue
            for j in range(i, i + size):
                used[j] = True

    sentence_starts = {s.start - p.start for s in p.sentences} | {0}
    group: list[Token] = []

    def flush() -> None:
        if group:
            # "Keir Starmer", "Marco Rubio": the surname identifies the person across sources.
            last = group[-1]
            k = normalize.entity_key(last[2])
            if len(k) >= 2:
                keys["e:" + k] = text[group[0][0] : last[1]]
            group.clear()

    for i, tok in enumerate(toks):
        s, e, surface, f = tok
        if used[i]:
            flush()
            continue
        initial = s in sentence_starts or text[:s].rstrip().endswith((".", "!", "?", ":", '"', "\u201c", "\u00ab"))
        cap = surface[:1].isupper()
        if f in normalize.NAME_KEYS and (cap or (len(f) >= 4 and f not in stop)):
            group.clear()  # first names before a known name ("Volodymyr Zelensky")
            keys["e:" + normalize.NAME_KEYS[f]] = surface
            continue
        wd = normalize.weekday(surface) if (cap or lang == "fr") else None
        if wd:
            flush()
            keys["d:" + wd] = surface
            continue
        english = False
        if cap and f not in _CAP_STOP and f not in stop:
            if lang == "fr" and _fr_lookup(f, lex) is not None:
                is_word = True
            elif en_stem(f) in lex.en_stems:
                is_word = english = True  # "Minister", "European", "Security": lexicon words
            elif initial:
                is_word = f not in proper and _common(f, lang)
            else:
                is_word = False
            if not is_word:
                if group and not _contiguous(text, [group[-1], tok]):
                    flush()
                group.append(tok)
                continue
        flush()
        add_word(i, surface, f, english)
    flush()

    # Neighbouring concepts ("emergency talks" = "pourparlers d'urgence") in either order.
    for (i1, c1, t1), (i2, c2, t2) in zip(sequence, sequence[1:], strict=False):
        if c1 != c2 and i2 - i1 <= 3:
            pair = "b:" + "+".join(sorted((c1, c2)))
            keys.setdefault(pair, f"{t1} {t2}" if i1 < i2 else t1)
    for q in normalize.find_quantities(text, lang):
        keys["n:" + q.key] = q.text
    for d in normalize.find_dates(text, weekdays=False):
        keys["d:" + d.key] = d.text
    return ParaFeatures(
        source=source.id,
        index=index,
        lang=lang,
        kind=p.kind,
        keys=frozenset(keys),
        shown=keys,
        length=n,
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


_FEATURES: dict[tuple[str, str, tuple[object, ...]], tuple[ParaFeatures, ...]] = {}


def _feature_key(source: Source) -> tuple[str, str, tuple[object, ...]]:
    return (source.id, source.sha256, source.paragraphs)


def _features_worker(i: int) -> tuple[ParaFeatures, ...]:
    return source_features(_SHARED["sources"][i])


def _precompute_features(sources: Sequence[Source]) -> None:
    """Features of many sources at once, on several processes (fork) when there are many."""
    import multiprocessing
    import os

    workers = min(os.cpu_count() or 1, 8)
    if len(sources) < PARALLEL_MIN_SOURCES or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return  # computed lazily, one by one
    # Load the shared resources once, before forking, so the workers inherit them.
    _phrase_starters()
    _common_english("the")
    _common("the", "en")
    _common("le", "fr")
    _SHARED["sources"] = sources
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            done = pool.map(_features_worker, range(len(sources)), chunksize=max(1, len(sources) // (workers * 4)))
    finally:
        _SHARED.clear()
    for source, feats in zip(sources, done, strict=True):
        _FEATURES[_feature_key(source)] = feats


def source_features(source: Source) -> tuple[ParaFeatures, ...]:
    """Features of every alignable paragraph of a source (computed once per source and process)."""
    key = _feature_key(source)
    got = _FEATURES.get(key)
    if got is None:
        if len(_FEATURES) > 65536:
            _FEATURES.clear()
        langs = {p.index: (p.lang if p.lang in ("en", "fr") else source.lang) for p in source.paragraphs}
        toks = {p.index: tokens(source.text[p.start : p.end], langs[p.index]) for p in source.paragraphs}
        proper = proper_nouns(source, toks)
        got = _FEATURES[key] = tuple(paragraph_features(source, i, proper, toks[i]) for i in alignable(source))
    return got


# --- per-source index -------------------------------------------------------------------------


# Key kinds ("e:kyiv" is a name) and the signal each kind's shared weight is reported as.
_SIGNAL_NAMES = (("e", "entities"), ("n", "numbers"), ("d", "dates"), ("w", "terms"), ("b", "phrases"))
_KIND_CODE = {kind: i for i, (kind, _) in enumerate(_SIGNAL_NAMES)}


@dataclass
class SourceIndex:
    """A source's paragraphs as a binary paragraph x key matrix, for vectorised pair scoring."""

    source: Source
    feats: tuple[ParaFeatures, ...]
    keys: list[str]  # column -> key
    gids: np.ndarray  # (keys,) sorted ids of the columns' keys in the aligner's vocabulary
    matrix: np.ndarray  # (paragraphs, keys) float32, 1 where the paragraph has the key
    df: np.ndarray  # (keys,) number of paragraphs holding each key
    kind_weight: np.ndarray  # (keys,) multiplier of each key's kind
    kind_code: np.ndarray  # (keys,) index of each key's kind in _SIGNAL_NAMES


def _kind_weights(keys: Sequence[str], config: AlignConfig) -> list[float]:
    factor = {"e": config.entity_weight, "n": config.number_weight, "d": config.date_weight, "b": config.phrase_weight}
    return [factor.get(k[0], 1.0) for k in keys]


def build_index(
    source: Source, feats: Sequence[ParaFeatures], config: AlignConfig, vocab: dict[str, int] | None = None
) -> SourceIndex:
    """The matrix form of a source's paragraph features; ``vocab`` numbers keys across sources."""
    import numpy as np

    ids = vocab if vocab is not None else {}
    present = sorted({ids.setdefault(k, len(ids)) for k in sorted({k for f in feats for k in f.keys})})
    col = {gid: i for i, gid in enumerate(present)}
    names = {ids[k]: k for f in feats for k in f.keys}
    keys = [names[g] for g in present]
    matrix = np.zeros((len(feats), max(len(present), 1)), dtype=np.float32)
    for i, f in enumerate(feats):
        matrix[i, [col[ids[k]] for k in f.keys]] = 1.0
    return SourceIndex(
        source=source,
        feats=tuple(feats),
        keys=keys,
        gids=np.asarray(present, dtype=np.int64),
        matrix=matrix,
        df=matrix.sum(axis=0)[: len(present)],
        kind_weight=np.asarray(_kind_weights(keys, config), dtype=np.float32),
        kind_code=np.asarray([_KIND_CODE.get(k[0], 0) for k in keys], dtype=np.intp),
    )


# --- pair scoring -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PairLink:
    """A kept link between paragraph ``i`` of one source and ``j`` of another, with its evidence."""

    i: int
    j: int
    score: float
    strength: str
    signals: Mapping[str, float]
    shared: tuple[str, ...]


def _fuzzy_names(a: ParaFeatures, b: ParaFeatures) -> float:
    """Share of names without an exact key match that still match fuzzily (Zelenskyy ~ Zelensky)."""
    from rapidfuzz import fuzz

    ea = {k for k in a.keys if k.startswith("e:")} - b.keys
    eb = {k for k in b.keys if k.startswith("e:")} - a.keys
    if not ea or not eb:
        return 0.0
    hits = sum(1 for x in ea if any(fuzz.ratio(x, y) >= 85 for y in eb))
    return hits / len(ea)


def _show(key: str, a: ParaFeatures, b: ParaFeatures) -> str:
    sa, sb = a.shown.get(key, key[2:]), b.shown.get(key, key[2:])
    return sa if sa.lower() == sb.lower() else f"{sa} = {sb}"


def score_pair(
    a: SourceIndex, b: SourceIndex, config: AlignConfig, embeddings: tuple[np.ndarray, np.ndarray] | None = None
) -> list[PairLink]:
    """The links between the paragraphs of two sources.

    Key weights are IDF over the two sources' paragraphs, scaled so that a key found in exactly
    two paragraphs weighs 1; only keys present in both sources count (a key of one source can
    never be shared, so it would only measure verbosity). For each paragraph pair the score is
    the geometric mean of a weighted cosine (how much of each paragraph is shared) and of the
    shared evidence, saturating at ``evidence_full``: two short paragraphs that only share
    "Donald Trump" are not a confident link, however similar they look. Blocking: only
    paragraphs holding at least one distinctive shared key (weight >= ``block_weight``) are scored.
    """
    import numpy as np

    _, ca, cb = np.intersect1d(a.gids, b.gids, assume_unique=True, return_indices=True)
    if len(ca) < config.min_shared:
        return []
    n = len(a.feats) + len(b.feats)
    top = max(math.log((n + 1) / 2.5), 0.1)
    df = a.df[ca] + b.df[cb]
    w = np.clip(np.log((n + 1) / (df + 0.5)) / top, 0.0, None) * a.kind_weight[ca]
    rows = np.flatnonzero(a.matrix[:, ca[w >= config.block_weight]].any(axis=1))
    cols = np.flatnonzero(b.matrix[:, cb[w >= config.block_weight]].any(axis=1))
    if not len(rows) or not len(cols):
        return []
    ma = a.matrix[np.ix_(rows, ca)]
    mb = b.matrix[np.ix_(cols, cb)]
    overlap = (ma * w) @ mb.T
    counts = ma @ mb.T
    norm_a = np.maximum(a.matrix[:, ca] @ w, 1e-9)[rows]
    norm_b = np.maximum(b.matrix[:, cb] @ w, 1e-9)[cols]
    cosine = overlap / np.sqrt(np.outer(norm_a, norm_b))
    evidence = np.minimum(1.0, overlap / config.evidence_full)
    score = np.sqrt(cosine * evidence)
    if embeddings is not None:
        sims = embeddings[0][rows] @ embeddings[1][cols].T
        # Encoders give unrelated text a positive cosine; only the part above 0.3 is evidence.
        score = score + config.embed_weight * np.clip(sims - 0.3, 0.0, None)
    score = np.where(counts >= config.min_shared, score, 0.0)

    # Fuzzy name matches (transliterations the name table misses) can lift a near-threshold pair.
    fuzzy: dict[tuple[int, int], float] = {}
    lift = (score >= config.related_threshold - 0.05) & (score < config.related_threshold)
    for r, c in zip(*np.nonzero(lift), strict=True):
        fz = _fuzzy_names(a.feats[rows[r]], b.feats[cols[c]])
        if fz:
            fuzzy[(int(r), int(c))] = fz
            score[r, c] += 0.05 * fz

    best_row = score.max(axis=1, keepdims=True)
    best_col = score.max(axis=0, keepdims=True)
    near = score >= config.near_best * np.minimum(best_row, best_col)
    keep = (score >= config.related_threshold) & near
    kr, kc = np.nonzero(keep)
    if not len(kr):
        return []
    # Evidence of all kept links at once: per-kind sums and the heaviest shared keys.
    shared_w = ma[kr] * mb[kc] * w  # (links, shared keys)
    per_kind = shared_w @ np.eye(len(_SIGNAL_NAMES), dtype=np.float32)[a.kind_code[ca]]
    heaviest = np.argsort(-shared_w, axis=1, kind="stable")[:, :12]
    key_of = [a.keys[i] for i in ca.tolist()]
    links: list[PairLink] = []
    for n, (r, c) in enumerate(zip(kr.tolist(), kc.tolist(), strict=True)):
        fa, fb = a.feats[rows[r]], b.feats[cols[c]]
        signals = {name: round(float(per_kind[n, k]), 3) for k, (_, name) in enumerate(_SIGNAL_NAMES) if per_kind[n, k] > 0}
        signals["cosine"] = round(float(cosine[r, c]), 4)
        signals["evidence"] = round(float(evidence[r, c]), 4)
        if (r, c) in fuzzy:
            signals["fuzzy_names"] = round(fuzzy[(r, c)], 4)
        if embeddings is not None:
            signals["embedding"] = round(float(sims[r, c]), 4)
        sc = float(score[r, c])
        links.append(
            PairLink(
                i=fa.index,
                j=fb.index,
                score=round(min(sc, 1.0), 4),
                strength="same" if sc >= config.same_threshold else "related",
                signals=signals,
                shared=tuple(_show(key_of[k], fa, fb) for k in heaviest[n].tolist() if shared_w[n, k] > 0),
            )
        )
    return links


# --- the aligner ------------------------------------------------------------------------------


def _features_to_json(feats: Sequence[ParaFeatures]) -> list[dict[str, Any]]:
    return [{"index": f.index, "lang": f.lang, "kind": f.kind, "keys": dict(f.shown), "length": f.length} for f in feats]


def _features_from_json(source: Source, value: Any) -> tuple[ParaFeatures, ...] | None:
    try:
        return tuple(
            ParaFeatures(source.id, int(d["index"]), str(d["lang"]), str(d["kind"]), frozenset(d["keys"]), dict(d["keys"]), int(d["length"]))
            for d in value
        )
    except (TypeError, KeyError, ValueError):
        return None


class Aligner:
    """Links paragraphs of different sources that report the same facts."""

    def __init__(self, config: AlignConfig = AlignConfig(), cache_dir: str | None = None) -> None:
        self.config = config
        self.cache_dir = cache_dir
        self._embedder: Embedder | None = None
        self._cache_obj: Any = None
        self.pairs_scored = 0
        self.pairs_cached = 0

    @classmethod
    def from_options(cls, options: Any) -> Aligner:
        """An aligner configured from pipeline options (``embedder``, ``cache_dir``, ``extra``)."""
        from diffsrc.errors import ConfigError

        extra: Mapping[str, str] = getattr(options, "extra", {}) or {}
        kw: dict[str, Any] = {}
        for name in ("same_threshold", "related_threshold", "near_best"):
            if f"align.{name}" in extra:
                try:
                    kw[name] = float(extra[f"align.{name}"])
                except ValueError:
                    raise ConfigError(f"align.{name} must be a number, got {extra[f'align.{name}']!r}") from None
        return cls(AlignConfig(embedder=getattr(options, "embedder", None), **kw), getattr(options, "cache_dir", None))

    def signature(self) -> dict[str, object]:
        """Parameters that determine the alignment."""
        sig: dict[str, object] = {"method": METHOD, "lexicon": lexicon().digest, **asdict(self.config)}
        if self._embedder is not None:
            sig["embedder"] = self._embedder.signature()
        return sig

    def embedder(self) -> Embedder | None:
        """The sentence encoder named by the configuration, loaded on first use."""
        if self.config.embedder and self._embedder is None:
            from diffsrc.models import Embedder

            self._embedder = Embedder(self.config.embedder, cache=self._cache())
        return self._embedder

    def _cache(self) -> Any:
        if not self.cache_dir:
            return None
        if self._cache_obj is None:
            from diffsrc.cache import Cache

            self._cache_obj = Cache(self.cache_dir)
        return self._cache_obj

    def _config_key(self) -> dict[str, object]:
        sig = dict(self.signature())
        sig.pop("embedder", None)
        if self.config.embedder:
            emb = self.embedder()
            sig["embedder"] = emb.fingerprint if emb is not None else None
        return sig

    def _features_key(self, source: Source) -> str:
        cache = self._cache()
        return str(cache.key("align-features", METHOD, lexicon().digest, _identity(source)))

    def features(self, source: Source) -> tuple[ParaFeatures, ...]:
        """Paragraph features of a source, from the analysis cache when possible."""
        self.load_features([source])
        return source_features(source)

    def load_features(self, sources: Sequence[Source]) -> None:
        """Make the features of ``sources`` available in this process: from the analysis cache,
        else computed (on several processes when there are many) and written to the cache."""
        cache = self._cache()
        unsaved: list[Source] = []
        for s in sources:
            if cache is not None:
                got = _features_from_json(s, cache.get("align-features", self._features_key(s)))
                if got is not None:
                    _FEATURES[_feature_key(s)] = got
                    continue
                unsaved.append(s)
        _precompute_features([s for s in sources if _feature_key(s) not in _FEATURES])
        for s in sources:
            source_features(s)  # computes what the workers did not
        for s in unsaved:
            cache.put("align-features", self._features_key(s), _features_to_json(source_features(s)))

    def align(self, sources: Sequence[Source], focus: Iterable[str] | None = None) -> list[Alignment]:
        """All confident ("same") and related paragraph links between different sources.

        With ``focus`` (source ids), only pairs involving one of those sources are aligned.
        """
        import numpy as np

        focus_set = frozenset(focus) if focus is not None else None
        self.load_features(sources)
        vocab: dict[str, int] = {}
        indexes = [build_index(s, source_features(s), self.config, vocab) for s in sources]
        emb = self.embedder()
        vectors: list[np.ndarray] | None = None
        if emb is not None:
            vectors = []
            for ix in indexes:
                texts = [ix.source.paragraph_text(f.index) for f in ix.feats]
                vectors.append(emb.embed(texts) if texts else np.zeros((0, 1), dtype=np.float32))
        cache = self._cache()
        config_key = self._config_key() if cache is not None else None
        pairs: list[tuple[int, int]] = []
        for x in range(len(indexes)):
            for y in range(x + 1, len(indexes)):
                a, b = indexes[x].source.id, indexes[y].source.id
                if a == b or not indexes[x].feats or not indexes[y].feats:
                    continue
                if focus_set is None or a in focus_set or b in focus_set:
                    pairs.append((x, y))
        results: dict[tuple[int, int], list[PairLink]] = {}
        keys: dict[tuple[int, int], str] = {}
        if cache is not None:
            for x, y in pairs:
                keys[(x, y)] = cache.key("align-pair", config_key, _identity(sources[x]), _identity(sources[y]))
                got = _links_from_json(cache.get("align-pair", keys[(x, y)]))
                if got is not None:
                    results[(x, y)] = got
        todo = [pair for pair in pairs if pair not in results]
        self.pairs_cached = len(pairs) - len(todo)
        self.pairs_scored = len(todo)
        results.update(_score_pairs(indexes, vectors, todo, self.config))
        if cache is not None:
            for pair in todo:
                cache.put("align-pair", keys[pair], [asdict(link) for link in results[pair]])
        out: list[Alignment] = []
        for x, y in pairs:
            ida, idb = sources[x].id, sources[y].id
            out.extend(
                Alignment(ParaRef(ida, lk.i), ParaRef(idb, lk.j), lk.score, lk.strength, dict(lk.signals), lk.shared)  # type: ignore[arg-type]
                for lk in results[(x, y)]
            )
        return out


# Pairs are scored in worker processes when there are many; the workers inherit these by fork.
_SHARED: dict[str, Any] = {}
PARALLEL_MIN_PAIRS = 2000
PARALLEL_MIN_SOURCES = 60


def _score_chunk(chunk: list[tuple[int, int]]) -> list[tuple[tuple[int, int], list[PairLink]]]:
    indexes, vectors, config = _SHARED["indexes"], _SHARED["vectors"], _SHARED["config"]
    with _single_threaded_blas():
        return [((x, y), score_pair(indexes[x], indexes[y], config, (vectors[x], vectors[y]) if vectors else None)) for x, y in chunk]


def _score_pairs(
    indexes: Sequence[SourceIndex], vectors: Sequence[np.ndarray] | None, todo: list[tuple[int, int]], config: AlignConfig
) -> dict[tuple[int, int], list[PairLink]]:
    """Scores of the given source pairs; on several processes (fork) when there are many."""
    import multiprocessing
    import os

    _SHARED.update(indexes=indexes, vectors=vectors, config=config)
    try:
        workers = min(os.cpu_count() or 1, 8)
        if len(todo) < PARALLEL_MIN_PAIRS or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
            return dict(_score_chunk(todo))
        size = max(1, len(todo) // (workers * 8))
        chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return {pair: links for part in pool.imap(_score_chunk, chunks) for pair, links in part}
    finally:
        _SHARED.clear()


@contextmanager
def _single_threaded_blas() -> Iterator[None]:
    """One BLAS thread: the matrices of a pair are tiny, and a thread pool makes them ~40x slower."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - threadpoolctl is a dependency
        yield
        return
    with threadpool_limits(1, user_api="blas"):
        yield


def _identity(source: Source) -> list[object]:
    return [source.id, source.sha256, [(p.start, p.end, p.kind, p.lang) for p in source.paragraphs]]


def _links_from_json(value: Any) -> list[PairLink] | None:
    if not isinstance(value, list):
        return None
    try:
        return [
            PairLink(int(d["i"]), int(d["j"]), float(d["score"]), str(d["strength"]), {str(k): float(v) for k, v in d["signals"].items()}, tuple(str(x) for x in d["shared"]))
            for d in value
        ]
    except (TypeError, KeyError, ValueError, AttributeError):
        return None
