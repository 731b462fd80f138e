"""Name-corruption detectors (DS101, DS102): cross-source reconciliation on invented texts."""

from __future__ import annotations

from tests.detector_sources import make_source, run, texts


def test_translated_given_name_is_reconciled_with_other_sources() -> None:
    a = make_source("The Prime Minister rose Lindqvist of Sweden said the talks were useful.", source_id="a")
    b = make_source("Swedish Prime Minister Rose Lindqvist said the talks had been useful.", source_id="b")
    c = make_source("La Première ministre Rose Lindqvist a jugé les discussions utiles lundi.", "fr", "c")
    found = run("DS101", a, b, c)
    assert texts(found) == ["rose Lindqvist"]
    f = found[0]
    assert f.suggestion == "Rose Lindqvist"
    assert {e.source for e in f.evidence} == {"b", "c"}
    assert all(e.text == "Rose Lindqvist" for e in f.evidence)


def test_translated_name_particle() -> None:
    a = make_source("Supporters of the Pen gathered outside the hall on Sunday night in Lyon.", source_id="a")
    b = make_source("Supporters of Marine Le Pen gathered outside the hall on Sunday night.", source_id="b")
    found = run("DS101", a, b)
    assert texts(found) == ["the Pen"] and found[0].suggestion == "Le Pen"


def test_surname_alone_after_a_verb_is_fine() -> None:
    a = make_source("Reporters asked Lindqvist about the talks, and Lindqvist said they were useful.", source_id="a")
    b = make_source("Swedish Prime Minister Rose Lindqvist said the talks had been useful.", source_id="b")
    assert run("DS101", a, b) == []


def test_particle_without_other_sources() -> None:
    found = run("DS102", make_source("Reporting by Ségolène the Stradic in Paris and Anna Bell in London."))
    assert texts(found) == ["Ségolène the Stradic"] and found[0].severity == "medium"
    assert run("DS102", make_source("The Prince of Wales met the Queen of Denmark on Monday.")) == []
