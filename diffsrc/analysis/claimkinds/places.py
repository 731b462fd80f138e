"""Place names across English and French: CLDR territory names (through babel) for countries,
the GeoNames cities of ``resources/cities.tsv`` (see ``tools/build_cities.py``) and the gazetteer.

A place is keyed by its CLDR territory code (``Chine`` = ``China`` = ``CN``) or, for a city, by
its name and its country's code, so a city and its country can be told to agree.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from diffsrc.analysis.mentions import fold_in_place, gazetteer

MAX_WORDS = 4  # longest place name looked up, in words ("Bosnie-Herzégovine" is one word)
# CLDR codes that are groupings, not territories.
_GROUPINGS = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"})
_WORD = re.compile(r"[^\W\d_][\w'\-]*")


@lru_cache(maxsize=1)
def places() -> dict[str, tuple[str, str]]:
    """Folded place names -> (key, country code), built once per process."""
    from babel import Locale

    names: dict[str, tuple[str, str]] = {}
    for lang in ("en", "fr"):
        for code, name in Locale(lang).territories.items():
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
    return names


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
