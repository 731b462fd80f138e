"""The one small layer over ``transformers``: find a model offline, load it once, embed text.

A model is named the way users name it online (``sentence-transformers/LaBSE``) or given as a
local folder. Nothing is downloaded while the hub's offline switch (``HF_HUB_OFFLINE`` or
``TRANSFORMERS_OFFLINE``) is set; otherwise the local cache is tried first and a download is only
attempted with short timeouts, so a machine without network fails fast with a one-line
``ModelUnavailable`` instead of hanging. ``torch`` and ``transformers`` are imported lazily.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from diffsrc.errors import ConfigError, ModelUnavailable

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

AUTO_CLASSES = frozenset(
    {
        "AutoModel",
        "AutoModelForCausalLM",
        "AutoModelForMaskedLM",
        "AutoModelForSequenceClassification",
        "AutoModelForSeq2SeqLM",
    }
)
_TRUE = {"1", "true", "yes", "on"}
# Seconds to wait for the hub when online downloads are allowed; short on purpose.
_ONLINE_TIMEOUT = 10.0


class KeyValueCache(Protocol):
    """What the embedder needs from a persistent cache (``diffsrc.io.cache.Cache`` fits)."""

    def get(self, namespace: str, key: str, type: Any = Any) -> Any | None: ...

    def put(self, namespace: str, key: str, value: Any) -> None: ...


def is_offline() -> bool:
    """True when the user switched the Hugging Face hub off (``HF_HUB_OFFLINE``/``TRANSFORMERS_OFFLINE``)."""
    return any(os.environ.get(v, "").strip().lower() in _TRUE for v in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"))


def device() -> str:
    """``"cuda"`` when a CUDA device is usable, else ``"cpu"``."""
    try:
        import torch
    except ImportError:  # pragma: no cover - without torch nothing can run anyway
        return "cpu"
    return "cuda" if torch.cuda.is_available() else "cpu"


def _looks_like_path(name: str) -> bool:
    # Hub names are "name" or "owner/name"; anything else is meant as a folder.
    return name.startswith((".", "/", "~")) or name.count("/") > 1 or "\\" in name or name.endswith("/")


def _unavailable(name: str) -> ModelUnavailable:
    return ModelUnavailable(
        f"model '{name}' is not available offline: download it where there is network with "
        f"`huggingface-cli download {name}` (it lands in the Hugging Face cache), or pass a local model folder"
    )


def resolve_model(name_or_path: str) -> str:
    """The local folder holding a model given by hub name or path; raises ``ModelUnavailable``."""
    name = name_or_path.strip()
    if not name:
        raise ConfigError("empty model name: pass a Hugging Face model name or a local model folder")
    path = Path(name).expanduser()
    if path.is_dir():
        if not (path / "config.json").is_file():
            raise ModelUnavailable(f"folder '{name}' is not a transformers model (no config.json): pass a model folder")
        return str(path.resolve())
    if path.exists():
        raise ModelUnavailable(f"'{name}' is a file, not a model folder: pass a transformers model folder or a hub name")
    if _looks_like_path(name):
        raise ModelUnavailable(f"model folder '{name}' does not exist: pass an existing local model folder or a hub name")
    try:
        from huggingface_hub import snapshot_download
    except ImportError as exc:  # pragma: no cover - comes with transformers
        raise ModelUnavailable("the ml extra is not installed: run `pip install 'diffsrc[ml]'`") from exc
    try:
        return str(snapshot_download(repo_id=name, local_files_only=True))
    except Exception:
        if is_offline():
            raise _unavailable(name) from None
    try:
        return str(snapshot_download(repo_id=name, etag_timeout=_ONLINE_TIMEOUT))
    except Exception:
        raise _unavailable(name) from None


def _auto(auto_class: str) -> Any:
    if auto_class not in AUTO_CLASSES:
        raise ConfigError(f"unknown model class '{auto_class}': use one of {', '.join(sorted(AUTO_CLASSES))}")
    try:
        import transformers
    except ImportError as exc:
        raise ModelUnavailable("transformers is not installed: run `pip install 'diffsrc[ml]'`") from exc
    return getattr(transformers, auto_class)


@lru_cache(maxsize=4)
def _load_resolved(folder: str, auto_class: str, dev: str) -> tuple[Any, Any]:
    from transformers import AutoTokenizer
    from transformers.utils import logging as hf_logging

    cls = _auto(auto_class)
    hf_logging.disable_progress_bar()
    try:
        tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
        model = cls.from_pretrained(folder, local_files_only=True)
    except Exception as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ModelUnavailable(f"cannot load model from '{folder}' as {auto_class}: {reason}") from exc
    model.to(dev)
    model.eval()
    return tokenizer, model


def load(name_or_path: str, auto_class: str = "AutoModel") -> tuple[Any, Any]:
    """A ``(tokenizer, model)`` pair on the best device, in eval mode, loaded once per process."""
    _auto(auto_class)
    return _load_resolved(resolve_model(name_or_path), auto_class, device())


def model_fingerprint(folder: str) -> str:
    """A short hash that changes when the model's configuration or weights files change."""
    h = hashlib.sha256()
    root = Path(folder)
    for f in sorted(root.iterdir()):
        if f.is_file():
            st = f.stat()
            h.update(f"{f.name}:{st.st_size}".encode())
    cfg = root / "config.json"
    if cfg.is_file():
        h.update(cfg.read_bytes())
    return h.hexdigest()[:16]


class Embedder:
    """Sentence embeddings: mean pooling over the attention mask, L2-normalised, cached per text."""

    namespace = "embeddings"

    def __init__(
        self,
        name_or_path: str,
        batch_size: int = 32,
        max_length: int = 256,
        cache: KeyValueCache | None = None,
    ) -> None:
        self.name = name_or_path
        self.folder = resolve_model(name_or_path)
        self.batch_size = max(1, batch_size)
        self.max_length = max_length
        self.cache = cache
        self.fingerprint = model_fingerprint(self.folder)
        self._memory: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def _key(self, text: str) -> str:
        return hashlib.sha256(f"{self.fingerprint}\0{self.max_length}\0{text}".encode()).hexdigest()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """A ``(len(texts), dim)`` float32 array of unit vectors, one per text."""
        import numpy as np

        keys = [self._key(t) for t in texts]
        todo: dict[str, str] = {}
        with self._lock:
            for k, t in zip(keys, texts, strict=False):
                if k in self._memory or k in todo:
                    continue
                stored = self.cache.get(self.namespace, k, list[float]) if self.cache is not None else None
                if stored:
                    self._memory[k] = stored
                else:
                    todo[k] = t
            if todo:
                items = list(todo.items())
                for i in range(0, len(items), self.batch_size):
                    chunk = items[i : i + self.batch_size]
                    vectors = self._encode([t for _, t in chunk])
                    for (k, _), v in zip(chunk, vectors, strict=False):
                        self._memory[k] = v
                        if self.cache is not None:
                            self.cache.put(self.namespace, k, v)
            if not keys:
                return np.zeros((0, 0), dtype=np.float32)
            return np.asarray([self._memory[k] for k in keys], dtype=np.float32)

    def _encode(self, texts: list[str]) -> list[list[float]]:
        import torch

        tokenizer, model = load(self.folder, "AutoModel")
        dev = next(model.parameters()).device
        batch = tokenizer(texts, padding=True, truncation=True, max_length=self.max_length, return_tensors="pt")
        batch = {k: v.to(dev) for k, v in batch.items()}
        with torch.inference_mode():
            hidden = model(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
        pooled = torch.nn.functional.normalize(pooled, p=2, dim=1)
        return [[float(x) for x in row] for row in pooled.float().cpu().tolist()]

    def signature(self) -> dict[str, object]:
        """What identifies these embeddings in a report or cache key."""
        return {"model": self.name, "fingerprint": self.fingerprint, "max_length": self.max_length}
