"""The terminal summary printed by ``diffsrc compare`` (rich), and its progress display."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from diffsrc.analysis.detectors import Detector
from diffsrc.analysis.quality import aligned_shares
from diffsrc.analysis.values import clipped
from diffsrc.model import Analysis
from diffsrc.report import plural, printable, quoted


@contextlib.contextmanager
def progress_reporter(enabled: bool, verbose: bool = False) -> Iterator[Callable[[str], None]]:
    """A callable that shows the current step on stderr while a comparison runs.

    On a terminal a rich status line shows the step and the time since the start; ``verbose``
    prints one line per step with its start time instead (also into a file or a CI log).
    """
    if not enabled:
        yield lambda _msg: None
        return
    import time

    from rich.console import Console

    start = time.perf_counter()
    if verbose:
        def log(msg: str) -> None:
            print(f"diffsrc: [{time.perf_counter() - start:6.1f} s] {printable(msg)}", file=sys.stderr, flush=True)

        yield log
        log("done")
        return
    console = Console(stderr=True)
    with console.status("starting") as status:
        yield lambda msg: status.update(f"{safe(msg)} [dim]({time.perf_counter() - start:.0f} s)[/dim]")


def print_summary(analysis: Analysis, written: Sequence[Path], file=None) -> None:  # type: ignore[no-untyped-def]
    """Per-source quality, alignment and the top contradictions, then where reports went."""
    from rich.console import Console
    from rich.table import Table

    console = Console(file=file or sys.stdout, highlight=False, soft_wrap=False, width=120)
    table = Table(title="Sources", title_justify="left")
    for col in ("source", "outlet", "lang", "words", "aligned", "artefacts/1k", "high", "verdict"):
        table.add_column(col, justify="right" if col in ("words", "artefacts/1k", "high", "aligned") else "left")
    aligned = aligned_shares(analysis)
    for s, summ in zip(analysis.sources, analysis.summaries, strict=True):
        table.add_row(
            safe(s.id), safe(s.meta.outlet or "-"), safe(s.lang), str(s.words), f"{aligned.get(s.id) or 0.0:.0%}",
            f"{summ.per_1000_words:.1f}", str(summ.by_severity.get("high", 0)), summ.verdict,
        )
    console.print(table)
    contradictions = [f for f in analysis.facts if f.kind == "contradiction"]
    contradictions.sort(key=lambda f: -f.confidence)
    if contradictions:
        console.print(f"\nTop contradictions ({len(contradictions)} in all):")
        for f in contradictions[:5]:
            # a source quoting one wording twice is one side, not "X vs X"
            shown = dict.fromkeys(f"{c.source}: {quoted(clipped(c.text, 70))}" for c in f.claims)
            sides = "  vs  ".join(list(shown)[:3])
            console.print(printable(f"  • [{f.reason or f.topic}] {sides}"), markup=False)
    kinds = {k: sum(1 for f in analysis.facts if f.kind == k) for k in ("agreement", "contradiction", "omission")}
    counts = (
        plural(len(analysis.alignments), "aligned paragraph pair"), plural(len(analysis.findings), "artefact"),
        plural(kinds["agreement"], "agreement"), plural(kinds["contradiction"], "contradiction"),
        plural(kinds["omission"], "omission"),
    )
    console.print(f"\n{counts[0]}; {counts[1]}; {', '.join(counts[2:])}.")
    for p in written:
        console.print(printable(f"wrote {p}"), markup=False)


def print_detectors(detectors: Sequence[type[Detector]], file=None) -> None:  # type: ignore[no-untyped-def]
    """A table of detector classes: code, category, name and description."""
    from rich.console import Console
    from rich.table import Table

    console = Console(file=file or sys.stdout, highlight=False, width=140)
    table = Table(title="Detectors (select or disable by code prefix: --select DS6, --disable DS702)", title_justify="left")
    for col in ("code", "category", "name", "flags"):
        table.add_column(col)
    for det in detectors:
        doc = (det.description or det.__doc__ or "").strip().split("\n")[0]
        table.add_row(det.code, det.category, det.name, doc)
    console.print(table)


def safe(text: str) -> str:
    """Untrusted text for one terminal line, with control characters shown as escapes, no markup."""
    from rich.markup import escape

    return escape(printable(text))


