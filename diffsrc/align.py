"""Cross-source paragraph alignment for comparable (not parallel) news text, English and French.

Outlets reorder, merge, add and drop paragraphs, so alignment here is many-to-many and ignores
order; a paragraph without counterpart is a normal result. The method, in layers:

1. ``features``: each paragraph becomes a set of language-independent *keys* -- names
   (``e:kyiv`` from Kyiv/Kiev/Kiew), numbers with units (``n:3:percent`` from "3 %"), dates and
   weekdays (``d:monday`` from "lundi") and content-word *concepts* (``w:...``): English words are
   stemmed, French words go through a French-English lexicon (``resources/fr_en_lexicon.tsv``)
   or, failing that, regular cognate rewrites (sécurité -> security). Lexicon synonyms share one
   concept, so "accord", "deal" and "agreement" meet.
2. ``index``: each source's keys in array form (``SourceIndex``), and an inverted index from
   key to paragraphs over all sources (``CorpusIndex``).
3. ``score_source``: for each pair of sources, keys are weighted by IDF over the two sources'
   paragraphs (names and numbers count more than words); only paragraphs sharing a distinctive
   key are scored (blocking), by the geometric mean of a weighted cosine and the amount of
   shared evidence, with a small lift for fuzzy name matches (rapidfuzz) and, with
   ``--embedder``, the cosine of sentence embeddings (``diffsrc.models``). One source is scored
   against all its partners at once, through the inverted index, so the cost follows the
   matching (paragraph, paragraph, key) triples rather than the number of source pairs.
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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any, NamedTuple

from diffsrc import normalize, parallel
from diffsrc.cache import index_outdated, index_to_rewrite, text_digest
from diffsrc.frequencies import zipf
from diffsrc.model import Alignment, Source, paragraph_refs

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
    """The bundled French-English lexicon, loaded once per process: from the user cache when an
    earlier run of this diffsrc code built it (building it cost every run 0.025 s, reading it 0.002 s)."""
    import msgspec

    from diffsrc import usercache
    from diffsrc.cache import code_fingerprint

    # The code fingerprint covers the lexicon file and the code that folds and stems its entries.
    lex = usercache.remembered(
        "align", f"lexicon-{code_fingerprint()[:24]}.json", lambda data: msgspec.json.decode(data, type=Lexicon),
        _build_lexicon, msgspec.json.encode, supersedes="lexicon-*.json",
    )
    assert lex is not None  # _build_lexicon always builds one
    return lex


def _build_lexicon() -> Lexicon:
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
    return zipf(folded, "en") >= 4.6


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


def _can_fork_pool() -> bool:
    # multiprocessing is imported only when a pool may be worth it: a check rarely needs one, and
    # the import cost it 0.01 s.
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def _precompute_features(sources: Sequence[Source]) -> None:
    """Features of many sources at once, on several processes (fork) when there are many."""
    workers = min(parallel.jobs(), 8)
    if len(sources) < PARALLEL_MIN_SOURCES or workers < 2 or not _can_fork_pool():
        return  # computed lazily, one by one
    import multiprocessing

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


# --- per-source and corpus index --------------------------------------------------------------


# Key kinds ("e:kyiv" is a name) and the signal each kind's shared weight is reported as.
_SIGNAL_NAMES = (("e", "entities"), ("n", "numbers"), ("d", "dates"), ("w", "terms"), ("b", "phrases"))
_KIND_CODE = {kind: i for i, (kind, _) in enumerate(_SIGNAL_NAMES)}


@dataclass
class SourceIndex:
    """A source's paragraph keys in array form: its key columns and the paragraphs holding each."""

    source: Source
    feats: tuple[ParaFeatures, ...]
    keys: list[str]  # column -> key, in key order (so results never depend on how keys are numbered)
    gids: np.ndarray  # (keys,) ids of the columns' keys in the aligner's vocabulary
    df: np.ndarray  # (keys,) float32, number of paragraphs holding each key
    col_ptr: np.ndarray  # (keys + 1,) column k is held by paragraphs para[col_ptr[k]:col_ptr[k + 1]]
    para: np.ndarray  # paragraph numbers (positions in feats), grouped by column
    shown: np.ndarray  # how the key is written in that paragraph (ids into shown_table), aligned with para
    shown_table: list[str]
    names: tuple[frozenset[str], ...]  # the name ("e:") keys of each paragraph


def _kind_weights(keys: Sequence[str], config: AlignConfig) -> list[float]:
    factor = {"e": config.entity_weight, "n": config.number_weight, "d": config.date_weight, "b": config.phrase_weight}
    return [factor.get(k[0], 1.0) for k in keys]


def build_index(source: Source, feats: Sequence[ParaFeatures], vocab: dict[str, int] | None = None) -> SourceIndex:
    """The array form of a source's paragraph features; ``vocab`` numbers keys across sources."""
    import numpy as np

    ids = vocab if vocab is not None else {}
    keys = sorted({k for f in feats for k in f.keys})
    gids = np.asarray([ids.setdefault(k, len(ids)) for k in keys], dtype=np.int64)
    col = dict(zip(keys, range(len(keys)), strict=True))
    cols = np.asarray([col[k] for f in feats for k in f.keys], dtype=np.int64)
    rows = np.repeat(np.arange(len(feats)), [len(f.keys) for f in feats])
    postings = np.lexsort((rows, cols))
    table: dict[str, int] = {}
    shown = np.asarray([table.setdefault(f.shown.get(k) or k[2:], len(table)) for f in feats for k in f.keys], dtype=np.int64)
    df = np.bincount(cols, minlength=len(keys))
    return SourceIndex(
        source=source,
        feats=tuple(feats),
        keys=keys,
        gids=gids,
        df=df.astype(np.float32),
        col_ptr=np.concatenate(([0], np.cumsum(df))).astype(np.int64),
        para=rows[postings],
        shown=shown[postings],
        shown_table=list(table),
        names=tuple(frozenset(k for k in f.keys if k.startswith("e:")) for f in feats),
    )


@dataclass
class CorpusIndex:
    """The inverted index of a set of sources: for each key, the paragraphs and sources holding it.

    Scoring one source against many then costs what their shared keys cost, not a matrix
    product per source pair. Paragraphs are numbered corpus-wide ("rows"), source after source.
    The index holds arrays and strings only, so ``diffsrc check`` keeps the index of an unchanged
    corpus in its cache (``corpus_to_bytes``) instead of rebuilding it from every source.
    """

    vocab: list[str]  # key id -> key, for every id the index may hold
    offset: np.ndarray  # (sources,) row of the first paragraph of each source
    n_paras: np.ndarray  # (sources,)
    para_index: np.ndarray  # (rows,) the paragraph's index in its source
    name_ptr: np.ndarray  # (rows + 1,) the name keys of row r are name_gid[name_ptr[r]:name_ptr[r + 1]]
    name_gid: np.ndarray
    kind_weight: np.ndarray  # (vocab,) float32 multiplier of each key's kind
    kind_code: np.ndarray  # (vocab,) index of each key's kind in _SIGNAL_NAMES
    post_ptr: np.ndarray  # (vocab + 1,) key g is held by paragraph postings post_ptr[g]:post_ptr[g + 1]
    post_row: np.ndarray  # row of each posting
    post_src: np.ndarray  # its source
    post_df: np.ndarray  # float32 df of the key in that source
    post_shown: np.ndarray  # how the key is written in that paragraph: ids into shown_table
    shown_table: np.ndarray  # (object) the sources' tables of written forms, one after the other
    src_ptr: np.ndarray  # (vocab + 1,) key g is held by sources src_src[src_ptr[g]:src_ptr[g + 1]]
    src_src: np.ndarray
    src_df: np.ndarray  # float32 df of the key in that source
    labels: list[str] = field(default_factory=list)  # (sources,) what the caller identifies them by

    def row_names(self, row: int) -> frozenset[str]:
        """The name (``e:``) keys of a corpus row."""
        return frozenset(self.vocab[g] for g in self.name_gid[self.name_ptr[row] : self.name_ptr[row + 1]].tolist())


def build_corpus(indexes: Sequence[SourceIndex], config: AlignConfig, vocab: Mapping[str, int]) -> CorpusIndex:
    """The inverted index over ``indexes``, whose key ids come from ``vocab``."""
    import numpy as np

    size = max((int(ix.gids.max()) + 1 for ix in indexes if len(ix.gids)), default=0)
    kind_weight = np.ones(size, dtype=np.float32)
    kind_code = np.zeros(size, dtype=np.intp)
    for ix in indexes:
        kind_weight[ix.gids] = _kind_weights(ix.keys, config)
        kind_code[ix.gids] = [_KIND_CODE.get(k[0], 0) for k in ix.keys]
    n_paras = np.asarray([len(ix.feats) for ix in indexes], dtype=np.int64)
    offset = np.cumsum(n_paras) - n_paras
    per_col = [np.diff(ix.col_ptr) for ix in indexes]
    empty = np.zeros(0, dtype=np.int64)

    def postings(gid: list[np.ndarray], *values: list[np.ndarray]) -> tuple[np.ndarray, ...]:
        g = np.concatenate(gid) if gid else empty
        order = np.argsort(g, kind="stable")
        ptr = np.concatenate(([0], np.cumsum(np.bincount(g, minlength=size)))).astype(np.int64)
        return (ptr, *((np.concatenate(v) if v else empty)[order] for v in values))

    shown_base = np.cumsum([0, *(len(ix.shown_table) for ix in indexes)])[:-1]  # where each table starts
    post_ptr, post_row, post_src, post_df, post_shown = postings(
        [np.repeat(ix.gids, c) for ix, c in zip(indexes, per_col, strict=True)],
        [ix.para + offset[s] for s, ix in enumerate(indexes)],
        [np.full(len(ix.para), s, dtype=np.int64) for s, ix in enumerate(indexes)],
        [np.repeat(ix.df, c) for ix, c in zip(indexes, per_col, strict=True)],
        [ix.shown + base for ix, base in zip(indexes, shown_base.tolist(), strict=True)],
    )
    src_ptr, src_src, src_df = postings(
        [ix.gids for ix in indexes],
        [np.full(len(ix.gids), s, dtype=np.int64) for s, ix in enumerate(indexes)],
        [ix.df for ix in indexes],
    )
    names = [sorted(vocab[k] for k in paragraph) for ix in indexes for paragraph in ix.names]
    by_id = [""] * len(vocab)
    for k, g in vocab.items():
        by_id[g] = k
    return CorpusIndex(
        vocab=by_id,
        offset=offset,
        n_paras=n_paras,
        para_index=np.asarray([f.index for ix in indexes for f in ix.feats], dtype=np.int64),
        name_ptr=np.concatenate(([0], np.cumsum([len(x) for x in names]))).astype(np.int64),
        name_gid=np.asarray([g for x in names for g in x], dtype=np.int64),
        kind_weight=kind_weight,
        kind_code=kind_code,
        post_ptr=post_ptr,
        post_row=post_row,
        post_src=post_src,
        post_df=post_df.astype(np.float32),
        post_shown=post_shown,
        shown_table=np.asarray([x for ix in indexes for x in ix.shown_table], dtype=object),
        src_ptr=src_ptr,
        src_src=src_src,
        src_df=src_df.astype(np.float32),
    )


def merge_corpora(a: CorpusIndex, b: CorpusIndex) -> CorpusIndex:
    """One index of the sources of ``a`` then those of ``b`` (numbered after a's), whose key ids
    come from one vocabulary (``b``'s, which extends ``a``'s)."""
    import numpy as np

    size = max(len(a.kind_weight), len(b.kind_weight))
    rows = len(a.para_index)

    def widen(x: np.ndarray, y: np.ndarray, fill: float) -> np.ndarray:
        out = np.full(size, fill, dtype=x.dtype)
        out[: len(x)] = x
        out[: len(y)] = np.where(np.diff(b.src_ptr) > 0, y, out[: len(y)])  # keys b holds: b's value
        return out

    def merged(ptr_a: np.ndarray, ptr_b: np.ndarray, *pairs: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, ...]:
        gid = np.concatenate([np.repeat(np.arange(len(p) - 1), np.diff(p)) for p in (ptr_a, ptr_b)])
        order = np.argsort(gid, kind="stable")  # per key, a's postings before b's
        ptr = np.concatenate(([0], np.cumsum(np.bincount(gid, minlength=size)))).astype(np.int64)
        return (ptr, *(np.concatenate(pair)[order] for pair in pairs))

    post_ptr, post_row, post_src, post_df, post_shown = merged(
        a.post_ptr, b.post_ptr, (a.post_row, b.post_row + rows), (a.post_src, b.post_src + len(a.n_paras)),
        (a.post_df, b.post_df), (a.post_shown, b.post_shown + len(a.shown_table)),
    )
    src_ptr, src_src, src_df = merged(a.src_ptr, b.src_ptr, (a.src_src, b.src_src + len(a.n_paras)), (a.src_df, b.src_df))
    return CorpusIndex(
        vocab=b.vocab if len(b.vocab) >= len(a.vocab) else a.vocab,
        offset=np.concatenate((a.offset, b.offset + rows)),
        n_paras=np.concatenate((a.n_paras, b.n_paras)),
        para_index=np.concatenate((a.para_index, b.para_index)),
        name_ptr=np.concatenate((a.name_ptr, b.name_ptr[1:] + a.name_ptr[-1])),
        name_gid=np.concatenate((a.name_gid, b.name_gid)),
        kind_weight=widen(a.kind_weight, b.kind_weight, 1.0),
        kind_code=widen(a.kind_code, b.kind_code, 0),
        post_ptr=post_ptr, post_row=post_row, post_src=post_src, post_df=post_df, post_shown=post_shown,
        shown_table=np.concatenate((a.shown_table, b.shown_table)),
        src_ptr=src_ptr, src_src=src_src, src_df=src_df,
        labels=[*a.labels, *b.labels],
    )


_ARRAYS = (
    "offset", "n_paras", "para_index", "name_ptr", "name_gid", "kind_weight", "kind_code", "post_ptr", "post_row",
    "post_src", "post_df", "src_ptr", "src_src", "src_df",
)  # fmt: skip


def corpus_to_bytes(corpus: CorpusIndex) -> bytes | None:
    """The index as an ``.npz`` archive (numbers, and strings as NUL-separated UTF-8), or None when
    a string holds a NUL and cannot be stored that way."""
    import io

    import numpy as np

    # Each source has its own table of written forms; across a corpus about one event they are
    # mostly the same few thousand strings (3,000 of 108,000 for 200 sources): stored once each.
    number: dict[str, int] = {}
    renumber = np.fromiter(
        (number.setdefault(x, len(number)) for x in corpus.shown_table.tolist()), dtype=np.int64, count=len(corpus.shown_table),
    )
    texts = {"vocab": corpus.vocab, "shown": list(number), "labels": corpus.labels}
    if any("\0" in x for strings in texts.values() for x in strings):
        return None
    arrays: dict[str, Any] = {name: getattr(corpus, name) for name in _ARRAYS}
    arrays["post_shown"] = renumber[corpus.post_shown]
    arrays.update((name, np.frombuffer("\0".join(strings).encode("utf-8"), dtype=np.uint8)) for name, strings in texts.items())
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return buf.getvalue()


def corpus_from_bytes(data: bytes) -> CorpusIndex | None:
    """The index ``corpus_to_bytes`` stored, or None when the bytes are not such an index.

    Checks every array's type and every id against the sizes it indexes, so that a damaged or
    crafted entry is rejected instead of failing (or misleading) the scoring."""
    import io
    import zipfile

    import numpy as np

    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            got = {name: npz[name] for name in (*_ARRAYS, "post_shown", "vocab", "shown", "labels")}
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        return None
    try:
        vocab, shown, labels = (got.pop(k).tobytes().decode("utf-8").split("\0") for k in ("vocab", "shown", "labels"))
    except UnicodeDecodeError:
        return None
    if labels == [""]:
        labels = []
    a = got
    floats = ("kind_weight", "post_df", "src_df")
    if any(a[k].ndim != 1 or a[k].dtype != (np.float32 if k in floats else np.int64) for k in (*_ARRAYS, "post_shown")):
        return None
    n_src, n_rows, size = len(a["n_paras"]), int(a["n_paras"].sum()), len(a["kind_weight"])

    def ptr_ok(ptr: np.ndarray, n: int, total: int) -> bool:
        return len(ptr) == n + 1 and int(ptr[0]) == 0 and int(ptr[-1]) == total and bool(np.all(np.diff(ptr) >= 0))

    def ids_ok(ids: np.ndarray, bound: int) -> bool:
        return not len(ids) or (int(ids.min()) >= 0 and int(ids.max()) < bound)

    checks = (
        len(a["offset"]) == n_src and bool(np.all(a["n_paras"] >= 0))
        and bool(np.array_equal(a["offset"], np.cumsum(a["n_paras"]) - a["n_paras"]))
        and len(a["para_index"]) == n_rows and ptr_ok(a["name_ptr"], n_rows, len(a["name_gid"]))
        and ids_ok(a["name_gid"], len(vocab)) and len(a["kind_code"]) == size and size <= len(vocab)
        and ids_ok(a["kind_code"], len(_SIGNAL_NAMES))
        and ptr_ok(a["post_ptr"], size, len(a["post_row"]))
        and all(len(a[k]) == len(a["post_row"]) for k in ("post_src", "post_df", "post_shown"))
        and ids_ok(a["post_row"], n_rows) and ids_ok(a["post_src"], n_src) and ids_ok(a["post_shown"], len(shown))
        and ptr_ok(a["src_ptr"], size, len(a["src_src"])) and len(a["src_df"]) == len(a["src_src"])
        and ids_ok(a["src_src"], n_src) and len(labels) in (0, n_src)
    )
    if not checks:
        return None
    return CorpusIndex(
        vocab=vocab, post_shown=a.pop("post_shown"), shown_table=np.asarray(shown, dtype=object),
        kind_code=a.pop("kind_code").astype(np.intp), labels=labels, **a,
    )


def _expand(ptr: np.ndarray, which: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every position in ptr[w]:ptr[w + 1] for each w of ``which``, and the index in ``which`` it came from."""
    import numpy as np

    starts = ptr[which]
    lens = ptr[which + 1] - starts
    owner = np.repeat(np.arange(len(which)), lens)
    return np.arange(int(lens.sum())) + np.repeat(starts - (np.cumsum(lens) - lens), lens), owner


# --- pair scoring -----------------------------------------------------------------------------


class PairLink(NamedTuple):
    """A kept link between paragraph ``i`` of one source and ``j`` of another, with its evidence."""

    i: int
    j: int
    score: float
    strength: str
    signals: Mapping[str, float]
    shared: tuple[str, ...]


def _fuzzy_names(names_a: frozenset[str], names_b: frozenset[str]) -> float:
    """Share of names (``e:`` keys) of one paragraph without an exact match in the other that
    still match fuzzily (Zelenskyy ~ Zelensky)."""
    from rapidfuzz import fuzz

    ea = names_a - names_b
    eb = names_b - names_a
    if not ea or not eb:
        return 0.0
    hits = sum(1 for x in ea if any(fuzz.ratio(x, y) >= 85 for y in eb))
    return hits / len(ea)


def score_source(
    corpus: CorpusIndex, ax: SourceIndex, ys: Sequence[int], config: AlignConfig,
    vx: np.ndarray | None = None, vectors: Sequence[np.ndarray] | None = None,
) -> dict[int, list[PairLink]]:
    """The links between the paragraphs of source ``ax`` and those of each source ``ys`` of the corpus.

    ``ax`` is scored as the first source of each pair (its paragraphs are the links' ``i``); it
    may or may not be in the corpus. Each source pair is scored on its own terms. Key weights are IDF over the two sources'
    paragraphs, scaled so that a key found in exactly two paragraphs weighs 1; only keys present
    in both sources count (a key of one source can never be shared, so it would only measure
    verbosity). For each paragraph pair the score is the geometric mean of a weighted cosine (how
    much of each paragraph is shared) and of the shared evidence, saturating at
    ``evidence_full``: two short paragraphs that only share "Donald Trump" are not a confident
    link, however similar they look. Blocking: only paragraphs holding at least one distinctive
    shared key (weight >= ``block_weight``) are scored. All pairs of ``ax`` are computed at once
    from the inverted index: the work is proportional to the (paragraph, paragraph, key) matches.
    With an encoder, ``vx`` and ``vectors`` (per corpus source) are the paragraphs' embeddings.
    """
    import numpy as np

    nx, m = len(ax.feats), len(corpus.n_paras)
    out: dict[int, list[PairLink]] = {y: [] for y in ys}
    n1 = (corpus.n_paras + (nx + 1)).astype(np.float32)
    top = np.asarray([max(math.log(k / 2.5), 0.1) for k in n1.tolist()], dtype=np.float32)

    def weight(src: np.ndarray, col: np.ndarray, df: np.ndarray) -> np.ndarray:
        w = np.log(n1[src] / (ax.df[col] + df + np.float32(0.5))) / top[src]
        return np.clip(w, 0.0, None) * corpus.kind_weight[ax.gids[col]]

    # Keys of x the corpus has never seen cannot be shared (x need not be in the corpus).
    known = np.flatnonzero(ax.gids < len(corpus.kind_weight))
    # Sources sharing too few keys with x have no links.
    wanted = np.zeros(m, dtype=bool)
    wanted[list(ys)] = True
    pos, col = _expand(corpus.src_ptr, ax.gids[known])
    col = known[col]
    src = corpus.src_src[pos]
    wanted &= np.bincount(src[wanted[src]], minlength=m) >= config.min_shared
    keep = wanted[src]
    pos, col, src = pos[keep], col[keep], src[keep]
    yk = np.flatnonzero(wanted)
    if not nx or not len(yk):
        return out
    # Per (paragraph of x, source y): weight of the keys shared by the two sources, and blocking.
    ws = weight(src, col, corpus.src_df[pos])
    pp, owner = _expand(ax.col_ptr, col)
    cell = ax.para[pp] * m + src[owner]
    norm_a = np.maximum(np.bincount(cell, ws[owner], nx * m).astype(np.float32), 1e-9).reshape(nx, m)
    row_block = (np.bincount(cell, ws[owner] >= config.block_weight, nx * m) > 0).reshape(nx, m)

    # Columns: the paragraphs of the sources of yk, one after the other.
    lens = corpus.n_paras[yk]
    base = np.zeros(m, dtype=np.int64)
    base[yk] = np.cumsum(lens) - lens
    width = int(lens.sum())
    col_src = np.repeat(yk, lens)
    pos, col = _expand(corpus.post_ptr, ax.gids[known])
    col = known[col]
    src = corpus.post_src[pos]
    keep = wanted[src]
    pos, col, src = pos[keep], col[keep], src[keep]
    we = weight(src, col, corpus.post_df[pos])
    lrow = corpus.post_row[pos] - corpus.offset[src] + base[src]
    norm_b = np.maximum(np.bincount(lrow, we, width).astype(np.float32), 1e-9)
    col_block = np.bincount(lrow, we >= config.block_weight, width) > 0
    # (paragraph of x, paragraph of y, key) matches: the sparse product, by hand.
    pp, owner = _expand(ax.col_ptr, col)
    cell = ax.para[pp] * width + lrow[owner]
    tw, tcol, ta, tb = we[owner], col[owner], pp, pos[owner]  # ta, tb: the two postings
    overlap = np.bincount(cell, tw, nx * width).astype(np.float32).reshape(nx, width)
    counts = np.bincount(cell, minlength=nx * width).reshape(nx, width)

    cosine = overlap / np.sqrt(norm_a[:, col_src] * norm_b)
    evidence = np.minimum(1.0, overlap / config.evidence_full)
    score = np.sqrt(cosine * evidence)
    if vx is not None and vectors is not None:
        sims = vx @ np.concatenate([vectors[y] for y in yk.tolist()]).T
        # Encoders give unrelated text a positive cosine; only the part above 0.3 is evidence.
        score = score + config.embed_weight * np.clip(sims - 0.3, 0.0, None)
    scored = (counts >= config.min_shared) & row_block[:, col_src] & col_block
    score = np.where(scored, score, 0.0)

    col_para = np.arange(width) - base[col_src]  # column -> paragraph of source col_src
    # Fuzzy name matches (transliterations the name table misses) can lift a near-threshold pair.
    fuzzy: dict[tuple[int, int], float] = {}
    lift = (score >= config.related_threshold - 0.05) & (score < config.related_threshold)
    for r, c in zip(*np.nonzero(lift), strict=True):
        fz = _fuzzy_names(ax.names[r], corpus.row_names(int(corpus.offset[col_src[c]] + col_para[c])))
        if fz:
            fuzzy[(int(r), int(c))] = fz
            score[r, c] += 0.05 * fz

    starts = base[yk]
    best_row = np.maximum.reduceat(score, starts, axis=1)[:, np.repeat(np.arange(len(yk)), lens)]
    best_col = score.max(axis=0, keepdims=True)
    near = score >= config.near_best * np.minimum(best_row, best_col)
    kr, kc = np.nonzero((score >= config.related_threshold) & near)
    if not len(kr):
        return out
    order = np.lexsort((kc, kr, col_src[kc]))  # pair by pair, then row-major
    kr, kc = kr[order], kc[order]
    # Evidence of all kept links at once: per-kind sums and the heaviest shared keys.
    link_of = np.full(nx * width, -1, dtype=np.int64)
    link_of[kr * width + kc] = np.arange(len(kr))
    tl = link_of[cell]
    keep = (tl >= 0) & (tw > 0)
    tl, tw, tcol, ta, tb = tl[keep], tw[keep], tcol[keep], ta[keep], tb[keep]
    codes = len(_SIGNAL_NAMES)
    kinds = np.bincount(tl * codes + corpus.kind_code[ax.gids[tcol]], tw, len(kr) * codes)
    per_kind = kinds.astype(np.float32).reshape(len(kr), codes).tolist()
    order = np.lexsort((tcol, -tw, tl))
    tl, ta, tb = tl[order], ta[order], tb[order]
    starts = np.searchsorted(tl, np.arange(len(kr)))
    top12 = np.arange(len(tl)) - starts[tl] < 12
    tl = tl[top12]
    shown = [  # "Italy = Italie"
        a if a.lower() == b.lower() else f"{a} = {b}"
        for a, b in zip(
            [ax.shown_table[i] for i in ax.shown[ta[top12]].tolist()],
            corpus.shown_table[corpus.post_shown[tb[top12]]].tolist(), strict=True,
        )
    ]
    bounds = np.searchsorted(tl, np.arange(len(kr) + 1)).tolist()
    cos_l, ev_l, sc_l = cosine[kr, kc].tolist(), evidence[kr, kc].tolist(), score[kr, kc].tolist()
    sims_l = sims[kr, kc].tolist() if vx is not None else []
    link_src = col_src[kc].tolist()
    link_index = corpus.para_index[corpus.offset[col_src[kc]] + col_para[kc]].tolist()
    for n, (r, c) in enumerate(zip(kr.tolist(), kc.tolist(), strict=True)):
        y = link_src[n]
        signals = {name: round(v, 3) for (_, name), v in zip(_SIGNAL_NAMES, per_kind[n], strict=True) if v > 0}
        signals["cosine"] = round(cos_l[n], 4)
        signals["evidence"] = round(ev_l[n], 4)
        if (r, c) in fuzzy:
            signals["fuzzy_names"] = round(fuzzy[(r, c)], 4)
        if vx is not None:
            signals["embedding"] = round(sims_l[n], 4)
        sc = sc_l[n]
        out[y].append(
            PairLink(
                i=ax.feats[r].index,
                j=link_index[n],
                score=round(min(sc, 1.0), 4),
                strength="same" if sc >= config.same_threshold else "related",
                signals=signals,
                shared=tuple(shown[bounds[n] : bounds[n + 1]]),
            )
        )
    return out


# --- the aligner ------------------------------------------------------------------------------


# A paragraph's features as the cache keeps them: index, language, kind, key -> shown form, length.
_StoredFeatures = list[tuple[int, str, str, dict[str, str], int]]


def _features_to_json(feats: Sequence[ParaFeatures]) -> _StoredFeatures:
    return [(f.index, f.lang, f.kind, dict(f.shown), f.length) for f in feats]


def _features_from_json(source: Source, value: _StoredFeatures | None) -> tuple[ParaFeatures, ...] | None:
    if value is None:
        return None
    return tuple(ParaFeatures(source.id, index, lang, kind, frozenset(shown), shown, length) for index, lang, kind, shown, length in value)


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
                got = _features_from_json(s, cache.get("align-features", self._features_key(s), _StoredFeatures))
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

        With ``focus`` (source ids), only pairs involving one of those sources are aligned, each
        with the focus source first; the other sources' index then comes from the cache when
        they are unchanged, so a check of one new source never rebuilds the corpus' index.
        """
        focus_set = frozenset(focus) if focus is not None else None
        cache = self._cache()
        config_key = self._config_key() if cache is not None else None
        digests = [text_digest(repr(_identity(s))) for s in sources] if cache is not None else []
        vocab: dict[str, int] = {}
        if focus_set is None:
            self.load_features(sources)
            rows = [build_index(s, source_features(s), vocab) for s in sources]
            corpora = [build_corpus(rows, self.config, vocab)]
            row_of = list(range(len(sources)))
            col_of = [(0, y) for y in range(len(sources))]
            units = [(x, [y for y in range(x + 1, len(sources)) if sources[x].id != sources[y].id]) for x in range(len(sources))]
        else:
            here = [i for i, s in enumerate(sources) if s.id in focus_set]
            there = [i for i, s in enumerate(sources) if s.id not in focus_set]
            context, number = self._context_index(
                [sources[i] for i in there], [digests[i] for i in there] if digests else None, config_key, vocab,
            )
            self.load_features([sources[i] for i in here])
            rows = [build_index(sources[i], source_features(sources[i]), vocab) for i in here]
            corpora = [context, build_corpus(rows, self.config, vocab)]
            row_of = here
            place = {y: (0, number[c]) for c, y in enumerate(there)} | {y: (1, f) for f, y in enumerate(here)}
            col_of = [place[y] for y in range(len(sources))]
            units = [
                (x, [y for y in sorted([*there, *here[n + 1 :]]) if sources[x].id != sources[y].id])
                for n, x in enumerate(here)
            ]
        # (x, y) source positions, x first; only sources with paragraphs to align.
        n_paras = [int(corpora[k].n_paras[c]) for k, c in col_of]
        pairs = [(x, y) for x, ys in units for y in ys if n_paras[x] and n_paras[y]]
        results: dict[tuple[int, int], list[PairLink]] = {}
        stored = _PairRows(cache, config_key, digests) if cache is not None else None
        if stored is not None:
            for x, y in pairs:
                got = stored.get(x, y)
                if got is not None:
                    results[(x, y)] = got
        todo = [pair for pair in pairs if pair not in results]
        self.pairs_cached = len(pairs) - len(todo)
        self.pairs_scored = len(todo)
        row_pos = {x: r for r, x in enumerate(row_of)}
        vectors = self._vectors(sources, row_of, corpora, col_of) if self.embedder() is not None else None
        scored = _score_pairs(rows, corpora, [(row_pos[x], *col_of[y]) for x, y in todo], self.config, vectors)
        results.update(zip(todo, scored, strict=True))
        if stored is not None:
            stored.put({pair: results[pair] for pair in todo})
        ref = paragraph_refs()
        out: list[Alignment] = []
        for x, y in pairs:
            ida, idb = sources[x].id, sources[y].id
            out.extend(
                Alignment(ref(ida, lk.i), ref(idb, lk.j), lk.score, lk.strength, lk.signals, lk.shared)  # type: ignore[arg-type]
                for lk in results[(x, y)]
            )
        return out

    def _context_index(
        self, context: Sequence[Source], digests: Sequence[str] | None, config_key: object, vocab: dict[str, int]
    ) -> tuple[CorpusIndex, list[int]]:
        """The index of the sources a focused alignment scores against, and each one's number in it.

        The cache keeps one such index per configuration, labelled with its sources' digests: a
        check of a grown corpus (the last pull request merged a source) extends that index with
        the sources it lacks instead of rebuilding it. Sources it holds that are no longer in the
        corpus are never scored against; when they are many, the index is rebuilt. Results do
        not depend on which path was taken (key order, not key numbering, orders the scoring).
        Fills ``vocab`` with the index's keys.
        """
        cache = self._cache()
        key = cache.key("align-corpus", config_key) if cache is not None and digests is not None else None
        wanted = list(digests) if digests is not None else []
        base: CorpusIndex | None = None
        if key is not None and len(set(wanted)) == len(wanted):
            data = cache.get_bytes("align-corpus", key)
            base = corpus_from_bytes(data) if data is not None else None
            if base is not None and (
                len(base.labels) != len(base.n_paras) or len(set(base.vocab)) != len(base.vocab)
                or index_outdated(len(set(base.labels) - set(wanted)), len(wanted))
            ):
                base = None  # unlabelled, or mostly sources that left the corpus: rebuild
        if base is not None:
            vocab.update((k, g) for g, k in enumerate(base.vocab))
            number = {d: n for n, d in enumerate(base.labels)}
            missing = [c for c, d in enumerate(wanted) if d not in number]
            if not missing:
                return base, [number[d] for d in wanted]
            more = [context[c] for c in missing]
        else:
            more = list(context)
        self.load_features(more)
        added = build_corpus([build_index(s, source_features(s), vocab) for s in more], self.config, vocab)
        if digests is not None:
            added.labels = [wanted[c] for c in missing] if base is not None else list(wanted)
        built = merge_corpora(base, added) if base is not None else added
        if key is not None and (base is None or index_to_rewrite(len(missing), len(base.labels))):
            data = corpus_to_bytes(built)
            if data is not None:
                cache.put_bytes("align-corpus", key, data)
        if base is None:
            return built, list(range(len(context)))
        number.update((wanted[c], len(base.n_paras) + k) for k, c in enumerate(missing))
        return built, [number[d] for d in wanted]

    def _vectors(
        self, sources: Sequence[Source], row_of: Sequence[int], corpora: Sequence[CorpusIndex], col_of: Sequence[tuple[int, int]],
    ) -> tuple[list[np.ndarray], list[list[np.ndarray]]]:
        """Paragraph embeddings of the row sources and of each corpus' sources, in index order."""
        import numpy as np

        emb = self.embedder()
        assert emb is not None

        def embed(s: int, corpus: CorpusIndex, c: int) -> np.ndarray:
            start = int(corpus.offset[c])
            idx = corpus.para_index[start : start + int(corpus.n_paras[c])].tolist()
            texts = [sources[s].paragraph_text(i) for i in idx]
            return emb.embed(texts) if texts else np.zeros((0, 1), dtype=np.float32)

        where = {kc: s for s, kc in enumerate(col_of)}
        none = np.zeros((0, 1), dtype=np.float32)  # a cached index's sources that left the corpus
        per_corpus = [
            [embed(where[(k, c)], corpus, c) if (k, c) in where else none for c in range(len(corpus.n_paras))]
            for k, corpus in enumerate(corpora)
        ]
        rows = [per_corpus[col_of[x][0]][col_of[x][1]] for x in row_of]
        return rows, per_corpus


# Sources are scored in worker processes when there are many; the workers inherit these by fork.
_SHARED: dict[str, Any] = {}
PARALLEL_MIN_PAIRS = 2000
PARALLEL_MIN_SOURCES = 60
PARALLEL_MIN_UNITS = 40  # scoring units (one source against its partners) worth a second process
# Bound on the (paragraphs of x) x (paragraphs of its partners) matrices of one scoring step.
MAX_CELLS = 1 << 20

Unit = tuple[int, int, list[int]]  # (row source, corpus number, partner sources in that corpus)


def _score_unit(unit: Unit) -> list[tuple[tuple[int, int, int], list[PairLink]]]:
    x, k, ys = unit
    vectors = _SHARED["vectors"]
    vx, vys = (vectors[0][x], vectors[1][k]) if vectors is not None else (None, None)
    got = score_source(_SHARED["corpora"][k], _SHARED["rows"][x], ys, _SHARED["config"], vx, vys)
    return [((x, k, y), links) for y, links in got.items()]


def _score_units(units: Sequence[Unit]) -> list[tuple[tuple[int, int, int], list[PairLink]]]:
    return [item for unit in units for item in _score_unit(unit)]


def _score_pairs(
    rows: Sequence[SourceIndex], corpora: Sequence[CorpusIndex], todo: Sequence[tuple[int, int, int]],
    config: AlignConfig, vectors: tuple[list[np.ndarray], list[list[np.ndarray]]] | None = None,
) -> list[list[PairLink]]:
    """The links of each (row source, corpus number, source of that corpus) of ``todo``, one row
    source against all its partners at a time; on several processes (fork) when there are many."""
    partners: dict[tuple[int, int], list[int]] = {}
    for x, k, y in todo:
        partners.setdefault((x, k), []).append(y)
    units: list[Unit] = []
    for (x, k), ys in partners.items():
        height = max(len(rows[x].feats), 1)
        step: list[int] = []
        width = 0
        for y in ys:
            wide = int(corpora[k].n_paras[y])
            if step and (width + wide) * height > MAX_CELLS:
                units.append((x, k, step))
                step, width = [], 0
            step.append(y)
            width += wide
        units.append((x, k, step))
    _SHARED.update(rows=rows, corpora=corpora, vectors=vectors, config=config)
    try:
        workers = min(parallel.jobs(), 8)
        results: dict[tuple[int, int, int], list[PairLink]] = {}
        if len(todo) < PARALLEL_MIN_PAIRS or workers < 2 or not _can_fork_pool():
            if len(units) < PARALLEL_MIN_UNITS:
                results.update(_score_units(units))
            else:
                # Too few pairs for a pool, enough for a second core: a child scores every other unit.
                with parallel.background(lambda _inbox: _score_units(units[1::2])) as half:
                    results.update(_score_units(units[0::2]))
                    results.update(half.result())
        else:
            import multiprocessing

            with multiprocessing.get_context("fork").Pool(workers) as pool:
                for part in pool.imap_unordered(_score_unit, units):
                    results.update(part)
        return [results[t] for t in todo]
    finally:
        _SHARED.clear()


class _PairRows:
    """Cached pair scores, one cache entry per source: partner digest and side -> links.

    One entry per source rather than per pair: a check of one new source against 200 writes
    one file, not 200 (file creation dominates a warm check on slow disks). A pair is stored in
    the row of whichever of its two sources has more newly scored pairs and found from either;
    its links keep the order they were scored in ("/first": the row's source came first).
    """

    def __init__(self, cache: Any, config_key: object, digests: Sequence[str]) -> None:
        self.cache = cache
        # The configuration is hashed once: it is the same (large) part of every row's key.
        self.config_digest = str(cache.key("align-pairs-config", config_key))
        self.digests = digests  # of each source's identity
        self.rows: dict[int, dict[str, list[PairLink]]] = {}

    def _key(self, x: int) -> str:
        return str(self.cache.key("align-pairs", self.config_digest, self.digests[x]))

    def _row(self, x: int) -> dict[str, list[PairLink]]:
        row = self.rows.get(x)
        if row is None:
            row = self.rows[x] = self.cache.get("align-pairs", self._key(x), dict[str, list[PairLink]]) or {}
        return row

    def get(self, x: int, y: int) -> list[PairLink] | None:
        """The links of pair (x, y), x scored first, from either source's row; None if absent."""
        got = self._row(x).get(self.digests[y] + "/first")
        return got if got is not None else self._row(y).get(self.digests[x] + "/second")

    def put(self, scored: dict[tuple[int, int], list[PairLink]]) -> None:
        """Store newly scored pairs, each in the row of its busier source."""
        busy: dict[int, int] = {}
        for x, y in scored:
            busy[x] = busy.get(x, 0) + 1
            busy[y] = busy.get(y, 0) + 1
        changed: set[int] = set()
        for (x, y), links in scored.items():
            owner, entry = (x, self.digests[y] + "/first") if busy[x] >= busy[y] else (y, self.digests[x] + "/second")
            self._row(owner)[entry] = links
            changed.add(owner)
        for x in sorted(changed):
            self.cache.put("align-pairs", self._key(x), self.rows[x])


def _identity(source: Source) -> list[object]:
    return [source.id, source.sha256, source.layout_digest]
