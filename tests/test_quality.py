"""Per-source quality summary: verdicts with reasons and sacrebleu scores with signatures."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import pytest

from diffsrc.analysis import quality
from diffsrc.model import Alignment, Finding, ParaRef, Source, SourceMeta
from tests.detector_sources import make_source

# Twenty different sentences (about 260 words): one sentence repeated would be filler, which
# ingest reports as junk and leaves out of the word count.
TEXT = " ".join(
    f"The {who} met on {day} to discuss the {what} for the {where}, and {n} members voted."
    for who, day, what, where, n in zip(
        ["council", "board", "committee", "assembly", "panel"] * 4,
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] * 3,
        ["budget", "plan", "report", "schedule", "proposal", "audit", "contract", "survey", "charter", "motion"] * 2,
        ["schools", "roads", "library", "hospital", "harbour", "parks", "museum", "stadium", "market", "bridge",
         "airport", "prison", "tramway", "canal", "theatre", "zoo", "forest", "dam", "depot", "campus"],
        range(3, 23),
        strict=False,  # the shorter lists repeat; zip stops at the twenty places
    )
)


def finding(src: Source, category: str, severity: str = "high", n: int = 0) -> Finding:
    return Finding(source=src.id, start=n, end=n + 3, text=src.text[n : n + 3], code="DS000",
                   category=category, severity=severity, message="m", suggestion="x")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "categories, verdict",
    [
        ([], "clean"),
        (["casing"], "clean"),
        (["casing", "grammar"], "clean"),
        (["false_friend_or_calque"] * 4 + ["casing"] * 3 + ["word_order"], "likely machine-translated"),
        (["synonym_substitution"] * 8 + ["casing"], "likely spun"),
        (["synonym_substitution"] * 2 + ["grammar"] * 4, "likely machine-translated"),
        (["synonym_substitution"] * 4 + ["grammar"], "likely spun"),
    ],
)
def test_verdicts(categories: list[str], verdict: str) -> None:
    src = make_source(TEXT)
    fs = [finding(src, c, n=i) for i, c in enumerate(categories)]
    [summary] = quality.summarize([src], fs, [])
    assert summary.verdict == verdict
    assert summary.artefacts == len(fs) and summary.words == src.words
    assert summary.per_1000_words == pytest.approx(round(1000 * len(fs) / src.words, 2))
    assert sum(summary.by_severity.values()) == len(fs)
    assert sum(summary.by_category.values()) == len(fs)
    assert summary.reasons and f"{len(fs)} artefact{'' if len(fs) == 1 else 's'} in" in summary.reasons[0]


def test_severity_weighs_the_verdict() -> None:
    src = make_source(TEXT + " " + TEXT)
    lows = [finding(src, "grammar", "low", i) for i in range(3)]
    highs = [finding(src, "grammar", "high", i) for i in range(3)]
    assert quality.summarize([src], lows, [])[0].verdict == "clean"
    assert quality.summarize([src], highs, [])[0].verdict == "likely machine-translated"


def test_swaps_too_light_to_make_a_text_unclean_do_not_make_it_spun() -> None:
    src = make_source(TEXT)
    swaps = [finding(src, "synonym_substitution", "low", i) for i in range(3)]
    assert quality.summarize([src], [*swaps, finding(src, "grammar", n=9)], [])[0].verdict == "likely machine-translated"
    heavier = [finding(src, "synonym_substitution", "medium", i) for i in range(3)]
    assert quality.summarize([src], [*heavier, finding(src, "grammar", n=9)], [])[0].verdict == "likely spun"


@pytest.mark.parametrize(
    "counts, reason",
    [
        ({"repetition": 1, "untranslated_word": 1, "grammar": 3}, "translation artefacts: 3 grammar errors, 1 repetition, 1 untranslated word"),
        ({"foreign_typography": 1, "casing": 2, "garbled_or_nonword": 1}, "translation artefacts: 2 casing errors, 1 foreign typography, 1 garbled word"),
    ],
)
def test_reasons_count_in_singular_and_plural(counts: dict[str, int], reason: str) -> None:
    src = make_source(TEXT)
    fs = [finding(src, cat, n=10 * i + j) for i, (cat, k) in enumerate(counts.items()) for j in range(k)]
    [s] = quality.summarize([src], fs, [])
    assert reason in s.reasons
    [one] = quality.summarize([src], fs[:1], [])
    assert one.reasons[0].startswith("1 artefact in ")


def test_spun_reasons_give_examples() -> None:
    src = make_source(TEXT)
    fs = [finding(src, "synonym_substitution", n=i) for i in range(8)]
    [s] = quality.summarize([src], fs, [])
    assert any("spinner" in r for r in s.reasons) and any(r.startswith("e.g.") for r in s.reasons)


def two_sources() -> tuple[Source, Source, list[Alignment]]:
    ref = make_source("The council met on Monday.\nIt approved the school budget.\nThe mayor was pleased.",
                      source_id="ref")
    hyp = make_source("The council met Monday.\nIt approved the budget of the schools.\nThe mayor was happy.",
                      source_id="hyp")
    als = [Alignment(ParaRef("hyp", i), ParaRef("ref", i), 0.9, "same") for i in range(3)]
    return hyp, ref, als


def test_reference_scores_with_signatures() -> None:
    hyp, ref, als = two_sources()
    opts = SimpleNamespace(references=(("hyp", "ref"),))
    summaries = {s.source: s for s in quality.summarize([hyp, ref], [], als, opts)}
    scores = summaries["hyp"].scores["ref"]
    assert scores["origin"] == "--reference"
    doc, paras = scores["document"], scores["paragraphs"]
    assert 0 < doc["bleu"] < 100 and 0 < doc["chrf"] < 100 and doc["ter"] > 0
    assert paras["pairs"] == 3 and 0 < paras["bleu"] < 100
    sig = scores["signatures"]
    assert sig["bleu"].startswith("nrefs:1|") and "version:" in sig["chrf"] and "tok:tercom" in sig["ter"]
    assert summaries["ref"].scores == {}


def test_identical_texts_score_perfectly() -> None:
    hyp, ref, als = two_sources()
    same = replace(hyp, text=ref.text, paragraphs=ref.paragraphs)
    scores = quality.mt_scores(same, ref, als)
    assert scores["document"]["bleu"] == pytest.approx(100.0)
    assert scores["document"]["ter"] == pytest.approx(0.0)


def test_manifest_relation_names_a_reference() -> None:
    hyp, ref, als = two_sources()
    hyp = replace(hyp, meta=SourceMeta(relations={"machine_translation_of": "ref"}))
    [s, _] = quality.summarize([hyp, ref], [], als)
    assert s.scores["ref"]["origin"] == "manifest relation machine_translation_of"
    # a relation naming a text outside the comparison gives no scores
    other = replace(hyp, meta=SourceMeta(relations={"machine_translation_of": "an article not in the corpus"}))
    assert quality.summarize([other, ref], [], als)[0].scores == {}


def test_cross_language_reference_is_explained_not_scored() -> None:
    hyp, ref, als = two_sources()
    fr = replace(ref, lang="fr")
    scores = quality.mt_scores(hyp, fr, als)
    assert "languages differ" in scores["note"] and "document" not in scores


def test_no_alignment_still_scores_the_document() -> None:
    hyp, ref, _ = two_sources()
    scores = quality.mt_scores(hyp, ref, [])
    assert scores["paragraphs"]["pairs"] == 0 and "document" in scores


@pytest.mark.parametrize("focus", [None, frozenset({"b"}), frozenset({"a", "c"}), frozenset()])
def test_a_check_summarises_only_its_checked_sources(focus: frozenset[str] | None) -> None:
    sources = [make_source(TEXT, source_id=i) for i in "abc"]
    fs = [finding(s, "grammar", n=n) for n, s in enumerate(sources)]
    got = quality.summarize(sources, fs, [], focus=focus)
    whole = quality.summarize(sources, fs, [])
    assert got == [s for s in whole if focus is None or s.source in focus]
    assert all(s.artefacts == 1 for s in got)


@pytest.mark.parametrize(
    "categories",
    [
        ["synonym_substitution"] * 8 + ["casing"],
        ["false_friend_or_calque"] * 4 + ["casing"] * 3 + ["word_order"],
        ["casing", "grammar"],
    ],
)
@pytest.mark.parametrize("n_copies", [1, 5, 20])
def test_the_verdict_is_the_documents_own_whatever_is_compared(categories: list[str], n_copies: int) -> None:
    src = make_source(TEXT)
    fs = [finding(src, c, n=i) for i, c in enumerate(categories)]
    [alone] = quality.summarize([src], fs, [])
    copies = [replace(src, id=f"copy{i}") for i in range(n_copies)]
    copy_findings = [replace(f, source=c.id) for c in copies for f in fs]
    family = {s.id: src.id for s in (src, *copies)}
    summaries = quality.summarize([src, *copies], fs + copy_findings, [], families=family)
    # each copy gets the same verdict, density and reasons as the text alone, plus one naming its copies
    for s in summaries:
        assert (s.verdict, s.artefacts, s.per_1000_words) == (alone.verdict, alone.artefacts, alone.per_1000_words)
        assert s.reasons[:-1] == alone.reasons
        assert "near-cop" in s.reasons[-1] and "one witness" in s.reasons[-1]
    # without copies of its own, a source's summary does not mention any
    assert quality.summarize([src, *copies], fs, [], families={s.id: s.id for s in (src, *copies)})[0] == alone


@pytest.mark.parametrize(
    "family, expected",
    [
        ({"a": "a"}, []),
        ({"a": "a", "b": "a"}, ["one text with 1 near-copy in the comparison (b): other sources' evidence counts them as one witness"]),
        ({"x": "x", "a": "x", "b": "x", "c": "x", "d": "x", "e": "e"},
         ["one text with 4 near-copies in the comparison (x, b, c and 1 more): other sources' evidence counts them as one witness"]),
    ],
)
def test_copy_reasons(family: dict[str, str], expected: list[str]) -> None:
    assert quality.copy_reasons(make_source(TEXT, source_id="a"), family) == expected
