"""Cross-source evidence: a wording that differs from what the other sources say in the same slot.

Outlets that carry the same sentence (wire copy, a quote, a spun or re-translated copy) let each
one be checked against the others. The alignment links sentences; inside a pair that is nearly
the same sentence, a short replaced stretch of words is a slot. A source's wording in a slot is
reported when more of the other texts use another wording than use its own, or, with one
witness only, when its wording is much rarer English or French (wordfreq's Zipf frequencies:
a spinner's or a bad translation's substitute for a common word). The suggestion is the other
sources' wording. Near-copies of one text are one witness (``diffsrc.analysis.copies``): each
family of copies casts one vote, its members' majority wording, so that copies of a spun text
neither outvote the independent sources nor shield the text they copy. Numbers, names and
calendar words are left to the fact comparison: a changed figure or name is a contradiction,
not an artefact.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from diffsrc.analysis.detectors import Context, Detector
from diffsrc.analysis.detectors.rules import detector
from diffsrc.analysis.detectors.text import (
    WORD_RE,
    Token,
    calendar_words,
    is_function_word,
    make_finding,
    tokens,
)
from diffsrc.analysis.frequencies import zipf
from diffsrc.model import Evidence, Finding, Source

MIN_RATIO = 0.7  # word-sequence similarity of two sentences that are one sentence, edited
MAX_SLOT = 3  # words on either side of a replaced stretch
RARER_BY = 2.0  # Zipf gap (a factor of 100 in frequency) that makes a lone witness enough; 1.0
# flagged correct wordings of MT against a worse one (MQM ted_zhen: "imposter" for "fake", gap 1.8)


@dataclass
class Slot:
    """One source's wording at one place, and what the sources aligned with it say there."""

    source: Source
    words: tuple[Token, ...]
    context: tuple[Token | None, Token | None]
    others: dict[str, set[str]] = field(default_factory=dict)  # other wording -> source ids
    agree: set[str] = field(default_factory=set)


def _factual(toks: Iterable[Token], lang: str) -> bool:
    """A figure, a name or a date: the fact comparison's business."""
    cal = calendar_words(lang)
    return any(any(c.isdigit() for c in t.text) or not t.is_lower or t.lower in cal for t in toks)


def _content(toks: Iterable[Token], lang: str) -> bool:
    return any(not is_function_word(t.text, lang) for t in toks)


def _sentence_pairs(ctx: Context) -> Iterator[tuple[Source, tuple[int, int], Source, tuple[int, int]]]:
    """The spans of every linked sentence pair between two sources in the same language."""
    by_id = {s.id: s for s in ctx.sources}
    for al in ctx.alignments:
        a, b = by_id.get(al.a.source), by_id.get(al.b.source)
        if a is None or b is None or a.lang != b.lang or not al.sentences:
            continue
        if al.a.paragraph >= len(a.paragraphs) or al.b.paragraph >= len(b.paragraphs):
            continue
        pa, pb = a.paragraphs[al.a.paragraph], b.paragraphs[al.b.paragraph]
        for sp in al.sentences:
            if sp.a < len(pa.sentences) and sp.b < len(pb.sentences):
                sa, sb = pa.sentences[sp.a], pb.sentences[sp.b]
                yield a, (sa.start, sa.end), b, (sb.start, sb.end)


def _lowered(text: str, start: int, end: int) -> list[str]:
    """The lower-case words of ``text[start:end]``: the ``lower`` of its ``tokens``, without
    making the tokens (most linked sentences are copies, compared no further)."""
    return [w.lower() for w in WORD_RE.findall(text, start, end)]


def collect_slots(ctx: Context) -> dict[tuple[str, int, int], Slot]:
    """Every slot of every checked source, keyed by (source id, start, end), with its witnesses."""
    slots: dict[tuple[str, int, int], Slot] = {}
    agreements: list[tuple[Source, int, int, str]] = []
    for a, (a0, a1), b, (b0, b1) in _sentence_pairs(ctx):
        la, lb = _lowered(a.text, a0, a1), _lowered(b.text, b0, b1)
        if la == lb:  # one equal stretch, as the matcher would find: the sentences agree throughout
            for src, (lo, hi), other in ((a, (a0, a1), b), (b, (b0, b1), a)):
                if la and ctx.checks(src.id):
                    toks = tokens(src.text, lo, hi)
                    agreements.append((src, toks[0].start, toks[-1].end, other.id))
            continue
        sm = difflib.SequenceMatcher(a=la, b=lb, autojunk=False)
        if sm.ratio() < MIN_RATIO:
            continue
        ta, tb = tokens(a.text, a0, a1), tokens(b.text, b0, b1)
        for op, i1, i2, j1, j2 in sm.get_opcodes():
            if op == "equal":
                agreements += [(a, ta[i1].start, ta[i2 - 1].end, b.id), (b, tb[j1].start, tb[j2 - 1].end, a.id)]
            elif op == "replace" and i2 - i1 <= MAX_SLOT and j2 - j1 <= MAX_SLOT:
                mine, theirs = ta[i1:i2], tb[j1:j2]
                if _factual(mine + theirs, a.lang) or not (_content(mine, a.lang) and _content(theirs, a.lang)):
                    continue
                for src, toks, i, j, other, words in ((a, ta, i1, i2, b, theirs), (b, tb, j1, j2, a, mine)):
                    if not ctx.checks(src.id):  # a corpus source's own slots are never reported
                        continue
                    ctx_tokens = (toks[i - 1] if i > 0 else None, toks[j] if j < len(toks) else None)
                    slot = slots.setdefault((src.id, toks[i].start, toks[j - 1].end),
                                            Slot(src, tuple(toks[i:j]), ctx_tokens))
                    slot.others.setdefault(" ".join(t.text for t in words), set()).add(other.id)
    by_source: dict[str, list[tuple[int, int, Slot]]] = {}
    for (sid, s0, s1), slot in slots.items():
        by_source.setdefault(sid, []).append((s0, s1, slot))
    for src, start, end, other_id in agreements:
        for s0, s1, slot in by_source.get(src.id, ()):
            if start <= s0 and s1 <= end:
                slot.agree.add(other_id)
    return slots


def rarity(words: Iterable[str], lang: str) -> float:
    """How rare a wording's content words are: minus the lowest Zipf frequency among them."""
    zs = [zipf(w.lower(), lang) for w in words if not is_function_word(w, lang)]
    return -min(zs) if zs else 0.0


def votes(slot: Slot, family: Mapping[str, str]) -> tuple[dict[str, set[str]], set[str]]:
    """The slot's witnesses counted by family of near-copies: (wording -> families saying it,
    families agreeing with this source). A family votes for its members' most common wording
    here; on a tie, for this source's own (a split family accuses no one). The source's own
    family votes only against it (the copies keep a wording this source changed): its copies
    agreeing with it are the same text again, no evidence."""
    readings: dict[str, Counter[str]] = {}
    for wording, ids in slot.others.items():
        for sid in ids:
            readings.setdefault(family.get(sid, sid), Counter())[wording] += 1
    for sid in slot.agree:
        readings.setdefault(family.get(sid, sid), Counter())[""] += 1  # "": this source's wording
    others: dict[str, set[str]] = {}
    agree: set[str] = set()
    own = family.get(slot.source.id, slot.source.id)
    for fam, counts in readings.items():
        wording = max(counts, key=lambda w: (counts[w], w == "", w))
        if wording:
            others.setdefault(wording, set()).add(fam)
        elif fam != own:
            agree.add(fam)
    return others, agree


def verdict(slot: Slot, family: Mapping[str, str] | None = None) -> tuple[str, int, int, float] | None:
    """(the other texts' wording, how many texts say it, how many texts voted, how much rarer
    this wording is), when this source's wording is the odd one; None when it is not. ``family``
    maps source ids to their near-copy family (default: every source is a text of its own)."""
    others, agree = votes(slot, family or {})
    if not others:
        return None
    wording, witnesses = max(others.items(), key=lambda kv: (len(kv[1]), kv[0]))
    lang = slot.source.lang
    gap = rarity((t.text for t in slot.words), lang) - rarity(wording.split(), lang)
    if len(witnesses) > len(agree) and len(witnesses) >= 2:
        return wording, len(witnesses), len(witnesses) + len(agree), gap
    if len(witnesses) == 1 and not agree and gap >= RARER_BY:
        return wording, 1, 1, gap
    return None


@detector("DS705")
class CrossSourceVariant(Detector):
    """A wording the other sources, in the same sentence, replace with another ("query mark")."""

    def run(self, ctx: Context) -> Iterable[Finding]:
        out = []
        for (_sid, start, end), slot in sorted(collect_slots(ctx).items(), key=lambda kv: kv[0]):
            if slot.source.lang not in self.languages or not ctx.checks(slot.source.id):
                continue
            found = verdict(slot, ctx.families)
            if found is None:
                continue
            wording, n, texts, gap = found
            ids = sorted(slot.others[wording])
            counted = "" if len(slot.others[wording]) + len(slot.agree) == texts else "; near-copies counted once"
            out.append(make_finding(
                slot.source, start, end, detector=type(self), severity="high" if n >= 2 and gap > 0 else "medium",
                confidence=min(0.9, 0.5 + 0.15 * n + 0.05 * max(gap, 0.0)),
                message=f"the other sources say '{wording}' here ({n} of {texts})",
                suggestion=wording,
                evidence=[Evidence(note=f"'{wording}' in {', '.join(ids)}; word rarity gap {gap:.1f} (Zipf){counted}")],
            ))
        return out

    def check(self, source: Source, ctx: Context) -> Iterable[Finding]:
        return [f for f in self.run(ctx) if f.source == source.id]
