"""The detector table (``resources/detectors.tsv``): every detector's code, name, category,
languages and description, and the table-driven detectors.

A detector written in Python takes its row with ``@detector(code)``. A table-driven detector is
a row that names a lexicon (``resources/*.tsv``) and the kinds of its rows: French false friends
and calques in English and English ones in French, spinner substitutions inside fixed
collocations, French word order and French constructions in English, and English
constructions, word order and number formats in French. Such a rule is added as a
lexicon row (saying where its phenomenon is documented), never as a class.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from typing import TypeVar

from diffsrc.analysis.detectors import Detector, register
from diffsrc.analysis.detectors.lexicon import LexiconDetector, load_lexicon, resource_text
from diffsrc.errors import ConfigError

TABLE = "detectors.tsv"
COLUMNS = ("code", "name", "category", "languages", "description", "resource", "kinds", "label")
D = TypeVar("D", bound=type[Detector])


def parse_table(text: str, name: str = TABLE) -> dict[str, dict[str, object]]:
    """The detector table's rows by code, as class attributes (``#`` comments and blank lines
    ignored); a lexicon-less row has '-' in its last three columns."""
    out: dict[str, dict[str, object]] = {}
    for n, raw in enumerate(text.splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cols = raw.split("\t")
        if len(cols) != len(COLUMNS) or not all(c.strip() for c in cols):
            raise ConfigError(f"{name}:{n}: expected {len(COLUMNS)} non-empty tab-separated columns, got {len(cols)}")
        if cols[0] in out:
            raise ConfigError(f"{name}:{n}: code {cols[0]} appears twice")
        row: dict[str, object] = dict(zip(COLUMNS[:5], cols[:5], strict=True))
        row["languages"] = tuple(cols[3].split(","))
        if cols[5] != "-":
            row.update(resource=cols[5], kinds=tuple(cols[6].split(",")), label=cols[7])
        out[cols[0]] = row
    return out


@cache
def shipped_table() -> Mapping[str, Mapping[str, object]]:
    """The shipped detector table, read once."""
    return parse_table(resource_text(TABLE))


def detector(code: str) -> Callable[[D], D]:
    """Class decorator: give a detector written in Python its table row and register it."""
    row = shipped_table().get(code)
    if row is None or "resource" in row:
        raise ConfigError(f"{TABLE} has no row for a Python detector {code}")

    def apply(cls: D) -> D:
        for key, value in row.items():
            setattr(cls, key, value)
        return register(cls)

    return apply


def table_detectors(table: Mapping[str, Mapping[str, object]]) -> tuple[type[LexiconDetector], ...]:
    """A ``LexiconDetector`` subclass for each row of the table that names a lexicon."""
    out = []
    for row in table.values():
        if "resource" not in row:
            continue
        attrs = {**row, "__module__": __name__, "__doc__": f"{row['description']} ({row['resource']})."}
        cls_name = "".join(part.title() for part in str(row["name"]).split("-"))
        out.append(type(cls_name, (LexiconDetector,), attrs))
    return tuple(out)


def check_resources(classes: tuple[type[LexiconDetector], ...]) -> None:
    """Fail with the detector, lexicon and kind when a table-driven detector would apply no rule."""
    for cls in classes:
        kinds = {e.kind for e in load_lexicon(cls.resource)}
        for kind in cls.kinds:
            if kind not in kinds:
                raise ConfigError(f"{TABLE}: {cls.code} reads kind {kind!r}, which {cls.resource} does not have")


DETECTORS = tuple(register(cls) for cls in table_detectors(shipped_table()))
