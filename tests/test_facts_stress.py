"""The fact-change stress benchmark: its segment split, its change functions and its scoring."""

from __future__ import annotations

import dataclasses
import importlib.util
import random
import re
import sys
from pathlib import Path
from typing import Any

import pytest

_spec = importlib.util.spec_from_file_location(
    "facts_stress", Path(__file__).resolve().parent.parent / "benchmarks" / "facts_stress.py")
assert _spec and _spec.loader
fs = importlib.util.module_from_spec(_spec)
sys.modules["facts_stress"] = fs
_spec.loader.exec_module(fs)


@pytest.mark.parametrize(("line", "k", "expected"), [
    ("One. Two.", 2, ["One.", "Two."]),
    # a full stop inside a quote is not a segment boundary when another boundary is there
    ('He said "Go. Now." Then he left. It rained.', 3, ['He said "Go. Now."', "Then he left.", "It rained."]),
    ("Il a dit « Non. Jamais. » Puis il est parti.", 2, ["Il a dit « Non. Jamais. »", "Puis il est parti."]),
    ("No gap here", 2, None),
])
def test_split_line(line: str, k: int, expected: list[str] | None) -> None:
    assert fs.split_line(line, k) == expected


@pytest.mark.parametrize(("written", "shape"), [
    ("2010", r"20[01]\d"),  # a year moves by 1-3 years
    ("7", r"\d{1,2}"),
    ("60", r"\d{2,3}"),
    ("15,300", r"\d{1,2},\d{3}"),  # thousands stay grouped the same way
    ("1 073", r"\d \d{3}|\d{3}"),
    ("1 902", r"\d \d{3}|\d{3}"),  # grouped: a count, not a year
    ("3,4", r"\d,\d"),  # a French decimal comma stays one
    ("33.5", r"\d{2}\.\d"),
])
def test_other_number_is_another_number_of_similar_size(written: str, shape: str) -> None:
    for seed in range(20):
        new = fs.other_number(written, random.Random(seed))
        if new is None:
            continue
        assert new != written and re.fullmatch(shape, new), new
        old_value, new_value = (float(x.replace(" ", "").replace(",", "." if "," in written and len(written.split(",")[1]) != 3 else ""))
                                for x in (written, new))
        assert 0.2 < new_value / old_value < 2.5


@pytest.mark.parametrize(("kind", "text", "lang", "old"), [
    ("number", "Reserves fell by 26% between 2012 and 2013.", "en", ["26", "2012", "2013"]),
    ("number", "after 9/11 and in the G20", "en", []),  # a slash date and a code are not numbers
    ("weekday", "He will be received on Friday.", "en", ["Friday"]),
    ("weekday", "Il sera reçu vendredi.", "fr", ["vendredi"]),
    ("month", "between September 2012 and March 2013", "en", ["September", "March"]),
    ("month", "She may come in May 2014.", "en", ["May"]),  # the verb "may" is no month
    ("month", "entre septembre 2012 et mars 2013", "fr", ["septembre", "mars"]),
    ("place", "Ukraine's reserves, and the New York Times", "en", ["Ukraine"]),  # a name in a longer name stays
    ("place", "la guerre civile en Syrie et à Moscou", "fr", ["Syrie", "Moscou"]),
])
def test_changes_find_each_fact_of_their_kind(kind: str, text: str, lang: str, old: list[str]) -> None:
    found = fs.changes(kind, text, lang, random.Random(1))
    assert [c.old for c in found] == old
    for c in found:
        assert c.new != c.old and text[c.start : c.end] == c.old
        assert c.apply(text) == text[: c.start] + c.new + text[c.end :]


@pytest.mark.parametrize(("text", "people", "old", "pool"), [
    # a full name becomes another person of the article, a surname alone another surname
    ("James Clapper defended spying.", ["James Clapper", "John Kerry"], ["James Clapper"], {"John Kerry"}),
    ("Mr Kerry said so.", ["James Clapper", "John Kerry"], ["Kerry"], {"Clapper"}),
    # an article naming one person: a plausible name
    ("Oleksandr Joloud said so.", ["Oleksandr Joloud"], ["Oleksandr Joloud"], set(fs.PLAUSIBLE_PEOPLE)),
])
def test_person_changes(text: str, people: list[str], old: list[str], pool: set[str]) -> None:
    found = fs.changes("person", text, "en", random.Random(3), people)
    assert [c.old for c in found] == old
    assert all(c.new in pool for c in found)


@pytest.mark.parametrize(("old", "new", "lang", "fits"), [
    ("Ukraine", "Inde", "fr", True),  # l'Ukraine -> l'Inde
    ("Ukraine", "Chine", "fr", False),  # l'Ukraine -> l'Chine
    ("Chine", "Suède", "fr", True),
    ("États-Unis", "Inde", "fr", False),  # des États-Unis -> des Inde
    ("United States", "Netherlands", "en", True),
    ("United States", "Egypt", "en", False),  # the United States -> the Egypt
])
def test_a_replacement_place_keeps_the_grammar(old: str, new: str, lang: str, fits: bool) -> None:
    assert fs._agrees(old, new, lang) is fits


def test_layout_drops_regroups_and_keeps_the_changed_segment() -> None:
    order = list(range(1, 21))
    for seed in range(10):
        rows = fs.layout(order, 13, random.Random(seed))
        kept = [i for row in rows for i in row]
        assert 13 in kept and len(set(kept)) == len(kept)
        assert 12 <= len(kept) <= 16  # 20-40% dropped
        assert all(1 <= len(row) <= 4 for row in rows)
        if 1 in kept:
            assert [1] in rows


def _variant(tmp_path: Path) -> Any:
    en, fr = tmp_path / "en.txt", tmp_path / "fr.txt"
    en.write_text("Talks open on Friday.\n", encoding="utf-8")
    fr.write_text("Les pourparlers s'ouvrent vendredi.\n", encoding="utf-8")
    article = fs.Article("a", {"en": en, "fr": fr}, {"en": {1: "Talks open on Friday."}, "fr": {1: "Les pourparlers s'ouvrent vendredi."}},
                         {"en": (1,), "fr": (1,)}, ())
    change = fs.changes("weekday", "Talks open on Friday.", "en", random.Random(0))[0]
    return fs.build(article, "en", 1, change, random.Random(0), [], "a-en-weekday-0")


def test_build_and_write_a_variant(tmp_path: Path) -> None:
    v = _variant(tmp_path)
    c = v.change
    assert v.outlet[c.start : c.end] == c.new and v.outlet[v.sentence[0] : v.sentence[1]] == f"Talks open on {c.new}."
    files = fs.write_corpus(v, tmp_path / "corpus")
    assert [f.name for f in files] == ["version-en.txt", "version-fr.txt", "outlet-en.txt"]


def _claim(source: str, start: int, end: int) -> dict[str, object]:
    return {"source": source, "start": start, "end": end, "text": "x"}


def test_scoring_of_a_hand_made_report(tmp_path: Path) -> None:
    v = _variant(tmp_path)
    c = v.change
    sources = [{"id": "e", "path": "/x/version-en.txt"}, {"id": "f", "path": "/x/version-fr.txt"},
               {"id": "o", "path": "/x/outlet-en.txt"}]
    found_cross = {"kind": "contradiction", "topic": "weekday",
                   "claims": [_claim("o", c.start, c.end), _claim("f", 26, 34)]}
    elsewhere = {"kind": "contradiction", "topic": "other", "claims": [_claim("e", 0, 5), _claim("f", 0, 5)]}
    agreement = {"kind": "agreement", "topic": "w", "claims": [_claim("o", c.start, c.end), _claim("e", 14, 20)]}
    got = fs.score({"sources": sources, "facts": [found_cross, elsewhere, agreement]}, v, words=2000)
    assert (got.same, got.cross, got.exact, got.contradictions, len(got.false)) == (False, True, True, 2, 1)
    figures = fs.summary([got])
    assert figures["precision"] == 0.5 and figures["false_per_1k_words"] == 0.5
    assert figures["recall"]["weekday"]["en"] == {"n": 1, "found": 1, "same": 0, "cross": 1}
    assert "weekday" in fs.table(figures)
    # a contradiction over another sentence of the outlet does not find the change
    miss = {"kind": "contradiction", "topic": "t", "claims": [_claim("o", v.sentence[1] + 1, v.sentence[1] + 3), _claim("e", 0, 3)]}
    assert not fs.score({"sources": sources, "facts": [miss]}, v).same


def test_agreements_of_untouched_segments_are_scored(tmp_path: Path) -> None:
    v = dataclasses.replace(_variant(tmp_path), agreements=((0, 5, "number"), (6, 9, "place")))
    sources = [{"id": "e", "path": "/x/version-en.txt"}, {"id": "o", "path": "/x/outlet-en.txt"}]
    agreement = {"kind": "agreement", "topic": "n", "claims": [_claim("o", 1, 3), _claim("e", 1, 3)]}
    alone = {"kind": "agreement", "topic": "p", "claims": [_claim("o", 6, 9), _claim("o", 20, 23)]}  # no version
    got = fs.score({"sources": sources, "facts": [agreement, alone]}, v)
    assert got.agreed == (True, False)
    figures = fs.summary([got])
    assert figures["agreement_recall"] == {"number": {"n": 1, "found": 1}, "place": {"n": 1, "found": 0},
                                           "all": {"n": 2, "found": 1}}


def test_agreeing_segments_hold_a_fact_and_are_found_in_the_outlet(tmp_path: Path) -> None:
    segs = {1: "Talks open on Friday.", 2: "Nothing here.", 3: "It cost 40 euros."}
    article = fs.Article("a", {}, {"en": segs}, {"en": (1, 2, 3)}, ())
    outlet = "Nothing here. It cost 40 euros.\nTalks open on Friday.\n"
    got = fs.agreeing(article, "en", [2, 3, 1], outlet, "v")
    assert got == ((14, 31, "number"), (32, 53, "weekday"))
