"""The --lm surprisal detector (DS950), with a tiny GPT-2 the test builds, trains and saves."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from diffsrc.analysis.detectors import REGISTRY, Context, run_detectors, selected
from diffsrc.errors import ModelUnavailable
from tests.detector_sources import make_source

pytestmark = pytest.mark.ml

CORPUS = "the farmers sold the grain at the market on monday . " * 6
ODD = "the farmers sold the grain at the market on monday . the farmers sold the grain at the tractor on monday ."


def make_tiny_lm(folder: Path) -> Path:
    """A one-layer GPT-2 with a word-level fast tokenizer, briefly trained on CORPUS."""
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    from tokenizers import Tokenizer, models, pre_tokenizers

    words = sorted(set((CORPUS + " tractor").split()))
    vocab = {"<unk>": 0, "<eos>": 1, **{w: i + 2 for i, w in enumerate(words)}}
    tok = Tokenizer(models.WordLevel(vocab=vocab, unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    tokenizer = transformers.PreTrainedTokenizerFast(
        tokenizer_object=tok, unk_token="<unk>", eos_token="<eos>", pad_token="<eos>"
    )
    torch.manual_seed(0)
    config = transformers.GPT2Config(
        vocab_size=len(vocab), n_positions=64, n_embd=16, n_layer=1, n_head=2, bos_token_id=1, eos_token_id=1
    )
    model = transformers.GPT2LMHeadModel(config)
    ids = torch.tensor([tokenizer(CORPUS)["input_ids"][:64]])
    opt = torch.optim.Adam(model.parameters(), lr=0.02)
    model.train()
    for _ in range(60):
        loss = model(input_ids=ids, labels=ids).loss
        opt.zero_grad()
        loss.backward()
        opt.step()
    tokenizer.save_pretrained(folder)
    model.save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def tiny_lm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_tiny_lm(tmp_path_factory.mktemp("tiny-lm"))


def test_surprisal_flags_the_unexpected_word(tiny_lm: Path) -> None:
    from diffsrc.analysis.detectors.lm import word_surprisals
    from diffsrc.analysis.encoders import load

    tokenizer, model = load(str(tiny_lm), "AutoModelForCausalLM")
    scored = word_surprisals(ODD, 0, len(ODD), tokenizer, model)
    assert all(ODD[a:b].isalpha() for a, b, _ in scored)
    worst = max(scored, key=lambda w: w[2])
    assert ODD[worst[0] : worst[1]] == "tractor"

    selected()
    src = make_source(ODD)
    found = list(REGISTRY["DS950"]().run(Context((src,), (), SimpleNamespace(lm=str(tiny_lm)))))
    assert [f.text for f in found] == ["tractor"]
    assert found[0].severity in ("low", "medium") and "bits" in found[0].evidence[0].note


def test_off_without_lm_option() -> None:
    selected()
    assert list(REGISTRY["DS950"]().run(Context((make_source(ODD),), (), SimpleNamespace(lm=None)))) == []


def test_lm_boosts_overlapping_rule_findings(tiny_lm: Path) -> None:
    text = "the farmers sold the grain at the tractor on monday . the farmers sold the grain ."
    src = make_source(text)
    opts = SimpleNamespace(lm=str(tiny_lm), detectors=("DS950",), disable=())
    lm_only, _ = run_detectors([src], [], opts)
    assert [f.text for f in lm_only] == ["tractor"]

    from diffsrc.analysis.detectors.lm import LanguageModelSurprisal
    from diffsrc.model import Finding

    rule = Finding(source=src.id, start=lm_only[0].start, end=lm_only[0].end, text="tractor", code="DS701",
                   category="synonym_substitution", severity="medium", message="rule", confidence=0.5)
    det = LanguageModelSurprisal()
    det.scored = list(lm_only)
    merged = det.combine([rule, *lm_only])
    assert len(merged) == 1 and merged[0].code == "DS701" and merged[0].confidence > 0.5
    assert any("--lm" in e.note for e in merged[0].evidence)


def test_missing_model_is_one_line_error(tmp_path: Path) -> None:
    selected()
    ctx = Context((make_source(ODD),), (), SimpleNamespace(lm=str(tmp_path / "nope")))
    with pytest.raises(ModelUnavailable):
        list(REGISTRY["DS950"]().run(ctx))
