"""The HTML report: view-model segmentation, safety, self-containment, links, determinism, gold files."""

from __future__ import annotations

import base64
import hashlib
import os
import re
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diffsrc import __version__
from diffsrc.report import html, viewmodel
from diffsrc.report.viewmodel import Piece, split_spans
from tests.report_fixtures import corpus, many

ROOT = Path(__file__).resolve().parent.parent
GOLD = Path(__file__).resolve().parent / "gold"


class Page(HTMLParser):
    """Tags, attributes, ids and script bodies of a rendered page."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self._in: str | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        if tag in ("script", "style"):
            self._in = tag
            (self.scripts if tag == "script" else self.styles).append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            self.scripts[-1] += data
        elif self._in == "style":
            self.styles[-1] += data

    def ids(self) -> list[str]:
        return [a["id"] for _, a in self.tags if "id" in a]

    def hrefs(self) -> list[str]:
        return [a["href"] for _, a in self.tags if "href" in a]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report")
    html.write(corpus(), out)
    return out


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("hostile")
    html.write(corpus(hostile=True), out / "folder")
    html.write(corpus(hostile=True), out / "single.html", single_file=True)
    return out


def _pages(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.html"))


# --------------------------------------------------------------------------- segmentation


def _pieces(start: int, end: int, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str, str]]:
    return [(p.start, p.end, "".join(p.active), "".join(p.opening)) for p in split_spans(start, end, spans)]


@pytest.mark.parametrize(
    ("start", "end", "spans", "expected"),
    [
        (0, 5, [], [(0, 5, "", "")]),
        (0, 10, [(2, 5, "a")], [(0, 2, "", ""), (2, 5, "a", "a"), (5, 10, "", "")]),
        # nested: a finding inside a claim
        (0, 10, [(1, 9, "c"), (3, 5, "f")],
         [(0, 1, "", ""), (1, 3, "c", "c"), (3, 5, "cf", "f"), (5, 9, "c", ""), (9, 10, "", "")]),
        # two overlapping findings
        (0, 8, [(1, 5, "a"), (3, 7, "b")],
         [(0, 1, "", ""), (1, 3, "a", "a"), (3, 5, "ab", "b"), (5, 7, "b", ""), (7, 8, "", "")]),
        # same span twice, adjacent spans
        (0, 6, [(0, 3, "a"), (0, 3, "b"), (3, 6, "c")], [(0, 3, "ab", "ab"), (3, 6, "c", "c")]),
        # clipped to the paragraph: a span running over its end opens here, one from before does not
        (10, 20, [(5, 12, "a"), (18, 30, "b")],
         [(10, 12, "a", ""), (12, 18, "", ""), (18, 20, "b", "b")]),
        # spans outside the range are ignored
        (10, 20, [(0, 10, "a"), (20, 25, "b")], [(10, 20, "", "")]),
        # an empty span becomes an empty piece at its offset
        (0, 6, [(3, 3, "z")], [(0, 3, "", ""), (3, 3, "z", "z"), (3, 6, "", "")]),
        (0, 0, [], [(0, 0, "", "")]),
    ],
)
def test_split_spans(start: int, end: int, spans: list[tuple[int, int, str]], expected: list[tuple]) -> None:
    assert _pieces(start, end, spans) == expected


@given(
    st.integers(0, 40),
    st.integers(0, 40),
    st.lists(st.tuples(st.integers(-5, 50), st.integers(0, 20)), max_size=8),
)
def test_split_spans_tiles_the_range(start: int, length: int, raw: list[tuple[int, int]]) -> None:
    end = start + length
    spans = [(max(0, a), max(0, a) + w, f"m{i}") for i, (a, w) in enumerate(raw)]
    pieces: list[Piece[str]] = split_spans(start, end, spans)
    nonempty = [p for p in pieces if p.end > p.start]
    # consecutive, covering exactly [start, end)
    if end > start:
        assert [p.start for p in nonempty] == [start] + [p.end for p in nonempty[:-1]]
        assert nonempty[-1].end == end
    else:
        assert not nonempty
    for p in nonempty:
        covering = {m for a, b, m in spans if a <= p.start and p.end <= b}
        assert set(p.active) == covering
    opened = [m for p in pieces for m in p.opening]
    assert len(opened) == len(set(opened))
    visible = {m for a, b, m in spans if (start <= a < end and b > start) or (a == b and start <= a <= end)}
    assert set(opened) == visible


def test_segments_rebuild_every_paragraph_in_both_views() -> None:
    analysis = corpus(hostile=True)
    model = viewmodel.build(analysis)
    linker = viewmodel.Linker(False, viewmodel.PAGE_SBS)
    seen_marks: set[str] = set()
    for row in model.side_by_side(linker).rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                source = analysis.source(p.source)
                para = source.paragraphs[p.index]
                assert "".join(s.text for s in p.segments) == source.text[para.start : para.end]
                seen_marks |= {v.mark.id for s in p.segments for v in s.opening}
    for s in analysis.sources:
        page = model.source_page(s, viewmodel.Linker(False, viewmodel.source_page(model.slugs[s.id])))
        assert "".join(seg.text for p in page.paragraphs for seg in p.segments) == "".join(
            s.text[p.start : p.end] for p in s.paragraphs
        )
    # every finding and claim is placed exactly once in the side-by-side view
    assert seen_marks == {m.id for m in model.marks}


def test_view_model_orders_facts_and_groups_rows() -> None:
    model = viewmodel.build(corpus())
    ov = model.overview(viewmodel.Linker(False))
    assert [f.topic for f in ov.contradictions] == [
        "Day the strike began", "Number of daily crossings", "Day talks resume"]
    assert [f.topic for f in ov.omissions] == ["Food deliveries stopped"]
    assert ov.worst[0].view.mark.severity == "high"
    rows = model.side_by_side(viewmodel.Linker(False, viewmodel.PAGE_SBS)).rows
    layout = [tuple(tuple(p.number for p in c.paragraphs) for c in r.cells) for r in rows]
    # gazette 4 <-> wire 5 and gazette 5 <-> wire 4 cross: each source keeps its own order
    # the crossing is released by the group earlier on average (gazette 5 / wire 4)
    assert layout == [
        ((1,), (1,), (1,)), ((2,), (2,), (2,)), ((3,), (3,), (3,)),
        ((5,), (4,), ()), ((4,), (5,), (4,)), ((6,), (), ()),
    ]
    assert rows[-1].unaligned and rows[-1].cells[0].only == "Carrow Gazette"
    matrix = dict((h.id, cells) for h, cells in model.matrix(viewmodel.Linker(False)))
    gaz_to_wire = matrix["gazette"][1]
    assert (gaz_to_wire.share, gaz_to_wire.contradictions) == ("80%", 2)


def test_align_rows_keeps_each_source_in_order_despite_crossings() -> None:
    analysis = corpus()
    for group_list in (viewmodel.align_rows(analysis),):
        for s in analysis.sources:
            order = [i for g in group_list for i in g.members.get(s.id, ())]
            assert sorted(order) == list(range(len(s.paragraphs)))


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.org/a?b=1", True),
        ("http://example.org", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        ("data:text/html,<script>", False),
        (" https://example.org", False),
        ("https://example.org/\"onmouseover=", False),
        ("", False),
    ],
)
def test_safe_url(url: str, safe: bool) -> None:
    assert (viewmodel.safe_url(url) is not None) is safe


# --------------------------------------------------------------------------- pages


def test_folder_layout(folder: Path) -> None:
    names = sorted(str(p.relative_to(folder)) for p in _pages(folder))
    assert names == ["index.html", "side-by-side.html", "sources/courrier-fr.html",
                     "sources/gazette.html", "sources/wire-en.html"]


def test_links_and_anchors_resolve(folder: Path, tmp_path: Path) -> None:
    single = html.write(corpus(), tmp_path / "one.html", single_file=True)
    ids: dict[Path, set[str]] = {}
    for page in _pages(folder) + [single]:
        listed = Page(page.read_text("utf-8")).ids()
        assert len(listed) == len(set(listed)), f"duplicate ids in {page}"
        ids[page.resolve()] = set(listed)
    for page in _pages(folder) + [single]:
        for href in Page(page.read_text("utf-8")).hrefs():
            if href.startswith(("http://", "https://")):
                continue
            target, _, anchor = href.partition("#")
            dest = (page.parent / unquote(target)).resolve() if target else page.resolve()
            assert dest.is_file(), f"{page.name}: broken link {href}"
            if anchor and anchor != "top":
                assert anchor in ids[dest], f"{page.name}: missing anchor {href}"


def test_every_mark_is_labelled_not_only_coloured(folder: Path) -> None:
    parsed = Page((folder / "side-by-side.html").read_text("utf-8"))
    badges = [a for t, a in parsed.tags if t == "button" and "badge" in a.get("class", "")]
    model = viewmodel.build(corpus())
    assert len(badges) == len(model.marks)
    for b in badges:
        assert b["aria-label"] and b["aria-describedby"].startswith("note-")
    assert all(f"note-{b['id']}" in parsed.ids() for b in badges)


@pytest.mark.parametrize("name", ["folder", "single.html"])
def test_hostile_text_is_inert(hostile: Path, name: str) -> None:
    script = (html.template_dir() / "report.js").read_text("utf-8")
    for page in _pages(hostile / name) if name == "folder" else [hostile / name]:
        text = page.read_text("utf-8")
        parsed = Page(text)
        tags = {t for t, _ in parsed.tags}
        assert not tags & {"img", "iframe", "object", "embed", "link", "base", "form", "textarea"}, page
        assert all(a.get("class") == "bar" for t, a in parsed.tags if t == "svg"), "only the report's charts"
        assert parsed.scripts == [script], f"{page}: a script other than the report's own"
        for tag, attrs in parsed.tags:
            for k, v in attrs.items():
                assert not k.startswith("on"), f"{page}: event handler {k} on <{tag}>"
                assert "javascript:" not in v.lower() or k in ("aria-label", "title"), f"{page}: {k}={v}"
            assert tag != "a" or not attrs.get("href", "").lower().startswith(("javascript:", "data:"))
            assert tag != "meta" or attrs.get("http-equiv", "").lower() in ("", "content-security-policy")
        if page.name not in ("side-by-side.html", "single.html", "evil-script.html"):
            continue
        # the markup and template syntax are shown as text
        assert "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;" in text
        assert "{{ 7*7 }}" in text and "{% if true %}" in text
        assert "&lt;/textarea&gt;&lt;/style&gt;&lt;/mark&gt;" in text


def test_content_security_policy_allows_only_the_inline_script(folder: Path) -> None:
    for page in _pages(folder):
        parsed = Page(page.read_text("utf-8"))
        metas = [a for t, a in parsed.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
        assert len(metas) == 1
        policy = dict(
            (part.split()[0], part.split()[1:]) for part in metas[0]["content"].split(";") if part.strip()
        )
        digest = base64.b64encode(hashlib.sha256(parsed.scripts[0].encode("utf-8")).digest()).decode()
        assert policy["default-src"] == ["'none'"]
        assert policy["script-src"] == [f"'sha256-{digest}'"]
        assert policy["img-src"] == ["data:"]
        assert policy["base-uri"] == ["'none'"]


def test_self_contained_no_external_resources(folder: Path) -> None:
    for page in _pages(folder):
        parsed = Page(page.read_text("utf-8"))
        for tag, attrs in parsed.tags:
            assert "src" not in attrs, f"{page}: <{tag} src=...>"
            assert tag != "link"
        css = "".join(parsed.styles)
        assert "@import" not in css and not re.search(r"url\((?!data:)", css)


def test_deterministic_and_timestamp_only_on_request(folder: Path, tmp_path: Path) -> None:
    html.write(corpus(), tmp_path / "again")
    for page in _pages(folder):
        assert page.read_bytes() == (tmp_path / "again" / page.relative_to(folder)).read_bytes()
    a = html.write(corpus(), tmp_path / "a.html", single_file=True).read_bytes()
    b = html.write(corpus(), tmp_path / "b.html", single_file=True).read_bytes()
    assert a == b
    stamped = html.write(corpus(), tmp_path / "c.html", single_file=True, timestamp="2031-05-06 10:00 UTC")
    assert b"2031-05-06 10:00 UTC" in stamped.read_bytes()
    assert b"10:00 UTC" not in a


def test_stale_source_pages_are_removed(tmp_path: Path) -> None:
    html.write(corpus(hostile=True), tmp_path)
    assert (tmp_path / "sources" / "evil-script.html").exists()
    (tmp_path / "sources" / "notes.html").write_text("<p>kept: not a diffsrc page</p>")
    html.write(corpus(), tmp_path)
    assert not (tmp_path / "sources" / "evil-script.html").exists()
    assert (tmp_path / "sources" / "notes.html").exists()


# --------------------------------------------------------------------------- gold files


def _scrub(text: str) -> str:
    """The page without what changes for other reasons: the version, inlined CSS and JS (and its hash)."""
    text = text.replace(f"diffsrc {__version__}", "diffsrc VERSION")
    text = re.sub(r"<style>.*?</style>", "<style>/* templates/report.css */</style>", text, flags=re.S)
    text = re.sub(r"<script>.*?</script>", "<script>/* templates/report.js */</script>", text, flags=re.S)
    return re.sub(r"sha256-[A-Za-z0-9+/=]+", "sha256-HASH", text)


def _gold_pages(tmp: Path) -> dict[str, str]:
    html.write(corpus(), tmp / "folder")
    html.write(corpus(), tmp / "single.html", single_file=True)
    pages = {str(p.relative_to(tmp / "folder")): p.read_text("utf-8") for p in _pages(tmp / "folder")}
    pages["single.html"] = (tmp / "single.html").read_text("utf-8")
    return {k: _scrub(v) for k, v in pages.items()}


def test_gold_files(tmp_path: Path) -> None:
    pages = _gold_pages(tmp_path)
    if os.environ.get("DIFFSRC_UPDATE_GOLD"):
        for name, text in pages.items():
            (GOLD / name).parent.mkdir(parents=True, exist_ok=True)
            (GOLD / name).write_text(text, "utf-8")
    stored = sorted(str(p.relative_to(GOLD)) for p in GOLD.rglob("*.html"))
    assert stored == sorted(pages), "gold pages differ; refresh with DIFFSRC_UPDATE_GOLD=1 pytest tests/test_report_html.py"
    for name, text in pages.items():
        assert text == (GOLD / name).read_text("utf-8"), (
            f"{name} differs from tests/gold/{name}; if the change is intended, refresh with "
            "DIFFSRC_UPDATE_GOLD=1 python3 -m pytest tests/test_report_html.py"
        )


# --------------------------------------------------------------------------- packaging and the seeds report


def test_templates_found_in_a_checkout() -> None:
    assert html.template_dir() in (ROOT / "templates", ROOT / "diffsrc" / "templates")
    for name in ("page.html.j2", "macros.html.j2", "report.css", "report.js"):
        assert (html.template_dir() / name).is_file()


@pytest.mark.slow
def test_wheel_ships_templates_and_renders(tmp_path: Path) -> None:
    pytest.importorskip("hatchling", reason="building a wheel without network needs hatchling installed")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path / "w")],
        capture_output=True, text=True, timeout=300,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = (tmp_path / "w").glob("diffsrc-*.whl")
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        for name in ("page.html.j2", "macros.html.j2", "report.css", "report.js"):
            assert f"diffsrc/templates/{name}" in names
        z.extractall(tmp_path / "site")
    code = (
        "import sys; from pathlib import Path; "
        "from diffsrc.report import html; from tests.report_fixtures import corpus; "
        "d = html.template_dir(); assert str(d).startswith(sys.argv[1]), d; "
        "p = html.write(corpus(), Path(sys.argv[2]), single_file=True); print(p.stat().st_size)"
    )
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path / "site"), str(tmp_path / "t")]))
    (tmp_path / "t" / "tests").mkdir(parents=True)
    for name in ("__init__.py", "report_fixtures.py"):
        (tmp_path / "t" / "tests" / name).write_text((ROOT / "tests" / name).read_text("utf-8"))
    run = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "site"), str(tmp_path / "r.html")],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert (tmp_path / "r.html").read_text("utf-8") == html.render(corpus(), single_file=True)[""]


@pytest.mark.slow
def test_committed_seeds_report_is_up_to_date(tmp_path: Path) -> None:
    committed = ROOT / "reports" / "seeds"
    refresh = "refresh it with: diffsrc compare seeds/ -o reports/seeds/ (from the repository root)"
    assert committed.is_dir(), f"reports/seeds/ is missing; {refresh}"
    run = subprocess.run(
        [sys.executable, "-m", "diffsrc.app.cli", "compare", "seeds/", "-o", str(tmp_path / "seeds") + "/", "-q"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    fresh = {str(p.relative_to(tmp_path / "seeds")): p.read_bytes() for p in (tmp_path / "seeds").rglob("*") if p.is_file()}
    stored = {str(p.relative_to(committed)): p.read_bytes() for p in committed.rglob("*") if p.is_file()}
    assert sorted(stored) == sorted(fresh), f"reports/seeds/ has other files than a fresh run; {refresh}"
    stale = [name for name in sorted(fresh) if fresh[name] != stored[name]]
    assert not stale, f"reports/seeds/ is out of date ({', '.join(stale)}); {refresh}"


def _edge_cases() -> dict[str, object]:
    from dataclasses import replace

    from diffsrc.model import Analysis, Claim, Evidence, Fact, Finding

    full = corpus()
    gaz, wire = full.sources[0], full.sources[1]
    bare = Analysis(sources=(gaz, wire), alignments=(), findings=(), facts=(), summaries=(), signature={})
    across = Finding("gazette", gaz.paragraphs[1].end - 5, gaz.paragraphs[2].start + 8,
                     gaz.text[gaz.paragraphs[1].end - 5: gaz.paragraphs[2].start + 8], "DS1", "grammar", "low", "x")
    odd = replace(
        bare,
        findings=(across, Finding("wire-en", 3, 3, "", "DS2", "new_kind", "medium", "missing word",
                                  evidence=(Evidence("elsewhere", "nowhere", 1, 2, "q"),))),
        facts=(Fact("contradiction", "", (Claim("gazette", 1, 0, 5, gaz.text[0:5], "number", "1"),
                                          Claim("ghost", 0, 0, 1, "x", "number", "2"))),),
    )
    return {"bare": bare, "one source": replace(bare, sources=(gaz,)), "odd records": odd}


@pytest.mark.parametrize("name", ["bare", "one source", "odd records"])
def test_renders_sparse_and_odd_analyses(name: str, tmp_path: Path) -> None:
    analysis = _edge_cases()[name]
    index = html.write(analysis, tmp_path / "r")  # type: ignore[arg-type]
    single = html.write(analysis, tmp_path / "r.html", single_file=True)  # type: ignore[arg-type]
    text = index.read_text("utf-8")
    assert "How the sources compare" in text
    if name == "bare":
        assert "No contradiction found." in text and "No artefact flagged." in text
    for page in [single, *_pages(tmp_path / "r")]:
        ids = Page(page.read_text("utf-8")).ids()
        assert len(ids) == len(set(ids))
    if name == "odd records":
        sbs = (tmp_path / "r" / "side-by-side.html").read_text("utf-8")
        assert sbs.count('data-cat="grammar"') == 2  # badge once, note once, across two paragraphs
        assert 'data-cat="new_kind"' in sbs


def test_align_rows_caps_chains_of_links() -> None:
    from dataclasses import replace

    from diffsrc.model import Alignment, ParaRef

    analysis = corpus()
    gaz, wire = analysis.sources[0], analysis.sources[1]
    # every gazette paragraph loosely linked to wire's first paragraph, the strongest to ¶2
    links = tuple(
        Alignment(ParaRef("gazette", i), ParaRef("wire-en", 0), 90.0 - i if i != 2 else 99.0, "related")
        for i in range(len(gaz.paragraphs))
    )
    groups = viewmodel.align_rows(replace(analysis, alignments=links, sources=(gaz, wire)))
    biggest = max(groups, key=lambda g: len(g.members.get("gazette", ())))
    assert len(biggest.members["gazette"]) == viewmodel.MAX_PER_SOURCE
    assert 2 in biggest.members["gazette"] and biggest.members["wire-en"] == (0,)
    for s in (gaz, wire):
        assert sorted(i for g in groups for i in g.members.get(s.id, ())) == list(range(len(s.paragraphs)))


def test_worst_artefacts_are_varied() -> None:
    from dataclasses import replace

    from diffsrc.model import Finding

    analysis = corpus()
    wire = analysis.sources[1]
    same = tuple(Finding("wire-en", i, i + 1, wire.text[i], "DS9", "foreign_typography", "high", "x", confidence=0.99)
                 for i in range(0, 40, 4))
    other = Finding("wire-en", 50, 52, wire.text[50:52], "DS8", "casing", "high", "y", confidence=0.5)
    model = viewmodel.build(replace(analysis, findings=same + (other,)))
    top = model.worst(3)
    assert [m.category for m in top] == ["foreign_typography", "foreign_typography", "casing"]
    assert len(model.worst(20)) == 11


def test_outputs_pass_the_timestamp_to_html_and_markdown(tmp_path: Path) -> None:
    from diffsrc.app import outputs

    targets = outputs.plan(str(tmp_path / "r") + "/", ["html", "md"], tmp_path)
    outputs.write(corpus(), targets, timestamp="2031-05-06 10:00 UTC")
    assert "on 2031-05-06 10:00 UTC" in (tmp_path / "r" / "index.html").read_text("utf-8")
    assert "on 2031-05-06 10:00 UTC" in (tmp_path / "r" / "report.md").read_text("utf-8")
    outputs.write(corpus(), targets)
    assert "10:00 UTC" not in (tmp_path / "r" / "index.html").read_text("utf-8")


def test_invisible_controls_are_shown_by_code_point(tmp_path: Path) -> None:
    from diffsrc.model import Analysis, SourceMeta
    from tests.report_fixtures import make_source

    text = "Plain start \u202etxt.exe\u202c and a zero\u200bwidth space.\nSecond line."
    a = make_source("a", text, "en", SourceMeta(outlet="A"))
    b = make_source("b", "Other text here.\nMore.", "en", SourceMeta(outlet="B"))
    analysis = Analysis((a, b), (), (), (), (), {})
    model = viewmodel.build(analysis)
    para = model.source_page(a, viewmodel.Linker(False, "sources/a.html")).paragraphs[0]
    assert "".join(s.text for s in para.segments) == text.split("\n")[0]
    assert [s.control for s in para.segments if s.control] == ["U+202E", "U+202C", "U+200B"]
    page = html.render(analysis)["sources/a.html"]
    assert "\u202e" not in page and ">U+202E<" in page


@pytest.mark.parametrize(
    ("colour", "ink"), [("#000000", "#ffffff"), ("#ffffff", "#1f2328"), ("#facc15", "#1f2328"), ("#1d4ed8", "#ffffff")]
)
def test_badge_text_contrasts_with_its_colour(colour: str, ink: str) -> None:
    assert viewmodel.ink(colour) == ink


def test_every_category_badge_is_readable() -> None:
    for key in [*viewmodel.CATEGORIES, "some_new_detector_kind"]:
        c = viewmodel.category(key)
        assert c.label and c.short and c.css.startswith("cat-")
        assert c.ink == "#ffffff", f"{key}: {c.colour} too light for white badge text"


@pytest.mark.parametrize(
    ("source_id", "slug"),
    [("nyt-0217", "nyt-0217"), ("../../etc/passwd", "etc-passwd"), ("evil<script>", "evil-script"),
     ("Le Monde", "le-monde"), ("Été à Paris", "ete-a-paris"), ("///", "source"), ("北京", "source")],
)
def test_slugs_are_safe_file_names(source_id: str, slug: str) -> None:
    assert viewmodel.slugify(source_id) == slug


def test_slugs_stay_unique() -> None:
    from dataclasses import replace

    analysis = corpus()
    a, b = analysis.sources[0], analysis.sources[1]
    twins = replace(analysis, sources=(replace(a, id="Same Name"), replace(b, id="same-name")))
    model = viewmodel.build(twins)
    assert sorted(model.slugs.values()) == ["same-name", "same-name-2"]


def _render_with_user_cache(cache: Path, monkeypatch: pytest.MonkeyPatch) -> bytes:
    monkeypatch.setenv("DIFFSRC_CACHE_HOME", str(cache))
    html._environment.cache_clear()
    try:
        return html.render_page(viewmodel.build(corpus(), None).single_page()).encode("utf-8")
    finally:
        html._environment.cache_clear()


def test_compiled_templates_are_kept_and_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = _render_with_user_cache(tmp_path, monkeypatch)
    [folder] = tmp_path.glob("templates-jinja*")
    compiled = sorted(folder.iterdir())
    assert compiled and all(p.suffix == ".cache" for p in compiled)
    assert _render_with_user_cache(tmp_path, monkeypatch) == first


def test_a_broken_template_cache_never_fails_a_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = _render_with_user_cache(tmp_path / "clean", monkeypatch)
    # damaged files are compiled afresh
    _render_with_user_cache(tmp_path / "damaged", monkeypatch)
    for f in (tmp_path / "damaged").glob("templates-jinja*/*"):
        f.write_bytes(b"\x00garbage" * 10)
    assert _render_with_user_cache(tmp_path / "damaged", monkeypatch) == expected
    # a cache that cannot be written (full disk) is skipped
    import tempfile

    def no_space(*args: object, **kwargs: object) -> object:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tempfile, "NamedTemporaryFile", no_space)
    assert _render_with_user_cache(tmp_path / "full", monkeypatch) == expected
    # and a user cache that is not a folder is not used at all
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    assert _render_with_user_cache(tmp_path / "file", monkeypatch) == expected


# --------------------------------------------------------------------------- issue 20: contradictions side by side, many sources


def test_contradictions_side_by_side_group_sentences_by_value() -> None:
    model = viewmodel.build(corpus())
    day, count, talks = model.conflicts()
    assert day.anchor == "sbs-x1" and day.topic == "Day the strike began"
    assert [(v.value, v.sources) for v in day.values] == [("Tuesday", 2), ("Wednesday", 1)]  # in words
    (wednesday,) = day.values[1].sides
    assert (wednesday.claim, wednesday.row) == ("ont cessé le travail mercredi", "sbs-p-courrier-fr-2")
    assert wednesday.before == "Les équipages des ferries de Carrow " and wednesday.after.startswith(", supprimant")
    assert wednesday.mark.startswith("sbs-c")
    assert [v.value for v in talks.values] == ["Friday", "Thursday"]
    # the overview's list links each contradiction to that view, and only contradictions
    views = {model.facts[r].topic: model.fact_view(r, viewmodel.Linker(False)) for r in range(len(model.facts))}
    assert views["Day the strike began"].compare == "side-by-side.html#sbs-x1"
    assert views["Pay claim and offer"].compare == ""


def test_a_copied_sentence_is_one_side_listing_its_sources() -> None:
    (conflict,) = viewmodel.build(many(60)).conflicts()
    assert [(v.value, v.sources, len(v.sides)) for v in conflict.values] == [("Tuesday", 40, 2), ("Wednesday", 20, 1)]
    assert len(conflict.values[1].sides[0].also) == 19


def test_many_sources_show_a_few_columns_and_keep_the_rest_inert() -> None:
    pages = html.render(many(60))
    sbs = pages[viewmodel.PAGE_SBS]
    model = viewmodel.build(many(60))
    assert len(model.shown) == viewmodel.SHOWN_COLUMNS
    assert {model.sources[model.order[s]].lang for s in model.shown} == {"en", "fr"}
    ticked = re.findall(r'data-filter="src" value="([^"]+)" checked', sbs)
    assert sorted(ticked) == sorted(model.slugs[s] for s in model.shown)
    # a hidden column's cells hold their paragraphs in inert <template>s
    rows = model.side_by_side(viewmodel.Linker(False, viewmodel.PAGE_SBS)).rows
    lazy = [c for r in rows for c in r.cells if c.paragraphs and not c.shown]
    assert len(lazy) >= 54 and all(c.slug not in ticked for c in lazy)
    assert sbs.split("<script>")[0].count("<template>") == len(lazy)
    assert "Showing 6 of 60 sources" in sbs
    small = viewmodel.build(corpus())
    assert len(small.shown) == 3 and "<template>" not in html.render(corpus())[viewmodel.PAGE_SBS].split("<script>")[0]


def test_rows_of_hidden_columns_only_are_folded_away() -> None:
    model = viewmodel.build(many(60))
    rows = model.side_by_side(viewmodel.Linker(False, viewmodel.PAGE_SBS)).rows
    folded = [r for r in rows if not r.shown]
    assert folded and len(folded) < len(rows)
    assert all(not (c.paragraphs and c.shown) for r in folded for c in r.cells)
    sbs = html.render(many(60))[viewmodel.PAGE_SBS]
    for r in rows:
        tag = re.search(rf'<tr id="{r.anchor}" class="([^"]*)" data-srcs="([^"]*)">', sbs)
        assert tag is not None and tag.group(2).split() == [c.slug for c in r.cells if c.paragraphs]
        assert ("row-off" in tag.group(1).split()) == (not r.shown)
    assert not [r for r in viewmodel.build(corpus()).side_by_side(viewmodel.Linker(False, viewmodel.PAGE_SBS)).rows
                if not r.shown], "with every column shown no row is folded"


@pytest.mark.parametrize(
    "outlets, phrase",
    [
        (["CNN"], "in CNN"),
        (["CNN", "Le Monde"], "between CNN and Le Monde"),
        (["A", "B", "C", "D"], "between A, B, C and D"),
        ([f"s{i}" for i in range(57)], "among 57 sources"),
    ],
)
def test_headline_names_a_few_outlets_and_counts_many(outlets: list[str], phrase: str) -> None:
    from diffsrc.report.viewmodel import _among

    assert _among(outlets) == phrase


def test_headline_with_many_contradiction_topics_stays_a_sentence() -> None:
    (line, *_rest) = viewmodel.build(corpus()).headline()
    assert line == ("3 contradictions between Carrow Gazette, Le Courrier du Port and Northern Wire on Day the strike "
                    "began; Number of daily crossings; Day talks resume.")


@pytest.mark.parametrize("n", [6, 15])
def test_report_size_grows_in_proportion_to_the_sources(n: int) -> None:
    def per_source(k: int) -> float:
        return sum(len(t.encode("utf-8")) for t in html.render(many(k)).values()) / k

    assert per_source(60) < 1.35 * per_source(n), "the report grows faster than the sources"
    notes = max(len(re.findall("<li>", n_)) for n_ in re.findall(r'<div class="note .*?</div>', html.render(many(60))[viewmodel.PAGE_SBS], re.S))
    assert notes <= 2 * viewmodel.NOTE_LINKS

