"""The pipeline runs the stages in order and hands a check what it must keep."""

from __future__ import annotations

from pathlib import Path

from diffsrc.analysis import pipeline
from diffsrc.io.ingest import load_sources
from diffsrc.model import Alignment, Fact

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_stages_report_progress_in_order_and_runs_are_deterministic() -> None:
    sources, _ = load_sources([str(SEEDS)])
    steps: list[str] = []
    first = pipeline.run(sources, progress=steps.append)
    assert steps == ["aligning paragraphs", "comparing facts", "detecting artefacts", "summarising quality"]
    assert first.alignments and first.findings and first.facts and first.summaries
    assert pipeline.run(sources) == first


def test_keep_gets_the_alignments_and_facts_of_the_analysis() -> None:
    sources, _ = load_sources([str(SEEDS)])
    kept: list[tuple[tuple[Alignment, ...], tuple[Fact, ...]]] = []
    analysis = pipeline.run(sources, focus=frozenset({"wire-fr-0217"}), keep=lambda a, f: kept.append((a, f)))
    assert kept == [(analysis.alignments, analysis.facts)]
    assert analysis.facts and all(any(c.source == "wire-fr-0217" for c in f.claims) for f in analysis.facts)
