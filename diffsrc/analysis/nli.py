"""Optional model-based check (``--nli``): a natural-language-inference model scores sentence
pairs of aligned paragraphs. It confirms claim contradictions (raising their confidence) and adds
contradictions of its own only above a high threshold; it never replaces the claim comparison.

Labels are read from the model's ``config.id2label`` (entailment / neutral / contradiction, in any
order or case), so any XNLI/MNLI-style sequence classifier works, multilingual ones included.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from diffsrc.errors import ModelUnavailable
from diffsrc.model import Alignment, Claim, Fact, Source

VERSION = 1
MODEL_ONLY = 0.9  # probability of contradiction above which the model alone reports one
CONFIRM = 0.5  # probability above which the model confirms a claim contradiction
BOOST = 0.1
MAX_PAIRS = 2000  # sentence pairs scored per run at most (keeps CPU runs bounded)
BATCH = 16


@dataclass(frozen=True)
class PairScore:
    """NLI probabilities for one sentence pair (premise from one source, hypothesis from another)."""

    a: Claim
    b: Claim
    entailment: float
    neutral: float
    contradiction: float


def signature(name: str) -> dict[str, object]:
    """What identifies the NLI stage in a report: model, version and thresholds."""
    return {"model": name, "version": VERSION, "model_only": MODEL_ONLY, "confirm": CONFIRM, "boost": BOOST}


def label_indices(id2label: dict[Any, str]) -> dict[str, int]:
    """Map ``entailment``/``neutral``/``contradiction`` to output indices from a model's id2label."""
    out: dict[str, int] = {}
    for idx, label in id2label.items():
        name = str(label).lower()
        for want in ("entail", "neutral", "contradict"):
            if name.startswith(want):
                out[{"entail": "entailment", "neutral": "neutral", "contradict": "contradiction"}[want]] = int(idx)
    if "contradiction" not in out or "entailment" not in out:
        raise ModelUnavailable(
            f"model labels {sorted(map(str, id2label.values()))} are not NLI labels: pass a model whose "
            "config.id2label names entailment, neutral and contradiction"
        )
    return out


class NLIScorer:
    """A loaded NLI model that scores (premise, hypothesis) pairs in batches."""

    def __init__(self, name_or_path: str) -> None:
        from diffsrc.analysis import encoders

        self.name = name_or_path
        self.tokenizer, self.model = encoders.load(name_or_path, "AutoModelForSequenceClassification")
        self.labels = label_indices(dict(self.model.config.id2label))

    def score(self, pairs: Sequence[tuple[str, str]]) -> list[dict[str, float]]:
        """Label probabilities for each pair (both directions are the caller's choice)."""
        import torch

        out: list[dict[str, float]] = []
        dev = next(self.model.parameters()).device
        for i in range(0, len(pairs), BATCH):
            chunk = pairs[i : i + BATCH]
            enc = self.tokenizer([p for p, _ in chunk], [h for _, h in chunk], padding=True, truncation=True,
                                 max_length=256, return_tensors="pt")
            enc = {k: v.to(dev) for k, v in enc.items()}
            with torch.no_grad():
                probs = torch.softmax(self.model(**enc).logits.float(), dim=-1).cpu().tolist()
            for row in probs:
                scores = {k: float(row[j]) for k, j in self.labels.items()}
                scores.setdefault("neutral", 0.0)  # two-way (entail/contradict) models have none
                out.append(scores)
        return out


def sentence_pairs(sources: Sequence[Source], alignments: Sequence[Alignment]) -> list[tuple[Claim, Claim]]:
    """Sentence pairs of aligned paragraphs, as ``Claim`` records of kind ``sentence``."""
    by_id = {s.id: s for s in sources}
    pairs: list[tuple[Claim, Claim]] = []
    for al in sorted(alignments, key=lambda a: -a.score):
        sa, sb = by_id.get(al.a.source), by_id.get(al.b.source)
        if sa is None or sb is None:
            continue
        for x in _sentences(sa, al.a.paragraph):
            for y in _sentences(sb, al.b.paragraph):
                pairs.append((x, y))
                if len(pairs) >= MAX_PAIRS:
                    return pairs
    return pairs


def _sentences(src: Source, index: int) -> list[Claim]:
    if not 0 <= index < len(src.paragraphs):
        return []
    p = src.paragraphs[index]
    spans = [(s.start, s.end) for s in p.sentences] or [(p.start, p.end)]
    return [
        Claim(src.id, p.index, a, b, src.text[a:b], "sentence", "", "", p.lang or src.lang)
        for a, b in spans
        if len(src.text[a:b].split()) >= 4
    ]


def score_pairs(scorer: NLIScorer, pairs: Sequence[tuple[Claim, Claim]]) -> list[PairScore]:
    """Score each pair in both directions; a contradiction must hold both ways (symmetric min)."""
    forward = scorer.score([(a.text, b.text) for a, b in pairs])
    backward = scorer.score([(b.text, a.text) for a, b in pairs])
    out = []
    for (a, b), f, r in zip(pairs, forward, backward, strict=False):
        out.append(PairScore(a, b, min(f["entailment"], r["entailment"]), (f["neutral"] + r["neutral"]) / 2,
                             min(f["contradiction"], r["contradiction"])))
    return out


def combine(facts: Sequence[Fact], sources: Sequence[Source], alignments: Sequence[Alignment], name: str,
            scorer: NLIScorer | None = None) -> list[Fact]:
    """Claim facts adjusted by the NLI model, plus confident model-only contradictions."""
    scorer = scorer or NLIScorer(name)
    scores = score_pairs(scorer, sentence_pairs(sources, alignments))
    out: list[Fact] = []
    for f in facts:
        if f.kind != "contradiction":
            out.append(f)
            continue
        p = max((s.contradiction for s in scores if _covers(s, f)), default=None)
        if p is not None and p >= CONFIRM:
            f = replace(f, confidence=round(min(0.99, f.confidence + BOOST * p), 3),
                        message=f"{f.message} (NLI contradiction {p:.2f})")
        out.append(f)
    covered = [f for f in facts if f.kind == "contradiction"]
    for s in scores:
        if s.contradiction < MODEL_ONLY or any(_covers(s, f) for f in covered):
            continue
        out.append(Fact("contradiction", "sentence pair", (s.a, s.b), "nli", round(s.contradiction, 3),
                        f"the NLI model {name} judges these sentences contradictory ({s.contradiction:.2f})"))
    return out


def _covers(s: PairScore, f: Fact) -> bool:
    """True when the fact has a claim inside each sentence of the pair."""
    def inside(sent: Claim) -> bool:
        return any(c.source == sent.source and sent.start <= c.start < sent.end for c in f.claims)

    return inside(s.a) and inside(s.b)
