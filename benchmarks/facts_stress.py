"""Stress test of contradiction detection (issue #19): many derived outlets with one changed fact.

The external benchmark's dev split has 9 changed facts; this builds many more from the same real
articles, the way its README describes: for each news case, take the English or the French version
(segments split from its lines with ``case.json``'s segment ids), regroup the segments into new
paragraphs, drop 20-40% of them, move 1-2 paragraphs, insert 1-2 paragraphs of another case's
article, and change ONE fact of one kept segment, as a journalist's error would: a number of
similar size, another weekday or month, another person of the article (or a plausible name),
another country or city. Each variant is a corpus of three sources (the EN version, the FR
version, the derived outlet) compared with the CLI.

A changed fact is found when a contradiction has a claim over the changed segment of the outlet
(as the external benchmark scores it; ``exact`` counts claims over the changed words) and a claim
in a version: "same" when that version is in the outlet's language, "cross" when in the
other. Precision is the share of contradictions with a claim over a changed span; every other
contradiction is false and counted per 1,000 words of the corpora.

    python benchmarks/facts_stress.py [--bin diffsrc] [--per 3] [--seed 7] [--limit N] [--show] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import combinations
from pathlib import Path
from typing import Any

DEFAULT_SPLIT = Path("/work/shared/eval/external/cases/dev")
TYPES = ("number", "weekday", "month", "person", "place")
LANGS = ("en", "fr")

# --- segments of a case ------------------------------------------------------------------------

_GAP = re.compile(r"(?<=[.!?…\"»”')])\s+(?=\S)")


def split_line(line: str, k: int) -> list[str] | None:
    """A version line cut into its ``k`` segments (sentences): of the gaps after a sentence end,
    the ``k - 1`` most like a sentence boundary (end punctuation, then a capital, outside a quote),
    the most even cut on a tie; None when the line has fewer gaps."""
    if k == 1:
        return [line.strip()]
    gaps = [m.end() for m in _GAP.finditer(line)]
    if len(gaps) < k - 1:
        return None
    best = max(combinations(gaps, k - 1),
               key=lambda cut: (sum(_boundary(line, i) for i in cut), -max(map(len, _cut(line, cut)))))
    return _cut(line, best)


def _boundary(line: str, i: int) -> int:
    before, after = line[:i].rstrip(), line[i:]
    score = 2 if re.search(r"[.!?…][\"»”']?$", before) else 0
    score += 1 if re.match(r"[A-ZÀ-Ý«\"“]", after) else 0
    open_quote = before.count('"') % 2 + before.count("«") - before.count("»") + before.count("“") - before.count("”")
    return score - (2 if open_quote else 0)


def _cut(line: str, cut: Sequence[int]) -> list[str]:
    bounds = [0, *cut, len(line)]
    return [line[bounds[i] : bounds[i + 1]].strip() for i in range(len(bounds) - 1)]


@dataclass(frozen=True)
class Article:
    """One case's article: its version files and segments by language, and the people it names."""

    name: str
    files: dict[str, Path]  # lang -> the version file
    segments: dict[str, dict[int, str]]  # lang -> segment id -> text
    order: dict[str, tuple[int, ...]]  # lang -> segment ids in the version's order
    people: tuple[str, ...]


def load_article(case: Path) -> Article | None:
    """The EN and FR versions of a news case, or None when it has not both."""
    meta = json.loads((case / "case.json").read_text(encoding="utf-8"))
    files: dict[str, Path] = {}
    segments: dict[str, dict[int, str]] = {}
    order: dict[str, tuple[int, ...]] = {}
    for src in meta.get("sources", {}).values():
        if "_version_" not in src.get("role", ""):
            continue
        lang, path = src["lang"], case / src["file"]
        lines = path.read_text(encoding="utf-8").split("\n")
        segs: dict[int, str] = {}
        for line, ids in zip(lines, src["lines"], strict=False):
            parts = split_line(line, len(ids))
            if parts is None:
                return None
            segs.update(zip(ids, parts, strict=True))
        files[lang], segments[lang], order[lang] = path, segs, tuple(i for ids in src["lines"] for i in ids)
    if set(files) != set(LANGS):
        return None
    return Article(case.name, files, segments, order, tuple(meta.get("people_found", ())))


# --- fact changes --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """A fact changed in a text: ``text[start:end]`` was ``old`` and is ``new``."""

    kind: str
    start: int
    end: int
    old: str
    new: str

    def apply(self, text: str) -> str:
        """The text with the change made."""
        assert text[self.start : self.end] == self.old
        return text[: self.start] + self.new + text[self.end :]


# a number, not part of a code or a date written with slashes ("9/11")
_NUMBER = re.compile(r"(?<![\w.,/])(?:\d{1,3}(?:(?:,|\u202f|\u00a0| )\d{3})+|\d+)(?:[.,]\d+)?(?![\w/]|[.,]\d)")
WEEKDAYS = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
}
MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"),
}
# Replacement places: the countries (CLDR codes, named through babel) and cities news most often names.
COUNTRIES = ("US", "GB", "FR", "DE", "IT", "ES", "RU", "CN", "JP", "IN", "BR", "CA", "AU", "SE", "PL", "TR",
             "EG", "IR", "IQ", "SY", "IL", "UA", "GR", "PT", "NL", "BE", "CH", "MX", "ZA", "NG")
CITIES = (("London", "Londres"), ("Paris", "Paris"), ("Berlin", "Berlin"), ("Moscow", "Moscou"),
          ("Beijing", "Pékin"), ("Washington", "Washington"), ("New York", "New York"), ("Chicago", "Chicago"),
          ("Shanghai", "Shanghai"), ("Tokyo", "Tokyo"), ("Brussels", "Bruxelles"), ("Geneva", "Genève"),
          ("Rome", "Rome"), ("Madrid", "Madrid"), ("Kiev", "Kiev"), ("Baghdad", "Bagdad"), ("Damascus", "Damas"),
          ("Cairo", "Le Caire"), ("Singapore", "Singapour"), ("Bangkok", "Bangkok"), ("Hong Kong", "Hong Kong"),
          ("Sydney", "Sydney"), ("Toronto", "Toronto"), ("Montreal", "Montréal"), ("Boston", "Boston"),
          ("Los Angeles", "Los Angeles"), ("Warsaw", "Varsovie"), ("Vienna", "Vienne"), ("Athens", "Athènes"),
          ("Lisbon", "Lisbonne"), ("Istanbul", "Istanbul"), ("Tehran", "Téhéran"), ("Jerusalem", "Jérusalem"),
          ("Mumbai", "Bombay"), ("Lyon", "Lyon"), ("Marseille", "Marseille"), ("Edinburgh", "Édimbourg"),
          ("Manchester", "Manchester"), ("Kuala Lumpur", "Kuala Lumpur"), ("Quebec", "Québec"))
# Names news uses for countries besides their CLDR names.
COUNTRY_ALIASES = {"en": ("Britain", "America"), "fr": ("Grande-Bretagne", "Amérique")}
PLAUSIBLE_PEOPLE = ("David Miller", "Sarah Johnson", "Michael Brown", "Laura Bennett", "Pierre Lefèvre",
                    "Claire Dubois", "Thomas Keller", "Anna Kowalski")


def number_changes(text: str, lang: str, rng: random.Random) -> list[Change]:
    """Every number of a text, each changed to another of similar size."""
    out = []
    for m in _NUMBER.finditer(text):
        new = other_number(m.group(), rng)
        if new and new != m.group():
            out.append(Change("number", m.start(), m.end(), m.group(), new))
    return out


def other_number(written: str, rng: random.Random) -> str | None:
    """Another number of similar size, written the same way: a year 1-3 years off, a small number
    1-3 off, else 15-80% off, within 10%, or two digits transposed ("15,300" -> "18,900",
    "882" -> "901", "1,073" -> "1,037", "2010" -> "2012")."""
    sep = next((c for c in (",", "\u202f", "\u00a0", " ") if re.search(re.escape(c) + r"\d{3}\b", written)), "")
    int_part, dec_sep, decimals = re.match(r"([\d,\u202f\u00a0 ]+?)(?:([.,])(\d+))?$", written).groups()  # type: ignore[union-attr]
    if sep and dec_sep == sep:  # "15,300": the comma groups thousands
        int_part, dec_sep, decimals = written, None, None
    digits = int_part.replace(sep, "") if sep else int_part
    value = int(digits)
    if not sep and decimals is None and len(digits) == 4 and 1900 <= value <= 2099:
        new = value + rng.choice((-3, -2, -1, 1, 2, 3))
        return str(new)
    if decimals is None and value < 10:
        new = max(1, value + rng.choice((-3, -2, -1, 1, 2, 3)))
        return None if new == value else str(new)
    style = rng.choice(("far", "far", "near", "swap"))
    if style == "swap" and decimals is None and len(set(digits)) > 1 and digits[-1] != "0":
        # two neighbouring digits transposed, a typist's error ("1,073" -> "1,037")
        i = rng.choice([k for k in range(len(digits) - 1) if digits[k] != digits[k + 1] and (k or digits[1] != "0")])
        return _group(digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :], sep)
    zeros = len(digits) - len(digits.rstrip("0"))
    scale = 10 ** min(zeros, max(0, len(digits) - 2))  # "300" stays a round number, "60" need not
    factor = rng.uniform(0.9, 1.1) if style == "near" else rng.choice((rng.uniform(0.5, 0.85), rng.uniform(1.2, 1.8)))
    if decimals is not None:
        new_value = round(float(f"{value}.{decimals}") * factor, len(decimals))
        whole, frac = f"{new_value:.{len(decimals)}f}".split(".")
        new = _group(whole, sep) + (dec_sep or ".") + frac
        return None if new == written else new
    new_int = max(scale, round(value * factor / scale) * scale)
    return None if new_int == value else _group(str(new_int), sep)


def _group(digits: str, sep: str) -> str:
    if not sep:
        return digits
    groups: list[str] = []
    while len(digits) > 3:
        digits, groups = digits[:-3], [digits[-3:], *groups]
    return sep.join([digits, *groups])


def _word_changes(kind: str, words: Sequence[str], text: str, rng: random.Random, ignore_case: bool) -> list[Change]:
    rx = re.compile(r"\b(" + "|".join(map(re.escape, words)) + r")\b", re.IGNORECASE if ignore_case else 0)
    out = []
    for m in rx.finditer(text):
        old = m.group()
        new = rng.choice([w for w in words if w.lower() != old.lower()])
        if old[0].isupper():
            new = new[0].upper() + new[1:]
        out.append(Change(kind, m.start(), m.end(), old, new))
    return out


def weekday_changes(text: str, lang: str, rng: random.Random) -> list[Change]:
    """Every weekday of a text, each changed to another day."""
    return _word_changes("weekday", WEEKDAYS[lang], text, rng, lang == "fr")


def month_changes(text: str, lang: str, rng: random.Random) -> list[Change]:
    """Every month name of a text, each changed to another month (English "May" only beside a number)."""
    out = _word_changes("month", MONTHS[lang], text, rng, lang == "fr")
    return [c for c in out if c.old != "May" or re.search(r"\d\s*$", text[: c.start]) or re.match(r"\s*\d", text[c.end :])]


def person_changes(text: str, lang: str, rng: random.Random, people: Sequence[str] = ()) -> list[Change]:
    """Every mention of a person of the article (full name, else surname alone), each changed to
    another person of the article, or a plausible name when it names only one."""
    out: list[Change] = []
    taken: list[tuple[int, int]] = []
    for form in ("full", "surname"):
        for name in sorted(people, key=len, reverse=True):
            written = name if form == "full" else name.split()[-1]
            others = [p for p in people if p.split()[-1] != name.split()[-1] and p.split()[-1] not in text]
            pool = others or [p for p in PLAUSIBLE_PEOPLE if p.split()[-1] not in text]
            for m in re.finditer(r"(?<![\w-])" + re.escape(written) + r"(?![\w-])", text):
                if any(a < m.end() and m.start() < b for a, b in taken):
                    continue
                other = rng.choice(pool)
                new = other if form == "full" else other.split()[-1]
                taken.append(m.span())
                out.append(Change("person", m.start(), m.end(), written, new))
    return sorted(out, key=lambda c: c.start)


def place_names(lang: str) -> tuple[dict[str, str], list[str], list[str]]:
    """Place names of a language -> "country"/"city", and the replacement countries and cities."""
    from babel import Locale

    territories = Locale(lang).territories
    names = {n: "country" for code, n in territories.items() if len(code) == 2 and code.isalpha()}
    names.update((a, "country") for a in COUNTRY_ALIASES[lang])
    cities = [c[LANGS.index(lang)] for c in CITIES]
    names.update((c, "city") for c in cities)
    return names, [territories[c] for c in COUNTRIES], cities


def place_changes(text: str, lang: str, rng: random.Random) -> list[Change]:
    """Every country or city of a text, each changed to another country or city."""
    names, countries, cities = place_names(lang)
    rx = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + r")(?![\w-])")
    out = []
    for m in rx.finditer(text):
        if re.match(r"\s+[A-Z]", text[m.end() :]):
            continue  # part of a longer name ("the New York Times")
        pool = countries if names[m.group()] == "country" else cities
        fits = [p for p in pool if p != m.group() and p not in text and _agrees(m.group(), p, lang)]
        if fits:
            out.append(Change("place", m.start(), m.end(), m.group(), rng.choice(fits)))
    return out


def _agrees(old: str, new: str, lang: str) -> bool:
    """Whether a place name can replace another without changing the article or preposition before
    it: in French the same elision, gender and number ("l'Ukraine" -> "l'Inde", "la Chine" -> "la
    Suède": feminine names end in -e, plural ones in -s), in English a name taking "the" for one
    that does."""
    if lang == "fr":
        sig = lambda n: (n[0] in "AEIOUÉÈÂÎ", n.endswith("e"), n.endswith("s"))  # noqa: E731
        return sig(old) == sig(new)
    return (old in _WITH_THE) == (new in _WITH_THE)


_WITH_THE = frozenset({"United States", "United Kingdom", "Netherlands", "Philippines", "Czech Republic"})


CHANGES: dict[str, Callable[..., list[Change]]] = {
    "number": number_changes, "weekday": weekday_changes, "month": month_changes,
    "person": person_changes, "place": place_changes,
}


def changes(kind: str, text: str, lang: str, rng: random.Random, people: Sequence[str] = ()) -> list[Change]:
    """The possible changes of one kind in a text."""
    if kind == "person":
        return person_changes(text, lang, rng, people)
    return CHANGES[kind](text, lang, rng)


# --- derived outlets -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Variant:
    """A derived outlet of one article, with its one changed fact (offsets into ``outlet``)."""

    name: str
    article: Article
    lang: str  # the language of the outlet, i.e. of the version it derives from
    segment: int
    change: Change
    outlet: str
    sentence: tuple[int, int]  # the changed segment's span in ``outlet``
    # untouched segments holding a fact, which should agree with their counterparts: (start, end, kind)
    agreements: tuple[tuple[int, int, str], ...] = ()


def layout(order: Sequence[int], keep: int, rng: random.Random) -> list[list[int]]:
    """The segments of a derived outlet as paragraphs: 20-40% dropped (never ``keep``), the rest
    regrouped in order into paragraphs of 1-4 segments (the headline, the first, alone), then 1-2
    paragraphs moved elsewhere."""
    others = [i for i in order if i != keep]
    dropped = set(rng.sample(others, round(len(order) * rng.uniform(0.2, 0.4))))
    kept = [i for i in order if i not in dropped]
    paragraphs: list[list[int]] = []
    if kept and kept[0] == order[0]:  # the headline stays a paragraph of its own
        paragraphs.append(kept[:1])
        kept = kept[1:]
    while kept:
        size = rng.choice((1, 2, 2, 3, 3, 4))
        paragraphs.append(kept[:size])
        kept = kept[size:]
    for _ in range(rng.randint(1, 2) if len(paragraphs) > 2 else 0):
        moved = paragraphs.pop(rng.randrange(len(paragraphs)))
        paragraphs.insert(rng.randrange(len(paragraphs) + 1), moved)
    return paragraphs


def compose(
    paragraphs: Sequence[Sequence[str]], changed: tuple[int, int], change: Change,
) -> tuple[str, Change, tuple[int, int]]:
    """The outlet's text (one paragraph a line, sentences joined by a space), the change with
    offsets into it and the changed sentence's span; ``changed`` is (paragraph, sentence) of the
    changed sentence, whose text in ``paragraphs`` already holds ``change.new`` at ``change.start``."""
    text, at = "", None
    for p, sents in enumerate(paragraphs):
        for s, sent in enumerate(sents):
            if (p, s) == changed:
                at = len(text)
            text += sent + (" " if s < len(sents) - 1 else "")
        text += "\n"
    assert at is not None
    sentence = (at, at + len(paragraphs[changed[0]][changed[1]]))
    return text, replace(change, start=at + change.start, end=at + change.start + len(change.new)), sentence


def build(article: Article, lang: str, segment: int, change: Change, rng: random.Random,
          distractors: Sequence[str], name: str) -> Variant:
    """A derived outlet of ``article``'s ``lang`` version with ``change`` made in ``segment``."""
    segs = article.segments[lang]
    rows = layout(article.order[lang], segment, rng)
    where = next((p, row.index(segment)) for p, row in enumerate(rows) if segment in row)
    paragraphs = [[segs[i] if i != segment else change.apply(segs[i]) for i in row] for row in rows]
    for extra in rng.sample(list(distractors), min(len(distractors), rng.randint(1, 2))):
        at = rng.randrange(len(paragraphs) + 1)
        paragraphs.insert(at, [extra])
        if at <= where[0]:
            where = (where[0] + 1, where[1])
    text, moved, sentence = compose(paragraphs, where, change)
    kept = [i for row in rows for i in row if i != segment]
    return Variant(name, article, lang, segment, moved, text, sentence, agreeing(article, lang, kept, text, name))


def agreeing(article: Article, lang: str, kept: Sequence[int], outlet: str, name: str) -> tuple[tuple[int, int, str], ...]:
    """Up to 3 untouched segments of the outlet that hold a number, weekday, month, person or
    place, with their span in ``outlet`` and the first kind they hold (its own seeded choice, so
    the outlets do not depend on it)."""
    rng = random.Random(name)
    found = []
    for i in kept:
        text = article.segments[lang][i]
        kind = next((k for k in TYPES if (_NUMBER.search(text) if k == "number" else changes(k, text, lang, rng, article.people))), None)
        at = outlet.find(text)
        if kind and at >= 0:
            found.append((at, at + len(text), kind))
    return tuple(sorted(rng.sample(found, min(3, len(found)))))


def variants(articles: Sequence[Article], per: int, seed: int) -> Iterator[Variant]:
    """Up to ``per`` variants for each article, outlet language and kind of change, each in
    another segment where the article allows it."""
    for article in articles:
        for lang in LANGS:
            distractors = [line for other in articles if other is not article
                           for line in other.files[lang].read_text(encoding="utf-8").splitlines()[1:] if len(line) > 80]
            for kind in TYPES:
                rng = random.Random(f"{seed}/{article.name}/{lang}/{kind}")
                found = [(i, c) for i in article.order[lang]
                         for c in changes(kind, article.segments[lang][i], lang, rng, article.people)]
                rng.shuffle(found)
                picked: list[tuple[int, Change]] = []
                for i, c in found:
                    if len(picked) < per and all(i != j for j, _ in picked):
                        picked.append((i, c))
                for n, (i, c) in enumerate(picked):
                    yield build(article, lang, i, c, rng, rng.sample(distractors, min(6, len(distractors))),
                                f"{article.name}-{lang}-{kind}-{n}")


# --- running and scoring -------------------------------------------------------------------------

VERSION_FILE = "version-{lang}.txt"
OUTLET_FILE = "outlet-{lang}.txt"


def write_corpus(variant: Variant, folder: Path) -> list[Path]:
    """The variant's three sources as files of ``folder``: the two versions and the outlet."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for lang in LANGS:
        path = folder / VERSION_FILE.format(lang=lang)
        path.write_text(variant.article.files[lang].read_text(encoding="utf-8"), encoding="utf-8")
        paths.append(path)
    outlet = folder / OUTLET_FILE.format(lang=variant.lang)
    outlet.write_text(variant.outlet, encoding="utf-8")
    return [*paths, outlet]


def run_cli(binary: str, files: Sequence[Path], out: Path) -> dict[str, object]:
    """The JSON report of ``diffsrc compare`` on the files."""
    cmd = [binary, "compare", *map(str, files), "--format", "json", "-o", str(out), "-q"]
    subprocess.run(cmd, check=True, capture_output=True, timeout=300)
    report: dict[str, object] = json.loads(out.read_text(encoding="utf-8"))
    return report


@dataclass(frozen=True)
class Outcome:
    """How one variant's report did: whether a contradiction found the change against the version
    of the same language and of the other, and the contradictions that did not touch it."""

    variant: Variant
    same: bool
    cross: bool
    exact: bool  # a finding contradiction has a claim over the changed words themselves
    agreed: tuple[bool, ...]  # for each of the variant's ``agreements``: an agreement has claims over it
    contradictions: int
    false: tuple[str, ...]
    words: int


def score(report: dict[str, object], variant: Variant, words: int = 0) -> Outcome:
    """Score one report: sources are told apart by file name (``VERSION_FILE``, ``OUTLET_FILE``)."""
    names = {s["id"]: Path(s["path"]).name for s in report.get("sources", [])}  # type: ignore[attr-defined]
    outlet = OUTLET_FILE.format(lang=variant.lang)
    version_lang = {VERSION_FILE.format(lang=lang): lang for lang in LANGS}
    ch = variant.change
    seg_start, seg_end = variant.sentence
    same = cross = exact = False
    false: list[str] = []
    contradictions = [f for f in report.get("facts", []) if f.get("kind") == "contradiction"]  # type: ignore[attr-defined]
    for fact in contradictions:
        claims = fact.get("claims", [])
        mine = [c for c in claims if names.get(c["source"]) == outlet]
        if not any(c["start"] < seg_end and seg_start < c["end"] for c in mine):
            false.append(f"{fact.get('topic')} | " + " / ".join(
                f"{names.get(c['source'])}: {c.get('text')}" for c in claims))
            continue
        langs = {version_lang[names[c["source"]]] for c in claims if names.get(c["source"]) in version_lang}
        same |= variant.lang in langs
        cross |= bool(langs - {variant.lang})
        exact |= bool(langs) and any(c["start"] < ch.end and ch.start < c["end"] for c in mine)
    agreements = [f for f in report.get("facts", []) if f.get("kind") == "agreement"]  # type: ignore[attr-defined]
    agreed = tuple(any(_agrees_over(f, names, outlet, a, b) for f in agreements) for a, b, _ in variant.agreements)
    return Outcome(variant, same, cross, exact, agreed, len(contradictions), tuple(false), words)


def _agrees_over(fact: dict[str, object], names: dict[str, str], outlet: str, a: int, b: int) -> bool:
    """An agreement with a claim over ``a:b`` of the outlet and a claim in a version."""
    claims: list[dict[str, Any]] = fact.get("claims", [])  # type: ignore[assignment]
    over = any(names.get(c["source"]) == outlet and c["start"] < b and a < c["end"] for c in claims)
    return over and any(names.get(c["source"], "").startswith("version-") for c in claims)


def run_variant(binary: str, variant: Variant, tmp: Path) -> Outcome:
    """Write, compare and score one variant."""
    folder = tmp / variant.name
    files = write_corpus(variant, folder)
    words = sum(len(re.findall(r"\w+", f.read_text(encoding="utf-8"))) for f in files)
    return score(run_cli(binary, files, folder / "report.json"), variant, words)


def summary(outcomes: Sequence[Outcome]) -> dict[str, object]:
    """Recall by kind and outlet language (found, and found against the same-language and the
    cross-language version), precision and false contradictions per 1,000 words."""
    recall: dict[str, dict[str, dict[str, int]]] = {}
    for kind in (*TYPES, "all"):
        for lang in LANGS:
            mine = [o for o in outcomes if o.variant.lang == lang and kind in (o.variant.change.kind, "all")]
            n = len(mine)
            cell = {"n": n, "found": sum(o.same or o.cross for o in mine), "same": sum(o.same for o in mine),
                    "cross": sum(o.cross for o in mine)}
            recall.setdefault(kind, {})[lang] = cell
    agree: dict[str, dict[str, int]] = {}
    for o in outcomes:
        for (_, _, kind), hit in zip(o.variant.agreements, o.agreed, strict=True):
            for key in (kind, "all"):
                cell = agree.setdefault(key, {"n": 0, "found": 0})
                cell["n"] += 1
                cell["found"] += hit
    total = sum(o.contradictions for o in outcomes)
    false = sum(len(o.false) for o in outcomes)
    words = sum(o.words for o in outcomes)
    n = len(outcomes)
    return {
        "variants": n, "recall": recall, "agreement_recall": agree,
        "recall_all": sum(o.same or o.cross for o in outcomes) / n if n else 0.0,
        "recall_exact": sum(o.exact for o in outcomes) / n if n else 0.0,
        "precision": (total - false) / total if total else 1.0,
        "contradictions": total, "false_contradictions": false, "words": words,
        "false_per_1k_words": 1000 * false / words if words else 0.0,
    }


def table(figures: dict[str, object]) -> str:
    """The summary as a text table (recall as found/n)."""
    head = "kind     | " + " | ".join(f"from {lang.upper()}:  n  found  same-lang  cross-lang" for lang in LANGS)
    lines = [head, "-" * len(head)]
    recall: dict[str, dict[str, dict[str, int]]] = figures["recall"]  # type: ignore[assignment]
    for kind, row in recall.items():
        cells = []
        for lang in LANGS:
            c = row[lang]
            r = f"{c['found'] / c['n']:.2f}" if c["n"] else "  - "
            cells.append(f"{c['n']:>10} {r:>6} {c['same']:>5}/{c['n']:<4} {c['cross']:>5}/{c['n']:<5}")
        lines.append(f"{kind:8} | " + " | ".join(cells))
    agree: dict[str, dict[str, int]] = figures["agreement_recall"]  # type: ignore[assignment]
    lines.append("agreements of untouched segments holding a fact: " + ", ".join(
        f"{kind} {c['found']}/{c['n']}" for kind, c in sorted(agree.items())))
    lines.append(f"variants {figures['variants']}, recall {figures['recall_all']:.3f} "
                 f"(on the changed words {figures['recall_exact']:.3f}); "
                 f"precision {figures['precision']:.3f} ({figures['contradictions']} contradictions, "
                 f"{figures['false_contradictions']} false); false contradictions "
                 f"{figures['false_per_1k_words']:.2f} per 1,000 words ({figures['words']} words)")
    return "\n".join(lines)


def _run_all(binary: str, chosen: Sequence[Variant], jobs: int) -> list[Outcome]:
    from concurrent.futures import ThreadPoolExecutor

    with tempfile.TemporaryDirectory(prefix="diffsrc-stress-") as tmp, ThreadPoolExecutor(max(1, jobs)) as pool:
        return list(pool.map(lambda v: run_variant(binary, v, Path(tmp)), chosen))


def _show(outcomes: Sequence[Outcome]) -> None:
    for o in outcomes:
        v, c = o.variant, o.variant.change
        if not (o.same or o.cross):
            context = v.outlet[max(v.sentence[0], c.start - 100) : c.end + 60]
            print(f"MISS {v.name}: {c.old!r} -> {c.new!r} in …{context}…")
        elif not o.same or not o.cross:
            print(f"HALF {v.name} ({'same' if o.same else 'cross'} only): {c.old!r} -> {c.new!r}")
        for f in o.false:
            print(f"FALSE {v.name}: {f[:300]}")


def main(argv: Sequence[str] | None = None) -> int:
    """Generate the variants, compare each with the CLI and print the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("split", nargs="?", type=Path, default=DEFAULT_SPLIT)
    ap.add_argument("--bin", default="diffsrc")
    ap.add_argument("--per", type=int, default=3, help="variants per case, language and kind (default 3)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--limit", type=int, default=0, help="run at most this many variants (spread over the kinds)")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--show", action="store_true", help="print misses and false contradictions")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = ap.parse_args(argv)
    articles = [a for case in sorted(args.split.iterdir()) if (case / "case.json").is_file()
                for a in [load_article(case)] if a is not None]
    chosen = list(variants(articles, args.per, args.seed))
    if args.limit:
        chosen = chosen[:: max(1, len(chosen) // args.limit)][: args.limit]
    outcomes = _run_all(args.bin, chosen, args.jobs)
    figures = summary(outcomes)
    if args.show:
        _show(outcomes)
    print(table(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
