"""Cross-source paragraph alignment (first version: chrF between paragraphs)."""

from __future__ import annotations

from typing import Sequence

from diffsrc.model import Alignment, ParaRef, Source


class Aligner:
    """Links paragraphs of different sources that report the same facts."""

    def __init__(self, threshold: float = 40.0) -> None:
        self.threshold = threshold

    @classmethod
    def from_options(cls, options: object) -> "Aligner":
        """An aligner configured from pipeline options."""
        return cls()

    def signature(self) -> dict[str, object]:
        """Parameters that determine the alignment."""
        return {"method": "chrf-v0", "threshold": self.threshold}

    def align(self, sources: Sequence[Source]) -> list[Alignment]:
        """All confident paragraph links between different sources."""
        from sacrebleu.metrics import CHRF

        chrf = CHRF()
        out = []
        for i, sa in enumerate(sources):
            for sb in sources[i + 1 :]:
                for pa in sa.paragraphs:
                    if pa.kind != "body":
                        continue
                    for pb in sb.paragraphs:
                        if pb.kind != "body":
                            continue
                        score = chrf.sentence_score(sa.paragraph_text(pa.index), [sb.paragraph_text(pb.index)]).score
                        if score >= self.threshold:
                            out.append(Alignment(ParaRef(sa.id, pa.index), ParaRef(sb.id, pb.index), score / 100, "same"))
        return out
