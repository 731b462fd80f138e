"""A small invented corpus as a hand-built ``Analysis`` for the report tests.

Three outlets report an invented event (a ferry strike in the fictional port of Carrow); one is a
French machine translation. Every kind of mark is present: findings of several categories and
severities, with evidence; agreement, contradiction and omission claims; a finding inside a claim
and two overlapping findings; an unmatched paragraph; a hostile source with markup and template
syntax in its text and metadata.
"""

from __future__ import annotations

import hashlib

from diffsrc.model import (
    Alignment,
    Analysis,
    Claim,
    Evidence,
    Fact,
    Finding,
    IngestIssue,
    Paragraph,
    ParaRef,
    Source,
    SourceMeta,
    SourceSummary,
)

GAZETTE = """Ferry strike halts crossings to Carrow
Ferry crews in Carrow walked out on Tuesday, stopping all 40 daily crossings to the islands, the harbour authority said.
The union wants a 6% pay rise; the operator has offered 3%.
Mayor Ines Duval called the strike "a blow to every family on the islands" and asked both sides to talk.
Talks are set to resume on Friday at the town hall.
Local shops said deliveries of fresh food had already stopped."""

WIRE = """Ferry Strike Stops Crossings
The ferry crews of Carrow have made grève on Tuesday, stopping the 40 crossings daily to the islands, said the authority of the port.
The union demands an increase of salary of 6% ; the operator has offered 3%.
The negotiations will resume Thursday at the town hall, according to the union.
The mayor Ines Duval has called the strike « a blow for each family of the islands »."""

COURRIER = """Grève des ferries à Carrow
Les équipages des ferries de Carrow ont cessé le travail mercredi, supprimant les 35 traversées quotidiennes vers les îles, selon l'autorité portuaire.
Le syndicat réclame une hausse de salaire de 6 % ; l'exploitant propose 3 %.
La maire Ines Duval a appelé les deux parties à négocier."""

HOSTILE = """<script>alert("pwned")</script> Ferry news {{ 7*7 }} and {% if true %}jinja{% endif %}
Crews walked out on Tuesday <img src=x onerror="alert(1)"> near the harbour <a href="javascript:alert(2)">here</a>.
Read more at <iframe src="http://example.com/frame"></iframe> and <link rel=stylesheet href="http://example.com/x.css"> </textarea></style></mark>
Union leaders said {{ config }} was "${jndi:ldap://example.com/a}" and the talks resume on Friday."""


def make_source(
    source_id: str,
    text: str,
    lang: str,
    meta: SourceMeta,
    kinds: dict[int, str] | None = None,
    issues: tuple[IngestIssue, ...] = (),
) -> Source:
    """A source split into line paragraphs (no language guessing, so the corpus is stable)."""
    paragraphs = []
    pos = 0
    for i, line in enumerate(text.split("\n")):
        kind = (kinds or {}).get(i, "body")
        paragraphs.append(Paragraph(i, pos, pos + len(line), lang, kind))  # type: ignore[arg-type]
        pos += len(line) + 1
    return Source(
        id=source_id, path=f"corpus/{source_id}.txt", text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), lang=lang, encoding="utf-8",
        format="text", paragraphs=tuple(paragraphs), meta=meta, issues=issues,
    )


def span(source: Source, needle: str, nth: int = 0) -> tuple[int, int]:
    """The offsets of the ``nth`` occurrence of ``needle`` in a source."""
    start = -1
    for _ in range(nth + 1):
        start = source.text.index(needle, start + 1)
    return start, start + len(needle)


def finding(source: Source, needle: str, code: str, category: str, severity: str, message: str,
            suggestion: str = "", evidence: tuple[Evidence, ...] = (), confidence: float = 0.8) -> Finding:
    """A finding on the first occurrence of ``needle``."""
    a, b = span(source, needle)
    return Finding(source.id, a, b, source.text[a:b], code, category, severity, message,  # type: ignore[arg-type]
                   suggestion, evidence, confidence, "test")


def claim(source: Source, needle: str, kind: str, value: str, lang: str = "en") -> Claim:
    """A claim on the first occurrence of ``needle``."""
    a, b = span(source, needle)
    para = source.paragraph_at(a)
    assert para is not None
    return Claim(source.id, para.index, a, b, source.text[a:b], kind, value, "", lang)


def evidence(source: Source, needle: str, note: str) -> Evidence:
    """A quote from another source as evidence."""
    a, b = span(source, needle)
    return Evidence(note, source.id, a, b, source.text[a:b])


def corpus(hostile: bool = False) -> Analysis:
    """The invented corpus; with ``hostile`` a fourth source full of markup joins."""
    gaz = make_source("gazette", GAZETTE, "en", SourceMeta(
        outlet="Carrow Gazette", title="Ferry strike halts crossings to Carrow", date="2031-05-06",
        url="https://gazette.example/ferry-strike", lang="en"), kinds={0: "heading"})
    wire = make_source("wire-en", WIRE, "en", SourceMeta(
        outlet="Northern Wire", title="Ferry strike stops crossings", date="2031-05-06", lang="en",
        relations={"round_trip_translation_of": "a French wire story"},
        notes="Round-trip machine translation."), kinds={0: "heading"})
    cour = make_source("courrier-fr", COURRIER, "fr", SourceMeta(
        outlet="Le Courrier du Port", title="Grève des ferries à Carrow", date="2031-05-07", lang="fr"),
        kinds={0: "heading"})
    sources = [gaz, wire, cour]
    findings = [
        finding(wire, "made grève", "DS101", "untranslated_word", "high",
                "French word left in English text", "went on strike",
                (evidence(gaz, "walked out", "the other English source says"),
                 evidence(cour, "cessé le travail", "the French source says"))),
        finding(wire, "grève", "DS102", "false_friend_or_calque", "medium",
                "Calque of French 'faire grève'", "strike"),
        finding(wire, "the 40 crossings daily", "DS201", "word_order", "medium",
                "Adverb placed after the noun, as in French", "the 40 daily crossings",
                (evidence(gaz, "40 daily crossings", "word order in another source"),)),
        finding(wire, "the authority of the port", "DS202", "false_friend_or_calque", "low",
                "Noun-of-noun calque of 'l'autorité du port'", "the port authority", confidence=0.6),
        finding(wire, "increase of salary", "DS203", "false_friend_or_calque", "medium",
                "Calque of 'augmentation de salaire'", "pay rise"),
        finding(wire, "6% ;", "DS402", "foreign_typography", "low",
                "Space before a semicolon, French typography", "6%;"),
        finding(wire, "« a blow for each family of the islands »", "DS401", "foreign_typography", "high",
                "French guillemets in English text", "“a blow to every family on the islands”",
                (evidence(gaz, "a blow to every family on the islands", "quoted in English by"),)),
        finding(wire, "Ferry Strike Stops Crossings", "DS301", "casing", "low",
                "Title case headline in a sentence-case outlet", "Ferry strike stops crossings"),
        finding(cour, "supprimant", "DS501", "synonym_substitution", "low",
                "Unusual verb for cancelled services", "annulant", confidence=0.4),
    ]
    contra_day = Fact("contradiction", "Day the strike began", (
        claim(gaz, "walked out on Tuesday", "weekday", "tuesday"),
        claim(wire, "have made grève on Tuesday", "weekday", "tuesday"),
        claim(cour, "ont cessé le travail mercredi", "weekday", "wednesday", "fr"),
    ), "weekday", 0.9, "The French report says Wednesday; both English reports say Tuesday.")
    contra_count = Fact("contradiction", "Number of daily crossings", (
        claim(gaz, "all 40 daily crossings", "number", "40"),
        claim(cour, "les 35 traversées quotidiennes", "number", "35", "fr"),
    ), "number", 0.8, "40 crossings against 35.")
    contra_talks = Fact("contradiction", "Day talks resume", (
        claim(gaz, "resume on Friday", "weekday", "friday"),
        claim(wire, "resume Thursday", "weekday", "thursday"),
    ), "weekday", 0.7, "Friday against Thursday.")
    agree_pay = Fact("agreement", "Pay claim and offer", (
        claim(gaz, "a 6% pay rise; the operator has offered 3%", "number", "6%/3%"),
        claim(cour, "hausse de salaire de 6 % ; l'exploitant propose 3 %", "number", "6%/3%", "fr"),
    ), "number", 0.95, "Both give 6% asked and 3% offered.")
    omit_shops = Fact("omission", "Food deliveries stopped", (
        claim(gaz, "deliveries of fresh food had already stopped", "event", "deliveries stopped"),
    ), "event", 0.6, "Only the Gazette reports stopped food deliveries.")
    alignments = [
        Alignment(ParaRef("gazette", 0), ParaRef("wire-en", 0), 71.0, "same"),
        Alignment(ParaRef("gazette", 1), ParaRef("wire-en", 1), 82.0, "same"),
        Alignment(ParaRef("gazette", 1), ParaRef("courrier-fr", 1), 64.0, "same"),
        Alignment(ParaRef("gazette", 2), ParaRef("wire-en", 2), 60.0, "same"),
        Alignment(ParaRef("gazette", 2), ParaRef("courrier-fr", 2), 58.0, "same"),
        Alignment(ParaRef("gazette", 3), ParaRef("wire-en", 4), 55.0, "related"),
        Alignment(ParaRef("gazette", 3), ParaRef("courrier-fr", 3), 47.0, "related"),
        Alignment(ParaRef("gazette", 4), ParaRef("wire-en", 3), 66.0, "same"),
        Alignment(ParaRef("gazette", 0), ParaRef("courrier-fr", 0), 52.0, "same"),
    ]
    summaries = [
        SourceSummary("gazette", gaz.words, 0, 0.0, {"high": 0, "medium": 0, "low": 0}, {}, "clean"),
        SourceSummary("wire-en", wire.words, 8, 1000 * 8 / wire.words, {"high": 2, "medium": 3, "low": 3},
                      {"untranslated_word": 1, "false_friend_or_calque": 3, "word_order": 1,
                       "foreign_typography": 2, "casing": 1},
                      "likely machine-translated", ("8 artefacts, 2 of high severity", "French typography"),
                      {"gazette": {"bleu": 21.3, "chrf": 48.25, "ter": 71.0}}),
        SourceSummary("courrier-fr", cour.words, 1, 1000 / cour.words, {"high": 0, "medium": 0, "low": 1},
                      {"synonym_substitution": 1}, "clean"),
    ]
    facts = [contra_day, contra_count, contra_talks, agree_pay, omit_shops]
    warnings: list[str] = []
    if hostile:
        evil = make_source("evil<script>", HOSTILE, "en", SourceMeta(
            outlet='<img src=x onerror="alert(3)">Evil {{ outlet }}', title="<script>alert(4)</script>",
            url="javascript:alert(5)", lang="en", notes="{% include 'x' %}"),
            issues=(IngestIssue("mojibake", "<b>bold</b> issue {{ 1 }}"),))
        sources.append(evil)
        findings.append(finding(evil, '<img src=x onerror="alert(1)">', "DS900", "<b>markup</b>", "high",
                                "<script>alert(6)</script> message", "<img src=y onerror=alert(7)>",
                                (evidence(gaz, "walked out on Tuesday", "<i>note</i>"),)))
        findings.append(finding(evil, "{{ 7*7 }}", "DS901", "garbled_or_nonword", "medium", "{{ 8*8 }}"))
        facts.append(Fact("contradiction", "<script>alert(8)</script>", (
            claim(evil, "talks resume on Friday", "weekday", "<b>friday</b>"),
            claim(wire, "resume Thursday", "weekday", "thursday"),
        ), "weekday", 0.5, "{% raw %}x"))
        alignments.append(Alignment(ParaRef("evil<script>", 1), ParaRef("gazette", 1), 40.0, "related"))
        summaries.append(SourceSummary("evil<script>", evil.words, 2, 1000 * 2 / evil.words,
                                       {"high": 1, "medium": 1, "low": 0}, {"<b>markup</b>": 1,
                                                                            "garbled_or_nonword": 1},
                                       "<script>alert(9)</script>"))
        warnings.append("<script>alert(10)</script> warning")
    return Analysis(
        sources=tuple(sources), alignments=tuple(alignments), findings=tuple(findings), facts=tuple(facts),
        summaries=tuple(summaries),
        signature={"diffsrc": "0.1.0", "aligner": {"method": "test"}, "detectors": {"DS101": "test@1"},
                   "options": {"embedder": None}},
        warnings=tuple(warnings),
    )


def many(n: int) -> Analysis:
    """``n`` outlets reporting the invented event: the three texts of ``corpus`` in turn, with the
    marks of the small corpus on each copy, every copy aligned with the first, and one agreement
    and one contradiction that every copy takes part in (the shape that grows with n²)."""
    small = corpus()
    base = {s.id: s for s in small.sources}
    kinds = ("gazette", "wire-en", "courrier-fr")
    sources, findings, alignments, summaries = [], [], [], []
    days: list[Claim] = []
    pay: list[Claim] = []
    for k in range(n):
        like = base[kinds[k % 3]]
        src = make_source(f"outlet-{k:02d}", like.text, like.lang, SourceMeta(
            outlet=f"Outlet {k:02d}", title=like.meta.title, date=like.meta.date, lang=like.lang), kinds={0: "heading"})
        sources.append(src)
        findings += [Finding(src.id, f.start, f.end, f.text, f.code, f.category, f.severity, f.message, f.suggestion,
                             tuple(Evidence(e.note, "outlet-00", e.start, e.end, e.text) for e in f.evidence
                                   if e.source == "gazette"), f.confidence)
                     for f in small.findings if f.source == like.id]
        for a in small.alignments if k else ():
            if a.a.source == "gazette" and a.b.source == like.id:
                alignments.append(Alignment(ParaRef("outlet-00", a.a.paragraph), ParaRef(src.id, a.b.paragraph), a.score, a.strength))
            elif like.id == "gazette" and a.a.source == "gazette" and a.b.source == "wire-en":
                alignments.append(Alignment(ParaRef("outlet-00", a.a.paragraph), ParaRef(src.id, a.a.paragraph), a.score, a.strength))
        for f in small.facts:
            for c in f.claims:
                if c.source == like.id and f.topic in ("Day the strike began", "Pay claim and offer"):
                    (days if f.kind == "contradiction" else pay).append(
                        Claim(src.id, c.paragraph, c.start, c.end, c.text, c.kind, c.value, c.key, c.lang))
        summ = next(s for s in small.summaries if s.source == like.id)
        summaries.append(SourceSummary(src.id, summ.words, summ.artefacts, summ.per_1000_words, summ.by_severity,
                                       summ.by_category, summ.verdict, summ.reasons))
    facts = (Fact("contradiction", "Day the strike began", tuple(days), "weekday", 0.9, "Wednesday against Tuesday."),
             Fact("agreement", "Pay claim and offer", tuple(pay), "number", 0.95, "6% asked and 3% offered."))
    return Analysis(tuple(sources), tuple(alignments), tuple(findings), facts, tuple(summaries),
                    {"diffsrc": "0.1.0", "aligner": {"method": "test"}}, ())
