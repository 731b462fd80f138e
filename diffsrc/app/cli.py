"""The ``diffsrc`` command line: a thin Typer layer over the pipeline and the renderers."""

from __future__ import annotations

import os
import sys
from datetime import UTC
from pathlib import Path

import typer

from diffsrc import __version__
from diffsrc.errors import DiffsrcError, Interrupted

MB = 1_000_000
DEFAULT_MAX_MB = 1.0  # ingest.DEFAULT_MAX_BYTES (not imported: --help and --version stay quick)

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
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"diffsrc {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    """diffsrc: compare how several outlets reported the same event."""


def _fail(message: str, code: int = 2) -> None:
    from diffsrc.report import printable

    typer.echo(f"diffsrc: error: {printable(message)}", err=True)
    raise typer.Exit(code)


def _progress(quiet: bool, verbose: bool):  # type: ignore[no-untyped-def]
    """Progress on stderr: a rich status line on a terminal, one timed line per step with -v."""
    from diffsrc.report.terminal import progress_reporter

    if quiet:
        return progress_reporter(enabled=False)
    return progress_reporter(enabled=verbose or sys.stderr.isatty(), verbose=verbose)


def _max_bytes(max_size: float) -> int:
    """--max-size in bytes: decimal megabytes (1 MB = 1,000,000 bytes), as the limit message says."""
    if max_size <= 0:
        _fail(f"--max-size must be a positive number of MB, got {max_size:g}")
    return int(max_size * MB)


# Lines of the epilogs stay under 76 characters: rich indents them and an 80-column terminal
# would wrap a command in the middle. A comment goes on the line before its command.
COMPARE_EXAMPLES = """Examples:

  # HTML, JSON and Markdown into reports/seeds/
  diffsrc compare seeds/

  # one JSON report, or JSON on standard output
  diffsrc compare a.txt b.html -o out.json
  diffsrc compare a.txt b.html -o - | jq .summaries

  diffsrc compare 'corpus/*.md' --format md -o summary.md
  diffsrc compare seeds/ --embedder sentence-transformers/LaBSE

Exit codes: 0 done (skipped files are warnings), 2 usage or input error."""

CHECK_EXAMPLES = """Exit codes: 0 all thresholds hold, 1 a threshold is violated,
2 usage or input error.

Examples:

  # the sources a pull request adds, as code-scanning annotations
  diffsrc check corpus/ --since origin/main --sarif diffsrc.sarif

  # one new article, with a summary for the pull request
  diffsrc check corpus/ --new corpus/new.txt --markdown summary.md

  # every source against the others
  diffsrc check corpus/

  # report only, never fail
  diffsrc check seeds/ --exit-zero -o reports/check/"""


@app.command(epilog=COMPARE_EXAMPLES)
def compare(
    sources: list[str] = typer.Argument(..., help="Files (.txt, .md, .html), folders or globs; at least two sources."),
    output: str | None = typer.Option(None, "-o", "--output", help="Report file (.json, .md, .html, .sarif) or folder. Default: reports/NAME/."),
    formats: list[str] = typer.Option([], "--format", "-f", help="html, json, md (or markdown) or sarif; repeat for several. Default: html, json and md into a folder."),
    embedder: str | None = typer.Option(None, help="Sentence encoder (transformers name or local path) added to alignment."),
    lm: str | None = typer.Option(None, help="Language model (name or path) to rank unnatural wording by surprisal."),
    nli: str | None = typer.Option(None, help="NLI model (name or path) to score aligned sentence pairs."),
    reference: list[str] = typer.Option([], help="SOURCE=REFERENCE: score SOURCE against REFERENCE with BLEU, chrF and TER."),
    select: list[str] = typer.Option([], "--select", help="Only run detectors whose code starts with this (e.g. DS1)."),
    disable: list[str] = typer.Option([], "--disable", help="Skip detectors whose code starts with this."),
    max_size: float = typer.Option(DEFAULT_MAX_MB, "--max-size", help="Largest source text to analyse, in MB of UTF-8 (1 MB = 1,000,000 bytes); files may be 25 times larger."),
    cache_dir: str | None = typer.Option(None, "--cache-dir", help="Analysis cache folder (default: none for compare)."),
    timestamp: bool = typer.Option(False, "--timestamp", help="Stamp reports with the time they were made (off: reports are byte-identical across runs)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing but errors."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Print each step with its time on stderr."),
) -> None:
    """Compare several articles about the same event and write reports."""
    from diffsrc.analysis import pipeline
    from diffsrc.app import outputs
    from diffsrc.app.config import detector_prefixes
    from diffsrc.io.ingest import load_sources
    from diffsrc.report import printable, terminal

    try:
        targets = outputs.plan(output, formats, Path("reports") / _corpus_name(sources))
        loaded, warnings = load_sources(sources, max_bytes=_max_bytes(max_size))
        if len(loaded) < 2:
            why = f" ({'; '.join(warnings)})" if warnings else ""
            _fail(f"compare needs at least two different sources, got {len(loaded)}{why}; add another article")
        refs = tuple(_parse_reference(r, [s.id for s in loaded]) for r in reference)
        options = pipeline.Options(
            embedder=embedder, lm=lm, nli=nli,
            detectors=detector_prefixes(select, "--select"), disable=detector_prefixes(disable, "--disable"),
            references=refs, cache_dir=cache_dir, timestamp=timestamp,
        )
        with _progress(quiet, verbose) as step:
            analysis = pipeline.run(loaded, options, progress=step)
        analysis = analysis.with_warnings(tuple(warnings))
        written = outputs.write(analysis, targets, timestamp=_now() if timestamp else None)
    except DiffsrcError as exc:
        _fail(str(exc), exc.exit_code)
        return
    if not quiet:
        for w in warnings:
            typer.echo(f"diffsrc: warning: {printable(w)}", err=True)
        # With -o - standard output carries the report: the summary goes to stderr.
        to_stdout = any(t.to_stdout for t in targets)
        terminal.print_summary(analysis, written, file=sys.stderr if to_stdout else None)


@app.command(epilog=CHECK_EXAMPLES)
def check(
    paths: list[str] | None = typer.Argument(None, metavar="[CORPUS_DIR] [FILE]...", help="CORPUS_DIR (default: the folder of the files, or .), then files to check like --new."),
    new: list[str] = typer.Option([], "--new", help="A new or changed source to check against the corpus; repeat for several."),
    since: str | None = typer.Option(None, "--since", help="Check the sources added or changed since this git ref (e.g. origin/main)."),
    config_file: str | None = typer.Option(None, "--config", help="A diffsrc.toml or pyproject.toml to read instead of the one found from CORPUS_DIR."),
    max_per_1000: list[str] = typer.Option([], "--max-per-1000", help="SEVERITY=N: most artefacts per 1,000 words (high, medium, low, total; N or off)."),
    fail_on_contradiction: str | None = typer.Option(None, "--fail-on-contradiction", help="Fail on a contradiction at or above this confidence (0-1, or off)."),
    min_aligned_share: str | None = typer.Option(None, "--min-aligned-share", help="Least share of paragraphs aligned to the corpus (0-1, or off)."),
    language: list[str] = typer.Option([], "--language", help="An allowed language (en, fr...); repeat for several."),
    max_copy_share: str | None = typer.Option(None, "--max-copy-share", help="Fail a source sharing more than this share of its 5-word sequences with one corpus source (0-1, or off)."),
    sarif: str | None = typer.Option(None, "--sarif", help="Write SARIF 2.1.0 results (for code-scanning annotations) to this file."),
    markdown: str | None = typer.Option(None, "--markdown", help="Write a Markdown summary (for a pull-request comment) to this file."),
    output: str | None = typer.Option(None, "-o", "--output", help="Also write the report (.json, .md, .html, .sarif file or a folder) of the checked sources."),
    formats: list[str] = typer.Option([], "--format", "-f", help="Report formats for -o: html, json, md or sarif."),
    select: list[str] = typer.Option([], "--select", help="Only run detectors whose code starts with this."),
    disable: list[str] = typer.Option([], "--disable", help="Skip detectors whose code starts with this."),
    cache_dir: str | None = typer.Option(None, "--cache-dir", help="Cache folder (default .diffsrc-cache; safe to delete)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Neither read nor write the cache."),
    exit_zero: bool = typer.Option(False, "--exit-zero", help="Exit 0 even when thresholds are violated (report only)."),
    max_size: float = typer.Option(DEFAULT_MAX_MB, "--max-size", help="Largest source text to analyse, in MB of UTF-8 (1 MB = 1,000,000 bytes); files may be 25 times larger."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only the verdict (and errors)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Print each step with its time on stderr."),
) -> None:
    """Check new or changed sources against a corpus: artefacts, contradictions, relevance, language."""
    from diffsrc.app import check as checking
    from diffsrc.app import config, outputs
    from diffsrc.io.files import atomic_write
    from diffsrc.report import check_summary, printable
    from diffsrc.report import sarif as sarif_report

    try:
        corpus_dir, files = checking.parse_targets(paths or [], new)
        if since and files:
            _fail("give either files to check (--new) or --since REF, not both")
        cfg = config.load(corpus_dir, Path(config_file) if config_file else None)
        cfg = config.override(
            cfg, max_per_1000=max_per_1000, fail_on_contradiction=fail_on_contradiction,
            min_aligned_share=min_aligned_share, languages=language, max_copy_share=max_copy_share,
            cache_dir=cache_dir, no_cache=no_cache,
            select=select, disable=disable,
        )
        targets = outputs.plan(output, formats, Path("reports") / "check") if output or formats else []
        sarif_path = outputs.report_file("--sarif", sarif, "sarif") if sarif is not None else None
        md_path = outputs.report_file("--markdown", markdown, "md") if markdown is not None else None
        request = checking.CheckRequest(corpus_dir, files, since, _max_bytes(max_size))
        with _progress(quiet, verbose) as step:
            result = checking.run(request, cfg, progress=step)
        root = checking.repo_root(Path.cwd()) or Path.cwd()
        written: list[Path] = []
        if sarif_path is not None:
            atomic_write(sarif_path, sarif_report.render(
                result.analysis, focus=result.focus, violations=result.violations,
                fail_confidence=cfg.thresholds.fail_on_contradiction_confidence, root=root,
            ))
            written.append(sarif_path)
        if md_path is not None:
            atomic_write(md_path, check_summary.markdown(result, root=root))
            written.append(md_path)
        if targets and result.focus:
            written += outputs.write(checking.focused(result.analysis, result.focus), targets)
    except DiffsrcError as exc:
        _fail(str(exc), exc.exit_code)
        return
    for w in result.warnings:
        if result.focus and not quiet:
            typer.echo(f"diffsrc: warning: {printable(w)}", err=True)
    lines = check_summary.terminal_lines(result, show_findings=not quiet)
    for line in lines[-1:] if quiet else lines:  # -q: the verdict only
        typer.echo(line)
    if not quiet:
        for p in written:
            typer.echo(f"wrote {p}")
    raise typer.Exit(result.exit_code(exit_zero))


@app.command("detectors")
def list_detectors() -> None:
    """List the artefact detectors: stable code, category and what each one flags."""
    from diffsrc.analysis.detectors import selected
    from diffsrc.report.terminal import print_detectors

    print_detectors(selected())


def _now() -> str:
    """The report timestamp: UTC now, or SOURCE_DATE_EPOCH when set (reproducible builds)."""
    from datetime import datetime

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit() else datetime.now(UTC)
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def _parse_reference(value: str, ids: list[str]) -> tuple[str, str]:
    from diffsrc.errors import InputError

    if "=" not in value:
        raise InputError(f"--reference {value!r} must be SOURCE=REFERENCE (source ids: {', '.join(ids)})")
    a, b = (x.strip() for x in value.split("=", 1))
    for x in (a, b):
        if x not in ids:
            raise InputError(f"--reference: no source with id {x!r} (ids: {', '.join(ids)})")
    return a, b


def _corpus_name(args: list[str]) -> str:
    if len(args) == 1 and Path(args[0]).is_dir():
        return Path(args[0]).resolve().name or "compare"
    return "compare"


def _interrupt(_signum: int, _frame: object) -> None:
    raise Interrupted()


# Allocations between two young-generation collections of the cyclic garbage collector (Python's
# default is 700). An analysis builds some 10^5 long-lived, acyclic records (sources, cached
# claims, tokens) that every collection re-scans: with the default, a warm 200-source check spent
# 0.3 s of its 1.8 s in 4 full and 570 partial collections, none of which freed anything; at
# 50,000 it runs a few partial ones (0.06 s), with the same peak memory. (mypy tunes its
# collector the same way, for the same reason: mypy/build.py, ``gc.set_threshold(200 * 1000, 30, 30)``.)
GC_YOUNG_THRESHOLD = 50_000


def run() -> None:
    """Console-script entry point: no tracebacks for user errors, one line for internal ones."""
    import gc
    import signal

    gc.set_threshold(GC_YOUNG_THRESHOLD, 20, 20)
    # Ctrl-C: typer would end with a silent exit 130; a SIGINT that was ignored stays ignored.
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _interrupt)
    try:
        app()
    except (Interrupted, KeyboardInterrupt):
        typer.echo("diffsrc: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # a bug: say so in one line, show the traceback on request
        if os.environ.get("DIFFSRC_DEBUG"):
            raise
        typer.echo(f"diffsrc: internal error: {type(exc).__name__}: {exc} (set DIFFSRC_DEBUG=1 for details)", err=True)
        sys.exit(3)


if __name__ == "__main__":
    run()
