"""The optional NLI stage: label mapping, and real loading/inference with a tiny model made here."""

from __future__ import annotations

from pathlib import Path

import pytest

from diffsrc.analysis import facts, nli
from diffsrc.errors import ModelUnavailable
from diffsrc.model import Claim, Fact
from tests.test_claims import make_source
from tests.test_facts import align_all


@pytest.mark.parametrize(
    "id2label,expected",
    [
        ({0: "entailment", 1: "neutral", 2: "contradiction"}, {"entailment": 0, "neutral": 1, "contradiction": 2}),
        ({"0": "CONTRADICTION", "1": "NEUTRAL", "2": "ENTAILMENT"}, {"contradiction": 0, "neutral": 1, "entailment": 2}),
        ({0: "entailment", 1: "not_entailment", 2: "contradiction"}, {"entailment": 0, "contradiction": 2}),
    ],
)
def test_label_indices(id2label: dict[object, str], expected: dict[str, int]) -> None:
    assert nli.label_indices(id2label) == expected  # type: ignore[arg-type]


def test_non_nli_labels_are_refused_in_one_line() -> None:
    with pytest.raises(ModelUnavailable) as err:
        nli.label_indices({0: "LABEL_0", 1: "LABEL_1"})
    assert "\n" not in str(err.value)


class FakeScorer:
    """Scores every pair as contradictory with a fixed probability (stands in for a model)."""

    def __init__(self, p: float) -> None:
        self.p = p

    def score(self, pairs: list[tuple[str, str]]) -> list[dict[str, float]]:
        return [{"entailment": (1 - self.p) / 2, "neutral": (1 - self.p) / 2, "contradiction": self.p} for _ in pairs]


TEXT_A = "Envoy Mark Doyle is expected to visit Georgia on Thursday, the minister said."
TEXT_B = "L'envoyé Mark Doyle doit se rendre à Tbilissi mercredi pour des entretiens."


def _sources() -> list:  # type: ignore[type-arg]
    return [make_source("a", TEXT_A, "en"), make_source("b", TEXT_B, "fr")]


def test_combine_confirms_claim_contradictions_and_adds_confident_model_only_ones() -> None:
    sources = _sources()
    als = align_all(*sources)
    base = facts.find_facts(sources, als)
    contra = [f for f in base if f.kind == "contradiction"]
    assert contra
    combined = nli.combine(base, sources, als, "fake", scorer=FakeScorer(0.95))  # type: ignore[arg-type]
    boosted = [f for f in combined if f.kind == "contradiction" and f.reason != "nli"]
    assert boosted[0].confidence > contra[0].confidence
    # the model-only pair is the same sentence pair, already covered: nothing added
    assert not [f for f in combined if f.reason == "nli"]


def test_model_only_contradictions_need_a_high_probability() -> None:
    sources = [make_source("a", "The bridge over the river was closed for repairs all week.", "en"),
               make_source("b", "The bridge over the river stayed open to traffic all week long.", "en")]
    als = align_all(*sources)
    low = nli.combine([], sources, als, "fake", scorer=FakeScorer(0.6))  # type: ignore[arg-type]
    assert low == []
    high = nli.combine([], sources, als, "fake", scorer=FakeScorer(0.97))  # type: ignore[arg-type]
    assert len(high) == 1 and high[0].reason == "nli" and high[0].kind == "contradiction"
    assert {c.source for c in high[0].claims} == {"a", "b"}


def test_covers() -> None:
    s = nli.PairScore(Claim("a", 0, 0, 10, "x" * 10, "sentence", ""), Claim("b", 0, 5, 20, "y" * 15, "sentence", ""),
                      0.0, 0.0, 1.0)
    f = Fact("contradiction", "t", (Claim("a", 0, 2, 4, "xx", "weekday", "mon"),
                                    Claim("b", 0, 6, 8, "yy", "weekday", "tue")))
    assert nli._covers(s, f)
    g = Fact("contradiction", "t", (Claim("a", 0, 12, 14, "xx", "weekday", "mon"),))
    assert not nli._covers(s, g)


@pytest.mark.ml
def test_tiny_model_loads_and_scores(tmp_path: Path) -> None:
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    words = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "envoy", "will", "visit", "on", "thursday",
             "wednesday", "georgia", ".", ",", "l", "'", "se", "rendre", "a", "mercredi"]
    (tmp_path / "vocab.txt").write_text("\n".join(words) + "\n", encoding="utf-8")
    tok = transformers.BertTokenizer(str(tmp_path / "vocab.txt"))
    config = transformers.BertConfig(
        vocab_size=len(words), hidden_size=16, num_hidden_layers=1, num_attention_heads=2, intermediate_size=32,
        max_position_embeddings=64, num_labels=3,
        id2label={0: "contradiction", 1: "entailment", 2: "neutral"},
        label2id={"contradiction": 0, "entailment": 1, "neutral": 2},
    )
    torch.manual_seed(0)
    model = transformers.BertForSequenceClassification(config)
    # make the model confidently say "contradiction" whatever the input
    with torch.no_grad():
        model.classifier.weight.zero_()
        model.classifier.bias.copy_(torch.tensor([8.0, 0.0, 0.0]))
    model.save_pretrained(tmp_path)
    tok.save_pretrained(tmp_path)

    scorer = nli.NLIScorer(str(tmp_path))
    assert scorer.labels == {"contradiction": 0, "entailment": 1, "neutral": 2}
    scores = scorer.score([("the envoy will visit georgia on thursday .", "the envoy will visit on wednesday .")])
    assert scores[0]["contradiction"] > 0.99
    assert abs(sum(scores[0].values()) - 1.0) < 1e-5

    sources = _sources()
    als = align_all(*sources)
    base = facts.find_facts(sources, als)
    result = facts.find_facts(sources, als, type("Opts", (), {"nli": str(tmp_path)})())
    before = max(f.confidence for f in base if f.kind == "contradiction")
    after = max(f.confidence for f in result if f.kind == "contradiction")
    assert after > before


@pytest.mark.ml
def test_missing_model_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailable):
        nli.NLIScorer(str(tmp_path / "nope/"))
