"""The built site in real headless Chromium (Debian's), served over HTTP on 127.0.0.1."""

from __future__ import annotations

import pytest
from conftest import Watched


def test_home_page_renders_with_its_chart(watched: Watched, base_url: str) -> None:
    watched.page.goto(base_url, wait_until="networkidle")
    assert watched.page.locator("html").get_attribute("lang") == "id"
    assert watched.page.locator(".headline__figure").inner_text().strip() == "10.704"
    chart = watched.page.locator("figure.chart svg").first
    chart.wait_for(state="visible")
    box = chart.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 100
    assert box["width"] <= 400, "the chart overflows a phone screen"
    assert watched.errors == []
    assert watched.off_host() == []


def test_language_switcher_keeps_the_reader_on_the_same_page(watched: Watched, base_url: str) -> None:
    page = watched.page
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(base_url + "bab-2-kajian-teoretis.html", wait_until="networkidle")
    page.locator(".md-header__option .md-select").hover()
    page.locator(".md-select__link[hreflang=en]").click()
    page.wait_for_url(base_url + "en/bab-2-kajian-teoretis.html")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Chapter II" in page.locator("h1").inner_text()
    assert watched.errors == []
    assert watched.off_host() == []


def test_search_finds_pages_in_both_languages(watched: Watched, base_url: str) -> None:
    page = watched.page
    page.set_viewport_size({"width": 1280, "height": 800})
    for url, query, expected in ((base_url, "pecalang", base_url), (base_url + "en/", "fishers", base_url + "en/")):
        page.goto(url, wait_until="networkidle")
        page.locator(".md-search__input").click()
        page.locator(".md-search__input").press_sequentially(query, delay=20)
        first = page.locator(".md-search-result__item a").first
        first.wait_for(state="visible", timeout=10000)
        hrefs = page.locator(".md-search-result__item a").evaluate_all("links => links.map(a => a.href)")
        assert hrefs and all(href.startswith(expected) for href in hrefs)
        if expected == base_url:
            assert not [href for href in hrefs if "/en/" in href], "Indonesian search shows English pages"
    assert watched.errors == []
    assert watched.off_host() == []


def test_a_browser_without_resize_observer_gets_the_polyfill_from_the_site(watched: Watched, base_url: str) -> None:
    watched.page.add_init_script("delete window.ResizeObserver")
    watched.page.goto(base_url + "en/tentang-data.html", wait_until="networkidle")
    assert watched.page.evaluate("typeof ResizeObserver") == "function"
    assert base_url + "assets/vendor/resize-observer-polyfill/ResizeObserver.js" in watched.requests
    assert watched.errors == []
    assert watched.off_host() == []


CHART_PAGES = ["index.html", "bab-2-kajian-teoretis.html", "bab-5-arah-pengaturan.html", "tentang-data.html"]
# Each chart text's font size as shown, in the drawing CSS shows at this width: its font size times how much
# the SVG was scaled to fit the column.
SHOWN_FONT_SIZES = """[...document.querySelectorAll('figure.chart .chart__svg svg')]
  .filter(svg => svg.getClientRects().length).flatMap(svg => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return [...svg.querySelectorAll('text')].filter(t => t.textContent.trim())
    .map(t => [t.textContent, parseFloat(getComputedStyle(t).fontSize) * scale]);
})"""
# Legend entries as drawn by the browser, whose fonts measure wider than the build-time renderer's.
LEGEND_BOXES = """[...document.querySelectorAll('figure.chart .role-legend-entry .role-scope > g')].map(entry => {
  const box = entry.getBoundingClientRect(); return [box.left, box.top, box.right, box.bottom];
})"""


@pytest.mark.parametrize("path", CHART_PAGES + ["en/" + page for page in CHART_PAGES])
def test_chart_text_stays_legible_on_a_phone(watched: Watched, base_url: str, path: str) -> None:
    page = watched.page
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(base_url + path, wait_until="networkidle")
    sizes = page.evaluate(SHOWN_FONT_SIZES)
    assert sizes
    small = [(text, round(size, 1)) for text, size in sizes if size < 11]
    assert small == [], "chart text shrinks below 11 px on a 390 px wide phone"
    boxes = page.evaluate(LEGEND_BOXES)
    for first, second in zip(boxes, boxes[1:]):
        apart = first[2] <= second[0] or second[2] <= first[0] or first[3] <= second[1] or second[3] <= first[1]
        assert apart, ("legend entries overlap", first, second)
