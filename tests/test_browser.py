"""The built site in real headless Chromium (Debian's), served over HTTP on 127.0.0.1."""

from __future__ import annotations

import pytest
from conftest import Watched
from playwright.sync_api import Page


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


def search(page: Page, query: str) -> list[str]:
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").fill("")
    page.locator(".md-search__input").press_sequentially(query, delay=20)
    page.locator(".md-search-result__item a").first.wait_for(state="visible", timeout=10000)
    return page.locator(".md-search-result__item a").evaluate_all("links => links.map(a => a.href)")


def search_loads(requests: list[str]) -> list[str]:
    return [url for url in requests if "search_index.json" in url or ".full.min.js" in url]


@pytest.mark.parametrize("path, queries", [("", ["pecalang", "nelayan"]), ("en/", ["fishers", "fishermen"])])
def test_search_finds_pages_of_its_own_language(watched: Watched, base_url: str, path: str,
                                                queries: list[str]) -> None:
    page = watched.page
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(base_url + path + "glosarium.html", wait_until="networkidle")
    assert search_loads(watched.requests) == [], "the search index loads before the search box is opened"
    found = {query: search(page, query) for query in queries}
    loaded = search_loads(watched.requests)
    assert base_url + path + "search/search_index.json" in loaded, "each language searches its own index"
    assert [url for url in loaded if url.endswith(".full.min.js")], "the search worker loads on first use"
    for query, hrefs in found.items():
        assert hrefs and all(href.startswith(base_url + path) for href in hrefs), query
        if not path:
            assert not [href for href in hrefs if "/en/" in href], "Indonesian search shows English pages"
    if path:  # "fishermen" finds what "fishers" finds: the text says fishers
        assert {h.split("#")[0] for h in found["fishermen"]} == {h.split("#")[0] for h in found["fishers"]}
    assert watched.errors == []
    assert watched.off_host() == []


@pytest.mark.parametrize("lang, other, home", [("", "en", "en/index.html"), ("en/", "id", "index.html")])
def test_the_404_page_of_each_language_switches_to_the_other_home_page(watched: Watched, base_url: str, lang: str,
                                                                      other: str, home: str) -> None:
    page = watched.page
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(base_url + lang + "404.html", wait_until="networkidle")
    assert page.locator("html").get_attribute("lang") == ("en" if lang else "id")
    page.locator(".md-header__option .md-select").hover()
    page.locator(f".md-select__link[hreflang={other}]").click()
    page.wait_for_url(base_url + home)
    assert page.locator("html").get_attribute("lang") == other
    assert watched.errors == []


def test_the_staff_page_loads_without_console_errors(watched: Watched, base_url: str) -> None:
    watched.page.goto(base_url + "staf/terjemahan.html", wait_until="networkidle")
    assert base_url + "assets/images/favicon.png" in watched.requests
    assert watched.errors == []


def test_a_browser_without_resize_observer_gets_the_polyfill_from_the_site(watched: Watched, base_url: str) -> None:
    watched.page.add_init_script("delete window.ResizeObserver")
    watched.page.goto(base_url + "en/tentang-data.html", wait_until="networkidle")
    assert watched.page.evaluate("typeof ResizeObserver") == "function"
    # Each language is its own site with its own copy of the theme's assets.
    assert base_url + "en/assets/vendor/resize-observer-polyfill/ResizeObserver.js" in watched.requests
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
