"""HTML report (first version: a single escaped page; replaced by the templated report)."""

from __future__ import annotations

from pathlib import Path

from diffsrc.io import atomic_write
from diffsrc.model import Analysis


def write(analysis: Analysis, path: Path, single_file: bool = False) -> Path:
    """Write the HTML report and return the path of its entry page."""
    import jinja2

    env = jinja2.Environment(autoescape=True)
    page = env.from_string(
        "<!doctype html><meta charset=utf-8><title>diffsrc</title>"
        "{% for s in a.sources %}<h2>{{ s.id }}</h2><pre>{{ s.text }}</pre>{% endfor %}"
    ).render(a=analysis)
    target = path if single_file else path / "index.html"
    atomic_write(target, page)
    return target
