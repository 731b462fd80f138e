"""Cross-lingual normalisation: typography, dates, numbers, quantities and name keys (EN/FR)."""

from __future__ import annotations

import pytest

from diffsrc.analysis import normalize, numbers


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Élysée", "elysee"),
        ("L\u2019Œuvre", "l'oeuvre"),
        ("\u00abSalut\u00bb", '"salut"'),
        ("3\u202f%", "3 %"),
        ("a\u2014b", "a-b"),
        ("Straße", "strasse"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert normalize.fold(text) == folded


@pytest.mark.parametrize(
    ("word", "key"),
    [("lundi", "monday"), ("Monday", "monday"), ("MARDI", "tuesday"), ("dimanche", "sunday"), ("table", None),
     ("Saturday", "saturday"), ("samedi", "saturday"), ("Tuesday's", "tuesday"), ("Saturday’s", "saturday")],
)
def test_weekday(word: str, key: str | None) -> None:
    assert numbers.weekday(word) == key


@pytest.mark.parametrize(("word", "number"), [("février", 2), ("February", 2), ("août", 8), ("décembre", 12), ("maison", None)])
def test_month(word: str, number: int | None) -> None:
    assert numbers.month(word) == number


@pytest.mark.parametrize(
    ("token", "lang", "value"),
    [
        ("3,5", "fr", 3.5),
        ("1,200", "en", 1200.0),
        ("1.200", "fr", 1200.0),
        ("1 200", "fr", 1200.0),
        ("1.200,5", "fr", 1200.5),
        ("1,200.5", "en", 1200.5),
        ("vingt", "fr", 20.0),
        ("twenty", "en", 20.0),
        ("dix-sept", "fr", 17.0),
        ("abc", "en", None),
    ],
)
def test_parse_number(token: str, lang: str, value: float | None) -> None:
    assert numbers.parse_number(token, lang) == value


@pytest.mark.parametrize(
    ("text", "lang", "keys"),
    [
        ("Prices rose 3% last year.", "en", ["3:percent"]),
        ("Les prix ont augmenté de 3 % l'an dernier.", "fr", ["3:percent"]),
        ("Les prix ont augmenté de 3\u202f% en douze mois.", "fr", ["3:percent", "12:month"]),
        ("a rise of three per cent", "en", ["3:percent"]),
        ("The call lasted 20 minutes.", "en", ["20:minute"]),
        ("L'appel a duré vingt minutes.", "fr", ["20:minute"]),
        ("a deficit of 3,5 milliards d'euros", "fr", ["3500000000:euro"]),
        ("a $1.5bn deal", "en", ["1500000000:dollar"]),
        ("€3 billion in aid", "en", ["3000000000:euro"]),
        ("1,200 residents left", "en", ["1200"]),
        ("1 200 habitants sont partis", "fr", ["1200"]),
        ("près de trois ans de guerre", "fr", ["3:year"]),
        ("nearly three years of war", "en", ["3:year"]),
        ("elected in 2024", "en", ["2024:year-date"]),
        ("one of the leaders", "en", []),
        # a half belongs to the number before it
        ("the bloodiest month in five and a half years", "en", ["5.5:year"]),
        ("le mois le plus meurtrier depuis cinq ans et demi", "fr", ["5.5:year"]),
        ("in 5 and a half years", "en", ["5.5:year"]),
        ("deux heures et demie", "fr", ["2.5:hour"]),
        ("two hours and a half", "en", ["2.5:hour"]),
        ("half an hour later", "en", []),  # English "an" is no French year
    ],
)
def test_find_quantities(text: str, lang: str, keys: list[str]) -> None:
    found = numbers.find_quantities(text, lang)
    assert [q.key for q in found] == keys
    for q in found:
        assert text[q.start : q.end] == q.text


@pytest.mark.parametrize(("a", "b", "same"), [
    (15.24, 15.0, True),  # 50 ft against 15 m: the other written to fewer digits
    (1_073_000, 1.07e6, True),  # 1.07 million
    (1073, 1080, False),  # close, but two counts: 1,073 rounds to 1,070
    (882, 883, False),
    (26, 27, False),
    (3.4e9, 3.4e9, True),
])
def test_same_quantity_to_the_precision_written(a: float, b: float, same: bool) -> None:
    assert numbers.same_quantity(a, b) is same and numbers.same_quantity(b, a) is same


def test_quantities_agree_across_languages() -> None:
    en = {q.key for q in numbers.find_quantities("Turnout fell 4.5% and 20 minutes of talks followed.", "en")}
    fr = {q.key for q in numbers.find_quantities("La participation a baissé de 4,5 % et vingt minutes de discussion ont suivi.", "fr")}
    assert en == fr == {"4.5:percent", "20:minute"}


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("The vote is on Monday.", ["monday"]),
        ("Le vote aura lieu lundi.", ["monday"]),
        ("Signed on 17 February 2025 in Rome.", ["2025-02-17"]),
        ("Signé le 17 février à Rome.", ["02-17"]),
        ("Signed on February 17 in Rome.", ["02-17"]),
        ("We may 3 times refuse.", []),
    ],
)
def test_find_dates(text: str, keys: list[str]) -> None:
    found = numbers.find_dates(text)
    assert [d.key for d in found] == keys
    for d in found:
        assert text[d.start : d.end] == d.text


@pytest.mark.parametrize(
    ("names", "key"),
    [
        (("Élysée", "Elysee", "l'Élysée"), "elysee"),
        (("Kyiv", "Kiev", "Kiew"), "kyiv"),
        (("Zelensky", "Zelenskyy", "Zelenskiy", "Selenskyj"), "zelensky"),
        (("Poutine", "Putin"), "putin"),
        (("Londres", "London"), "london"),
        (("Royaume-Uni", "United Kingdom", "U.K."), "united kingdom"),
        (("États-Unis", "United States", "U.S."), "united states"),
        (("OTAN", "NATO"), "nato"),
        (("Maison Blanche", "the White House"), "white house"),
    ],
)
def test_entity_key_variants(names: tuple[str, ...], key: str) -> None:
    assert {normalize.entity_key(n) for n in names} == {key}


def test_entity_key_smooths_transliteration_of_unknown_names() -> None:
    assert normalize.entity_key("Dmitriy") == normalize.entity_key("Dmitry")
    assert normalize.entity_key("Berlin's") == "berlin"


def test_words_keep_offsets() -> None:
    text = "L’Élysée a dit: «non»."
    for s, e, w in normalize.words(text):
        assert text[s:e] == w
    assert [w for _, _, w in normalize.words(text)] == ["L’Élysée", "a", "dit", "non"]
