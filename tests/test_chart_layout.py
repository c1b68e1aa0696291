"""Charts, tooltips and tables as a reader sees them, in headless Chromium at a phone's and a laptop's width:
each chart as wide as the text column, no text over other text, no name cut short, exact values on hover,
tap and keyboard focus from our own small script (no chart runtime), tables like the theme's."""

from __future__ import annotations

import pytest
from conftest import Watched, tab_to
from playwright.sync_api import Browser, Page

CHART_PAGES = ["index.html", "bab-2-kajian-teoretis.html", "bab-5-arah-pengaturan.html", "tentang-data.html",
               "en/bab-2-kajian-teoretis.html", "en/tentang-data.html"]
WIDTHS = [390, 1280]

# Per visible chart: its drawing's width, the text column's width, the drawing's scale, and every piece
# of text in it with its box on screen.
MEASURE = """() => [...document.querySelectorAll('figure.chart')].map(figure => {
  const drawing = [...figure.querySelectorAll('.chart__drawing')].find(d => d.getClientRects().length > 0);
  const svg = drawing.querySelector('svg');
  const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim()).map(t => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom};
  });
  return {chart: figure.dataset.chart, drawn: svg.getBoundingClientRect().width,
          column: figure.closest('.md-content__inner').getBoundingClientRect().width,
          scale: svg.getBoundingClientRect().width / svg.viewBox.baseVal.width, texts};
})"""


def overlapping(texts: list[dict]) -> list[tuple[str, str]]:
    slack = 0.5  # rounding in the renderer: touching is not overlapping
    found = []
    for i, one in enumerate(texts):
        for other in texts[i + 1:]:
            if (one["left"] < other["right"] - slack and other["left"] < one["right"] - slack
                    and one["top"] < other["bottom"] - slack and other["top"] < one["bottom"] - slack):
                found.append((one["text"], other["text"]))
    return found


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", CHART_PAGES)
def test_charts_fill_the_text_column_without_overlapping_or_cut_text(browser: Browser, base_url: str, path: str,
                                                                    width: int) -> None:
    with Watched(browser, width=width) as watched:
        charts = watched.open(base_url + path).evaluate(MEASURE)
        assert charts
        for chart in charts:
            assert chart["drawn"] >= 0.97 * chart["column"], chart["chart"]
            assert chart["scale"] >= 11 / 13, f"{chart['chart']}: 13 px text shown below 11 px"
            assert overlapping(chart["texts"]) == [], chart["chart"]
            assert [t["text"] for t in chart["texts"] if t["text"].endswith("…")] == [], chart["chart"]
        assert watched.errors == []


def test_chart_reads_title_and_subtitle_above_and_source_below(watched: Watched, base_url: str) -> None:
    page = watched.open(base_url + "bab-2-kajian-teoretis.html")
    figure = page.locator("#grafik-klaim_program")
    top = {part: figure.locator(selector).bounding_box()["y"]  # type: ignore[index]
           for part, selector in [("title", ".chart__title"), ("subtitle", ".chart__subtitle"),
                                  ("drawing", ".chart__svg"), ("source", ".chart__source")]}
    assert top["title"] < top["subtitle"] < top["drawing"] < top["source"]
    assert figure.locator(".chart__title").evaluate("t => getComputedStyle(t).fontStyle") == "normal"


def test_the_table_toggle_is_a_plain_control(watched: Watched, base_url: str) -> None:
    page = watched.open(base_url + "bab-2-kajian-teoretis.html")
    summary = page.locator("#grafik-klaim_program details summary")
    style = summary.evaluate("""s => ({background: getComputedStyle(s).backgroundColor,
        icon: getComputedStyle(s, '::before').display,
        border: getComputedStyle(s.parentElement).borderLeftColor,
        shadow: getComputedStyle(s.parentElement).boxShadow})""")
    assert style["background"] == "rgba(0, 0, 0, 0)", "no tinted note background"
    assert style["icon"] == "none", "no pencil icon"
    assert style["shadow"] == "none"
    assert "68, 138, 255" not in style["border"], "not the blue of Material's note"


def tooltip_text(page: Page) -> str:
    tooltip = page.locator(".chart-tooltip")
    tooltip.wait_for(state="visible")
    return tooltip.inner_text()


def no_chart_runtime(watched: Watched) -> None:
    assert [url for url in watched.requests if "vega" in url or "/grafik/" in url] == []
    assert watched.errors == [] and watched.off_host() == []


@pytest.mark.parametrize("path, chart, expected", [
    ("bab-2-kajian-teoretis.html", "cakupan_segmen", "Peserta: 1.579"),  # the largest vulnerable segment
    ("en/bab-2-kajian-teoretis.html", "klaim_program", "Claims paid (IDR): more than IDR 145,000,000,000"),
])
@pytest.mark.parametrize("width", WIDTHS)
def test_tooltip_shows_exact_values_on_hover_without_vega(browser: Browser, base_url: str, path: str, chart: str,
                                                           expected: str, width: int) -> None:
    with Watched(browser, width=width) as watched:
        page = watched.open(base_url + path)
        bar = page.locator(f"#grafik-{chart} .chart__drawing:visible .role-mark path[aria-label]").first
        bar.scroll_into_view_if_needed()
        bar.hover()
        assert expected in tooltip_text(page).replace("\n", "; ")
        page.mouse.move(0, 0)
        page.locator(".chart-tooltip").wait_for(state="hidden")
        no_chart_runtime(watched)


def test_tooltip_follows_the_keyboard_and_is_read_aloud(watched: Watched, base_url: str) -> None:
    page = watched.open(base_url + "index.html")
    holder = page.locator("#grafik-cakupan_waktu .chart__svg")
    tab_to(page, holder, "the chart", presses=200)
    assert holder.get_attribute("role") == "img" and "Jumlah peserta" in (holder.get_attribute("aria-label") or "")
    hint = page.locator("#" + (holder.get_attribute("aria-describedby") or "none"))
    assert "panah" in hint.inner_text()
    first = tooltip_text(page)
    assert first.splitlines() == ["Periode: 2024", "Peserta: 10.714", "Status: resmi"]  # a year stays a year
    page.keyboard.press("ArrowRight")
    page.wait_for_function("document.querySelector('.chart-tooltip').textContent.includes('Januari 2025')")
    assert "Januari 2025" in page.locator(".chart-live[aria-live]").inner_text()
    page.keyboard.press("End")
    page.wait_for_function("document.querySelector('.chart-tooltip').textContent.includes('Mei 2025')")
    page.keyboard.press("Escape")
    page.locator(".chart-tooltip").wait_for(state="hidden")
    page.keyboard.press("Tab")
    assert not holder.evaluate("element => element === document.activeElement")
    no_chart_runtime(watched)


def test_a_tap_on_a_phone_shows_the_value(browser: Browser, base_url: str) -> None:
    context = browser.new_context(has_touch=True, is_mobile=True, viewport={"width": 390, "height": 800})
    try:
        page = context.new_page()
        page.goto(base_url + "bab-2-kajian-teoretis.html", wait_until="networkidle")
        bar = page.locator("#grafik-porsi_rentan .chart__drawing:visible .role-mark path[aria-label]").first
        bar.scroll_into_view_if_needed()
        bar.tap()
        assert "5.415" in tooltip_text(page)
    finally:
        context.close()


TABLE_STYLE = """table => {
  const cells = [...table.querySelectorAll('tbody td.num')];
  const style = c => getComputedStyle(c);
  return {numbers: cells.length, right: cells.every(c => style(c).textAlign === 'right'),
          tabular: cells.every(c => style(c).fontVariantNumeric.includes('tabular-nums')),
          rules: [...table.querySelectorAll('tbody tr + tr > *')].every(c => parseFloat(style(c).borderTopWidth) > 0),
          text_left: [...table.querySelectorAll('tbody th')].every(c => style(c).textAlign === 'left'),
          headers: [...table.querySelectorAll('thead th')].map(c => c.textContent)};
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_tables_align_numbers_and_rule_rows(browser: Browser, base_url: str, width: int) -> None:
    with Watched(browser, width=width) as watched:
        page = watched.open(base_url + "bab-2-kajian-teoretis.html")
        page.locator("#grafik-klaim_program details summary").click()
        style = page.locator("#grafik-klaim_program table.data-table").evaluate(TABLE_STYLE)
        assert style["numbers"] == 6 and style["right"] and style["tabular"] and style["rules"]
        assert style["text_left"]
        assert style["headers"] == ["Program", "Nilai klaim (Rp)"], "the unit is in the header"


@pytest.mark.parametrize("path", ["data-terbuka.html", "en/data-terbuka.html"])
def test_codes_in_tables_do_not_break_on_a_phone(browser: Browser, base_url: str, path: str) -> None:
    with Watched(browser, width=390) as watched:
        page = watched.open(base_url + path)
        broken = page.evaluate("""[...document.querySelectorAll('.data-table code')]
            .filter(c => c.getClientRects().length > 1 || c.getBoundingClientRect().height > 2 *
                         parseFloat(getComputedStyle(c).lineHeight || '20'))
            .map(c => c.textContent)""")
        assert page.locator(".data-table code").count() > 10
        assert broken == []
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the page scrolls sideways"
