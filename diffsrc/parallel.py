"""Running one stage on a second core while the caller does another.

The pipeline extracts claims while it aligns paragraphs, and compares facts while the artefact
detectors run: ``background`` starts the first job in a forked child and lets the parent send
it what it needs later (the alignments). The child is only an optimisation: if it cannot start,
fails or dies, the job is run again in the caller, where its errors surface as they always would.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Generic, TypeVar

T = TypeVar("T")
Inbox = Callable[[], Any]  # returns what the parent sent with ``Job.send``
_NOTHING: Any = object()


def usable_cpus() -> int:
    """CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def jobs() -> int:
    """Processes diffsrc may run at once: the usable CPUs, or fewer with ``DIFFSRC_JOBS=N``
    (a shared CI runner, a profiler); 1 keeps every run in one process."""
    cpus = usable_cpus()
    try:
        wanted = int(os.environ.get("DIFFSRC_JOBS", "") or cpus)
    except ValueError:
        wanted = cpus
    return max(1, min(wanted, cpus))


def can_fork() -> bool:
    """Whether ``background`` would use a child process here (Linux, ``jobs()`` >= 2)."""
    return hasattr(os, "fork") and sys.platform.startswith("linux") and jobs() >= 2


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass  # already reaped


def _read_all(fd: int) -> bytes:
    with os.fdopen(fd, "rb") as src:
        return src.read()


def _drain(fd: int) -> Inbox:
    """Read ``fd`` on a thread from now on, so a sender never waits for a busy reader (a pipe
    holds 64 KiB); the returned inbox waits for the end of the data and unpickles it."""
    box: list[bytes] = []
    reader = threading.Thread(target=lambda: box.append(_read_all(fd)), daemon=True)
    reader.start()

    def inbox() -> Any:
        reader.join()
        return pickle.loads(box[0])

    return inbox


class Job(Generic[T]):
    """``work(inbox)``, computed by a child process when one could be started."""

    def __init__(self, work: Callable[[Inbox], T], fork: bool) -> None:
        self._work = work
        self._sent: Any = _NOTHING
        self._pid = 0
        self._results = -1  # child -> parent
        self._inbox = -1  # parent -> child
        if fork:
            self._start()

    def _start(self) -> None:
        for stream in (sys.stdout, sys.stderr):  # else the child would write buffered output again
            try:
                stream.flush()
            except (AttributeError, OSError, ValueError):  # closed, broken or absent streams
                pass
        try:
            results_r, results_w = os.pipe()
            inbox_r, inbox_w = os.pipe()
        except OSError:  # out of file descriptors: run in this process
            return
        try:
            pid = os.fork()
        except OSError:  # out of processes or memory: run in this process
            for fd in (results_r, results_w, inbox_r, inbox_w):
                os.close(fd)
            return
        if pid == 0:  # child: work, send, and leave without running the parent's exit handlers
            status = 1
            try:
                os.close(results_r)
                os.close(inbox_w)
                payload = pickle.dumps(self._work(_drain(inbox_r)), pickle.HIGHEST_PROTOCOL)
                with os.fdopen(results_w, "wb") as out:
                    out.write(payload)
                status = 0
            except BaseException:  # noqa: BLE001 - any failure means "the parent does it"
                pass
            finally:
                os._exit(status)
        os.close(results_w)
        os.close(inbox_r)
        self._pid, self._results, self._inbox = pid, results_r, inbox_w

    def send(self, value: Any) -> None:
        """Give the job the value its inbox returns (once)."""
        self._sent = value
        if self._inbox >= 0:
            fd, self._inbox = self._inbox, -1
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(pickle.dumps(value, pickle.HIGHEST_PROTOCOL))
            except OSError:
                pass  # the child is gone: result() recomputes

    def result(self) -> T:
        """The child's result, or ``work`` run here when there was no usable child."""
        if self._pid:
            fd, self._results = self._results, -1
            data = _read_all(fd)
            pid, self._pid = self._pid, 0
            try:
                # Our own child, through our own pipe; cut short (the child died), it fails to load.
                value: T = pickle.loads(data)
            except Exception:  # noqa: BLE001 - recompute below
                os.waitpid(pid, 0)
            else:
                # The child is exiting: it is reaped on a thread, as the kernel frees its memory
                # (7-11 ms after a warm check) while this process goes on.
                threading.Thread(target=_reap, args=(pid,), name="diffsrc-reap", daemon=True).start()
                return value
        return self._work(self._inbox_here)

    def _inbox_here(self) -> Any:
        if self._sent is _NOTHING:
            raise RuntimeError("the job asked for a value that was never sent")
        return self._sent

    def cancel(self) -> None:
        """Stop a child whose result is no longer wanted."""
        for name in ("_results", "_inbox"):
            fd = getattr(self, name)
            if fd >= 0:
                os.close(fd)
                setattr(self, name, -1)
        if self._pid:
            try:
                os.kill(self._pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(self._pid, 0)
            self._pid = 0


@contextmanager
def background(work: Callable[[Inbox], T], *, fork: bool | None = None) -> Iterator[Job[T]]:
    """Run ``work(inbox)`` in a forked child while the ``with`` block runs.

    ``job.send(value)`` passes a value the work gets by calling ``inbox()``; ``job.result()``
    collects the result. ``fork=None`` forks when ``can_fork()``; with ``False`` the work runs
    at ``result()``. A result not collected when the block exits is discarded with its child.
    """
    job = Job(work, can_fork() if fork is None else fork)
    try:
        yield job
    finally:
        job.cancel()
