"""Participation and its negation: ``X did not attend`` against ``X a assisté``."""

from __future__ import annotations

import re
from collections.abc import Sequence

from diffsrc.analysis import mentions
from diffsrc.analysis.claimkinds.base import Kind, SentenceView, Slot, Verdict

_VERB = re.compile(
    r"\b(?:attend\w*|took part|take[sn]? part|taking part|participat\w*|was present|were present|boycott\w*|"
    r"a assiste|ont assiste|assist\w*|particip\w*|a pris part|ont pris part|prendr\w* part|etai(?:t|ent) present\w*)\b"
)
_NEGATION = re.compile(r"\b(?:not|n't|never|no longer|ne|n'|pas|jamais|plus|boycott\w*)\b|n'")


def extract(s: SentenceView) -> list[Slot]:
    """A person (or country) and whether it took part, for each participation verb of a sentence."""
    out = []
    for m in _VERB.finditer(s.folded, s.start, s.end):
        who = [x for x in s.mentions if x.kind in ("person", "country") and x.end <= m.start() and m.start() - x.end <= 40]
        if not who:
            continue
        x = who[-1]
        between = s.folded[x.end : m.end()]
        took_part = "no" if _NEGATION.search(between) else "yes"
        out.append(Slot("participation", x.start, m.end(), f"{x.key}:{took_part}", detail=(x.key,)))
    return out


def compare(a: Sequence[Slot], b: Sequence[Slot]) -> list[Verdict]:
    """The same participant taking part in one sentence and not in the other."""
    out = []
    for x in a:
        for y in b:
            if x.detail == y.detail:
                kind = "agreement" if x.value == y.value else "contradiction"
                out.append(Verdict(kind, x, y, f"participation.{'same' if kind == 'agreement' else 'negation'}"))
    return out


def shown(value: str) -> str:
    """A participation value ('ukraine:no') as a report writes it ('Ukraine: did not take part')."""
    who, _, took_part = value.rpartition(":")
    if not who or took_part not in ("yes", "no"):
        return value
    return f"{mentions.shown(who)}: {'took part' if took_part == 'yes' else 'did not take part'}"


KIND = Kind("participation", extract, compare, weight=0.7, shown=shown)
