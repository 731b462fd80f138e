"""Where reports go: turning ``-o`` and ``--format`` into files, and writing them atomically."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from diffsrc.errors import InputError
from diffsrc.io.files import atomic_write
from diffsrc.model import Analysis

FORMATS = ("html", "json", "md")
SUFFIX_FORMAT = {".json": "json", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}


STDOUT = "-"  # ``-o -``: the report goes to standard output (JSON unless --format says otherwise)


@dataclass(frozen=True)
class Target:
    """One report to write: its format and path (a folder for multi-page HTML; ``-`` for stdout)."""

    format: str
    path: Path
    single_file: bool

    @property
    def to_stdout(self) -> bool:
        """True for ``-o -``."""
        return str(self.path) == STDOUT


def plan(output: str | None, formats: Sequence[str], default_dir: Path) -> list[Target]:
    """Decide which files to write from the ``-o`` value and the requested formats."""
    for f in formats:
        if f not in FORMATS:
            raise InputError(f"unknown format {f!r}; choose from {', '.join(FORMATS)}")
    if output == STDOUT:
        if len(formats) > 1:
            raise InputError(f"-o - writes one report to standard output; --format asks for {', '.join(formats)}")
        return [Target(formats[0] if formats else "json", Path(STDOUT), True)]
    if output is None:
        out_dir = default_dir
    else:
        p = Path(output)
        fmt = SUFFIX_FORMAT.get(p.suffix.lower())
        if fmt is not None and not p.is_dir():
            if formats and set(formats) != {fmt}:
                raise InputError(
                    f"-o {output!r} is a .{p.suffix.lstrip('.')} file but --format asks for "
                    f"{', '.join(formats)}; give a folder for several formats"
                )
            return [Target(fmt, p, True)]
        if p.exists() and not p.is_dir():
            raise InputError(f"-o {output!r} is an existing file; give a folder or a .json/.md/.html path")
        if len(formats) == 1 and not output.endswith(("/", "\\")) and not p.is_dir() and p.suffix:
            return [Target(formats[0], p, True)]
        out_dir = p
    chosen = list(formats) or list(FORMATS)
    names = {"json": "report.json", "md": "report.md", "html": ""}
    return [Target(f, out_dir / names[f] if names[f] else out_dir, False) for f in chosen]


def write(analysis: Analysis, targets: Sequence[Target], timestamp: str | None = None) -> list[Path]:
    """Render and write every target; returns the main file of each.

    ``timestamp`` (``--timestamp``) is printed in the HTML and Markdown reports; without it the
    same analysis gives byte-identical files.
    """
    written: list[Path] = []
    html_target = next((t for t in targets if t.format == "html"), None)
    for t in targets:
        if t.to_stdout:
            _to_stdout(analysis, t.format, timestamp)
        elif t.format == "json":
            from diffsrc.report import json_report

            atomic_write(t.path, json_report.render(analysis))
            written.append(t.path)
        elif t.format == "md":
            from diffsrc.report import markdown

            html_rel = None
            if html_target is not None:
                html_rel = os.path.relpath(html_target.path, t.path.parent).replace(os.sep, "/")
            atomic_write(
                t.path,
                markdown.render(
                    analysis, html_path=html_rel,
                    html_single=bool(html_target and html_target.single_file), timestamp=timestamp,
                ),
            )
            written.append(t.path)
        else:
            from diffsrc.report import html

            written.append(html.write(analysis, t.path, single_file=t.single_file, timestamp=timestamp))
    return written


def _to_stdout(analysis: Analysis, fmt: str, timestamp: str | None) -> None:
    """Write one report to standard output (``-o -``), as bytes: the same UTF-8 as a file."""
    import sys

    if fmt == "json":
        from diffsrc.report import json_report

        text = json_report.render(analysis)
    elif fmt == "md":
        from diffsrc.report import markdown

        text = markdown.render(analysis, html_path=None, html_single=False, timestamp=timestamp)
    else:
        from diffsrc.report import html

        text = html.render(analysis, single_file=True, timestamp=timestamp)[""]
    try:
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
    except BrokenPipeError:  # diffsrc compare ... -o - | head: the reader has what it wanted
        pass
