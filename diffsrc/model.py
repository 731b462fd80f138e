"""The data model: immutable records with character offsets into decoded source text.

Every span (``start``, ``end``) is a pair of code-point offsets into ``Source.text``, the text
exactly as decoded from the file (or as extracted from HTML), so ``source.text[start:end]`` is
always the quoted ``text``. Nothing here knows how records are computed or rendered.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Literal

Severity = Literal["high", "medium", "low"]
Strength = Literal["same", "related"]
FactKind = Literal["agreement", "contradiction", "omission"]
ParagraphKind = Literal["body", "heading", "junk", "byline"]

SEVERITY_ORDER: dict[str, int] = {"high": 0, "medium": 1, "low": 2}


@dataclass(frozen=True)
class Span:
    """A half-open character range ``[start, end)`` in one source's text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"invalid span {self.start}..{self.end}")

    def overlaps(self, other: Span) -> bool:
        """True when the two spans share at least one character."""
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class Sentence:
    """A sentence of a paragraph; offsets are into the source text."""

    index: int
    start: int
    end: int


@dataclass(frozen=True)
class Paragraph:
    """One line-delimited block of a source, with its language and sentences."""

    index: int
    start: int
    end: int
    lang: str
    kind: ParagraphKind = "body"
    sentences: tuple[Sentence, ...] = ()


@dataclass(frozen=True)
class SourceMeta:
    """Descriptive metadata, from a manifest or inferred from the file."""

    outlet: str = ""
    title: str = ""
    date: str = ""
    url: str = ""
    lang: str = ""
    # e.g. {"machine_translation_of": "nyt-0217", "spun_copy_of": "..."}
    relations: Mapping[str, str] = field(default_factory=dict)
    notes: str = ""


@dataclass(frozen=True)
class IngestIssue:
    """Something noticed while reading a source (mojibake, mixed language, ...)."""

    code: str
    message: str
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class Source:
    """A decoded article: its text, where it came from and how it splits into paragraphs."""

    id: str
    path: str
    text: str
    sha256: str
    lang: str
    encoding: str
    format: str
    paragraphs: tuple[Paragraph, ...]
    meta: SourceMeta = SourceMeta()
    issues: tuple[IngestIssue, ...] = ()

    def span_text(self, start: int, end: int) -> str:
        """The source text between two offsets."""
        return self.text[start:end]

    def paragraph_text(self, index: int) -> str:
        """The text of paragraph ``index``."""
        p = self.paragraphs[index]
        return self.text[p.start : p.end]

    def paragraph_at(self, offset: int) -> Paragraph | None:
        """The paragraph holding a character offset, if any."""
        for p in self.paragraphs:
            if p.start <= offset < p.end or (p.start == offset == p.end):
                return p
        return None

    @cached_property
    def layout_digest(self) -> str:
        """SHA-256 of the segmentation (paragraph and sentence offsets, kinds and languages), to
        key cached per-source work that depends on it without hashing the records' repr."""
        layout = [(p.index, p.start, p.end, p.lang, p.kind, [(x.index, x.start, x.end) for x in p.sentences]) for p in self.paragraphs]
        return hashlib.sha256(repr(layout).encode("utf-8")).hexdigest()

    @property
    def label(self) -> str:
        """A short human name: the outlet when known, else the id."""
        return self.meta.outlet or self.id

    @cached_property
    def words(self) -> int:
        """Number of whitespace-separated words in the text, junk paragraphs (filler, noise) left out.

        Kept once computed: reports ask for it hundreds of times, and a 3 MB text takes 0.03 s.
        """
        words = len(self.text.split())
        for p in self.paragraphs:
            if p.kind == "junk":
                words -= len(self.text[p.start : p.end].split())
        return words


def with_layout_digest(source: Source, digest: str) -> Source:
    """``source`` with its ``layout_digest`` set to a value computed earlier for the same source
    (a cache keeps it with the source's records); ValueError when it is not a SHA-256 digest."""
    if len(digest) != 64 or digest.strip("0123456789abcdef"):
        raise ValueError(f"not a SHA-256 digest: {digest[:80]!r}")
    source.__dict__["layout_digest"] = digest  # where functools.cached_property keeps it
    return source


@dataclass(frozen=True)
class ParaRef:
    """A paragraph of a source."""

    source: str
    paragraph: int


def paragraph_refs() -> Callable[[str, int], ParaRef]:
    """A function giving one ``ParaRef`` per (source, paragraph): the many alignments of a
    paragraph share one immutable record instead of each holding its own."""
    refs: dict[tuple[str, int], ParaRef] = {}

    def ref(source: str, paragraph: int) -> ParaRef:
        got = refs.get((source, paragraph))
        if got is None:
            got = refs[(source, paragraph)] = ParaRef(source, paragraph)
        return got

    return ref


@dataclass(frozen=True)
class SentencePair:
    """Sentence ``a`` of an alignment's first paragraph matches sentence ``b`` of its second
    (indexes into each paragraph's ``sentences``), with the margin that linked them."""

    a: int
    b: int
    margin: float


@dataclass(frozen=True)
class Alignment:
    """A link between two paragraphs of different sources that report the same facts."""

    a: ParaRef
    b: ParaRef
    score: float
    strength: Strength
    signals: Mapping[str, float] = field(default_factory=dict)
    shared: tuple[str, ...] = ()
    sentences: tuple[SentencePair, ...] = ()  # which sentence matches which, when sentences were linked


@dataclass(frozen=True)
class Evidence:
    """Support for a finding: a quote from another (or the same) source, or a resource note."""

    note: str
    source: str | None = None
    start: int | None = None
    end: int | None = None
    text: str = ""


@dataclass(frozen=True)
class Finding:
    """An artefact flagged in one source: an exact span, what it is and what it probably was."""

    source: str
    start: int
    end: int
    text: str
    code: str
    category: str
    severity: Severity
    message: str
    suggestion: str = ""
    evidence: tuple[Evidence, ...] = ()
    confidence: float = 0.5
    detector: str = ""


@dataclass(frozen=True)
class Claim:
    """A checkable statement in a source: a number, a weekday, a place, a quote, a list..."""

    source: str
    paragraph: int
    start: int
    end: int
    text: str
    kind: str
    value: str
    key: str = ""
    lang: str = "en"


@dataclass(frozen=True)
class Fact:
    """Agreement, contradiction or omission between claims of aligned paragraphs."""

    kind: FactKind
    topic: str
    claims: tuple[Claim, ...]
    reason: str = ""
    confidence: float = 0.5
    message: str = ""


@dataclass(frozen=True)
class SourceSummary:
    """Translation-quality summary of a source."""

    source: str
    words: int
    artefacts: int
    per_1000_words: float
    by_severity: Mapping[str, int]
    by_category: Mapping[str, int]
    verdict: str
    reasons: tuple[str, ...] = ()
    scores: Mapping[str, Mapping[str, object]] = field(default_factory=dict)


@dataclass(frozen=True)
class Analysis:
    """Everything one comparison found; the input of every renderer."""

    sources: tuple[Source, ...]
    alignments: tuple[Alignment, ...]
    findings: tuple[Finding, ...]
    facts: tuple[Fact, ...]
    summaries: tuple[SourceSummary, ...]
    signature: Mapping[str, object]
    warnings: tuple[str, ...] = ()

    def with_warnings(self, warnings: tuple[str, ...]) -> Analysis:
        """A copy with more warnings."""
        return replace(self, warnings=self.warnings + tuple(warnings))

    def source(self, source_id: str) -> Source:
        """The source with this id."""
        for s in self.sources:
            if s.id == source_id:
                return s
        raise KeyError(source_id)
