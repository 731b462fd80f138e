"""Markdown report for pull-request comments: summary, top contradictions, worst artefacts, links.

GitHub-flavoured. Source text is untrusted: every quote is put on one line, clipped, and its
Markdown and HTML metacharacters are escaped, so it cannot open a table cell, a link, an image,
raw HTML or a mention. When an HTML report sits next to the Markdown file, items link to it.
"""

from __future__ import annotations

import re

from diffsrc import __version__
from diffsrc.model import Analysis
from diffsrc.report import printable, quoted, viewmodel

TOP_CONTRADICTIONS = 10
TOP_OMISSIONS = 5
WORST_ARTEFACTS = 10

_META = re.compile(r"([\\`*_\[\]|~$])")


def escape(text: str, limit: int = 0) -> str:
    """Source text made inert in Markdown: one line, control characters and metacharacters escaped."""
    text = printable(" ".join(text.split()))
    if limit and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _META.sub(r"\\\1", text)
    # No @mentions or bare URLs autolinked from quoted text: a word joiner breaks them.
    text = text.replace("@", "@\u2060").replace("://", ":\u2060//")
    return text


def _link(label: str, href: str | None) -> str:
    return f"[{label}]({href})" if href else label


class _Links:
    """Hrefs into the HTML report, from the Markdown file's folder (none without an HTML report)."""

    def __init__(self, base: str | None, single: bool) -> None:
        self.base = base
        self.single = single

    def page(self, page: str, anchor: str = "") -> str | None:
        if self.base is None:
            return None
        if self.single:
            return self.base + "#" + (anchor or viewmodel.section_id(page))
        prefix = self.base.rstrip("/") + "/" if self.base not in ("", ".") else ""
        return prefix + page + ("#" + anchor if anchor else "")


def render(
    analysis: Analysis,
    html_path: str | None = None,
    html_single: bool = False,
    timestamp: str | None = None,
) -> str:
    """The Markdown report.

    ``html_path`` is the HTML report relative to the Markdown file's folder (a folder, or a file
    when ``html_single``); items then link to its pages. Without it the Markdown stands alone.
    """
    model = viewmodel.build(analysis)
    links = _Links(html_path, html_single)
    out: list[str] = ["# diffsrc report", ""]
    for line in model.headline():
        out.append(escape(line))
        out.append("")
    overview = links.page(viewmodel.PAGE_OVERVIEW)
    if overview:
        out += [f"Full report: {_link('overview', overview)} · "
                f"{_link('side by side', links.page(viewmodel.PAGE_SBS))}", ""]

    out += ["## Sources", "", "| Source | Lang | Date | Words | Artefacts / 1000 words | High | Verdict |",
            "|---|---|---|---:|---:|---:|---|"]
    for row in model.source_rows(viewmodel.Linker(False)):
        name = _link(escape(row.label), links.page(viewmodel.source_page(row.slug)))
        out.append(
            f"| {name} | {escape(row.lang)} | {escape(row.date)} | {row.words} | {row.density} | {row.high} "
            f"| {escape(row.verdict)} |"
        )
    out.append("")

    contradictions = [r for r, f in enumerate(model.facts) if f.kind == "contradiction"]
    out += [f"## Top contradictions ({len(contradictions)})", ""]
    if not contradictions:
        out += ["None found.", ""]
    for n, rank in enumerate(contradictions[:TOP_CONTRADICTIONS], 1):
        out += _fact_lines(model, rank, n, links)
    if len(contradictions) > TOP_CONTRADICTIONS:
        out += [f"…and {len(contradictions) - TOP_CONTRADICTIONS} more.", ""]

    omissions = [r for r, f in enumerate(model.facts) if f.kind == "omission"]
    if omissions:
        out += [f"## Omissions ({len(omissions)})", ""]
        for n, rank in enumerate(omissions[:TOP_OMISSIONS], 1):
            out += _fact_lines(model, rank, n, links)
        if len(omissions) > TOP_OMISSIONS:
            out += [f"…and {len(omissions) - TOP_OMISSIONS} more.", ""]

    marks = [m for m in model.marks if m.kind == "finding"]
    worst = model.worst(WORST_ARTEFACTS)
    out += [f"## Worst artefacts ({len(marks)})", ""]
    if not worst:
        out += ["None flagged.", ""]
    else:
        out += ["| Severity | Source | Category | Text | Probably | Why |", "|---|---|---|---|---|---|"]
        for m in worst:
            cat = viewmodel.category(m.category)
            href = links.page(viewmodel.source_page(model.slugs[m.source]), f"src-{m.id}")
            out.append(
                f"| {m.severity} | {escape(model.label(m.source))} | {escape(cat.label)} "
                f"| {_link(quoted(escape(m.text, 80)), href)} | {escape(m.suggestion, 80)} "
                f"| {escape(m.message, 120)} |"
            )
        if len(marks) > len(worst):
            out.append("")
            out.append(f"…and {len(marks) - len(worst)} more.")
        out.append("")

    if analysis.warnings:
        out += ["## Warnings", ""] + [f"- {escape(w)}" for w in analysis.warnings] + [""]
    stamp = f" on {escape(timestamp)}" if timestamp else ""
    out.append(f"<sub>diffsrc {__version__}{stamp}</sub>")
    # Every quote is escaped above; ids and labels taken from a manifest are caught here.
    return printable("\n".join(out) + "\n", one_line=False)


def _fact_lines(model: viewmodel.Model, rank: int, n: int, links: _Links) -> list[str]:
    fact = model.facts[rank]
    head = f"{n}. **{escape(fact.topic or fact.reason or fact.kind)}** ({fact.confidence:.0%})"
    if fact.message:
        head += f": {escape(fact.message, 200)}"
    lines = [head]
    for c in fact.claims:
        mark = model.claim_mark.get((c.source, c.start, c.end))
        href = links.page(viewmodel.PAGE_SBS, f"sbs-{mark.id}") if mark else None
        quote = quoted(escape(c.text, 160))
        lines.append(f"   - {escape(model.label(c.source))} ({escape(c.lang)}): {_link(quote, href)}")
    lines.append("")
    return lines
