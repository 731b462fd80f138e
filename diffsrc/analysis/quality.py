"""Per-source translation-quality summary: artefact density, a verdict with reasons, MT metrics.

The verdict weighs findings by severity per 1,000 words. A text under ``CLEAN_DENSITY`` is
"clean"; one whose artefacts are mostly synonym substitutions is "likely spun"; otherwise it is
"likely machine-translated". When a source is paired with a reference (``--reference`` or a
manifest relation naming another source of the comparison), sacrebleu's BLEU, chrF and TER are
computed on the whole document and on its aligned paragraphs, with sacrebleu's signatures.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from diffsrc.analysis.copies import family_members
from diffsrc.model import Alignment, Analysis, Finding, Source, SourceSummary

SEVERITY_WEIGHT = {"high": 1.0, "medium": 0.6, "low": 0.3}
# Weighted artefacts per 1,000 words under which a text reads as clean.
CLEAN_DENSITY = 3.0
# Fewer artefacts than this never make a verdict: one slip is not evidence of a process.
MIN_ARTEFACTS = 3
# Share of synonym substitutions from which a text reads as spun (when they alone, weighted by
# severity, are as dense as the artefacts that make a text not clean).
SPUN_SHARE = 0.5
SPIN_CATEGORY = "synonym_substitution"
CATEGORY_LABELS = {  # singular, plural
    "false_friend_or_calque": ("false friend or calque", "false friends or calques"),
    "synonym_substitution": ("synonym substitution", "synonym substitutions"),
    "word_order": ("word-order calque", "word-order calques"),
    "grammar": ("grammar error", "grammar errors"),
    "casing": ("casing error", "casing errors"),
    "foreign_typography": ("foreign typography", "foreign typography"),
    "garbled_or_nonword": ("garbled word", "garbled words"),
    "untranslated_word": ("untranslated word", "untranslated words"),
    "name_corruption": ("corrupted name", "corrupted names"),
    "repetition": ("repetition", "repetitions"),
}
# Manifest relations that make a source a translation (or copy) of another one.
TRANSLATION_RELATIONS = (
    "machine_translation_of", "translation_of", "round_trip_translation_of", "spun_copy_of", "copy_of",
)


def summarize(
    sources: Sequence[Source], findings: Sequence[Finding], alignments: Sequence[Alignment], options: object = None,
    focus: frozenset[str] | None = None, families: Mapping[str, str] | None = None,
) -> list[SourceSummary]:
    """Artefact density, counts, a verdict with its reasons and MT metrics for each source.

    With ``focus`` (a check), only the checked sources are summarised: the others were not
    searched for artefacts, so a verdict on them would say nothing. The verdict is the
    document's own (its findings per 1,000 of its words), whatever else is compared; with
    ``families`` (``analysis.copies``), a source's near-copies are named among its reasons.
    """
    pairs = reference_pairs(sources, options)
    by_source: dict[str, list[Finding]] = {}
    for f in findings:
        by_source.setdefault(f.source, []).append(f)
    out = []
    for s in sources:
        if focus is not None and s.id not in focus:
            continue
        mine = by_source.get(s.id, [])
        verdict, reasons = judge(s, mine)
        reasons += copy_reasons(s, families or {})
        scores: dict[str, Mapping[str, object]] = {}
        for src_id, ref_id, origin in pairs:
            if src_id == s.id:
                ref = next(r for r in sources if r.id == ref_id)
                scores[ref_id] = {"origin": origin, **mt_scores(s, ref, alignments)}
        words = s.words
        out.append(
            SourceSummary(
                source=s.id, words=words, artefacts=len(mine),
                per_1000_words=round(1000 * len(mine) / max(1, words), 2),
                by_severity={k: sum(1 for f in mine if f.severity == k) for k in ("high", "medium", "low")},
                by_category=dict(sorted(Counter(f.category for f in mine).items())),
                verdict=verdict, reasons=tuple(reasons), scores=scores,
            )
        )
    return out


def copy_reasons(source: Source, families: Mapping[str, str]) -> list[str]:
    """A reason naming the source's near-copies in the comparison, if it has any."""
    copies = [sid for sid in family_members(families, source.id) if sid != source.id]
    if not copies:
        return []
    shown = ", ".join(copies[:3]) + (f" and {len(copies) - 3} more" if len(copies) > 3 else "")
    return [
        f"one text with {len(copies)} near-cop{'y' if len(copies) == 1 else 'ies'} in the comparison ({shown}): "
        "other sources' evidence counts them as one witness"
    ]


def _weighted(findings: Sequence[Finding], words: int) -> float:
    """Findings per 1,000 words, each counted by its severity's weight."""
    return 1000 * sum(SEVERITY_WEIGHT.get(f.severity, 0.5) for f in findings) / words


def judge(source: Source, findings: Sequence[Finding]) -> tuple[str, list[str]]:
    """The verdict for one source and the reasons behind it."""
    words = max(1, source.words)
    weighted = _weighted(findings, words)
    cats = Counter(f.category for f in findings)
    spin = cats.get(SPIN_CATEGORY, 0)
    spin_density = 1000 * spin / words
    spin_weighted = _weighted([f for f in findings if f.category == SPIN_CATEGORY], words)
    reasons = [
        f"{len(findings)} artefact{'' if len(findings) == 1 else 's'} in {source.words} words "
        f"({1000 * len(findings) / words:.1f} per 1,000; severity-weighted {weighted:.1f})"
    ]
    relation = next((f"{k.replace('_', ' ')}: {v}" for k, v in source.meta.relations.items()), "")
    if weighted < CLEAN_DENSITY or len(findings) < MIN_ARTEFACTS:
        if len(findings) < MIN_ARTEFACTS:
            reasons.append(f"fewer than {MIN_ARTEFACTS} artefacts")
        else:
            reasons.append(f"severity-weighted density under {CLEAN_DENSITY:g} per 1,000 words")
        if relation:
            reasons.append(f"manifest says {relation}, but few artefacts remain")
        return "clean", reasons
    top = ", ".join(f"{n} {CATEGORY_LABELS.get(c, (c, c))[n != 1]}" for c, n in cats.most_common(4))
    if spin and spin / max(1, len(findings)) >= SPUN_SHARE and spin_weighted >= CLEAN_DENSITY:
        reasons.append(
            f"{spin} synonym substitutions ({spin_density:.1f} per 1,000 words, "
            f"{100 * spin / len(findings):.0f}% of artefacts): thesaurus swaps typical of an article spinner"
        )
        examples = [f"'{f.text}' for '{f.suggestion}'" for f in findings if f.category == SPIN_CATEGORY and f.suggestion]
        if examples:
            reasons.append("e.g. " + "; ".join(examples[:3]))
        verdict = "likely spun"
    else:
        reasons.append(f"translation artefacts: {top}")
        high = [f for f in findings if f.severity == "high"]
        if high:
            reasons.append("e.g. " + "; ".join(f"'{f.text}'" for f in high[:3]))
        verdict = "likely machine-translated"
    if relation:
        reasons.append(f"manifest says {relation}")
    return verdict, reasons


def reference_pairs(sources: Sequence[Source], options: object = None) -> list[tuple[str, str, str]]:
    """(source id, reference id, origin) pairs: ``--reference`` first, then manifest relations."""
    ids = {s.id for s in sources}
    out: list[tuple[str, str, str]] = []
    for src, ref in getattr(options, "references", ()) or ():
        if src in ids and ref in ids and src != ref and (src, ref) not in [(a, b) for a, b, _ in out]:
            out.append((src, ref, "--reference"))
    for s in sources:
        for rel, target in s.meta.relations.items():
            if rel in TRANSLATION_RELATIONS and target in ids and target != s.id:
                if (s.id, target) not in [(a, b) for a, b, _ in out]:
                    out.append((s.id, target, f"manifest relation {rel}"))
    return out


def mt_scores(hyp: Source, ref: Source, alignments: Sequence[Alignment]) -> dict[str, Any]:
    """BLEU, chrF and TER of ``hyp`` against ``ref`` on the whole document and aligned paragraphs."""
    from sacrebleu.metrics import BLEU, CHRF, TER

    out: dict[str, Any] = {"reference": ref.id}
    if hyp.lang != ref.lang:
        out["note"] = f"languages differ ({hyp.lang} vs {ref.lang}); string metrics need a same-language reference"
        return out
    doc_h, doc_r = _body(hyp), _body(ref)
    bleu, chrf, ter = BLEU(), CHRF(), TER()
    out["document"] = {
        "bleu": round(bleu.corpus_score([doc_h], [[doc_r]]).score, 2),
        "chrf": round(chrf.corpus_score([doc_h], [[doc_r]]).score, 2),
        "ter": round(ter.corpus_score([doc_h], [[doc_r]]).score, 2),
    }
    pairs = aligned_pairs(hyp, ref, alignments)
    if pairs:
        hyps = [h for h, _ in pairs]
        refs = [[r for _, r in pairs]]
        pb, pc, pt = BLEU(), CHRF(), TER()
        out["paragraphs"] = {
            "pairs": len(pairs),
            "bleu": round(pb.corpus_score(hyps, refs).score, 2),
            "chrf": round(pc.corpus_score(hyps, refs).score, 2),
            "ter": round(pt.corpus_score(hyps, refs).score, 2),
        }
    else:
        out["paragraphs"] = {"pairs": 0, "note": "no aligned paragraphs between the two sources"}
    out["signatures"] = {"bleu": str(bleu.get_signature()), "chrf": str(chrf.get_signature()),
                         "ter": str(ter.get_signature())}
    return out


def aligned_pairs(hyp: Source, ref: Source, alignments: Sequence[Alignment]) -> list[tuple[str, str]]:
    """(hypothesis paragraph, reference paragraph) texts of the alignments between two sources.

    A hypothesis paragraph aligned to several reference paragraphs is scored against their
    concatenation, so split or merged paragraphs are not penalised twice.
    """
    linked: dict[int, list[int]] = {}
    for al in alignments:
        for a, b in ((al.a, al.b), (al.b, al.a)):
            if a.source == hyp.id and b.source == ref.id:
                linked.setdefault(a.paragraph, [])
                if b.paragraph not in linked[a.paragraph]:
                    linked[a.paragraph].append(b.paragraph)
    out = []
    for hp in sorted(linked):
        if hp >= len(hyp.paragraphs):
            continue
        refs = [r for r in sorted(linked[hp]) if r < len(ref.paragraphs)]
        if refs:
            out.append((hyp.paragraph_text(hp), " ".join(ref.paragraph_text(r) for r in refs)))
    return out


def _body(source: Source) -> str:
    """The running text of a source (body paragraphs), or all of it when it has no paragraphs."""
    body = [source.text[p.start : p.end] for p in source.paragraphs if p.kind == "body"]
    return " ".join(body) if body else " ".join(source.text.split())


def aligned_shares(analysis: Analysis) -> dict[str, float | None]:
    """Share of each source's body paragraphs aligned to a paragraph of another source."""
    linked: dict[str, set[int]] = {}
    for a in analysis.alignments:
        if a.a.source == a.b.source:
            continue
        linked.setdefault(a.a.source, set()).add(a.a.paragraph)
        linked.setdefault(a.b.source, set()).add(a.b.paragraph)
    out: dict[str, float | None] = {}
    alone = len(analysis.sources) < 2
    for s in analysis.sources:
        body = {p.index for p in s.paragraphs if p.kind == "body"}
        out[s.id] = None if alone or not body else len(linked.get(s.id, set()) & body) / len(body)
    return out
