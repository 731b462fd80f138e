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
        # two witnesses against one: the odd source is reported, whatever the frequencies
        (("The allies will send a reassurance force to the border next spring.",
          "The allies will send a reassurance force to the border next spring.",
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
