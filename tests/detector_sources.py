"""Build in-memory sources for detector tests and run one detector over them."""

from __future__ import annotations

import hashlib

from diffsrc.analysis.detectors import REGISTRY, Context, selected
from diffsrc.io.ingest import segment
from diffsrc.model import Finding, Source


def make_source(text: str, lang: str = "en", source_id: str = "s1") -> Source:
    """A source of plain text, segmented as the ingest stage would."""
    paragraphs, main = segment(text, "text", lang)
    return Source(
        id=source_id, path=f"{source_id}.txt", text=text,
        sha256=hashlib.sha256(text.encode()).hexdigest(), lang=main, encoding="utf-8",
        format="text", paragraphs=paragraphs,
    )


def run(code: str, *sources: Source) -> list[Finding]:
    """Findings of one registered detector over the sources; checks every span's text."""
    selected()  # loads the built-in detectors
    found = list(REGISTRY[code]().run(Context(tuple(sources), ())))
    by_id = {s.id: s for s in sources}
    for f in found:
        assert by_id[f.source].text[f.start : f.end] == f.text, f
        assert f.code == code and f.message and f.category
    return found


def texts(findings: list[Finding], source_id: str | None = None) -> list[str]:
    """The quoted texts of the findings (of one source when given)."""
    return [f.text for f in findings if source_id is None or f.source == source_id]
