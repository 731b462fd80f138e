"""Where reports go: turning ``-o`` and ``--format`` into files, and writing them atomically."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from diffsrc.errors import InputError
from diffsrc.io.files import atomic_write
from diffsrc.model import Analysis

FORMATS = ("html", "json", "md", "sarif")
DEFAULT_FORMATS = ("html", "json", "md")  # a folder without --format; SARIF is asked for by name
ALIASES = {"markdown": "md", "htm": "html"}
SUFFIX_FORMAT = {
    ".json": "json", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".sarif": "sarif",
}
FOLDER_NAMES = {"json": "report.json", "md": "report.md", "sarif": "report.sarif", "html": ""}


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


def format_names(given: Sequence[str]) -> list[str]:
    """``--format`` values as format names: any case, ``markdown`` for ``md``, each once."""
    out: list[str] = []
    for f in given:
        name = ALIASES.get(f.strip().lower(), f.strip().lower())
        if name not in FORMATS:
            raise InputError(f"unknown format {f!r}; choose from {', '.join(FORMATS)}")
        if name not in out:
            out.append(name)
    return out


def plan(output: str | None, formats: Sequence[str], default_dir: Path) -> list[Target]:
    """Decide which files to write from the ``-o`` value and the requested formats.

    Raises ``InputError`` before any analysis when the formats conflict with ``-o`` or the
    report could not be written there (a file where a folder is needed, a read-only folder).
    """
    targets = _targets(output, format_names(formats), default_dir)
    for t in targets:
        if not t.to_stdout:
            _check_writable(t)
    return targets


def _targets(output: str | None, formats: Sequence[str], default_dir: Path) -> list[Target]:
    if output == STDOUT:
        if sys.stdout is None:  # started with standard output closed (``>&-``)
            raise InputError("-o - writes to standard output, which is closed; give -o FILE")
        if len(formats) > 1:
            raise InputError(f"-o - writes one report to standard output; --format asks for {', '.join(formats)}")
        return [Target(formats[0] if formats else "json", Path(STDOUT), True)]
    if output is not None and not output.strip():
        raise InputError("-o is empty; give a .json, .md, .html or .sarif file, a folder, or - for standard output")
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
            raise InputError(f"-o {output!r} is an existing file; give a folder or a .json/.md/.html/.sarif path")
        folder_named = output.endswith(("/", "\\")) or p.is_dir()
        if len(formats) == 1 and not folder_named and p.suffix:
            return [Target(formats[0], p, True)]
        if not folder_named and re.search("[A-Za-z]", p.suffix):
            # "report.txt" is meant as a file: making it a folder of reports would surprise.
            raise InputError(
                f"-o {output!r}: {p.suffix} is not a report format; give a .json, .md, .html or .sarif file, "
                f"one --format to write to {p.name!r}, or {output + '/'!r} for a folder"
            )
        out_dir = p
    chosen = list(formats) or list(DEFAULT_FORMATS)
    return [Target(f, out_dir / FOLDER_NAMES[f] if FOLDER_NAMES[f] else out_dir, False) for f in chosen]


def report_file(flag: str, value: str, fmt: str) -> Path:
    """The file of ``--sarif FILE`` or ``--markdown FILE``, checked before any analysis like ``-o``."""
    if not value.strip():
        raise InputError(f"{flag} is empty; give the file to write")
    path = Path(value)
    if path.is_dir() or value.endswith(("/", "\\")):
        raise InputError(f"{flag} {value!r} is a folder; give the file to write, e.g. {str(path / ('diffsrc.' + fmt))!r}")
    _check_writable(Target(fmt, path, True))
    return path


def _check_writable(target: Target) -> None:
    """Fail now, not after the analysis, when the target's folder cannot be made or written."""
    folder = target.path if target.format == "html" and not target.single_file else target.path.parent
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise InputError(f"cannot write {str(target.path)!r}: {str(existing)!r} is a file, not a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise InputError(f"cannot write {str(target.path)!r}: folder {str(existing)!r} is not writable")


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
        elif t.format == "sarif":
            from diffsrc.report import sarif

            atomic_write(t.path, sarif.render(analysis, root=Path.cwd()))
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
    if fmt == "json":
        from diffsrc.report import json_report

        text = json_report.render(analysis)
    elif fmt == "md":
        from diffsrc.report import markdown

        text = markdown.render(analysis, html_path=None, html_single=False, timestamp=timestamp)
    elif fmt == "sarif":
        from diffsrc.report import sarif

        text = sarif.render(analysis, root=Path.cwd())
    else:
        from diffsrc.report import html

        text = html.render(analysis, single_file=True, timestamp=timestamp)[""]
    try:
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
    except BrokenPipeError:  # diffsrc compare ... -o - | head: the reader has what it wanted
        pass
