"""Running one stage on a second core while the caller does another.

The pipeline's fact comparison and artefact detectors are independent once paragraphs are
aligned; on a machine with two cores ``background`` runs the first in a forked child while the
parent runs the second. The child is only an optimisation: if it cannot run, fails or dies, the
work is done again in the caller, where its errors surface as they always would.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

T = TypeVar("T")


def usable_cpus() -> int:
    """CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether ``background`` would use a child process here."""
    return hasattr(os, "fork") and sys.platform.startswith("linux") and usable_cpus() >= 2


class Pending(Generic[T]):
    """The result of ``fn``, computed by a child process when one was started."""

    def __init__(self, fn: Callable[[], T], fork: bool) -> None:
        self._fn = fn
        self._pid = 0
        self._read = -1
        if fork:
            self._start()

    def _start(self) -> None:
        sys.stdout.flush()
        sys.stderr.flush()
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # child: compute, send, and leave without running the parent's exit handlers
            status = 1
            try:
                os.close(read)
                payload = pickle.dumps(self._fn(), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write, "wb") as out:
                    out.write(payload)
                status = 0
            except BaseException:  # noqa: BLE001 - any failure means "the parent does it"
                pass
            finally:
                os._exit(status)
        os.close(write)
        self._pid, self._read = pid, read

    def result(self) -> T:
        """The child's result, or ``fn()`` computed here when there was no usable child."""
        if self._pid:
            with os.fdopen(self._read, "rb") as src:
                data = src.read()
            self._read = -1
            _, status = os.waitpid(self._pid, 0)
            self._pid = 0
            if status == 0 and data:
                try:
                    value: T = pickle.loads(data)  # our own child, through our own pipe
                    return value
                except Exception:  # noqa: BLE001 - recompute below
                    pass
        return self._fn()

    def cancel(self) -> None:
        """Stop a child whose result is no longer wanted."""
        if self._read >= 0:
            os.close(self._read)
            self._read = -1
        if self._pid:
            try:
                os.kill(self._pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(self._pid, 0)
            self._pid = 0


@contextmanager
def background(fn: Callable[[], T], *, fork: bool | None = None) -> Iterator[Pending[T]]:
    """Run ``fn`` in a forked child while the ``with`` block runs; ``.result()`` collects it.

    ``fork=None`` forks when ``can_fork()``; ``False`` runs ``fn`` at ``.result()`` instead.
    A result not collected when the block exits (an exception) is discarded with its child.
    """
    pending = Pending(fn, can_fork() if fork is None else fork)
    try:
        yield pending
    finally:
        pending.cancel()
