"""Pattern lexicons in TSV files under ``diffsrc/resources`` and a detector that applies them.

A lexicon row is one translation trap: a regular expression for the wording it produces (scoped
inline flags such as ``(?-i:...)`` make a part case-sensitive), what the source-language word
was, the probable intended wording, a severity, a confidence, an optional context regex that must
occur in the same paragraph, a note and, in a ninth column, where the phenomenon is documented
(a reference or a corpus count). Every shipped lexicon gives each row its reference (the tests
enforce it); ``parse_lexicon`` still reads eight-column rows, e.g. a user's own lexicon. A named
group ``s`` narrows the reported span; the suggestion may use the match's groups (``\\g<name>``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import ClassVar

from diffsrc.analysis.detectors import Context, Detector
from diffsrc.errors import ConfigError
from diffsrc.model import Evidence, Finding, Severity, Source

SEVERITIES = ("high", "medium", "low")
RESOURCES = Path(__file__).resolve().parents[2] / "resources"


@dataclass(frozen=True)
class LexiconEntry:
    """One row of a pattern lexicon, checked when read.

    Most rows never match a given text, and their required text (``keyword``) already rules
    them out without a regex scan.
    """

    kind: str
    regex: str
    origin: str
    suggestion: str
    severity: Severity
    confidence: float
    context_regex: str  # "" when the row has no context condition
    note: str
    line: int
    keyword: str = ""  # lower-case text every match contains ("" when none is known): a pre-filter
    reference: str = ""  # where the phenomenon is documented (the optional ninth column)

    @property
    def pattern(self) -> re.Pattern[str]:
        """The row's regular expression, case-insensitive."""
        return _compiled(self.regex, self.line)

    @property
    def context(self) -> re.Pattern[str] | None:
        """The regular expression that must occur in the same paragraph, if any."""
        return _compiled(self.context_regex, self.line) if self.context_regex else None


@cache
def _compiled(regex: str, line: int) -> re.Pattern[str]:
    try:
        return re.compile(regex, re.IGNORECASE)
    except re.error as exc:  # the few errors parsing does not see (a variable-width look-behind)
        raise ConfigError(f"lexicon row {line}: invalid regular expression: {exc}") from exc


def resource_text(name: str) -> str:
    """The text of a file shipped in ``diffsrc/resources``."""
    path = RESOURCES / name
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read resource {path}: {exc.strerror}; reinstall diffsrc") from exc


def parse_lexicon(text: str, name: str = "<lexicon>") -> tuple[LexiconEntry, ...]:
    """Read and check the rows of a lexicon TSV (``#`` comments and blank lines ignored).

    Every regular expression is compiled here, so an invalid row fails at once with its line
    (about 25 ms for all shipped rows; ``re`` keeps the compiled forms for ``LexiconEntry.pattern``).
    """
    out = []
    for n, raw in enumerate(text.splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cols = raw.split("\t")
        if len(cols) < 8:
            raise ConfigError(f"{name}:{n}: expected 8 tab-separated columns, got {len(cols)}")
        kind, pattern, origin, suggestion, severity, confidence, context, note = cols[:8]
        if severity not in SEVERITIES:
            raise ConfigError(f"{name}:{n}: severity must be high, medium or low, got {severity!r}")
        try:
            compiled = re.compile(pattern, re.IGNORECASE)
            if context.strip():
                re.compile(context, re.IGNORECASE)
            conf = float(confidence)
        except (re.error, ValueError) as exc:
            raise ConfigError(f"{name}:{n}: invalid row: {exc}") from exc
        out.append(
            LexiconEntry(kind, pattern, origin, suggestion, severity, conf,  # type: ignore[arg-type]
                         context if context.strip() else "", note, n, required_text(compiled),
                         cols[8].strip() if len(cols) > 8 else "")
        )
    return tuple(out)


@cache
def load_lexicon(name: str) -> tuple[LexiconEntry, ...]:
    """A lexicon shipped in ``diffsrc/resources``, compiled once."""
    return parse_lexicon(resource_text(name), name)


def text_paragraphs(source: Source) -> Iterator[tuple[int, int]]:
    """(start, end) of the paragraphs worth checking (body and headings), or the whole text."""
    if not source.paragraphs:
        yield 0, len(source.text)
        return
    for p in source.paragraphs:
        if p.kind in ("body", "heading"):
            yield p.start, p.end


def keep_longest(findings: Iterable[Finding]) -> list[Finding]:
    """Drop findings overlapping a longer (or earlier equal) finding: one finding per artefact."""
    ordered = sorted(findings, key=lambda f: (-(f.end - f.start), f.start))
    kept: list[Finding] = []
    for f in ordered:
        if not any(f.start < k.end and k.start < f.end and f.source == k.source for k in kept):
            kept.append(f)
    return sorted(kept, key=lambda f: (f.source, f.start))


def lexicon_matches(source: Source, entries: Iterable[LexiconEntry]) -> Iterator[tuple[LexiconEntry, re.Match[str]]]:
    """Every (entry, match) of the lexicon in the checked paragraphs, context conditions applied."""
    spans = tuple(text_paragraphs(source))
    for entry in entries:
        for m in _entry_matches(source, spans, entry):
            yield entry, m


# Several detectors scan the same source with the same rows (the spinner lexicon is read by four),
# and regex scanning dominates their cost: each row's matches in a text are computed once.
_MATCHES: dict[tuple[str, tuple[tuple[int, int], ...], LexiconEntry], tuple[re.Match[str], ...]] = {}


def _entry_matches(source: Source, spans: tuple[tuple[int, int], ...], entry: LexiconEntry) -> tuple[re.Match[str], ...]:
    """The non-empty matches of one row in the given paragraphs whose context condition holds."""
    key = (source.text, spans, entry)
    found = _MATCHES.get(key)
    if found is None:
        folded = _folded_paragraphs(source.text, spans) if entry.keyword else ()
        out: list[re.Match[str]] = []
        for i, (start, end) in enumerate(spans):
            if entry.keyword and entry.keyword not in folded[i]:
                continue  # no match can lack the row's required text: skip the regex scan
            if entry.context is not None and not entry.context.search(source.text[start:end]):
                continue
            out.extend(m for m in entry.pattern.finditer(source.text, start, end) if m.end() > m.start())
        if len(_MATCHES) > 50_000:
            _MATCHES.clear()
        found = _MATCHES[key] = tuple(out)
    return found


# Characters that match an ASCII letter under re.IGNORECASE but do not lower-case to it.
_CASE_ODDITIES = str.maketrans({"İ": "i", "ı": "i", "ſ": "s"})


@lru_cache(maxsize=64)
def _folded_paragraphs(text: str, spans: tuple[tuple[int, int], ...]) -> tuple[str, ...]:
    """The paragraphs lower-cased so that ``keyword in folded`` holds wherever a row can match."""
    return tuple(text[start:end].translate(_CASE_ODDITIES).lower() for start, end in spans)


_KEYWORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -'")


_QUANTIFIERS = frozenset("?*+{")
_LITERAL_ESCAPES = frozenset(" -'")
_COUNTED = re.compile(r"\{\d*,?\d*\}")


def required_text(pattern: re.Pattern[str]) -> str:
    """The longest plain ASCII text (3+ characters) every match of ``pattern`` contains, lower case.

    Reads the pattern's text at its top level: runs of literal characters; a group, class, escape
    class or anchor ends a run and is not entered, a quantifier drops the character it applies to,
    and a top-level alternation means nothing is required. "" when there is no such text.
    """
    regex = pattern.pattern
    if pattern.flags & re.VERBOSE:
        return ""
    runs: list[str] = []
    current: list[str] = []
    depth = i = 0
    while i < len(regex):
        c = regex[i]
        step, literal = _token_at(regex, i)
        if depth == 0 and literal is not None:
            quantified = regex[i + step : i + step + 1] in _QUANTIFIERS
            if not quantified:
                current.append(literal)
                i += step
                continue
        if depth == 0 and c == "|":
            return ""
        depth += {"(": 1, ")": -1}.get(c, 0) if literal is None and c in "()" else 0
        if current:
            runs.append("".join(current))
            current = []
        i += step
    runs.append("".join(current))
    best = max(runs, key=len)
    return best.lower() if len(best) >= 3 else ""


def _token_at(regex: str, i: int) -> tuple[int, str | None]:
    """The length of the pattern item at ``i`` and the character it matches when it is a plain
    keyword character (None for classes, escapes of classes, groups and operators)."""
    c = regex[i]
    if c == "\\":
        nxt = regex[i + 1 : i + 2]
        return 2, nxt if nxt in _LITERAL_ESCAPES else None
    if c == "[":
        j = i + 1 + (regex[i + 1 : i + 2] == "^")
        j += regex[j : j + 1] == "]"
        while j < len(regex) and regex[j] != "]":
            j += 2 if regex[j] == "\\" else 1
        return j + 1 - i, None
    if c == "{":
        m = _COUNTED.match(regex, i)
        if m:
            return m.end() - i, None
    return 1, c if c in _KEYWORD_CHARS else None


class LexiconDetector(Detector):
    """A detector driven by one lexicon file; subclasses set ``resource`` and ``kinds``."""

    resource: ClassVar[str] = ""
    kinds: ClassVar[tuple[str, ...]] = ()
    label: ClassVar[str] = "translation trap"

    def check(self, source: Source, ctx: Context) -> Iterable[Finding]:
        found = []
        entries = [e for e in load_lexicon(self.resource) if not self.kinds or e.kind in self.kinds]
        for entry, m in lexicon_matches(source, entries):
            group = "s" if "s" in entry.pattern.groupindex and m.group("s") is not None else 0
            start, end = m.span(group)
            suggestion = m.expand(entry.suggestion) if entry.suggestion else ""
            text = source.text[start:end]
            found.append(
                Finding(
                    source=source.id, start=start, end=end, text=text, code=self.code,
                    category=self.category, severity=entry.severity,
                    message=f"{self.label}: {entry.note}" if entry.note else self.label,
                    suggestion=suggestion,
                    evidence=(Evidence(note=_row_note(self.resource, entry, suggestion)),),
                    confidence=entry.confidence, detector=self.name,
                )
            )
        return keep_longest(found)


def _row_note(resource: str, entry: LexiconEntry, suggestion: str) -> str:
    """The evidence of a lexicon match: the row, the source-language wording, where it is documented."""
    note = f"{resource}:{entry.line}: {entry.origin} → {suggestion or entry.suggestion}"
    return f"{note} (documented: {entry.reference})" if entry.reference else note
