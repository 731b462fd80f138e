"""Build ``diffsrc/resources/thesaurus_en.tsv`` from the WordNet 3.0 database files.

Spinners and machine translation replace a word by a thesaurus neighbour; the unnatural-collocation
detector (DS704) needs those neighbours for the common English vocabulary. This script reads the
WordNet ``index.<pos>`` files (which list each lemma's synsets in sense-frequency order) and
``data.<pos>`` files (the lemmas of each synset) and writes, for every common single word, the common
single words that share one of its synsets, with the sense rank of that synset for both words.

Output rows (tab-separated): ``word``, ``pos`` (n, v, a, r), then space-separated
``synonym/word_rank/synonym_rank`` items ordered by word rank, then synonym rank, then synonym
frequency. A rank is the 1-based position of the shared synset among the lemma's senses.

Usage: python3 tools/build_thesaurus.py [--wordnet /usr/share/wordnet] [--out PATH] [--min-zipf 3.0]
(Debian/Ubuntu: ``apt-get install wordnet-base``.)
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

POS_FILES = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
MAX_RANK = 5  # senses beyond the fifth are rare readings that only add noise
HEADER = """\
# English thesaurus derived from WordNet 3.0 by tools/build_thesaurus.py: for each common single
# word (wordfreq Zipf >= {min_zipf}) and part of speech, the common single words sharing one of its
# first {max_rank} senses. Columns: word, pos (n v a r), 'synonym/word_rank/synonym_rank' items.
#
# WordNet Release 3.0. This software and database is being provided to you, the LICENSEE, by
# Princeton University under the following license.  By obtaining, using and/or copying this
# software and database, you agree that you have read, understood, and will comply with these
# terms and conditions.:
#
# Permission to use, copy, modify and distribute this software and database and its documentation
# for any purpose and without fee or royalty is hereby granted, provided that you agree to comply
# with the following copyright notice and statements, including the disclaimer, and that the same
# appear on ALL copies of the software, database and documentation, including modifications that
# you make for internal use or for distribution.
#
# WordNet 3.0 Copyright 2006 by Princeton University.  All rights reserved.
#
# THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS" AND PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS
# OR WARRANTIES, EXPRESS OR IMPLIED.  BY WAY OF EXAMPLE, BUT NOT LIMITATION, PRINCETON UNIVERSITY
# MAKES NO REPRESENTATIONS OR WARRANTIES OF MERCHANTABILITY OR FITNESS FOR ANY PARTICULAR PURPOSE OR
# THAT THE USE OF THE LICENSED SOFTWARE, DATABASE OR DOCUMENTATION WILL NOT INFRINGE ANY THIRD PARTY
# PATENTS, COPYRIGHTS, TRADEMARKS OR OTHER RIGHTS.
#
# The name of Princeton University or Princeton may not be used in advertising or publicity
# pertaining to distribution of the software and/or database.  Title to copyright in this
# software, database and any associated documentation shall at all times remain with Princeton
# University and LICENSEE agrees to preserve same.
"""


def read_index(path: Path) -> dict[str, list[str]]:
    """lemma -> synset offsets in sense-frequency order, from a WordNet ``index.<pos>`` file."""
    out: dict[str, list[str]] = {}
    with path.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if line.startswith(" "):  # licence header
                continue
            f = line.split()
            if len(f) < 4:
                continue
            lemma, synset_cnt, p_cnt = f[0], int(f[2]), int(f[3])
            offsets = f[4 + p_cnt + 2 :]
            out[lemma] = offsets[:synset_cnt]
    return out


def read_data(path: Path) -> dict[str, list[str]]:
    """synset offset -> lemmas, from a WordNet ``data.<pos>`` file."""
    out: dict[str, list[str]] = {}
    with path.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if line.startswith(" "):
                continue
            f = line.split()
            if len(f) < 5:
                continue
            n = int(f[3], 16)
            # adjective lemmas may carry a syntactic marker: "galore(ip)"
            out[f[0]] = [f[4 + 2 * i].split("(")[0] for i in range(n)]
    return out


def is_single_word(lemma: str) -> bool:
    """A lower-case single word (hyphenated compounds allowed); drops proper nouns and phrases."""
    return lemma == lemma.lower() and "_" not in lemma and lemma.replace("-", "").isalpha()


def build(
    index: dict[str, list[str]], data: dict[str, list[str]], common: Callable[[str], bool]
) -> dict[str, list[tuple[str, int, int]]]:
    """word -> [(synonym, word_rank, synonym_rank)] for one part of speech, common words only."""
    rank: dict[tuple[str, str], int] = {}
    for lemma, offsets in index.items():
        for r, off in enumerate(offsets[:MAX_RANK], 1):
            rank[(lemma, off)] = r
    out: dict[str, list[tuple[str, int, int]]] = {}
    for lemma, offsets in index.items():
        if not is_single_word(lemma) or not common(lemma):
            continue
        seen: dict[str, tuple[int, int]] = {}
        for r, off in enumerate(offsets[:MAX_RANK], 1):
            for other in data.get(off, ()):
                if other == lemma or not is_single_word(other) or not common(other):
                    continue
                sr = rank.get((other, off))
                if sr is None:
                    continue
                if other not in seen or (r, sr) < seen[other]:
                    seen[other] = (r, sr)
        if seen:
            out[lemma] = [(s, r, sr) for s, (r, sr) in seen.items()]
    return out


def write(rows: Iterable[tuple[str, str, list[tuple[str, int, int]]]], freq: Callable[[str], float]) -> str:
    """The TSV body for (word, pos, synonyms) rows, synonyms in rank then frequency order."""
    lines = []
    for word, pos, syns in rows:
        ordered = sorted(syns, key=lambda t: (t[1], t[2], -freq(t[0]), t[0]))
        lines.append(f"{word}\t{pos}\t" + " ".join(f"{s}/{r}/{sr}" for s, r, sr in ordered))
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"))
    ap.add_argument(
        "--out", type=Path, default=Path(__file__).resolve().parent.parent / "diffsrc" / "resources" / "thesaurus_en.tsv"
    )
    ap.add_argument("--min-zipf", type=float, default=3.0)
    args = ap.parse_args(argv)
    from wordfreq import zipf_frequency

    def freq(w: str) -> float:
        return zipf_frequency(w.replace("-", " "), "en") if "-" in w else zipf_frequency(w, "en")

    def common(w: str) -> bool:
        return freq(w) >= args.min_zipf

    rows = []
    for pos, name in POS_FILES.items():
        index_path, data_path = args.wordnet / f"index.{name}", args.wordnet / f"data.{name}"
        if not index_path.exists() or not data_path.exists():
            print(f"missing {index_path} or {data_path}: install wordnet-base or pass --wordnet", file=sys.stderr)
            return 2
        table = build(read_index(index_path), read_data(data_path), common)
        rows.extend((w, pos, syns) for w, syns in table.items())
    rows.sort(key=lambda t: (t[0], "nvar".index(t[1])))
    args.out.write_text(HEADER.format(min_zipf=args.min_zipf, max_rank=MAX_RANK) + write(rows, freq), encoding="utf-8")
    print(f"wrote {len(rows)} rows to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
