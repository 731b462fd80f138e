"""English bigram counts for the word pairs the collocation detector can ask about.

The counts come from the bigram list shipped with symspellpy (Google Books derived, 243,342
pairs). Only pairs with a word of the thesaurus (``resources/synonyms_en.tsv``) are ever looked
up; reading the whole list costs about a tenth of a second per run, so that subset is kept in
``resources/bigrams_en.tsv``, whose first line records the SHA-256 of the thesaurus it was built
for. When the thesaurus has changed since, the counts are read from symspellpy's list again.
Regenerate after editing the thesaurus:

    python3 -m diffsrc.detectors.bigrams
"""

from __future__ import annotations

import hashlib
import sys
from functools import lru_cache
from pathlib import Path

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
SUBSET = RESOURCES / "bigrams_en.tsv"
THESAURUS = RESOURCES / "synonyms_en.tsv"
HEADER = "# symspellpy bigram counts of pairs with a word of synonyms_en.tsv sha256 "


def thesaurus_words(text: str) -> frozenset[str]:
    """The lower-cased words of the thesaurus file (one tab-separated group per line)."""
    words: set[str] = set()
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        words.update(w.strip().lower() for w in line.split("\t") if w.strip())
    return frozenset(words)


def from_symspellpy(vocab: frozenset[str]) -> dict[str, int]:
    """Counts of the pairs of symspellpy's English bigram list with a word in ``vocab``."""
    import os

    try:
        import symspellpy
    except ImportError:  # the statistics are optional evidence
        return {}
    path = os.path.join(os.path.dirname(symspellpy.__file__), "frequency_bigramdictionary_en_243_342.txt")
    counts: dict[str, int] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            a, b, n = line.split()
            if a in vocab or b in vocab:
                counts[f"{a} {b}"] = int(n)
    return counts


@lru_cache(maxsize=1)
def bigram_counts() -> dict[str, int]:
    """"word word" -> count for the pairs with a thesaurus word: the shipped subset when current."""
    thesaurus = THESAURUS.read_text(encoding="utf-8")
    digest = hashlib.sha256(thesaurus.encode("utf-8")).hexdigest()
    try:
        lines = SUBSET.read_text(encoding="utf-8").splitlines()
    except OSError:
        lines = []
    if not lines or lines[0] != HEADER + digest:
        return from_symspellpy(thesaurus_words(thesaurus))
    counts: dict[str, int] = {}
    for line in lines[1:]:
        pair, n = line.split("\t")
        counts[pair] = int(n)
    return counts


def main() -> int:
    """Write ``resources/bigrams_en.tsv`` for the current thesaurus."""
    thesaurus = THESAURUS.read_text(encoding="utf-8")
    counts = from_symspellpy(thesaurus_words(thesaurus))
    if not counts:
        print("symspellpy is not installed: cannot build the bigram subset", file=sys.stderr)
        return 1
    digest = hashlib.sha256(thesaurus.encode("utf-8")).hexdigest()
    body = "".join(f"{pair}\t{n}\n" for pair, n in counts.items())
    SUBSET.write_text(HEADER + digest + "\n" + body, encoding="utf-8")
    print(f"wrote {SUBSET} ({len(counts)} pairs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
