"""SARIF 2.1.0 output: one result per finding or contradiction, with line and column regions.

Code-scanning services (GitHub, GitLab, Azure DevOps) show SARIF results as annotations on the
lines of a pull request. Offsets in diffsrc are code points into the source text, so the run
declares ``columnKind: unicodeCodePoints`` and columns are 1-based code-point columns. Paths are
relative to a root folder (the repository root) under the ``%SRCROOT%`` base id.

For an HTML source the offsets point into the extracted article text, not into the file; the
quoted text is looked up in the file to place the region, and when it cannot be found the
result points at the file's first line and says so.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import os
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from diffsrc import __version__
from diffsrc.analysis.values import clipped
from diffsrc.model import Analysis, Claim, Fact, Finding, Source
from diffsrc.report import inert_json, printable, quoted

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/diffsrc/"
LEVEL = {"high": "error", "medium": "warning", "low": "note"}
CONTRADICTION_RULE = "DSC001"
# Thresholds of ``diffsrc check`` as rules, so a failing source is annotated with the reason.
THRESHOLD_RULES: Mapping[str, tuple[str, str, str]] = {
    "max_per_1000_words": (
        "DSQ001", "artefact-density",
        "More machine-translation or spinning artefacts per 1,000 words than the configured maximum "
        "(max_per_1000_words).",
    ),
    "min_aligned_share": (
        "DSQ002", "unrelated-to-corpus",
        "Too few paragraphs align with the corpus (min_aligned_share): the source may report another "
        "event, or be too damaged to compare.",
    ),
    "languages": (
        "DSQ003", "language-not-allowed",
        "The source is in a language the configuration does not allow (languages).",
    ),
}
_MIME = {"html": "text/html", "markdown": "text/markdown", "text": "text/plain"}


@dataclass(frozen=True)
class Position:
    """A 1-based line and column (code points) region in a file."""

    start_line: int
    start_column: int
    end_line: int
    end_column: int
    exact: bool = True


class Locator:
    """Turns code-point offsets of a source into file lines and columns."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self._file_text: str | None = None
        if source.format == "html":
            self._file_text = _read_decoded(source)
        text = self._file_text if self._file_text is not None else source.text
        self._text = text
        self._line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]

    def _point(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._line_starts, offset) - 1
        return line + 1, offset - self._line_starts[line] + 1

    def region(self, start: int, end: int, quote_text: str = "") -> Position:
        """The file region of ``source.text[start:end]``."""
        exact = True
        if self.source.format == "html":
            needle = quote_text or self.source.text[start:end]
            found = self._text.find(needle) if needle else -1
            if found < 0:
                return Position(1, 1, 1, 1, exact=False)
            start, end = found, found + len(needle)
        end = max(start, end)
        sl, sc = self._point(start)
        el, ec = self._point(end)
        if end > start and self._text[end - 1] == "\n":  # keep the region on its last line
            el, ec = self._point(end - 1)
            ec += 1
        return Position(sl, sc, el, ec, exact)


def _read_decoded(source: Source) -> str | None:
    try:
        raw = Path(source.path).read_bytes()
    except OSError:
        return None
    enc = source.encoding or "utf-8"
    try:
        return raw.decode(enc, errors="replace")
    except LookupError:
        return raw.decode("utf-8", errors="replace")


def artifact_uri(path: str, root: Path | None) -> tuple[str, str | None]:
    """The URI of a source file relative to ``root`` (with its base id), or absolute."""
    absolute = Path(path).resolve()
    if root is not None:
        rel = os.path.relpath(absolute, root.resolve())
        if not rel.startswith(".."):
            return quote(Path(rel).as_posix()), "%SRCROOT%"
    return absolute.as_uri(), None


def _rules(analysis: Analysis, findings: Sequence[Finding]) -> list[dict[str, Any]]:
    from diffsrc.analysis.detectors import REGISTRY, selected

    selected()  # loads the built-in detectors into the registry
    ran = analysis.signature.get("detectors")
    codes = set(ran) if isinstance(ran, Mapping) else set(REGISTRY)
    codes |= {f.code for f in findings}
    severities: dict[str, Counter] = {}
    for f in findings:
        severities.setdefault(f.code, Counter())[f.severity] += 1
    rules = []
    for code in sorted(codes):
        cls = REGISTRY.get(code)
        example = next((f for f in findings if f.code == code), None)
        name = (cls.name if cls else "") or (example.detector if example else "") or code.lower()
        category = (cls.category if cls else "") or (example.category if example else "")
        description = (cls.description if cls else "") or (example.message if example else name)
        default_sev = getattr(cls, "severity", None)
        if default_sev not in LEVEL and code in severities:
            default_sev = severities[code].most_common(1)[0][0]
        langs = list(getattr(cls, "languages", ()) or ())
        rules.append({
            "id": code,
            "name": name,
            "shortDescription": {"text": sentence(name.replace("-", " ").capitalize())},
            "fullDescription": {"text": sentence(description)},
            "help": {
                "text": f"{sentence(description)} Category: {category or 'artefact'}. The result quotes the exact "
                "span and, where known, what the original wording probably was; check it against the other sources.",
            },
            "defaultConfiguration": {"level": LEVEL.get(str(default_sev), "warning")},
            "properties": {"category": category, "tags": ["diffsrc", category or "artefact"], "languages": langs},
        })
    rules.append({
        "id": CONTRADICTION_RULE,
        "name": "contradiction-with-corpus",
        "shortDescription": {"text": "Contradiction with the corpus."},
        "fullDescription": {
            "text": "A claim (number, date, weekday, place, quote...) differs from the claim of an aligned paragraph in "
            "another source of the corpus.",
        },
        "help": {"text": "Check which source is right; the related locations are the conflicting claims in the corpus."},
        "defaultConfiguration": {"level": "warning"},
        "properties": {"category": "contradiction", "tags": ["diffsrc", "contradiction"]},
    })
    for rule_id, name, text in THRESHOLD_RULES.values():
        rules.append({
            "id": rule_id,
            "name": name,
            "shortDescription": {"text": sentence(name.replace("-", " ").capitalize())},
            "fullDescription": {"text": text},
            "help": {"text": text + " Thresholds come from [tool.diffsrc] in pyproject.toml, diffsrc.toml or flags."},
            "defaultConfiguration": {"level": "error"},
            "properties": {"category": "threshold", "tags": ["diffsrc", "threshold"]},
        })
    return rules


def sentence(text: str) -> str:
    """``text`` on one line, control characters escaped, ending with a full stop unless it ends a sentence."""
    text = printable(" ".join(str(text).split()))
    return text if text.endswith((".", "!", "?")) else text + "."


def with_suggestion(message: str, suggestion: str) -> str:
    """A finding's message as a sentence, followed by the probable intended wording when known."""
    return sentence(message) + (f" Probably: {quoted(printable(suggestion))}." if suggestion else "")


def _fingerprint(*parts: object) -> str:
    return hashlib.sha256(json.dumps([str(p) for p in parts], ensure_ascii=False).encode("utf-8")).hexdigest()[:32]


class _Builder:
    def __init__(self, analysis: Analysis, root: Path | None) -> None:
        self.analysis = analysis
        self.root = root
        self._locators: dict[str, Locator] = {}
        self.artifacts: list[dict[str, Any]] = []
        self._artifact_index: dict[str, int] = {}
        self._occurrences: Counter = Counter()

    def locator(self, source_id: str) -> Locator:
        if source_id not in self._locators:
            self._locators[source_id] = Locator(self.analysis.source(source_id))
        return self._locators[source_id]

    def artifact(self, source: Source) -> tuple[dict[str, Any], int]:
        uri, base = artifact_uri(source.path, self.root)
        loc: dict[str, Any] = {"uri": uri}
        if base:
            loc["uriBaseId"] = base
        if source.id not in self._artifact_index:
            self._artifact_index[source.id] = len(self.artifacts)
            self.artifacts.append({
                "location": dict(loc),
                "mimeType": _MIME.get(source.format, "text/plain"),
                "encoding": source.encoding,
                "hashes": {"sha-256": source.sha256},
                "roles": ["analysisTarget"],
                "properties": {"diffsrcId": source.id, "language": source.lang, "outlet": printable(source.meta.outlet)},
            })
        index = self._artifact_index[source.id]
        loc["index"] = index
        return loc, index

    def location(self, source_id: str, start: int, end: int, text: str, message: str = "") -> dict[str, Any]:
        source = self.analysis.source(source_id)
        loc, _ = self.artifact(source)
        pos = self.locator(source_id).region(start, end, text)
        region: dict[str, Any] = {
            "startLine": pos.start_line, "startColumn": pos.start_column,
            "endLine": pos.end_line, "endColumn": pos.end_column,
        }
        if pos.exact and text:
            # The region's offsets locate the exact text; the snippet is what a viewer shows.
            region["snippet"] = {"text": printable(text, one_line=False)}
        out: dict[str, Any] = {"physicalLocation": {"artifactLocation": loc, "region": region}}
        if message or not pos.exact:
            note = message
            if not pos.exact:
                note = (note + " " if note else "") + "(quoted text not found in the HTML file; see the report)"
            out["message"] = {"text": printable(note)}
        return out

    def fingerprint(self, rule: str, source: Source, text: str) -> dict[str, str]:
        # Stable across unrelated edits of the file: rule, file and quoted text, plus which
        # occurrence of that text it is, but not line numbers.
        key = (rule, source.path, " ".join(text.split()).lower())
        self._occurrences[key] += 1
        return {"diffsrcSpan/v1": _fingerprint(*key, self._occurrences[key])}


def build(
    analysis: Analysis,
    *,
    focus: frozenset[str] | None = None,
    violations: Sequence[Any] = (),
    fail_confidence: float | None = None,
    root: Path | None = None,
) -> dict[str, Any]:
    """The SARIF log of an analysis as a dict.

    ``focus`` limits results to those sources (``diffsrc check``); ``violations`` (check
    ``Violation`` records) become threshold results; contradictions at or above
    ``fail_confidence`` are errors, others warnings.
    """
    wanted = focus if focus is not None else frozenset(s.id for s in analysis.sources)
    findings = [f for f in analysis.findings if f.source in wanted]
    rules = _rules(analysis, findings)
    rule_index = {r["id"]: i for i, r in enumerate(rules)}
    b = _Builder(analysis, root)
    results = [_finding_result(f, analysis, b, rule_index) for f in findings]
    for fact in analysis.facts:
        if fact.kind == "contradiction":
            results.extend(_contradiction_results(fact, wanted, b, rule_index, fail_confidence))
    results.extend(_threshold_results(violations, analysis, b, rule_index))
    for s in analysis.sources:
        if s.id in wanted:
            b.artifact(s)
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "diffsrc",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": rules,
            }
        },
        "columnKind": "unicodeCodePoints",
        "artifacts": b.artifacts,
        "results": results,
        "invocations": [{
            "executionSuccessful": True,
            "toolExecutionNotifications": [
                {"level": "warning", "message": {"text": sentence(w)}} for w in analysis.warnings
            ],
        }],
        "properties": {"checkedSources": sorted(wanted), "passed": not violations},
    }
    if root is not None:
        # No "uri": the runner's absolute path says nothing to a reader of the results and leaks
        # how the CI machine is laid out; code scanning resolves %SRCROOT% as the checkout.
        run["originalUriBaseIds"] = {"%SRCROOT%": {"description": {"text": "The root of the repository that was checked."}}}
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _finding_result(f: Finding, analysis: Analysis, b: _Builder, rule_index: Mapping[str, int]) -> dict[str, Any]:
    """One artefact finding, its evidence in other sources as related locations."""
    source = analysis.source(f.source)
    related = []
    for i, e in enumerate(f.evidence):
        if e.source and e.start is not None and e.end is not None:
            try:
                related.append({"id": i + 1, **b.location(e.source, e.start, e.end, e.text, e.note)})
            except (KeyError, ValueError):
                continue
    result: dict[str, Any] = {
        "ruleId": f.code,
        "ruleIndex": rule_index[f.code],
        "level": LEVEL.get(f.severity, "warning"),
        "message": {"text": with_suggestion(f.message or f.code, f.suggestion)},
        "locations": [b.location(f.source, f.start, f.end, f.text)],
        "partialFingerprints": b.fingerprint(f.code, source, f.text),
        "properties": {
            "category": f.category, "severity": f.severity, "confidence": round(f.confidence, 3),
            "detector": f.detector, "source": f.source,
        },
    }
    if related:
        result["relatedLocations"] = related
    return result


def _threshold_results(
    violations: Sequence[Any], analysis: Analysis, b: _Builder, rule_index: Mapping[str, int]
) -> list[dict[str, Any]]:
    """One error per violated threshold, at the top of its source (contradictions have their own)."""
    out = []
    for v in violations:
        prefix = v.rule.split(".")[0]
        if prefix not in THRESHOLD_RULES:
            continue  # contradictions already are results of their own
        rule_id = THRESHOLD_RULES[prefix][0]
        source = analysis.source(v.source)
        loc, _ = b.artifact(source)
        out.append({
            "ruleId": rule_id,
            "ruleIndex": rule_index[rule_id],
            "level": "error",
            "message": {"text": sentence(f"{v.source}: {v.message} ({v.rule})")},
            "locations": [{"physicalLocation": {"artifactLocation": loc, "region": {"startLine": 1, "startColumn": 1}}}],
            "partialFingerprints": {"diffsrcSpan/v1": _fingerprint(rule_id, source.path, v.rule)},
            "properties": {"rule": v.rule, "value": v.value, "limit": v.limit},
        })
    return out


def _contradiction_results(
    fact: Fact, wanted: frozenset[str], b: _Builder, rule_index: Mapping[str, int], fail_confidence: float | None,
) -> list[dict[str, Any]]:
    out = []
    mine = [c for c in fact.claims if c.source in wanted]
    for claim in mine:
        others = other_sides(fact, claim)
        if not others:
            continue
        against = "; ".join(f"{c.source}: {quoted(clipped(c.text, 80))}" for c in others[:3]) or "another claim"
        level = "error" if fail_confidence is not None and fact.confidence >= fail_confidence else "warning"
        detail = fact.message or fact.reason or fact.topic
        related = [
            {"id": i + 1, **b.location(c.source, c.start, c.end, c.text, f"{c.source} says this")}
            for i, c in enumerate(others)
        ]
        result = {
            "ruleId": CONTRADICTION_RULE,
            "ruleIndex": rule_index[CONTRADICTION_RULE],
            "level": level,
            "message": {"text": sentence(f"{quoted(clipped(claim.text, 80))} contradicts {against} ({detail}; confidence {fact.confidence:.2f})")},
            "locations": [b.location(claim.source, claim.start, claim.end, claim.text)],
            "partialFingerprints": b.fingerprint(CONTRADICTION_RULE, b.analysis.source(claim.source), claim.text + "|" + _others_key(others)),
            "properties": {"topic": printable(fact.topic), "reason": printable(fact.reason), "confidence": round(fact.confidence, 3), "kind": claim.kind},
        }
        if related:
            result["relatedLocations"] = related
        out.append(result)
    return out


def other_sides(fact: Fact, claim: Claim) -> list[Claim]:
    """The claims of a contradiction that ``claim`` is contradicted by: in another source, with
    another value and another wording (a copy of the same sentence agrees with it), each once."""
    out: list[Claim] = []
    for o in fact.claims:
        same = o.source == claim.source or o.value == claim.value or " ".join(o.text.split()) == " ".join(claim.text.split())
        if not same and all((o.source, o.start, o.end) != (x.source, x.start, x.end) for x in out):
            out.append(o)
    return out


def _others_key(claims: Sequence[Claim]) -> str:
    return ",".join(sorted(f"{c.source}:{c.value}" for c in claims))




def render(
    analysis: Analysis,
    *,
    focus: frozenset[str] | None = None,
    violations: Sequence[Any] = (),
    fail_confidence: float | None = None,
    root: Path | None = None,
) -> str:
    """The SARIF log as JSON text (see ``build``)."""
    log = build(analysis, focus=focus, violations=violations, fail_confidence=fail_confidence, root=root)
    return inert_json(json.dumps(log, ensure_ascii=False, indent=2)) + "\n"

