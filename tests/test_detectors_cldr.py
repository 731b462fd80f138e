"""The shipped CLDR name tables (resources/cldr_names.json) and their builder."""

from __future__ import annotations

import pytest

from diffsrc.analysis import mentions
from diffsrc.analysis.detectors import cldr, text


@pytest.mark.parametrize(
    ("word", "english"),
    [("biélorussie", "Belarus"), ("allemagne", "Germany"), ("germany", "Germany"), ("kyiv", "Kyiv")],
)
def test_place_names_map_to_english(word: str, english: str) -> None:
    assert text.known_place_names()[word] == english


@pytest.mark.parametrize(("word", "expected"), [("Biélorussie", "Belarus"), ("Germany", None), ("Paris", None)])
def test_french_place_in_english(word: str, expected: str | None) -> None:
    assert text.french_place_in_english(word) == expected


@pytest.mark.parametrize(("lang", "word"), [("en", "monday"), ("en", "sep"), ("fr", "lundi"), ("fr", "août")])
def test_calendar_words(lang: str, word: str) -> None:
    assert word in text.calendar_words(lang)


def test_shipped_tables_match_the_builder() -> None:
    import babel

    shipped = mentions.cldr_tables()
    # pyproject pins babel to the minor release the resource was built with: never a skip (#20.8).
    assert shipped["babel"].split(".")[:2] == babel.__version__.split(".")[:2], (
        f"resource built with babel {shipped['babel']}, installed {babel.__version__}: "
        "run `python3 -m diffsrc.detectors.cldr` and update the pin in pyproject.toml"
    )
    built = cldr.build()
    assert shipped["calendar"] == built["calendar"]
    assert shipped["english_territories"] == built["english_territories"]
    assert shipped["places"] == built["places"], "run `python3 -m diffsrc.analysis.detectors.cldr` to regenerate"
    assert shipped["territories"] == built["territories"]
    assert shipped["zone_cities"] == built["zone_cities"]
