"""Casing detectors (DS301-DS304): corpus and wordfreq evidence on invented texts."""

from __future__ import annotations

import pytest

from diffsrc.detectors.text import casing_stats
from tests.detector_sources import make_source, run, texts


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The farmers met the minister on Friday – Without any promise from the government.", ["Friday – Without"]),
        ("The union wanted to make it Clearly known that the strike would go on for weeks.", ["it Clearly"]),
        ("The mayor agreed to the plan in A spirit of compromise with the residents on Tuesday.", ["in A"]),
        ("The new law will come into force when It is signed by the president next month.", ["when It"]),
        ("The farmers need money to close “Huge holes” in their budgets before winter.", ["close “Huge"]),
        ("The negotiations dragged on, with no progress on the wording of Negotiations on trade.", ["of Negotiations"]),
    ],
)
def test_mid_sentence_capital(text: str, expected: list[str]) -> None:
    found = run("DS301", make_source(text))
    assert texts(found) == expected
    assert found[0].severity == "high" and found[0].suggestion.endswith(found[0].text.split()[-1].lower())


@pytest.mark.parametrize(
    "text",
    [
        "The farmers met Prime Minister Anne Dupont and the Secretary of State in February.",
        "The plan was sent to the Bank of England and to The Hague for review on Monday.",
        "He said: “We will not move.” Then the mayor left. The union called it Plan A for Western farms.",
        "Negotiations on trade resumed in Brussels on Monday after a pause of two weeks.",
    ],
)
def test_mid_sentence_capital_leaves_names_and_sentence_starts(text: str) -> None:
    assert run("DS301", make_source(text)) == []


def test_all_caps_common_words_but_not_acronyms() -> None:
    src = make_source("The treaty was a priority for UNITED STATES officials and for NATO members this week.")
    found = run("DS302", src)
    assert texts(found) == ["UNITED STATES"]
    assert found[0].suggestion == "united states"


def test_lowercase_proper_noun_uses_other_sources() -> None:
    a = make_source("The convoy reached kyiv on Monday after a long drive from the western border.", source_id="a")
    b = make_source("Officials in Kyiv said the convoy arrived safely and that Kyiv would send more.", source_id="b")
    found = run("DS303", a, b)
    assert texts(found, "a") == ["kyiv"] and texts(found, "b") == []
    f = found[0]
    assert f.suggestion == "Kyiv"
    assert any(e.source == "b" and e.text == "Kyiv" for e in f.evidence)


def test_lowercase_common_word_is_not_a_proper_noun() -> None:
    a = make_source("The president said the state would pay for the union hall repairs this year.", source_id="a")
    b = make_source("The President of the Union said the State would pay for the hall repairs.", source_id="b")
    assert run("DS303", a, b) == []


def test_title_case_initialism() -> None:
    a = make_source("Bbc\nThe farmers told the BBC on Monday that the strike would go on for weeks.", source_id="a")
    found = run("DS304", a)
    assert texts(found) == ["Bbc"] and found[0].suggestion == "BBC"
    assert run("DS304", make_source("Nato and NATO are both written by the newspapers we read daily.")) == []


def test_french_function_word_capitalised() -> None:
    src = make_source("Le ministre a parlé aux agriculteurs après Il a quitté la réunion de lundi soir.", "fr")
    assert texts(run("DS301", src)) == ["après Il"]
    # French capitalises nationalities and institutions: no finding there
    src = make_source("Le ministre a reçu les Européens au siège du Conseil lundi soir à Bruxelles.", "fr")
    assert run("DS301", src) == []


@pytest.mark.parametrize(
    "table, word, exclude, count, sources",
    [
        ("title", "harbour", None, 2, ["a", "b"]),
        ("title", "Harbour", "a", 1, ["b"]),
        ("lower", "harbour", None, 1, ["c"]),
        ("upper", "nato", None, 1, ["b"]),
        ("title", "unseen", None, 0, []),
    ],
)
def test_casing_stats_per_word_and_source(table: str, word: str, exclude: str | None, count: int,
                                         sources: list[str]) -> None:
    stats = casing_stats([
        make_source("The ships met near the old Harbour on Monday morning.", source_id="a"),
        make_source("Officials of NATO said the Harbour would stay closed.", source_id="b"),
        make_source("The harbour was closed for the night by the port authority.", source_id="c"),
    ])
    assert stats.count(table, word, exclude=exclude) == count
    assert stats.sources_with(table, word, exclude=exclude) == sources
    assert stats.title_forms["Harbour"] == 2
