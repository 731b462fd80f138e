"""Claim extraction: each claim type in English and French, with exact offsets."""

from __future__ import annotations

import hashlib

import pytest

from diffsrc.analysis import claims, mentions
from diffsrc.io.ingest import segment
from diffsrc.model import Source, SourceMeta


def make_source(sid: str, text: str, lang: str, date: str = "2024-05-06") -> Source:
    """A source built from text the way ingestion builds it."""
    paragraphs, main = segment(text, "text", lang)
    return Source(sid, f"{sid}.txt", text, hashlib.sha256(text.encode()).hexdigest(), main, "utf-8", "text",
                  paragraphs, SourceMeta(outlet=sid, date=date, lang=lang))


def extract(text: str, lang: str) -> list[claims.Extracted]:
    src = make_source("s", text, lang)
    out = claims.extract([src])
    for e in out:
        assert src.text[e.claim.start : e.claim.end] == e.claim.text
        assert e.claim.paragraph == src.paragraph_at(e.claim.start).index  # type: ignore[union-attr]
    return out


def of_kind(out: list[claims.Extracted], kind: str) -> list[claims.Extracted]:
    return [e for e in out if e.claim.kind == kind]


@pytest.mark.parametrize(
    "text,lang,value,anchor",
    [
        ("The minister Anna Holm will travel to Lisbon on Friday for the trade talks.", "en", "fri", "portugal"),
        ("La ministre Anna Holm se rendra à Lisbonne vendredi pour des entretiens commerciaux.", "fr", "fri", ""),
        ("Delegates will hold talks in Geneva on Wednesday, officials said.", "en", "wed", "switzerland"),
        ("Les délégués tiendront des pourparlers mercredi à Genève, ont indiqué des responsables.", "fr", "wed",
         "switzerland"),
    ],
)
def test_weekday_bound_to_event_and_place(text: str, lang: str, value: str, anchor: str) -> None:
    days = of_kind(extract(text, lang), "weekday")
    assert [d.claim.value for d in days] == [value]
    if anchor:
        assert days[0].anchor == anchor
    assert days[0].event in ("travel", "talks")


@pytest.mark.parametrize(
    "text,lang,bucket",
    [
        ("The envoy visited Warsaw last week to meet officials.", "en", "last-week"),
        ("L'envoyé s'est rendu à Varsovie la semaine dernière pour rencontrer des responsables.", "fr", "last-week"),
        ("She has a visit planned in Madrid in a few days, her office said.", "en", "next-days"),
        ("Elle se rendra à Madrid la semaine prochaine, a indiqué son bureau.", "fr", "next-week"),
    ],
)
def test_relative_days(text: str, lang: str, bucket: str) -> None:
    assert bucket in [e.claim.value for e in of_kind(extract(text, lang), "relative")]


@pytest.mark.parametrize(
    "text,lang,value,role",
    [
        ("Officials say 2,500 soldiers are stationed near the border.", "en", "2500 soldier", "count"),
        ("Selon les responsables, 2 500 soldats sont stationnés près de la frontière.", "fr", "2500 soldier", "count"),
        ("The country spends 2.5% of its GDP on defence this year.", "en", "2.5 % gdp", "percent"),
        ("Le pays consacre 2,5 % de son PIB à la défense cette année.", "fr", "2.5 % gdp", "percent"),
        ("The two leaders held a 45-minute call on the crisis.", "en", "45 minute", "duration"),
        ("Les deux dirigeants ont eu une discussion de 45 minutes sur la crise.", "fr", "45 minute", "duration"),
        ("They spoke by phone 45 minutes before the start of the summit.", "en", "45 minute", "offset"),
        ("Ils se sont parlé 45 minutes avant le début du sommet, selon la présidence.", "fr", "45 minute", "offset"),
        ("The fund received 40 million euros from donors in the spring.", "en", "40000000 eur", "money"),
    ],
)
def test_numbers_with_units_and_roles(text: str, lang: str, value: str, role: str) -> None:
    nums = [(n.claim.value, n.role) for n in of_kind(extract(text, lang), "number")]
    assert (value, role) in nums
    assert not any(v == value and r != role for v, r in nums)


def test_years_are_not_counts() -> None:
    assert of_kind(extract("The treaty was signed in 1997 after long negotiations.", "en"), "number") == []


@pytest.mark.parametrize(
    "text,lang,place",
    [
        ("Chancellor Petra Lind will visit Canada next month, her spokesman said.", "en", "canada"),
        ("La chancelière Petra Lind se rendra au Canada le mois prochain, a dit son porte-parole.", "fr", "canada"),
        ("Foreign minister Ola Berg arrived in Kiev late in the evening.", "en", "ukraine"),
    ],
)
def test_travel_destination(text: str, lang: str, place: str) -> None:
    places = of_kind(extract(text, lang), "place")
    assert [p.claim.value for p in places] == [place]
    assert places[0].persons


@pytest.mark.parametrize(
    "text,lang,members",
    [
        ("Minister Carla Dunn will be joined by adviser Piotr Malek in the talks.", "en", "dunn+malek"),
        ("La ministre Carla Dunn sera accompagnée du conseiller Piotr Malek lors des pourparlers.", "fr", "dunn+malek"),
    ],
)
def test_people_named_together(text: str, lang: str, members: str) -> None:
    assert members in [e.claim.value for e in of_kind(extract(text, lang), "people")]


@pytest.mark.parametrize(
    "text,lang,speaker,polarity",
    [
        ("“We will not send any soldiers to the region,” said Prime Minister Lena Strand.", "en", "strand", False),
        ("« Nous enverrons des soldats dans la région », a déclaré la Première ministre Lena Strand.", "fr",
         "strand", True),
        # the name closing the sentence before the quote is not its speaker; the reporting verb's is
        ("Il voulait remplacer Piotr Malek. « Nous enverrons des soldats dans la région », a déclaré Lena Strand.", "fr",
         "strand", True),
        ('He wanted to replace Piotr Malek. "We will send soldiers to the region," Lena Strand said.', "en", "strand", True),
        # the reporting verb after the speaker's name, and another person in the next sentence
        ('"We will send soldiers to the region," Lena Strand said. Meanwhile, Piotr Malek left.', "en", "strand", True),
        ("Lena Strand a déclaré : « Nous enverrons des soldats dans la région ».", "fr", "strand", True),
    ],
)
def test_quotes_with_speaker_and_polarity(text: str, lang: str, speaker: str, polarity: bool) -> None:
    quotes = of_kind(extract(text, lang), "quote")
    assert len(quotes) == 1
    assert quotes[0].anchor == speaker
    assert quotes[0].polarity is polarity
    assert "soldiers" in quotes[0].tokens  # French words mapped through the glossary


@pytest.mark.parametrize(
    "text,lang",
    [
        ("Leaders from Austria, Belgium, Sweden and Portugal met in Vienna on Monday.", "en"),
        ("Des dirigeants de l'Autriche, de la Belgique, de la Suède et du Portugal se sont réunis lundi.", "fr"),
    ],
)
def test_participant_lists(text: str, lang: str) -> None:
    lists = of_kind(extract(text, lang), "list")
    assert len(lists) == 1
    assert set(lists[0].claim.value.split(",")) >= {"austria", "belgium", "sweden", "portugal"}


def test_exhaustive_list_is_marked() -> None:
    lists = of_kind(extract("Only Austria, Belgium, Sweden and Portugal were invited to the summit.", "en"), "list")
    assert lists and lists[0].exhaustive


@pytest.mark.parametrize(
    "name,key",
    [("Volodymyr Zelenskyy", "zelensky"), ("Vladimir Poutine", "putin"), ("Yuri Ivanov", "ivanov"),
     ("Ursula von der Leyen", "leyen")],
)
def test_person_keys(name: str, key: str) -> None:
    assert mentions.person_key(name) == key


def test_statement_is_first_clause() -> None:
    out = of_kind(extract("The defence minister Tom Hale said that joining the alliance was unrealistic and that "
                          "spending would rise sharply next year.", "en"), "statement")
    assert out and out[0].anchor == "hale"
    assert "spending" not in out[0].tokens and out[0].polarity


def test_fold_keeps_length() -> None:
    text = "Élysée’s « réunion » à Genève"
    assert len(mentions.fold_in_place(text)) == len(text)


def test_standalone_names_are_all_known_surnames_can_change() -> None:
    src = make_source("s", "Minister Kari Lunde met Okafor in Oslo. Later, Lunde spoke to Brandt.", "en")
    alone = claims.standalone_names(src)
    assert {"okafor", "lunde", "brandt"} <= alone
    folded = mentions.fold_in_place(src.text)
    full = frozenset({"lunde", "okafor", "brandt", "unrelated"})

    def run(known: frozenset[str]) -> list[claims.Extracted]:
        return [e for p in src.paragraphs if p.kind == "body" for e in claims.extract_paragraph(src, p, folded, known)]

    assert run(full) == run(full & alone)
    assert run(full) != run(frozenset())


@pytest.mark.parametrize(
    "text,quoted",
    [
        # a quotation left open: only its first sentence is surely quoted
        ('People are saying "the gold price looks good, let\'s pawn the chain and get it back next month. '
         "In Thailand the largest operator grew.", ["the gold price looks good, let's pawn the chain and get it back next month."]),
        # a straight quote right after a word closes a title; it opens no quotation
        ('Martin added that "Double Down" does not answer whether it reached the desk of the president. '
         'Cooper asked "whether he seriously thought Obama did not know".', ["whether he seriously thought Obama did not know"]),
    ],
)
def test_quotation_extent(text: str, quoted: list[str]) -> None:
    assert [q.claim.text for q in of_kind(extract(text, "en"), "quote")] == quoted
