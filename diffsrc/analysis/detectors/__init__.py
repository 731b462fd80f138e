"""Artefact detectors: a registry of checks, each with a stable code (``DS1xx``...).

A detector is a small class with a ``code``, a ``category`` and a ``run`` method that yields
``Finding`` records for a ``Context``. Register it with ``@register``; ``run_detectors`` runs the
selected ones. A detector that raises is named in the error, never silently skipped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import ClassVar, TypeVar

from diffsrc.analysis.copies import families, family_members
from diffsrc.errors import DiffsrcError
from diffsrc.model import Alignment, Finding, Source


@dataclass(frozen=True)
class Context:
    """What a detector may look at: all sources of the comparison and their alignments."""

    sources: tuple[Source, ...]
    alignments: tuple[Alignment, ...]
    options: object = None  # pipeline.Options: lets optional detectors (--lm) see their settings
    focus: frozenset[str] | None = None  # sources to check (diffsrc check); the others are context
    near_copies: Mapping[str, str] | None = None  # source id -> family (analysis.copies); None: computed

    def checks(self, source_id: str) -> bool:
        """True when findings are wanted in this source (every source, unless there is a focus)."""
        return self.focus is None or source_id in self.focus

    @cached_property
    def families(self) -> Mapping[str, str]:
        """Each source's near-copy family (``diffsrc.analysis.copies``), computed once per context."""
        if self.near_copies is not None:
            return self.near_copies
        return families(self.sources)

    def family_of(self, source_id: str) -> frozenset[str]:
        """This source's id and its near-copies' ids: one text."""
        return frozenset(family_members(self.families, source_id))

    def copies_of(self, source_id: str) -> frozenset[str]:
        """The ids of the other sources of this source's family: its near-copies."""
        return self.family_of(source_id) - {source_id}

    def witnesses(self, source_id: str) -> tuple[Source, ...]:
        """The sources independent of this one (neither it nor a near-copy of it): the ones whose
        wording is evidence about its wording."""
        mine = self.families.get(source_id, source_id)
        return tuple(s for s in self.sources if self.families.get(s.id, s.id) != mine)


class Detector:
    """Base of all detectors. Subclasses set the class attributes and implement ``check``."""

    code: ClassVar[str] = ""
    name: ClassVar[str] = ""
    category: ClassVar[str] = ""
    description: ClassVar[str] = ""
    languages: ClassVar[tuple[str, ...]] = ("en", "fr")
    version: ClassVar[str] = "1"

    def run(self, ctx: Context) -> Iterable[Finding]:
        """Findings of this detector over every source in a language it handles."""
        for source in ctx.sources:
            if source.lang in self.languages and ctx.checks(source.id):
                yield from self.check(source, ctx)

    def check(self, source: Source, ctx: Context) -> Iterable[Finding]:
        """Findings in one source."""
        raise NotImplementedError(f"{type(self).__name__} must implement check()")

    def combine(self, findings: list[Finding]) -> list[Finding]:
        """Adjust all detectors' findings once they are known (default: unchanged)."""
        return findings


class DetectorError(RuntimeError):
    """A detector failed; the message names it."""


REGISTRY: dict[str, type[Detector]] = {}
D = TypeVar("D", bound=type[Detector])


def register(cls: D) -> D:
    """Class decorator adding a detector to the registry under its code."""
    if not cls.code or cls.code in REGISTRY:
        raise ValueError(f"detector {cls.__name__} needs a unique code, got {cls.code!r}")
    REGISTRY[cls.code] = cls
    return cls


def _load_builtin() -> None:
    from diffsrc.analysis.detectors import builtin  # noqa: F401  (registers on import)


def selected(select: Sequence[str] = (), disable: Sequence[str] = ()) -> list[type[Detector]]:
    """Registered detectors whose code starts with a selected prefix and no disabled one."""
    _load_builtin()
    out = []
    for code in sorted(REGISTRY):
        if select and not any(code.startswith(p) for p in select):
            continue
        if any(code.startswith(p) for p in disable):
            continue
        out.append(REGISTRY[code])
    return out


def run_detectors(
    sources: Sequence[Source], alignments: Sequence[Alignment], options: object = None,
    focus: frozenset[str] | None = None, near_copies: Mapping[str, str] | None = None,
) -> tuple[list[Finding], dict[str, str]]:
    """Run the selected detectors and return de-duplicated findings and a signature.

    With ``focus`` (source ids), only those sources are checked; the others are context.
    ``near_copies`` is ``analysis.copies.families`` of the sources, when already known.
    """
    detectors = [cls() for cls in selected_by(options)]
    return finish(detectors, run_each(detectors, sources, alignments, options, focus, near_copies), focus)


def selected_by(options: object) -> list[type[Detector]]:
    """The detectors ``options`` select (``detectors`` and ``disable`` code prefixes)."""
    return selected(tuple(getattr(options, "detectors", ()) or ()), tuple(getattr(options, "disable", ()) or ()))


def run_each(
    detectors: Sequence[Detector], sources: Sequence[Source], alignments: Sequence[Alignment],
    options: object = None, focus: frozenset[str] | None = None, near_copies: Mapping[str, str] | None = None,
) -> dict[str, list[Finding]]:
    """The raw findings of each detector, by code (before ``combine``, focus and de-duplication)."""
    ctx = Context(tuple(sources), tuple(alignments), options, focus, near_copies)
    out: dict[str, list[Finding]] = {}
    for det in detectors:
        try:
            out[det.code] = list(det.run(ctx))
        except DiffsrcError:
            raise
        except Exception as exc:  # the failing check names itself
            raise DetectorError(f"detector {det.code} ({det.name}) failed: {exc}") from exc
    return out


def finish(
    detectors: Sequence[Detector], raw: Mapping[str, list[Finding]], focus: frozenset[str] | None = None,
) -> tuple[list[Finding], dict[str, str]]:
    """All detectors' findings in registry order, adjusted by each ``combine``, kept to the focus
    and de-duplicated; and the signature of the detectors that ran."""
    findings = [f for det in detectors for f in raw[det.code]]
    for det in detectors:
        findings = det.combine(findings)
    if focus is not None:
        findings = [f for f in findings if f.source in focus]
    return dedupe(findings), {det.code: f"{det.name}@{det.version}" for det in detectors}


def dedupe(findings: Iterable[Finding]) -> list[Finding]:
    """Sort findings by position and drop exact repeats of the same span and category."""
    seen: set[tuple[str, int, int, str]] = set()
    out = []
    for f in sorted(findings, key=lambda f: (f.source, f.start, f.end, f.code)):
        key = (f.source, f.start, f.end, f.category)
        if key in seen:
            continue
        seen.add(key)
        out.append(f)
    return out
