"""The HTML report in a real browser: Debian's Chromium driven by Playwright, pages from file://.

Screenshots of the overview and side-by-side pages go to test-artifacts/ (gitignored).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from diffsrc.report import html
from tests.report_fixtures import corpus

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
HOSTILE = Path(__file__).resolve().parent / "data" / "hostile"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium"),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"],
        )
        yield b
        b.close()


class Watched:
    """A page that records dialogs, requests, console errors and page errors."""

    def __init__(self, browser: Any, width: int = 1400, height: int = 900) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.page = self.context.new_page()
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, path: Path, anchor: str = "") -> Any:
        self.page.goto(path.resolve().as_uri() + anchor)
        return self.page

    def foreign_requests(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(("file://", "data:"))]

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "report"
    html.write(corpus(), out)
    return out


@pytest.fixture
def watched(browser: Any) -> Iterator[Watched]:
    w = Watched(browser)
    yield w
    assert not w.errors, f"script errors: {w.errors}"
    w.close()


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)
    assert (ARTIFACTS / name).stat().st_size > 10_000


def test_overview_lists_the_contradictions(watched: Watched, report: Path) -> None:
    page = watched.open(report / "index.html")
    facts = page.locator("#overview .fact.fk-contradiction")
    assert facts.count() == 3
    topics = [t.strip() for t in facts.locator("h4").all_inner_texts()]
    assert [t.split("\n")[0] for t in topics][0].startswith("≠ Day the strike began")
    assert "Number of daily crossings" in topics[1] and "Day talks resume" in topics[2]
    first = facts.first
    assert first.locator(".claim").count() == 3
    assert "ont cessé le travail mercredi" in first.inner_text()
    assert page.locator("#ov-contradictions").bounding_box()["y"] < page.locator("#ov-omissions").bounding_box()["y"]
    assert page.locator("#ov-omissions").bounding_box()["y"] < page.locator("#ov-artefacts").bounding_box()["y"]
    _shot(page, "overview.png")
    # a claim link leads to the mark in the side-by-side view, which is then focused with its note
    first.locator(".claim-links a", has_text="side by side").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("side-by-side.html#sbs-c1")
    assert page.evaluate("document.activeElement.id") == "sbs-c1"
    assert page.locator("#tip").is_visible()
    assert not watched.dialogs and not watched.foreign_requests()


def _fill(page: Any, group: str, value: str, checked: bool) -> None:
    box = page.locator(f'input[data-filter="{group}"][value="{value}"]')
    box.set_checked(checked)


def test_filters_hide_and_show_marks(watched: Watched, report: Path) -> None:
    page = watched.open(report / "side-by-side.html")
    calques = page.locator('#side-by-side .badge[data-cat="false_friend_or_calque"]')
    assert calques.count() == 3
    assert all(calques.nth(i).is_visible() for i in range(3))
    segment = page.locator("#side-by-side mark", has_text="increase of salary")  # only that calque on it
    assert segment.count() == 1
    tinted = segment.evaluate("m => getComputedStyle(m).backgroundColor")
    assert tinted != "rgba(0, 0, 0, 0)"
    _fill(page, "cat", "false_friend_or_calque", False)
    assert not any(calques.nth(i).is_visible() for i in range(3))
    assert segment.evaluate("m => getComputedStyle(m).backgroundColor") == "rgba(0, 0, 0, 0)"
    assert page.locator('#side-by-side .badge[data-cat="word_order"]').is_visible()
    _fill(page, "cat", "false_friend_or_calque", True)
    assert all(calques.nth(i).is_visible() for i in range(3))
    assert segment.evaluate("m => getComputedStyle(m).backgroundColor") == tinted
    # severity: hiding "low" hides low findings only
    _fill(page, "sev", "low", False)
    assert not page.locator('#side-by-side .badge[data-sev="low"]').first.is_visible()
    assert page.locator('#side-by-side .badge[data-sev="high"]').first.is_visible()
    _fill(page, "sev", "low", True)
    # facts: hiding contradictions hides their claim marks
    _fill(page, "fact", "contradiction", False)
    assert not page.locator('#side-by-side .badge[data-cat="contradiction"]').first.is_visible()
    assert page.locator('#side-by-side .badge[data-cat="agreement"]').first.is_visible()
    _fill(page, "fact", "contradiction", True)
    # sources: unticking one leaves a pair of columns
    _fill(page, "src", "courrier-fr", False)
    assert not page.locator('th[data-col="courrier-fr"]').is_visible()
    assert page.locator('th[data-col="wire-en"]').is_visible()
    _assert_rows_aligned(page)
    _fill(page, "src", "courrier-fr", True)
    assert page.locator('th[data-col="courrier-fr"]').is_visible()


def test_tooltip_shows_message_suggestion_and_evidence(watched: Watched, report: Path) -> None:
    page = watched.open(report / "side-by-side.html")
    page.hover('#side-by-side .badge[data-cat="untranslated_word"]')
    tip = page.locator("#tip")
    tip.wait_for(state="visible")
    text = tip.inner_text()
    assert "Untranslated word" in text and "French word left in English text" in text
    assert "went on strike" in text  # the suggestion
    assert "Carrow Gazette" in text and "walked out" in text  # evidence from another source
    assert "Le Courrier du Port" in text and "cessé le travail" in text
    # a claim's note links to its counterparts
    page.hover("#sbs-c1")
    assert "ont cessé le travail mercredi" in tip.inner_text()
    page.keyboard.press("Escape")
    assert not tip.is_visible()


def test_keyboard_moves_between_findings(watched: Watched, report: Path) -> None:
    page = watched.open(report / "side-by-side.html")
    page.keyboard.press("j")
    first = page.evaluate("document.activeElement.id")
    assert first.startswith("sbs-")
    page.keyboard.press("j")
    second = page.evaluate("document.activeElement.id")
    assert second != first and second.startswith("sbs-")
    assert page.locator("#tip").is_visible()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("k")
    assert page.evaluate("document.activeElement.id") == first
    page.keyboard.press("p")
    page.keyboard.press("n")
    assert page.evaluate("document.activeElement.id") == first


_ROW_BOXES = """() => Array.from(document.querySelectorAll('#side-by-side tbody tr')).filter(tr => tr.offsetParent !== null).map(tr =>
  Array.from(tr.querySelectorAll('td')).filter(td => td.offsetParent !== null).map(td => {
    const b = td.getBoundingClientRect();
    const paras = Array.from(td.querySelectorAll('.para')).map(p => p.getBoundingClientRect());
    return {y: b.top + scrollY, h: b.height, x: b.left, w: b.width,
            inside: paras.every(p => p.left >= b.left - 1 && p.right <= b.right + 1
                                     && p.top >= b.top - 1 && p.bottom <= b.bottom + 1)};
  }))"""


def _assert_rows_aligned(page: Any) -> None:
    rows = page.evaluate(_ROW_BOXES)
    assert rows
    previous_bottom = 0.0
    for i, cells in enumerate(rows, 1):
        assert len(cells) >= 2
        assert len({round(c["y"]) for c in cells}) == 1, f"row {i}: cells start at different heights: {cells}"
        assert len({round(c["h"]) for c in cells}) == 1, f"row {i}: cells of different heights: {cells}"
        assert cells[0]["y"] >= previous_bottom - 1, f"row {i} overlaps the previous row"
        previous_bottom = cells[0]["y"] + cells[0]["h"]
        # long prose wraps inside its own column instead of spilling into the next
        assert all(c["inside"] for c in cells), f"row {i}: a paragraph overflows its cell"


@pytest.mark.parametrize("width", [1400, 760])
def test_rows_stay_aligned(browser: Any, report: Path, width: int) -> None:
    w = Watched(browser, width=width)
    page = w.open(report / "side-by-side.html")
    _assert_rows_aligned(page)
    # in a row, the gazette's and the French paragraph's text start on the same line
    row = page.locator("#sbs-r2")
    ys = [row.locator(f'td[data-col="{c}"] .para').first.bounding_box()["y"] for c in ("gazette", "courrier-fr")]
    assert abs(ys[0] - ys[1]) < 1
    assert page.locator('#sbs-r2 td[data-col="courrier-fr"]').get_attribute("lang") == "fr"
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1, "no horizontal overflow"
    if width == 1400:
        _shot(page, "side-by-side.png")
        page.hover('#side-by-side .badge[data-cat="untranslated_word"]')
        page.screenshot(path=str(ARTIFACTS / "side-by-side-note.png"))
    assert not w.errors
    w.close()


def _exercise(w: Watched, root: Path) -> list[str]:
    pages = sorted(root.rglob("*.html")) if root.is_dir() else [root]
    for path in pages:
        page = w.open(path)
        badges = page.locator(".badge:visible")
        for i in range(min(badges.count(), 12)):
            badges.nth(i).hover()
        for _ in range(5):
            page.keyboard.press("j")
        if not page.locator("details.filterbox").evaluate("d => d.open"):
            page.click("details.filterbox summary")
        for box in page.locator("input[data-filter]").all()[:3]:
            box.set_checked(False)
            box.set_checked(True)
        assert page.evaluate("document.querySelectorAll('script').length") == 1
        assert page.evaluate("document.querySelectorAll('img, iframe, object, embed, base, form').length") == 0
    return [str(p) for p in pages]


def test_hostile_sources_fire_nothing(browser: Any, tmp_path: Path) -> None:
    from diffsrc.analysis import pipeline
    from diffsrc.io.ingest import load_sources

    sources, _ = load_sources([str(HOSTILE)])
    analysis = pipeline.run(sources)
    html.write(analysis, tmp_path / "pipeline")
    html.write(analysis, tmp_path / "pipeline.html", single_file=True)
    html.write(corpus(hostile=True), tmp_path / "fixture")
    w = Watched(browser)
    opened: list[str] = []
    for root in ("pipeline", "pipeline.html", "fixture"):
        opened += _exercise(w, tmp_path / root)
    assert len(opened) >= 12
    assert w.dialogs == [], f"a source ran code: {w.dialogs}"
    assert w.foreign_requests() == [], f"a source made a request: {w.foreign_requests()}"
    assert not w.errors, w.errors
    # the text is shown as written
    page = w.open(tmp_path / "pipeline" / "sources" / "markup.html")
    body = page.locator("#main").inner_text()
    assert '<script>alert("script tag")</script>' in body
    assert "<img src=x onerror=\"alert('img')\">" in body
    assert "U+202E" in body  # the right-to-left override is shown, not obeyed
    assert page.locator("a", has_text="javascript:alert('url')").count() == 0
    page = w.open(tmp_path / "pipeline" / "sources" / "template.html")
    assert "{{ 7*7 }}" in page.locator("#main").inner_text()
    w.close()


def test_print_stylesheet_hides_controls(watched: Watched, report: Path) -> None:
    page = watched.open(report / "side-by-side.html")
    page.emulate_media(media="print")
    assert not page.locator("header.top").is_visible()
    assert page.locator("#side-by-side .badge").first.is_visible()
    page.emulate_media(media="screen")
    assert page.locator("header.top").is_visible()



def test_committed_seeds_report_opens_cleanly(watched: Watched) -> None:
    seeds = Path(__file__).resolve().parent.parent / "reports" / "seeds"
    if not (seeds / "index.html").exists():
        pytest.skip("reports/seeds/ not generated yet (diffsrc compare seeds/ -o reports/seeds/)")
    page = watched.open(seeds / "index.html")
    shown = page.locator("#overview .fact.fk-contradiction").count()
    listed = page.locator("#ov-contradictions .count").inner_text()
    assert shown == int(listed)
    _shot(page, "seeds-overview.png")
    page = watched.open(seeds / "side-by-side.html")
    _assert_rows_aligned(page)
    _shot(page, "seeds-side-by-side.png")
    assert not watched.dialogs and not watched.foreign_requests()


# --------------------------------------------------------------------------- issue 20: many sources, contradictions side by side


def test_contradiction_list_opens_both_sentences_side_by_side(watched: Watched, report: Path) -> None:
    page = watched.open(report / "index.html")
    page.locator("#overview .fact.fk-contradiction").first.locator("a.compare").click()
    page.wait_for_load_state()
    assert page.url.endswith("side-by-side.html#sbs-x1")
    conflict = page.locator("#sbs-x1")
    assert conflict.is_visible() and conflict.bounding_box()["y"] < 400
    columns = conflict.locator(".value-col")
    assert columns.count() == 2
    left, right = (columns.nth(i).bounding_box() for i in range(2))
    assert abs(left["y"] - right["y"]) < 1 and left["x"] + left["width"] <= right["x"], "the two sides are next to each other"
    marks = conflict.locator("mark.contra")
    assert [t.strip() for t in marks.all_inner_texts()] == ["walked out on Tuesday", "have made grève on Tuesday",
                                                            "ont cessé le travail mercredi"]
    assert marks.first.evaluate("m => getComputedStyle(m).backgroundColor") != "rgba(0, 0, 0, 0)"
    _shot(page, "contradictions-side-by-side.png")
    conflict.locator("a", has_text="in the rows below").last.click()
    target = page.evaluate("location.hash")
    assert target.startswith("#sbs-c") and page.locator(f"#side-by-side tbody {target}").is_visible()
    assert page.locator(f"#side-by-side tbody {target}").evaluate("b => b.closest('td').dataset.col") == "courrier-fr"


@pytest.fixture(scope="module")
def sixty(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.report_fixtures import many

    out = tmp_path_factory.mktemp("sixty") / "report"
    html.write(many(60), out)
    return out


_COLUMNS = """() => Array.from(document.querySelectorAll('#side-by-side thead th[data-col]'))
  .filter(th => th.offsetParent !== null).map(th => ({col: th.dataset.col, w: th.getBoundingClientRect().width}))"""


_EMPTY_ROWS = """() => Array.from(document.querySelectorAll('#side-by-side tbody tr'))
  .filter(r => r.offsetParent !== null && !Array.from(r.querySelectorAll('td .para')).some(p => p.offsetParent !== null)).length"""


def test_sixty_sources_side_by_side_is_readable(browser: Any, sixty: Path) -> None:
    w = Watched(browser, width=1400)
    page = w.open(sixty / "side-by-side.html")
    rem = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    shown = page.evaluate(_COLUMNS)
    assert len(shown) == 6 and all(c["w"] >= 13 * rem for c in shown), shown
    assert page.evaluate("document.documentElement.scrollWidth") <= 1401, "the page itself never scrolls sideways"
    assert page.locator("#side-by-side tbody td[data-col] .para:visible").count() > 0
    # the 54 other columns are not rendered: their cells hold inert templates
    assert page.evaluate("document.querySelectorAll('#side-by-side td.col-off .para').length") == 0
    assert page.locator("header.top").bounding_box()["height"] < 260, "the header stays compact with 60 sources"
    assert page.evaluate(_EMPTY_ROWS) == 0, "no row of empty cells: rows of hidden columns only are left out"
    _assert_rows_aligned(page)
    _shot(page, "sixty-sources.png")
    # ticking four more sources renders their columns, and the table scrolls sideways in its box
    off = page.locator('input[data-filter="src"]:not(:checked)')
    added = [off.nth(i).get_attribute("value") for i in range(4)]
    for slug in added:
        page.locator(f'input[data-filter="src"][value="{slug}"]').set_checked(True)
    shown = page.evaluate(_COLUMNS)
    assert len(shown) == 10 and all(c["w"] >= 13 * rem for c in shown), shown
    assert page.evaluate(_EMPTY_ROWS) == 0
    assert all(page.locator(f'#side-by-side tbody tr:visible td[data-col="{slug}"] .para').count() > 0 for slug in added)
    assert all(page.locator(f'#side-by-side td[data-col="{slug}"] .para').count() > 0 for slug in added)
    box = page.evaluate("(() => { const s = document.querySelector('.sbs-scroll'); return [s.scrollWidth, s.clientWidth]; })()")
    assert box[0] > box[1], "the table scrolls in its own box"
    assert page.evaluate("document.documentElement.scrollWidth") <= 1401
    _assert_rows_aligned(page)
    _shot(page, "sixty-sources-ten-columns.png")
    assert not w.errors and not w.dialogs and not w.foreign_requests()
    w.close()


def test_sixty_source_screenshot_shows_six_readable_columns() -> None:
    """The screenshot of the 60-source page (written by the test above) is a real picture of it:
    1400 pixels wide, taller than one screen, and not one colour."""
    import struct
    import zlib

    shot = ARTIFACTS / "sixty-sources.png"
    if not shot.exists():
        pytest.skip("the 60-source screenshot was not taken in this run")
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert width == 1400 and height > 900
    chunks, pos = [], 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        if data[pos + 4:pos + 8] == b"IDAT":
            chunks.append(data[pos + 8:pos + 8 + length])
        pos += 12 + length
    pixels = zlib.decompress(b"".join(chunks))
    assert len(set(pixels[: 1 << 20])) > 32, "the screenshot is blank"
