"""HTML report: an overview, a side-by-side view and a page per source, or all in one file.

Pages are rendered by Jinja2 (autoescape on) from the view model in ``viewmodel.py``. CSS and
JavaScript are inlined and the JavaScript is allowed by its SHA-256 hash in a Content-Security-
Policy meta tag, so a page opens from ``file://`` without any request and nothing a source text
contains can run. The same analysis gives byte-identical files unless a timestamp is asked for.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from pathlib import Path

from diffsrc.errors import ConfigError
from diffsrc.io.files import atomic_write
from diffsrc.model import Analysis
from diffsrc.report import viewmodel
from diffsrc.report.display import visible_controls

TEMPLATE = "page.html.j2"
GENERATOR = '<meta name="generator" content="diffsrc'  # marks pages this module wrote


def template_dir() -> Path:
    """Where the templates are: ``diffsrc/templates`` in a wheel, ``templates/`` in a checkout."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "templates", here.parent / "templates"):
        if (candidate / TEMPLATE).is_file():
            return candidate
    raise ConfigError(
        f"HTML templates not found in {here / 'templates'} or {here.parent / 'templates'}; reinstall diffsrc"
    )


def csp(script: str) -> str:
    """The Content-Security-Policy of a page whose only script is ``script``."""
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return (
        "default-src 'none'; "
        f"script-src 'sha256-{digest}'; "
        "style-src 'unsafe-inline'; "
        "img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )


@lru_cache(maxsize=4)
def _environment(folder: str):  # type: ignore[no-untyped-def]
    import jinja2

    from diffsrc.io import usercache

    # Compiling the templates is a tenth of a comparison; Jinja keeps the compiled code keyed by
    # each template's source checksum. Its format may change between Jinja versions: one folder each.
    # Code compiled with ``finalize`` differs from code compiled without: a folder of its own.
    compiled = usercache.folder(f"templates-jinja{jinja2.__version__}-named-controls")
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        bytecode_cache=_tolerant_bytecode_cache(str(compiled)) if compiled else None,
        autoescape=True,
        finalize=_named_controls,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _named_controls(value: object) -> object:
    """Every string a template prints, with control characters named (``[U+001B]``), not obeyed:
    outlets, titles, quotes, messages and attributes all carry scraped text."""
    from markupsafe import Markup

    if isinstance(value, str) and not isinstance(value, Markup):
        return visible_controls(value)
    return value


def _tolerant_bytecode_cache(folder: str):  # type: ignore[no-untyped-def]
    """Jinja's file bytecode cache, minus its errors: compiled templates only save time, so a
    full disk, a read-only folder or a damaged file means compiling, never a failed report."""
    import jinja2

    class TolerantBytecodeCache(jinja2.FileSystemBytecodeCache):
        def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            try:
                super().load_bytecode(bucket)
            except Exception:  # noqa: BLE001 - unreadable or damaged: compile instead
                bucket.reset()

        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            try:
                super().dump_bytecode(bucket)
            except OSError:
                pass

    return TolerantBytecodeCache(folder)


def _asset(folder: Path, name: str) -> str:
    text = (folder / name).read_text("utf-8")
    if "</script" in text.lower() or "</style" in text.lower():
        raise ConfigError(f"template asset {name} must not close its own element")
    return text


def render_page(page: viewmodel.Page) -> str:
    """The HTML of one page of the view model."""
    from markupsafe import Markup

    folder = template_dir()
    env = _environment(str(folder))
    script = _asset(folder, "report.js")
    style = _asset(folder, "report.css")
    html = env.get_template(TEMPLATE).render(page=page, css=Markup(style), js=Markup(script), csp=csp(script))
    return str(html)


def render(analysis: Analysis, single_file: bool = False, timestamp: str | None = None) -> dict[str, str]:
    """All pages of the report, by path relative to the report folder (one page when single)."""
    model = viewmodel.build(analysis, timestamp)
    if single_file:
        return {"": render_page(model.single_page())}
    return {here: render_page(model.page(here)) for here in model.pages()}


def write(analysis: Analysis, path: Path, single_file: bool = False, timestamp: str | None = None) -> Path:
    """Write the HTML report and return the path of its entry page.

    ``path`` is the HTML file when ``single_file``, else the folder that receives ``index.html``,
    ``side-by-side.html`` and ``sources/<id>.html``.
    """
    path = Path(path)
    pages = render(analysis, single_file, timestamp)
    if single_file:
        atomic_write(path, pages[""])
        return path
    for rel, text in pages.items():
        atomic_write(path / rel, text)
    _remove_stale(path / "sources", {path / rel for rel in pages})
    return path / viewmodel.PAGE_OVERVIEW


def _remove_stale(folder: Path, keep: set[Path]) -> None:
    """Delete source pages an earlier report left behind (only pages diffsrc made)."""
    if not folder.is_dir():
        return
    for page in sorted(folder.glob("*.html")):
        if page in keep:
            continue
        try:
            with page.open("rb") as fh:
                head = fh.read(1024)
        except OSError:
            continue
        if GENERATOR.encode("utf-8") in head:
            page.unlink()
