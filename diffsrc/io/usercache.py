"""The user cache: data diffsrc derives from what it ships and keeps between runs to start faster.

It holds a word-frequency index (``diffsrc.analysis.frequencies``), the aligner's French-English lexicon
as built (``diffsrc.analysis.align``) and compiled report templates; every file is rebuilt when missing,
stale or unreadable, so the folder is always safe to delete. It is
not the analysis cache (``--cache-dir``), which holds results and is chosen per corpus.

``DIFFSRC_CACHE_HOME`` names the folder; set it to an empty value to keep nothing on disk.
Otherwise it is the platform's user cache folder (``~/.cache/diffsrc`` on Linux).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

ENV = "DIFFSRC_CACHE_HOME"
T = TypeVar("T")
B = TypeVar("B")


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


def remembered(
    where: str, name: str, load: Callable[[bytes], T], build: Callable[[], B | None], dump: Callable[[B], bytes],
    *, supersedes: str = "",
) -> T | B | None:
    """``load`` of the file ``name`` kept in the user cache folder ``where``; when it is missing or
    ``load`` rejects it (ValueError), ``build()``, kept there with ``dump`` for the next run (unless
    None; what is built may be another form than what is loaded, e.g. a dict and a sorted index).
    ``supersedes``: a pattern of older files in the folder the new one replaces. A user cache that
    is disabled or cannot be written only costs time."""
    from diffsrc.io.files import replace_atomically

    base = folder(where)
    path = base / name if base is not None else None
    if path is not None:
        try:
            return load(path.read_bytes())
        except (OSError, ValueError):
            pass  # absent or damaged: built below
    value = build()
    if path is not None and value is not None:
        try:
            replace_atomically(path, dump(value), durable=False)
            for old in path.parent.glob(supersedes) if supersedes else ():
                if old != path:
                    old.unlink(missing_ok=True)
        except (OSError, OverflowError):
            pass  # a read-only cache (or a value the format cannot hold) only costs time
    return value
