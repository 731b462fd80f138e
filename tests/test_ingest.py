"""Ingestion: formats, encodings, segmentation with exact offsets, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diffsrc.errors import InputError
from diffsrc.io.ingest import (
    classify_paragraph,
    collect_inputs,
    find_mojibake,
    identify_language,
    load_sources,
    read_source,
    segment,
    split_sentences,
)

EN = (
    "Ministers met in Lisbon on Wednesday to discuss the fishing quota.\n"
    "The talks lasted three hours, officials said. Mr. Costa left early.\n"
)
FR = (
    "Les ministres se sont réunis à Lisbonne mercredi pour discuter des quotas de pêche.\n"
    "Les discussions ont duré trois heures, selon des responsables.\n"
)


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    p = tmp_path / name
    p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return p


# --------------------------------------------------------------------------- encodings


FR2 = "Le préfet a annoncé jeudi la réouverture du port après la grève des dockers.\n"


def test_mixed_encoding_is_reported(tmp_path: Path) -> None:
    src = read_source(write(tmp_path, "m.txt", EN.encode("utf-8") + FR.encode("utf-8") + FR2.encode("cp1252")), "m.txt")
    assert src.text == EN + FR + FR2 and src.encoding.startswith("utf-8+")
    assert [i.code for i in src.issues][:1] == ["mixed-encoding"]
    assert not find_mojibake(src.text)


def test_mojibake_is_reported_not_fixed(tmp_path: Path) -> None:
    text = "The minister said it wasnâ€™t over. The cafÃ© was closed on Monday evening.\n" * 2
    src = read_source(write(tmp_path, "m.txt", text), "m.txt")
    assert src.text == text
    issues = [i for i in src.issues if i.code == "mojibake"]
    assert issues and all(i.start is not None for i in issues)
    assert {src.text[i.start : i.end] for i in issues if i.start is not None and i.end is not None} >= {"â€™", "Ã©"}


# --------------------------------------------------------------------------- formats


def test_plain_text_paragraphs_and_offsets(tmp_path: Path) -> None:
    src = read_source(write(tmp_path, "a.txt", EN), "a.txt")
    assert src.format == "text" and src.lang == "en"
    assert [src.text[p.start : p.end] for p in src.paragraphs] == EN.strip().split("\n")
    second = src.paragraphs[1]
    sentences = [src.text[s.start : s.end] for s in second.sentences]
    assert sentences == ["The talks lasted three hours, officials said.", "Mr. Costa left early."]


def test_markdown_headings_and_hard_wrapped_paragraphs(tmp_path: Path) -> None:
    md = (
        "# Fishing talks in Lisbon\n\n"
        "Ministers met in Lisbon on Wednesday\nto discuss the fishing quota for the\ncoming year.\n\n"
        "The talks lasted three hours,\nofficials said afterwards.\n"
    )
    src = read_source(write(tmp_path, "a.md", md), "a.md")
    assert src.format == "markdown"
    kinds = [p.kind for p in src.paragraphs]
    assert kinds == ["heading", "body", "body"]
    assert src.text[src.paragraphs[1].start : src.paragraphs[1].end].startswith("Ministers")
    assert src.text[src.paragraphs[1].start : src.paragraphs[1].end].endswith("year.")


def test_html_article_extraction(tmp_path: Path) -> None:
    body = "".join(
        f"<p>{line} The ministers also discussed quotas, subsidies and enforcement at length.</p>"
        for line in EN.strip().split("\n")
    )
    html = (
        "<html><head><title>Talks in Lisbon</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>Talks in Lisbon</h1>{body}</article>"
        "<footer>Copyright 2025 Example News. All rights reserved.</footer></body></html>"
    )
    src = read_source(write(tmp_path, "page.html", html), "page.html")
    assert src.format == "html"
    assert "Ministers met in Lisbon" in src.text
    assert "<p>" not in src.text and "Copyright" not in src.text
    for p in src.paragraphs:
        assert src.text[p.start : p.end].strip() == src.text[p.start : p.end]


def test_language_per_source_and_paragraph(tmp_path: Path) -> None:
    assert read_source(write(tmp_path, "fr.txt", FR), "fr.txt").lang == "fr"
    mixed = EN + "Les ministres se sont réunis à Lisbonne mercredi pour discuter des quotas de pêche.\n" + EN
    src = read_source(write(tmp_path, "mixed.txt", mixed), "mixed.txt")
    assert src.lang == "en"
    assert [p.lang for p in src.paragraphs] == ["en", "en", "fr", "en", "en"]
    assert any(i.code == "mixed-language" for i in src.issues)


@pytest.mark.parametrize(
    "text, lang",
    [
        ("The government announced new measures on Tuesday.", "en"),
        ("Le gouvernement a annoncé de nouvelles mesures mardi.", "fr"),
    ],
)
def test_identify_language(text: str, lang: str) -> None:
    assert identify_language(text)[0] == lang


@pytest.mark.parametrize(
    "line, kind",
    [
        ("Cnn", "junk"),
        ("–", "junk"),
        ("AFP", "junk"),
        ("Markets tumble after the announcement", "heading"),
        ("Jane Doe contributed reporting.", "byline"),
        ("Ministers met in Lisbon on Wednesday to discuss the fishing quota.", "body"),
        ("Will the plan work?", "body"),
    ],
)
def test_classify_paragraph(line: str, kind: str) -> None:
    assert classify_paragraph(line, "text") == kind


def test_header_junk_is_kept_as_a_marked_paragraph(tmp_path: Path) -> None:
    src = read_source(write(tmp_path, "c.txt", "Cnn\n–\n" + EN), "c.txt")
    assert [p.kind for p in src.paragraphs][:2] == ["junk", "junk"]
    assert src.text[src.paragraphs[0].start : src.paragraphs[0].end] == "Cnn"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Mr. Smith arrived. He left.", ["Mr. Smith arrived.", "He left."]),
        ("It was 3.5 percent. Then it fell!", ["It was 3.5 percent.", "Then it fell!"]),
        ("“We will stay,” he said. “Always.”", ["“We will stay,” he said.", "“Always.”"]),
        ("Ivo H. Daalder spoke. Done.", ["Ivo H. Daalder spoke.", "Done."]),
        ("No final stop", ["No final stop"]),
        # French spaces an opening guillemet from its first word
        ("Il a parlé. « Nous restons », a-t-il dit.", ["Il a parlé.", "« Nous restons », a-t-il dit."]),
        ("Il a parlé. «\u00a0Nous restons\u00a0».", ["Il a parlé.", "«\u00a0Nous restons\u00a0»."]),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    got = split_sentences(text, 0, len(text))
    assert [text[s.start : s.end] for s in got] == expected


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=80),
        min_size=1,
        max_size=8,
    ),
    st.sampled_from(["\n", "\n\n", "\r\n", "\n \n"]),
)
def test_offsets_always_point_into_the_text(parts: list[str], sep: str) -> None:
    text = sep.join(parts)
    paragraphs, _lang = segment(text, "text", "en")
    previous_end = 0
    for p in paragraphs:
        chunk = text[p.start : p.end]
        assert chunk and chunk == chunk.strip()
        assert p.start >= previous_end
        previous_end = p.end
        for s in p.sentences:
            assert p.start <= s.start < s.end <= p.end
            assert text[s.start : s.end].strip() == text[s.start : s.end]


def test_seed_offsets_match_lines() -> None:
    sources, _ = load_sources(["seeds/"])
    assert len(sources) == 5
    for s in sources:
        lines = [line.strip() for line in s.text.split("\n") if line.strip()]
        assert [s.text[p.start : p.end] for p in s.paragraphs] == lines


# --------------------------------------------------------------------------- inputs


def test_collect_inputs_folder_glob_and_duplicates(tmp_path: Path) -> None:
    a = write(tmp_path, "a.txt", EN)
    write(tmp_path, "b.md", FR)
    write(tmp_path, "notes.csv", "x,y")
    pairs, warnings = collect_inputs([str(tmp_path), str(a), str(tmp_path / "*.md")])
    names = [p.name for p, _ in pairs]
    assert names == ["a.txt", "b.md"]
    assert len(warnings) == 2 and "given twice" in warnings[0]


@pytest.mark.parametrize(
    "setup, message",
    [
        (lambda d: str(d / "missing.txt"), "no such file or folder"),
        (lambda d: (d / "empty").mkdir() or str(d / "empty"), "has no readable sources"),
        (lambda d: str(d / "*.nothing"), "no files match"),
    ],
)
def test_collect_inputs_errors(tmp_path: Path, setup, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match=message):
        collect_inputs([setup(tmp_path)])


def test_size_limit(tmp_path: Path) -> None:
    p = write(tmp_path, "big.txt", EN * 200)
    with pytest.raises(InputError, match="over the .* limit; raise it with --max-size"):
        read_source(p, "big.txt", max_bytes=10_000)


@pytest.mark.parametrize(
    ("size", "limit", "message"),
    [
        # issue 20.2: "21.0 MB, over the 21 MB limit" mixed MiB and MB; one unit, digits that differ
        (210_001, 200_000, r"holds 0\.2\d+ MB of text, over the 0\.2 MB limit"),
        (1_050_000, 1_000_000, r"holds 1\.0\d+ MB of text, over the 1 MB limit"),
    ],
)
def test_size_limit_is_on_the_text_in_decimal_megabytes(tmp_path: Path, size: int, limit: int, message: str) -> None:
    lines = "".join(f"Report {i}: {EN.strip()}\n" for i in range(size // 40 + 1))
    p = write(tmp_path, "big.txt", lines[: size - 1] + "\n")
    with pytest.raises(InputError, match=message):
        read_source(p, "big.txt", max_bytes=limit)
    assert read_source(p, "big.txt", max_bytes=size).words > 0


def test_an_html_page_may_be_larger_than_its_text(tmp_path: Path) -> None:
    markup = "<html><head><script>" + "x" * 150_000 + "</script></head><body><p>" + EN + "</p></body></html>"
    p = write(tmp_path, "page.html", markup)
    assert read_source(p, "page.html", max_bytes=100_000).words > 10  # 150 KB of markup, a short text
    with pytest.raises(InputError, match=r"is 0\.150\d* MB, over the file limit of 0\.1 MB \(25 x --max-size\)"):
        read_source(p, "page.html", max_bytes=4_000)


def test_default_limits_agree() -> None:
    from diffsrc.app import cli
    from diffsrc.io import ingest

    assert cli.DEFAULT_MAX_MB * cli.MB == ingest.DEFAULT_MAX_BYTES


def test_manifest_metadata_and_ids(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", EN)
    write(tmp_path, "b.txt", FR)
    write(
        tmp_path,
        "sources.toml",
        '[[source]]\nfile = "a.txt"\nid = "daily"\noutlet = "The Daily"\ndate = "2025-01-02"\n'
        'relations = { machine_translation_of = "b" }\n',
    )
    sources, _ = load_sources([str(tmp_path)])
    by_id = {s.id: s for s in sources}
    assert set(by_id) == {"daily", "b"}
    assert by_id["daily"].meta.outlet == "The Daily"
    assert by_id["daily"].meta.relations == {"machine_translation_of": "b"}
    assert by_id["b"].meta.outlet == ""


def test_bad_manifest(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", EN)
    write(tmp_path, "sources.toml", "[[source]\nfile=")
    with pytest.raises(InputError, match="not valid TOML"):
        load_sources([str(tmp_path)])


def test_seed_manifest_covers_every_seed() -> None:
    sources, _ = load_sources(["seeds/"])
    assert all(s.meta.outlet and s.meta.date and s.meta.title for s in sources)
    assert {s.lang for s in sources} == {"en", "fr"}


@pytest.mark.parametrize(
    "text, lang",
    [
        # English function words outweigh the French look of the names.
        ("President Emmanuel Macron met Ségolène Royal at the Élysée Palace on Monday.", "en"),
        ("Le président Joe Biden a rencontré Kamala Harris dans le Bureau ovale.", "fr"),
    ],
)
def test_function_words_settle_names_heavy_sentences(text: str, lang: str) -> None:
    assert identify_language(text)[0] == lang


@pytest.mark.parametrize("digest", ["", "0" * 63, "0" * 65, "G" * 64, "A" * 64, " " + "0" * 63])
def test_a_layout_digest_from_elsewhere_must_be_a_sha256(tmp_path: Path, digest: str) -> None:
    from diffsrc.model import with_layout_digest

    (tmp_path / "a.txt").write_text(EN, encoding="utf-8")
    source = read_source(tmp_path / "a.txt", "a.txt")
    with pytest.raises(ValueError, match="not a SHA-256 digest"):
        with_layout_digest(source, digest)
    assert with_layout_digest(source, source.layout_digest).layout_digest == source.layout_digest


def test_file_identity_is_shared_by_spellings_and_links_of_one_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from diffsrc.io.ingest import file_identity

    (tmp_path / "corpus").mkdir()
    a, b = tmp_path / "corpus" / "a.txt", tmp_path / "corpus" / "b.txt"
    a.write_text(EN, encoding="utf-8")
    b.write_text(EN, encoding="utf-8")  # same content, another file
    (tmp_path / "link.txt").symlink_to(a)
    monkeypatch.chdir(tmp_path)
    spellings = [a, Path("corpus/a.txt"), Path("./corpus/../corpus/a.txt"), Path("link.txt")]
    assert len({file_identity(p) for p in spellings}) == 1
    assert file_identity(a) != file_identity(b)
    assert file_identity(Path("missing.txt")) == (tmp_path / "missing.txt").resolve()  # no stat: the resolved path


# --------------------------------------------------------------------------- junk (issue 20, point 1)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.mark.parametrize(
    ("junk", "why"),
    [
        ("A" * 200_000, "repeats itself"),
        ("spam " * 20_000, "repeats itself"),
        ("Zm9vYmFy" * 10 + "eHl6" * 30 + " " + "q1w2e3r4t5y6u7i8o9p0" * 12, "has no words"),
    ],
    ids=["one letter", "one word", "encoded data"],
)
def test_junk_paragraph_is_reported_and_kept_out(tmp_path: Path, junk: str, why: str) -> None:
    article = (SEEDS / "001_6be96d4c2ad0b9f1.txt").read_text(encoding="utf-8")
    clean = read_source(write(tmp_path, "clean.txt", article), "clean.txt")
    p = write(tmp_path, "junk.txt", article + "\n\n" + junk + "\n")
    s = read_source(p, "junk.txt")
    assert s.lang == clean.lang == "en"
    last = s.paragraphs[-1]
    assert (last.kind, last.sentences, last.lang) == ("junk", (), "en")
    assert [i.code for i in s.issues if i.code == "junk"] == ["junk"]
    assert why in s.issues[-1].message and (s.issues[-1].start, s.issues[-1].end) == (last.start, last.end)
    assert s.words == clean.words  # densities (artefacts per 1,000 words) come from the prose


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")))
def test_no_seed_paragraph_is_junk_by_statistics(path: Path) -> None:
    from diffsrc.io.ingest import junk_reason

    text = path.read_text(encoding="utf-8")
    assert [line[:40] for line in text.splitlines() if junk_reason(line)] == []


def test_junk_paragraph_cannot_flip_a_verdict(tmp_path: Path) -> None:
    from diffsrc.analysis import pipeline

    article = (SEEDS / "001_6be96d4c2ad0b9f1.txt").read_text(encoding="utf-8")
    other = read_source(SEEDS / "000_305715bc02e0627c.txt", "nyt.txt")
    verdicts = []
    for name, text in (("plain.txt", article), ("junk.txt", article + "\n\n" + "A" * 200_000 + "\n")):
        s = read_source(write(tmp_path, name, text), name)
        analysis = pipeline.run([other, s], pipeline.Options())
        summary = analysis.summaries[1]
        verdicts.append((s.lang, summary.verdict, summary.by_severity.get("high", 0)))
    assert verdicts[0] == verdicts[1]
    assert verdicts[0][1] == "likely machine-translated"


PAGE = (
    "<html><head><title>Talks in Paris</title>{head}</head><body><article><p>{lead}European leaders met in "
    "Paris on Monday to discuss security. The meeting lasted three hours and will resume next week, officials "
    "said.</p></article><footer>(c) 2025 Example News</footer></body></html>"
)


@pytest.mark.parametrize(
    ("head", "lead", "date"),
    [
        ("", "", ""),  # a copyright year alone is no publication date (was 2025-01-01)
        ('<meta property="article:published_time" content="2025-01-01T10:00:00Z">', "", "2025-01-01"),
        ("", "Published January 1, 2025. ", "2025-01-01"),
        ("", "Publié le 1er janvier 2025. ", "2025-01-01"),
        ("", "Published 17 February 2025. ", "2025-02-17"),
    ],
)
def test_html_date_is_not_guessed_from_a_copyright_year(tmp_path: Path, head: str, lead: str, date: str) -> None:
    p = write(tmp_path, "page.html", PAGE.format(head=head, lead=lead))
    assert read_source(p, "page.html").meta.date == date


def _one_line(*names: str) -> str:
    return " ".join(" ".join((SEEDS / n).read_text(encoding="utf-8").split()) for n in names)


@pytest.mark.parametrize(
    "text, languages",
    [
        (_one_line("001_6be96d4c2ad0b9f1.txt"), {"en"}),
        (_one_line("001_6be96d4c2ad0b9f1.txt", "004_e27aae4586fdbcd1.txt"), {"en", "fr"}),
    ],
    ids=["english", "english then french"],
)
def test_a_block_without_line_breaks_is_cut_at_sentence_ends(tmp_path: Path, text: str, languages: set[str]) -> None:
    from diffsrc.io.ingest import LONGEST_PARAGRAPH, PART_LENGTH

    assert len(text) > LONGEST_PARAGRAPH
    s = read_source(write(tmp_path, "flat.txt", text + "\n"), "flat.txt")
    assert len(s.paragraphs) > len(text) // PART_LENGTH
    assert all(p.end - p.start <= PART_LENGTH or len(p.sentences) == 1 for p in s.paragraphs)
    assert all(text[p.end - 1] in ".!?\"”»)" or p.end == len(text) for p in s.paragraphs), "cut at sentence ends only"
    assert [sent.start for p in s.paragraphs for sent in p.sentences] == [
        sent.start for sent in split_sentences(text, 0, len(text))], "the same sentences, only grouped"
    assert {p.lang for p in s.paragraphs if p.kind == "body"} == languages
    [issue] = [i for i in s.issues if i.code == "long-paragraph"]
    assert (issue.start, issue.end) == (0, len(text)) and f"{len(s.paragraphs):,} paragraphs" in issue.message


def test_paragraphs_under_the_limit_are_never_cut(tmp_path: Path) -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        s = read_source(path, path.name)
        assert not [i for i in s.issues if i.code == "long-paragraph"]


def test_control_characters_are_reported_once_per_source(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("The \x1b[31mred\x1b[0m team met the \x1b[1mblue\x1b[0m team on Monday in the city.\n", encoding="utf-8")
    src = read_source(path, "a.txt")
    assert [i.code for i in src.issues] == ["control-characters"]
    assert src.text.count("\x1b") == 4  # the evidence is kept as it came


@pytest.mark.parametrize("blocks", [0, 1, 2], ids=["no long block", "one long block", "two long blocks"])
def test_each_long_block_is_split_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, blocks: int) -> None:
    from diffsrc.io import ingest

    flat = _one_line("001_6be96d4c2ad0b9f1.txt")
    text = "\n".join([flat] * blocks + [EN])
    calls: list[tuple[int, int]] = []
    real = ingest._parts

    def counted(t: str, a: int, b: int) -> list[tuple[int, int]]:
        calls.append((a, b))
        return real(t, a, b)

    monkeypatch.setattr(ingest, "_parts", counted)
    s = read_source(write(tmp_path, "flat.txt", text), "flat.txt")
    issues = [i for i in s.issues if i.code == "long-paragraph"]
    assert len(calls) == len(set(calls)) == blocks == len(issues)
    assert [(i.start, i.end) for i in issues] == calls
    for issue in issues:  # each issue counts the paragraphs its block became
        n = sum(1 for p in s.paragraphs if issue.start <= p.start and p.end <= issue.end)  # type: ignore[operator]
        assert f"read as {n:,} paragraphs" in issue.message


@pytest.mark.parametrize(
    "text",
    ["!!! ??? ... ,,, ;;; ::: --- ((( ))) [[[ ]]]\n" * 50, "Hello", "x7#Q!p@2 " * 100],
    ids=["punctuation", "one word", "symbols"],
)
def test_a_file_without_article_text_says_what_to_give(tmp_path: Path, text: str) -> None:
    with pytest.raises(InputError, match=r"has no paragraph of article text \(only short lines, punctuation or junk\); give a file with an article"):
        read_source(write(tmp_path, "p.txt", text), "p.txt")


@pytest.mark.parametrize(
    ("cut", "message"),
    [
        ((0, 6_000, 7), "a block of 6,000 characters without a line break is read as 7 paragraphs of up to 1,000"),
        ((0, 6_000, 1), "a block of 6,000 characters has no line break and no sentence end to cut it at: it is one paragraph"),
    ],
)
def test_long_block_issue_says_what_was_done(cut: tuple[int, int, int], message: str) -> None:
    from diffsrc.io.ingest import Layout, long_block_issues

    [issue] = long_block_issues(Layout(((0, 6_000),), (cut,)))
    assert issue.message.startswith(message) and (issue.start, issue.end) == cut[:2]
