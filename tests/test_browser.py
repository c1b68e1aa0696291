"""The built site in real headless Chromium (Debian's), served over HTTP on 127.0.0.1."""

from __future__ import annotations

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
