"""View model of the HTML report: everything the templates show, computed ahead of rendering.

The templates only loop and print. All decisions live here: the order of sources, findings and
facts, the rows of the side-by-side view, the split of each paragraph into non-overlapping text
segments carrying the marks that cover them, link targets and chart geometry. Source text is kept
as plain strings; escaping is left to Jinja's autoescape.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace

from diffsrc import __version__
from diffsrc.analysis import values
from diffsrc.model import SEVERITY_ORDER, Analysis, Claim, Paragraph, Source, SourceSummary
from diffsrc.report import listed, notes, plural
from diffsrc.report.display import (
    CATEGORIES,
    FACT_CLAIMS,
    FACT_ICONS,
    FACT_LABELS,
    FACT_ORDER,
    NOTE_LINKS,
    SEVERITIES,
    SEVERITY_ICONS,
    SHOWN_COLUMNS,
    SIDE_CONTEXT,
    STRIP_WIDTH,
    category,
    clip_message,
    compact,
    first_items,
    ink,
    left_out,
    score_table,
    verdict_css,
    visible_controls,
)
from diffsrc.report.links import PAGE_OVERVIEW, PAGE_SBS, Linker, safe_url, section_id, slugify, source_page
from diffsrc.report.rows import MAX_PER_SOURCE, Group, align_rows
from diffsrc.report.segments import CONTROL_CHARS, Piece, split_spans
from diffsrc.report.views import (
    Bar,
    Category,
    CategoryRow,
    Cell,
    ClaimView,
    Conflict,
    FactView,
    Filter,
    FindingRow,
    Footer,
    Link,
    Mark,
    MarkView,
    MatrixCell,
    Nav,
    Overview,
    Page,
    ParagraphView,
    Row,
    ScoreTable,
    Segment,
    Side,
    SideBySide,
    SourceHead,
    SourcePage,
    SourceRow,
    Value,
)


class Model:
    """Shared, page-independent data: ranked facts, marks, rows; pages are built from it."""

    def __init__(self, analysis: Analysis, timestamp: str | None = None) -> None:
        self.analysis = analysis
        self.timestamp = timestamp
        self.sources = analysis.sources
        self.order = {s.id: i for i, s in enumerate(self.sources)}
        self.slugs = self._slugs(self.sources)
        self.summaries: dict[str, SourceSummary] = {s.source: s for s in analysis.summaries}
        outlets = Counter(s.label for s in self.sources)
        self.labels = {
            s.id: s.label if outlets[s.label] == 1 or s.label == s.id else f"{s.label} ({s.id})" for s in self.sources
        }
        self.facts = sorted(
            analysis.facts,
            key=lambda f: (
                FACT_ORDER.get(f.kind, 3),
                -f.confidence,
                -len({c.source for c in f.claims}),
                f.topic,
                tuple((self.order.get(c.source, 0), c.start) for c in f.claims),
            ),
        )
        self.findings = sorted(
            (f for f in analysis.findings if f.source in self.order),
            key=lambda f: (self.order[f.source], f.start, f.end, f.code, f.message),
        )
        self.marks = self._marks()
        self.by_source: dict[str, list[Mark]] = defaultdict(list)
        for m in self.marks:
            self.by_source[m.source].append(m)
        self.claim_mark: dict[tuple[str, int, int], Mark] = {
            (m.source, m.start, m.end): m for m in self.marks if m.kind == "claim"
        }
        self.categories = tuple(category(k) for k in sorted({f.category for f in self.findings}))
        # Where each mark opens and which paragraphs it touches, computed once for all pages.
        self.opens: dict[str, int] = {}
        self.touching: dict[tuple[str, int], list[Mark]] = defaultdict(list)
        for src in self.sources:
            for m in self.by_source.get(src.id, []):
                self.opens[m.id] = self._shown_start(src, m)
                for p in src.paragraphs:
                    if (m.start < p.end and m.end > p.start) or (m.start == m.end and p.start <= m.start <= p.end):
                        self.touching[(src.id, p.index)].append(m)
        self.shown = self._shown_sources()

    # ----------------------------------------------------------------- shared data

    @staticmethod
    def _slugs(sources: Sequence[Source]) -> dict[str, str]:
        out: dict[str, str] = {}
        used: set[str] = set()
        for s in sources:
            base = slugify(s.id)
            slug, n = base, 2
            while slug in used:
                slug, n = f"{base}-{n}", n + 1
            used.add(slug)
            out[s.id] = slug
        return out

    def _shown_sources(self) -> frozenset[str]:
        """The sources whose columns the side-by-side page shows at first: all of them up to
        SHOWN_COLUMNS, else those with the most contradiction claims, then the most findings,
        the first of each language among them."""
        if len(self.sources) <= SHOWN_COLUMNS:
            return frozenset(s.id for s in self.sources)
        contra = Counter(c.source for f in self.facts if f.kind == "contradiction" for c in f.claims)
        found = Counter(f.source for f in self.findings)
        ranked = sorted(self.sources, key=lambda s: (-contra[s.id], -found[s.id], self.order[s.id]))
        # the first of each language goes first, so a French and an English text face each other
        firsts = list({s.lang: s for s in reversed(ranked)}.values())
        picked = [s for s in ranked if s in firsts][:SHOWN_COLUMNS]
        picked += [s for s in ranked if s not in picked][: SHOWN_COLUMNS - len(picked)]
        return frozenset(s.id for s in picked)

    def label(self, source_id: str) -> str:
        """The outlet (or id) of a source, with the id when two sources share an outlet."""
        return self.labels.get(source_id, source_id)

    def _marks(self) -> list[Mark]:
        marks: list[Mark] = []
        for n, f in enumerate(self.findings, 1):
            cat = category(f.category)
            marks.append(
                Mark(
                    id=f"f{n}", kind="finding", source=f.source, start=f.start, end=f.end, text=f.text,
                    category=f.category, severity=f.severity, icon=cat.short, label=cat.label,
                    message=f.message, suggestion=f.suggestion, code=f.code, confidence=f.confidence,
                    finding=f, facts=(), rank=SEVERITY_ORDER.get(f.severity, 3),
                )
            )
        grouped: dict[tuple[str, int, int], list[tuple[int, Claim]]] = defaultdict(list)
        for rank, fact in enumerate(self.facts):
            for c in fact.claims:
                if c.source in self.order:
                    grouped[(c.source, c.start, c.end)].append((rank, c))
        keys = sorted(grouped, key=lambda k: (self.order[k[0]], k[1], k[2]))
        for n, key in enumerate(keys, 1):
            entries = grouped[key]
            ranks = tuple(sorted({r for r, _ in entries}))
            kinds = sorted({self.facts[r].kind for r in ranks}, key=lambda k: FACT_ORDER.get(k, 3))
            kind = kinds[0]
            claim = entries[0][1]
            topics = first_items("; ", [self.facts[r].topic for r in ranks if self.facts[r].topic], "topic")
            messages = first_items(" ", [clip_message(self.facts[r].message) for r in ranks if self.facts[r].message], "fact")
            marks.append(
                Mark(
                    id=f"c{n}", kind="claim", source=key[0], start=key[1], end=key[2], text=claim.text,
                    category=kind, severity="", icon=FACT_ICONS.get(kind, "?"),
                    label=" / ".join(FACT_LABELS.get(k, k) for k in kinds) + (f": {topics}" if topics else ""),
                    message=messages, suggestion="", code=claim.kind, confidence=0.0, finding=None,
                    facts=ranks, rank=10 + FACT_ORDER.get(kind, 3),
                )
            )
        return marks

    # ----------------------------------------------------------------- contexts

    def _page_of(self, source_id: str) -> str:
        return source_page(self.slugs.get(source_id, slugify(source_id)))

    def _para_anchor(self, ctx: str, source_id: str, index: int) -> str:
        return f"{ctx}-p-{self.slugs.get(source_id, slugify(source_id))}-{index + 1}"

    def _mark_href(self, ctx: str, linker: Linker, m: Mark) -> str:
        page = PAGE_SBS if ctx == "sbs" else self._page_of(m.source)
        return linker.to(page, f"{ctx}-{m.id}")

    def mark_view(self, m: Mark, ctx: str, linker: Linker) -> MarkView:
        """A mark seen from a context: ``sbs`` (side by side), ``src`` (source page) or ``ov``."""
        anchor_ctx = "sbs" if ctx == "ov" else ctx
        evidence: list[Link] = []
        if m.finding is not None:
            for e in m.finding.evidence:
                href = ""
                if e.source in self.order and e.start is not None:
                    para = self.sources[self.order[e.source]].paragraph_at(e.start)
                    if para is not None:
                        page = PAGE_SBS if anchor_ctx == "sbs" else self._page_of(e.source)
                        href = linker.to(page, self._para_anchor(anchor_ctx, e.source, para.index))
                label = self.label(e.source) if e.source else ""
                evidence.append(Link(label=label, href=href, text=e.text, note=e.note))
        counterparts: list[Link] = []
        seen: set[str] = {m.id}
        for r in m.facts:
            for c in self.facts[r].claims:
                other = self.claim_mark.get((c.source, c.start, c.end))
                if other is None or other.id in seen:
                    continue
                seen.add(other.id)
                counterparts.append(
                    Link(label=self.label(c.source), href=self._mark_href(anchor_ctx, linker, other), text=c.text)
                )
        if m.kind == "finding":
            css = f"sev-{m.severity} {category(m.category).css}"
            aria = f"{m.label}, {m.severity} severity: {m.message}"
        else:
            css = f"fk-{m.category}"
            aria = m.label
        return MarkView(
            mark=m, anchor=f"{anchor_ctx}-{m.id}", note_id=f"note-{anchor_ctx}-{m.id}", css=css, aria=aria,
            evidence=tuple(evidence[:NOTE_LINKS]), counterparts=tuple(counterparts[:NOTE_LINKS]),
            more=left_out(len(evidence) - NOTE_LINKS, len(counterparts) - NOTE_LINKS), source_label=self.label(m.source),
            slug=self.slugs.get(m.source, slugify(m.source)),
            home=linker.to(self._page_of(m.source), f"src-{m.id}"),
        )

    def _shown_start(self, source: Source, m: Mark) -> int:
        """Where a mark opens: its start, or the start of the first paragraph it reaches when it
        starts between paragraphs (so its badge is shown once, in that paragraph)."""
        for p in source.paragraphs:
            if p.end > m.start or (p.end == m.start == m.end):
                return max(m.start, p.start) if p.start < m.end or m.start == m.end else m.start
        return m.start

    def paragraph(
        self, source: Source, p: Paragraph, ctx: str, linker: Linker, views: Mapping[str, MarkView]
    ) -> ParagraphView:
        """A paragraph split into segments by the marks of its source."""
        spans = [(self.opens[m.id], m.end, views[m.id]) for m in self.touching.get((source.id, p.index), []) if m.id in views]
        spans.sort(key=lambda x: (x[2].mark.rank, x[0], x[2].mark.id))
        segments = []
        for piece in split_spans(p.start, p.end, spans):
            active = piece.active
            findings = [v for v in active if v.mark.kind == "finding"]
            claims = [v for v in active if v.mark.kind == "claim"]
            css = []
            if active:
                css.append("seg")
            if findings:
                css.append(findings[0].css)
                css.append("has-f")
                if len(findings) > 1:
                    css.append("multi")
            if claims:
                css.append(claims[0].css)
                css.append("has-c")
            text = source.text[piece.start : piece.end]
            opening = piece.opening
            for part in CONTROL_CHARS.split(text):
                if not part and text:
                    continue
                segments.append(
                    Segment(
                        text=part, marks=active, opening=opening, css=" ".join(css),
                        findings=" ".join(v.mark.id for v in findings), claims=" ".join(v.mark.id for v in claims),
                        control=f"U+{ord(part):04X}" if CONTROL_CHARS.fullmatch(part) else "",
                    )
                )
                opening = ()
        slug = self.slugs[source.id]
        other = f"sbs-p-{slug}-{p.index + 1}" if ctx == "src" else f"src-p-{slug}-{p.index + 1}"
        return ParagraphView(
            source=source.id, slug=slug, index=p.index, number=p.index + 1,
            anchor=f"{ctx}-p-{slug}-{p.index + 1}", lang=p.lang or source.lang, kind=p.kind,
            segments=tuple(segments),
            href=linker.to(PAGE_SBS if ctx == "src" else self._page_of(source.id), other),
        )

    # ----------------------------------------------------------------- pages

    def heads(self, linker: Linker) -> tuple[SourceHead, ...]:
        """Column headers: one per source, linking to its page."""
        return tuple(
            SourceHead(
                s.id, self.slugs[s.id], self.label(s.id), s.lang, linker.to(self._page_of(s.id)), s.id in self.shown
            )
            for s in self.sources
        )

    def nav(self, linker: Linker) -> Nav:
        """Header links of a page."""
        return Nav(
            linker.to(PAGE_OVERVIEW), linker.to(PAGE_SBS), self.heads(linker), linker.here,
            filters_open=linker.single or linker.here != PAGE_OVERVIEW, folded=len(self.sources) > SHOWN_COLUMNS,
        )

    def filters(self) -> tuple[Filter, ...]:
        """Checkboxes: artefact categories, severities, fact kinds and sources present."""
        out: list[Filter] = []
        cats = Counter(f.category for f in self.findings)
        for c in self.categories:
            out.append(Filter("cat", c.key, c.label, cats[c.key], c.css))
        sev: Counter[str] = Counter(f.severity for f in self.findings)
        for level in SEVERITIES:
            out.append(Filter("sev", level, f"{SEVERITY_ICONS[level]} {level}", sev.get(level, 0), f"sev-{level}"))
        kinds: Counter[str] = Counter(f.kind for f in self.facts)
        for k in FACT_ORDER:
            out.append(Filter("fact", k, f"{FACT_ICONS[k]} {FACT_LABELS[k].lower()}", kinds.get(k, 0), f"fk-{k}"))
        per_source = Counter(m.source for m in self.marks)
        for s in self.sources:
            out.append(Filter("src", self.slugs[s.id], self.label(s.id), per_source.get(s.id, 0), "", s.id in self.shown))
        return tuple(out)

    def footer(self) -> Footer:
        """Version, analysis settings and the optional timestamp."""
        sig = self.analysis.signature
        settings = []
        for key in sorted(sig):
            if key == "diffsrc":
                continue
            value = sig[key]
            if isinstance(value, Mapping):
                text = ", ".join(f"{k}={compact(v)}" for k, v in sorted(value.items()) if compact(v))
            else:
                text = compact(value)
            if text:
                settings.append((key, text))
        return Footer(__version__, tuple(settings), self.timestamp)

    def source_row(self, s: Source, linker: Linker, scale: float, width: int) -> SourceRow:
        """A line of the overview's source table, with its density bar."""
        summ = self.summaries.get(s.id)
        words = summ.words if summ else s.words
        count = summ.artefacts if summ else sum(1 for f in self.findings if f.source == s.id)
        density = summ.per_1000_words if summ else (1000 * count / max(1, words))
        by_cat = summ.by_category if summ else Counter(f.category for f in self.findings if f.source == s.id)
        bars: list[Bar] = []
        x = 0.0
        total = sum(by_cat.values()) or 1
        for key in sorted(by_cat):
            n = by_cat[key]
            if n <= 0:
                continue
            w = width * (density / scale if scale else 0.0) * n / total
            c = category(key)
            bars.append(Bar(round(x, 2), round(w, 2), c.colour, f"{c.label}: {n}"))
            x += w
        verdict = summ.verdict if summ else ""
        relations = tuple(
            f"{k.replace('_', ' ')}: {v}" for k, v in sorted(s.meta.relations.items())
        )
        return SourceRow(
            id=s.id, slug=self.slugs[s.id], label=self.label(s.id), outlet=s.meta.outlet, title=s.meta.title,
            lang=s.lang, date=s.meta.date, words=words, artefacts=count, density=f"{density:.1f}",
            high=(summ.by_severity.get("high", 0) if summ else 0), verdict=verdict or "not assessed",
            verdict_css=verdict_css(verdict) if verdict else "none", reasons=tuple(summ.reasons) if summ else (),
            brief=tuple(summ.reasons[:2]) if summ else (),
            relations=relations, href=linker.to(self._page_of(s.id)), bars=tuple(bars), bar_end=round(x, 2),
            ticks=self._ticks(s),
        )

    def _ticks(self, s: Source) -> tuple[Bar, ...]:
        """One tick per finding at its position in the text: spread out (translation) or bunched."""
        size = max(1, len(s.text))
        ticks = []
        for m in self.by_source.get(s.id, []):
            if m.kind != "finding":
                continue
            c = category(m.category)
            x = round(STRIP_WIDTH * m.start / size, 1)
            ticks.append(Bar(min(x, STRIP_WIDTH - 2), 2.0, c.colour, f"{c.label}: {m.text}"))
        return tuple(ticks)

    def source_rows(self, linker: Linker, width: int = 160) -> tuple[SourceRow, ...]:
        """All sources for the overview table, bars on a common scale."""
        densities = [
            self.summaries[s.id].per_1000_words if s.id in self.summaries else 0.0 for s in self.sources
        ]
        scale = max(densities + [1.0])
        return tuple(self.source_row(s, linker, scale, width) for s in self.sources)

    def matrix(self, linker: Linker) -> tuple[tuple[SourceHead, tuple[MatrixCell, ...]], ...]:
        """Share of a row source's body paragraphs aligned with the column source, and fact counts."""
        linked: dict[tuple[str, str], set[int]] = defaultdict(set)
        for a in self.analysis.alignments:
            linked[(a.a.source, a.b.source)].add(a.a.paragraph)
            linked[(a.b.source, a.a.source)].add(a.b.paragraph)
        pair_facts: Counter[tuple[str, str, str]] = Counter()
        for f in self.facts:
            srcs = sorted({c.source for c in f.claims})
            for x in srcs:
                for y in srcs:
                    if x != y:
                        pair_facts[(f.kind, x, y)] += 1
        rows = []
        heads = self.heads(linker)
        terse = len(self.sources) > SHOWN_COLUMNS
        for s, head in zip(self.sources, heads, strict=True):
            body = {p.index for p in s.paragraphs if p.kind == "body"}
            cells = []
            for t in self.sources:
                if s.id == t.id:
                    cells.append(MatrixCell(True, "", "0", 0, 0, f"{len(body)} body paragraphs"))
                    continue
                share = len(linked[(s.id, t.id)] & body) / len(body) if body else 0.0
                agree = pair_facts[("agreement", s.id, t.id)]
                contra = pair_facts[("contradiction", s.id, t.id)]
                # Past SHOWN_COLUMNS sources the cells are terse (no title, no zero counts): the
                # matrix is the one part of the report that grows with the square of the sources.
                title = "" if terse else (
                    f"{share:.0%} of {self.label(s.id)}'s paragraphs align with {self.label(t.id)}; "
                    f"{agree} agreements, {contra} contradictions"
                )
                cells.append(MatrixCell(False, f"{share:.0%}", f"{share:.2f}", agree, contra, title))
            rows.append((head, tuple(cells)))
        return tuple(rows)

    def fact_view(self, rank: int, linker: Linker) -> FactView:
        """A fact with links to its claims in the side-by-side view and on source pages."""
        f = self.facts[rank]
        claims = []
        for c in f.claims:
            m = self.claim_mark.get((c.source, c.start, c.end))
            sbs = linker.to(PAGE_SBS, f"sbs-{m.id}") if m else linker.to(PAGE_SBS)
            src = linker.to(self._page_of(c.source), f"src-{m.id}") if m else linker.to(self._page_of(c.source))
            claims.append(ClaimView(self.label(c.source), c.lang, c.text, values.shown(c.kind, c.value), sbs, src))
        return FactView(
            anchor=f"fact-{rank + 1}", kind=f.kind, icon=FACT_ICONS.get(f.kind, "?"), topic=f.topic or f.reason,
            message=f.message, reason=f.reason, confidence=f"{f.confidence:.0%}", claims=tuple(claims[:FACT_CLAIMS]),
            hidden=max(0, len(claims) - FACT_CLAIMS),
            sources=" ".join(sorted({self.slugs[c.source] for c in f.claims if c.source in self.slugs})),
            compare=linker.to(PAGE_SBS, f"sbs-x{rank + 1}") if f.kind == "contradiction" else "",
        )

    def conflicts(self) -> tuple[Conflict, ...]:
        """Each contradiction with the sentences of its claims next to each other: one column per
        value, and in it one side per distinct sentence (the sources that copy it listed on it)."""
        out = []
        for rank, f in enumerate(self.facts):
            if f.kind != "contradiction":
                continue
            claims = list({(c.source, c.start, c.end): c for c in f.claims if c.source in self.order}.values())
            by_value: dict[str, dict[tuple[str, str, str], list[Side]]] = defaultdict(dict)
            for c in sorted(claims, key=lambda c: (self.order[c.source], c.start)):
                side = self._side(c)
                by_value[c.value].setdefault((side.before, side.claim, side.after), []).append(side)
            kinds = {c.value: c.kind for c in claims}  # a column is headed by its value in words
            columns = tuple(
                Value(values.shown(kinds[value], value) or value,
                      tuple(replace(same[0], also=tuple(x.source_label for x in same[1:])) for same in texts.values()),
                      sum(len(same) for same in texts.values()))
                for value, texts in by_value.items()
            )
            out.append(
                Conflict(
                    anchor=f"sbs-x{rank + 1}", topic=f.topic or f.reason, reason=f.reason, message=f.message,
                    confidence=f"{f.confidence:.0%}", values=columns,
                    sources=" ".join(sorted({self.slugs[c.source] for c in claims})),
                )
            )
        return tuple(out)

    def _side(self, c: Claim) -> Side:
        """The sentence around a claim, cut to SIDE_CONTEXT characters on each side of it."""
        s = self.sources[self.order[c.source]]
        para = s.paragraph_at(c.start)
        lo, hi = (para.start, para.end) if para else (c.start, c.end)
        for sent in para.sentences if para else ():
            if sent.start <= c.start < sent.end:
                lo, hi = sent.start, max(sent.end, c.end)
                break
        before, after = s.text[lo : c.start], s.text[c.end : hi]
        if len(before) > SIDE_CONTEXT:
            before = "…" + before[-SIDE_CONTEXT:].lstrip()
        if len(after) > SIDE_CONTEXT:
            after = after[:SIDE_CONTEXT].rstrip() + "…"
        m = self.claim_mark.get((c.source, c.start, c.end))
        return Side(
            source_label=self.label(c.source), slug=self.slugs[c.source], lang=c.lang, value=c.value,
            before=visible_controls(before), claim=visible_controls(c.text), after=visible_controls(after),
            mark=f"sbs-{m.id}" if m else "", row=self._para_anchor("sbs", c.source, para.index) if para else "",
        )

    def finding_row(self, view: MarkView, width: int = 40) -> FindingRow:
        """A finding with a little of the text around it."""
        s = self.sources[self.order[view.mark.source]]
        para = s.paragraph_at(view.mark.start)
        lo = para.start if para else 0
        hi = para.end if para else len(s.text)
        before = s.text[max(lo, view.mark.start - width) : view.mark.start]
        after = s.text[view.mark.end : min(hi, view.mark.end + width)]
        if view.mark.start - width > lo:
            before = "…" + before.lstrip()
        if view.mark.end + width < hi:
            after = after.rstrip() + "…"
        return FindingRow(view, category(view.mark.category), before, after, para.index + 1 if para else 0)

    def worst(self, limit: int, per_kind: int = 2) -> list[Mark]:
        """The most severe, most confident findings, at most ``per_kind`` of one category in one
        source before others get a place, so one noisy pattern does not fill the list."""
        ranked = sorted(
            (m for m in self.marks if m.kind == "finding"),
            key=lambda m: (m.rank, -m.confidence, self.order[m.source], m.start, m.id),
        )
        chosen: list[Mark] = []
        seen: Counter[tuple[str, str]] = Counter()
        for m in ranked:
            if len(chosen) < limit and seen[(m.source, m.category)] < per_kind:
                chosen.append(m)
                seen[(m.source, m.category)] += 1
        ids = {m.id for m in chosen}
        chosen += [m for m in ranked if m.id not in ids][: limit - len(chosen)]
        return sorted(chosen, key=ranked.index)

    def overview(self, linker: Linker, worst: int = 12) -> Overview:
        """The overview page: sources, matrix, contradictions, omissions, artefacts."""
        ranks = {k: [r for r, f in enumerate(self.facts) if f.kind == k] for k in FACT_ORDER}
        worst_marks = self.worst(worst)
        cats = []
        for c in self.categories:
            counts = tuple(sum(1 for f in self.findings if f.source == s.id and f.category == c.key) for s in self.sources)
            cats.append(CategoryRow(c, counts, sum(counts)))
        cats.sort(key=lambda r: (-r.total, r.category.label))
        return Overview(
            headline=self.headline(),
            sources=self.source_rows(linker),
            heads=self.heads(linker),
            matrix=self.matrix(linker),
            contradictions=tuple(self.fact_view(r, linker) for r in ranks["contradiction"]),
            omissions=tuple(self.fact_view(r, linker) for r in ranks["omission"]),
            agreements=tuple(self.fact_view(r, linker) for r in ranks["agreement"]),
            categories=tuple(cats),
            worst=tuple(self.finding_row(self.mark_view(m, "ov", linker)) for m in worst_marks),
            warnings=tuple(self.analysis.warnings),
            chart_width=160,
        )

    def headline(self) -> tuple[str, ...]:
        """Plain sentences for a reader in a hurry: who disagrees, which texts look machine-made."""
        lines = []
        contra = [f for f in self.facts if f.kind == "contradiction"]
        if contra:
            outlets = sorted({self.label(c.source) for f in contra for c in f.claims})
            topics = list(dict.fromkeys(f.topic for f in contra if f.topic))
            # topics hold colons and commas of their own: "; and N more", never "..., X and N more"
            more = f"; and {plural(len(topics) - 3, 'other topic')}" if len(topics) > 3 else ""
            lines.append(
                f"{plural(len(contra), 'contradiction')} {_among(outlets)}"
                + (f" on {'; '.join(topics[:3])}{more}." if topics else ".")
            )
        else:
            lines.append("No contradiction found between the sources.")
        flagged: dict[str, list[SourceSummary]] = {}
        for s in self.sources:
            summ = self.summaries.get(s.id)
            if summ and verdict_css(summ.verdict) == "warn":
                flagged.setdefault(summ.verdict, []).append(summ)
        for verdict, summs in flagged.items():
            # the densest first: with many sources only the first few are named
            names = [f"{self.label(x.source)} ({x.per_1000_words:.1f} artefacts per 1000 words)"
                     for x in sorted(summs, key=lambda x: -x.per_1000_words)]
            lines.append(f"{verdict[:1].upper()}{verdict[1:]}: {listed(names)}.")
        if not flagged and self.summaries:
            lines.append("No source looks machine-translated or spun.")
        om = sum(1 for f in self.facts if f.kind == "omission")
        ag = sum(1 for f in self.facts if f.kind == "agreement")
        lines.append(
            f"{plural(len(self.analysis.alignments), 'aligned paragraph pair')}, {plural(ag, 'agreement')}, "
            f"{plural(om, 'omission')}, {plural(len(self.findings), 'artefact')} flagged."
        )
        return tuple(lines)

    def side_by_side(self, linker: Linker) -> SideBySide:
        """Aligned paragraphs in rows, one column per source, unmatched ones in place.

        A run of consecutive unaligned paragraphs shares one row (each marked "only in X"), like a
        hunk in a diff, so the view does not stretch into one row per lone paragraph.
        """
        views = {m.id: self.mark_view(m, "sbs", linker) for m in self.marks}
        merged: list[Group] = []
        for g in align_rows(self.analysis):
            lone = not g.strength and sum(len(v) for v in g.members.values()) == 1
            if lone and merged and not merged[-1].strength:
                members = {k: tuple(v) for k, v in merged[-1].members.items()}
                for sid, indexes in g.members.items():
                    members[sid] = members.get(sid, ()) + tuple(indexes)
                merged[-1] = Group(members, "", 0.0)
            else:
                merged.append(g)
        rows = []
        for n, group in enumerate(merged, 1):
            cells = []
            for s in self.sources:
                paras = tuple(
                    self.paragraph(s, s.paragraphs[i], "sbs", linker, views) for i in group.members.get(s.id, ())
                )
                only = self.label(s.id) if paras and not group.strength and len(self.sources) > 1 else ""
                cells.append(Cell(self.slugs[s.id], s.lang, paras, only, s.id in self.shown))
            rows.append(
                Row(
                    anchor=f"sbs-r{n}", number=n, cells=tuple(cells), unaligned=not group.strength,
                    strength=group.strength, score=f"{group.score:.0f}" if group.score else "",
                )
            )
        shown = tuple(self.slugs[s.id] for s in self.sources if s.id in self.shown)
        return SideBySide(self.heads(linker), tuple(rows), tuple(views.values()), self.conflicts(), shown)

    def source_page(self, s: Source, linker: Linker) -> SourcePage:
        """A source's page: full marked text, quality summary, scores and notes."""
        views = {m.id: self.mark_view(m, "src", linker) for m in self.by_source.get(s.id, [])}
        summ = self.summaries.get(s.id)
        scores = score_table(summ.scores, self.label) if summ and summ.scores else None
        url = safe_url(s.meta.url)
        rows = tuple(self.finding_row(v) for v in views.values() if v.mark.kind == "finding")
        groups = notes.group(rows)
        return SourcePage(
            id=s.id, slug=self.slugs[s.id], label=self.label(s.id), section=section_id(self._page_of(s.id)),
            row=self.source_rows(linker)[self.order[s.id]], url=url, url_text=s.meta.url, notes=s.meta.notes,
            path=s.path, encoding=s.encoding, format=s.format,
            issues=tuple(i.message for i in s.issues),
            by_severity=tuple((k, summ.by_severity.get(k, 0)) for k in SEVERITIES) if summ else (),
            by_category=tuple((category(k), v) for k, v in sorted(summ.by_category.items())) if summ else (),
            scores=scores,
            paragraphs=tuple(self.paragraph(s, p, "src", linker, views) for p in s.paragraphs),
            findings=rows, claims=tuple(v for v in views.values() if v.mark.kind == "claim"),
            sbs_href=linker.to(PAGE_SBS), finding_notes=groups, stored=notes.stored(groups),
        )

    def page(self, here: str) -> Page:
        """One page of the folder report: ``index.html``, ``side-by-side.html`` or a source page."""
        linker = Linker(False, here)
        common = dict(
            here=here, single=False, nav=self.nav(linker), filters=self.filters(),
            categories=self.categories, footer=self.footer(),
        )
        if here == PAGE_OVERVIEW:
            return Page(title="diffsrc report: overview", overview=self.overview(linker), **common)  # type: ignore[arg-type]
        if here == PAGE_SBS:
            return Page(title="diffsrc report: side by side", side_by_side=self.side_by_side(linker), **common)  # type: ignore[arg-type]
        for s in self.sources:
            if self._page_of(s.id) == here:
                return Page(
                    title=f"diffsrc report: {self.label(s.id)}", sources=(self.source_page(s, linker),), **common  # type: ignore[arg-type]
                )
        raise KeyError(here)

    def pages(self) -> list[str]:
        """Folder-relative paths of all pages of a folder report."""
        return [PAGE_OVERVIEW, PAGE_SBS] + [self._page_of(s.id) for s in self.sources]

    def single_page(self) -> Page:
        """The whole report as one page with sections."""
        linker = Linker(True)
        return Page(
            title="diffsrc report", here="", single=True, nav=self.nav(linker), filters=self.filters(),
            categories=self.categories, footer=self.footer(), overview=self.overview(linker),
            side_by_side=self.side_by_side(linker),
            sources=tuple(self.source_page(s, linker) for s in self.sources),
        )


def build(analysis: Analysis, timestamp: str | None = None) -> Model:
    """The shared view model of a report; pages are taken from it with ``page``/``single_page``."""
    return Model(analysis, timestamp)


__all__ = [
    "CATEGORIES", "MAX_PER_SOURCE", "PAGE_OVERVIEW", "PAGE_SBS", "Bar", "Category", "CategoryRow", "Cell",
    "ClaimView", "FactView", "Filter", "FindingRow", "Footer", "Group", "Linker", "Link", "Mark", "MarkView",
    "MatrixCell", "Model", "NOTE_LINKS", "SHOWN_COLUMNS", "Conflict", "Side", "Nav", "Overview", "Page", "ParagraphView", "Piece", "Row", "ScoreTable", "Segment",
    "SideBySide", "SourceHead", "SourcePage", "SourceRow", "align_rows", "build", "category", "ink", "safe_url",
    "section_id", "slugify", "source_page", "split_spans",
]


def _among(outlets: Sequence[str]) -> str:
    """"between A and B", "between A, B and C", or "among 12 sources" when naming them would
    make the headline a list."""
    if len(outlets) > 4:
        return f"among {len(outlets)} sources"
    if len(outlets) < 2:
        return f"in {''.join(outlets)}"
    return f"between {', '.join(outlets[:-1])} and {outlets[-1]}"
