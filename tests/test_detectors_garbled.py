"""Non-word and repetition detectors (DS501-DS503) on invented texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from diffsrc.io.cache import Cache, activated
from tests.detector_sources import make_source, run, texts


def test_non_word_flagged_when_unknown_everywhere() -> None:
    src = make_source("The army will send more BLORTAGS to the border before the winter comes.")
    found = run("DS501", src)
    assert texts(found) == ["BLORTAGS"]
    assert "zipf 0.0" in found[0].evidence[0].note


def test_non_word_spares_names_and_words_other_sources_use() -> None:
    a = make_source("The envoy Zorbakian met the farmers and spoke of the frobnitzes in the field.", source_id="a")
    b = make_source("Reporters asked about frobnitzes, which the ministry did not explain at all.", source_id="b")
    assert run("DS501", a, b) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # colour codes around words: the "m" closing each code is no part of the word after it
        ("The \x1b[31mred\x1b[0m team and the \x1b[1;32mGREEN\x1b[0m party met on Monday in the city.", []),
        # the same codes whose ESC a copy lost
        ("The [31mred[0m team and the [1;32mGREEN[0m party met on Monday in the city.", []),
        # an OSC window title (its letters are the terminal's, not the article's), a bell, a backspace
        ("The envoy\x1b]0;zorblatt\x07 arrived; a bell\x07 and a back\x08space followed in the city.", []),
        # a non-word right after a colour code is still one
        ("The army will send more \x1b[31mBLORTAGS\x1b[0m to the border before the winter comes.", ["BLORTAGS"]),
        # five metres in brackets is text, and so is what follows it
        ("The wall [5m] stood near the frobnitzes of the old harbour in the city.", ["frobnitzes"]),
    ],
)
def test_non_word_ignores_terminal_control_sequences(text: str, expected: list[str]) -> None:
    assert texts(run("DS501", make_source(text))) == expected


@pytest.mark.parametrize(
    "code, text, expected",
    [
        ("DS502", "The mayor said the the bridge would reopen in the spring after repairs.", ["the the"]),
        ("DS502", "Troops would stay well behind any line of possible ceasefire line in the east.", ["line of possible ceasefire line"]),
        ("DS502", "Les maires ont parlé depuis la fin du mois depuis le fin du mois dernier.", ["depuis la fin du mois depuis le fin du mois"]),
        ("DS503", "The minister said on Tuesday evening said the farmers would be paid.", ["said on Tuesday evening said"]),
    ],
)
def test_repetitions(code: str, text: str, expected: list[str]) -> None:
    lang = "fr" if text.startswith("Les") else "en"
    found = run(code, make_source(text, lang))
    assert texts(found) == expected
    assert all(f.category == "repetition" for f in found)


@pytest.mark.parametrize(
    "text",
    [
        "He said that that was the plan, and prices rose more and more, day by day.",
        "The war in the north and the war in the south both dragged on through winter.",
        "The minister said the farmers, who said they were tired, would be paid soon.",
        # a content word repeated across a verb or pronoun: two arguments of one clause
        "Tall parents have tall children, the study of twins in the north concluded.",
        "The bees use a long tube to reach the nectar and carry the nectar home.",
        "This is the point I want to point out to the committee before the vote.",
        # a capitalised second occurrence is a name: "states of the United States"
        "The governors of several states of the United States met in the capital.",
        # a rare doubled word is a lexicalised reduplication, not a stutter
        "The perfume smelled of ylang ylang and of jasmine from the hills.",
    ],
)
def test_legitimate_repeats_pass(text: str) -> None:
    src = make_source(text)
    assert run("DS502", src) == [] and run("DS503", src) == []


@pytest.mark.parametrize(
    "text",
    [
        "Les récoltes se portent de mieux en mieux dans la vallée depuis le printemps.",
        "Les bénévoles sont passés de porte en porte dans tout le quartier ce week-end.",
    ],
)
def test_french_npn_construction_passes(text: str) -> None:
    assert run("DS502", make_source(text, "fr")) == []


def test_non_word_same_with_a_cold_and_a_warm_cache(tmp_path: Path) -> None:
    a = make_source("The envoy spoke of frobnitzes and of more BLORTAGS near the river bank.", source_id="a")
    b = make_source("Reporters asked about frobnitzes, which the ministry did not explain at all.", source_id="b")
    uncached = run("DS501", a, b)
    assert texts(uncached) == ["BLORTAGS"]
    with activated(Cache(tmp_path)):
        assert run("DS501", a, b) == uncached  # fills the cache
        assert list(tmp_path.rglob("*.json"))
        assert run("DS501", a, b) == uncached  # reads it
