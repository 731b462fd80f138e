"""Cross-lingual normalisation for English and French news text.

Turns surface forms that mean the same thing into the same key: accents and typography
(``Élysée`` = ``Elysee``, curly quotes, non-breaking spaces), weekdays and months (``lundi`` =
``Monday``), numbers (``3,5`` = ``3.5``, ``1 200`` = ``1,200``, ``vingt`` = ``twenty``),
quantities with units (``3 %`` = ``3%`` = ``3 per cent``, ``20 minutes`` = ``vingt minutes``) and
names written differently across languages and transliterations (``Kyiv``/``Kiev``/``Kiew``,
``Zelensky``/``Zelenskyy``, ``Poutine``/``Putin``, ``Londres``/``London``).

Everything here is pure, fast and offset-preserving where offsets are returned: offsets are
code-point offsets into the text passed in.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# --- characters -------------------------------------------------------------------------------

_TYPO = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u02bc": "'",
        "\u2032": "'",
        "`": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2039": '"',
        "\u203a": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u2007": " ",
        "\u200a": " ",
        "\u2026": "...",
        "\u0153": "oe",
        "\u0152": "OE",
        "\u00e6": "ae",
        "\u00c6": "AE",
        "\u00df": "ss",
    }
)


def typography(text: str) -> str:
    """Straight quotes and apostrophes, ASCII dashes and plain spaces (length may change for ligatures)."""
    return text.translate(_TYPO)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case, accent-free, typography-normalised text: ``'Élysée’s'`` -> ``"elysee's"``.

    For keys only: NFKD may change the length ("ﬁ" -> "fi"), so offsets do not carry over; use
    ``mentions.fold_in_place`` to search a text and report offsets into it."""
    t = unicodedata.normalize("NFKD", typography(text))
    return "".join(c for c in t if not unicodedata.combining(c)).lower()


# --- words ------------------------------------------------------------------------------------

WORD_RE = re.compile(r"[^\W\d_]+(?:['\u2019\-][^\W\d_]+)*", re.UNICODE)


def words(text: str) -> list[tuple[int, int, str]]:
    """Word tokens as ``(start, end, token)``; hyphenated and apostrophe forms stay one token."""
    return [(m.start(), m.end(), m.group()) for m in WORD_RE.finditer(text)]


# --- names ------------------------------------------------------------------------------------

# Names written differently across English, French (and German, for wires) or transliteration
# systems. Keys are folded forms; values are the canonical key. Only names whose spelling really
# differs are listed: identical names fold to the same key anyway.
_NAME_VARIANTS: dict[str, tuple[str, ...]] = {
    "kyiv": ("kiev", "kiew", "kyjiw", "kiyv", "kyiv"),
    "kharkiv": ("kharkov", "charkiw", "kharkiv"),
    "odesa": ("odessa", "odesa"),
    "lviv": ("lvov", "lwiw", "lemberg", "lviv"),
    "zaporizhzhia": ("zaporijia", "zaporizhia", "zaporozhye", "zaporijjia", "zaporizhzhia", "saporischschja"),
    "donbas": ("donbass", "donbas"),
    "crimea": ("crimee", "krim", "crimea"),
    "zelensky": ("zelensky", "zelenskyy", "zelenskiy", "zelenski", "selenskyj", "zelenskyi"),
    "putin": ("poutine", "putin"),
    "medvedev": ("medvedev", "medwedew"),
    "peskov": ("peskov", "peskow"),
    "lavrov": ("lavrov", "lawrow"),
    "navalny": ("navalny", "navalnyi", "navalni", "nawalny"),
    "moscow": ("moscou", "moskau", "moscow"),
    "london": ("londres", "london"),
    "beijing": ("pekin", "peking", "beijing"),
    "warsaw": ("varsovie", "warschau", "warsaw"),
    "brussels": ("bruxelles", "brussel", "brussels"),
    "geneva": ("geneve", "genf", "geneva"),
    "vienna": ("vienne", "wien", "vienna"),
    "munich": ("munich", "munchen"),
    "riyadh": ("riyad", "riad", "riyadh"),
    "jerusalem": ("jerusalem",),
    "united kingdom": ("royaume-uni", "royaume uni", "united kingdom", "uk", "u.k.", "grande-bretagne", "great britain", "britain"),
    "united states": ("etats-unis", "etats unis", "united states", "us", "u.s.", "usa", "u.s.a.", "america", "amerique"),
    "european union": ("union europeenne", "european union", "eu", "e.u.", "ue"),
    "nato": ("otan", "nato"),
    "united nations": ("onu", "nations unies", "united nations", "un", "u.n."),
    "white house": ("maison blanche", "maison-blanche", "white house"),
    "elysee": ("elysee", "palais de l'elysee", "elysee palace"),
    "saudi arabia": ("arabie saoudite", "saudi arabia", "saudi"),
    "germany": ("allemagne", "deutschland", "germany"),
    "russia": ("russie", "russland", "russia"),
    "ukraine": ("ukraine",),
    "france": ("france", "frankreich"),
    "poland": ("pologne", "polen", "poland"),
    "spain": ("espagne", "spanien", "spain"),
    "italy": ("italie", "italien", "italy"),
    "denmark": ("danemark", "denmark"),
    "netherlands": ("pays-bas", "pays bas", "netherlands", "holland", "hollande"),
    "belgium": ("belgique", "belgium"),
    "sweden": ("suede", "sweden"),
    "norway": ("norvege", "norway"),
    "finland": ("finlande", "finland"),
    "hungary": ("hongrie", "hungary"),
    "romania": ("roumanie", "romania"),
    "czechia": ("tchequie", "republique tcheque", "czech republic", "czechia"),
    "slovakia": ("slovaquie", "slovakia"),
    "lithuania": ("lituanie", "lithuania"),
    "latvia": ("lettonie", "latvia"),
    "estonia": ("estonie", "estonia"),
    "belarus": ("bielorussie", "belarus"),
    "moldova": ("moldavie", "moldova"),
    "georgia": ("georgie", "georgia"),
    "turkey": ("turquie", "turkiye", "turkey"),
    "greece": ("grece", "greece"),
    "ireland": ("irlande", "ireland"),
    "scotland": ("ecosse", "scotland"),
    "switzerland": ("suisse", "switzerland"),
    "austria": ("autriche", "austria"),
    "portugal": ("portugal",),
    "china": ("chine", "china"),
    "japan": ("japon", "japan"),
    "india": ("inde", "india"),
    "north korea": ("coree du nord", "north korea"),
    "south korea": ("coree du sud", "south korea"),
    "syria": ("syrie", "syria"),
    "lebanon": ("liban", "lebanon"),
    "egypt": ("egypte", "egypt"),
    "israel": ("israel",),
    "iran": ("iran",),
    "iraq": ("irak", "iraq"),
    "afghanistan": ("afghanistan",),
    "mexico": ("mexique", "mexico"),
    "brazil": ("bresil", "brazil"),
    "canada": ("canada",),
    "europe": ("europe",),
    "africa": ("afrique", "africa"),
    "middle east": ("moyen-orient", "moyen orient", "proche-orient", "middle east"),
    "greenland": ("groenland", "greenland"),
    "kremlin": ("kremlin",),
    "pentagon": ("pentagone", "pentagon"),
    "downing street": ("downing street",),
    "european commission": ("commission europeenne", "european commission"),
    "security council": ("conseil de securite", "security council"),
}
NAME_KEYS: dict[str, str] = {form: key for key, forms in _NAME_VARIANTS.items() for form in forms}

_TRANSLIT = (
    (re.compile(r"(?<=[a-z])(?:iy|yy|yi|ij|yj)$"), "y"),  # Zelenskiy/Zelenskyy/Selenskyj -> ...y
    (re.compile(r"(?<=sk)i$"), "y"),  # Zelenski -> Zelensky
    (re.compile(r"(\w)\1"), r"\1"),  # doubled letters
)


@lru_cache(maxsize=65536)
def entity_key(name: str) -> str:
    """A language-independent key for a name: ``'Élysée'``, ``'Elysee'`` -> ``'elysee'``; ``'Kiev'`` -> ``'kyiv'``.

    Folds accents and typography, drops possessives and punctuation, maps known exonyms and
    transliteration variants to one form, and smooths common transliteration endings.
    """
    f = fold(name).strip()
    f = re.sub(r"'s$|s'$", "", f)
    f = re.sub(r"^(?:the|le|la|les|l')\s*", "", f)
    f = re.sub(r"\s+", " ", f).strip(" .,;:-\"'")
    if f in NAME_KEYS:
        return NAME_KEYS[f]
    plain = f.replace(".", "")
    if plain in NAME_KEYS:
        return NAME_KEYS[plain]
    parts = []
    for part in re.split(r"[\s\-]+", plain):
        if part in NAME_KEYS:
            parts.append(NAME_KEYS[part])
            continue
        for rx, rep in _TRANSLIT:
            part = rx.sub(rep, part)
        parts.append(NAME_KEYS.get(part, part))
    return " ".join(p for p in parts if p)
