"""Quotations: the quote of a sentence against the quote of its counterpart sentence.

The sentences were matched already (by their words, or across languages by the alignment's
sentence embeddings), so a French quote and its English translation are the same quote. Within
one language, different wording of the same quote is still an agreement, and its rule names the
words that differ (``quote.reworded: -"said" +"stated"``).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

from diffsrc.analysis import claims
from diffsrc.analysis.claimkinds.base import Kind, SentenceView, Slot, Verdict

# Text between quotation marks (English curly or straight quotes, French guillemets), at least
# three words: shorter quoted text is a title or a term, not reported speech.
_QUOTE = re.compile(claims.OPENING_QUOTE + r"\s*([^“”\"«»]+?)\s*[”\"»]")
MIN_WORDS = 3
# Negation words of English and French (folded, as \w+ tokens: "n't" is "n", "t"; "n'" is "n").
_NEGATIONS = frozenset({"not", "no", "never", "n", "ne", "pas", "jamais", "aucun", "aucune", "rien", "nothing", "none"})
REWORDED = 0.6  # word similarity of two quotes of one language that are the same quote reworded


def extract(s: SentenceView) -> list[Slot]:
    """The quotations of a sentence, as their folded words."""
    out = []
    for m in _QUOTE.finditer(s.text, s.start, s.end):
        words = re.findall(r"\w+", s.folded[m.start(1) : m.end(1)])
        if len(words) >= MIN_WORDS:
            out.append(Slot("quote", m.start(1), m.end(1), " ".join(words), detail=(s.lang,)))
    return out


def compare(a: Sequence[Slot], b: Sequence[Slot]) -> list[Verdict]:
    """One agreement per pair of quotes in the same position of matched sentences."""
    if len(a) != len(b):
        return []
    out = []
    for x, y in zip(a, b, strict=True):
        if x.detail != y.detail:
            out.append(Verdict("agreement", x, y, "quote.translated"))
            continue
        wx, wy = x.value.split(), y.value.split()
        sm = difflib.SequenceMatcher(a=wx, b=wy, autojunk=False)
        if sm.ratio() == 1.0:
            out.append(Verdict("agreement", x, y, "quote.same"))
        elif sm.ratio() >= REWORDED and _negated(wx) == _negated(wy):
            out.append(Verdict("agreement", x, y, "quote.reworded: " + _diff(wx, wy, sm)))
    return out


def _negated(words: list[str]) -> bool:
    """An odd number of negations: "we will not send" against "we will send" is no rewording."""
    return sum(1 for w in words if w in _NEGATIONS) % 2 == 1


def _diff(wx: list[str], wy: list[str], sm: difflib.SequenceMatcher[str]) -> str:
    parts = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op in ("replace", "delete"):
            parts.append('-"' + " ".join(wx[i1:i2]) + '"')
        if op in ("replace", "insert"):
            parts.append('+"' + " ".join(wy[j1:j2]) + '"')
    return " ".join(parts)


KIND = Kind("quote", extract, compare, weight=0.7)
