"""How categories, severities, facts, verdicts and numbers are shown: names, badges, colours."""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Mapping

from diffsrc.report import plural
from diffsrc.report.links import slugify
from diffsrc.report.segments import CONTROL_CHARS
from diffsrc.report.views import Category, ScoreTable

FACT_ORDER = {"contradiction": 0, "omission": 1, "agreement": 2}
FACT_ICONS = {"contradiction": "≠", "omission": "∅", "agreement": "="}
FACT_LABELS = {"contradiction": "Contradiction", "omission": "Omission", "agreement": "Agreement"}
SEVERITIES = ("high", "medium", "low")
SEVERITY_ICONS = {"high": "▲", "medium": "◆", "low": "▽"}

# Known artefact categories: a readable name, a short badge and a colour. Unknown categories get
# a name from their key and a colour from a stable hash, so new detectors render sensibly.
CATEGORIES: dict[str, tuple[str, str, str]] = {
    "false_friend_or_calque": ("False friend / calque", "FF", "#b45309"),
    "garbled_or_nonword": ("Garbled / non-word", "GW", "#dc2626"),
    "grammar": ("Grammar", "GR", "#9333ea"),
    "casing": ("Casing", "CA", "#0e7490"),
    "synonym_substitution": ("Synonym substitution (spinning)", "SY", "#db2777"),
    "word_order": ("Word order", "WO", "#4d7c0f"),
    "foreign_typography": ("Foreign typography", "TY", "#2563eb"),
    "untranslated_word": ("Untranslated word", "UW", "#c2410c"),
    "repetition": ("Repetition", "RE", "#0f766e"),
}
_PALETTE = ("#0369a1", "#a21caf", "#a16207", "#15803d", "#be123c", "#4f46e5", "#047857", "#9a3412")
STRIP_WIDTH = 120  # width of the overview's strip of finding positions, in SVG units
GOOD_VERDICTS = ("clean", "ok", "original", "good", "human")


def category(key: str) -> Category:
    """Display data of an artefact category."""
    css = "cat-" + slugify(key)
    if key in CATEGORIES:
        label, short, colour = CATEGORIES[key]
    else:
        label = key.replace("_", " ").strip().capitalize() or "Other"
        short = "".join(w[0] for w in re.findall(r"[A-Za-z]+", key))[:2].upper() or "?"
        colour = _PALETTE[zlib.crc32(key.encode("utf-8")) % len(_PALETTE)]
    return Category(key, label, short, colour, css, ink(colour))


def ink(colour: str) -> str:
    """Black or white, whichever contrasts more with a ``#rrggbb`` background (WCAG luminance)."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    lum = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    return "#1f2328" if (lum + 0.05) / 0.05 > 1.05 / (lum + 0.05) else "#ffffff"


def verdict_css(verdict: str) -> str:
    v = verdict.lower()
    return "good" if any(v.startswith(g) for g in GOOD_VERDICTS) else "warn"


def fmt_num(value: object) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def compact(value: object) -> str:
    if value is None or value == [] or value == {} or value == () or value == "":
        return ""
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {compact(v)}" for k, v in sorted(value.items())) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(compact(v) for v in value) + "]"
    return fmt_num(value)


METRICS = ("bleu", "chrf", "ter")
METRIC_NAMES = {"bleu": "BLEU", "chrf": "chrF", "ter": "TER"}


def score_table(scores: Mapping[str, Mapping[str, object]], label: Callable[[str], str]) -> ScoreTable:
    """Reference scores as table rows (one per reference and scope) plus notes and signatures.

    Accepts flat ``{ref: {bleu, chrf, ter}}`` and nested ``{ref: {document: {...}, paragraphs:
    {...}, origin, note, signatures}}`` shapes.
    """
    rows: list[tuple[str, tuple[str, ...]]] = []
    notes: list[str] = []
    signatures: list[str] = []
    for ref in sorted(scores):
        values = scores[ref]
        name = label(ref)
        scopes: list[tuple[str, Mapping[str, object]]] = []
        if any(k in values for k in METRICS):
            scopes.append(("document", values))
        for key, value in values.items():
            if isinstance(value, Mapping) and key != "signatures" and any(k in value for k in METRICS):
                scopes.append((key, value))
            elif isinstance(value, Mapping) and key == "signatures":
                signatures += [f"{METRIC_NAMES.get(k, k)}: {v}" for k, v in sorted(value.items())]
            elif isinstance(value, Mapping) and "note" in value:
                notes.append(f"{name}, {key}: {value['note']}")
            elif key == "origin" and value:
                notes.append(f"{name}: reference chosen by {value}")
            elif key == "note" and value:
                notes.append(f"{name}: {value}")
        for scope, metrics in scopes:
            pairs = metrics.get("pairs")
            scope_label = f"{scope} ({pairs} pairs)" if pairs is not None else scope
            rows.append((f"{name} · {scope_label}", tuple(fmt_num(metrics.get(m, "")) for m in METRICS)))
    return ScoreTable(tuple(METRIC_NAMES[m] for m in METRICS), tuple(rows), tuple(notes), tuple(signatures))


# Columns the side-by-side page shows at first; the others are one tick away in the filter bar.
# Six columns of the minimum width (14rem) fit a 1400-pixel window; more squeezed 60 sources to
# one letter per line.
SHOWN_COLUMNS = 6
# Evidence and counterparts listed in one note: every mark of a 60-source report listing its 59
# counterparts made the pages grow with the square of the sources (a 51 MB report of 0.5 MB).
NOTE_LINKS = 6
# Facts a claim's note names (topics, messages): a quote in 60 sources belongs to dozens of facts.
NOTE_FACTS = 3
# Claims an overview fact lists; the others are counted.
FACT_CLAIMS = 12
# Longest context quoted on each side of a contradiction's claim; longer sentences are cut.
SIDE_CONTEXT = 160


def clip_message(message: str, limit: int = 240) -> str:
    """A fact's message as a note shows it: the facts of many sources list every source's value."""
    return message if len(message) <= limit else message[:limit].rstrip() + "…"


def first_items(sep: str, items: list[str], noun: str) -> str:
    """The first NOTE_FACTS distinct items joined, and how many more there are."""
    distinct = list(dict.fromkeys(items))
    more = len(distinct) - NOTE_FACTS
    return sep.join(distinct[:NOTE_FACTS]) + (f"{sep}and {plural(more, 'more ' + noun)}" if more > 0 else "")


def left_out(evidence: int, counterparts: int) -> str:
    """What a note leaves out, e.g. "and 53 more sources with this claim"."""
    parts = []
    if evidence > 0:
        parts.append(f"{plural(evidence, 'more piece')} of evidence")
    if counterparts > 0:
        parts.append(f"{plural(counterparts, 'more source')} with this claim (all in the overview's fact)")
    return ("and " + "; and ".join(parts)) if parts else ""


def visible_controls(text: str) -> str:
    """Text with invisible control characters (bidi overrides, zero-width) named, not obeyed."""
    return CONTROL_CHARS.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)
