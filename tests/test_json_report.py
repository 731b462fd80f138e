"""The JSON report of the seed corpus: schema-valid, offsets exact, deterministic, scorable."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from diffsrc.analysis import pipeline
from diffsrc.io.ingest import load_sources
from diffsrc.report import json_report

ROOT = Path(__file__).resolve().parent.parent
SCORER = ROOT.parent / "shared" / "eval" / "score.py"


@pytest.fixture(scope="module")
def seeds_report() -> dict[str, Any]:
    sources, _ = load_sources(["seeds/"])
    return json.loads(json_report.render(pipeline.run(sources)))


def test_schema_is_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(json_report.schema())


def test_seeds_report_is_schema_valid(seeds_report: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator(json_report.schema()).validate(seeds_report)


def test_every_span_quotes_its_source(seeds_report: dict[str, Any]) -> None:
    texts = {s["id"]: Path(s["path"]).read_text(encoding="utf-8") for s in seeds_report["sources"]}
    for s in seeds_report["sources"]:
        for p in s["paragraphs"]:
            assert texts[s["id"]][p["start"] : p["end"]].strip()
    for f in seeds_report["findings"]:
        assert texts[f["source"]][f["start"] : f["end"]] == f["text"], f
        for e in f["evidence"]:
            if e["source"] is not None and e["start"] is not None:
                assert texts[e["source"]][e["start"] : e["end"]] == e["text"], e
    for fact in seeds_report["facts"]:
        for c in fact["claims"]:
            assert texts[c["source"]][c["start"] : c["end"]] == c["text"], c


def test_alignments_link_existing_paragraphs_of_different_sources(seeds_report: dict[str, Any]) -> None:
    counts = {s["id"]: len(s["paragraphs"]) for s in seeds_report["sources"]}
    for a in seeds_report["alignments"]:
        assert a["a"]["source"] != a["b"]["source"]
        assert 0 <= a["a"]["paragraph"] < counts[a["a"]["source"]]
        assert 0 <= a["b"]["paragraph"] < counts[a["b"]["source"]]


def test_signature_names_version_and_stages(seeds_report: dict[str, Any]) -> None:
    sig = seeds_report["signature"]
    assert sig["diffsrc"]
    assert {"aligner", "detectors", "facts", "options"} <= set(sig)


def test_report_is_deterministic() -> None:
    sources, _ = load_sources(["seeds/"])
    assert json_report.render(pipeline.run(sources)) == json_report.render(pipeline.run(sources))


@pytest.mark.skipif(not SCORER.is_file(), reason="the shared evaluation scorer is not beside the repository")
def test_shared_scorer_reads_the_report(tmp_path: Path, seeds_report: dict[str, Any]) -> None:
    out = tmp_path / "seeds.json"
    out.write_text(json.dumps(seeds_report), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, str(SCORER), str(out), "--json"], capture_output=True, text=True, cwd=ROOT, check=True
    )
    result = json.loads(proc.stdout)
    assert result["problems"] == []
    assert "align_f1" in result["figures"]
