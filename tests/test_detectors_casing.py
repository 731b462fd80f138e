"""Casing detectors (DS301-DS304): corpus and wordfreq evidence on invented texts."""

from __future__ import annotations

import pytest

from diffsrc.analysis.detectors.text import casing_stats, tokens
from tests.detector_sources import make_source, run, texts


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The farmers met the minister on Friday – Without any promise from the government.", ["Friday – Without"]),
        ("The union wanted to make it Clearly known that the strike would go on for weeks.", ["it Clearly"]),
        ("The mayor agreed to the plan in A spirit of compromise with the residents on Tuesday.", ["in A"]),
        ("The new law will come into force when It is signed by the president next month.", ["when It"]),
        ("The farmers need money to close “Huge holes” in their budgets before winter.", ["close “Huge"]),
        ("The negotiations dragged on, with no progress on the wording of Negotiations on trade.", ["of Negotiations"]),
    ],
)
def test_mid_sentence_capital(text: str, expected: list[str]) -> None:
    found = run("DS301", make_source(text))
    assert texts(found) == expected
    assert found[0].severity == "high" and found[0].suggestion.endswith(found[0].text.split()[-1].lower())


@pytest.mark.parametrize(
    "text",
    [
        "The farmers met Prime Minister Anne Dupont and the Secretary of State in February.",
        "The plan was sent to the Bank of England and to The Hague for review on Monday.",
        "He said: “We will not move.” Then the mayor left. The union called it Plan A for Western farms.",
        "Negotiations on trade resumed in Brussels on Monday after a pause of two weeks.",
        # a title the text writes the same way twice ("Fall Out", a book) is not a re-cased word
        "Her memoir, “Fall Out,” came out in June. Critics said “Fall Out” was too long for its story.",
        # astronomical bodies capitalised by the writer's style guide, the lower-case word used elsewhere
        "We orbit the sun, and the moon orbits us. You are caught around the Sun, or the Moon around the Earth.",
        # a colour code pasted from a terminal is no word: 'Then' follows a full stop
        "The talks resumed with the unions.\x1b[0m Then everyone left. \x1b[1mIn the end they agreed.",
    ],
)
def test_mid_sentence_capital_leaves_names_and_sentence_starts(text: str) -> None:
    assert run("DS301", make_source(text)) == []


def test_all_caps_common_words_but_not_acronyms() -> None:
    src = make_source("The treaty was a priority for UNITED STATES officials and for NATO members this week.")
    found = run("DS302", src)
    assert texts(found) == ["UNITED STATES"]
    assert found[0].suggestion == "united states"


def test_lowercase_proper_noun_uses_other_sources() -> None:
    a = make_source("The convoy reached kyiv on Monday after a long drive from the western border.", source_id="a")
    b = make_source("Officials in Kyiv said the convoy arrived safely and that Kyiv would send more.", source_id="b")
    found = run("DS303", a, b)
    assert texts(found, "a") == ["kyiv"] and texts(found, "b") == []
    f = found[0]
    assert f.suggestion == "Kyiv"
    assert any(e.source == "b" and e.text == "Kyiv" for e in f.evidence)


def test_lowercase_common_word_is_not_a_proper_noun() -> None:
    a = make_source("The president said the state would pay for the union hall repairs this year.", source_id="a")
    b = make_source("The President of the Union said the State would pay for the hall repairs.", source_id="b")
    assert run("DS303", a, b) == []


def test_title_case_initialism() -> None:
    a = make_source("Bbc\nThe farmers told the BBC on Monday that the strike would go on for weeks.", source_id="a")
    found = run("DS304", a)
    assert texts(found) == ["Bbc"] and found[0].suggestion == "BBC"
    assert run("DS304", make_source("Nato and NATO are both written by the newspapers we read daily.")) == []


def test_french_function_word_capitalised() -> None:
    src = make_source("Le ministre a parlé aux agriculteurs après Il a quitté la réunion de lundi soir.", "fr")
    assert texts(run("DS301", src)) == ["après Il"]
    # French capitalises nationalities and institutions: no finding there
    src = make_source("Le ministre a reçu les Européens au siège du Conseil lundi soir à Bruxelles.", "fr")
    assert run("DS301", src) == []


@pytest.mark.parametrize(
    "table, word, exclude, count, sources",
    [
        ("title", "harbour", None, 2, ["a", "b"]),
        ("title", "Harbour", "a", 1, ["b"]),
        ("lower", "harbour", None, 1, ["c"]),
        ("upper", "nato", None, 1, ["b"]),
        ("title", "unseen", None, 0, []),
    ],
)
def test_casing_stats_per_word_and_source(table: str, word: str, exclude: str | None, count: int,
                                         sources: list[str]) -> None:
    stats = casing_stats([
        make_source("The ships met near the old Harbour on Monday morning.", source_id="a"),
        make_source("Officials of NATO said the Harbour would stay closed.", source_id="b"),
        make_source("The harbour was closed for the night by the port authority.", source_id="c"),
    ])
    assert stats.count(table, word, exclude=exclude) == count
    assert stats.sources_with(table, word, exclude=exclude) == sources
    assert stats.title_form("harbour") == "Harbour" and stats.title_form("unseen") is None


# --- the corpus index of casing counts (a warm check reads most of a corpus' counts from it)

CORPUS = [
    "The ships met near the old Harbour on Monday morning, said the mayor of Brest.",
    "Officials of NATO said the Harbour would stay closed until the storm had passed.",
    "The harbour was closed for the night by the port authority and by NATO officials.",
    "The mayor of Brest met the Harbour master and the port authority on Tuesday.",
    "A copy: the ships met near the old Harbour on Monday morning, said the mayor of Brest.",
]
WORDS = ["harbour", "nato", "brest", "mayor", "the", "ships", "storm", "unseen", "tuesday", "port"]


def _corpus(n: int, new: str | None = None) -> list:
    sources = [make_source(text, source_id=f"c{i}") for i, text in enumerate(CORPUS[:n])]
    if new is not None:
        sources.append(make_source(new, source_id="new"))
    return sources


def _answers(stats: object, sources: list) -> list[object]:
    out: list[object] = []
    for word in WORDS:
        for table in ("lower", "title", "upper"):
            out.append((table, word, stats.count(table, word), stats.sources_with(table, word)))
            out.extend(stats.count(table, word, exclude=s.id) for s in sources)
        out.append(stats.title_form(word))
    return out


def _fresh_stats(sources: list, cache_dir: object) -> object:
    from diffsrc.analysis.detectors import text
    from diffsrc.io.cache import Cache, activated

    text._STATS_CACHE.clear()
    with activated(Cache(cache_dir)):
        return text.corpus_casing(sources)


@pytest.mark.parametrize("scenario", ["same corpus", "one new source", "a source left", "duplicate text"])
def test_counts_from_the_corpus_index_equal_counts_from_each_source(
    tmp_path: object, scenario: str, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from diffsrc.io import cache

    monkeypatch.setattr(cache, "INDEX_REWRITE_SHARE", 2)  # a five-source index may lack one
    stored = _corpus(5)
    _fresh_stats(stored, tmp_path)  # writes the index of these five
    asked = {
        "same corpus": stored,
        "one new source": _corpus(5, "The Harbour of Brest reopened; NATO ships left the harbour."),
        "a source left": _corpus(4),
        "duplicate text": [*stored, make_source(CORPUS[0], source_id="twin")],
    }[scenario]
    got = _fresh_stats(asked, tmp_path)
    assert got._index is not None  # read from the index, not rebuilt
    assert _answers(got, asked) == _answers(casing_stats(asked), asked)


def test_the_index_is_rewritten_when_many_compared_sources_are_not_in_it(tmp_path: object) -> None:
    from diffsrc.io.cache import Cache

    _fresh_stats(_corpus(1), tmp_path)
    key = Cache.key("casing-corpus")
    assert len(Cache(tmp_path).get("casing-corpus", key)["labels"]) == 1
    asked = _corpus(5)
    got = _fresh_stats(asked, tmp_path)  # four of five missing: counted from each source, index rewritten
    assert got._index is None and _answers(got, asked) == _answers(casing_stats(asked), asked)
    assert len(Cache(tmp_path).get("casing-corpus", key)["labels"]) == 5


def test_a_damaged_index_falls_back_to_each_source_with_the_same_answers(tmp_path: object) -> None:
    from diffsrc.io.cache import Cache

    stored = _corpus(5)
    _fresh_stats(stored, tmp_path)
    cache = Cache(tmp_path)
    key = Cache.key("casing-corpus")
    value = cache.get("casing-corpus", key)
    value["tables"]["title"]["harbour"] = "not pairs"  # well-formed JSON of the wrong shape, valid digest
    value["tables"]["forms"]["harbour"] = [[0, 1]]
    cache.put("casing-corpus", key, value)
    got = _fresh_stats(stored, tmp_path)
    assert _answers(got, stored) == _answers(casing_stats(stored), stored)
    assert got._index is None  # dropped at the first bad word


@pytest.mark.parametrize(
    "text, words",
    [
        ("plain words here", ["plain", "words", "here"]),
        # the closing 'm' of a colour code belongs to the code; the word after it is kept whole
        ("\x1b[31mred\x1b[0m and blue", ["red", "and", "blue"]),
        ("[1mbold[0m text", ["bold", "text"]),
        ("a bell\x07here", ["a", "bell", "here"]),
    ],
)
def test_detector_tokens_leave_out_control_sequences(text: str, words: list[str]) -> None:
    toks = tokens(text)
    assert [t.text for t in toks] == words
    assert all(text[t.start : t.end] == t.text for t in toks)
