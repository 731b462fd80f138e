"""Untranslated-word detector (DS201) on invented texts."""

from __future__ import annotations

from tests.detector_sources import make_source, run, texts


def test_french_place_name_in_english() -> None:
    found = run("DS201", make_source("She was the ambassador to Biélorussie before she joined the ministry."))
    assert texts(found) == ["Biélorussie"] and found[0].suggestion == "Belarus"


def test_french_common_noun_capitalised_in_english() -> None:
    found = run("DS201", make_source("The minister faced a whole Rafale of questions from the reporters that day."))
    assert texts(found) == ["Rafale"]
    assert "French" in found[0].evidence[0].note


def test_english_word_left_in_french() -> None:
    found = run("DS201", make_source("Les alliés de Paris et Key ont décidé de se réunir lundi soir à Bruxelles.", "fr"))
    assert texts(found) == ["Key"]


def test_names_and_english_words_pass() -> None:
    src = make_source("President Emmanuel Macron met Ségolène Royal at the Élysée Palace on Monday.")
    other = make_source("Emmanuel Macron et Ségolène Royal se sont vus à l’Élysée lundi.", "fr", "b")
    assert run("DS201", src, other) == []
    assert run("DS201", make_source("The farmers will meet the minister in Paris on Monday morning.")) == []
