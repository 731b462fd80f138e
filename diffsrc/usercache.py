"""The user cache: data diffsrc derives from what it ships and keeps between runs to start faster.

It holds a word-frequency index (``diffsrc.frequencies``) and compiled report templates; every
file is rebuilt when missing, stale or unreadable, so the folder is always safe to delete. It is
not the analysis cache (``--cache-dir``), which holds results and is chosen per corpus.

``DIFFSRC_CACHE_HOME`` names the folder; set it to an empty value to keep nothing on disk.
Otherwise it is the platform's user cache folder (``~/.cache/diffsrc`` on Linux).
"""

from __future__ import annotations

import os
from pathlib import Path

ENV = "DIFFSRC_CACHE_HOME"


def root() -> Path | None:
    """The user cache folder, or None when ``DIFFSRC_CACHE_HOME`` is set empty."""
    configured = os.environ.get(ENV)
    if configured is not None:
        return Path(configured).expanduser() if configured.strip() else None
    import platformdirs

    return Path(platformdirs.user_cache_dir("diffsrc", appauthor=False))


def folder(name: str) -> Path | None:
    """``<user cache>/<name>``, created if needed; None when disabled or not creatable."""
    base = root()
    if base is None:
        return None
    path = base / name
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return path
