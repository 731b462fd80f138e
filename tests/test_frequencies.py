"""diffsrc.frequencies answers exactly what wordfreq.zipf_frequency answers."""

from __future__ import annotations

import random

import pytest
from wordfreq import zipf_frequency

from diffsrc import frequencies
from diffsrc.frequencies import zipf

CASES = [
    # plain words, casing, accents, ß casefolding
    ("the", "en"), ("The", "en"), ("ceasefire", "en"), ("Frederiksen", "en"), ("naïve", "en"),
    ("Straße", "en"), ("élysée", "fr"), ("Élysée", "fr"), ("été", "fr"), ("zzzqqqx", "en"),
    # hyphens: one frequency from the parts, 0 when a part is unknown
    ("cease-fire", "en"), ("Royaume-Uni", "fr"), ("cessez-le-feu", "fr"), ("a-t-il", "fr"),
    ("war-zzzqqqx", "en"),
    # apostrophes: English contractions, French elisions straight and curly
    ("it's", "en"), ("it\u2019s", "en"), ("who're", "en"), ("can\u2019t", "en"), ("rock'n'roll", "en"),
    ("l'heure", "fr"), ("l\u2019heure", "fr"), ("qu'il", "fr"), ("qu\u2019il", "fr"), ("jusqu\u2019à", "fr"),
    ("aujourd'hui", "fr"), ("L'Élysée", "fr"), ("l'heure-d'été", "fr"),
    # handed to wordfreq: digits, other scripts, other languages
    ("COVID-19", "en"), ("2024", "fr"), ("Ελλάδα", "en"), ("Haus", "de"), ("", "en"),
]


@pytest.mark.parametrize(("word", "lang"), CASES)
def test_same_as_wordfreq(word: str, lang: str) -> None:
    assert zipf(word, lang) == zipf_frequency(word, lang)


def test_same_as_wordfreq_on_a_sample_of_both_tables() -> None:
    rng = random.Random(7)
    for lang in ("en", "fr"):
        table = frequencies._table(lang)
        assert table is not None and len(table) > 100_000
        words = rng.sample(sorted(table), 2000)
        pairs = [f"{rng.choice(words)}-{rng.choice(words)}" for _ in range(300)]
        for word in [*words, *(w.title() for w in words[:300]), *pairs]:
            assert zipf(word, lang) == zipf_frequency(word, lang), (word, lang)


def test_the_shapes_answered_without_wordfreq() -> None:
    assert frequencies._tokens("L'Heure-d\u2019Été") == ["l", "heure", "d'été"]
    assert frequencies._tokens("it's") == ["it's"]
    for other in ("COVID-19", "Ελλάδα", "-war", "war-", "x y"):
        assert frequencies._tokens(other) is None
