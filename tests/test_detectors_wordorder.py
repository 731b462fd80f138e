"""Word-order calques (DS802-DS807) on invented sentences."""

from __future__ import annotations

import pytest

from tests.detector_sources import make_source, run, texts


@pytest.mark.parametrize(
    "code, text, expected, suggestion",
    [
        ("DS802", "The rebels rejected a cease Temporary fire proposed by the mediators.",
         ["cease Temporary fire"], "temporary ceasefire"),
        ("DS803", "If the council does not act, the mayor is certainly.", ["is certainly"], "certainly is"),
        ("DS803", "Nobody expected the vote to pass, but it did probably.", ["did probably"], "probably did"),
        ("DS804", "The talks included the minister French Jean Moulin and two envoys.",
         ["minister French"], "French minister"),
        ("DS805", "It was the acknowledgment of the harsh – long feared – that the plan had failed.",
         ["acknowledgment of the harsh"], "harsh acknowledgment"),
        ("DS806", "The city wants new bus lines and will extend those existing.", ["those existing"], "existing ones"),
        ("DS806", "Could the region send there engineers to rebuild the bridge?", ["send there"], "send ... there"),
        ("DS807", "She said the city is a partner reliable for the new port project.",
         ["partner reliable"], "reliable partner"),
    ],
)
def test_finds_word_order_calques(code: str, text: str, expected: list[str], suggestion: str) -> None:
    found = run(code, make_source(text))
    assert texts(found) == expected
    if expected:
        assert found[0].suggestion == suggestion and found[0].category == "word_order"


@pytest.mark.parametrize(
    "code, text",
    [
        ("DS802", "The ceasefire held overnight and the fire brigade left at dawn."),
        ("DS802", "The foot patrol crossed the ball park before noon."),
        ("DS803", "The mayor is certainly right about the budget."),
        ("DS804", "The French minister met the British ambassador on Monday."),
        ("DS805", "The population of the north fell while the station of the cold war closed."),
        ("DS806", "Existing roads will be repaired and those concerned will be told."),
        ("DS806", "The troops were sent there by the council last year."),
        ("DS807", "He is a partner in the firm and a responsible one."),
    ],
)
def test_quiet_on_natural_order(code: str, text: str) -> None:
    assert run(code, make_source(text)) == []
