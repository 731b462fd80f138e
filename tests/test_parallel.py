"""diffsrc.parallel: a forked child does the job, and any failure falls back to the caller."""

from __future__ import annotations

import os
import time
from typing import Any

import pytest

from diffsrc import parallel
from diffsrc.parallel import Inbox, background

needs_fork = pytest.mark.skipif(not parallel.can_fork(), reason="needs fork and two CPUs")


@needs_fork
def test_result_comes_from_a_child_process_with_what_the_parent_sent() -> None:
    parent = os.getpid()
    with background(lambda inbox: (os.getpid(), inbox() * 2)) as job:
        job.send([1, 2, 3])
        pid, value = job.result()
    assert pid != parent and value == [1, 2, 3, 1, 2, 3]


@pytest.mark.parametrize("fork", [True, False])
def test_a_job_that_needs_nothing_sent(fork: bool) -> None:
    with background(lambda _inbox: "done", fork=fork) as job:
        assert job.result() == "done"


@pytest.mark.parametrize("fork", [True, False])
def test_a_failing_job_raises_in_the_caller(fork: bool) -> None:
    def boom(_inbox: Inbox) -> int:
        raise KeyError("missing")

    with pytest.raises(KeyError, match="missing"), background(boom, fork=fork) as job:
        job.result()


@needs_fork
def test_an_unpicklable_result_is_recomputed_here() -> None:
    calls: list[int] = []

    def make(inbox: Inbox) -> Any:
        calls.append(os.getpid())
        value = inbox()
        return lambda: value  # lambdas cannot be pickled

    with background(make) as job:
        job.send(42)
        got = job.result()
    assert got() == 42
    assert calls == [os.getpid()]  # the child's call left no trace here: only the parent's counts


def test_without_fork_the_job_runs_at_result_time() -> None:
    order: list[str] = []

    def work(inbox: Inbox) -> int:
        order.append(f"work {inbox()}")
        return len(order)

    with background(work, fork=False) as job:
        order.append("block")
        job.send("x")
        assert job.result() == 2
    assert order == ["block", "work x"]


def test_asking_for_a_value_never_sent_is_an_error() -> None:
    with pytest.raises(RuntimeError, match="never sent"), background(lambda inbox: inbox(), fork=False) as job:
        job.result()


@needs_fork
def test_an_uncollected_child_is_stopped_when_the_block_fails() -> None:
    with pytest.raises(RuntimeError), background(lambda inbox: inbox()) as job:
        pid = job._pid
        raise RuntimeError("a detector failed before the alignments were sent")
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # already reaped: no zombie left behind


@needs_fork
def test_large_values_pass_both_ways() -> None:
    big = ["x" * 100] * 20_000  # far beyond a pipe's buffer

    def echo(inbox: Inbox) -> list[str]:
        time.sleep(0.01)
        return list(inbox())

    with background(echo) as job:
        job.send(big)
        assert job.result() == big


def test_a_failed_fork_runs_the_job_here(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    with background(lambda inbox: inbox() + 1, fork=True) as job:
        job.send(41)
        assert job.result() == 42


@pytest.mark.parametrize(("setting", "expected"), [("1", 1), ("0", 1), ("-3", 1), ("many", None), ("", None), ("999", None)])
def test_diffsrc_jobs_caps_the_processes(setting: str, expected: int | None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIFFSRC_JOBS", setting)
    assert parallel.jobs() == (expected or parallel.usable_cpus())  # never more than the CPUs


def test_diffsrc_jobs_1_keeps_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIFFSRC_JOBS", "1")
    assert not parallel.can_fork()
    with background(lambda _inbox: os.getpid()) as job:
        assert job.result() == os.getpid()



@pytest.mark.skipif(not parallel.can_fork(), reason="needs fork and two CPUs")
def test_a_child_whose_result_was_taken_is_reaped() -> None:
    with parallel.background(lambda _inbox: "done") as job:
        pid = job._pid
        assert pid and job.result() == "done"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)  # a zombie still answers
        except ProcessLookupError:
            return  # reaped
        time.sleep(0.01)
    pytest.fail(f"child {pid} was never reaped")
