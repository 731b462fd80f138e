"""The pipeline runs the stages in order and hands a check what it must keep."""

from __future__ import annotations

from pathlib import Path

from diffsrc.analysis import pipeline
from diffsrc.io.ingest import load_sources
from diffsrc.model import Alignment, Analysis, Fact

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


def test_copies_of_a_spun_article_leave_its_findings_and_verdict_alone(tmp_path: Path) -> None:
    """The QA case: copies of the spun seed (reshuffled, cut, a word changed) made it "clean"."""
    spun = next(SEEDS.glob("003_*.txt"))
    other = next(SEEDS.glob("000_*.txt"))
    lines = spun.read_text(encoding="utf-8").splitlines(keepends=True)
    variants = [lines[::-1], lines[: len(lines) * 2 // 3], [ln.replace(" and ", " und ", 1) for ln in lines],
                lines[1:] + lines[:1]]
    for i, v in enumerate(variants):
        (tmp_path / f"copy{i}.txt").write_text("".join(v), encoding="utf-8")
    base, _ = load_sources([str(spun), str(other)])
    copied, _ = load_sources([str(spun), str(other), *sorted(str(p) for p in tmp_path.glob("copy*.txt"))])
    alone, with_copies = pipeline.run(base), pipeline.run(copied)

    def of(analysis: Analysis, sid: str) -> tuple[object, ...]:
        [summary] = [s for s in analysis.summaries if s.source == sid]
        found = sorted((f.code, f.start, f.end) for f in analysis.findings if f.source == sid)
        return summary.verdict, summary.artefacts, found

    sid = base[0].id
    assert of(alone, sid)[0] == "likely spun"
    assert of(with_copies, sid) == of(alone, sid)
    # the reshuffled copy holds every paragraph: same verdict, same number of artefacts
    assert of(with_copies, "copy0")[:2] == of(alone, sid)[:2]
