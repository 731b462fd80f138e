"""WordNet thesaurus neighbours and Google Books bigram statistics for collocation checks.

``resources/thesaurus_en.tsv`` (built by ``tools/build_thesaurus.py`` from WordNet 3.0) gives, for
each common English word, the words sharing one of its senses with the sense ranks on both sides.
symspellpy ships the most frequent 243,342 English bigrams of the Google Books corpus with counts.
Together they answer the spinner question: is ``w1 w2`` a pair English does not use while swapping
one word for a same-sense neighbour gives a strong, frequent collocation ("query mark" -> "question
mark")? Inflection is handled with WordNet's own suffix rules (morphy) and regular English spelling.

Regenerate the shipped bigram subset after changing the function-word list or MIN_ZIPF:

    python3 -m diffsrc.analysis.detectors.thesaurus
"""

from __future__ import annotations

import hashlib
import math
import sys
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from diffsrc.analysis.detectors.lexicon import RESOURCES, resource_text
from diffsrc.analysis.detectors.text import is_function_word
from diffsrc.analysis.frequencies import zipf

# Token total of the Google Books unigram list the bigram counts come from (symspellpy's
# frequency_dictionary_en_82_765.txt sums to 5.418e11): turns counts into probabilities.
GOOGLE_TOKENS = 5.418e11
BIGRAM_FILE = "frequency_bigramdictionary_en_243_342.txt"
BIGRAM_SUBSET = "bigrams_content_en.tsv"
MIN_ZIPF = 3.0
# A spinner's swap is a fixed collocation (high PMI) whose word became a rarer same-sense
# neighbour; when the text's word is as common as the neighbour the writer simply chose it
# ("first effort" / "first attempt"). Thresholds tuned on invented clean and spun news text.
STRONG_COUNT = 15_000_000
STRONG_PMI = 8.0
MEDIUM_PMI = 5.0
MIN_GAIN = 0.3
# A strong swap's word is at least ten times rarer than the neighbour (one Zipf unit): a spinner
# trades a common word for a rare synonym, a writer or translator picks between common ones.
STRONG_GAIN = 1.0

# (inflectional ending, base ending) pairs of WordNet's morphy, plus comparative/superlative.
_DETACH = (
    ("s", "", "s"), ("ses", "s", "s"), ("xes", "x", "s"), ("zes", "z", "s"), ("ches", "ch", "s"),
    ("shes", "sh", "s"), ("ies", "y", "s"), ("es", "e", "s"), ("es", "", "s"),
    ("ed", "e", "ed"), ("ed", "", "ed"), ("ied", "y", "ed"),
    ("ing", "e", "ing"), ("ing", "", "ing"),
)


@dataclass(frozen=True)
class Neighbour:
    """A thesaurus neighbour: the word, the sense rank of the shared synset for both words, its POS."""

    word: str
    rank: int
    own_rank: int
    pos: str = "n"  # n, v, a (adjective), r (adverb)


@lru_cache(maxsize=1)
def _thesaurus_lines() -> list[str]:
    """The thesaurus rows ("word<TAB>pos<TAB>items"), sorted for bisection; a dict of the
    14,000 rows cost more to build than all lookups of a comparison."""
    return sorted(line for line in resource_text("thesaurus_en.tsv").splitlines() if line and not line.startswith("#"))


def starting_with(lines: list[str], prefix: str) -> list[str]:
    """The lines of sorted ``lines`` that start with ``prefix`` (found by bisection)."""
    i = bisect_left(lines, prefix)
    out = []
    while i < len(lines) and lines[i].startswith(prefix):
        out.append(lines[i])
        i += 1
    return out


def _rows(lemma: str) -> list[str]:
    return starting_with(_thesaurus_lines(), lemma + "\t")


@lru_cache(maxsize=65536)
def known(lemma: str) -> bool:
    """Whether the thesaurus has neighbours for this lemma."""
    return bool(_rows(lemma))


@lru_cache(maxsize=8192)
def neighbours(lemma: str) -> tuple[Neighbour, ...]:
    """The thesaurus neighbours of a lemma, best-ranked shared sense first (empty when unknown)."""
    best: dict[str, tuple[int, int, str]] = {}
    for row in _rows(lemma):
        _, pos, items = row.split("\t")
        for item in items.split(" "):
            syn, r, sr = item.split("/")
            key = (int(r), int(sr), pos)
            if syn not in best or key < best[syn]:
                best[syn] = key
    return tuple(
        Neighbour(s, r, sr, pos) for s, (r, sr, pos) in sorted(best.items(), key=lambda kv: (kv[1], kv[0]))
    )


def lemmas(word: str) -> list[tuple[str, str]]:
    """(lemma, inflection) readings of a lower-case word known to the thesaurus; inflection '' = base."""
    out = [(word, "")] if known(word) else []
    for suffix, base, infl in _DETACH:
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: len(word) - len(suffix)] + base
            if known(stem) and (stem, infl) not in out:
                out.append((stem, infl))
        # doubled consonant: "stopped" -> "stop"
        if infl != "s" and word.endswith(suffix) and len(word) > len(suffix) + 3:
            stem = word[: len(word) - len(suffix)]
            if stem[-1] == stem[-2] and known(stem[:-1]) and (stem[:-1], infl) not in out:
                out.append((stem[:-1], infl))
    return out


@lru_cache(maxsize=8192)
def can_be_verb(word: str) -> bool:
    """Whether WordNet reads some form of this lower-case word as a verb ("contains", "get")."""
    return any(row.split("\t")[1] == "v" for lemma, _ in lemmas(word) for row in _rows(lemma))


def inflect(lemma: str, infl: str) -> str | None:
    """``lemma`` with an inflection ('', 's', 'ed', 'ing') in regular spelling, if English knows it."""
    if not infl:
        return lemma
    vowels = "aeiou"
    forms: list[str]
    if infl == "s":
        if lemma.endswith(("s", "x", "z", "ch", "sh")):
            forms = [lemma + "es"]
        elif lemma.endswith("y") and lemma[-2:-1] not in vowels:
            forms = [lemma[:-1] + "ies"]
        else:
            forms = [lemma + "s"]
    elif infl == "ed":
        if lemma.endswith("e"):
            forms = [lemma + "d"]
        elif lemma.endswith("y") and lemma[-2:-1] not in vowels:
            forms = [lemma[:-1] + "ied"]
        else:
            forms = [lemma + "ed", lemma + lemma[-1] + "ed"]
    else:
        stem = lemma[:-1] if lemma.endswith("e") and not lemma.endswith("ee") else lemma
        forms = [stem + "ing", stem + stem[-1] + "ing"]
    known = [(zipf(f, "en"), f) for f in forms]
    score, form = max(known)
    return form if score >= 2.0 else None


def _symspell_bigrams() -> list[str]:
    """symspellpy's English bigram list as a flat [w1, w2, count, ...] list; empty when unavailable."""
    import os

    try:
        import symspellpy
    except ImportError:  # the statistics are optional evidence
        return []
    path = os.path.join(os.path.dirname(symspellpy.__file__), BIGRAM_FILE)
    try:
        with open(path, encoding="utf-8") as fh:
            return fh.read().split()
    except OSError:
        return []


def subset_header() -> str:
    """First line of the shipped bigram subset: records what "content word" meant when it was built."""
    from diffsrc.analysis.detectors.text import FUNCTION_WORDS

    digest = hashlib.sha256(" ".join(sorted(FUNCTION_WORDS["en"])).encode()).hexdigest()[:16]
    return f"# {BIGRAM_FILE} pairs of two content words, min zipf {MIN_ZIPF}, function words {digest}"


@lru_cache(maxsize=1)
def bigram_lines() -> list[str]:
    """Sorted "w1 w2 count" lines for pairs of two content words, the only pairs DS704 asks about.

    Reads the shipped subset ``resources/bigrams_content_en.tsv`` (a quarter of the list, stored
    sorted) when it was built with the current function-word list, else symspellpy's whole list.
    Searching sorted lines by bisection needs no table: building a dict of the pairs cost more
    than all of DS704's lookups.
    """
    try:
        text = (RESOURCES / BIGRAM_SUBSET).read_text(encoding="utf-8")
    except OSError:
        text = ""
    head, _, body = text.partition("\n")
    if head == subset_header():
        return body.splitlines()
    w = _symspell_bigrams()
    return sorted(f"{a} {b} {n}" for a, b, n in zip(w[0::3], w[1::3], w[2::3], strict=False))


def build_subset() -> int:
    """Write ``resources/bigrams_content_en.tsv`` from symspellpy's list; returns the pair count."""
    w = _symspell_bigrams()
    rows = sorted(
        f"{a} {b} {n}" for a, b, n in zip(w[0::3], w[1::3], w[2::3], strict=False) if content_word(a) and content_word(b)
    )
    (RESOURCES / BIGRAM_SUBSET).write_text(subset_header() + "\n" + "".join(r + "\n" for r in rows), encoding="utf-8")
    return len(rows)


def bigram(w1: str, w2: str) -> int:
    """Google Books count of the pair (0 when below the list's cut-off, about 6.4 million)."""
    key = f"{w1} {w2} "
    found = starting_with(bigram_lines(), key)  # pairs are unique: one line at most
    return int(found[0][len(key) :]) if found else 0


def pmi(w1: str, w2: str, count: int) -> float:
    """Pointwise mutual information (bits) of a pair with ``count`` occurrences."""
    p1, p2 = 10 ** (zipf(w1, "en") - 9), 10 ** (zipf(w2, "en") - 9)
    if count <= 0 or p1 <= 0 or p2 <= 0:
        return 0.0
    return math.log2(count / GOOGLE_TOKENS / (p1 * p2))


@dataclass(frozen=True)
class Swap:
    """A pair ``w1 w2`` absent from English bigrams whose neighbour swap is a frequent collocation."""

    position: int  # 0: the first word was swapped, 1: the second
    original: str  # the neighbour (inflected) the text's word probably replaced
    alternative: str  # the frequent pair
    count: int
    pmi: float
    lemma: str
    neighbour: Neighbour
    gain: float  # Zipf frequency of the neighbour minus that of the text's word

    @property
    def strength(self) -> str:
        """'strong' (reported in any text), 'medium' (in a text dense with swaps) or 'weak'."""
        n = self.neighbour
        # strong only inside noun phrases: verb and adverb swaps ("really require" / "really need")
        # are ordinary stylistic choices far more often than tortured phrases
        if (
            self.count >= STRONG_COUNT and self.pmi >= STRONG_PMI and n.rank == n.own_rank == 1
            and self.gain >= STRONG_GAIN and n.pos in "na"
        ):
            return "strong"
        if self.pmi >= MEDIUM_PMI and max(n.rank, n.own_rank) <= 2 and self.gain >= MIN_GAIN:
            return "medium"
        return "weak"


def content_word(word: str) -> bool:
    """A common lower-case English word that is not a function word."""
    return word.isalpha() and len(word) > 2 and not is_function_word(word, "en") and zipf(word, "en") >= MIN_ZIPF


# outlets covering one event share most of their word pairs
@lru_cache(maxsize=65536)
def best_swap(w1: str, w2: str) -> Swap | None:
    """The strongest neighbour swap turning an unattested ``w1 w2`` into a frequent pair, if any."""
    if not content_word(w1) or not content_word(w2) or bigram(w1, w2):
        return None
    best: Swap | None = None
    for pos, word, other in ((0, w1, w2), (1, w2, w1)):
        for lemma, infl in lemmas(word):
            for n in neighbours(lemma):
                if max(n.rank, n.own_rank) > 2:
                    continue
                form = inflect(n.word, infl)
                if form is None or not content_word(form) or _variant(form, word):
                    continue
                pair = (form, other) if pos == 0 else (other, form)
                count = bigram(*pair)
                if not count:
                    continue
                gain = zipf(form, "en") - zipf(word, "en")
                swap = Swap(pos, form, " ".join(pair), count, pmi(*pair, count), lemma, n, round(gain, 2))
                if best is None or (swap.pmi, swap.count) > (best.pmi, best.count):
                    best = swap
    return best


def _variant(a: str, b: str) -> bool:
    """Spelling variants or derivations ("advisor"/"adviser"), not a thesaurus swap."""
    from rapidfuzz.distance import Levenshtein

    return a[:3] == b[:3] and Levenshtein.distance(a, b) <= 2


def main() -> int:
    """Write the content-word bigram subset."""
    n = build_subset()
    if not n:
        print("symspellpy is not installed: cannot build the bigram subset", file=sys.stderr)
        return 1
    print(f"wrote {RESOURCES / BIGRAM_SUBSET} ({n} pairs)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
