"""Fact comparison: agreements, contradictions (with reasons) and omissions across EN/FR sources."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from diffsrc.analysis import claimpairs, claims, facts, overlap
from diffsrc.model import Alignment, Claim, Fact, ParaRef, Source
from tests.test_claims import make_source


def align_all(*sources: Source) -> list[Alignment]:
    """Every paragraph of every source aligned with every paragraph of the others."""
    out = []
    for i, a in enumerate(sources):
        for b in sources[i + 1 :]:
            for pa in a.paragraphs:
                for pb in b.paragraphs:
                    out.append(Alignment(ParaRef(a.id, pa.index), ParaRef(b.id, pb.index), 0.8, "same"))
    return out


def run(*texts: tuple[str, str], aligned: bool = True, dates: tuple[str, ...] = ()) -> list[Fact]:
    sources = [make_source(f"s{i}", t, lang, dates[i] if dates else "2024-05-06") for i, (t, lang) in
               enumerate(texts)]
    result = facts.find_facts(sources, align_all(*sources) if aligned else [])
    for f in result:
        for c in f.claims:
            src = next(s for s in sources if s.id == c.source)
            assert src.text[c.start : c.end] == c.text
    return result


def kinds(result: list[Fact], kind: str, reason: str = "") -> list[Fact]:
    return [f for f in result if f.kind == kind and reason in f.reason]


@pytest.mark.parametrize(
    "a,b,reason",
    [
        (("Envoy Mark Doyle is expected to visit Georgia on Thursday, the minister said.", "en"),
         ("L'envoyé Mark Doyle doit se rendre à Tbilissi mercredi pour des entretiens.", "fr"), "weekday mismatch"),
        (("Envoy Mark Doyle is expected to visit Georgia on Thursday, the minister said.", "en"),
         ("Envoy Mark Doyle will travel to Tbilisi on Tuesday for talks with the government.", "en"),
         "weekday mismatch"),
        (("“We will send troops to the border this year,” said Defence Minister Aino Virtanen.", "en"),
         ("“We will not send troops to the border this year,” said Defence Minister Aino Virtanen.", "en"),
         "quote drift"),
        (("“We will send troops to protect the border this year,” said Defence Minister Aino Virtanen.", "en"),
         ("“We will send troops to protect the border this year,” said Prime Minister Jonas Berg.", "en"),
         "attribution mismatch"),
    ],
)
def test_contradictions(a: tuple[str, str], b: tuple[str, str], reason: str) -> None:
    result = run(a, b)
    found = kinds(result, "contradiction", reason)
    assert found, [(f.kind, f.reason, f.topic) for f in result]
    assert {c.source for c in found[0].claims} == {"s0", "s1"}
    assert 0.6 <= found[0].confidence <= 1.0
    assert result[0].kind == "contradiction"  # contradictions are ranked first


@pytest.mark.parametrize(
    "a,b,topic_word",
    [
        (("Envoy Mark Doyle is expected to visit Georgia on Thursday.", "en"),
         ("L'envoyé Mark Doyle se rendra à Tbilissi jeudi pour des entretiens.", "fr"), "weekday"),
        (("Minister Carla Dunn will be joined by adviser Piotr Malek in Oslo.", "en"),
         ("La ministre Carla Dunn et le conseiller Piotr Malek sont partis pour Oslo.", "fr"), "Dunn"),
        (("“We must be ready to defend every inch of our territory,” said President Ilse Maren.", "en"),
         ("« Nous devons être prêts à défendre chaque pouce de notre territoire », a déclaré la présidente Ilse Maren.",
          "fr"), "quote"),
        (("The government in Oslo spends 2.5% of its GDP on defence, minister Kari Lunde said.", "en"),
         ("Le gouvernement à Oslo consacre 2,5 % de son PIB à la défense, a dit la ministre Kari Lunde.", "fr"),
         "percent"),
    ],
)
def test_agreements(a: tuple[str, str], b: tuple[str, str], topic_word: str) -> None:
    result = run(a, b)
    assert not kinds(result, "contradiction"), [(f.reason, f.topic) for f in result]
    agreed = [f for f in kinds(result, "agreement") if topic_word in f.topic]
    assert agreed, [(f.kind, f.topic) for f in result]
    assert {c.source for c in agreed[0].claims} == {"s0", "s1"}


def test_duration_and_offset_are_different_facts() -> None:
    result = run(("The leaders held a 45-minute phone call, the presidency said.", "en"),
                 ("The leaders spoke by phone 45 minutes before the summit, the presidency said.", "en"))
    assert not kinds(result, "agreement", "")or all("minute" not in f.topic for f in kinds(result, "agreement"))
    assert not kinds(result, "contradiction")  # not confident enough to report


def test_edition_day_is_not_the_writing_day() -> None:
    result = run(("On Sunday, Prime Minister Ada Kerr wrote in an article in the Daily Telegraph that she was ready.",
                  "en"),
                 ("Ada Kerr a écrit dans le Daily Telegraph de lundi qu'elle était prête.", "fr"))
    assert not kinds(result, "contradiction")


def test_different_numbers_of_different_things_do_not_conflict() -> None:
    result = run(("Some 32 members of the alliance met in Oslo, minister Kari Lunde said.", "en"),
                 ("Les 31 alliés se sont réunis à Oslo, a dit la ministre Kari Lunde.", "fr"))
    assert not kinds(result, "contradiction")


def test_participant_omission() -> None:
    result = run(
        ("Leaders from Austria, Belgium, Sweden, Portugal and Greece met in Vienna on Monday.", "en"),
        ("Des dirigeants de l'Autriche, de la Belgique, de la Suède, du Portugal et de la Grèce se sont réunis.", "fr"),
        ("Only Austria, Belgium, Sweden and Portugal attended the Vienna meeting on Monday.", "en"),
    )
    omitted = kinds(result, "omission")
    assert len(omitted) == 1
    assert omitted[0].claims[0].source == "s2" and omitted[0].topic == "participants: Greece"
    assert {c.source for c in omitted[0].claims[1:]} == {"s0", "s1"}
    assert [f for f in kinds(result, "agreement") if f.topic == "participants"]


def test_unaligned_sources_of_other_days_are_not_compared() -> None:
    result = run(("Envoy Mark Doyle is expected to visit Georgia on Thursday.", "en"),
                 ("Envoy Mark Doyle will visit Georgia on Monday.", "en"),
                 aligned=False, dates=("2024-05-06", "2024-07-01"))
    assert result == []


SHARED = "Leaders of six countries met in Oslo on Tuesday to discuss the border crisis.\n\n"


@pytest.mark.parametrize(
    "aligned_first, expected",
    [
        # the sources share an aligned paragraph: one event, so unaligned claims are compared too
        (True, True),
        # no paragraph aligned at all (an unrelated text, word salad): nothing to compare
        (False, False),
    ],
)
def test_same_day_sources_compare_anchored_claims_without_alignment(aligned_first: bool, expected: bool) -> None:
    a = make_source("s0", SHARED + "Envoy Mark Doyle is expected to visit Georgia on Thursday.", "en", "2024-05-06")
    b = make_source("s1", SHARED + "In other news, envoy Mark Doyle will visit Georgia on Monday.", "en", "2024-05-06")
    assert len(a.paragraphs) == len(b.paragraphs) == 2
    links = [Alignment(ParaRef("s0", 0), ParaRef("s1", 0), 0.9, "same")] if aligned_first else []
    result = facts.find_facts([a, b], links)
    assert bool(kinds(result, "contradiction", "weekday mismatch")) is expected


@pytest.mark.parametrize(
    "a,b,expected",
    [("garanties", "guarantees", True), ("securite", "security", True), ("troupes", "troops", True),
     ("table", "chaise", False), ("send", "sent", False)],
)
def test_cognates(a: str, b: str, expected: bool) -> None:
    assert overlap.cognate(a, b) is expected


def test_signature_records_thresholds_and_nli() -> None:
    class Opts:
        nli = "some/model"

    sig = facts.signature(Opts())
    assert sig["method"] == facts.METHOD and "thresholds" in sig
    assert sig["nli"]["model"] == "some/model"  # type: ignore[index]
    assert "nli" not in facts.signature(None)


def test_a_shared_value_silences_the_other_values_of_the_pair() -> None:
    result = run(("NATO minister Kari Lunde said members spend 2% of GDP now and the next goal is 3% of GDP.", "en"),
                 ("NATO minister Kari Lunde said the goal should be 3% of GDP.", "en"))
    assert not kinds(result, "contradiction")
    assert [f for f in kinds(result, "agreement") if "percent" in f.topic]


@pytest.mark.parametrize(
    "a,b,of_longer,expected",
    [(("garanties", "securite", "ukraine"), ("guarantees", "security", "ukraine", "talks"), False, 1.0),
     (("garanties", "securite", "ukraine"), ("guarantees", "security", "ukraine", "talks"), True, 0.75),
     (("war", "end"), ("war", "ending", "now"), False, 0.5),
     ((), ("war",), False, 0.0)],
)
def test_soft_overlap(a: tuple[str, ...], b: tuple[str, ...], of_longer: bool, expected: float) -> None:
    assert overlap.soft_overlap(a, b, of_longer) == expected
    assert overlap.soft_overlap(list(b), list(a), of_longer) == expected


def test_cached_claims_survive_a_new_surname_elsewhere(tmp_path: Path) -> None:
    old = [make_source("s0", "Minister Kari Lunde met Okafor in Oslo on Monday.", "en"),
           make_source("s1", "Envoy Mark Doyle will visit Georgia on Thursday, Doyle said.", "en")]
    new = make_source("s2", "Minister Kari Lunde met President Ada Okafor in Oslo on Monday.", "en")
    cache = str(tmp_path)
    facts._extract(old, facts._corpus(old, cache))
    stored = set(tmp_path.rglob("*.json"))
    # s2 makes "okafor" a known surname: s0 (which writes it alone) is re-extracted, s1 is not
    assert facts._extract([*old, new], facts._corpus([*old, new], cache)) == claims.extract([*old, new])
    added = set(tmp_path.rglob("*.json")) - stored
    assert len(added) == 3  # the names and claims of s2, the claims of s0
    assert facts._extract([*old, new], facts._corpus([*old, new], cache)) == claims.extract([*old, new])


def test_cached_sentence_slots_survive_a_new_surname_elsewhere(tmp_path: Path) -> None:
    from diffsrc.analysis.claimkinds.table import SentenceSlots, StoredSlots, slots_in, source_slots

    def decoded(rows: Sequence[SentenceSlots | StoredSlots]) -> list[SentenceSlots]:  # cached rows keep their slots as JSON
        return [SentenceSlots(r.paragraph, r.start, r.end, slots_in(r)) for r in rows]

    old = [make_source("s0", "Minister Kari Lunde met Okafor in Oslo on Monday.", "en"),
           make_source("s1", "Envoy Mark Doyle will visit Georgia on Thursday, Doyle said.", "en")]
    new = make_source("s2", "Minister Kari Lunde met President Ada Okafor in Oslo on Monday.", "en")
    cache = str(tmp_path)
    corpus = facts._corpus(old, cache)
    known, table = corpus.known, facts._sentence_table(corpus)
    assert [decoded(table(s)) for s in old] == [list(source_slots(s, known)) for s in old]
    stored = set(tmp_path.rglob("*.json"))
    corpus = facts._corpus([*old, new], cache)
    known, table = corpus.known, facts._sentence_table(corpus)
    assert "okafor" in known
    # s0 writes "Okafor" alone: its people (and slots) change, so it is found again; s1's are read back
    assert [decoded(table(s)) for s in (*old, new)] == [list(source_slots(s, known)) for s in (*old, new)]
    added = {p for p in set(tmp_path.rglob("*.json")) - stored if "claims" in p.parts}
    assert len(added) == 3  # the names and slots of s2, the new slots of s0


def test_facts_with_a_cache_are_the_facts_without(
    seeds_with_alignments: tuple[list[Source], list[facts.Extracted], list[Alignment]], tmp_path: Path,
) -> None:
    sources, _, alignments = seeds_with_alignments

    class Options:
        cache_dir = str(tmp_path)

    plain = facts.find_facts(sources, alignments)
    assert facts.find_facts(sources, alignments, Options()) == plain  # cold: computed and stored
    assert facts.find_facts(sources, alignments, Options()) == plain  # warm: read back


@pytest.fixture(scope="module")
def seeds_with_alignments() -> tuple[list[Source], list[facts.Extracted], list[Alignment]]:
    from diffsrc.analysis import align
    from diffsrc.io.ingest import load_sources

    sources, _ = load_sources([str(Path(__file__).resolve().parent.parent / "seeds")])
    return sources, facts.extract_claims(sources), align.Aligner().align(sources)


@pytest.mark.parametrize("focus", [None, frozenset({"wire-fr-0217"}), frozenset({"nyt-0326-spun", "bbc-0217"})])
def test_comparing_only_comparable_pairs_finds_the_same_facts(
    seeds_with_alignments: tuple[list[Source], list[facts.Extracted], list[Alignment]],
    focus: frozenset[str] | None, monkeypatch: pytest.MonkeyPatch,
) -> None:
    sources, extracted, alignments = seeds_with_alignments
    assert not focus or focus <= {s.id for s in sources}
    pruned = facts.compare(sources, extracted, alignments, focus=focus)
    monkeypatch.setattr(facts, "candidate_pairs", lambda family, items, focus, aligned: claimpairs.pairs(items, focus))
    every_pair = facts.compare(sources, extracted, alignments, focus=focus)
    assert pruned == every_pair and pruned


def _c(source: str, start: int, end: int, kind: str = "weekday", value: str = "") -> Claim:
    return Claim(source, 0, start, end, "x" * (end - start), kind, value, f"{kind}:{value}", "en")


@pytest.mark.parametrize(("paragraph_level", "matched", "kept"), [
    # the counterpart sentence of b gives a's value: the paragraph-level contradiction is refuted
    (Fact("contradiction", "weekday", (_c("a", 0, 5, value="wed"), _c("b", 50, 55, value="fri"))),
     Fact("agreement", "weekday", (_c("a", 0, 5, value="wed"), _c("b", 10, 15, value="wed"))), False),
    # an agreement with a third source says nothing about b
    (Fact("contradiction", "weekday", (_c("a", 0, 5, value="wed"), _c("b", 50, 55, value="fri"))),
     Fact("agreement", "weekday", (_c("a", 0, 5, value="wed"), _c("c", 10, 15, value="wed"))), True),
    (Fact("agreement", "weekday", (_c("a", 0, 5, value="wed"), _c("b", 50, 55, value="wed"))),
     Fact("agreement", "weekday", (_c("a", 0, 5, value="wed"), _c("b", 10, 15, value="wed"))), True),
])
def test_contradictions_refuted_by_matched_sentences(paragraph_level: Fact, matched: Fact, kept: bool) -> None:
    assert (facts._confirmed([paragraph_level], [matched]) == [paragraph_level]) is kept


@pytest.mark.parametrize(("matched", "kept"), [
    (Fact("agreement", "place", (_c("a", 0, 5, "place"), _c("b", 10, 15, "place"))), False),  # already stated
    (Fact("agreement", "place", (_c("a", 0, 5, "place"), _c("c", 10, 15, "place"))), True),  # another source
    (Fact("contradiction", "place", (_c("a", 0, 5, "place"), _c("b", 10, 15, "place"))), True),
])
def test_matched_agreements_already_stated_are_not_repeated(matched: Fact, kept: bool) -> None:
    stated = Fact("agreement", "place", (_c("a", 0, 6, "place"), _c("b", 9, 15, "place")))
    assert (facts._not_repeated([matched], [stated]) == [matched]) is kept
