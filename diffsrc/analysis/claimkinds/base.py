"""What every claim kind shares: the sentence it reads, the values it finds and how two lists of
values from matched sentences become agreements and contradictions."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from diffsrc.analysis.mentions import Mention


@dataclass(frozen=True)
class SentenceView:
    """One sentence to extract from: offsets into ``text``; ``folded`` is ``text`` folded in place."""

    source: str
    paragraph: int
    start: int
    end: int
    text: str
    folded: str
    lang: str
    mentions: tuple[Mention, ...] = ()
    date: str = ""  # the source's publication date (ISO), for relative times

    @property
    def surface(self) -> str:
        """The sentence as written."""
        return self.text[self.start : self.end]


@dataclass(frozen=True)
class Slot:
    """A value filling a role in a sentence: ``value`` is comparable across languages."""

    kind: str
    start: int
    end: int
    value: str
    approx: bool = False
    detail: tuple[str, ...] = ()  # what else the comparator may use (a unit, a country...)
    qualifier: str = ""  # what an approximate amount's qualifier says ("about", "at least"...)


@dataclass(frozen=True)
class Verdict:
    """One comparison of a slot of each sentence: agreement or contradiction, with the rule applied."""

    kind: str  # agreement | contradiction
    a: Slot
    b: Slot
    rule: str


Same = Callable[[Slot, Slot], bool]


@dataclass(frozen=True)
class Kind:
    """A claim kind: its name, its extractor and its comparator (as detectors pair a code with check())."""

    name: str
    extract: Callable[[SentenceView], list[Slot]]
    compare: Callable[[Sequence[Slot], Sequence[Slot]], list[Verdict]]
    weight: float = 0.8  # how much a substitution of this kind means (its base confidence)
    roles: tuple[str, ...] = field(default=())
    # Whether a translation writes the same value (numbers, dates, people, places): only then does
    # a substitution contradict across languages (``compare._compare``).
    kept_in_translation: bool = True
    shown: Callable[[str], str] = str  # how a report writes a value of this kind


def by_value(x: Slot, y: Slot) -> bool:
    """The default sameness: equal normalised values."""
    return x.value == y.value


def substitution(a: Sequence[Slot], b: Sequence[Slot], same: Same = by_value, rule: str = "") -> list[Verdict]:
    """Agreements for the values both sentences hold, a contradiction for a value replaced by another.

    What is left after pairing equal values is a substitution only when each side has the same
    number of left-over values (one or two): a value one sentence adds or leaves out is not a
    contradiction, it is a detail the other does not give. A left-over value the other sentence
    also writes elsewhere is a repeated mention, unless both sentences list their values in the
    same roles: then the values are compared position by position ("between January 2012 and
    September 2013" against "between September 2012 and September 2013").
    """
    out: list[Verdict] = []
    left_b = list(b)
    left_a: list[Slot] = []
    for x in a:
        hit = next((y for y in left_b if same(x, y)), None)
        if hit is None:
            left_a.append(x)
            continue
        left_b.remove(hit)
        out.append(Verdict("agreement", x, hit, f"{x.kind}.same"))
    if not left_a or not len(left_a) == len(left_b) <= 2:
        return out
    if not _seen_elsewhere(left_a, b, same) and not _seen_elsewhere(left_b, a, same):
        pairs = list(zip(left_a, left_b, strict=True))
    else:
        pairs = _by_position(a, b, same, len(left_a))
    out += [Verdict("contradiction", x, y, rule or f"{x.kind}.substitution") for x, y in pairs]
    return out


def _by_position(a: Sequence[Slot], b: Sequence[Slot], same: Same, changed: int) -> list[tuple[Slot, Slot]]:
    """The differing values at the same positions of two equally long value lists, when exactly
    ``changed`` positions differ (else nothing: the lists are not in the same roles)."""
    if len(a) != len(b):
        return []
    pairs = [(x, y) for x, y in zip(a, b, strict=True) if not same(x, y)]
    return pairs if len(pairs) == changed else []


def _seen_elsewhere(left: Sequence[Slot], other: Sequence[Slot], same: Same) -> bool:
    """True when a left-over value is also written in the other sentence (a repeated mention)."""
    return any(same(x, y) for x in left for y in other)
