"""Foreign and broken typography: French quotes and spacing in English, apostrophe debris.

A translation engine working through French leaves French conventions behind (« », »», a space
before ":" or "?"), and French text translated from English keeps English ones (no space before
";:!?", “ ” for « »); it turns elisions into debris ("L ‘Spain" for "l’Espagne"), swaps closing for
opening quotes (", “he said"), and detaches hyphens ("follow -up"). These are character
patterns, checked against the quotation state of the paragraph where a quote mark's role
matters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from diffsrc.analysis.detectors import Context, Detector
from diffsrc.analysis.detectors.rules import detector
from diffsrc.analysis.detectors.text import FUNCTION_WORDS, make_finding
from diffsrc.analysis.frequencies import zipf
from diffsrc.model import Evidence, Finding, Severity, Source


def _body(source: Source) -> Iterator[tuple[int, int]]:
    for p in source.paragraphs:
        if p.kind in ("body", "heading", "byline"):
            yield p.start, p.end


def _body_matches(source: Source, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """Every match of ``pattern`` inside the source's body, heading and byline paragraphs."""
    for a, b in _body(source):
        yield from pattern.finditer(source.text, a, b)


@detector("DS401")
class FrenchQuotesInEnglish(Detector):
    """« » and doubled »» in an English text: quotes left in French typography."""

    _pattern = re.compile(r"»+|«")

    def check(self, source: Source, ctx: Context) -> Iterable[Finding]:
        for m in self._pattern.finditer(source.text):
            yield make_finding(
                source, m.start(), m.end(), detector=type(self), severity="high", confidence=0.95,
                message="French guillemets in English text, typical of machine translation",
                suggestion="”" if m.group(0).startswith("»") else "“",
                evidence=[Evidence(note="English quotes with “ ” (or \" \"); « » is French typography")],
            )


@detector("DS402")
class SpacedHyphen(Detector):
    """A space inside a hyphenated word ("follow -up", "far -right")."""

    _pattern = re.compile(r"(?<![^\W\d_])([^\W\d_]+) -([^\W\d_]+)(?![^\W\d_])")

    def check(self, source: Source, ctx: Context) -> Iterable[Finding]:
        for m in _body_matches(source, self._pattern):
            yield make_finding(
                source, m.start(), m.end(), detector=type(self), severity="high", confidence=0.9,
                message=f"hyphenated word split by a space: '{m.group(0)}'",
                suggestion=f"{m.group(1)}-{m.group(2)}",
                evidence=[Evidence(note="a hyphen joining a compound takes no space before it; a dash takes one on each side")],
            )


@detector("DS403")
class ApostropheDebris(Detector):
    """Elision debris ("L ‘Spain", "S ‘Implicate") and stray opening single quotes ("‘Others")."""

    # A French elided article or pronoun (l', d', s', n', j', m', c', qu') cut off by a space.
    _elision = re.compile(r"(?<![^\W\d_])(?:[LlDdSsNnJjMmCcTt]|[Qq]u) ?[‘’'] ?(?=[^\W\d_])")
    _opening = re.compile(r"(?<=\s)‘(?=[^\W\d_])")
    _closing = re.compile(r"[^\W\d_.,!?]’(?![^\W\d_])|[.,!?]’")

    def check(self, source: Source, ctx: Context) -> Iterable[Finding]:
        text = source.text
        for a, b in _body(source):
            seen: set[int] = set()
            for m in self._elision.finditer(text, a, b):
                if " " not in m.group(0):
                    continue  # l’Europe, L’Oréal: a regular elision
                seen.update(range(m.start(), m.end()))
                word = re.match(r"[^\W\d_]+", text[m.end() : b])
                yield make_finding(
                    source, m.start(), m.end() + (word.end() if word else 0), detector=type(self),
                    severity="high", confidence=0.9,
                    message="French elided article or pronoun left in the text with a detached apostrophe",
                    suggestion=word.group(0) if word and source.lang == "en" else m.group(0).replace(" ", ""),
                    evidence=[Evidence(note="French elision (l’, d’, s’...) split by a space: translation debris")],
                )
            for m in self._opening.finditer(text, a, b):
                if m.start() in seen:
                    continue
                rest = text[m.end() : min(b, m.end() + 120)]
                if self._closing.search(rest):
                    continue  # a quotation in single quotes
                word = re.match(r"[^\W\d_]+", rest)
                end = m.end() + (word.end() if word else 0)
                yield make_finding(
                    source, m.start(), end, detector=type(self), severity="high", confidence=0.8,
                    message="opening single quote that no quote closes: apostrophe debris",
                    suggestion=text[m.end() : end].lower() if source.lang == "en" else text[m.end() : end],
                    evidence=[Evidence(note="no closing ’ follows in the paragraph")],
                )


# (pattern, message, suggestion builder index, severity) for quote and punctuation spacing.
_Q_RULES: tuple[tuple[re.Pattern[str], str, Severity], ...] = (
    (re.compile(r"\s”(?=[^\W\d_])"), "closing quote attached to the next word instead of the previous one", "high"),
    (re.compile(r"(?<=[.,!?;:]) ”(?=\s|$)"), "space before a closing quote", "medium"),
    (re.compile(r" “(?=[.,;:!?]|\s*$)"), "opening quote where the quotation ends", "medium"),
    (re.compile(r"“”|””|““|\"\""), "empty or doubled quote marks", "high"),
    (re.compile(r"(?<=[^\W\d_”]|”) [.,](?=\s|$|[”\"’])"), "space before a full stop or comma", "medium"),
    (re.compile(r"(?<=[^\W\d_\s])[ \u00a0\u202f][;:!?](?=\s|$|[”\"’])"), "space before punctuation, French style", "medium"),
)


@detector("DS404")
class QuoteSpacing(Detector):
    """Quote marks turned around or spaced wrongly (", “he said", "agreement. ”", "it .")."""

    _reversed = re.compile(r"[,.!?] “(?=[a-z])")

    def check(self, source: Source, ctx: Context) -> Iterable[Finding]:
        text = source.text
        for a, b in _body(source):
            spans: list[tuple[int, int, str, str, Severity]] = []
            for m in self._reversed.finditer(text, a, b):
                if self._inside_quotation(text, a, m.start()):
                    fixed = m.group(0)[0] + "” "
                    spans.append((m.start(), m.end(), "opening quote where the quotation closes", fixed, "high"))
            for pattern, message, severity in _Q_RULES:
                for m in pattern.finditer(text, a, b):
                    spans.append((m.start(), m.end(), message, _fix(m.group(0)), severity))
            taken: list[tuple[int, int]] = []
            for start, end, message, fixed, severity in sorted(spans):
                if any(s < end and start < e for s, e in taken):
                    continue
                taken.append((start, end))
                lo, hi = _widen(text, start, end, a, b)
                yield make_finding(
                    source, lo, hi, detector=type(self), severity=severity,
                    confidence=0.85 if severity == "high" else 0.65,
                    message=message, suggestion=text[lo:start] + fixed + text[end:hi],
                    evidence=[Evidence(note="English puts no space inside quote marks or before . , ; : ? !")],
                )

    @staticmethod
    def _inside_quotation(text: str, para_start: int, at: int) -> bool:
        """Whether the last quote mark before ``at`` in the paragraph opened a quotation."""
        for ch in reversed(text[para_start:at]):
            if ch in "“":
                return True
            if ch in "”":
                return False
        return False


def _fix(found: str) -> str:
    """The corrected form of a spacing match."""
    if found in ("“”", "””", "““", "\"\""):
        return "”"
    if found.startswith(" “"):
        return "”"
    if found.endswith("”") and found.startswith(" "):
        return "”"
    if found.startswith((" ", "\u00a0", "\u202f")):
        return found.lstrip(" \u00a0\u202f")
    if found.startswith((" ”", "\t”", "\n”")):
        return "” "
    return found.replace(" ", "")


def _widen(text: str, start: int, end: int, lo_limit: int, hi_limit: int) -> tuple[int, int]:
    """Extend a punctuation span to the neighbouring words so that the finding reads well."""
    lo = start
    while lo > lo_limit and not text[lo - 1].isspace():
        lo -= 1
    hi = end
    while hi < hi_limit and not text[hi].isspace():
        hi += 1
    return lo, hi


# A word glued to a percent sign or to the end of the previous sentence: the space was lost when
# a translation engine or a scraper rebuilt the text ("3%north", "the talks ended.Ministers").
# English and French both set a space there (Chicago Manual of Style 6.7, 9.18; Lexique des règles
# typographiques de l'Imprimerie nationale, "pour cent"). A dotted name ("Node.js", "fs.Stats",
# "Boost.Thread") has no space around it or no lower-case word before the dot, so both words must
# be common running words, standing alone between spaces or punctuation.
_GLUED_PERCENT = re.compile(r"(?<![\w.,])(\d+(?:[.,]\d+)?)\s?%([^\W\d_]{2,})")
_GLUED_SENTENCE = re.compile(r"(?<![^\s“\"«(])([^\W\d_A-ZÀ-Ý]{3,})([.!?])([A-ZÀ-Ý][^\W\d_A-ZÀ-Ý]{2,})(?=[\s,;:]|$)")
MIN_GLUED_ZIPF = 3.0


@detector("DS408")
class MissingSpace(Detector):
    """A word glued to a percent sign ("3%north") or to the previous sentence ("ended.Ministers")."""

    def check(self, source: Source, ctx: Context) -> Iterable[Finding]:
        percent = "%" if source.lang == "en" else "\u00a0%"
        for m in _body_matches(source, _GLUED_PERCENT):
            yield make_finding(
                source, m.start(), m.end(), detector=type(self), severity="high", confidence=0.8,
                message=f"no space between '%' and '{m.group(2)}'",
                suggestion=f"{m.group(1)}{percent} {m.group(2)}",
                evidence=[Evidence(note="a percent sign is followed by a space before the next word")],
            )
        for m in _body_matches(source, _GLUED_SENTENCE):
            left, mark, right = m.groups()
            if min(zipf(left.lower(), source.lang), zipf(right.lower(), source.lang)) < MIN_GLUED_ZIPF:
                continue
            yield make_finding(
                source, m.start(), m.end(), detector=type(self), severity="high", confidence=0.75,
                message=f"no space after '{mark}': two sentences run together",
                suggestion=f"{left}{mark} {right}",
                evidence=[Evidence(note=f"'{left}' and '{right}' are common words, so this is no dotted name")],
            )


# Second parts that never end an English hyphenated compound: a hyphen standing for a dash.
_DASH_TAILS = frozenset(
    "for can if but they he she we it would should could will must may is are was were have has".split()
)


@detector("DS405")
class HyphenForDash(Detector):
    """A hyphen standing for a dash between two words ("statement-for example")."""

    _pattern = re.compile(r"(?<![\w-])([^\W\d_]{4,})-([^\W\d_]+)(?![\w-])")

    def check(self, source: Source, ctx: Context) -> Iterable[Finding]:
        for m in _body_matches(source, self._pattern):
            first, tail = m.group(1), m.group(2)
            if tail.lower() not in _DASH_TAILS or first.lower() in FUNCTION_WORDS["en"]:
                continue
            yield make_finding(
                source, m.start(), m.end(), detector=type(self), severity="medium", confidence=0.6,
                message=f"hyphen between '{first}' and '{tail}' where a dash separates two phrases",
                suggestion=f"{first} – {tail}",
                evidence=[Evidence(note=f"'{tail}' is a function word that no English compound ends with")],
            )


# French typography (Lexique des règles typographiques en usage à l'Imprimerie nationale): a
# space before ; : ! ? and guillemets « » for quotations. Web French is loose about both, so only
# a document that follows English conventions throughout is reported, never a single slip.
_FR_UNSPACED = re.compile(r"(?P<w>[^\W_]+)(?P<p>[;:!?])(?=\s|$)", re.MULTILINE)
_FR_SPACED = re.compile(r"[^\W_][ \u00a0\u202f][;:!?]")
_EN_OPENING = re.compile(r"“")
MIN_CONSISTENT = 2


@detector("DS406")
class EnglishTypographyInFrench(Detector):
    """French text with English punctuation: no space before ; : ! ?, “ ” instead of « »."""

    def check(self, source: Source, ctx: Context) -> Iterable[Finding]:
        text = source.text
        french = [(p.start, p.end) for p in source.paragraphs if p.lang == "fr" and p.kind in ("body", "heading")]
        unspaced = [m for a, b in french for m in _FR_UNSPACED.finditer(text, a, b)]
        opening = [m for a, b in french for m in _EN_OPENING.finditer(text, a, b)]
        english_quotes = len(opening) >= MIN_CONSISTENT and len(opening) > text.count("«")
        # Unspaced punctuation alone is common in web French (a professional dev article has it):
        # it counts only beside the other English convention, and only when never spaced.
        if english_quotes and len(unspaced) >= MIN_CONSISTENT and not any(
            _FR_SPACED.search(text, a, b) for a, b in french
        ):
            for m in unspaced:
                yield make_finding(
                    source, m.start(), m.end(), detector=type(self), severity="medium", confidence=0.6,
                    message=f"no space before '{m.group('p')}', as in English: French puts one there",
                    suggestion=f"{m.group('w')}\u00a0{m.group('p')}",
                    evidence=[Evidence(note=f"{len(unspaced)} unspaced and no spaced ; : ! ? in this French text, "
                                       f"with English quotation marks")],
                )
        if english_quotes:
            for m in opening:
                yield make_finding(
                    source, m.start(), m.end(), detector=type(self), severity="medium", confidence=0.55,
                    message="English quotation marks in French text: French quotes with « »",
                    suggestion="« ",
                    evidence=[Evidence(note=f"{len(opening)} “ and {text.count('«')} « in this French text")],
                )
