"""English word forms and first sounds, from the tables ``tools/build_word_forms.py`` writes.

``resources/en_word_forms.tsv`` gives each common word's Penn Treebank tags as lemminflect's
lexicon (AGID and the SPECIALIST Lexicon) inflects them ("says": VBZ; "talks": NNS and VBZ), the
verb lemma of an inflected verb form, a noun's other number and a verb's inflected forms. ``resources/en_initial_sound.tsv``
lists the words whose first sound the CMU Pronouncing Dictionary gives otherwise than their
first letter suggests ("hour", "union", "one"). Both are read on the first question, once.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from diffsrc.analysis.detectors.lexicon import resource_text
from diffsrc.analysis.frequencies import zipf
from diffsrc.errors import ConfigError

FORMS = "en_word_forms.tsv"
SOUNDS = "en_initial_sound.tsv"
# The tables list words of at least this Zipf frequency (tools/build_word_forms.py): below it a
# word is too rare to judge (a name, a foreign word, a typo).
MIN_ZIPF = 2.0

VERB_TAGS = frozenset({"VB", "VBP", "VBZ", "VBD", "VBN", "VBG"})
NOUN_TAGS = frozenset({"NN", "NNS", "NNS0"})

Sound = Literal["vowel", "consonant"]


@dataclass(frozen=True)
class Form:
    """One word's readings: its tags, the verb lemma of an inflected verb form ('' if none),
    for a noun its other number ('' if none), and for a verb lemma its inflected forms."""

    tags: frozenset[str]
    verb_lemma: str = ""
    other_number: str = ""
    verb_forms: tuple[str, ...] = ()  # a verb lemma's VBZ, VBD and VBN forms

    def only(self, allowed: frozenset[str]) -> bool:
        """Every reading of the word is one of ``allowed``."""
        return bool(self.tags) and self.tags <= allowed

    @property
    def noun(self) -> bool:
        """The word may be a noun (so it may modify the next one: "sports car")."""
        return bool(self.tags & NOUN_TAGS)


NO_FORM = Form(frozenset())


@lru_cache(maxsize=1)
def _rows() -> dict[str, str]:
    """Word -> the rest of its row, unparsed: splitting 42,000 rows into records took 0.16 s, and a
    text asks about a few hundred words."""
    lines = (line for line in resource_text(FORMS).splitlines() if line and not line.startswith("#"))
    return dict(line.split("\t", 1) for line in lines)


@lru_cache(maxsize=65536)
def form(word: str) -> Form:
    """The readings of a lower-case word (no tags when the table does not know it)."""
    row = _rows().get(word)
    if row is None:
        return NO_FORM
    cols = row.split("\t")
    if len(cols) != 4:
        raise ConfigError(f"{FORMS}: the row of {word!r} has {len(cols) + 1} columns, expected 5")
    tags, verb, other, forms = cols
    return Form(frozenset(tags.split(",")), "" if verb == "-" else verb, "" if other == "-" else other,
                () if forms == "-" else tuple(forms.split(",")))


def known_words() -> tuple[str, ...]:
    """Every word of the table, in its order."""
    return tuple(_rows())


@lru_cache(maxsize=1)
def _sounds() -> dict[str, str]:
    out: dict[str, str] = {}
    for n, line in enumerate(resource_text(SOUNDS).splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 2 or cols[1] not in ("vowel", "consonant", "both", "unknown"):
            raise ConfigError(f"{SOUNDS}:{n}: expected a word and vowel/consonant/both/unknown")
        out[cols[0]] = cols[1]
    return out


def listed_sound(word: str) -> bool:
    """Whether the pronouncing table lists the word (its first sound is not its letter's)."""
    return word in _sounds()


def initial_sound(word: str) -> Sound | None:
    """Whether a lower-case word is spoken with a vowel or a consonant first, or None when that
    is not known (a rare word, a word pronounced both ways, one the dictionary lacks)."""
    if len(word) < 2 or not word.isascii() or not word.isalpha():
        return None
    listed = _sounds().get(word)
    if listed is not None:
        return listed if listed in ("vowel", "consonant") else None  # type: ignore[return-value]
    if zipf(word, "en") < MIN_ZIPF:
        return None
    return "vowel" if word[0] in "aeiou" else "consonant"


def inflection(lemma: str, tag: str) -> str:
    """A verb lemma's form for a tag (VB, VBP, VBZ, VBD, VBN): "agree", "VBN" -> "agreed"; '' if unknown."""
    f = form(lemma)
    if tag in ("VB", "VBP"):
        return lemma if "VB" in f.tags else ""
    position = ("VBZ", "VBD", "VBN").index(tag)
    return f.verb_forms[position] if f.verb_forms else ""
