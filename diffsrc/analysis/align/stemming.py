"""The French-English lexicon and the stemming that turns words of both languages into concepts.

English words are stemmed (``en_stem``); French words go through the bundled French-English
lexicon (``resources/fr_en_lexicon.tsv``, ``fr_lookup``) or, failing that, regular cognate
rewrites (sécurité -> security, ``fr_cognate``). Lexicon synonyms share one concept id, so
"accord", "deal" and "agreement" meet.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from diffsrc.analysis import normalize

EN_STOP = frozenset(
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
FR_STOP = frozenset(
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
CAP_STOP = frozenset(
    """the a an in on at but and or if as for of to by with from this that these those it he she
    they we i you there here his her its their our when while after before during since
    le la les un une des du de en et ou mais si dans sur pour par avec sans ce cette ces il elle
    ils elles nous vous on je au aux lors depuis selon alors cependant pourtant peu certains
    mr mrs ms sir lord monday tuesday wednesday thursday friday saturday sunday lundi mardi
    mercredi jeudi vendredi samedi dimanche""".split()
)


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

    from diffsrc.io import usercache
    from diffsrc.io.cache import code_fingerprint

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
        singles = [en_stem(a) for a in alts if " " not in a and a not in EN_STOP]
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
        en_stem(w) for alts in (*words.values(), *phrases.values()) for a in alts for w in a.split() if w not in EN_STOP
    )
    digest = hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]
    return Lexicon(words, phrases, max_phrase, concept, size, en_stems, digest, en_phrases)


def _alt_concept(alt: str, concept: Mapping[str, str]) -> str:
    """The concept id of an English alternative: a word's stem group, or stems joined by "+"."""
    stems = [en_stem(w) for w in alt.split() if w not in EN_STOP and len(w) >= 2]
    return "+".join(concept.get(x, x) for x in stems)


def concepts_of_english(phrase: str, lex: Lexicon) -> list[str]:
    """The concept ids of an English word or phrase: one for a lexicon term, else one per content word."""
    if " " in phrase and phrase in lex.en_phrases:
        return [lex.en_phrases[phrase]]
    out = []
    for w in phrase.split():
        if w in EN_STOP or len(w) < 3:
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
ELISION = re.compile(r"^(?:l|d|n|qu|s|c|j|m|t|jusqu|lorsqu|puisqu|presqu)'(?=\w)")


def fr_lookup(folded: str, lex: Lexicon) -> tuple[str, ...] | None:
    """The English alternatives of a folded French word, tried as written then as lemma forms."""
    if folded in lex.fr_words:
        return lex.fr_words[folded]
    for suf, rep in _FR_SUFFIXES:
        if folded.endswith(suf) and len(folded) - len(suf) >= 2:
            cand = folded[: -len(suf)] + rep
            if cand in lex.fr_words:
                return lex.fr_words[cand]
    return None


@lru_cache(maxsize=131072)
def fr_cognate(folded: str) -> str:
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


