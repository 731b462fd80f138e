"""tools/build_thesaurus.py on a tiny fake WordNet database (no Debian package needed)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

TOOL = Path(__file__).resolve().parent.parent / "tools" / "build_thesaurus.py"
spec = importlib.util.spec_from_file_location("build_thesaurus", TOOL)
assert spec and spec.loader
build_thesaurus = importlib.util.module_from_spec(spec)
spec.loader.exec_module(build_thesaurus)

LICENCE = "  1 This software and database is being provided to you, the LICENSEE, by  \n"
# index: lemma pos synset_cnt p_cnt [ptr...] sense_cnt tagsense_cnt offsets (sense-frequency order)
INDEX_NOUN = LICENCE + (
    "question n 2 1 @ 2 2 00000100 00000200  \n"
    "query n 1 1 @ 1 1 00000100  \n"
    "inquiry n 1 1 @ 1 0 00000100  \n"
    "doubt n 2 1 @ 2 1 00000300 00000200  \n"
    "paris n 1 0 1 0 00000400  \n"
    "capital n 1 0 1 0 00000400  \n"
    "zqxv n 1 0 1 0 00000100  \n"
)
# data: offset lex_filenum pos w_cnt(hex) word lex_id ... | gloss
DATA_NOUN = LICENCE + (
    "00000100 10 n 04 question 0 query 0 inquiry 0 zqxv 0 000 | a sentence asking for information  \n"
    "00000200 10 n 02 question 1 doubt 0 000 | uncertainty  \n"
    "00000300 10 n 01 doubt 1 000 | the state of being unsure  \n"
    "00000400 15 n 02 Paris 0 capital 0 000 | a city (fake synset)  \n"
)
EMPTY = LICENCE


@pytest.fixture()
def wordnet(tmp_path: Path) -> Path:
    (tmp_path / "index.noun").write_text(INDEX_NOUN)
    (tmp_path / "data.noun").write_text(DATA_NOUN)
    for name in ("verb", "adj", "adv"):
        (tmp_path / f"index.{name}").write_text(EMPTY)
        (tmp_path / f"data.{name}").write_text(EMPTY)
    return tmp_path


def test_reads_index_in_sense_order(wordnet: Path) -> None:
    index = build_thesaurus.read_index(wordnet / "index.noun")
    assert index["question"] == ["00000100", "00000200"]
    assert index["doubt"] == ["00000300", "00000200"]
    data = build_thesaurus.read_data(wordnet / "data.noun")
    assert data["00000100"] == ["question", "query", "inquiry", "zqxv"]


def test_builds_ranked_common_neighbours(wordnet: Path, tmp_path: Path) -> None:
    out = tmp_path / "thesaurus.tsv"
    assert build_thesaurus.main(["--wordnet", str(wordnet), "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "WordNet 3.0 Copyright 2006 by Princeton University" in text
    rows = {tuple(line.split("\t")[:2]): line.split("\t")[2] for line in text.splitlines() if not line.startswith("#")}
    # shared first sense for both words; the second sense of "question" is the second of "doubt"
    items = rows[("question", "n")].split()
    assert sorted(items[:2]) == ["inquiry/1/1", "query/1/1"] and items[2:] == ["doubt/2/2"]
    assert rows[("doubt", "n")] == "question/2/2"
    # rare words ("zqxv") and proper nouns ("Paris") never appear
    assert "zqxv" not in text and "paris" not in text.lower().split("#")[0]
    assert not any(row.startswith("capital") for row in text.splitlines())


def test_missing_wordnet_is_reported(tmp_path: Path) -> None:
    assert build_thesaurus.main(["--wordnet", str(tmp_path / "none"), "--out", str(tmp_path / "x.tsv")]) == 2
    assert not (tmp_path / "x.tsv").exists()
