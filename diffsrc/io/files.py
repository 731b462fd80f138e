"""Atomic file output: a report is either fully written or not there at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from diffsrc.errors import InputError


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_atomically(path, data.encode("utf-8") if isinstance(data, str) else data, durable=True)
    except OSError as exc:
        raise InputError(f"cannot write {str(path)!r}: {exc.strerror or exc}") from exc


def replace_atomically(path: Path, payload: bytes, *, durable: bool) -> None:
    """Replace ``path`` with ``payload`` via a temporary file and ``os.replace``.

    Readers see the old file or the new one, never a part. ``durable`` adds an fsync: reports
    want it; a cache does not (a file emptied by a crash fails validation and is recomputed).
    Raises ``OSError``; the temporary file never outlives a failure.
    """
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fh.fileno(), 0o644)
            fh.write(payload)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
