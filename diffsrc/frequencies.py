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
import importlib.util
import math
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

# Latin letters (no × ÷), as NFC code points; other scripts may be split by wordfreq's tokenizer.
_LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
# Letters, then hyphen- or apostrophe-joined letter runs: the shapes this module answers itself.
_SIMPLE = re.compile(rf"[{_LATIN}]+(?:[-'\u2019][{_LATIN}]+)*")
# wordfreq's tokenizer splits a 1-2 letter elision ("l'", "qu'") before a vowel or "h", but only
# with a straight apostrophe: "l\u2019heure" stays one token.
_ELISION = re.compile(r"[^\W\d_]{1,2}'(?=[aehiouyáéíóúàèìòùâêîôûåïöœ])")


@lru_cache(maxsize=4)
def _table(lang: str) -> dict[str, int] | None:
    """wordfreq's ``large_{lang}`` list as word -> bucket (centibels below 1), or None if absent."""
    spec = importlib.util.find_spec("wordfreq")  # locates the package without importing it
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / f"large_{lang}.msgpack.gz"
    try:
        import msgpack

        with gzip.open(path, "rb") as fh:
            pack = msgpack.unpackb(fh.read(), raw=False, use_list=False)
    except (OSError, ValueError, ImportError):
        return None
    if not pack or not isinstance(pack[0], dict) or pack[0].get("format") != "cB" or pack[0].get("version") != 1:
        return None
    table: dict[str, int] = {}
    for bucket_index, bucket in enumerate(pack[1:]):
        # Later (rarer) buckets win for a repeated word, as in wordfreq's own table.
        table.update(dict.fromkeys(bucket, bucket_index))
    return table


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
