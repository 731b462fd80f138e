"""Named entities in English and French text: people (keyed by surname), and the places,
organisations and media of the bundled gazetteer, found with offsets into the text.

Split from ``claims`` so that the claim kinds and the paragraph-level claims find the same names.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from diffsrc.analysis import normalize
from diffsrc.errors import ConfigError

TITLES = {
    "president", "prime", "minister", "premier", "ministre", "secretary", "secretaire", "state", "etat",
    "chancellor", "chancelier", "general", "vice", "vice-president", "sir", "lord", "dame", "mr", "mrs",
    "ms", "dr", "m", "mme", "senator", "senateur", "ambassador", "ambassadeur", "envoy", "envoye",
    "special", "king", "queen", "pope", "defense", "defence", "foreign", "affairs", "gen", "lt", "col",
    "spokesperson", "spokesman", "spokeswoman", "porte-parole", "chief", "head", "leader", "deputy",
    "the", "le", "la", "les", "l", "de", "du", "des", "of", "a", "an", "and", "et", "but", "mais",
    "when", "while", "after", "before", "as", "on", "in", "at", "for", "with", "by", "from", "to",
    "lors", "apres", "avant", "pendant", "selon", "pour", "avec", "par", "sur", "dans", "en", "au", "aux",
    "this", "that", "these", "those", "his", "her", "their", "its", "he", "she", "they", "we", "i", "it",
    "il", "elle", "ils", "nous", "je", "ce", "cette", "ces", "son", "sa", "ses", "leur", "leurs",
    "if", "si", "not", "no", "yes", "only", "even", "also", "asked", "request", "during", "since",
    "depuis", "meanwhile", "instead", "however", "then", "first", "although", "because",
    "madam", "madame", "monsieur", "herr", "frau", "national", "security", "advisor", "adviser",
    "conseiller", "commission", "council", "director", "directeur", "host", "nation", "analysis",
    "there", "what", "who", "how", "why", "where", "which", "will", "would", "can", "could", "may",
}
# Last words of capitalised runs that name institutions or things, not people.
INSTITUTION_WORDS = {
    "alliance", "council", "commission", "conference", "department", "house", "party", "union", "organization",
    "organisation", "ministry", "office", "forces", "force", "army", "institute", "institut", "times", "post",
    "news", "agency", "court", "parliament", "assembly", "bank", "fund", "group", "summit", "war", "treaty",
    "states", "nations", "republic", "kingdom", "emirates", "east", "west", "north", "south", "security",
    "defense", "defence", "affairs", "studies", "center", "centre", "programme", "program", "administration",
    "government", "gouvernement", "ministere", "conseil", "etat", "etats", "unis", "nord", "sud",
    "palace", "palais", "telegraph", "journal", "street", "square", "university", "universite", "school",
    "relations", "day", "week", "guerre", "world", "front", "line", "bureau", "press",
}
NAME_PARTICLES = {"von", "der", "van", "den", "de", "da", "di", "le", "la", "bin", "al", "el", "du"}
_OF = frozenset({"de", "du", "des"})  # French "of" before a place or a body after a full name
# Person-name spellings that differ by language or transliteration -> one key.
PERSON_ALIASES = {
    "poutine": "putin", "zelenskyy": "zelensky", "zelenskiy": "zelensky", "zelenski": "zelensky",
    "zelenskyi": "zelensky", "lavrov": "lavrov", "peskov": "peskov",
}


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in "’‘`´":
        return "'"
    base = unicodedata.normalize("NFD", ch)[0].lower()
    return base if len(base) == 1 else ch.lower()


def fold_in_place(text: str) -> str:
    """Lower-case, accent-free text with typographic apostrophes made plain, of the same length as
    ``text``, so that offsets found in it are offsets in ``text`` (``normalize.fold`` is not)."""
    return text.translate({ord(ch): _fold_char(ch) for ch in set(text)})


def person_key(name: str) -> str:
    """The comparable key of a person name: its folded surname with spelling variants merged."""
    tokens = [t for t in re.split(r"[\s.]+", fold_in_place(name)) if t]
    if not tokens:
        return ""
    last = re.sub(r"'s$", "", tokens[-1]).strip("'-")  # "Merkel's" is Merkel
    last = re.sub(r"yy$", "y", last)
    if last in PERSON_ALIASES:
        return PERSON_ALIASES[last]
    return normalize.NAME_KEYS.get(last, last)


# --- gazetteer ---------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def cldr_tables() -> dict[str, Any]:
    """The name tables of ``resources/cldr_names.json`` (built by ``diffsrc.analysis.detectors.cldr``):
    territory, time-zone city, place and calendar names."""
    path = "resources/cldr_names.json"
    try:
        data: dict[str, Any] = json.loads(resources.files("diffsrc").joinpath(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read resource {path}: {exc}; reinstall diffsrc") from exc
    return data


@dataclass(frozen=True)
class Place:
    """An entry of the gazetteer: a country, city, region, organisation or news medium."""

    key: str
    type: str
    country: str
    name: str = ""  # the entry's first listed name, as a report shows it


@dataclass(frozen=True)
class Gazetteer:
    """Names (folded) of places and organisations, with a regex that finds them."""

    entries: dict[str, Place]
    by_name: dict[str, str]
    adjectives: dict[str, str]
    pattern: re.Pattern[str]


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The bundled gazetteer (EN+FR names of countries, capitals, organisations, media)."""
    raw = resources.files("diffsrc").joinpath("resources/gazetteer.tsv").read_text(encoding="utf-8")
    entries: dict[str, Place] = {}
    by_name: dict[str, str] = {}
    adjectives: dict[str, str] = {}
    for line in raw.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, typ, country, adjs, names = (line.split("\t") + ["", "", "", "", ""])[:5]
        entries[key] = Place(key, typ, country or key, names.split("|")[0])
        for name in names.split("|"):
            if name:
                by_name[fold_in_place(name)] = key
        for adj in adjs.split("|"):
            if adj:
                adjectives[fold_in_place(adj)] = key
    names_sorted = sorted(by_name, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w\-])(?:" + "|".join(re.escape(n) for n in names_sorted) + r")(?![\w\-])")
    return Gazetteer(entries, by_name, adjectives, pattern)


# Surname particles written in lower case inside a name ("Ursula von der Leyen", "Charles de
# Gaulle"): Chicago Manual of Style 8.5 (particles) and the Imprimerie nationale's Lexique.
_PARTICLES = frozenset({"von", "van", "der", "den", "de", "du", "des", "la", "le", "da", "di", "dos", "del", "ter"})


def shown(key: str) -> str:
    """How a report names an entity key: a gazetteer entry by its first listed name ('us' →
    'United States'), a person key (a folded surname) with capitals, its particles kept in lower
    case ('von der leyen' → 'von der Leyen'). A pure function of the key, so facts grouped by key
    stay grouped."""
    entry = gazetteer().entries.get(key)
    if entry is not None and entry.name:
        return entry.name
    words = key.split(" ")
    return " ".join(
        w if w in _PARTICLES and n < len(words) - 1 else "-".join(p[:1].upper() + p[1:] for p in w.split("-"))
        for n, w in enumerate(words)
    )


# --- mentions ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mention:
    """A named entity in a sentence: person (key = surname) or gazetteer entry."""

    start: int
    end: int
    kind: str  # person | country | city | region | org | media
    key: str


def _is_name_initial(text: str, ends_at: int) -> bool:
    return ends_at >= 2 and text[ends_at - 2].isupper() and text[ends_at - 1] == "." and (
        ends_at < 3 or not text[ends_at - 3].isalpha()
    )


def find_places(text: str, start: int, end: int, folded: str) -> list[Mention]:
    """Gazetteer mentions (places, organisations, media) between two offsets."""
    gz = gazetteer()
    out = []
    for m in gz.pattern.finditer(folded, start, end):
        key = gz.by_name[m.group(0)]
        raw = text[m.start() : m.end()]
        # Short all-caps codes (US, UK, EU, UN, AP) only count when written in capitals.
        if len(raw) <= 3 and not raw.isupper():
            continue
        if raw[:1].islower() and key not in ("uae",):
            continue
        out.append(Mention(m.start(), m.end(), gz.entries[key].type, key))
    return out


_NAME_TOKEN = re.compile(r"[\w’'\-.]+")


def find_people(text: str, start: int, end: int, taken: Sequence[Mention], known: frozenset[str],
                folded: str | None = None, alone: set[str] | None = None) -> list[Mention]:
    """Person names: runs of capitalised words minus titles, or known surnames standing alone.

    ``alone``, when given, collects the keys of the one-word names met, known or not: only
    those members of ``known`` can change the result.
    """
    low = folded if folded is not None else fold_in_place(text)
    blocked = [(m.start, m.end) for m in taken]
    gz = gazetteer()
    out: list[Mention] = []
    tokens = [m.span() for m in _NAME_TOKEN.finditer(text[start:end])]
    run: list[tuple[int, int]] = []

    def flush() -> None:
        if not run:
            return  # most words are not in a name: nothing to close
        words = [(a, b) for a, b in run]
        # strip titles / function words at the front and trailing particles
        while words and (low[words[0][0] : words[0][1]].strip(".'") in TITLES
                         or low[words[0][0] : words[0][1]].strip(".") in gz.adjectives):
            words.pop(0)
        while words and low[words[-1][0] : words[-1][1]] in NAME_PARTICLES:
            words.pop()
        if not words:
            return
        a, b = words[0][0], words[-1][1]
        while b > a and text[b - 1] in ".’'-":
            b -= 1
        name = text[a:b]
        key = person_key(name)
        if len(key) < 3 or key in INSTITUTION_WORDS or key in gz.adjectives or key in gz.by_name:
            return
        if re.match(r"\s*(?:'s\s+|’s\s+)?administration\b", text[b : b + 20], re.I) or re.search(
            r"administration\s+$", text[max(0, a - 16) : a], re.I
        ):
            return
        if len(words) == 1 and alone is not None:
            alone.add(key)
        if len(words) >= 2 or key in known:
            out.append(Mention(a, b, "person", key))

    for ta, tb in tokens:
        a, b = start + ta, start + tb
        tok = text[a:b]
        if blocked and any(x < b and a < y for x, y in blocked):
            flush()
            run = []
            continue
        if tok[:1].isupper() or (run and low[a:b] in NAME_PARTICLES):
            # a sentence-internal comma or quote breaks a name; so does "de"/"du" after a full
            # name: "Chris Murphy du Connecticut" is Murphy of Connecticut (the particles of
            # names follow a first name: "Charles de Gaulle", "Ursula von der Leyen")
            if run and (re.search(r"[,;:“”\"«»()]", text[run[-1][1] : a])
                        or (len(run) >= 2 and low[a:b] in _OF)):
                flush()
                run = []
                if low[a:b] in _OF:
                    continue
            run.append((a, b))
        elif run:
            flush()
            run = []
    flush()
    return out




def edition_day(folded: str, start: int, end: int, found: Sequence[Mention]) -> bool:
    """True when the day word at ``start:end`` names a newspaper's edition ("Monday's Telegraph",
    "le Telegraph de lundi"), not the day something happened or was written."""
    for m in found:
        if m.kind != "media":
            continue
        if m.end <= start and re.fullmatch(r"\s*(?:de|du|d')\s*", folded[m.end : start]):
            return True
        if end <= m.start and re.fullmatch(r"'s\s*(?:the\s*)?", folded[end : m.start]):
            return True
    return False
