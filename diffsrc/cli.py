"""The ``diffsrc`` command line: a thin Typer layer over the pipeline and the renderers."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import List, Optional

import typer

from diffsrc import __version__
from diffsrc.errors import DiffsrcError

app = typer.Typer(
    name="diffsrc",
    help=(
        "Compare news coverage across outlets and languages: align paragraphs, flag "
        "machine-translation and spinning artefacts, find agreements, contradictions and omissions."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"diffsrc {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    """diffsrc: compare how several outlets reported the same event."""


def _fail(message: str, code: int = 2) -> None:
    typer.echo(f"diffsrc: error: {message}", err=True)
    raise typer.Exit(code)


def _progress(quiet: bool):  # type: ignore[no-untyped-def]
    from diffsrc.report.terminal import progress_reporter

    return progress_reporter(enabled=not quiet and sys.stderr.isatty())


@app.command(
    epilog=(
        "Examples:\n\n"
        "  diffsrc compare seeds/                      # HTML, JSON and Markdown into reports/seeds/\n\n"
        "  diffsrc compare a.txt b.html -o out.json    # one JSON report\n\n"
        "  diffsrc compare 'corpus/*.md' --format md -o summary.md\n\n"
        "  diffsrc compare seeds/ --embedder sentence-transformers/LaBSE"
    )
)
def compare(
    sources: List[str] = typer.Argument(..., help="Files (.txt, .md, .html), folders or globs; at least two sources."),
    output: Optional[str] = typer.Option(None, "-o", "--output", help="Report file (.json, .md, .html) or folder. Default: reports/NAME/."),
    formats: List[str] = typer.Option([], "--format", "-f", help="html, json or md; repeat for several. Default: all three into a folder."),
    embedder: Optional[str] = typer.Option(None, help="Sentence encoder (transformers name or local path) added to alignment."),
    lm: Optional[str] = typer.Option(None, help="Language model (name or path) to rank unnatural wording by surprisal."),
    nli: Optional[str] = typer.Option(None, help="NLI model (name or path) to score aligned sentence pairs."),
    reference: List[str] = typer.Option([], help="SOURCE=REFERENCE: score SOURCE against REFERENCE with BLEU, chrF and TER."),
    select: List[str] = typer.Option([], "--select", help="Only run detectors whose code starts with this (e.g. DS1)."),
    disable: List[str] = typer.Option([], "--disable", help="Skip detectors whose code starts with this."),
    max_size: float = typer.Option(20.0, "--max-size", help="Largest source file to read, in MB."),
    cache_dir: Optional[str] = typer.Option(None, "--cache-dir", help="Analysis cache folder (default: none for compare)."),
    timestamp: bool = typer.Option(False, "--timestamp", help="Stamp reports with the time they were made (off: reports are byte-identical across runs)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing but errors."),
) -> None:
    """Compare several articles about the same event and write reports."""
    from diffsrc import outputs, pipeline
    from diffsrc.ingest import load_sources
    from diffsrc.report import terminal

    try:
        loaded, warnings = load_sources(sources, max_bytes=int(max_size * 1024 * 1024))
        if len(loaded) < 2:
            _fail(f"compare needs at least two sources, got {len(loaded)}; add another article")
        refs = tuple(_parse_reference(r, [s.id for s in loaded]) for r in reference)
        options = pipeline.Options(
            embedder=embedder, lm=lm, nli=nli, detectors=tuple(select), disable=tuple(disable),
            references=refs, cache_dir=cache_dir, timestamp=timestamp,
        )
        default_dir = Path("reports") / _corpus_name(sources)
        targets = outputs.plan(output, formats, default_dir)
        with _progress(quiet) as step:
            analysis = pipeline.run(loaded, options, progress=step)
        analysis = analysis.with_warnings(tuple(warnings))
        written = outputs.write(analysis, targets)
    except DiffsrcError as exc:
        _fail(str(exc), exc.exit_code)
        return
    if not quiet:
        for w in warnings:
            typer.echo(f"diffsrc: warning: {w}", err=True)
        terminal.print_summary(analysis, written)


def _parse_reference(value: str, ids: list[str]) -> tuple[str, str]:
    from diffsrc.errors import InputError

    if "=" not in value:
        raise InputError(f"--reference {value!r} must be SOURCE=REFERENCE (source ids: {', '.join(ids)})")
    a, b = (x.strip() for x in value.split("=", 1))
    for x in (a, b):
        if x not in ids:
            raise InputError(f"--reference: no source with id {x!r} (ids: {', '.join(ids)})")
    return a, b


def _corpus_name(args: List[str]) -> str:
    if len(args) == 1 and Path(args[0]).is_dir():
        return Path(args[0]).resolve().name or "compare"
    return "compare"


def run() -> None:
    """Console-script entry point: no tracebacks for user errors, one line for internal ones."""
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("diffsrc: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # a bug: say so in one line, show the traceback on request
        if os.environ.get("DIFFSRC_DEBUG"):
            raise
        typer.echo(f"diffsrc: internal error: {type(exc).__name__}: {exc} (set DIFFSRC_DEBUG=1 for details)", err=True)
        sys.exit(3)


if __name__ == "__main__":
    run()
