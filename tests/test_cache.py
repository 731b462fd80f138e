"""Tests of diffsrc.io.cache: round trips, keys, corrupted and foreign files, concurrent writers."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
from pathlib import Path

import pytest

from diffsrc import __version__
from diffsrc.io.cache import Cache
from diffsrc.model import Alignment, Finding, Span


@pytest.mark.parametrize(
    "value",
    [
        {"score": 0.8125, "pairs": [[0, 1, 0.5], [2, 3, 0.25]]},
        [1, 2.5, "deux", None, True],
        "Élysée — « quote »",
        0,
        {"nested": {"empty": [], "zero": 0.0}},
        {"zebra": 1, "apple": {"y": 2, "b": 3}},  # key order is kept, not sorted
    ],
)
def test_round_trip(tmp_path: Path, value: object) -> None:
    cache = Cache(tmp_path / "c")
    key = Cache.key("source", "abc123")
    assert cache.get("ns", key) is None
    cache.put("ns", key, value)
    got = cache.get("ns", key)
    assert got == value and json.dumps(got) == json.dumps(value)
    assert Cache(tmp_path / "c").get("ns", key) == value  # another run reads it
    assert (cache.stats.hits, cache.stats.misses, cache.stats.writes) == (1, 1, 1)


def test_disabled_cache_stores_nothing(tmp_path: Path) -> None:
    cache = Cache(None)
    key = Cache.key("x")
    cache.put("ns", key, 1)
    assert cache.get("ns", key) is None
    assert not cache.enabled
    assert list(tmp_path.iterdir()) == []


def test_keys_depend_on_every_part_and_order() -> None:
    keys = {
        Cache.key("a", "b"),
        Cache.key("b", "a"),
        Cache.key("a", "b", {"threshold": 0.4}),
        Cache.key("a", "b", {"threshold": 0.5}),
        Cache.key("ab"),
    }
    assert len(keys) == 5
    assert Cache.key({"y": 1, "x": 2}) == Cache.key({"x": 2, "y": 1})


def test_namespaces_are_separate(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    key = Cache.key("same")
    cache.put("pairs", key, 1)
    cache.put("sources", key, 2)
    assert (cache.get("pairs", key), cache.get("sources", key)) == (1, 2)


@pytest.mark.parametrize(
    "namespace, key",
    [("../escape", "a" * 64), ("ns", "../../etc/passwd"), ("ns", "A" * 64), ("", "a" * 64)],
)
def test_unsafe_names_are_refused(tmp_path: Path, namespace: str, key: str) -> None:
    with pytest.raises(ValueError):
        Cache(tmp_path).get(namespace, key)


def _record(
    key: str, *, diffsrc: str = __version__, namespace: str = "ns", value: object = None,
    digest_of: str | None = None, extra: str = "",
) -> bytes:
    """A cache file as Cache.put lays it out, with parts replaced."""
    value = {"n": 1} if value is None else value
    body = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    digest = hashlib.sha256((body if digest_of is None else digest_of).encode()).hexdigest()
    return (
        f'{{"diffsrc":{json.dumps(diffsrc)},"namespace":{json.dumps(namespace)},"key":"{key}",'
        f'"sha256":"{digest}","value":{body}{extra}}}'
    ).encode()


CORRUPTIONS = {
    "truncated": lambda good, key: good[: len(good) // 2],
    "empty": lambda good, key: b"",
    "binary garbage": lambda good, key: bytes(range(256)) * 4,
    "foreign json": lambda good, key: b'{"name": "some other tool", "data": [1, 2, 3]}',
    "json list": lambda good, key: b"[1, 2, 3]",
    "wrong key": lambda good, key: _record("f" * 64),
    "other version": lambda good, key: _record(key, diffsrc="0.0.0-other"),
    "other namespace": lambda good, key: _record(key, namespace="other"),
    "edited value": lambda good, key: _record(key, value={"n": 2}, digest_of='{"n":1}'),
    "extra field": lambda good, key: _record(key, extra=',"trusted":true'),
    "reformatted": lambda good, key: json.dumps(json.loads(good), indent=2).encode(),
    "bad json value": lambda good, key: _record(key, value="x", digest_of='"x"').replace(b'"x"}', b'"x}'),
}


@pytest.mark.parametrize("kind", sorted(CORRUPTIONS))
def test_corrupted_or_foreign_files_are_ignored_then_rebuilt(tmp_path: Path, kind: str) -> None:
    cache = Cache(tmp_path)
    key = Cache.key("doc", kind)
    assert cache.get("ns", key) is None
    path = cache.path("ns", key)
    path.parent.mkdir(parents=True)
    path.write_bytes(_record(key))
    assert cache.get("ns", key) == {"n": 1}  # the hand-made good record is accepted
    path.write_bytes(CORRUPTIONS[kind](path.read_bytes(), key))
    assert cache.get("ns", key) is None
    assert cache.stats.rejected == 1
    cache.put("ns", key, {"n": 3})
    assert cache.get("ns", key) == {"n": 3}


BINARY_CORRUPTIONS = {
    "truncated": lambda good: good[: len(good) - 3],
    "empty": lambda good: b"",
    "edited body": lambda good: good[:-1] + bytes([good[-1] ^ 1]),
    "no header": lambda good: good[good.index(b"\n") + 1 :],
    "other version": lambda good: good.replace(__version__.encode(), b"0.0.0-other", 1),
    "other namespace": lambda good: good.replace(b'"namespace":"ns"', b'"namespace":"xx"', 1),
    "json record": lambda good: _record(Cache.key("bin")),
}


@pytest.mark.parametrize("kind", sorted(BINARY_CORRUPTIONS))
def test_binary_entries_round_trip_and_reject_damage(tmp_path: Path, kind: str) -> None:
    cache = Cache(tmp_path)
    key = Cache.key("bin")
    body = bytes(range(256)) + b"\n\x00 body"
    assert cache.get_bytes("ns", key) is None
    cache.put_bytes("ns", key, body)
    assert cache.get_bytes("ns", key) == body
    assert cache.get("ns", key) is None  # binary and JSON values are separate entries
    path = cache.path("ns", key).with_suffix(".bin")
    path.write_bytes(BINARY_CORRUPTIONS[kind](path.read_bytes()))
    assert cache.get_bytes("ns", key) is None and cache.stats.rejected == 1
    cache.put_bytes("ns", key, b"again")
    assert cache.get_bytes("ns", key) == b"again"
    assert Cache(None).get_bytes("ns", key) is None


def test_root_is_tagged_and_ignored_by_git(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    cache.put("ns", Cache.key(1), 1)
    assert (tmp_path / "cache" / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert (tmp_path / "cache" / ".gitignore").read_text().splitlines()[-1] == "*"


def test_unwritable_cache_is_not_fatal(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cache = Cache(blocker / "cache")  # cannot create a folder under a file
    key = Cache.key(1)
    cache.put("ns", key, 1)
    cache.put_bytes("ns", key, b"1")
    assert cache.get("ns", key) is None and cache.get_bytes("ns", key) is None
    assert cache.stats.write_errors == 2


def _writer(args: tuple[str, int]) -> int:
    root, worker = args
    cache = Cache(root)
    bad = 0
    for round_ in range(60):
        for i in range(10):
            key = Cache.key("shared", i)
            value = {"i": i, "payload": [i] * 200}
            cache.put("ns", key, value)
            got = cache.get("ns", key)
            if got is not None and got != value:
                bad += 1
        del round_
    return bad + cache.stats.rejected


def test_concurrent_writers_never_leave_partial_files(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    with ctx.Pool(4) as pool:
        results = pool.map(_writer, [(str(tmp_path), w) for w in range(4)])
    assert results == [0, 0, 0, 0]
    cache = Cache(tmp_path)
    for i in range(10):
        assert cache.get("ns", Cache.key("shared", i)) == {"i": i, "payload": [i] * 200}
    assert list(tmp_path.rglob("*.tmp")) == []


def _records() -> list[object]:
    from diffsrc.model import (
        Alignment,
        Claim,
        Evidence,
        Fact,
        Finding,
        IngestIssue,
        Paragraph,
        ParaRef,
        Sentence,
        Source,
        SourceMeta,
    )

    text = "Le maire a inauguré le pont mardi.\nThe mayor opened the bridge on Tuesday."
    source = Source(
        "s1", "corpus/s1.txt", text, "ab" * 32, "fr", "utf-8", "text",
        (Paragraph(0, 0, 34, "fr", "body", (Sentence(0, 0, 34),)), Paragraph(1, 35, len(text), "en", "body")),
        SourceMeta(outlet="Gazette", relations={"machine_translation_of": "wire"}),
        (IngestIssue("mixed-language", "paragraph 2 is in 'en'", 35, len(text)),),
    )
    finding = Finding("s1", 3, 8, "maire", "DS601", "false_friend", "high", "m", "mayor",
                      (Evidence("quote", "s2", 0, 4, "Mayor"), Evidence("lexicon")), 0.75, "false-friends")
    claim = Claim("s1", 0, 28, 33, "mardi", "weekday", "tuesday", "day", "fr")
    return [
        source, finding, Fact("contradiction", "day", (claim, claim), "weekday mismatch", 0.9, "msg"),
        Alignment(ParaRef("s1", 0), ParaRef("s2", 1), 0.8125, "same", {"names": 0.5}, ("pont",)),
    ]


@pytest.mark.parametrize("record", _records(), ids=lambda r: type(r).__name__)
def test_model_records_round_trip_through_the_cache(tmp_path: Path, record: object) -> None:
    cache = Cache(tmp_path)
    key = Cache.key(type(record).__name__)
    cache.put("records", key, record)
    got = Cache(tmp_path).get("records", key, type(record))
    assert got == record and type(got) is type(record)
    stored = json.loads(cache.path("records", key).read_bytes())["value"]
    assert isinstance(stored, dict) and list(stored) == list(vars(record))  # an object of its fields, in order


def _put_raw(tmp_path: Path, value: object) -> tuple[Cache, str]:
    """A cache holding ``value`` (plain JSON data, as other code or a hand edit could leave it)."""
    cache = Cache(tmp_path)
    key = Cache.key("raw", json.dumps(value, sort_keys=True))
    cache.put("records", key, value)
    return cache, key


def _alignment(**change: object) -> dict[str, object]:
    data: dict[str, object] = {"a": {"source": "s", "paragraph": 0}, "b": {"source": "t", "paragraph": 1}, "score": 0.5,
                               "strength": "same", "signals": {"names": 0.5}, "shared": ["x"]}
    data.update(change)
    return data


@pytest.mark.parametrize(
    ("tp", "data"),
    [
        (Finding, {"source": "s", "start": "0"}),  # wrong type, missing fields
        (Finding, {"source": "s", "start": 0, "end": 1, "text": "x", "code": "C", "category": "c", "severity": "fatal",
                     "message": "m"}),  # not a severity
        (Finding, [1, 2]),  # not an object
        (Alignment, _alignment(a={"source": 1, "paragraph": 0})),
        (Alignment, _alignment(a={"source": "s", "paragraph": True})),  # a bool is not an int
        (Alignment, _alignment(a={"source": "s"})),
        (Alignment, _alignment(score="high")),
        (Alignment, _alignment(strength="close")),
        (Alignment, _alignment(signals={"x": "1"})),
        (Alignment, _alignment(shared=[1])),
        (Span, {"start": 5, "end": 2}),  # a record that checks itself is built by its __init__
        (tuple[int, int], [1, True]),
        (tuple[int, int], [1, 2, 3]),
        (tuple[str, ...], ["a", None]),
        (float, "1"),
        (str, 1),
    ],
)
def test_values_that_do_not_fit_the_type_asked_for_are_rejected(tmp_path: Path, tp: object, data: object) -> None:
    cache, key = _put_raw(tmp_path, data)
    assert cache.get("records", key, tp) is None
    assert (cache.stats.rejected, cache.stats.misses) == (1, 1)
    assert cache.get("records", key) == data  # the bytes are intact: only the shape is wrong


@pytest.mark.parametrize(
    ("tp", "data", "expected"),
    [
        (float, 3, 3.0),  # an int stored for a float field comes back as a float
        (float | None, 3, 3.0),
        (str | None, None, None),
        (tuple[float, ...], [1, 2.5], (1.0, 2.5)),
        (tuple[str, ...], ["a", "b"], ("a", "b")),
        (frozenset[str], ["b", "a"], frozenset({"a", "b"})),
        (list[int | None], [1, None], [1, None]),
        (tuple[int, float], [1, 2], (1, 2.0)),
        (tuple[str, int | None], ["a", None], ("a", None)),
    ],
)
def test_values_are_converted_like_the_type_says(tmp_path: Path, tp: object, data: object, expected: object) -> None:
    cache, key = _put_raw(tmp_path, data)
    got = cache.get("records", key, tp)
    assert got == expected and type(got) is type(expected)
    if isinstance(expected, (tuple, list)):
        assert [type(v) for v in got] == [type(v) for v in expected]


def test_records_convert_their_fields_and_ignore_field_order(tmp_path: Path) -> None:
    data = _alignment(score=1, signals={"names": 2})
    for value in (data, dict(reversed(list(data.items())))):
        cache, key = _put_raw(tmp_path / str(len(str(value))), value)
        got = cache.get("records", key, Alignment)
        assert type(got.score) is float and got.score == 1.0 and type(got.signals["names"]) is float
        assert got.a.source == "s" and got.shared == ("x",)


def test_sets_are_stored_as_lists_and_come_back_as_sets(tmp_path: Path) -> None:
    from dataclasses import dataclass

    from diffsrc.io.cache import to_jsonable

    @dataclass(frozen=True)
    class WithSets:
        names: frozenset[str]

    value = WithSets(frozenset({"b", "a", "c"}))
    assert to_jsonable(value) == {"names": ["a", "b", "c"]}  # sorted where keys are made
    cache = Cache(tmp_path)
    key = Cache.key("sets")
    cache.put("records", key, value)
    assert cache.get("records", key, WithSets) == value
    assert sorted(cache.get("records", key)["names"]) == ["a", "b", "c"]


def test_text_that_cannot_be_encoded_is_skipped_not_fatal(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    key = Cache.key("surrogate")
    cache.put("records", key, {"text": "a\udc80b"})  # a lone surrogate has no UTF-8 form
    assert cache.stats.write_errors == 1 and cache.get("records", key) is None
