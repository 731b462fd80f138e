"""A source page's notes: repeated findings grouped into one note with a count and their spans.

A detector that fires on every quotation mark of a machine-translated text gives one finding per
mark (JSON and SARIF keep one record each), but a reader needs one note saying it, how often and
where, as a contradiction's copies of one sentence are one side listing their sources.
"""

from __future__ import annotations

from collections.abc import Sequence

from diffsrc.report.views import FindingRow, MarkView, NoteGroup


def _key(row: FindingRow) -> tuple[object, ...]:
    m = row.view.mark
    evidence = tuple(e.note for e in m.finding.evidence) if m.finding is not None else ()
    return (m.code, m.category, m.severity, m.message, evidence)


def group(rows: Sequence[FindingRow]) -> tuple[NoteGroup, ...]:
    """The rows grouped by what they say, each group where its first member is (text order)."""
    groups: dict[tuple[object, ...], list[FindingRow]] = {}
    for row in rows:
        groups.setdefault(_key(row), []).append(row)
    return tuple(NoteGroup(tuple(members)) for members in groups.values())


def stored(groups: Sequence[NoteGroup]) -> tuple[MarkView, ...]:
    """The notes of grouped findings, kept out of sight for their marks' tooltips."""
    return tuple(r.view for g in groups if g.count > 1 for r in g.members)
