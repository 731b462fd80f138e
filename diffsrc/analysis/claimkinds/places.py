"""Place names across English and French: CLDR territory names for countries, the GeoNames
cities of ``resources/cities.tsv`` (see ``tools/build_cities.py``), and the French names of cities
that GeoNames lists in English only ("Moscou", "Pékin", "Londres"): those of the gazetteer's cities
and CLDR's time-zone exemplar cities. The CLDR tables are read from ``resources/cldr_names.json``
(built from babel by ``diffsrc.analysis.detectors.cldr``): loading babel's locale data for them
cost every process that extracts claims some 0.05 s.

A place is keyed by its CLDR territory code (``Chine`` = ``China`` = ``CN``) or, for a city, by
its name and its country's code, so a city and its country can be told to agree.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from diffsrc.analysis.mentions import cldr_tables, fold_in_place, gazetteer

MAX_WORDS = 4  # longest place name looked up, in words ("Bosnie-Herzégovine" is one word)
# CLDR codes that are groupings, not territories.
_GROUPINGS = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"})
# A word of a name. An apostrophe ends a word: "l'Ukraine" is "l" and "Ukraine", "Ukraine's" is
# "Ukraine" and "s" (names that hold one, "Côte d'Ivoire", are looked up over several words).
_WORD = re.compile(r"[^\W\d_][\w\-]*")


@lru_cache(maxsize=1)
def places() -> dict[str, tuple[str, str]]:
    """Folded place names -> (key, country code), built once per process."""
    names: dict[str, tuple[str, str]] = {}
    for lang in ("en", "fr"):
        for code, name in cldr_tables()["territories"][lang].items():
            if len(code) == 2 and code.isalpha() and code not in _GROUPINGS:
                names.setdefault(fold_in_place(name), (code, code))
    gz = gazetteer()
    code_of_key: dict[str, str] = {}
    for name, key in gz.by_name.items():
        if gz.entries[key].type == "country" and name in names:
            code_of_key.setdefault(key, names[name][1])
    for name, key in gz.by_name.items():
        if key in code_of_key:
            names.setdefault(name, (code_of_key[key], code_of_key[key]))
    raw = resources.files("diffsrc").joinpath("resources/cities.tsv").read_text(encoding="utf-8")
    for line in raw.splitlines():
        if line and not line.startswith("#"):
            city, country, _population = line.split("\t")
            folded = fold_in_place(city)
            names.setdefault(folded, (f"{folded}@{country}", country))
    for english, others, country in [*_gazetteer_cities(code_of_key), *_cldr_cities()]:
        _add_city(names, english, others, country)
    return names


def _add_city(names: dict[str, tuple[str, str]], english: str, others: list[str], country: str) -> None:
    """Name a city by its English name and others, under the key one of its names already has (a
    GeoNames city of that country: "New York" is GeoNames' "New York City"), else a new one."""
    written = [fold_in_place(n) for n in (english, *others)]
    known = [names[n][0] for n in written if n in names and names[n][1] == country and "@" in names[n][0]]
    key = known[0] if known else f"{written[0]}@{country}"
    for name in written:
        names.setdefault(name, (key, country))


def _gazetteer_cities(code_of_key: dict[str, str]) -> list[tuple[str, list[str], str]]:
    """(English name, other names, country code) of the gazetteer's cities; its English name is
    listed first."""
    out: list[tuple[str, list[str], str]] = []
    raw = resources.files("diffsrc").joinpath("resources/gazetteer.tsv").read_text(encoding="utf-8")
    for line in raw.splitlines():
        cols = line.split("\t")
        if len(cols) >= 5 and cols[1] == "city" and cols[2] in code_of_key:
            written = [n for n in cols[4].split("|") if n]
            if written:
                out.append((written[0], written[1:], code_of_key[cols[2]]))
    return out


def _cldr_cities() -> list[tuple[str, list[str], str]]:
    """(English name, French name, country code) of CLDR's time-zone exemplar cities (the English
    name is the zone id's city when CLDR gives none: "Europe/Moscow" is Moscow, in French Moscou)."""
    out: list[tuple[str, list[str], str]] = []
    for zone, country, en, fr in cldr_tables()["zone_cities"]:
        if len(country) != 2 or not country.isalpha() or country in _GROUPINGS or "/" not in zone:
            continue
        english = en or zone.rsplit("/", 1)[1].replace("_", " ")
        out.append((english, [fr or english], country))
    return out


def english_name(code: str) -> str:
    """CLDR's English name of a territory code ('GB' → 'United Kingdom'); the code if unknown."""
    name: str = cldr_tables()["territories"]["en"].get(code, code)
    return name


def find(text: str, folded: str, start: int, end: int) -> list[tuple[int, int, str, str]]:
    """``(start, end, key, country)`` of the capitalised place names between two offsets,
    the longest name first ("Hong Kong" before "Hong")."""
    table = places()
    words = [m.span() for m in _WORD.finditer(folded, start, end)]
    out = []
    i = 0
    while i < len(words):
        a = words[i][0]
        hit = None
        if text[a].isupper():
            for n in range(min(MAX_WORDS, len(words) - i), 0, -1):
                b = words[i + n - 1][1]
                entry = table.get(folded[a:b])
                if entry:
                    hit = (n, b, entry)
                    break
        if hit is None:
            i += 1
            continue
        n, b, (key, country) = hit
        out.append((a, b, key, country))
        i += n
    return out
