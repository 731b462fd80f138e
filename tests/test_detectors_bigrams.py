"""The shipped bigram subset (resources/bigrams_en.tsv) and its fallback to symspellpy's list."""

from __future__ import annotations

from pathlib import Path

import pytest

from diffsrc.detectors import bigrams


def test_shipped_subset_is_current_and_complete() -> None:
    pytest.importorskip("symspellpy")
    thesaurus = bigrams.THESAURUS.read_text(encoding="utf-8")
    expected = bigrams.from_symspellpy(bigrams.thesaurus_words(thesaurus))
    bigrams.bigram_counts.cache_clear()
    assert bigrams.bigram_counts() == expected, "run `python3 -m diffsrc.detectors.bigrams` to regenerate"


@pytest.mark.parametrize("header", ["", "# built for another thesaurus\n"])
def test_stale_or_missing_subset_falls_back_to_symspellpy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          header: str) -> None:
    pytest.importorskip("symspellpy")
    stale = tmp_path / "bigrams_en.tsv"
    if header:
        stale.write_text(header + "made up\t1\n", encoding="utf-8")
    monkeypatch.setattr(bigrams, "SUBSET", stale)
    bigrams.bigram_counts.cache_clear()
    try:
        counts = bigrams.bigram_counts()
    finally:
        bigrams.bigram_counts.cache_clear()
    assert "made up" not in counts and counts.get("able to", 0) > 0


@pytest.mark.parametrize(("text", "words"), [("# comment\nsaid\tstated\n\nFront\tentrance\n", {"said", "stated", "front", "entrance"})])
def test_thesaurus_words(text: str, words: set[str]) -> None:
    assert bigrams.thesaurus_words(text) == words
