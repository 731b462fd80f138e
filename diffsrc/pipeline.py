"""The comparison pipeline: sources in, an ``Analysis`` out. No rendering, no I/O of reports."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field

from diffsrc import __version__
from diffsrc.model import Analysis, Fact, Source

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Options:
    """Everything that changes what a comparison finds; recorded in the report's signature."""

    embedder: str | None = None
    lm: str | None = None
    nli: str | None = None
    detectors: tuple[str, ...] = ()  # codes or prefixes to select; empty means all
    disable: tuple[str, ...] = ()
    references: tuple[tuple[str, str], ...] = ()  # (source id, reference source id)
    cache_dir: str | None = None
    timestamp: bool = False
    extra: dict[str, str] = field(default_factory=dict)


def run(
    sources: Sequence[Source], options: Options = Options(), progress: Progress | None = None,
    *, focus: frozenset[str] | None = None,
) -> Analysis:
    """Align, detect artefacts, compare facts and summarise quality for the given sources.

    ``focus`` (source ids) limits the work to what involves those sources, the others being
    context (``diffsrc check``). With
    ``options.cache_dir``, that cache is ``diffsrc.cache.active()`` while the stages run.
    """
    from diffsrc.cache import Cache, activated

    with activated(Cache(options.cache_dir)):
        return _run(sources, options, progress, focus)


def _run(
    sources: Sequence[Source], options: Options, progress: Progress | None, focus: frozenset[str] | None,
) -> Analysis:
    from diffsrc import align, facts, parallel, quality
    from diffsrc.detectors import run_detectors

    step = progress or (lambda _msg: None)
    srcs = tuple(sources)
    # Claims need no alignment and facts no detector: on a second core a child extracts claims
    # while paragraphs are aligned, then compares them while the detectors run. Model options
    # load torch, which must not be forked mid-flight: those runs stay in one process.
    def facts_job(alignments_inbox: parallel.Inbox) -> tuple[Fact, ...]:
        extracted = facts.extract_claims(srcs, options)
        return tuple(facts.facts_from_claims(srcs, extracted, alignments_inbox(), options, focus))

    models = bool(options.embedder or options.lm or options.nli)
    with parallel.background(facts_job, fork=False if models else None) as facts_result:
        step("aligning paragraphs")
        aligner = align.Aligner.from_options(options)
        alignments = tuple(aligner.align(srcs, focus=focus))
        facts_result.send(alignments)
        step("detecting artefacts")
        findings, detector_sig = run_detectors(srcs, alignments, options, focus=focus)
        step("comparing facts")
        fact_list = facts_result.result()
    step("summarising quality")
    summaries = tuple(quality.summarize(srcs, findings, alignments, options))
    signature: dict[str, object] = {
        "diffsrc": __version__,
        "aligner": aligner.signature(),
        "detectors": detector_sig,
        "facts": facts.signature(options),
        "options": {k: v for k, v in asdict(options).items() if k not in ("cache_dir", "timestamp")},
    }
    return Analysis(
        sources=srcs,
        alignments=alignments,
        findings=tuple(findings),
        facts=fact_list,
        summaries=summaries,
        signature=signature,
    )

