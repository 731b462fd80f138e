"""The English word-form and first-sound tables and the builder that writes them."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from diffsrc.analysis.detectors import wordforms
from diffsrc.analysis.detectors.lexicon import resource_text

TOOL = Path(__file__).resolve().parent.parent / "tools" / "build_word_forms.py"
spec = importlib.util.spec_from_file_location("build_word_forms", TOOL)
assert spec and spec.loader
builder = importlib.util.module_from_spec(spec)
spec.loader.exec_module(builder)

TAGS = set(builder.TAGS) | {"NNS0"}


def test_every_row_parses_with_known_tags() -> None:
    words = wordforms.known_words()
    assert len(words) > 30_000 and list(words) == sorted(words)
    for word in words:
        f = wordforms.form(word)
        assert f.tags and f.tags <= TAGS, word


@pytest.mark.parametrize(
    "word, tags, lemma",
    [("says", {"VBZ"}, "say"), ("went", {"VBD"}, "go"), ("talks", {"NNS", "VBZ"}, "talk"),
     ("officials", {"NNS"}, ""), ("easier", {"JJR", "RBR"}, "")],
)
def test_forms(word: str, tags: set[str], lemma: str) -> None:
    f = wordforms.form(word)
    assert f.tags == tags and f.verb_lemma == lemma


@pytest.mark.parametrize(
    "lemma, tag, expected",
    [("agree", "VBN", "agreed"), ("go", "VBN", "gone"), ("have", "VBZ", "has"), ("be", "VBN", "been"),
     ("sit", "VB", "sit"), ("zzzq", "VBN", "")],
)
def test_inflection(lemma: str, tag: str, expected: str) -> None:
    assert wordforms.inflection(lemma, tag) == expected


@pytest.mark.parametrize(
    "word, sound",
    [("european", "consonant"), ("one", "consonant"), ("union", "consonant"), ("hour", "vowel"),
     ("honest", "vowel"), ("important", "vowel"), ("table", "consonant"), ("herb", None),
     ("x", None), ("qzxv", None)],
)
def test_initial_sound(word: str, sound: str | None) -> None:
    assert wordforms.initial_sound(word) == sound


def test_sound_table_values() -> None:
    for line in resource_text(wordforms.SOUNDS).splitlines():
        if line and not line.startswith("#"):
            word, value = line.split("\t")
            assert value in ("vowel", "consonant", "both", "unknown") and word.islower()


@pytest.mark.parametrize(
    "word, prons, expected",
    [("hour", [["AW1", "ER0"]], "vowel"), ("union", [["Y", "UW1", "N"]], "consonant"),
     ("herb", [["ER1", "B"], ["HH", "ER1", "B"]], "both"), ("table", [["T", "EY1"]], None),
     ("uighur", None, "unknown"), ("tablet", None, None)],
)
def test_builder_initial_sound(word: str, prons: list[list[str]] | None, expected: str | None) -> None:
    assert builder.initial_sound(word, prons) == expected


def test_shipped_rows_match_the_builder() -> None:
    pytest.importorskip("lemminflect")  # the test extra installs it; the build needs it
    for word in ("says", "decision", "negotiated", "officials", "better", "put", "fish"):
        tags, verb, other = builder.form_row(word)
        f = wordforms.form(word)
        assert (set(tags), verb, other) == (set(f.tags), f.verb_lemma, f.other_number), word
    for lemma in ("go", "agree", "be", "say"):
        assert builder.verb_forms(lemma) == ",".join(wordforms.form(lemma).verb_forms), lemma
