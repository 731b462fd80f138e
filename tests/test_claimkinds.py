"""The claim kinds: each kind's extractor on English and French sentences, and its comparator."""

from __future__ import annotations

import pytest

from diffsrc.analysis import mentions
from diffsrc.analysis.claimkinds import KINDS, base, compare, places, quantity, sentences
from diffsrc.analysis.claimkinds.base import Kind, SentenceView, Slot

BY_NAME = {k.name: k for k in KINDS}


def view(text: str, lang: str, date: str = "2024-02-17", known: frozenset[str] = frozenset()) -> SentenceView:
    """One sentence as the comparison sees it, with its people and places."""
    folded = mentions.fold_in_place(text)
    found = mentions.find_places(text, 0, len(text), folded)
    found += mentions.find_people(text, 0, len(text), found, known, folded)
    return SentenceView("s", 0, 0, len(text), text, folded, lang, tuple(sorted(found, key=lambda m: m.start)), date)


def values(kind: str, text: str, lang: str) -> list[str]:
    return [s.value for s in BY_NAME[kind].extract(view(text, lang))]


@pytest.mark.parametrize(("kind", "text", "lang", "expected"), [
    ("year", "Reserves fell between 2010 and 2013.", "en", ["2010", "2013"]),
    ("year", "Il a payé 2010 euros.", "fr", []),
    ("month", "between September 2012 and March 2013", "en", ["09", "03"]),
    ("month", "entre septembre 2012 et mars 2013", "fr", ["09", "03"]),
    ("month", "She may come.", "en", []),
    ("month", "He left in May with his family.", "en", ["05"]),
    ("month", "Bad weather mars the launch.", "en", []),
    ("month", "La campagne a été lancée en mars avec une promesse.", "fr", ["03"]),
    ("month", "Il a quitté Paris fin mai.", "fr", ["05"]),
    ("month", "La sonde a atteint Mars.", "fr", []),  # the planet
    ("weekday", "The talks start on Friday.", "en", ["friday"]),
    ("weekday", "Les entretiens commencent vendredi.", "fr", ["friday"]),
    ("date", "Il arrive le 17 février.", "fr", ["02-17"]),
    ("date", "He arrives on February 17.", "en", ["02-17"]),
    ("relative", "He arrived yesterday.", "en", ["2024-02-16"]),
    ("relative", "Il est arrivé hier.", "fr", ["2024-02-16"]),
    ("percentage", "Reserves fell by 26% last year.", "en", ["26 percent"]),
    ("percentage", "Les réserves ont chuté de 26 % l'an dernier.", "fr", ["26 percent"]),
    ("person", "Prime Minister Nouri Maliki met Barack Obama.", "en", ["maliki", "obama"]),
    # "du"/"de" after a full name says where the person is from; a name's particles follow a first name
    ("person", "Le sénateur Chris Murphy du Connecticut a indiqué", "fr", ["murphy"]),
    ("person", "Le général Charles de Gaulle a dit", "fr", ["gaulle"]),
    ("person", "Ursula von der Leyen a dit", "fr", ["leyen"]),
    ("place", "Il s'est rendu en Suède puis en Chine.", "fr", ["SE", "CN"]),
    ("place", "He travelled to Sweden and then to China.", "en", ["SE", "CN"]),
])
def test_extract(kind: str, text: str, lang: str, expected: list[str]) -> None:
    assert values(kind, text, lang) == expected


@pytest.mark.parametrize(("kind", "en", "fr", "verdicts"), [
    # the same values across languages agree
    ("year", "Reserves fell between 2010 and 2013.", "Les réserves ont chuté entre 2010 et 2013.",
     ["agreement", "agreement"]),
    # a changed value in the same role contradicts, even when the other value repeats it
    ("month", "between January 2012 and September 2013", "entre septembre 2012 et septembre 2013",
     ["agreement", "contradiction"]),
    ("weekday", "He will be received on Wednesday.", "Il sera reçu vendredi.", ["contradiction"]),
    ("place", "He travelled to Sweden.", "Il s'est rendu en Norvège.", ["contradiction"]),
    # a city agrees with its country
    ("place", "He travelled to Beijing.", "Il s'est rendu en Chine.", ["agreement"]),
    # a value one sentence adds is a detail, not a contradiction
    ("year", "It was signed in 2010.", "Il a été signé en 2010, puis révisé en 2013.", ["agreement"]),
    ("percentage", "Turnout fell 4.5%.", "La participation a baissé de 4,5 %.", ["agreement"]),
])
def test_compare(kind: str, en: str, fr: str, verdicts: list[str]) -> None:
    k = BY_NAME[kind]
    found = k.compare(k.extract(view(en, "en")), k.extract(view(fr, "fr")))
    assert sorted(v.kind for v in found) == sorted(verdicts)


@pytest.mark.parametrize(("en", "fr", "agree"), [
    ("nearly 400 people", "390 personnes", True),  # rounding is an agreement
    ("a 50 ft wall", "un mur de 15 mètres", True),  # a unit conversion is an agreement
    ("400 people", "390 personnes", False),
    ("882 people", "900 personnes", False),  # a round figure 2% off is another count, not a rounding
    ("1,073,000 people", "1,07 million de personnes", True),
])
def test_quantities_agree_across_units_and_rounding(en: str, fr: str, agree: bool) -> None:
    xs = quantity.quantities(view(en, "en"), lambda unit: unit not in quantity.MEASURES, "count")
    ys = quantity.quantities(view(fr, "fr"), lambda unit: unit not in quantity.MEASURES, "count")
    assert xs and ys
    assert quantity.same_amount(xs[0], ys[0]) is agree


def test_substitution_needs_as_many_changed_values_on_each_side() -> None:
    a = [Slot("year", 0, 4, "2010"), Slot("year", 5, 9, "2011")]
    b = [Slot("year", 0, 4, "2012")]
    assert base.substitution(a, b) == []


@pytest.mark.parametrize(("text", "lang", "expected"), [
    # an English possessive and a French elision are not part of the name
    ("The agency notes that Ukraine's reserves fell.", "en", ["UA"]),
    ("Les réserves de l'Ukraine ont chuté.", "fr", ["UA"]),
    ("Le prix du gaz d'Égypte a baissé.", "fr", ["EG"]),
    ("La Côte d'Ivoire vote.", "fr", ["CI"]),  # a name holding an apostrophe is one place
    # French names of cities GeoNames lists in English only: the gazetteer's and CLDR's
    ("Il est arrivé à Moscou.", "fr", ["moscow@RU"]),
    ("He arrived in Moscow.", "en", ["moscow@RU"]),
    ("la volonté de Kiev de signer", "fr", ["kyiv@UA"]),
    ("Les réserves de Pékin", "fr", ["beijing@CN"]),
    ("Il vit à Varsovie.", "fr", ["warsaw@PL"]),
    ("Il vit à Calcutta.", "fr", ["kolkata@IN"]),  # CLDR: Asia/Kolkata, French exemplar city
    # the longest name: New York, not York
    ("He flew to New York.", "en", ["new york city@US"]),
    ("Il est à New York City.", "fr", ["new york city@US"]),  # one city, as GeoNames names it
])
def test_place_names(text: str, lang: str, expected: list[str]) -> None:
    assert values("place", text, lang) == expected


@pytest.mark.parametrize(("text", "known", "expected"), [
    ("Obama's campaign chief Jim Messina knew.", frozenset({"messina"}), []),
    ("He flew to Messina.", frozenset(), ["messina@IT"]),
])
def test_a_place_inside_a_persons_name_is_no_place(text: str, known: frozenset[str], expected: list[str]) -> None:
    assert [s.value for s in BY_NAME["place"].extract(view(text, "en", known=known))] == expected


@pytest.mark.parametrize(("en", "fr"), [
    ("He arrived in Moscow.", "Il est arrivé à Moscou."),
    ("He arrived in Brussels.", "Il est arrivé à Bruxelles."),
    ("He arrived in London.", "Il est arrivé à Londres."),
    ("Ukraine's reserves fell.", "Les réserves de l'Ukraine ont chuté."),
])
def test_a_place_and_its_french_name_agree(en: str, fr: str) -> None:
    k = BY_NAME["place"]
    assert [v.kind for v in k.compare(k.extract(view(en, "en")), k.extract(view(fr, "fr")))] == ["agreement"]


def test_every_cldr_country_has_an_english_and_a_french_name() -> None:
    table = places.places()
    assert table["allemagne"][0] == table["germany"][0] == "DE"
    assert table["etats-unis"][0] == table["united states"][0] == "US"


@pytest.mark.parametrize(("en", "other", "lang", "rule"), [
    ('He said: "we will not give up our land".', "Il a dit : « nous ne céderons pas nos terres ».", "fr", "quote.translated"),
    ('He said: "we will not give up our land".', 'He said: "we will not give up our land".', "en", "quote.same"),
    ('He said: "we will never give up our land".', 'He said: "we will not give up our land".', "en",
     'quote.reworded: -"never" +"not"'),
    ('He said: "we will not give up our land".', 'He said: "the weather is fine today".', "en", None),
    # a negation added is no rewording (the paragraph-level comparison reports it as quote drift)
    ('He said: "we will give up our land".', 'He said: "we will not give up our land".', "en", None),
])
def test_quotes_of_matched_sentences(en: str, other: str, lang: str, rule: str | None) -> None:
    k = BY_NAME["quote"]
    found = k.compare(k.extract(view(en, "en")), k.extract(view(other, lang)))
    assert [v.rule for v in found] == ([rule] if rule else [])
    assert all(v.kind == "agreement" for v in found)


@pytest.mark.parametrize(("en", "fr", "verdicts"), [
    ("nearly 400 people died", "390 personnes sont mortes", ["agreement"]),
    ("at least 26 people died", "au moins 33 personnes sont mortes", ["contradiction"]),
    ("about 400 people died", "près de 350 personnes sont mortes", []),  # within what rounding allows
    ("400 people died", "390 personnes sont mortes", ["contradiction"]),
    # the same qualifier on both sides: the amounts are compared as written
    ("about 70 people died", "environ 73 personnes sont mortes", ["contradiction"]),
    ("he polled over 1,000 people", "il a interrogé plus de 900 personnes", ["contradiction"]),
    ("about 400 people died", "environ 400 personnes sont mortes", ["agreement"]),
])
def test_approximate_amounts(en: str, fr: str, verdicts: list[str]) -> None:
    k = BY_NAME["count"]
    assert [v.kind for v in k.compare(k.extract(view(en, "en")), k.extract(view(fr, "fr")))] == verdicts


class _Slots:
    """The slots of each kind, read from a sentence as ``compare._Views`` would."""

    def slots(self, kind: Kind, s: SentenceView) -> list[Slot]:
        return kind.extract(s)


TALKS = ("The talks open on Friday, 3 May 2019.", "Les pourparlers s'ouvrent mercredi 3 mai 2019.")


@pytest.mark.parametrize(("en", "fr", "sim", "how", "contradicted"), [
    # a changed weekday beside agreed date values: a translation that differs in one value
    (*TALKS, 0.45, "both", ["weekday"]),
    # ... but only when the embeddings link the same sentences too, unless their words overlap a lot
    (*TALKS, 0.45, "words", []),
    (*TALKS, 0.65, "words", ["weekday"]),
    (*TALKS, 0.3, "both", []),
    (*TALKS, 0.9, "embeddings", []),
    # nothing agreed: no contradiction across languages
    ("The talks open on Friday.", "Les pourparlers s'ouvrent mercredi.", 0.9, "both", []),
    # a translation names bodies otherwise: organisations never contradict across languages
    ("NATO and the EU met in 2019.", "L'OTAN et l'Élysée se sont réunis en 2019.", 0.9, "both", []),
])
def test_which_matched_sentences_may_contradict(en: str, fr: str, sim: float, how: str, contradicted: list[str]) -> None:
    found = compare._compare(view(en, "en"), view(fr, "fr"), sim, _Slots(), how)  # type: ignore[arg-type]
    assert [f.verdict.a.kind for f in found if f.verdict.kind == "contradiction"] == contradicted
    assert any(f.verdict.kind == "agreement" for f in found) or en == "The talks open on Friday."


@pytest.mark.parametrize(("en", "fr", "least", "most"), [
    # a professional translation: few shared keys, but shared concepts through the lexicon
    ("The government decided on Tuesday to raise the price of gas for households.",
     "Le gouvernement a décidé mardi d'augmenter le prix du gaz pour les ménages.", 0.36, 1.0),
    # different sentences of one article
    ("The government decided on Tuesday to raise the price of gas for households.",
     "Les syndicats ont appelé à une grève générale dans les transports.", 0.0, 0.2),
])
def test_sentence_similarity_across_languages(en: str, fr: str, least: float, most: float) -> None:
    def sent(text: str, lang: str) -> sentences.Sent:
        return sentences.Sent(0, len(text), lang, mentions.fold_in_place(text), text)
    assert least <= sentences.similarity(sent(en, "en"), sent(fr, "fr")) <= most


@pytest.mark.parametrize(
    "kind,value,expected",
    [
        ("place", "GB", "United Kingdom"),  # CLDR's English territory name
        ("place", "paris@FR", "Paris"),  # a city: its name, not its country code
        ("month", "09", "September"),
        ("person", "kellogg", "Kellogg"),
        ("organisation", "nato", "NATO"),
        ("count", "20", "20"),  # kinds without a display keep the value
        ("weekday", "monday", "Monday"),
        ("weekday", "tue", "Tuesday"),  # the short keys of claims.py
        ("participation", "ukraine:no", "Ukraine: did not take part"),
        ("participation", "zelensky:yes", "Zelensky: took part"),
    ],
)
def test_reports_show_values_as_words(kind: str, value: str, expected: str) -> None:
    assert {k.name: k for k in KINDS}[kind].shown(value) == expected


def test_sentence_facts_write_weekdays_as_english_names() -> None:
    from diffsrc.analysis.claimkinds.compare import sentence_facts
    from diffsrc.model import Alignment, ParaRef
    from tests.detector_sources import make_source

    a = make_source("The envoy will arrive in Kyiv on Thursday to meet soldiers at the front.", source_id="a")
    b = make_source("L'envoyé arrivera à Kyiv mercredi pour rencontrer des soldats sur le front.", "fr", source_id="b")
    facts = sentence_facts([a, b], [Alignment(ParaRef("a", 0), ParaRef("b", 0), 80.0, "same")], frozenset())
    contra = [f for f in facts if f.kind == "contradiction" and f.topic.startswith("weekday")]
    assert [f.topic for f in contra] == ["weekday in matched sentences: Thursday vs Wednesday"]
    assert "a “Thursday” / b “Wednesday”" in contra[0].message  # the rule's values in words too
