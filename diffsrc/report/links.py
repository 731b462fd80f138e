"""Page paths, anchors and relative links of the HTML report (folder of pages or one file)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

PAGE_OVERVIEW = "index.html"
PAGE_SBS = "side-by-side.html"


@lru_cache(maxsize=1024)  # asked thousands of times for the few source ids of a report
def slugify(value: str) -> str:
    """A file- and anchor-safe form of a source id (ASCII letters, digits, ``-`` and ``_``)."""
    folded = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9_-]+", "-", folded.lower()).strip("-") or "source"


def source_page(slug: str) -> str:
    """The folder-relative path of a source's page."""
    return f"sources/{slug}.html"


@dataclass(frozen=True)
class Linker:
    """Relative links from one page (folder report) or section anchors (single-file report)."""

    single: bool
    here: str = PAGE_OVERVIEW

    def to(self, page: str, anchor: str = "") -> str:
        """The href of ``page`` (and an anchor in it) seen from the current page."""
        if self.single:
            return "#" + (anchor or section_id(page))
        if page == self.here:
            return "#" + anchor if anchor else "#top"
        rel = ("../" if "/" in self.here else "") + page
        return rel + ("#" + anchor if anchor else "")


def section_id(page: str) -> str:
    """The anchor of a page's section in the single-file report."""
    if page == PAGE_OVERVIEW:
        return "overview"
    if page == PAGE_SBS:
        return "side-by-side"
    return "source-" + page.removeprefix("sources/").removesuffix(".html")


def safe_url(url: str) -> str | None:
    """The URL when it is a plain web address; anything else (javascript:, data:) is not linked."""
    return url if re.match(r"https?://[^\s\"'<>]+$", url.strip(), re.I) and url == url.strip() else None
