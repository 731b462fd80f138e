"""The comparison pipeline: sources in, an ``Analysis`` out. No rendering, no I/O of reports."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field

from diffsrc import __version__
from diffsrc.model import Alignment, Analysis, Fact, Finding, Source

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
    context (``diffsrc check``). ``keep`` is called with the alignments and facts as soon as the
    facts are compared, in the process that compared them: a check stores them from the second
    process while this one still runs detectors. With
    ``options.cache_dir``, that cache is ``diffsrc.cache.active()`` while the stages run.
    """
    from diffsrc.cache import Cache, activated

    with activated(Cache(options.cache_dir)), _frozen():
        return _run(sources, options, progress, focus, keep)


@contextmanager
def _frozen() -> Iterator[None]:
    """Keep what is alive now (the sources, above all) out of the cyclic collector's reach while
    the stages run: its collections do not walk it, nor copy the memory pages a forked second
    process shares with this one for it (Python's advice for forking: ``gc.freeze`` first).
    Unfrozen afterwards, unless something else had frozen objects before."""
    before = gc.get_freeze_count()
    gc.freeze()
    try:
        yield
    finally:
        if not before:
            gc.unfreeze()


def _run(
    sources: Sequence[Source], options: Options, progress: Progress | None, focus: frozenset[str] | None,
    keep: Keep | None = None,
) -> Analysis:
    from diffsrc import align, detectors, parallel, quality

    step = progress or (lambda _msg: None)
    srcs = tuple(sources)
    chosen = [cls() for cls in detectors.selected_by(options)]
    # A check (focus) aligns a few sources against a cached corpus: its second process has time
    # to spare before the alignments come, and runs its share of detectors then. A comparison
    # of every source runs them after comparing facts.
    early = focus is not None
    here, there = detectors.split_for_two(
        chosen, detectors.CHECK_SECOND_PROCESS_FAMILIES if early else detectors.SECOND_PROCESS_FAMILIES,
        before_alignments=early,
    )

    # Claims need no alignment, facts and detectors only the alignments: on a second core a child
    # extracts claims while paragraphs are aligned, then compares them and runs a share of the
    # detectors while this process runs the others. Model options load torch, which must not be
    # forked mid-flight: those runs stay in one process.
    def second_job(alignments_inbox: parallel.Inbox) -> tuple[tuple[Fact, ...], dict[str, list[Finding]], dict[str, object]]:
        # Imported here: only the process that compares facts loads the claim extractors.
        from diffsrc import facts

        extracted = facts.extract_claims(srcs, options)
        # The claims live as long as this process: frozen, no collection walks them again (one
        # walk of a 200-source corpus' 100,000 claim objects took 0.03 s of a warm check).
        gc.freeze()
        # Early detectors do not use alignments (split_for_two), so they get none, in either process.
        found_there = detectors.run_each(there, srcs, (), options, focus) if early else {}
        alignments = _unpack(alignments_inbox())
        found = tuple(facts.facts_from_claims(srcs, extracted, alignments, options, focus))
        if keep is not None:
            keep(alignments, found)
        if not early:
            found_there = detectors.run_each(there, srcs, alignments, options, focus)
        return found, found_there, facts.signature(options)

    models = bool(options.embedder or options.lm or options.nli)
    with parallel.background(second_job, fork=False if models else None) as second:
        step("aligning paragraphs")
        aligner = align.Aligner.from_options(options)
        alignments = tuple(aligner.align(srcs, focus=focus))
        second.send(_pack(alignments))
        step("detecting artefacts")
        raw = detectors.run_each(here, srcs, alignments, options, focus)
        step("comparing facts")
        fact_list, raw_there, facts_sig = second.result()
    findings, detector_sig = detectors.finish(chosen, {**raw, **raw_there}, focus)
    step("summarising quality")
    summaries = tuple(quality.summarize(srcs, findings, alignments, options, focus))
    signature: dict[str, object] = {
        "diffsrc": __version__,
        "aligner": aligner.signature(),
        "detectors": detector_sig,
        "facts": facts_sig,
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


def _pack(alignments: Sequence[Alignment]) -> bytes:
    """Alignments as MessagePack bytes for the second process. Pickling a check's 1,700 records
    and rebuilding them cost the two processes about 0.02 s; msgspec takes a third of that."""
    import msgspec

    return msgspec.msgpack.encode(alignments)


def _unpack(data: bytes) -> tuple[Alignment, ...]:
    """The alignments ``_pack`` encoded."""
    import msgspec

    alignments: tuple[Alignment, ...] = msgspec.msgpack.decode(data, type=tuple[Alignment, ...])
    return alignments
