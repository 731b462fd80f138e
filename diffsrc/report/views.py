"""The records of the view model: what one page shows, as frozen dataclasses the templates read."""

from __future__ import annotations

from dataclasses import dataclass

from diffsrc.model import Finding


@dataclass(frozen=True)
class Category:
    """An artefact category as shown: key, name, badge text, colour and CSS class."""

    key: str
    label: str
    short: str
    colour: str
    css: str
    ink: str = "#ffffff"  # badge text colour readable on ``colour``


@dataclass(frozen=True)
class Link:
    """A labelled link, with an optional quote."""

    label: str
    href: str
    text: str = ""
    note: str = ""


@dataclass(frozen=True)
class Mark:
    """A finding or a fact claim placed on a source's text (independent of the page showing it)."""

    id: str
    kind: str  # "finding" or "claim"
    source: str
    start: int
    end: int
    text: str
    category: str  # artefact category, or the strongest fact kind for a claim
    severity: str  # "" for claims
    icon: str
    label: str
    message: str
    suggestion: str
    code: str
    confidence: float
    finding: Finding | None
    facts: tuple[int, ...]  # ranks of the facts a claim belongs to
    rank: int  # display order among overlapping marks


@dataclass(frozen=True)
class MarkView:
    """A mark as shown in one context: its anchor, its note and its links."""

    mark: Mark
    anchor: str
    note_id: str
    css: str
    aria: str
    evidence: tuple[Link, ...]
    counterparts: tuple[Link, ...]
    source_label: str
    slug: str
    home: str  # link to the mark on its source page
    more: str = ""  # "and 53 more ..." when evidence or counterparts were left out of the note


@dataclass(frozen=True)
class Segment:
    """A piece of paragraph text and the marks covering it."""

    text: str
    marks: tuple[MarkView, ...]
    opening: tuple[MarkView, ...]
    css: str
    findings: str
    claims: str
    control: str = ""  # "U+202E" when the text is one invisible control character, shown by its code


@dataclass(frozen=True)
class ParagraphView:
    """A paragraph with its text split into marked segments."""

    source: str
    slug: str
    index: int
    number: int
    anchor: str
    lang: str
    kind: str
    segments: tuple[Segment, ...]
    href: str  # the paragraph on its source page (from side-by-side) or in side-by-side (from a source page)


@dataclass(frozen=True)
class Bar:
    """One coloured piece of a horizontal bar chart (SVG user units)."""

    x: float
    width: float
    colour: str
    title: str


@dataclass(frozen=True)
class SourceRow:
    """A source in the overview table."""

    id: str
    slug: str
    label: str
    outlet: str
    title: str
    lang: str
    date: str
    words: int
    artefacts: int
    density: str
    high: int
    verdict: str
    verdict_css: str
    reasons: tuple[str, ...]
    brief: tuple[str, ...]  # the first reasons, for the overview table
    relations: tuple[str, ...]
    href: str
    bars: tuple[Bar, ...]
    bar_end: float
    ticks: tuple[Bar, ...]  # where in the text the findings are, on a strip STRIP_WIDTH wide


@dataclass(frozen=True)
class MatrixCell:
    """One cell of the source x source matrix."""

    diagonal: bool
    share: str
    heat: str
    agreements: int
    contradictions: int
    title: str


@dataclass(frozen=True)
class ClaimView:
    """A claim of a fact, as listed in the overview."""

    source_label: str
    lang: str
    text: str
    value: str
    sbs_href: str
    source_href: str


@dataclass(frozen=True)
class FactView:
    """An agreement, contradiction or omission with its claims."""

    anchor: str
    kind: str
    icon: str
    topic: str
    message: str
    reason: str
    confidence: str
    claims: tuple[ClaimView, ...]
    sources: str  # space-separated slugs, for the source filter
    compare: str = ""  # a contradiction's view with its sentences side by side
    hidden: int = 0  # claims past the ones listed


@dataclass(frozen=True)
class Side:
    """One side of a contradiction: the sentence holding the claim, the claim marked in it."""

    source_label: str
    slug: str
    lang: str
    value: str
    before: str
    claim: str
    after: str
    mark: str  # the claim's mark in the side-by-side table
    row: str  # the table row of its paragraph
    also: tuple[str, ...] = ()  # other sources with the very same sentence and claim


@dataclass(frozen=True)
class Value:
    """One value a contradiction's sources give, with the sentences that give it."""

    value: str
    sides: tuple[Side, ...]
    sources: int


@dataclass(frozen=True)
class Conflict:
    """A contradiction shown with its sentences next to each other, one side per distinct claim."""

    anchor: str
    topic: str
    reason: str
    message: str
    confidence: str
    values: tuple[Value, ...]  # shown as columns: the values that disagree stand next to each other
    sources: str  # space-separated slugs, for the source filter


@dataclass(frozen=True)
class FindingRow:
    """A finding in a list (overview's worst artefacts, a source page's notes)."""

    view: MarkView
    category: Category
    context_before: str
    context_after: str
    paragraph: int = 0  # the paragraph's number (1-based), 0 when between paragraphs


@dataclass(frozen=True)
class NoteGroup:
    """Findings of one source that say the same thing (code, severity, message and evidence
    notes): every member with its paragraph and context, in text order."""

    members: tuple[FindingRow, ...]

    @property
    def first(self) -> MarkView:
        """The note shown for the group: its first member's."""
        return self.members[0].view

    @property
    def count(self) -> int:
        """How many findings the note stands for."""
        return len(self.members)


@dataclass(frozen=True)
class CategoryRow:
    """An artefact category with its count per source."""

    category: Category
    counts: tuple[int, ...]
    total: int


@dataclass(frozen=True)
class Cell:
    """A source's cell in a side-by-side row."""

    slug: str
    lang: str
    paragraphs: tuple[ParagraphView, ...]
    only: str  # "only in X" label of a paragraph no other source reports, else ""
    shown: bool = True  # False: a column hidden at first, its content kept inert until ticked


@dataclass(frozen=True)
class Row:
    """A side-by-side row: paragraphs of several sources that report the same thing."""

    anchor: str
    number: int
    cells: tuple[Cell, ...]
    unaligned: bool  # paragraphs no other source reports
    strength: str
    score: str

    @property
    def sources(self) -> str:
        """The columns (slugs) with a paragraph in this row, space-separated (``data-srcs``)."""
        return " ".join(c.slug for c in self.cells if c.paragraphs)

    @property
    def shown(self) -> bool:
        """False when every paragraph of the row is in a column hidden at first: the row is folded
        away until one of them is ticked, instead of showing a row of empty cells."""
        return any(c.paragraphs and c.shown for c in self.cells)


@dataclass(frozen=True)
class Filter:
    """A checkbox of the filter bar."""

    group: str
    value: str
    label: str
    count: int
    css: str
    checked: bool = True  # a source column beyond the ones shown at first starts unticked


@dataclass(frozen=True)
class SourceHead:
    """A column header / source reference."""

    id: str
    slug: str
    label: str
    lang: str
    href: str
    shown: bool = True


@dataclass(frozen=True)
class ScoreTable:
    """Reference-based scores of a source (BLEU, chrF, TER) against each reference."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[str, ...]], ...]
    notes: tuple[str, ...] = ()
    signatures: tuple[str, ...] = ()


@dataclass(frozen=True)
class SourcePage:
    """Everything on a source's page."""

    id: str
    slug: str
    label: str
    section: str
    row: SourceRow
    url: str | None
    url_text: str
    notes: str
    path: str
    encoding: str
    format: str
    issues: tuple[str, ...]
    by_severity: tuple[tuple[str, int], ...]
    by_category: tuple[tuple[Category, int], ...]
    scores: ScoreTable | None
    paragraphs: tuple[ParagraphView, ...]
    findings: tuple[FindingRow, ...]
    claims: tuple[MarkView, ...]
    sbs_href: str
    finding_notes: tuple[NoteGroup, ...] = ()  # the findings' notes, repeated ones grouped
    stored: tuple[MarkView, ...] = ()  # the grouped findings' own notes, for their tooltips


@dataclass(frozen=True)
class Nav:
    """Links of the page header."""

    overview: str
    sbs: str
    sources: tuple[SourceHead, ...]
    current: str
    filters_open: bool
    folded: bool = False  # many sources: their links fold into a list that opens


@dataclass(frozen=True)
class Overview:
    """The overview page."""

    headline: tuple[str, ...]
    sources: tuple[SourceRow, ...]
    heads: tuple[SourceHead, ...]
    matrix: tuple[tuple[SourceHead, tuple[MatrixCell, ...]], ...]
    contradictions: tuple[FactView, ...]
    omissions: tuple[FactView, ...]
    agreements: tuple[FactView, ...]
    categories: tuple[CategoryRow, ...]
    worst: tuple[FindingRow, ...]
    warnings: tuple[str, ...]
    chart_width: int


@dataclass(frozen=True)
class SideBySide:
    """The side-by-side page."""

    heads: tuple[SourceHead, ...]
    rows: tuple[Row, ...]
    notes: tuple[MarkView, ...]
    conflicts: tuple[Conflict, ...] = ()
    shown: tuple[str, ...] = ()  # slugs of the columns shown at first


@dataclass(frozen=True)
class Footer:
    """What made the report."""

    version: str
    settings: tuple[tuple[str, str], ...]
    timestamp: str | None


@dataclass(frozen=True)
class Page:
    """One HTML page (or the single-file report): the sections it shows and shared parts."""

    title: str
    here: str
    single: bool
    nav: Nav
    filters: tuple[Filter, ...]
    categories: tuple[Category, ...]
    footer: Footer
    overview: Overview | None = None
    side_by_side: SideBySide | None = None
    sources: tuple[SourcePage, ...] = ()
