"""A content-addressed, on-disk cache of analysis results (safe to delete at any time).

Layout: ``ROOT/<namespace>/<key[:2]>/<key>.json``; each file is one JSON object::

    {"diffsrc": VERSION, "namespace": NS, "key": KEY, "sha256": DIGEST, "value": VALUE}

where ``DIGEST`` is the SHA-256 of ``VALUE`` serialised canonically. A file is only trusted
when it parses, its version, namespace and key match the request and the digest matches the
value; anything else (truncated, foreign, edited, binary garbage, from another diffsrc version)
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
import itertools
import json
import math
import operator
import os
import re
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Literal, Union

from diffsrc import __version__
from diffsrc.io import replace_atomically

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

    def get(self, namespace: str, key: str) -> Any | None:
        """The stored value, or None when absent, disabled or not trustworthy."""
        raw = self._read(namespace, key, ".json")
        return None if raw is None else self._accept(_validate(raw, namespace, key))

    def put(self, namespace: str, key: str, value: Any) -> None:
        """Store a JSON-serialisable value; a cache that cannot be written is skipped, not fatal."""
        if self.root is None:
            return
        path = self.path(namespace, key)
        try:
            # Keys as the value has them (records in field order): sorting is only for keys.
            body = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
        except UnicodeEncodeError:
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


def _validate(raw: bytes, namespace: str, key: str) -> Any:
    # The layout is fixed (see the module docstring), so a file is checked byte for byte: its
    # header must name this version, namespace and key, and the value's bytes must hash to the
    # recorded digest; only then is the value parsed.
    head = _header(namespace, key)
    if not raw.startswith(head) or not raw.endswith(b"}"):
        return _INVALID
    digest = raw[len(head) : len(head) + 64]
    rest = len(head) + 64
    if raw[rest : rest + len(_MIDDLE)] != _MIDDLE:
        return _INVALID
    body = raw[rest + len(_MIDDLE) : -1]
    if hashlib.sha256(body).hexdigest().encode("ascii") != digest:
        return _INVALID
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
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


def text_digest(text: str) -> str:
    """SHA-256 of a text, to put in a key instead of the text (encoding a whole article into
    every key of every source cost a tenth of a warm ``diffsrc check``)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the diffsrc package's files (code and resources), computed once per process."""
    root = Path(__file__).resolve().parent
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
    """A JSON-serialisable form of a (nested) frozen dataclass record from diffsrc.model."""
    return _encode(obj, False)


def to_rows(obj: Any) -> Any:
    """The compact form the cache stores: like ``to_jsonable``, but each record is the list of its
    field values in field order, not an object of named fields.

    ``from_jsonable`` reads both forms. Rows take about 40% fewer bytes and parse in about half
    the time (a corpus' claims: 3.7 MB -> 2.3 MB, 0.056 s -> 0.030 s); the field order is safe to
    rely on because every cache key holds a fingerprint of the diffsrc code (``Cache.key``), so a
    record changed since is never read.
    """
    return _encode(obj, True)


def _encode(obj: Any, rows: bool) -> Any:
    kind = type(obj)
    if obj is None or kind in _SCALARS:
        return obj
    if hasattr(kind, "__dataclass_fields__"):
        names = _FIELDS.get(kind)
        if names is None:
            names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(kind))
        if rows:
            return [_encode(getattr(obj, name), True) for name in names]
        return {name: _encode(getattr(obj, name), False) for name in names}
    if kind in (list, tuple):
        return [_encode(v, rows) for v in obj]
    if isinstance(obj, (set, frozenset)):
        return sorted((_encode(v, rows) for v in obj), key=_canonical)
    if isinstance(obj, Mapping):
        return {str(k): _encode(v, rows) for k, v in obj.items()}
    if isinstance(obj, (str, int, float, list, tuple)):  # subclasses
        return [_encode(v, rows) for v in obj] if isinstance(obj, (list, tuple)) else obj
    raise TypeError(f"cannot store {kind.__name__} in the cache")


_SCALARS = (str, int, float, bool)
_FIELDS: dict[type, tuple[str, ...]] = {}


def from_jsonable(cls: Any, data: Any) -> Any:
    """Rebuild a record of type ``cls`` from ``to_jsonable`` or ``to_rows`` output; ValueError when
    it does not fit.

    Type-checks every field against the dataclass annotations, so a cached value written by
    other code (or edited by hand) is rejected rather than turned into a malformed record.
    """
    return _decoder(cls)(data)


Decoder = Callable[[Any], Any]


@cache
def _decoder(tp: Any) -> Decoder:
    """A function that checks and converts JSON data to type ``tp`` (built once per type)."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if tp is Any or tp is object:
        return _identity
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _dataclass_decoder(tp)
    if origin in (Union, types.UnionType):
        return _union_decoder(tuple(_decoder(a) for a in args))
    if origin is Literal:
        allowed = frozenset(args)

        def literal(data: Any) -> Any:
            if isinstance(data, (dict, list)) or data not in allowed:
                raise ValueError(f"{data!r} is not one of {sorted(map(str, allowed))}")
            return data

        return literal
    if origin is tuple or tp is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return _sequence_decoder(tuple, args[0])
        items = tuple(_decoder(a) for a in args)
        plain = _signatures([_passthrough(a) for a in args])

        def fixed(data: Any) -> Any:
            values = _list(data)
            if items and len(values) != len(items):
                raise ValueError(f"expected {len(items)} items")
            if plain and tuple(map(type, values)) in plain:
                return tuple(values)
            return tuple(d(v) for d, v in zip(items, values, strict=True)) if items else tuple(values)

        return fixed
    if origin in (list, frozenset, set):
        return _sequence_decoder(origin, args[0] if args else Any)
    if tp in (list, frozenset, set):
        return lambda data: tp(_list(data))
    if origin in (dict, Mapping) or tp is dict:
        value = _decoder(args[1] if len(args) == 2 else Any)
        return lambda data: {str(k): value(v) for k, v in _dict(data).items()}
    if tp is type(None):
        return _none
    if tp is float:
        return _float
    if tp in (str, int, bool):
        return _primitive(tp)
    raise ValueError(f"cannot decode type {tp!r}")


def _passthrough(tp: Any) -> frozenset[type]:
    """Exact JSON value types that decoding to ``tp`` returns unchanged (a fast path).

    For a union only a leading run of primitive alternatives counts: a value goes to the first
    alternative that accepts it. ``float`` accepts (and converts) an ``int``, so with both in a
    union an ``int`` takes the slow path (equal unions in another order share one decoder).
    """
    if tp is Any or tp is object:
        return frozenset()  # any value passes, but unchanged containers need no fast path
    alternatives = typing.get_args(tp) if typing.get_origin(tp) in (Union, types.UnionType) else (tp,)
    out: set[type] = set()
    for alt in alternatives:
        if alt not in (str, bool, int, float, type(None)):
            break
        out.add(alt)
    if float in alternatives:
        out.discard(int)
    return frozenset(out)


def _signatures(choices: list[frozenset[type]], limit: int = 256) -> frozenset[tuple[type, ...]]:
    """Every tuple of value types that ``choices`` (the types each position passes through
    unchanged) accept, so that values are checked in one step; empty when a position accepts
    none (it needs its decoder) or the combinations are too many to list."""
    if not choices or not all(choices) or math.prod(map(len, choices)) > limit:
        return frozenset()
    return frozenset(itertools.product(*choices))


def _sequence_decoder(build: Any, item_type: Any) -> Decoder:
    item = _decoder(item_type)
    fast = _passthrough(item_type)

    def sequence(data: Any) -> Any:
        values = _list(data)
        if fast and set(map(type, values)) <= fast:
            return build(values)
        return build(item(v) for v in values)

    return sequence


def _dataclass_decoder(tp: type) -> Decoder:
    hints = typing.get_type_hints(tp)
    fields = [f.name for f in dataclasses.fields(tp) if f.init]
    # A plain frozen record (every field given, no __post_init__) is filled in directly: its
    # __init__ would only set the attributes that the checks below already typed.
    direct = (
        not hasattr(tp, "__post_init__") and getattr(tp, "__slots__", None) is None
        and all(f.init for f in dataclasses.fields(tp))
    )
    names = frozenset(fields)
    order = tuple(fields)
    # name -> (types passed through unchanged, decoder); filled lazily: records may refer to themselves
    plan: dict[str, tuple[frozenset[type], Decoder]] = {}
    # The fast paths, for values as to_jsonable and to_rows write them (every field, in field
    # order): the scalar fields' types checked in one step, the others (records, containers)
    # decoded. Set by prepare(), one for objects and one for rows: (getter of the scalar values
    # or None, their accepted type tuples, (name or position, name, decoder) of the other fields);
    # None when the record has no fast path.
    quick: _Quick | None = None
    quick_row: _Quick | None = None

    def prepare() -> None:
        nonlocal quick, quick_row
        plan.update({name: (_passthrough(hints[name]), _decoder(hints[name])) for name in fields})
        scalars = [name for name in fields if plan[name][0]]
        sigs = _signatures([plan[name][0] for name in scalars])
        if direct and (sigs or not scalars):
            others = [(i, name, plan[name][1]) for i, name in enumerate(order) if name not in scalars]
            quick = (_getter(scalars), sigs, [(name, name, slow) for _, name, slow in others])
            quick_row = (_getter([order.index(name) for name in scalars]), sigs, others)

    def on_fast_path(data: Any, values: Iterable[tuple[str, Any]] | dict[str, Any], path: _Quick) -> Any | None:
        """The record from ``data`` (its field values are ``values``) on a fast path, or None
        when a scalar field's type is not one that passes unchanged."""
        getter, sigs, nested = path
        if getter is not None and tuple(map(type, getter(data))) not in sigs:
            return None
        made: Any = object.__new__(tp)
        made.__dict__.update(values)
        for at, name, slow in nested:
            try:
                made.__dict__[name] = slow(data[at])
            except ValueError as exc:
                raise ValueError(f"{tp.__name__}.{name}: {exc}") from None
        return made

    def decode(data: Any) -> Any:
        if not plan:
            prepare()
        if type(data) is list:
            if len(data) != len(order):
                raise ValueError(f"{tp.__name__}: expected {len(order)} fields, got {len(data)}")
            if quick_row is not None:
                made = on_fast_path(data, zip(order, data, strict=True), quick_row)
                if made is not None:
                    return made
            data = dict(zip(order, data, strict=True))
        elif quick is not None and type(data) is dict and tuple(data) == order:
            made = on_fast_path(data, data, quick)
            if made is not None:
                return made
        obj = _dict(data)
        if not obj.keys() <= names:
            raise ValueError(f"{tp.__name__}: unexpected fields {sorted(set(obj) - names)}")
        kwargs = {}
        for k, v in obj.items():
            fast, slow = plan[k]
            if type(v) in fast:
                kwargs[k] = v
                continue
            try:
                kwargs[k] = slow(v)
            except ValueError as exc:
                raise ValueError(f"{tp.__name__}.{k}: {exc}") from None
        if direct and len(kwargs) == len(fields):
            record: Any = object.__new__(tp)
            record.__dict__.update(kwargs)
            return record
        try:
            return tp(**kwargs)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{tp.__name__}: {exc}") from None

    return decode


# A record decoder's fast path: (getter of the scalar values, their accepted type tuples,
# (key or position, field name, decoder) of the other fields).
_Quick = tuple[Callable[[Any], tuple[Any, ...]] | None, frozenset[tuple[type, ...]], list[tuple[Any, str, Decoder]]]


def _getter(keys: list[Any]) -> Callable[[Any], tuple[Any, ...]] | None:
    """A function giving the values at ``keys`` of a dict or list as a tuple (None for no keys)."""
    if len(keys) > 1:
        return operator.itemgetter(*keys)
    if keys:
        only = keys[0]
        return lambda data: (data[only],)
    return None


def _union_decoder(alternatives: tuple[Decoder, ...]) -> Decoder:
    def union(data: Any) -> Any:
        errors = []
        for alt in alternatives:
            try:
                return alt(data)
            except ValueError as exc:
                errors.append(str(exc))
        raise ValueError(f"no alternative fits ({'; '.join(errors)})")

    return union


def _identity(data: Any) -> Any:
    return data


def _list(data: Any) -> list[Any]:
    if not isinstance(data, list):
        raise ValueError("expected a list")
    return data


def _dict(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ValueError("expected an object")
    return data


def _none(data: Any) -> None:
    if data is not None:
        raise ValueError("expected null")


def _float(data: Any) -> float:
    if isinstance(data, bool) or not isinstance(data, (int, float)):
        raise ValueError("expected a number")
    return float(data)


def _primitive(tp: type) -> Decoder:
    def primitive(data: Any) -> Any:
        if not isinstance(data, tp) or (tp is int and isinstance(data, bool)):
            raise ValueError(f"expected {tp.__name__}")
        return data

    return primitive


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
