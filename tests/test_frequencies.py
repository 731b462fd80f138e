"""diffsrc.analysis.frequencies answers exactly what wordfreq.zipf_frequency answers."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from wordfreq import zipf_frequency

from diffsrc.analysis import frequencies
from diffsrc.analysis.frequencies import SortedIndex, zipf

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
        path = frequencies._data_file(lang)
        table = frequencies._decode(path.read_bytes()) if path else None
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


def test_sorted_index_round_trip() -> None:
    table = {"the": 0, "été": 120, "zebra": 410, "a'b": 3, "\udc80bad": 7}
    index = SortedIndex(SortedIndex.encode(table))
    assert len(index) == len(table)
    for word, bucket in table.items():
        assert index.get(word) == bucket
    for absent in ("", "th", "thee", "ete", "zz"):
        assert index.get(absent) is None
    assert SortedIndex(SortedIndex.encode({})).get("x") is None


def test_sorted_index_finds_every_word_across_fence_blocks() -> None:
    rng = random.Random(3)
    letters = "abcdeéz'"
    table = {"".join(rng.choice(letters) for _ in range(rng.randint(1, 7))): rng.randint(0, 900) for _ in range(3000)}
    index = SortedIndex(SortedIndex.encode(table))
    for word, bucket in table.items():
        assert index.get(word) == bucket
        for absent in (word + "q", word[:-1] + "q", "0" + word):
            assert index.get(absent) == table.get(absent)


@pytest.mark.parametrize("damage", [b"", b"not an index", b"truncated"])
def test_sorted_index_rejects_damaged_data(damage: bytes) -> None:
    data = SortedIndex.encode({"one": 1, "two": 2})
    broken = data[:-3] if damage == b"truncated" else damage
    with pytest.raises(ValueError):
        SortedIndex(broken)


def _fresh_table(monkeypatch: pytest.MonkeyPatch, cache: str) -> frequencies.Lookup | None:
    monkeypatch.setenv("DIFFSRC_CACHE_HOME", cache)
    frequencies._table.cache_clear()
    try:
        return frequencies._table("fr")
    finally:
        frequencies._table.cache_clear()


def test_index_is_written_once_then_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = _fresh_table(monkeypatch, str(tmp_path))
    assert isinstance(first, dict)  # built from wordfreq's file, and the index written
    [index] = (tmp_path / "wordfreq").iterdir()
    second = _fresh_table(monkeypatch, str(tmp_path))
    assert isinstance(second, SortedIndex)
    for word in ("le", "été", "cessez", "zzzqqqx"):
        assert first.get(word) == second.get(word)
    index.write_bytes(index.read_bytes()[:1000])  # a damaged index is rebuilt, not trusted
    assert isinstance(_fresh_table(monkeypatch, str(tmp_path)), dict)
    assert isinstance(_fresh_table(monkeypatch, str(tmp_path)), SortedIndex)


def test_works_without_a_user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert isinstance(_fresh_table(monkeypatch, ""), dict)  # disabled: nothing on disk
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert isinstance(_fresh_table(monkeypatch, str(blocker)), dict)  # unusable: still answers
    assert zipf("le", "fr") == zipf_frequency("le", "fr")
