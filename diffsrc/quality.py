"""Per-source translation-quality summary from the findings."""

from __future__ import annotations

from collections import Counter
from typing import Sequence

from diffsrc.model import Alignment, Finding, Source, SourceSummary


def summarize(
    sources: Sequence[Source], findings: Sequence[Finding], alignments: Sequence[Alignment], options: object = None
) -> list[SourceSummary]:
    """Artefact density, counts and a verdict for each source."""
    out = []
    for s in sources:
        mine = [f for f in findings if f.source == s.id]
        words = max(1, s.words)
        density = 1000 * len(mine) / words
        sev = Counter(f.severity for f in mine)
        verdict = "clean" if density < 5 else "likely machine-translated"
        out.append(
            SourceSummary(
                source=s.id, words=s.words, artefacts=len(mine), per_1000_words=density,
                by_severity={k: sev.get(k, 0) for k in ("high", "medium", "low")},
                by_category=dict(Counter(f.category for f in mine)), verdict=verdict,
            )
        )
    return out
