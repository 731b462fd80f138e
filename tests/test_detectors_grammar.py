"""MT grammar patterns (DS901-DS908) on invented sentences."""

from __future__ import annotations

import pytest

from tests.detector_sources import make_source, run, texts


@pytest.mark.parametrize(
    "code, text, expected, suggestion",
    [
        ("DS901", "The ministers agreed to tighten sanctions against the Iran, including oil.",
         ["the Iran"], "Iran"),
        ("DS901", "Exports to the Germany and to Italy rose sharply last year.", ["the Germany"], "Germany"),
        ("DS902", "The new bridge makes easier to reach the old town from the station.",
         ["makes easier"], "makes it easier"),
        ("DS903", "It is the worst drought the region has been confronted, officials said.",
         ["been confronted"], "faced"),
        ("DS904", "Greece spends 3% of its GDP in defense, more than most allies.",
         ["GDP in defense"], "GDP on defense"),
        ("DS905", "For a decade, Spain and Portugal, it worked closely on water policy.",
         ["it worked"], "they worked"),
        ("DS906", "The treaty says Norway must pay more for his own defense from next year.",
         ["his own defense"], "its own defense"),
        ("DS907", "On Friday, Finance Minister Clara Vidal meet the bankers in Lisbon.",
         ["Vidal meet"], "Vidal will meet"),
        ("DS908", "The outcome will depend of the vote in the senate.", ["depend of"], "depend on"),
        ("DS908", "Twelve countries will participate to the exercise in June.", ["participate to the"], "participate in"),
        ("DS908", "The agency shared informations about the outbreak.", ["informations"], "information (no plural)"),
        ("DS908", "Both leaders said they are agree on the need for talks.", ["are agree"], "agree"),
        ("DS908", "The town resisted to the floods for a week.", ["resisted to"], "resist"),
        ("DS908", "All the two ministers left before the vote.", ["All the two"], "both"),
        ("DS908", "The unions and the government share a same goal.", ["a same"], "the same"),
        ("DS908", "Reporters asked several questions to the minister.", ["asked several questions to the"],
         "ask him a question"),
        ("DS908", "The ceasefire is a good news for the villages.", ["a good news"], "good news / a piece of news"),
        ("DS908", "She gave him an advice before the debate.", ["an advice"], "good news / a piece of news"),
    ],
)
def test_finds_grammar_patterns(code: str, text: str, expected: list[str], suggestion: str) -> None:
    found = run(code, make_source(text))
    assert texts(found) == expected
    assert found[0].suggestion == suggestion and found[0].category == "grammar"


@pytest.mark.parametrize(
    "code, text",
    [
        ("DS901", "The Russia of the 1990s was poorer; the France that we knew has changed."),
        ("DS901", "The Iran talks resumed while the Germany-based firm waited."),
        ("DS902", "The new bridge makes it easier to reach the old town."),
        ("DS908", "Reporters asked the minister several questions; the good news is that a piece of advice helped."),
        ("DS903", "The region was confronted with the worst drought in decades."),
        ("DS904", "Congress approved $5 billion in defense aid for the allies."),
        ("DS905", "After talks with Spain and Portugal, he said the deal was close."),
        ("DS906", "Norway's prime minister Jonas Berg said he would pay for his own travel."),
        ("DS907", "Will Clara Vidal meet the bankers? Officials did not let Clara Vidal meet them."),
        ("DS908", "The outcome depends on the vote; the lack of votes worried them."),
        ("DS908", "Twelve countries took part in the exercise, and pupils get homework."),
        ("DS908", "They agree on the need for talks; the agreement was signed."),
        ("DS908", "The bridge is resistant to floods; ask the minister to explain."),
        ("DS908", "Both ministers made the most of the time they had in a same-day visit."),
        ("DS908", "He answered the question; the answer to the question was short."),
    ],
)
def test_quiet_on_correct_grammar(code: str, text: str) -> None:
    assert run(code, make_source(text)) == []


def test_his_after_a_country_possessive_person_is_fine() -> None:
    text = "Russia's president told reporters he would decide on his own terms."
    assert run("DS906", make_source(text)) == []
