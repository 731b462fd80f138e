"""The corpus index as bytes and back: ``diffsrc check`` keeps the index of an unchanged corpus
in its cache instead of rebuilding it from every source."""

from __future__ import annotations

from typing import Any

from diffsrc.analysis.align.index import SIGNAL_NAMES, CorpusIndex

_ARRAYS = (
    "offset", "n_paras", "para_index", "name_ptr", "name_gid", "kind_weight", "kind_code", "post_ptr", "post_row",
    "post_src", "post_df", "src_ptr", "src_src", "src_df",
)  # fmt: skip


def corpus_to_bytes(corpus: CorpusIndex) -> bytes | None:
    """The index as an ``.npz`` archive (numbers, and strings as NUL-separated UTF-8), or None when
    a string holds a NUL and cannot be stored that way."""
    import io

    import numpy as np

    # Each source has its own table of written forms; across a corpus about one event they are
    # mostly the same few thousand strings (3,000 of 108,000 for 200 sources): stored once each.
    number: dict[str, int] = {}
    renumber = np.fromiter(
        (number.setdefault(x, len(number)) for x in corpus.shown_table.tolist()), dtype=np.int64, count=len(corpus.shown_table),
    )
    texts = {"vocab": corpus.vocab, "shown": list(number), "labels": corpus.labels}
    if any("\0" in x for strings in texts.values() for x in strings):
        return None
    arrays: dict[str, Any] = {name: getattr(corpus, name) for name in _ARRAYS}
    arrays["post_shown"] = renumber[corpus.post_shown]
    arrays.update((name, np.frombuffer("\0".join(strings).encode("utf-8"), dtype=np.uint8)) for name, strings in texts.items())
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return buf.getvalue()


def corpus_from_bytes(data: bytes) -> CorpusIndex | None:
    """The index ``corpus_to_bytes`` stored, or None when the bytes are not such an index.

    Checks every array's type and every id against the sizes it indexes, so that a damaged or
    crafted entry is rejected instead of failing (or misleading) the scoring."""
    import io
    import zipfile

    import numpy as np

    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            got = {name: npz[name] for name in (*_ARRAYS, "post_shown", "vocab", "shown", "labels")}
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        return None
    try:
        vocab, shown, labels = (got.pop(k).tobytes().decode("utf-8").split("\0") for k in ("vocab", "shown", "labels"))
    except UnicodeDecodeError:
        return None
    if labels == [""]:
        labels = []
    a = got
    floats = ("kind_weight", "post_df", "src_df")
    if any(a[k].ndim != 1 or a[k].dtype != (np.float32 if k in floats else np.int64) for k in (*_ARRAYS, "post_shown")):
        return None
    n_src, n_rows, size = len(a["n_paras"]), int(a["n_paras"].sum()), len(a["kind_weight"])

    def ptr_ok(ptr: np.ndarray, n: int, total: int) -> bool:
        return len(ptr) == n + 1 and int(ptr[0]) == 0 and int(ptr[-1]) == total and bool(np.all(np.diff(ptr) >= 0))

    def ids_ok(ids: np.ndarray, bound: int) -> bool:
        return not len(ids) or (int(ids.min()) >= 0 and int(ids.max()) < bound)

    checks = (
        len(a["offset"]) == n_src and bool(np.all(a["n_paras"] >= 0))
        and bool(np.array_equal(a["offset"], np.cumsum(a["n_paras"]) - a["n_paras"]))
        and len(a["para_index"]) == n_rows and ptr_ok(a["name_ptr"], n_rows, len(a["name_gid"]))
        and ids_ok(a["name_gid"], len(vocab)) and len(a["kind_code"]) == size and size <= len(vocab)
        and ids_ok(a["kind_code"], len(SIGNAL_NAMES))
        and ptr_ok(a["post_ptr"], size, len(a["post_row"]))
        and all(len(a[k]) == len(a["post_row"]) for k in ("post_src", "post_df", "post_shown"))
        and ids_ok(a["post_row"], n_rows) and ids_ok(a["post_src"], n_src) and ids_ok(a["post_shown"], len(shown))
        and ptr_ok(a["src_ptr"], size, len(a["src_src"])) and len(a["src_df"]) == len(a["src_src"])
        and ids_ok(a["src_src"], n_src) and len(labels) in (0, n_src)
    )
    if not checks:
        return None
    return CorpusIndex(
        vocab=vocab, post_shown=a.pop("post_shown"), shown_table=np.asarray(shown, dtype=object),
        kind_code=a.pop("kind_code").astype(np.intp), labels=labels, **a,
    )

