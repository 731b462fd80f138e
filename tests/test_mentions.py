"""The bundled gazetteer (mentions.py): every row says where its names come from, and says it truly."""

from __future__ import annotations

import re

import pytest
from babel import Locale

from diffsrc.analysis.detectors.lexicon import resource_text
from diffsrc.analysis.mentions import fold_in_place, gazetteer, shown

ROWS = [line.split("\t") for line in resource_text("gazetteer.tsv").splitlines() if line and not line.startswith("#")]
CITIES = {tuple(line.split("\t")[:2]) for line in resource_text("cities.tsv").splitlines() if not line.startswith("#")}


def test_every_row_names_its_source() -> None:
    assert ROWS and all(len(row) == 6 and row[5].strip() for row in ROWS)


@pytest.mark.parametrize("row", [r for r in ROWS if r[1] == "country"], ids=lambda r: r[0])
def test_country_rows_carry_their_cldr_names(row: list[str]) -> None:
    code = re.search(r"CLDR territory (\w+)", row[5])
    assert code, row[5]
    names = row[4].split("|")
    for locale in ("en", "fr"):
        assert Locale(locale).territories[code.group(1)] in names, (row[0], locale)


@pytest.mark.parametrize("row", [r for r in ROWS if "GeoNames" in r[5]], ids=lambda r: r[0])
def test_city_rows_are_geonames_cities(row: list[str]) -> None:
    name, country = row[5].rsplit(": ", 1)[1].rsplit(", ", 1)
    assert (name, country) in CITIES and name in row[4].split("|")


@pytest.mark.parametrize(("name", "key"), [("Tchéquie", "czechia"), ("Kraków", "krakow"), ("New York City", "new_york")])
def test_source_names_are_recognised(name: str, key: str) -> None:
    assert gazetteer().by_name[fold_in_place(name)] == key


@pytest.mark.parametrize(
    "key,expected",
    [
        ("us", "United States"),  # a gazetteer entry: its first listed name
        ("uk", "United Kingdom"),
        ("nato", "NATO"),
        ("kellogg", "Kellogg"),  # a person key: capitals
        ("jean-noel barrot", "Jean-Noel Barrot"),
        ("von der leyen", "von der Leyen"),  # particles stay in lower case inside a name
        ("van", "Van"),  # ... but not as the surname itself
    ],
)
def test_shown(key: str, expected: str) -> None:
    assert shown(key) == expected
