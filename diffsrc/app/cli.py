"""The ``diffsrc`` command line: a thin Typer layer over the pipeline and the renderers."""

from __future__ import annotations

import os
import sys
from datetime import UTC
from pathlib import Path

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
    sources: list[str] = typer.Argument(..., help="Files (.txt, .md, .html), folders or globs; at least two sources."),
    output: str | None = typer.Option(None, "-o", "--output", help="Report file (.json, .md, .html) or folder. Default: reports/NAME/."),
    formats: list[str] = typer.Option([], "--format", "-f", help="html, json or md; repeat for several. Default: all three into a folder."),
    embedder: str | None = typer.Option(None, help="Sentence encoder (transformers name or local path) added to alignment."),
    lm: str | None = typer.Option(None, help="Language model (name or path) to rank unnatural wording by surprisal."),
    nli: str | None = typer.Option(None, help="NLI model (name or path) to score aligned sentence pairs."),
    reference: list[str] = typer.Option([], help="SOURCE=REFERENCE: score SOURCE against REFERENCE with BLEU, chrF and TER."),
    select: list[str] = typer.Option([], "--select", help="Only run detectors whose code starts with this (e.g. DS1)."),
    disable: list[str] = typer.Option([], "--disable", help="Skip detectors whose code starts with this."),
    max_size: float = typer.Option(20.0, "--max-size", help="Largest source file to read, in MB."),
    cache_dir: str | None = typer.Option(None, "--cache-dir", help="Analysis cache folder (default: none for compare)."),
    timestamp: bool = typer.Option(False, "--timestamp", help="Stamp reports with the time they were made (off: reports are byte-identical across runs)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing but errors."),
) -> None:
    """Compare several articles about the same event and write reports."""
    from diffsrc.analysis import pipeline
    from diffsrc.app import outputs
    from diffsrc.io.ingest import load_sources
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
        written = outputs.write(analysis, targets, timestamp=_now() if timestamp else None)
    except DiffsrcError as exc:
        _fail(str(exc), exc.exit_code)
        return
    if not quiet:
        for w in warnings:
            typer.echo(f"diffsrc: warning: {w}", err=True)
        terminal.print_summary(analysis, written)


@app.command(
    epilog=(
        "Exit codes: 0 all thresholds hold, 1 a threshold is violated, 2 usage or input error.\n\n"
        "Examples:\n\n"
        "  diffsrc check corpus/ --since origin/main --sarif diffsrc.sarif   # sources added in a PR\n\n"
        "  diffsrc check corpus/ --new corpus/new-article.txt --markdown summary.md\n\n"
        "  diffsrc check corpus/                       # every source against the others\n\n"
        "  diffsrc check seeds/ --exit-zero -o reports/check/   # report only, never fail"
    )
)
def check(
    paths: list[str] | None = typer.Argument(None, metavar="[CORPUS_DIR] [FILE]...", help="CORPUS_DIR (default: the folder of the files, or .), then files to check like --new."),
    new: list[str] = typer.Option([], "--new", help="A new or changed source to check against the corpus; repeat for several."),
    since: str | None = typer.Option(None, "--since", help="Check the sources added or changed since this git ref (e.g. origin/main)."),
    config_file: str | None = typer.Option(None, "--config", help="A diffsrc.toml or pyproject.toml to read instead of the one found from CORPUS_DIR."),
    max_per_1000: list[str] = typer.Option([], "--max-per-1000", help="SEVERITY=N: most artefacts per 1,000 words (high, medium, low, total; N or off)."),
    fail_on_contradiction: str | None = typer.Option(None, "--fail-on-contradiction", help="Fail on a contradiction at or above this confidence (0-1, or off)."),
    min_aligned_share: str | None = typer.Option(None, "--min-aligned-share", help="Least share of paragraphs aligned to the corpus (0-1, or off)."),
    language: list[str] = typer.Option([], "--language", help="An allowed language (en, fr...); repeat for several."),
    sarif: str | None = typer.Option(None, "--sarif", help="Write SARIF 2.1.0 results (for code-scanning annotations) to this file."),
    markdown: str | None = typer.Option(None, "--markdown", help="Write a Markdown summary (for a pull-request comment) to this file."),
    output: str | None = typer.Option(None, "-o", "--output", help="Also write the report (.json, .md, .html file or a folder) of the checked sources."),
    formats: list[str] = typer.Option([], "--format", "-f", help="Report formats for -o: html, json or md."),
    select: list[str] = typer.Option([], "--select", help="Only run detectors whose code starts with this."),
    disable: list[str] = typer.Option([], "--disable", help="Skip detectors whose code starts with this."),
    cache_dir: str | None = typer.Option(None, "--cache-dir", help="Cache folder (default .diffsrc-cache; safe to delete)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Neither read nor write the cache."),
    exit_zero: bool = typer.Option(False, "--exit-zero", help="Exit 0 even when thresholds are violated (report only)."),
    max_size: float = typer.Option(20.0, "--max-size", help="Largest source file to read, in MB."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only violated thresholds and the verdict."),
) -> None:
    """Check new or changed sources against a corpus: artefacts, contradictions, relevance, language."""
    from diffsrc.app import check as checking
    from diffsrc.app import config, outputs
    from diffsrc.io.files import atomic_write
    from diffsrc.report import check_summary
    from diffsrc.report import sarif as sarif_report

    try:
        corpus_dir, files = checking.parse_targets(paths or [], new)
        if since and files:
            _fail("give either files to check (--new) or --since REF, not both")
        cfg = config.load(corpus_dir, Path(config_file) if config_file else None)
        cfg = config.override(
            cfg, max_per_1000=max_per_1000, fail_on_contradiction=fail_on_contradiction,
            min_aligned_share=min_aligned_share, languages=language, cache_dir=cache_dir, no_cache=no_cache,
            select=select, disable=disable,
        )
        targets = outputs.plan(output, formats, Path("reports") / "check") if output or formats else []
        request = checking.CheckRequest(corpus_dir, files, since, int(max_size * 1024 * 1024))
        with _progress(quiet) as step:
            result = checking.run(request, cfg, progress=step)
        root = checking.repo_root(Path.cwd()) or Path.cwd()
        written: list[Path] = []
        if sarif:
            atomic_write(Path(sarif), sarif_report.render(
                result.analysis, focus=result.focus, violations=result.violations,
                fail_confidence=cfg.thresholds.fail_on_contradiction_confidence, root=root,
            ))
            written.append(Path(sarif))
        if markdown:
            atomic_write(Path(markdown), check_summary.markdown(result, root=root))
            written.append(Path(markdown))
        if targets and result.focus:
            written += outputs.write(checking.focused(result.analysis, result.focus), targets)
    except DiffsrcError as exc:
        _fail(str(exc), exc.exit_code)
        return
    for w in result.warnings:
        if result.focus and not quiet:
            typer.echo(f"diffsrc: warning: {w}", err=True)
    for line in check_summary.terminal_lines(result, show_findings=not quiet):
        if quiet and not line.startswith(("FAIL", "diffsrc check")):
            continue
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
