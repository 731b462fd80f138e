"""Synonym substitution and spinning (DS701-DS704) on invented texts."""

from __future__ import annotations

import pytest

from diffsrc.detectors import REGISTRY, Context, selected
from diffsrc.detectors.collocations import looks_spun, thesaurus
from diffsrc.model import Alignment, ParaRef
from tests.detector_sources import make_source, run, texts

SPUN = (
    "Regional leaders will convene in Rome on Friday to talk about flood assist, officers mentioned.\n"
    "The mayor mentioned at a information convention that the most important query mark is money.\n"
    "Nonetheless, the plan continues to be unclear, as a result of the budget is small.\n"
    "Engineers are making an attempt to repair the dams, and the region wants to spend extra on them.\n"
    "Officials floated the thought of a rescue fund; to date no different nation has joined it.\n"
    "In the event that the rain returns, the state of affairs could worsen, she mentioned.\n"
)
PLAIN = (
    "Regional leaders will meet in Rome on Friday to discuss flood aid, officials said.\n"
    "The mayor said at a news conference that the biggest question mark is money.\n"
    "Nonetheless, the plan remains unclear, as a result of delays in the budget.\n"
)


@pytest.mark.parametrize(
    "text, expected, suggestion",
    [
        ("Ministers met at an information convention in Oslo on Tuesday.", ["information convention"],
         "news conference"),
        ("Soldiers stayed near the entrance strains through the winter.", ["entrance strains"], "front lines"),
        ("Twelve nations joined the coalition of the prepared in March.", ["coalition of the prepared"],
         "coalition of the willing"),
        ("The plan relies on a reassurance pressure based in the west.", ["reassurance pressure"],
         "reassurance force"),
        ("Nobody wants troops on the bottom before the vote.", ["troops on the bottom"], "troops on the ground"),
    ],
)
def test_tortured_phrases(text: str, expected: list[str], suggestion: str) -> None:
    found = run("DS701", make_source(text))
    assert texts(found) == expected
    assert found[0].suggestion == suggestion and found[0].category == "synonym_substitution"


def test_spinner_vocabulary_needs_a_spun_text() -> None:
    spun, plain = make_source(SPUN, source_id="spun"), make_source(PLAIN, source_id="plain")
    assert looks_spun(spun) and not looks_spun(plain)
    found = run("DS702", spun, plain)
    assert {f.source for f in found} == {"spun"}
    assert {"mentioned", "making an attempt to", "In the event that", "state of affairs"} <= set(texts(found))
    assert all(any("spinner swaps" in e.note for e in f.evidence) for f in found)


def test_plain_wording_is_not_flagged() -> None:
    plain = make_source(PLAIN)
    assert run("DS701", plain) == [] and run("DS702", plain) == [] and run("DS704", plain) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The allies are ready to intensify, to engage and to help.", ["intensify"]),
        ("Other leaders have also suggested intensifying in various ways.", ["intensifying"]),
        ("The storm will intensify overnight near the coast.", []),
        ("Police intensified patrols after the attack.", []),
    ],
)
def test_intransitive_intensify(text: str, expected: list[str]) -> None:
    found = run("DS703", make_source(text))
    assert texts(found) == expected
    assert all(f.suggestion == "step up" for f in found)


def test_unnatural_collocation_from_aligned_source() -> None:
    a = make_source("Leaders will hold an emergency assembly in Rome on Friday.", source_id="a")
    b = make_source("Leaders will hold an emergency meeting in Rome on Friday.", source_id="b")
    selected()
    al = Alignment(ParaRef("a", 0), ParaRef("b", 0), 0.9, "same")
    found = list(REGISTRY["DS704"]().run(Context((a, b), (al,))))
    assert [(f.source, f.text, f.suggestion) for f in found] == [("a", "assembly", "meeting")]
    assert "aligned paragraph" in found[0].evidence[0].note
    # without the alignment, a single plain text gives no statistical finding
    assert list(REGISTRY["DS704"]().run(Context((a, b), ()))) == []


def test_unnatural_collocation_from_statistics_in_spun_text() -> None:
    found = run("DS704", make_source(SPUN + "Officials say the gathering on Friday will be short.\n"))
    assert ("gathering", "meeting") in {(f.text, f.suggestion) for f in found}


def test_thesaurus_is_symmetric() -> None:
    thes = thesaurus()
    assert "force" in thes["pressure"] and "pressure" in thes["force"]


@pytest.mark.parametrize(
    "text",
    ["Fighting in the east will intensify, the army warned.", "Tensions could intensify now that talks failed."],
)
def test_intensify_with_an_event_subject_is_natural(text: str) -> None:
    assert run("DS703", make_source(text)) == []
