"""Near-copy families, and the detectors that take other sources' evidence counting a family once."""

from __future__ import annotations

import dataclasses

import pytest

from diffsrc.analysis.copies import families
from diffsrc.analysis.detectors import REGISTRY, Context, selected
from diffsrc.model import Alignment, Finding, ParaRef, Source
from tests.detector_sources import make_source

ARTICLE = [
    "European leaders will meet in Paris on Thursday to discuss support for Ukraine and its army.",
    "France and Britain have led the effort, which began with a first meeting in February this year.",
    "More than thirty officials are expected to attend, most of them heads of state and government.",
    "The talks will also cover the financing of weapons and the training of soldiers in the west.",
    "No country has yet committed troops to a force that would watch over an eventual ceasefire.",
]
OTHER = [
    "Farmers blocked the roads around the capital for a third day to protest against new taxes.",
    "The police said the protest had been peaceful and that no arrests had been made so far.",
    "The minister of agriculture promised to meet the unions next week to hear their demands.",
]


def text(lines: list[str]) -> str:
    return "\n".join(lines) + "\n"


def edited(lines: list[str], old: str, new: str) -> list[str]:
    return [line.replace(old, new) for line in lines]


@pytest.mark.parametrize(
    "texts, expected",
    [
        # a verbatim copy, an excerpt (two of five paragraphs), a reshuffle, a few words changed
        ([ARTICLE, ARTICLE], ["s0", "s0"]),
        ([ARTICLE, ARTICLE[:2]], ["s0", "s0"]),
        ([ARTICLE, ARTICLE[::-1]], ["s0", "s0"]),
        ([ARTICLE, edited(edited(ARTICLE, "support", "help"), "expected", "set")], ["s0", "s0"]),
        # an independent article, and a rewrite that changes a word in four
        ([ARTICLE, OTHER], ["s0", "s1"]),
        ([ARTICLE, [" ".join(w + "s" if i % 4 == 2 else w for i, w in enumerate(line.split())) for line in ARTICLE]],
         ["s0", "s1"]),
        # copies of copies are one family, named by the earliest source; others stay apart
        ([OTHER, ARTICLE[:3], ARTICLE, ARTICLE[2:], OTHER[::-1]], ["s0", "s1", "s1", "s1", "s0"]),
        # a source without a body has no sequences and copies nothing
        ([ARTICLE, []], ["s0", "s1"]),
    ],
)
def test_families(texts: list[list[str]], expected: list[str]) -> None:
    sources = [make_source(text(t) if t else "", source_id=f"s{i}") for i, t in enumerate(texts)]
    assert list(families(sources).values()) == expected


def copies(source: Source, n: int) -> list[Source]:
    return [dataclasses.replace(source, id=f"{source.id}-copy{i}", path=f"{source.id}-copy{i}.txt") for i in range(n)]


def found(code: str, sources: list[Source], alignments: tuple[Alignment, ...] = ()) -> list[Finding]:
    selected()
    return list(REGISTRY[code]().run(Context(tuple(sources), alignments)))


def mine(findings: list[Finding], source_id: str = "a") -> list[tuple[str, int, str, str]]:
    return [(f.code, f.start, f.text, f.message) for f in findings if f.source == source_id]


@pytest.mark.parametrize(
    "code, texts",
    [
        # a non-word no other text uses: a copy uses it too, and is no other text
        ("DS501", ["The army will send more BLORTAGS to the border before the winter comes."]),
        # a French place name and a capitalised French noun that no independent text writes
        ("DS201", ["She was the ambassador to Biélorussie before she joined the ministry."]),
        ("DS201", ["The minister faced a whole Rafale of questions from the reporters that day."]),
        # a capital inside a sentence: the copies' capitals are not "capitalised elsewhere"
        ("DS301", ["The union wanted to make it Clearly known that the strike would go on for weeks."]),
        # the copies' lower-case "kyiv" does not outweigh the independent source's "Kyiv"
        ("DS303", ["The convoy reached kyiv on Monday after a long drive from the western border.",
                   "Officials in Kyiv said the convoy arrived safely and that Kyiv would send more."]),
        # a translated given name: the copies repeat it, the independent sources do not
        ("DS101", ["The Prime Minister rose Lindqvist of Sweden said the talks were useful.",
                   "Swedish Prime Minister Rose Lindqvist said the talks had been useful.",
                   "Rose Lindqvist, the Swedish prime minister, called the talks useful on Monday."]),
    ],
)
def test_copies_do_not_shield_a_source(code: str, texts: list[str]) -> None:
    a, *others = [make_source(t, source_id=sid) for t, sid in zip(texts, "abc", strict=False)]
    alone = mine(found(code, [a, *others]))
    assert alone
    with_copies = found(code, [a, *copies(a, 3), *others])
    assert mine(with_copies) == alone
    # every copy is reported like the text it copies
    assert all(mine(with_copies, c.id) for c in copies(a, 3))


def test_copies_do_not_attest_a_swapped_collocation() -> None:
    a = make_source("For the council the biggest query is the cost of the bridge.", source_id="a")
    b = make_source("For the council the biggest question is the cost of the bridge.", source_id="b")
    sources = [a, *copies(a, 4), b]
    every_pair = tuple(Alignment(ParaRef(x.id, 0), ParaRef(y.id, 0), 0.9, "same")
                       for i, x in enumerate(sources) for y in sources[i + 1 :])
    alone = mine(found("DS704", [a, b], (Alignment(ParaRef("a", 0), ParaRef("b", 0), 0.9, "same"),)))
    assert [t for _, _, t, _ in alone] == ["query"]
    with_copies = found("DS704", sources, every_pair)
    assert mine(with_copies) == alone
    assert {f.source for f in with_copies} == {s.id for s in sources[:-1]}


def test_copies_of_another_text_do_not_outvote_a_source() -> None:
    # one independent text writing "Kyiv" once is too little evidence (DS303 wants two capitalised
    # uses in other texts); five copies of it are still one text
    a = make_source("The convoy reached kyiv on Monday after a long drive from the western border.", source_id="a")
    b = make_source("Officials in Kyiv said the convoy arrived safely on Monday night near the river.", source_id="b")
    assert mine(found("DS303", [a, b])) == []
    assert mine(found("DS303", [a, b, *copies(b, 5)])) == []


@pytest.mark.parametrize(
    "counts, families, expected",
    [
        ({"a": 2, "b": 1, "c": 3}, None, 6),
        ({"a": 2, "b": 1, "c": 3}, {"a": "a", "b": "a", "c": "c"}, 5),  # a and b are one text: its larger count
        ({"a": 2, "b": 1, "c": 3}, {"a": "a", "b": "a", "c": "a"}, 3),
    ],
)
def test_casing_counts_count_a_family_once(counts: dict[str, int], families: dict[str, str] | None, expected: int) -> None:
    from diffsrc.analysis.detectors.text import CasingStats

    empty = {"lower": {}, "upper": {}, "forms": {}}
    stats = CasingStats([(sid, {**empty, "title": {"kyiv": n}}) for sid, n in counts.items()])
    assert stats.count("title", "kyiv", families=families) == expected
    assert stats.count("title", "kyiv", exclude=frozenset({"c"}), families=families) == (
        expected - 3 if families is None or families["c"] == "c" else 2)


def test_copies_of_another_text_do_not_outvote_a_name_form() -> None:
    a = make_source("The Prime Minister rose Lindqvist of Sweden said the talks were useful.", source_id="a")
    b = make_source("Swedish Prime Minister Rose Lindqvist said the talks had been useful, and Rose Lindqvist "
                    "thanked her hosts in Paris on Monday evening.", source_id="b")
    c = make_source("Rosa Lindqvist, the prime minister of Sweden, called the meeting a success on Monday.", source_id="c")
    alone = [(f.text, f.suggestion) for f in found("DS101", [a, b, c]) if f.source == "a"]
    assert alone == [("rose Lindqvist", "Rose Lindqvist")]
    with_copies = found("DS101", [a, b, c, *copies(c, 5)])
    assert [(f.text, f.suggestion) for f in with_copies if f.source == "a"] == alone
