"""Optional language-model detector (``--lm``): token surprisal ranks unnatural wording.

A causal language model scores every token of a paragraph given the tokens before it; the
surprisal (``-log2 p``) of a word is the sum over its sub-word tokens. Words far above the text's
own surprisal distribution (z-score) are reported as low or medium findings: a common word in a
place the model did not expect suggests a synonym substitution, a rare or unknown word a garbled
one. A rule finding that the model also finds surprising gains confidence and the model's
evidence instead of a second finding. Off by default; torch and transformers load lazily.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from diffsrc.analysis.detectors import Context, Detector
from diffsrc.analysis.detectors.lexicon import text_paragraphs
from diffsrc.analysis.detectors.rules import detector
from diffsrc.analysis.detectors.text import is_function_word, tokens
from diffsrc.analysis.frequencies import zipf
from diffsrc.model import Evidence, Finding, Source

# Words whose surprisal z-score reaches this are reported; medium from MEDIUM_Z on.
MIN_Z = 2.5
MEDIUM_Z = 3.5
MAX_PER_1000_WORDS = 10
MAX_TOKENS = 512
BOOST = 0.15


def word_surprisals(text: str, start: int, end: int, tokenizer: Any, model: Any) -> list[tuple[int, int, float]]:
    """(start, end, surprisal in bits) of each word of ``text[start:end]`` under a causal LM.

    The first sub-word token of the paragraph has no context and is not scored, so the first
    word gets the surprisal of its remaining pieces only (often none: then it is left out).
    """
    import torch

    chunk = text[start:end]
    enc = tokenizer(chunk, return_offsets_mapping=True, truncation=True, max_length=MAX_TOKENS,
                    return_tensors="pt")
    offsets = enc.pop("offset_mapping")[0].tolist()
    ids = enc["input_ids"]
    if ids.shape[1] < 2:
        return []
    device = next(model.parameters()).device
    with torch.no_grad():
        logits = model(input_ids=ids.to(device), attention_mask=enc["attention_mask"].to(device)).logits
    logp = torch.log_softmax(logits[0, :-1].float(), dim=-1)
    target = ids[0, 1:].to(device)
    token_bits = (-logp.gather(1, target.unsqueeze(1)).squeeze(1) / math.log(2)).tolist()
    words = tokens(text, start, end)
    out: list[tuple[int, int, float]] = []
    wi = 0
    acc: dict[int, float] = {}
    for (a, b), bits in zip(offsets[1:], token_bits, strict=False):
        if b <= a:
            continue
        a, b = a + start, b + start
        while wi < len(words) and words[wi].end <= a:
            wi += 1
        if wi < len(words) and words[wi].start < b:
            acc[wi] = acc.get(wi, 0.0) + bits
    for i, bits in sorted(acc.items()):
        out.append((words[i].start, words[i].end, bits))
    return out


def _zscores(values: Sequence[float]) -> list[float]:
    if len(values) < 2:
        return [0.0 for _ in values]
    mean = sum(values) / len(values)
    var = sum((v - mean) ** 2 for v in values) / (len(values) - 1)
    sd = math.sqrt(var) or 1.0
    return [(v - mean) / sd for v in values]


@detector("DS950")
class LanguageModelSurprisal(Detector):
    """Words a causal language model finds far more surprising than the rest of the text."""

    def __init__(self) -> None:
        self.model_name: str | None = None
        self.scored: list[Finding] = []

    def run(self, ctx: Context) -> Iterable[Finding]:
        name = getattr(ctx.options, "lm", None)
        if not name:
            return []
        from diffsrc.analysis import encoders

        tokenizer, model = encoders.load(name, "AutoModelForCausalLM")
        if not getattr(tokenizer, "is_fast", False):
            from diffsrc.errors import ModelUnavailable

            raise ModelUnavailable(f"--lm {name}: the model needs a fast tokenizer (tokenizer.json) for word offsets")
        self.model_name = name
        out: list[Finding] = []
        for source in ctx.sources:
            if source.lang in self.languages:
                out.extend(self.score_source(source, tokenizer, model))
        self.scored = out
        return out

    def score_source(self, source: Source, tokenizer: Any, model: Any) -> list[Finding]:
        """LM findings for one source: its most surprising words by z-score."""
        words: list[tuple[int, int, float]] = []
        for start, end in text_paragraphs(source):
            words.extend(word_surprisals(source.text, start, end, tokenizer, model))
        if not words:
            return []
        zs = _zscores([w[2] for w in words])
        ranked = sorted(
            (
                (z, w) for z, w in zip(zs, words, strict=True)
                if z >= MIN_Z and not is_function_word(source.text[w[0] : w[1]], source.lang)
            ),
            key=lambda x: -x[0],
        )
        limit = max(1, source.words * MAX_PER_1000_WORDS // 1000)
        out = []
        for z, (a, b, bits) in ranked[:limit]:
            word = source.text[a:b]
            rare = zipf(word.lower(), source.lang) < 3.0
            out.append(
                Finding(
                    source=source.id, start=a, end=b, text=word, code=self.code,
                    category="garbled_or_nonword" if rare else "synonym_substitution",
                    severity="medium" if z >= MEDIUM_Z else "low",
                    message=(
                        f"language model finds '{word}' very surprising here "
                        f"({bits:.1f} bits, z={z:.1f}): "
                        + ("a rare or garbled word" if rare else "possibly a substituted word")
                    ),
                    evidence=(Evidence(note=f"--lm {self.model_name}: surprisal {bits:.1f} bits, z={z:.1f}"),),
                    confidence=round(min(0.7, 0.3 + 0.1 * (z - MIN_Z)), 2), detector=self.name,
                )
            )
        return out

    def combine(self, findings: list[Finding]) -> list[Finding]:
        """Merge LM findings into overlapping rule findings: more confidence, LM evidence added."""
        if not self.scored:
            return findings
        lm = [f for f in findings if f.code == self.code]
        rules = [f for f in findings if f.code != self.code]
        used: set[int] = set()
        merged = []
        for f in rules:
            hits = [i for i, g in enumerate(lm) if g.source == f.source and g.start < f.end and f.start < g.end]
            if hits:
                used.update(hits)
                ev = tuple(lm[i].evidence[0] for i in hits if lm[i].evidence)
                f = replace(f, confidence=round(min(0.99, f.confidence + BOOST), 2), evidence=f.evidence + ev)
            merged.append(f)
        return merged + [g for i, g in enumerate(lm) if i not in used]
