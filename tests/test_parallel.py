"""diffsrc.parallel: a forked child computes the result, and any failure falls back to the caller."""

from __future__ import annotations

import os

import pytest

from diffsrc import parallel
from diffsrc.parallel import background

needs_fork = pytest.mark.skipif(not parallel.can_fork(), reason="needs fork and two CPUs")


@needs_fork
def test_result_comes_from_a_child_process() -> None:
    parent = os.getpid()
    with background(lambda: (os.getpid(), [1, 2, 3])) as pending:
        pid, value = pending.result()
    assert pid != parent and value == [1, 2, 3]


@pytest.mark.parametrize("fork", [True, False])
def test_a_failing_function_raises_in_the_caller(fork: bool) -> None:
    def boom() -> int:
        raise KeyError("missing")

    with pytest.raises(KeyError, match="missing"), background(boom, fork=fork) as pending:
        pending.result()


@needs_fork
def test_an_unpicklable_result_is_recomputed_here() -> None:
    calls: list[int] = []

    def make() -> object:
        calls.append(os.getpid())
        return lambda: 42  # lambdas cannot be pickled

    with background(make) as pending:
        got = pending.result()
    assert callable(got) and got() == 42
    assert calls == [os.getpid()]  # the child's call left no trace here: only the parent's counts


def test_without_fork_the_function_runs_at_result_time() -> None:
    order: list[str] = []
    with background(lambda: order.append("fn") or len(order), fork=False) as pending:
        order.append("block")
        assert pending.result() == 2
    assert order == ["block", "fn"]


@needs_fork
def test_an_uncollected_child_is_stopped_when_the_block_fails() -> None:
    import time

    with pytest.raises(RuntimeError), background(lambda: time.sleep(60)) as pending:
        pid = pending._pid
        raise RuntimeError("detector failed")
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # already reaped: no zombie left behind


@needs_fork
def test_large_results_pass_through_the_pipe() -> None:
    big = ["x" * 100] * 20_000  # far beyond a pipe's buffer
    with background(lambda: big) as pending:
        assert pending.result() == big
