"""Table-driven detectors: rules are data.

Every row of ``resources/detectors.tsv`` is one detector with a stable code that applies the
rows of one lexicon (``resources/*.tsv``) of the kinds it names: French false friends and calques
in English and English ones in French, spinner substitutions inside fixed collocations, French
word order and French constructions in English. A rule is added by adding a lexicon row (with
where its phenomenon is documented), never by adding a class.
"""

from __future__ import annotations

from dataclasses import dataclass

from diffsrc.analysis.detectors import register
from diffsrc.analysis.detectors.lexicon import LexiconDetector, load_lexicon, resource_text
from diffsrc.errors import ConfigError

TABLE = "detectors.tsv"


@dataclass(frozen=True)
class DetectorRow:
    """One row of the detector table."""

    code: str
    name: str
    category: str
    languages: tuple[str, ...]
    resource: str
    kinds: tuple[str, ...]
    label: str
    description: str


def parse_table(text: str, name: str = TABLE) -> tuple[DetectorRow, ...]:
    """The rows of a detector table (``#`` comments and blank lines ignored), checked."""
    out = []
    for n, raw in enumerate(text.splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cols = raw.split("\t")
        if len(cols) != 8 or not all(c.strip() for c in cols):
            raise ConfigError(f"{name}:{n}: expected 8 non-empty tab-separated columns, got {len(cols)}")
        code, dname, category, langs, resource, kinds, label, description = cols
        out.append(DetectorRow(code, dname, category, tuple(langs.split(",")), resource,
                               tuple(kinds.split(",")), label, description))
    return tuple(out)


def detector_class(row: DetectorRow) -> type[LexiconDetector]:
    """A ``LexiconDetector`` subclass for one table row; its lexicon is read (and checked) lazily."""
    attrs = {
        "code": row.code, "name": row.name, "category": row.category, "languages": row.languages,
        "description": row.description, "resource": row.resource, "kinds": row.kinds, "label": row.label,
        "__doc__": f"{row.description} ({row.resource}: {', '.join(row.kinds)}).",
        "__module__": __name__,
    }
    cls_name = "".join(part.title() for part in row.name.split("-"))
    return type(cls_name, (LexiconDetector,), attrs)


def register_table(text: str) -> list[type[LexiconDetector]]:
    """Register one detector per row of a detector table."""
    return [register(detector_class(row)) for row in parse_table(text)]


def check_resources(rows: tuple[DetectorRow, ...]) -> None:
    """Fail with the row's lexicon and kind when a detector would apply no rule."""
    for row in rows:
        entries = load_lexicon(row.resource)
        for kind in row.kinds:
            if not any(e.kind == kind for e in entries):
                raise ConfigError(f"{TABLE}: {row.code} reads kind {kind!r}, which {row.resource} does not have")


DETECTORS = tuple(register_table(resource_text(TABLE)))
