"""The outcome of ``diffsrc check`` as records: thresholds, settings, measures, violations.

They sit beside ``model.py`` so that the renderers (``report/``) read a check's result without
importing the application layer that computes it (``app/check.py``) or reads its settings
(``app/config.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from diffsrc.model import Analysis, Fact, Finding

SEVERITIES = ("high", "medium", "low", "total")
DEFAULT_MAX_PER_1000: Mapping[str, float] = {"high": 1.0, "medium": 5.0}


@dataclass(frozen=True)
class Thresholds:
    """When a checked source fails. ``None`` (or a missing severity) means no limit."""

    # Most artefacts per 1,000 words, by severity ("high", "medium", "low") or "total".
    max_per_1000_words: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_MAX_PER_1000))
    # Fail on a contradiction with the corpus at or above this confidence; None: never.
    fail_on_contradiction_confidence: float | None = 0.8
    # Least share of a source's body paragraphs aligned to some corpus paragraph; None: any.
    min_aligned_share: float | None = 0.1
    # Languages a source may be in; empty: any.
    languages: tuple[str, ...] = ()
    # Most share of a checked source's 5-word sequences found in one corpus source: a higher
    # share is an exact or near copy (republished, re-encoded, lightly edited); None: any.
    max_copy_share: float | None = 0.9


@dataclass(frozen=True)
class CheckConfig:
    """Settings of ``diffsrc check``, from a file and flags; ``path`` is the file used, if any."""

    thresholds: Thresholds = Thresholds()
    cache_dir: str | None = ".diffsrc-cache"
    select: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    embedder: str | None = None
    lm: str | None = None
    nli: str | None = None
    path: Path | None = None
    flags: tuple[str, ...] = ()  # threshold flags given on the command line, as typed

    def describe_source(self) -> str:
        """Where the thresholds come from, for the verdict line: the file, flags, or the defaults."""
        parts = [f"config: {self.path}"] if self.path else []
        if self.flags:
            parts.append("flags: " + " ".join(self.flags))
        if not parts:
            return "default thresholds" if self.thresholds == Thresholds() else "thresholds as given"
        return "; ".join(parts)

    def with_thresholds(self, **changes: Any) -> CheckConfig:
        """A copy with some thresholds replaced."""
        return replace(self, thresholds=replace(self.thresholds, **changes))


SEVERITY_LABEL = {"high": "high-severity", "medium": "medium-severity", "low": "low-severity", "total": ""}


@dataclass(frozen=True)
class Violation:
    """One threshold a checked source does not meet."""

    source: str
    path: str
    rule: str  # the config key, e.g. "max_per_1000_words.high"
    message: str
    value: float | str = 0.0
    limit: float | str = 0.0


@dataclass(frozen=True)
class SourceCheck:
    """The measures of one checked source that the thresholds look at."""

    source: str
    path: str
    lang: str
    words: int
    counts: dict[str, int]  # artefacts by severity and "total"
    per_1000: dict[str, float]
    aligned_share: float | None  # None when there is nothing to align to
    contradictions: tuple[Fact, ...]
    passed: bool


@dataclass(frozen=True)
class CheckResult:
    """Everything ``diffsrc check`` decided, ready for the renderers."""

    analysis: Analysis  # the full analysis (corpus and new sources)
    focus: frozenset[str]
    config: CheckConfig
    checks: tuple[SourceCheck, ...]
    violations: tuple[Violation, ...]
    warnings: tuple[str, ...] = ()
    cache_stats: dict[str, int] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        """True when no threshold is violated."""
        return not self.violations

    def exit_code(self, exit_zero: bool = False) -> int:
        """0 when passed (or ``exit_zero``), 1 when a threshold is violated."""
        return 0 if self.passed or exit_zero else 1

    def findings(self) -> list[Finding]:
        """Findings in checked sources, by source and position."""
        return [f for f in self.analysis.findings if f.source in self.focus]

    def contradictions(self) -> list[Fact]:
        """Contradictions involving a checked source, most confident first."""
        facts = [f for f in self.analysis.facts if f.kind == "contradiction" and involves(f, self.focus)]
        return sorted(facts, key=lambda f: -f.confidence)


def involves(fact: Fact, focus: frozenset[str]) -> bool:
    """True when one of the fact's claims is in a focused source."""
    return any(c.source in focus for c in fact.claims)


def describe_thresholds(t: Thresholds) -> list[str]:
    """The thresholds in effect, one short phrase each (for summaries)."""
    out = [f"{SEVERITY_LABEL[k] or 'all'} artefacts <= {v:g}/1,000 words" for k, v in t.max_per_1000_words.items()]
    if t.fail_on_contradiction_confidence is not None:
        out.append(f"no contradiction at confidence >= {t.fail_on_contradiction_confidence:g}")
    if t.min_aligned_share is not None:
        out.append(f">= {t.min_aligned_share:.0%} of paragraphs aligned to the corpus")
    if t.languages:
        out.append(f"languages: {', '.join(t.languages)}")
    if t.max_copy_share is not None:
        out.append(f"no copy of a corpus source (<= {t.max_copy_share:.0%} of 5-word sequences shared)")
    return out
