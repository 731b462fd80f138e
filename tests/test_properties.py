"""Property: whatever the text, every span in the analysis quotes its source exactly."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diffsrc.analysis import pipeline
from diffsrc.io.ingest import segment
from diffsrc.model import Source

# Fragments that exercise the detectors and claim extractors: names, weekdays, numbers, French
# words, typography debris, casing oddities, quotes, repeated words.
FRAGMENTS = [
    "President Emmanuel Macron", "Mette Frederiksen", "puts Frederiksen", "kyiv", "Kyiv", "UNITED STATES",
    "on Monday", "mardi", "on Thursday", "mercredi", "20 minutes", "3 %", "3%north", "100,000 troops",
    "«", "»»", "“", "”", "‘", "L ‘Spain", "follow -up", "said", "said that", "a negotiated regulation",
    "principal researcher", "the Rafale", "Bélarus", "TROUNS", "reassurance pressure", "cease Possible fire",
    "line of possible ceasefire line", "Without", "If", "the", "talks", "in Paris", "à Paris", "le président",
    "déclaré", "Ukraine", "Russia", "Poutine", "Putin", "NATO", "OTAN", "Germany, Italy, Poland and Spain",
    "l’Allemagne, l’Italie, la Pologne et l’Espagne", "\u00a0", "é", "Ã©", "\u202e", "{{ x }}", "<b>",
    ".", ",", "?", "!", ":", ";", "-", "–", "—", "(", ")", "1", "42", "2025", "\t",
]

words = st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=25).map(" ".join)
paragraphs = st.lists(words, min_size=1, max_size=5).map("\n".join)


def _source(sid: str, text: str) -> Source:
    paras, lang = segment(text, "text")
    return Source(sid, f"{sid}.txt", text, sid * 8, lang, "utf-8", "text", paras)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paragraphs, paragraphs, paragraphs)
def test_every_span_matches_its_source_text(a: str, b: str, c: str) -> None:
    sources = [_source("a", a), _source("b", b), _source("c", c)]
    analysis = pipeline.run(sources)
    texts = {s.id: s.text for s in sources}
    for f in analysis.findings:
        assert f.text and texts[f.source][f.start : f.end] == f.text, f
        for e in f.evidence:
            if e.source is not None and e.start is not None and e.end is not None:
                assert texts[e.source][e.start : e.end] == e.text, e
    for fact in analysis.facts:
        for claim in fact.claims:
            assert texts[claim.source][claim.start : claim.end] == claim.text, claim
    n = {s.id: len(s.paragraphs) for s in sources}
    for al in analysis.alignments:
        assert al.a.source != al.b.source
        assert 0 <= al.a.paragraph < n[al.a.source] and 0 <= al.b.paragraph < n[al.b.source]
