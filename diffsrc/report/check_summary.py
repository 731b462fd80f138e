"""The summaries of ``diffsrc check``: terminal lines and Markdown for a pull-request comment."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from diffsrc.analysis.values import clipped
from diffsrc.model import Finding
from diffsrc.outcome import CheckResult, describe_thresholds
from diffsrc.report import printable, quoted
from diffsrc.report.sarif import Locator, artifact_uri, other_sides, with_suggestion

SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}


def _where(result: CheckResult, locators: dict[str, Locator], source_id: str, start: int, end: int, text: str) -> tuple[str, int, int]:
    source = result.analysis.source(source_id)
    if source_id not in locators:
        locators[source_id] = Locator(source)
    pos = locators[source_id].region(start, end, text)
    return source.path, pos.start_line, pos.start_column


def finding_lines(result: CheckResult) -> list[str]:
    """``path:line:col: CODE [severity] message`` for each finding in a checked source."""
    locators: dict[str, Locator] = {}
    rows = []
    for f in result.findings():
        path, line, col = _where(result, locators, f.source, f.start, f.end, f.text)
        hint = f" (probably {quoted(printable(f.suggestion))})" if f.suggestion else ""
        rows.append((path, line, col, f"{path}:{line}:{col}: {f.code} [{f.severity}] {quoted(_clip(f.text, 40))}: {f.message}{hint}"))
    seen: set[str] = set()
    for fact in result.contradictions():
        for c in fact.claims:
            others = other_sides(fact, c)
            if c.source not in result.focus or not others:
                continue
            path, line, col = _where(result, locators, c.source, c.start, c.end, c.text)
            against = "; ".join(f"{o.source}: {quoted(_clip(o.text, 40))}" for o in others)
            row = f"{path}:{line}:{col}: DSC001 [contradiction {fact.confidence:.2f}] {quoted(_clip(c.text, 40))} vs {against}"
            if row not in seen:  # one claim quoted twice by a fact is one line
                seen.add(row)
                rows.append((path, line, col, row))
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    return [r[3] for r in rows]



def terminal_lines(result: CheckResult, *, show_findings: bool = True) -> list[str]:
    """What ``diffsrc check`` prints: findings, one line per violated threshold, a verdict."""
    lines: list[str] = []
    if show_findings:
        lines.extend(finding_lines(result))
    if not result.focus:
        lines.extend(f"diffsrc check: {w}" for w in result.warnings)
        lines.append("diffsrc check: nothing to check: passed")
        return [printable(line) for line in lines]
    for v in result.violations:
        lines.append(f"FAIL {v.path}: {v.message} [{v.rule}]")
    failed = len({v.source for v in result.violations})
    where = f" ({result.config.describe_source()})"
    if result.passed:
        lines.append(f"diffsrc check: passed: {_scope(result)}{where}")
    else:
        lines.append(
            f"diffsrc check: FAILED: {len(result.violations)} threshold(s) violated by {failed} of "
            f"{_scope(result)}{where}"
        )
    # Paths, ids and messages quote scraped text: nothing in them may drive the terminal or CI log.
    return [printable(line) for line in lines]


def markdown(result: CheckResult, *, root: Path | None = None, max_findings: int = 50) -> str:
    """A Markdown summary for a pull-request comment or a GitHub job summary."""
    out: list[str] = []
    if not result.focus:
        out += ["## diffsrc check: nothing to check", ""]
        out += [f"- {w}" for w in result.warnings]
        return "\n".join(out) + "\n"
    icon = "✅" if result.passed else "❌"
    verdict = "passed" if result.passed else f"failed ({len(result.violations)} threshold(s) violated)"
    out += [f"## {icon} diffsrc check {verdict}", ""]
    out.append(_scope(result)[0].upper() + _scope(result)[1:] + ".")
    out.append("Thresholds: " + "; ".join(describe_thresholds(result.config.thresholds)) + ".")
    out.append("")
    out.append("| source | lang | words | high/1k | medium/1k | all/1k | aligned | contradictions | result |")
    out.append("|---|---|---:|---:|---:|---:|---:|---:|---|")
    for c in result.checks:
        share = "n/a" if c.aligned_share is None else f"{c.aligned_share:.0%}"
        out.append(
            f"| `{_md(c.path)}` | {c.lang} | {c.words} | {c.per_1000['high']:.1f} | {c.per_1000['medium']:.1f} | "
            f"{c.per_1000['total']:.1f} | {share} | {len(c.contradictions)} | {'pass' if c.passed else '**fail**'} |"
        )
    if result.violations:
        out += ["", "### Thresholds violated", ""]
        out += [f"- `{_md(v.path)}`: {_md(v.message)} (`{v.rule}`)" for v in result.violations]
    contradictions = result.contradictions()
    if contradictions:
        out += ["", "### Contradictions with the corpus", ""]
        for fact in contradictions[:max_findings]:
            sides = " vs ".join(f"{c.source}: {quoted(_md(_clip(c.text, 80)))}" for c in fact.claims[:3])
            out.append(f"- {sides} ({_md(fact.reason or fact.topic)}, confidence {fact.confidence:.2f})")
    findings = sorted(result.findings(), key=lambda f: (SEVERITY_RANK.get(f.severity, 3), -f.confidence, f.source, f.start))
    if findings:
        out += ["", f"### Artefacts ({len(findings)})", ""]
        out += _finding_table(result, findings[:max_findings], root)
        if len(findings) > max_findings:
            out.append(f"\n… and {len(findings) - max_findings} more: see the SARIF annotations or the HTML report.")
    out.append("")
    return printable("\n".join(out), one_line=False)


def _finding_table(result: CheckResult, findings: Sequence[Finding], root: Path | None) -> list[str]:
    locators: dict[str, Locator] = {}
    rows = ["| where | code | severity | text | note |", "|---|---|---|---|---|"]
    for f in findings:
        path, line, _col = _where(result, locators, f.source, f.start, f.end, f.text)
        uri, _ = artifact_uri(path, root)
        note = with_suggestion(f.message, f.suggestion)
        rows.append(f"| `{_md(uri)}:{line}` | {f.code} | {f.severity} | {quoted(_md(_clip(f.text, 50)))} | {_md(_clip(note, 140))} |")
    return rows


def _scope(result: CheckResult) -> str:
    checked = len(result.focus)
    corpus = len(result.analysis.sources) - checked
    if corpus == 0:
        return f"{checked} source(s) checked against each other"
    return f"{checked} new or changed source(s) checked against {corpus} source(s) of the corpus"


def _md(text: str) -> str:
    return printable(" ".join(str(text).split())).replace("|", "\\|").replace("`", "'")


def _clip(text: str, n: int) -> str:
    return printable(clipped(text, n))
