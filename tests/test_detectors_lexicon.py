"""Lexicon rows: the required-text pre-filter never changes what a row matches."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from diffsrc.analysis.detectors.lexicon import lexicon_matches, load_lexicon, parse_lexicon, required_text
from diffsrc.errors import ConfigError
from tests.detector_sources import make_source


@pytest.mark.parametrize(
    ("pattern", "keyword"),
    [
        (r"\bquery marks?\b", "query mark"),
        (r"\b(?:troops|boots) on the ground\b", " on the ground"),
        (r"\b(?P<s>take) place\b", " place"),
        (r"\bregulation (?:of|for) the (?:war|conflict)\b", "regulation "),
        (r"\b(?:alpha|beta) gamma?\b", " gamm"),
        (r"(?:ab)+cde", "cde"),
        (r"\bfoo|barbaz\b", ""),  # an alternation at the top: no text is required
        (r"(?!never )\bword\b", "word"),  # lookaround text is not required
        (r"a?bc", ""),  # too short
        (r"(?:xyz)?abc", "abc"),  # an optional group is not required
        (r"\bn['’]a pas élaboré\b", "a pas "),  # only ASCII text is used
    ],
)
def test_required_text(pattern: str, keyword: str) -> None:
    assert required_text(re.compile(pattern, re.IGNORECASE)) == keyword


TEXTS = [
    "The Query Mark over the plan stayed. Troops on the ground waited; the summit took place.",
    "QUERY MARKS everywhere. The regulation of the conflict is near, said the minister.",
    "Les alliés n’ont pas élaboré de plan. Une opportunité de paix s’est présentée à Paris.",
    "Long ſ and dotless ı: QUERY MARK, query\u00a0mark, Query-mark and İnformation convention.",
]


@pytest.mark.parametrize("name", ["spinner_pairs_en.tsv", "false_friends_fr_en.tsv", "false_friends_en_fr.tsv",
                                  "grammar_fr_en.tsv", "word_order_fr_en.tsv", "grammar_en_fr.tsv"])
@pytest.mark.parametrize("text", TEXTS)
def test_prefilter_keeps_every_match(name: str, text: str) -> None:
    source = make_source(text)
    for entry in load_lexicon(name):
        with_filter = [m.span() for _, m in lexicon_matches(source, [entry])]
        without = [m.span() for _, m in lexicon_matches(source, [replace(entry, keyword="")])]
        assert with_filter == without, (name, entry.line)


def test_case_oddities_still_match() -> None:
    # "ſ" (long s) matches "s" under re.IGNORECASE although it does not lower-case to it
    (entry,) = parse_lexicon("weak\t\\bquery marks\\b\tx\ty\tlow\t0.5\t\tnote\n")
    assert entry.keyword == "query marks"
    assert [m.group(0) for _, m in lexicon_matches(make_source("One query markſ here."), [entry])] == ["query markſ"]


@pytest.mark.parametrize("name", ["spinner_pairs_en.tsv", "false_friends_fr_en.tsv", "false_friends_en_fr.tsv", "grammar_fr_en.tsv",
                                  "word_order_fr_en.tsv", "grammar_en_fr.tsv"])
def test_every_shipped_row_compiles(name: str) -> None:
    for entry in load_lexicon(name):
        assert entry.pattern.flags & re.IGNORECASE and entry.pattern.pattern == entry.regex
        assert entry.context is None or entry.context.pattern == entry.context_regex


def test_rows_are_checked_when_read_and_scanned_when_a_text_may_match() -> None:
    rows = "weak\t\\bzebra crossings?\\b\tx\ty\tlow\t0.5\t\\bstreet\\b\tnote\nweak\t\\bokapi herds?\\b\tx\ty\tlow\t0.5\t\tnote\n"
    zebra, okapi = parse_lexicon(rows)
    assert (zebra.keyword, okapi.keyword) == ("zebra crossing", "okapi herd")
    assert list(lexicon_matches(make_source("Nothing of the kind here, in this street."), [zebra, okapi])) == []
    found = list(lexicon_matches(make_source("A zebra crossing in the street."), [zebra, okapi]))
    assert [(e.line, m.group(0)) for e, m in found] == [(1, "zebra crossing")]
    with pytest.raises(ConfigError, match="x.tsv:2: invalid row"):  # compiled when read
        parse_lexicon("weak\tfine\tx\ty\tlow\t0.5\t\tnote\nweak\tok\tx\ty\tlow\t0.5\t(street\tnote\n", "x.tsv")
    with pytest.raises(ConfigError, match="x.tsv:1: invalid row"):  # a variable-width look-behind too
        parse_lexicon("weak\t(?<=a+)bcd\tx\ty\tlow\t0.5\t\tnote\n", "x.tsv")
