"""Markdown summary for pull-request comments (first version)."""

from __future__ import annotations

from diffsrc.model import Analysis


def render(analysis: Analysis) -> str:
    """A short Markdown summary: sources, contradictions, worst artefacts."""
    lines = ["# diffsrc report", "", "| source | lang | words | artefacts/1k | verdict |", "|---|---|---:|---:|---|"]
    for s, summ in zip(analysis.sources, analysis.summaries):
        lines.append(f"| {s.id} | {s.lang} | {s.words} | {summ.per_1000_words:.1f} | {summ.verdict} |")
    return "\n".join(lines) + "\n"
