"""Which claim pairs are compared: two different sources sharing what the comparator needs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diffsrc.analysis import claimpairs
from diffsrc.analysis.claims import Extracted
from diffsrc.model import Claim

# --- quote pairs are found by wording, in the order of all pairs ------------------------------

# words that match exactly, as cognates ("minister" ~ "ministre") or not at all
_QUOTE_WORDS = ["we", "will", "not", "minister", "ministre", "ukraine", "europe", "europa", "peace", "paix",
                "security", "securite", "talks", "never", "accept", "accepter"]


def _quote_claim(source: str, n: int, tokens: tuple[str, ...]) -> Extracted:
    claim = Claim(source, n, n, n + 1, " ".join(tokens), "quote", " ".join(tokens))
    return Extracted(claim, (n, n + 1), frozenset(), frozenset(), frozenset(), tokens=tokens)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["a", "b", "c", "new"]),
                  st.lists(st.sampled_from(_QUOTE_WORDS), min_size=2, max_size=6).map(tuple)),
        max_size=18,
    ),
    st.sampled_from([None, frozenset({"new"}), frozenset({"a", "new"})]),
)
def test_quote_pairs_are_the_similar_pairs_of_all_pairs_in_order(
    drawn: list[tuple[str, tuple[str, ...]]], focus: frozenset[str] | None,
) -> None:
    # a few wordings repeat, as in copies, so that groups of claims share one wording
    items = [_quote_claim(src, n, tokens) for n, (src, tokens) in enumerate(drawn + drawn[: len(drawn) // 2])]
    expected = [(x, y) for x, y in claimpairs.pairs(items, focus) if claimpairs.quote_similarity(x.tokens, y.tokens) is not None]
    got = list(claimpairs.quote_pairs(items, focus))
    assert [(id(x), id(y)) for x, y in got] == [(id(x), id(y)) for x, y in expected]


def test_quote_pairs_of_a_repeated_wording_and_its_translation() -> None:
    said = ("we", "will", "never", "accept", "talks")
    translated = ("we", "will", "never", "accepter", "talks")
    items = [_quote_claim("a", 0, said), _quote_claim("b", 1, ("peace", "paix", "europe")),
             _quote_claim("c", 2, said), _quote_claim("new", 3, translated)]
    got = [(x.claim.source, y.claim.source) for x, y in claimpairs.quote_pairs(items, frozenset({"new"}))]
    assert got == [("a", "new"), ("c", "new")]


def _number(source: str, n: int, unit: str) -> Extracted:
    claim = Claim(source, n, n, n + 1, f"{n} {unit}", "number", str(n))
    return Extracted(claim, (n, n + 1), frozenset(), frozenset(), frozenset(), anchor=unit)


@pytest.mark.parametrize("focus", [None, frozenset({"big"}), frozenset({"seed"})])
def test_a_source_is_never_paired_with_itself(focus: frozenset[str] | None) -> None:
    # one long source and a short one, every claim on the same anchor: only the cross pairs remain
    items = [_number("big", n, "percent") for n in range(40)] + [_number("seed", 40 + n, "percent") for n in range(3)]
    got = [(x.claim.source, y.claim.source) for x, y in claimpairs.candidate_pairs("number", items, focus, ())]
    assert got == [("big", "seed")] * (40 * 3)
    assert [(x, y) for x, y in claimpairs.pairs(items, focus)] == list(claimpairs.candidate_pairs("number", items, focus, ()))
    quotes = [_quote_claim("big", n, ("we", "will", "never", "accept", "talks")) for n in range(5)]
    assert list(claimpairs.quote_pairs(quotes, focus)) == []
