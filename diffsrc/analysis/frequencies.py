"""Word frequencies on the Zipf scale, from wordfreq's English and French tables.

wordfreq supplies the numbers. Importing it costs about 0.3 s (its tokenizer compiles large
Unicode expressions) and building its lookup table about 0.2 s per language, which was a fifth
of a whole ``diffsrc compare``. This module reads the same ``large_en`` / ``large_fr`` files and
gives exactly what ``wordfreq.zipf_frequency(word, lang)`` gives for the words diffsrc asks
about: Latin-script words, alone, joined by hyphens or with inner apostrophes ("trump's",
"l'heure", "aujourd\u2019hui"). Anything else (digits, other scripts) is passed to wordfreq.
``tests/test_frequencies.py`` checks the equality.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import math
import re
import sys
import unicodedata
from array import array
from bisect import bisect_left
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Protocol

from diffsrc.io import usercache

# Latin letters (no × ÷), as NFC code points; other scripts may be split by wordfreq's tokenizer.
_LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
# Letters, then hyphen- or apostrophe-joined letter runs: the shapes this module answers itself.
_SIMPLE = re.compile(rf"[{_LATIN}]+(?:[-'\u2019][{_LATIN}]+)*")
# wordfreq's tokenizer splits a 1-2 letter elision ("l'", "qu'") before a vowel or "h", but only
# with a straight apostrophe: "l\u2019heure" stays one token.
_ELISION = re.compile(r"[^\W\d_]{1,2}'(?=[aehiouyáéíóúàèìòùâêîôûåïöœ])")


class Lookup(Protocol):
    """Word -> wordfreq bucket (centibels below a frequency of 1)."""

    def get(self, word: str, /) -> int | None: ...


class SortedIndex:
    """A word -> bucket table stored as one sorted blob, read in milliseconds and searched by
    bisection; building a dict of the 300,000 words of a language takes 0.15 s every run.

    Layout: ``MAGIC``, the word count n, n + 1 word offsets (uint32), n buckets (uint16), then
    the UTF-8 words in byte order, all in the machine's byte order (the file is a local cache).
    """

    MAGIC = b"diffsrc-zipf/1 " + sys.byteorder.encode("ascii")[:1]
    FENCE = 32

    def __init__(self, data: bytes) -> None:
        head = len(self.MAGIC) + 4
        if data[: len(self.MAGIC)] != self.MAGIC or len(data) < head:
            raise ValueError("not a diffsrc word-frequency index")
        n = int.from_bytes(data[len(self.MAGIC) : head], sys.byteorder)
        self.offsets = array("I")
        self.offsets.frombytes(data[head : head + 4 * (n + 1)])
        self.buckets = array("H")
        self.buckets.frombytes(data[head + 4 * (n + 1) : head + 4 * (n + 1) + 2 * n])
        self.blob = data[head + 4 * (n + 1) + 2 * n :]
        if len(self.offsets) != n + 1 or len(self.buckets) != n or (n and self.offsets[n] != len(self.blob)):
            raise ValueError("truncated diffsrc word-frequency index")
        self.n = n
        # Every FENCE-th word in a list: bisecting it runs in C and leaves a few steps through
        # the blob, each a Python call.
        self.fence = [self[i] for i in range(0, n, self.FENCE)]

    @classmethod
    def encode(cls, table: dict[str, int]) -> bytes:
        """The index of ``table`` as bytes."""
        # Code-point order is the order of the UTF-8 bytes (lone surrogates included, with
        # surrogatepass), so sorting the strings sorts the blob.
        words = sorted(table)
        encoded = [w.encode("utf-8", "surrogatepass") for w in words]
        offsets = array("I", [0])
        offsets.extend(accumulate(map(len, encoded)))
        buckets = array("H", map(table.__getitem__, words))
        count = len(words).to_bytes(4, sys.byteorder)
        return cls.MAGIC + count + offsets.tobytes() + buckets.tobytes() + b"".join(encoded)

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i: int) -> bytes:
        return self.blob[self.offsets[i] : self.offsets[i + 1]]

    def get(self, word: str, /) -> int | None:
        """The bucket of ``word``, or None."""
        key = word.encode("utf-8", "surrogatepass")
        block = bisect_left(self.fence, key)  # fence[block - 1] < key <= fence[block]
        lo = max(block - 1, 0) * self.FENCE
        i = bisect_left(self, key, lo, min(lo + self.FENCE + 1, self.n))
        return self.buckets[i] if i < self.n and self[i] == key else None


def _data_file(lang: str) -> Path | None:
    spec = importlib.util.find_spec("wordfreq")  # locates the package without importing it
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "data" / f"large_{lang}.msgpack.gz"


def _decode(packed: bytes) -> dict[str, int] | None:
    """wordfreq's gzipped cBpack as word -> bucket, or None when it is not one."""
    try:
        import msgpack

        pack = msgpack.unpackb(gzip.decompress(packed), raw=False, use_list=False)
    except (OSError, ValueError, EOFError, ImportError):
        return None
    if not pack or not isinstance(pack[0], dict) or pack[0].get("format") != "cB" or pack[0].get("version") != 1:
        return None
    table: dict[str, int] = {}
    for bucket_index, bucket in enumerate(pack[1:]):
        # Later (rarer) buckets win for a repeated word, as in wordfreq's own table.
        table.update(dict.fromkeys(bucket, bucket_index))
    return table


@lru_cache(maxsize=4)
def _table(lang: str) -> Lookup | None:
    """wordfreq's ``large_{lang}`` list, from the user cache's index when it is there."""
    path = _data_file(lang)
    try:
        packed = path.read_bytes() if path is not None else None
    except OSError:
        packed = None
    if packed is None:
        return None
    return usercache.remembered(
        "wordfreq", f"{lang}-{hashlib.sha256(packed).hexdigest()[:20]}.zipf", SortedIndex, lambda: _decode(packed),
        SortedIndex.encode,
    )


def _tokens(word: str) -> list[str] | None:
    """wordfreq's tokens for ``word`` when it is one of the simple shapes, else None."""
    text = unicodedata.normalize("NFC", word).casefold()
    if not _SIMPLE.fullmatch(text):
        return None
    out: list[str] = []
    for part in text.split("-"):
        while m := _ELISION.match(part):
            out.append(part[: m.end() - 1])
            part = part[m.end() :]
        out.append(part.replace("\u2019", "'"))
    return out


@lru_cache(maxsize=200_000)
def zipf(word: str, lang: str) -> float:
    """``wordfreq.zipf_frequency(word, lang)``: 0 for unknown words, about 7 for "the"."""
    tokens = _tokens(word) if lang in ("en", "fr") else None
    table = _table(lang) if tokens is not None else None
    if tokens is None or table is None:
        from wordfreq import zipf_frequency

        return float(zipf_frequency(word, lang))
    one_over = 0.0
    for token in tokens:
        bucket = table.get(token)
        if bucket is None:
            return 0.0
        one_over += 1.0 / 10 ** (-bucket / 100)
    # wordfreq keeps three significant digits of the frequency, then two decimals of the Zipf value.
    freq = 1.0 / one_over
    freq = round(freq, math.floor(-math.log(freq, 10)) + 3)
    return round(math.log(freq, 10) + 9, 2)
