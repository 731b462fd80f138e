"""Name corruption: people's names damaged by translation, reconciled across the sources.

Every source's names are collected ("Firstname Surname" sequences of capitalised words). Where
the other sources agree on a person's full name and one source has the surname preceded by a
common lower-case word instead ("The Prime Minister puts Frederiksen": the French given name
"Mette" read as the verb "mettre"), or a name particle turned into an English word ("Le Pen"
-> "the Pen"), the finding quotes the other sources' form as evidence and suggests it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from diffsrc.analysis.copies import family_total
from diffsrc.analysis.detectors import Context, Detector
from diffsrc.analysis.detectors.rules import detector
from diffsrc.analysis.detectors.text import (
    TITLE_WORDS,
    Token,
    is_function_word,
    known_place_names,
    make_finding,
    tokens,
)
from diffsrc.analysis.frequencies import zipf
from diffsrc.model import Evidence, Finding, Source

# Particles of French, Dutch, German, Italian names and what a translation engine makes of them.
_PARTICLES: dict[str, tuple[str, ...]] = {
    "le": ("the",), "la": ("the",), "les": ("the",), "de": ("of", "from"), "du": ("of the", "from the"),
    "des": ("of the", "from the"), "van": ("of", "from"), "von": ("of", "from"), "di": ("of",), "da": ("from", "of"),
}
_REPORTING = frozenset("said says told added declared asked warned noted stated according".split())


@dataclass(frozen=True)
class NameForm:
    """A multi-word name as written in one source."""

    source: str
    start: int
    end: int
    words: tuple[str, ...]


def collect_names(sources: Iterable[Source]) -> list[NameForm]:
    """Sequences of two or three capitalised words (first names, particles, surnames)."""
    out: list[NameForm] = []
    for s in sources:
        out.extend(_source_names(s))
    return out


# Each source's names are read by the check of every other source: collect them once.
_NAMES: dict[tuple[str, str, str], tuple[NameForm, ...]] = {}


def _source_names(s: Source) -> tuple[NameForm, ...]:
    """``_collect_source_names`` once per source text and segmentation."""
    key = (s.id, s.text, s.layout_digest)
    if key not in _NAMES:
        if len(_NAMES) > 256:
            _NAMES.clear()
        _NAMES[key] = _cached_names(s)
    return _NAMES[key]


def _cached_names(s: Source) -> tuple[NameForm, ...]:
    """The names of a source from the active analysis cache, or collected (and stored)."""
    from diffsrc.io.cache import Cache, active, text_digest

    cache = active()
    if not cache.enabled:
        return tuple(_collect_source_names(s))
    ckey = Cache.key("names", s.id, text_digest(s.text), s.layout_digest)
    stored: tuple[NameForm, ...] | None = cache.get("names", ckey, tuple[NameForm, ...])
    if stored is not None:
        return stored
    found = tuple(_collect_source_names(s))
    cache.put("names", ckey, found)
    return found


def _collect_source_names(s: Source) -> list[NameForm]:
    """The names of one source, in text order."""
    places = known_place_names()
    out: list[NameForm] = []
    for p in s.paragraphs:
        if p.kind not in ("body", "byline"):
            continue
        toks = tokens(s.text, p.start, p.end)
        i = 0
        while i < len(toks):
            if not toks[i].is_title:
                i += 1
                continue
            run = [toks[i]]
            while (
                i + len(run) < len(toks)
                and s.text[run[-1].end : toks[i + len(run)].start] == " "
                and _name_part(toks[i + len(run)], toks[i + len(run) - 1])
            ):
                run.append(toks[i + len(run)])
            i += len(run)
            while run and (run[0].lower in TITLE_WORDS or is_function_word(run[0].lower, p.lang) or run[0].lower in places):
                run = run[1:]
            if 2 <= len(run) <= 3 and run[0].is_title and run[-1].is_title and run[-1].lower not in places:
                out.append(NameForm(s.id, run[0].start, run[-1].end, tuple(t.text for t in run)))
    return out


def _name_part(tok: Token, prev: Token) -> bool:
    if tok.is_title:
        return True
    # a lower-case particle inside a name ("Ursula von der Leyen")
    return tok.lower in _PARTICLES and prev.is_title


@detector("DS101")
class NameCorruption(Detector):
    """A person's name altered by translation, where the other sources agree on its form."""

    def check(self, source: Source, ctx: Context) -> Iterable[Finding]:
        others = collect_names(ctx.witnesses(source.id))  # a near-copy repeats this source's forms
        by_surname: dict[str, list[NameForm]] = defaultdict(list)
        for n in others:
            by_surname[n.words[-1]].append(n)
        text = source.text
        for surname, forms in by_surname.items():
            if len(surname) < 3 or surname not in text:  # the substring test spares a regex scan
                continue
            first_names = {f.words[0] for f in forms if len(f.words) == 2 and f.words[0].lower() not in _PARTICLES}
            particles = {f.words[-2] for f in forms if f.words[-2].lower() in _PARTICLES}
            pattern = re.compile(r"(?<!\w)" + re.escape(surname) + r"(?!\w)")
            hits = list(pattern.finditer(text))
            if not hits:
                continue
            full_here = any(re.search(r"(?<!\w)" + re.escape(f"{fn} {surname}") + r"(?!\w)", text) for fn in first_names | particles)
            if full_here:
                continue
            for m in hits:
                found = self._translated_particle(source, m.start(), particles, surname, forms)
                if found is None and first_names and m is hits[0]:
                    found = self._translated_given_name(source, m.start(), first_names, surname, forms, ctx.families)
                if found is not None:
                    yield found
                    break

    def _translated_given_name(self, source: Source, at: int, first_names: set[str], surname: str,
                               forms: list[NameForm], families: Mapping[str, str]) -> Finding | None:
        text = source.text
        before = tokens(text, max(0, at - 60), at)
        if len(before) < 2 or text[before[-1].end : at] != " ":
            return None
        word, title = before[-1], before[-2]
        if not word.is_lower or is_function_word(word.lower, source.lang) or word.lower in _REPORTING:
            return None
        if title.lower not in TITLE_WORDS or text[title.end : word.start] != " ":
            return None  # only where a title announces a name: "Prime Minister <word> Surname"
        full = _majority(forms, surname, first_names, families)
        return make_finding(
            source, word.start, at + len(surname), detector=type(self), severity="high", confidence=0.8,
            message=f"'{word.text} {surname}' stands where the other sources name '{full}': the given name was translated as a word",
            suggestion=full, evidence=_evidence(forms, full),
        )

    def _translated_particle(self, source: Source, at: int, particles: set[str], surname: str,
                             forms: list[NameForm]) -> Finding | None:
        text = source.text
        for particle in particles:
            for translated in _PARTICLES.get(particle.lower(), ()):
                lo = at - len(translated) - 1
                if lo >= 0 and text[lo:at].lower() == translated + " " and (lo == 0 or not text[lo - 1].isalnum()):
                    full = next((" ".join(f.words) for f in forms if f.words[-2] == particle), f"{particle} {surname}")
                    return make_finding(
                        source, lo, at + len(surname), detector=type(self), severity="high", confidence=0.8,
                        message=f"name particle '{particle}' translated as '{translated}' in '{text[lo:at + len(surname)]}'",
                        suggestion=f"{particle} {surname}", evidence=_evidence(forms, full),
                    )
        return None


def _majority(forms: list[NameForm], surname: str, first_names: set[str], families: Mapping[str, str]) -> str:
    """The full name the sources write most often, near-copies of one text counted as one (each
    family by its member writing the name most)."""
    per_source: dict[str, Counter[str]] = defaultdict(Counter)  # name -> occurrences by source
    for f in forms:
        if len(f.words) == 2 and f.words[0] in first_names:
            per_source[" ".join(f.words)][f.source] += 1
    counts = {name: family_total(by_source.items(), families) for name, by_source in per_source.items()}
    return max(sorted(counts), key=lambda k: counts[k]) if counts else surname


def _evidence(forms: list[NameForm], full: str) -> tuple[Evidence, ...]:
    out: list[Evidence] = []
    seen: set[str] = set()
    for f in forms:
        if " ".join(f.words) == full and f.source not in seen:
            seen.add(f.source)
            out.append(Evidence(note=f"written '{full}' in another source", source=f.source, start=f.start, end=f.end, text=full))
    return tuple(out[:3])


@detector("DS102")
class TranslatedParticleAlone(Detector):
    """"Firstname the Surname": a name particle translated, with no other source to compare."""

    _pattern = re.compile(r"(?<!\w)([A-ZÀ-Ý][^\W\d_]+) (the|of) ([A-ZÀ-Ý][^\W\d_]+)(?!\w)")

    def check(self, source: Source, ctx: Context) -> Iterable[Finding]:
        places = known_place_names()
        for m in self._pattern.finditer(source.text):
            given, particle, surname = m.groups()
            if given.lower() in places or surname.lower() in places or given.lower() in TITLE_WORDS:
                continue
            if is_function_word(given, "en") or zipf(surname, "en") > 1.5 or zipf(given, "en") > 3.0:
                continue
            if source.text[m.end() : m.end() + 1] == " " and source.text[m.end() + 1 : m.end() + 2].isupper():
                continue  # "Bank of England Governor", a longer proper name
            back = "Le" if particle == "the" else "de"
            yield make_finding(
                source, m.start(), m.end(), detector=type(self), severity="medium", confidence=0.55,
                message=f"'{particle}' between a given name and a surname looks like a translated particle ('{back}')",
                suggestion=f"{given} {back} {surname}",
                evidence=[Evidence(note=f"wordfreq: '{surname.lower()}' zipf {zipf(surname, 'en'):.2f} in English: a surname, not a noun")],
            )
