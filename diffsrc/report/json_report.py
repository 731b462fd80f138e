"""The ``diffsrc.report/1`` JSON report, documented by ``diffsrc/schema/report-1.schema.json``."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from diffsrc.model import Alignment, Analysis, Claim, Evidence, Fact, Finding, Source, SourceSummary
from diffsrc.report import inert_json

SCHEMA_ID = "diffsrc.report/1"


def schema() -> dict[str, Any]:
    """The JSON Schema of the report, as shipped in the package."""
    text = resources.files("diffsrc").joinpath("schema/report-1.schema.json").read_text("utf-8")
    return dict(json.loads(text))


def _source(s: Source) -> dict[str, Any]:
    return {
        "id": s.id,
        "path": s.path,
        "lang": s.lang,
        "sha256": s.sha256,
        "encoding": s.encoding,
        "format": s.format,
        "words": s.words,
        "meta": {
            "outlet": s.meta.outlet,
            "title": s.meta.title,
            "date": s.meta.date,
            "url": s.meta.url,
            "relations": dict(s.meta.relations),
            "notes": s.meta.notes,
        },
        "paragraphs": [
            {
                "index": p.index,
                "start": p.start,
                "end": p.end,
                "lang": p.lang,
                "kind": p.kind,
                "sentences": [[x.start, x.end] for x in p.sentences],
            }
            for p in s.paragraphs
        ],
        "issues": [
            {"code": i.code, "message": i.message, "start": i.start, "end": i.end} for i in s.issues
        ],
    }


def _alignment(a: Alignment) -> dict[str, Any]:
    return {
        "a": {"source": a.a.source, "paragraph": a.a.paragraph},
        "b": {"source": a.b.source, "paragraph": a.b.paragraph},
        "score": round(a.score, 4),
        "strength": a.strength,
        "signals": {k: round(v, 4) for k, v in sorted(a.signals.items())},
        "shared": list(a.shared),
        "sentences": [{"a": p.a, "b": p.b, "margin": round(p.margin, 4)} for p in a.sentences],
    }


def _evidence(e: Evidence) -> dict[str, Any]:
    return {"note": e.note, "source": e.source, "start": e.start, "end": e.end, "text": e.text}


def _finding(f: Finding) -> dict[str, Any]:
    return {
        "source": f.source,
        "start": f.start,
        "end": f.end,
        "text": f.text,
        "code": f.code,
        "category": f.category,
        "severity": f.severity,
        "confidence": round(f.confidence, 3),
        "message": f.message,
        "suggestion": f.suggestion,
        "detector": f.detector,
        "evidence": [_evidence(e) for e in f.evidence],
    }


def _claim(c: Claim) -> dict[str, Any]:
    return {
        "source": c.source,
        "paragraph": c.paragraph,
        "start": c.start,
        "end": c.end,
        "text": c.text,
        "kind": c.kind,
        "value": c.value,
        "lang": c.lang,
    }


def _fact(f: Fact) -> dict[str, Any]:
    return {
        "kind": f.kind,
        "topic": f.topic,
        "reason": f.reason,
        "confidence": round(f.confidence, 3),
        "message": f.message,
        "claims": [_claim(c) for c in f.claims],
    }


def _summary(s: SourceSummary) -> dict[str, Any]:
    return {
        "source": s.source,
        "words": s.words,
        "artefacts": s.artefacts,
        "per_1000_words": round(s.per_1000_words, 2),
        "by_severity": dict(s.by_severity),
        "by_category": dict(sorted(s.by_category.items())),
        "verdict": s.verdict,
        "reasons": list(s.reasons),
        "scores": {k: dict(v) for k, v in s.scores.items()},
    }


def to_dict(analysis: Analysis) -> dict[str, Any]:
    """The report as plain JSON-ready data."""
    return {
        "schema": SCHEMA_ID,
        "signature": analysis.signature,
        "warnings": list(analysis.warnings),
        "sources": [_source(s) for s in analysis.sources],
        "alignments": [_alignment(a) for a in analysis.alignments],
        "findings": [_finding(f) for f in analysis.findings],
        "facts": [_fact(f) for f in analysis.facts],
        "summaries": [_summary(s) for s in analysis.summaries],
    }


def render(analysis: Analysis) -> str:
    """The report as deterministic, pretty-printed JSON text."""
    return inert_json(json.dumps(to_dict(analysis), ensure_ascii=False, indent=2, sort_keys=False)) + "\n"
