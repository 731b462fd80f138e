"""The pipeline gives the same analysis on one process and on two."""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path

import pytest

from diffsrc import detectors, parallel, pipeline
from diffsrc.ingest import load_sources

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.mark.skipif(not parallel.can_fork(), reason="needs fork and two CPUs")
@pytest.mark.parametrize("focus", [None, frozenset({"wire-fr-0217"}), frozenset({"nyt-0217"})])
def test_one_process_and_two_give_the_same_analysis(focus: frozenset[str] | None, monkeypatch: pytest.MonkeyPatch) -> None:
    sources, _ = load_sources([str(SEEDS)])
    two = pipeline.run(sources, focus=focus)
    monkeypatch.setattr(parallel, "can_fork", lambda: False)
    one = pipeline.run(sources, focus=focus)
    assert two == one
    assert two.findings and two.facts and two.alignments
    if focus == {"nyt-0217"}:  # the name-corruption detector ran early in the second process of this check
        assert "DS101" in {f.code for f in two.findings}


def test_detectors_split_by_family_and_stateful_ones_stay() -> None:
    chosen = [cls() for cls in detectors.selected()]
    here, there = detectors.split_for_two(chosen)
    assert sorted(d.code for d in here + there) == sorted(d.code for d in chosen)
    assert there and all(d.code.startswith(("DS5", "DS7")) for d in there)
    assert "DS950" in {d.code for d in here}  # its combine() needs what its run() scored
    here, there = detectors.split_for_two(chosen, detectors.CHECK_SECOND_PROCESS_FAMILIES, before_alignments=True)
    assert sorted(d.code for d in here + there) == sorted(d.code for d in chosen)
    assert [d.code for d in there] == ["DS101", "DS102"]
    # before the alignments exist, a detector that reads them stays, whatever its family
    here, there = detectors.split_for_two(chosen, ("DS7",), before_alignments=True)
    assert "DS704" in {d.code for d in here} and "DS701" in {d.code for d in there}


def test_detectors_that_do_not_declare_alignments_find_the_same_without_them() -> None:
    # what lets a check run them before paragraphs are aligned (split_for_two(before_alignments))
    sources, _ = load_sources([str(SEEDS)])
    alignments = pipeline.run(sources).alignments
    chosen = [cls() for cls in detectors.selected() if not cls.uses_alignments]
    assert len(chosen) > 30
    without = detectors.run_each(chosen, sources, (), None)
    assert sum(map(len, without.values())) > 100
    assert without == detectors.run_each(chosen, sources, alignments, None)


@pytest.mark.parametrize("fork", [True, False])
def test_keep_gets_the_alignments_and_facts_in_either_process(
    fork: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    if fork and not parallel.can_fork():
        pytest.skip("needs fork and two CPUs")
    import msgspec

    from diffsrc.cache import to_jsonable
    from diffsrc.model import Alignment, Fact

    sources, _ = load_sources([str(SEEDS)])
    kept = tmp_path / "kept.json"
    if not fork:
        monkeypatch.setattr(parallel, "can_fork", lambda: False)

    def keep(alignments: tuple[Alignment, ...], facts: tuple[Fact, ...]) -> None:
        # a file, because in a child process nothing else would reach this test
        kept.write_text(json.dumps({"pid": os.getpid(), "alignments": to_jsonable(alignments), "facts": to_jsonable(facts)}))

    analysis = pipeline.run(sources, focus=frozenset({"wire-fr-0217"}), keep=keep)
    got = json.loads(kept.read_text())
    assert msgspec.convert(got["alignments"], tuple[Alignment, ...]) == analysis.alignments
    assert msgspec.convert(got["facts"], tuple[Fact, ...]) == analysis.facts and analysis.facts
    assert (got["pid"] != os.getpid()) is fork


def test_alignments_reach_the_second_process_unchanged() -> None:
    sources, _ = load_sources([str(SEEDS)])
    alignments = pipeline.run(sources).alignments
    assert alignments
    back = pipeline._unpack(pickle.loads(pickle.dumps(pipeline._pack(alignments))))
    assert back == alignments and type(back) is tuple
    assert all(type(a.score) is float and type(a.shared) is tuple for a in back)


def test_a_run_leaves_nothing_frozen_unless_something_was_frozen_before() -> None:
    import gc

    sources, _ = load_sources([str(SEEDS)])
    assert gc.get_freeze_count() == 0
    pipeline.run(sources, focus=frozenset({"nyt-0217"}))
    assert gc.get_freeze_count() == 0
    gc.freeze()  # an application's own frozen objects stay frozen
    try:
        pipeline.run(sources, focus=frozenset({"nyt-0217"}))
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
