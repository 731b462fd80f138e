"""Numbers, quantities, dates, months and weekdays in English and French, as comparable values.

One module for both the aligner (keys) and the claims (values): ``3,5`` = ``3.5``, ``1 200`` =
``1,200``, ``sixty`` = ``soixante`` = 60, ``1,5 million`` = ``1.5 million``, ``lundi`` = ``Monday``,
``17 février`` = ``February 17``. Offsets returned are code-point offsets into the text passed in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from diffsrc.analysis.normalize import fold, typography, words

# --- weekdays and months ----------------------------------------------------------------------

_WEEKDAYS = {
    "monday": ("monday", "lundi", "mon"),
    "tuesday": ("tuesday", "mardi", "tue", "tues"),
    "wednesday": ("wednesday", "mercredi", "wed"),
    "thursday": ("thursday", "jeudi", "thu", "thurs"),
    "friday": ("friday", "vendredi", "fri"),
    "saturday": ("saturday", "samedi", "sat"),
    "sunday": ("sunday", "dimanche", "sun"),
}
WEEKDAY_KEYS: dict[str, str] = {form: key for key, forms in _WEEKDAYS.items() for form in forms[:2]}

_MONTHS = (
    ("january", "janvier", "jan"),
    ("february", "fevrier", "feb"),
    ("march", "mars", "mar"),
    ("april", "avril", "apr"),
    ("may", "mai"),
    ("june", "juin", "jun"),
    ("july", "juillet", "jul"),
    ("august", "aout", "aug"),
    ("september", "septembre", "sep", "sept"),
    ("october", "octobre", "oct"),
    ("november", "novembre", "nov"),
    ("december", "decembre", "dec"),
)
MONTH_NUMBERS: dict[str, int] = {form: i + 1 for i, forms in enumerate(_MONTHS) for form in forms[:2]}


def weekday(word: str) -> str | None:
    """The English weekday name for an English or French weekday word (``'Lundi'`` -> ``'monday'``)."""
    folded = fold(word).strip(".")
    # "Saturday's" is Saturday; a bare strip of "'s" would also eat the s of "saturday" and "samedi"
    return WEEKDAY_KEYS.get(folded[:-2] if folded.endswith("'s") else folded.strip("'"))


def month(word: str) -> int | None:
    """The month number for an English or French month name (``'février'`` -> ``2``)."""
    return MONTH_NUMBERS.get(fold(word).strip("."))


_DATE_DM = re.compile(
    r"\b(?:le\s+)?(?P<d>[0-3]?\d)(?:er|st|nd|rd|th)?\s+(?:of\s+)?(?P<m>[^\W\d_]{3,10})\.?(?:,?\s+(?P<y>(?:19|20)\d\d))?\b",
    re.UNICODE,
)
_DATE_MD = re.compile(
    r"\b(?P<m>[^\W\d_]{3,10})\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>(?:19|20)\d\d))?",
    re.UNICODE,
)


@dataclass(frozen=True)
class DateMention:
    """A calendar date or weekday in text; ``key`` is ``'MM-DD'``, ``'YYYY-MM-DD'`` or a weekday."""

    start: int
    end: int
    text: str
    key: str


def find_dates(text: str, weekdays: bool = True) -> list[DateMention]:
    """Weekdays and day-month dates in English or French (``17 février`` = ``February 17``).

    ``weekdays=False`` returns calendar dates only (for callers that find weekdays themselves).
    """
    out: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for rx in (_DATE_DM, _DATE_MD):
        for m in rx.finditer(text):
            mon = month(m.group("m"))
            day = int(m.group("d"))
            if mon is None or not 1 <= day <= 31:
                continue
            if m.group("m") == "may":  # the modal verb, not the month
                continue
            s, e = m.start("d") if rx is _DATE_DM else m.start("m"), m.end()
            if any(s < te and ts < e for ts, te in taken):
                continue
            key = f"{mon:02d}-{day:02d}"
            if m.group("y"):
                key = f"{m.group('y')}-{key}"
            taken.append((s, e))
            out.append(DateMention(s, e, text[s:e], key))
    for s, e, w in words(text) if weekdays else ():
        wd = weekday(w)
        if wd and (w[0].isupper() or fold(w) in ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")):
            if fold(w) in ("sat", "sun", "mon", "wed", "fri", "tue", "thu", "tues", "thurs"):
                continue
            out.append(DateMention(s, e, w, wd))
    out.sort(key=lambda d: d.start)
    return out


# --- numbers ----------------------------------------------------------------------------------

_EN_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "dozen": 12, "a dozen": 12, "half": 0.5,
}  # fmt: skip
_FR_UNITS = {
    "zero": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14,
    "quinze": 15, "seize": 16, "dix-sept": 17, "dix-huit": 18, "dix-neuf": 19, "vingt": 20,
    "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60, "soixante-dix": 70,
    "quatre-vingt": 80, "quatre-vingts": 80, "quatre-vingt-dix": 90, "douzaine": 12, "demi": 0.5,
    "vingtaine": 20, "trentaine": 30, "quarantaine": 40, "cinquantaine": 50, "centaine": 100,
}  # fmt: skip
_SCALES = {
    "hundred": 100, "cent": 100, "cents": 100, "thousand": 1_000, "mille": 1_000, "million": 1e6,
    "millions": 1e6, "billion": 1e9, "billions": 1e9, "milliard": 1e9, "milliards": 1e9,
    "trillion": 1e12, "trillions": 1e12, "bn": 1e9, "m": 1e6, "k": 1e3, "md": 1e9, "mds": 1e9,
    "mln": 1e6, "mrd": 1e9,
}  # fmt: skip
NUMBER_WORDS: dict[str, float] = {**_EN_UNITS, **_FR_UNITS}


def parse_number(token: str, lang: str = "en") -> float | None:
    """The value of a written number: ``'3,5'`` (fr) -> 3.5, ``'1,200'`` (en) -> 1200, ``'vingt'`` -> 20.

    Ambiguous separators follow the language: in French the comma is decimal and spaces or dots
    group thousands; in English the comma groups thousands. Returns None when not a number.
    """
    t = typography(token).strip().replace(" ", "")
    if not t:
        return None
    f = fold(t)
    if f in NUMBER_WORDS:
        return float(NUMBER_WORDS[f])
    if f.endswith("s") and f[:-1] in _FR_UNITS:  # "vingts"
        return float(_FR_UNITS[f[:-1]])
    if not re.fullmatch(r"[-+]?\d[\d.,']*", t):
        return None
    t = t.replace("'", "")
    if "," in t and "." in t:
        # The later separator is the decimal one: "1.200,5" or "1,200.5".
        dec = "," if t.rfind(",") > t.rfind(".") else "."
        t = t.replace("." if dec == "," else ",", "").replace(dec, ".")
    elif "," in t:
        head, _, tail = t.rpartition(",")
        if lang == "fr" or len(tail) != 3 or t.count(",") == 1 and len(tail) != 3:
            t = t.replace(",", ".") if t.count(",") == 1 else t.replace(",", "")
        else:
            t = t.replace(",", "")
    elif "." in t and lang == "fr" and re.fullmatch(r"\d{1,3}(\.\d{3})+", t):
        t = t.replace(".", "")
    elif t.count(".") > 1:
        t = t.replace(".", "")
    try:
        return float(t)
    except ValueError:
        return None


def format_number(value: float) -> str:
    """A canonical spelling of a number: ``3.0`` -> ``'3'``, ``1200.0`` -> ``'1200'``, ``3.5`` -> ``'3.5'``."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.6g}"


# --- quantities -------------------------------------------------------------------------------

_UNIT_FORMS: dict[str, tuple[str, ...]] = {
    "percent": ("%", "percent", "per cent", "pour cent", "pourcent", "pct", "percentage points", "points de pourcentage"),
    "second": ("seconds", "second", "secondes", "seconde", "sec"),
    "minute": ("minutes", "minute", "min", "mins"),
    "hour": ("hours", "hour", "heures", "heure", "hrs", "h"),
    "day": ("days", "day", "jours", "jour", "journees", "journee"),
    "week": ("weeks", "week", "semaines", "semaine"),
    "month": ("months", "month", "mois"),
    "year": ("years", "year", "ans", "an", "annees", "annee"),
    "euro": ("euros", "euro", "eur", "€"),
    "dollar": ("dollars", "dollar", "usd", "$"),
    "pound": ("pounds", "pound", "livres sterling", "livres", "livre", "gbp", "£"),
    "km": ("kilometres", "kilometers", "kilometre", "kilometer", "kilomètres", "kilomètre", "km"),
    "metre": ("metres", "meters", "metre", "meter", "mètres", "mètre"),
    "foot": ("feet", "foot", "ft"),
    "mile": ("miles", "mile"),
    "kg": ("kilogrammes", "kilograms", "kilogramme", "kilogram", "kilos", "kg"),
    "tonne": ("tonnes", "tonne", "tons", "ton"),
    "people": ("people", "personnes", "persons"),
    "troop": ("troops", "soldiers", "soldats", "militaires"),
    "country": ("countries", "country", "pays", "nations", "nation", "etats", "states"),
    "leader": ("leaders", "dirigeants", "chefs d'etat", "heads of state"),
}
_UNIT_LOOKUP: dict[str, str] = {form: unit for unit, forms in _UNIT_FORMS.items() for form in forms}
_UNIT_ALT = "|".join(sorted((re.escape(f) for f in _UNIT_LOOKUP if f not in ("%", "€", "$", "£")), key=len, reverse=True))
_SCALE_ALT = "|".join(sorted(_SCALES, key=len, reverse=True))
_NUMWORD_ALT = "|".join(sorted((re.escape(w) for w in NUMBER_WORDS if " " not in w), key=len, reverse=True))

_QUANTITY_RE = re.compile(
    rf"""
    (?P<cur>[$€£])?\s?
    (?P<num>\d{{1,3}}(?:[ \u00a0\u202f,.']\d{{3}})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?|\b(?:{_NUMWORD_ALT})\b)
    (?:[\s\u00a0\u202f-]?(?P<scale>(?:{_SCALE_ALT})\b))?
    (?:\s?(?:de\s|d'|of\s)?[\s\u00a0\u202f]?(?P<unit>%|€|\$|£|\b(?:{_UNIT_ALT})\b))?
    """,
    re.IGNORECASE | re.VERBOSE | re.UNICODE,
)


_MAYBE_NUMBER = re.compile(r"[\d$€£]")
_LETTERS = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


@dataclass(frozen=True)
class Quantity:
    """A number in text with its unit; ``key`` is language-independent (``'3:percent'``, ``'20:minute'``)."""

    start: int
    end: int
    text: str
    value: float
    unit: str

    @property
    def key(self) -> str:
        """``value:unit`` with a canonical number, e.g. ``'3.5:percent'``; unit-less numbers are ``'12'``."""
        v = format_number(self.value)
        return f"{v}:{self.unit}" if self.unit else v


def find_quantities(text: str, lang: str = "en") -> list[Quantity]:
    """Numbers with optional scale and unit, in digits or words, English or French.

    ``"3 %"``, ``"3%"`` and ``"three per cent"`` share the key ``'3:percent'``; ``"20 minutes"``
    and ``"vingt minutes"`` share ``'20:minute'``; ``"$1.5bn"`` is ``'1500000000:dollar'``. Years
    (1900-2099 without unit) are kept with unit ``'year-date'`` so they don't match counts. Number
    words alone ("one", "un") are skipped: they are too often articles or pronouns.
    """
    if not _MAYBE_NUMBER.search(text) and not any(fold(w) in NUMBER_WORDS for w in _LETTERS.findall(text)):
        return []  # fast path: most sentences hold no number at all
    folded = typography(text)
    out: list[Quantity] = []
    for m in _QUANTITY_RE.finditer(folded):
        num = m.group("num")
        is_word = not num[0].isdigit()
        value = parse_number(num, lang)
        if value is None:
            continue
        scale = m.group("scale")
        unit_raw = m.group("unit") or m.group("cur") or ""
        if scale:
            sk = fold(scale)
            # "m"/"k" only count as scales right after digits ("5m"), never after words.
            if sk in ("m", "k") and (is_word or " " in m.group(0)[m.start("scale") - m.start() - 1 : m.start("scale") - m.start()]):
                scale = None
            else:
                value *= _SCALES[sk]
        unit = _UNIT_LOOKUP.get(fold(unit_raw), "") if unit_raw else ""
        if lang == "en" and fold(unit_raw) == "an":
            unit = ""  # English "half an hour": "an" is the article, not French "an" (year)
        if is_word and not unit and not scale:
            continue
        if not is_word and not unit and not scale and value.is_integer() and 1900 <= value <= 2099 and len(num) == 4:
            unit = "year-date"
        # Trim the match to the meaningful part (leading space before a digit, trailing space).
        s = m.start("cur") if m.group("cur") else m.start("num")
        e = max(x for x in (m.end("num"), m.end("scale") if scale else -1, m.end("unit") if m.group("unit") else -1))
        s, e, value = _and_a_half(folded, s, e, value, out, lang)
        out.append(Quantity(s, e, text[s:e], value, unit))
    return out


_HALF_BEFORE = re.compile(rf"(?:\d+(?:[.,]\d+)?|\b(?:{_NUMWORD_ALT}))\s+and\s+a\s+$", re.IGNORECASE)
_HALF_AFTER = re.compile(r"\s+(?:et\s+demie?|and\s+a\s+half)\b", re.IGNORECASE)


def _and_a_half(folded: str, s: int, e: int, value: float, found: list[Quantity], lang: str) -> tuple[int, int, float]:
    """A quantity with its half: "five and a half years" is 5.5 years (not "half years", 0.5),
    "cinq ans et demi" and "two hours and a half" are 5.5 years and 2.5 hours."""
    if fold(folded[s:e]).startswith("half"):
        before = _HALF_BEFORE.search(folded, max(0, s - 30), s)
        whole = parse_number(before.group(0).split()[0], lang) if before else None
        if before and whole is not None:
            if found and found[-1].start == before.start():
                found.pop()  # "5 and a half years": the 5 is part of this quantity
            return before.start(), e, whole + 0.5
    after = _HALF_AFTER.match(folded, e)
    if after and value.is_integer():
        return s, after.end(), value + 0.5
    return s, e, value


# --- numbers as values, for claims ------------------------------------------------------------------

_NUMBER_RE = re.compile(
    rf"(?<![\w.,])(?P<num>\d{{1,3}}(?:(?:[\u00a0\u202f ]|,(?=\d{{3}}\b))\d{{3}})+|\d+(?:[.,]\d+)?)(?![\w])"
    rf"|\b(?P<word>{_NUMWORD_ALT})\b",
    re.IGNORECASE | re.UNICODE,
)
_SCALE_AFTER = re.compile(r"[\s\u00a0\u202f-]*(?P<scale>thousand|million|billion|trillion|mille|milliard)s?\b", re.I)
# Words that spell a number but are mostly something else when they stand alone.
_AMBIGUOUS_WORDS = frozenset({"one", "un", "une", "half", "demi", "zero", "cent", "cents", "sept"})


def find_numbers(
    text: str, lang: str = "en", start: int = 0, end: int | None = None,
) -> Iterator[tuple[int, int, float]]:
    """``(start, end, value)`` of each number between two offsets, in digits or words, with its scale.

    ``"1,5 million"`` (fr) and ``"1.5 million"`` (en) are 1 500 000; ``"sixty"``, ``"soixante"``
    and ``"60"`` are 60. The articles "one"/"un(e)" and "sept" (also a month abbreviation) only
    count with a scale word after them ("un million").
    """
    stop = len(text) if end is None else end
    for m in _NUMBER_RE.finditer(text, start, stop):
        raw = m.group("num") or m.group("word")
        value = parse_number(raw, lang)
        if value is None:
            continue
        hi = m.end()
        scale = _SCALE_AFTER.match(text, hi, stop)
        if scale:
            value *= _SCALES[fold(scale.group("scale"))]
            hi = scale.end()
        elif m.group("word") and fold(raw) in _AMBIGUOUS_WORDS:
            continue
        yield m.start(), hi, value


# Units that measure the same dimension, as factors to one base unit (exact definitions).
_CONVERSIONS: dict[str, tuple[str, float]] = {
    "km": ("metre", 1000.0), "metre": ("metre", 1.0), "foot": ("metre", 0.3048), "mile": ("metre", 1609.344),
    "kg": ("kg", 1.0), "tonne": ("kg", 1000.0), "pound-weight": ("kg", 0.45359237),
    "minute": ("second", 60.0), "hour": ("second", 3600.0), "second": ("second", 1.0),
}  # fmt: skip


CONVERTED_UNITS = frozenset(base for base, _ in _CONVERSIONS.values())


def comparable(value: float, unit: str) -> tuple[float, str]:
    """A quantity in its dimension's base unit, so 50 ft and 15 m compare: ``(15.24, 'metre')``."""
    base, factor = _CONVERSIONS.get(unit, (unit, 1.0))
    return value * factor, base


def same_quantity(a: float, b: float, approx: bool = False, tolerance: float = 0.02) -> bool:
    """True when two values say the same amount: equal to their shown precision (15.24 m = 15 m,
    50 ft), or within 5% when one is approximate ("nearly 400" = 390)."""
    if a == b:
        return True
    big = max(abs(a), abs(b))
    if approx:
        return abs(a - b) <= 0.05 * big
    # rounding: a value agrees with another written to fewer significant digits when it rounds to
    # it (15.24 m and 15 m, 1,073,000 and 1.07 million), not merely when it is close (1,073 and
    # 1,080 are two counts: 1,073 rounds to 1,070)
    return abs(a - b) <= tolerance * big and (_rounds_to(a, b) or _rounds_to(b, a))


def _rounds_to(x: float, y: float) -> bool:
    """Whether ``x`` rounded to the significant digits ``y`` is written with is ``y``."""
    from decimal import ROUND_HALF_UP, Decimal

    written = format_number(abs(y))
    digits = written.replace(".", "").lstrip("0")
    if "." not in written:
        digits = digits.rstrip("0")  # the trailing zeros of a whole number may be rounding
    sig = max(1, len(digits))
    dx = Decimal(repr(x))
    if dx == 0:
        return y == 0
    exponent = dx.adjusted() - sig + 1
    rounded = dx.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP)
    return float(rounded) == y
