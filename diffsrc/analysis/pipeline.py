"""The comparison pipeline: sources in, an ``Analysis`` out. No rendering, no I/O of reports."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field

from diffsrc import __version__
from diffsrc.model import Alignment, Analysis, Fact, Source

Progress = Callable[[str], None]
Keep = Callable[[tuple[Alignment, ...], tuple[Fact, ...]], None]


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
    *, focus: frozenset[str] | None = None, keep: Keep | None = None,
) -> Analysis:
    """Align, detect artefacts, compare facts and summarise quality for the given sources.

    ``focus`` (source ids) limits the work to what involves those sources, the others being
    context (``diffsrc check``). ``keep`` is called with the alignments and facts once the facts
    are compared (a check stores them for the next run). With ``options.cache_dir``, that cache
    is ``diffsrc.io.cache.active()`` while the stages run.
    """
    from diffsrc.io.cache import Cache, activated

    with activated(Cache(options.cache_dir)):
        return _run(tuple(sources), options, progress or (lambda _msg: None), focus, keep)


def _run(
    sources: tuple[Source, ...], options: Options, step: Progress, focus: frozenset[str] | None,
    keep: Keep | None,
) -> Analysis:
    # Imported here: the CLI starts without loading the analysis stages it may not need.
    from diffsrc.analysis import align, copies, detectors, facts, quality

    step("aligning paragraphs")
    aligner = align.Aligner.from_options(options)
    alignments = tuple(aligner.align(sources, focus=focus))
    step("comparing facts")
    found = tuple(facts.find_facts(sources, alignments, options, focus))
    if keep is not None:
        keep(alignments, found)
    step("detecting artefacts")
    # Near-copies of one text are one witness for every detector and one text for the summary.
    families = copies.families(sources)
    findings, detector_sig = detectors.run_detectors(sources, alignments, options, focus, families)
    step("summarising quality")
    summaries = tuple(quality.summarize(sources, findings, alignments, options, focus, families))
    signature: dict[str, object] = {
        "diffsrc": __version__,
        "aligner": aligner.signature(),
        "detectors": detector_sig,
        "facts": facts.signature(options),
        "options": {k: v for k, v in asdict(options).items() if k not in ("cache_dir", "timestamp")},
    }
    return Analysis(
        sources=sources,
        alignments=alignments,
        findings=tuple(findings),
        facts=found,
        summaries=summaries,
        signature=signature,
    )
