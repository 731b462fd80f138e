"""Cross-source variants (DS705) on invented sources linked sentence by sentence."""

from __future__ import annotations

import pytest

from diffsrc.analysis.detectors import REGISTRY, Context, selected
from diffsrc.model import Alignment, Finding, ParaRef, SentencePair
from tests.detector_sources import make_source


def linked(*texts: str, lang: str = "en") -> Context:
    """Sources of one sentence each, every pair of them aligned with that sentence linked."""
    sources = tuple(make_source(t, lang, f"s{i}") for i, t in enumerate(texts))
    alignments = tuple(
        Alignment(ParaRef(a.id, 0), ParaRef(b.id, 0), 0.9, "same", sentences=(SentencePair(0, 0, 0.2),))
        for i, a in enumerate(sources) for b in sources[i + 1 :]
    )
    return Context(sources, alignments)


def found(ctx: Context) -> list[Finding]:
    selected()
    return list(REGISTRY["DS705"]().run(ctx))


@pytest.mark.parametrize(
    "texts, lang, expected",
    [
        # two witnesses against one: the odd source is reported, whatever the frequencies (the
        # witnesses are two texts: a second sentence of their own keeps them from being copies)
        (("The allies will send a reassurance force to the border next spring. Officials in Rome gave no date "
          "for the first deployment of troops.",
          "The allies will send a reassurance force to the border next spring. Diplomats expect a long debate "
          "in the parliaments of the member states.",
          "The allies will send a reassurance pressure to the border next spring."), "en",
         [("s2", "pressure", "force")]),
        # one witness: only a far rarer word than the other source's is reported
        (("The minister gave a speech to the farmers at the fair on the hill.",
          "The minister gave an allocution to the farmers at the fair on the hill."), "en",
         [("s1", "an allocution", "a speech")]),
        (("Le maire a promis une réponse rapide aux habitants du quartier.",
          "Le maire a promis une réponse véloce aux habitants du quartier."), "fr", [("s1", "véloce", "rapide")]),
    ],
)
def test_finds_the_odd_wording(texts: tuple[str, ...], lang: str, expected: list[tuple[str, str, str]]) -> None:
    got = found(linked(*texts, lang=lang))
    assert [(f.source, f.text, f.suggestion) for f in got] == expected
    assert all(f.category == "synonym_substitution" and f.code == "DS705" for f in got)


@pytest.mark.parametrize(
    "texts",
    [
        # a changed figure, name or weekday is a contradiction for the fact comparison
        ("The council approved 12 new schools on Monday.", "The council approved 14 new schools on Monday."),
        ("Mayor Anne Dupuis opened the new bridge on Monday.", "Mayor Anne Moreau opened the new bridge on Monday."),
        ("The council approved the new schools on Monday.", "The council approved the new schools on Tuesday."),
        # two ordinary words of similar frequency, one witness each: no verdict
        ("The minister said the plan was a big step forward.", "The minister said the plan was a large step forward."),
        ("Put a question mark after the last line.", "Put a query mark after the last line."),  # only 50 times rarer
        # different sentences, not one sentence edited
        ("The minister said the plan was a big step forward.", "Farmers protested outside the building all day long."),
    ],
)
def test_quiet_without_evidence(texts: tuple[str, ...]) -> None:
    assert found(linked(*texts)) == []


def test_only_the_focus_is_checked() -> None:
    ctx = linked("The minister gave a speech at the fair.", "The minister gave an allocution at the fair.")
    focused = Context(ctx.sources, ctx.alignments, focus=frozenset({"s0"}))
    assert found(ctx) and found(focused) == []


SPUN = "The allies will send a reassurance pressure to the border next spring."
TRUE = "The allies will send a reassurance force to the border next spring."
ROME = " Officials in Rome gave no date for the first deployment of troops."
DEBATE = " Diplomats expect a long debate in the parliaments of the member states."
PARIS = " The talks in Paris ended late after a dinner at the Elysee palace."


@pytest.mark.parametrize(
    "texts, expected",
    [
        # copies of the spun text agreeing with it are one witness: they no longer outvote the two
        # independent texts, and every copy is reported like the text it copies
        ((TRUE + ROME, TRUE + DEBATE, SPUN, SPUN, SPUN, SPUN),
         [("s2", "pressure"), ("s3", "pressure"), ("s4", "pressure"), ("s5", "pressure")]),
        ((TRUE + ROME, TRUE + DEBATE, SPUN + PARIS, SPUN + PARIS, SPUN), [("s2", "pressure"), ("s3", "pressure"), ("s4", "pressure")]),
        # ten copies of one text are one witness: against a second text, no majority either way
        ((TRUE + ROME,) * 10 + (SPUN,), []),
        # a copy that differs from its family is outvoted by it only with far rarer wording
        ((SPUN + PARIS, SPUN + PARIS, SPUN + PARIS, TRUE + PARIS), []),
    ],
)
def test_near_copies_are_one_witness(texts: tuple[str, ...], expected: list[tuple[str, str]]) -> None:
    assert [(f.source, f.text) for f in found(linked(*texts))] == expected


def test_copies_do_not_change_the_findings_of_the_text_they_copy() -> None:
    alone = found(linked(TRUE + ROME, TRUE + DEBATE, SPUN))
    copied = found(linked(TRUE + ROME, TRUE + DEBATE, SPUN, *(SPUN,) * 9, *(TRUE + ROME,) * 5))
    assert [(f.source, f.text, f.message) for f in alone] == [("s2", "pressure", "the other sources say 'force' here (2 of 2)")]
    mine = [f for f in copied if f.source == "s2"]
    assert [(f.source, f.text, f.message) for f in mine] == [(f.source, f.text, f.message) for f in alone]
    assert "near-copies counted once" in mine[0].evidence[0].note
    assert {f.source for f in copied} == {f"s{i}" for i in range(2, 12)}
