"""A source page's notes: repeated findings are one note with a count and their spans."""

from __future__ import annotations

import json

import pytest

from diffsrc.model import Analysis, Evidence, SourceMeta
from diffsrc.report import html, json_report, sarif, viewmodel
from tests.report_fixtures import finding, make_source

TEXT = "Il a dit “oui”, puis “non”.\nElle a répondu “peut-être”: rien.\nLe ministre: “jamais”."
QUOTES = "English quotation marks in French text: French quotes with « »"


def _findings(specs: list[tuple[str, int, str, str]]) -> Analysis:
    """Findings on TEXT: (needle, occurrence, code, message); a message "evidence:X" adds evidence X."""
    src = make_source("fr", TEXT, "fr", SourceMeta(outlet="Le Fil", lang="fr"))
    other = make_source("en", "He said yes, then no.\nShe answered maybe.", "en", SourceMeta(outlet="Wire", lang="en"))
    found = []
    for needle, nth, code, message in specs:
        text, note = (message.split("|") + [""])[:2]
        f = finding(src, needle, code, "foreign_typography", "medium", text, "«",
                    (Evidence(note),) if note else ())
        start = [i for i in range(len(TEXT)) if TEXT.startswith(needle, i)][nth]
        found.append(type(f)(**{**f.__dict__, "start": start, "end": start + len(needle)}))
    return Analysis((src, other), (), tuple(found), (), (), {"diffsrc": "0.1.0"})


@pytest.mark.parametrize(
    ("specs", "counts"),
    [
        # the same quotation-mark finding on four marks: one note for all four
        ([("“", 0, "DS406", QUOTES), ("“", 1, "DS406", QUOTES), ("“", 2, "DS406", QUOTES), ("“", 3, "DS406", QUOTES)], [4]),
        # another message, another code or other evidence is another note
        ([("“", 0, "DS406", QUOTES), (":", 0, "DS406", "no space before ':'"), ("“", 1, "DS406", QUOTES)], [2, 1]),
        ([("“", 0, "DS406", QUOTES), ("“", 1, "DS407", QUOTES)], [1, 1]),
        ([("“", 0, "DS406", QUOTES + "|3 in this text"), ("“", 1, "DS406", QUOTES + "|4 in this text")], [1, 1]),
        ([("“", 0, "DS406", QUOTES)], [1]),
    ],
)
def test_repeated_findings_are_one_note(specs: list[tuple[str, int, str, str]], counts: list[int]) -> None:
    analysis = _findings(specs)
    model = viewmodel.build(analysis)
    page = model.source_page(analysis.sources[0], viewmodel.Linker(False, "sources/fr.html"))
    assert [g.count for g in page.finding_notes] == counts
    assert len(page.stored) == sum(c for c in counts if c > 1)  # each grouped mark keeps its own note
    for g in page.finding_notes:  # each member in text order, with its paragraph
        starts = [r.view.mark.start for r in g.members]
        assert starts == sorted(starts) and all(r.paragraph >= 1 for r in g.members)


def test_grouped_note_in_the_page_one_record_each_in_json_and_sarif() -> None:
    specs = [("“", k, "DS406", QUOTES) for k in range(4)]
    analysis = _findings(specs)
    page = html.render(analysis)["sources/fr.html"]
    assert page.count('class="note group') == 1 and ">4 times<" in page
    for n in range(1, 5):  # every badge still has its note (in the hidden store) for its tooltip
        assert page.count(f'id="note-src-f{n}"') == 1 and f'href="#src-f{n}"' in page
    assert page.count(f'<p class="msg">{QUOTES}</p>') == 1 + 4  # the group's message, then each stored note's
    visible = page.split('<aside class="notes"')[1].split('<div class="notes-store" hidden>')[0]
    assert visible.count(f'<p class="msg">{QUOTES}</p>') == 1
    assert len(json.loads(json_report.render(analysis))["findings"]) == 4
    assert len(json.loads(sarif.render(analysis))["runs"][0]["results"]) == 4
