"""A content-addressed, on-disk cache of analysis results (safe to delete at any time).

Layout: ``ROOT/<namespace>/<key[:2]>/<key>.json``; each file is one JSON object::

    {"diffsrc": VERSION, "namespace": NS, "key": KEY, "sha256": DIGEST, "value": VALUE}

where ``DIGEST`` is the SHA-256 of ``VALUE``'s bytes, written by msgspec (records as objects
of their fields, dicts in their own order). A file is only trusted when its version, namespace
and key match the request, the digest matches the value, and the value parses and fits the type
the reader asks for (a record's fields checked against its annotations, by msgspec); anything
else (truncated, foreign, edited, binary garbage, from another diffsrc version, another shape)
is a miss and is overwritten by the next ``put``. Keys are made with ``Cache.key`` from the
inputs that determine a value (content hashes, configuration) plus the diffsrc version and a
fingerprint of the installed diffsrc code, so an upgrade or a local edit never reuses stale values.

Binary values (``get_bytes``/``put_bytes``, e.g. the aligner's arrays) are kept next to them as
``<key>.bin``: the same JSON header on the first line (without ``value``), then the bytes, trusted
under the same conditions.

Writes go to a temporary file in the same folder and are renamed into place, so concurrent
runs (two CI jobs on a shared cache, parallel test workers) never see a partial file: a reader
finds either no file or a complete one, and two writers of one key write the same value.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from diffsrc import __version__
from diffsrc.io.files import replace_atomically

DEFAULT_DIR = ".diffsrc-cache"
_NAMESPACE = re.compile(r"[a-z0-9][a-z0-9_.-]{0,63}")
_KEY = re.compile(r"[0-9a-f]{64}")
_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by diffsrc; it is safe to delete this folder.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)


@dataclass
class CacheStats:
    """What one ``Cache`` object did: hits, misses, rejected files, writes and write errors."""

    hits: int = 0
    misses: int = 0
    rejected: int = 0
    writes: int = 0
    write_errors: int = 0


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


class Cache:
    """A JSON cache under ``root``; ``Cache(None)`` is a disabled cache that stores nothing."""

    def __init__(self, root: Path | str | None) -> None:
        self.root = Path(root) if root is not None else None
        self.stats = CacheStats()
        self._prepared = False

    @property
    def enabled(self) -> bool:
        """True when values are read and written."""
        return self.root is not None

    @staticmethod
    def key(*parts: Any) -> str:
        """A hex SHA-256 key of JSON-serialisable parts, the diffsrc version and code fingerprint."""
        return hashlib.sha256(_canonical([__version__, code_fingerprint(), *parts]).encode("utf-8")).hexdigest()

    def path(self, namespace: str, key: str) -> Path:
        """Where the value of ``key`` in ``namespace`` is stored."""
        return Path(self._location(namespace, key, ".json"))

    def _location(self, namespace: str, key: str, suffix: str) -> str:
        # A string, not a Path: a warm check reads about 1,200 entries, and building each as a
        # Path (four Path objects) cost more than opening the file.
        if self.root is None:
            raise ValueError("the cache is disabled")
        _check(namespace, key)
        return os.path.join(self.root, namespace, key[:2], key + suffix)

    def get(self, namespace: str, key: str, type: Any = Any) -> Any | None:
        """The stored value, checked against and converted to ``type`` (records are rebuilt from
        their fields, each checked against its annotation), or None when absent, disabled, not
        trustworthy or not of that type: the caller computes the value again and ``put`` replaces it."""
        raw = self._read(namespace, key, ".json")
        return None if raw is None else self._accept(_validate(raw, namespace, key, type))

    def put(self, namespace: str, key: str, value: Any) -> None:
        """Store a value made of JSON types, records (dataclasses), tuples and sets; a cache that
        cannot be written is skipped, not fatal."""
        if self.root is None:
            return
        path = self.path(namespace, key)
        try:
            body = _encode(value)
        except UnicodeEncodeError:  # text with lone surrogates
            self.stats.write_errors += 1
            return
        self._write(path, _header(namespace, key) + hashlib.sha256(body).hexdigest().encode() + _MIDDLE + body + b"}")

    def get_bytes(self, namespace: str, key: str) -> bytes | None:
        """A stored binary value, or None when absent, disabled or not trustworthy."""
        raw = self._read(namespace, key, ".bin")
        return None if raw is None else self._accept(_validate_bytes(raw, namespace, key))

    def put_bytes(self, namespace: str, key: str, body: bytes) -> None:
        """Store a binary value; like ``put``, a cache that cannot be written is skipped."""
        if self.root is not None:
            path = Path(self._location(namespace, key, ".bin"))
            self._write(path, _header(namespace, key) + hashlib.sha256(body).hexdigest().encode() + _BIN_END + body)

    def _read(self, namespace: str, key: str, suffix: str) -> bytes | None:
        if self.root is None:
            return None
        location = self._location(namespace, key, suffix)
        try:
            with open(location, "rb") as f:
                return f.read()
        except OSError:
            self.stats.misses += 1
            return None

    def _accept(self, value: Any) -> Any | None:
        if value is _INVALID:
            self.stats.rejected += 1
            self.stats.misses += 1
            return None
        self.stats.hits += 1
        return value

    def _write(self, path: Path, record: bytes) -> None:
        try:
            self._prepare()
            path.parent.mkdir(parents=True, exist_ok=True)
            replace_atomically(path, record, durable=False)
        except OSError:
            # A read-only or full disk must not fail an analysis; the value is recomputed next time.
            self.stats.write_errors += 1
            return
        self.stats.writes += 1

    def _prepare(self) -> None:
        """Mark the root as a cache (CACHEDIR.TAG, .gitignore) the first time we write."""
        if self._prepared or self.root is None:
            return
        self.root.mkdir(parents=True, exist_ok=True)
        for name, text in (("CACHEDIR.TAG", _TAG), (".gitignore", "# created by diffsrc\n*\n")):
            target = self.root / name
            if not target.exists():
                replace_atomically(target, text.encode("utf-8"), durable=False)
        self._prepared = True


class _Invalid:
    pass


_INVALID: Any = _Invalid()


def _check(namespace: str, key: str) -> None:
    if not _NAMESPACE.fullmatch(namespace):
        raise ValueError(f"invalid cache namespace {namespace!r}")
    if not _KEY.fullmatch(key):
        raise ValueError(f"invalid cache key {key!r}; make keys with Cache.key()")


def _header(namespace: str, key: str) -> bytes:
    return (
        f'{{"diffsrc":{json.dumps(__version__)},"namespace":{json.dumps(namespace)},"key":"{key}","sha256":"'
    ).encode()


_MIDDLE = b'","value":'
_BIN_END = b'"}\n'  # ends the header line of a binary entry


def _validate(raw: bytes, namespace: str, key: str, tp: Any = Any) -> Any:
    # The layout is fixed (see the module docstring), so a file is checked byte for byte: its
    # header must name this version, namespace and key, and the value's bytes must hash to the
    # recorded digest; only then is the value parsed, and checked against ``tp``.
    head = _header(namespace, key)
    if not raw.startswith(head) or not raw.endswith(b"}"):
        return _INVALID
    digest = raw[len(head) : len(head) + 64]
    rest = len(head) + 64
    if raw[rest : rest + len(_MIDDLE)] != _MIDDLE:
        return _INVALID
    body = memoryview(raw)[rest + len(_MIDDLE) : -1]
    if hashlib.sha256(body).hexdigest().encode("ascii") != digest:
        return _INVALID
    try:
        return _decoder(tp).decode(body)
    except (ValueError, RecursionError):  # msgspec's DecodeError and ValidationError are ValueErrors
        return _INVALID


def _validate_bytes(raw: bytes, namespace: str, key: str) -> Any:
    # A binary entry: the JSON header of this version, namespace and key with the body's digest
    # on the first line, then the body, which must hash to it.
    head = _header(namespace, key)
    line = len(head) + 64
    body = raw[line + len(_BIN_END) :]
    if (
        not raw.startswith(head)
        or raw[line : line + len(_BIN_END)] != _BIN_END
        or hashlib.sha256(body).hexdigest().encode("ascii") != raw[len(head) : line]
    ):
        return _INVALID
    return body


# Corpus-level entries (the aligner's index of the corpus, its casing counts) hold many sources,
# each under a label. A run adds the few compared sources an entry lacks in memory and rewrites
# the entry once they reach 1/INDEX_REWRITE_SHARE of it: rewriting megabytes for each new source
# costs more. An entry most of whose sources are no longer compared is rebuilt instead.
INDEX_REWRITE_SHARE = 32


def index_outdated(unused: int, compared: int) -> bool:
    """True when a corpus-level entry holds so many sources no longer compared (``unused``, with
    ``compared`` sources compared now) that it is rebuilt rather than read."""
    return unused > max(8, compared // 4)


def index_to_rewrite(missing: int, held: int) -> bool:
    """True when the compared sources a corpus-level entry of ``held`` sources lacks (``missing``)
    are enough to rewrite it with them, rather than add them in memory at each run."""
    return missing * INDEX_REWRITE_SHARE >= held


def text_digest(text: str) -> str:
    """SHA-256 of a text, to put in a key instead of the text (encoding a whole article into
    every key of every source cost a tenth of a warm ``diffsrc check``)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the diffsrc package's files (code and resources), computed once per process."""
    root = Path(__file__).resolve().parent.parent
    h = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if "__pycache__" in path.parts or not path.is_file() or path.suffix in (".pyc", ".pyo"):
            continue
        h.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        try:
            h.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError:
            h.update(b"unreadable")
    return h.hexdigest()


# --------------------------------------------------------------------------- record codec


def to_jsonable(obj: Any) -> Any:
    """A JSON-serialisable form of a (nested) frozen dataclass record from diffsrc.model: records
    as objects of their fields, sets sorted (used in cache keys and JSON summaries)."""
    kind = type(obj)
    if obj is None or kind in _SCALARS:
        return obj
    if hasattr(kind, "__dataclass_fields__"):
        names = _FIELDS.get(kind)
        if names is None:
            names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(kind))
        return {name: to_jsonable(getattr(obj, name)) for name in names}
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, (set, frozenset)):
        return sorted((to_jsonable(v) for v in obj), key=_canonical)
    if isinstance(obj, Mapping):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (str, int, float)):  # subclasses
        return obj
    raise TypeError(f"cannot store {kind.__name__} in the cache")


_SCALARS = (str, int, float, bool)
_FIELDS: dict[type, tuple[str, ...]] = {}


def _encode(value: Any) -> bytes:
    # Records as objects of their fields in field order, dicts in their own order (a report shows
    # signals and counts in it, so a warm run must get back the order a cold run made).
    return _encoder().encode(value)


@cache
def _encoder() -> Any:
    import msgspec

    return msgspec.json.Encoder()


@cache
def _decoder(tp: Any) -> Any:
    """A msgspec JSON decoder that checks and converts to ``tp`` (built once per type)."""
    import msgspec

    return msgspec.json.Decoder(tp)


# --------------------------------------------------------------------------- the run's cache

_ACTIVE: list[Cache] = []


def active() -> Cache:
    """The cache of the analysis running now (``Cache(None)``, disabled, outside one).

    Lets per-source helpers deep in a stage (detector statistics, name lists) reuse their
    results across runs without threading a cache through every signature.
    """
    return _ACTIVE[-1] if _ACTIVE else _DISABLED


_DISABLED = Cache(None)


@contextmanager
def activated(cache: Cache) -> Iterator[Cache]:
    """Make ``cache`` the one ``active()`` returns while the block runs."""
    _ACTIVE.append(cache)
    try:
        yield cache
    finally:
        _ACTIVE.pop()
