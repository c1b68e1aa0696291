"""Accessibility and progressive enhancement in headless Chromium: axe-core on every page in both
languages, charts without JavaScript, chart data reachable by keyboard, nothing from another host."""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import Watched, tab_to
from playwright.sync_api import Browser, BrowserContext, Page

BLOCKING = {"serious", "critical"}


def all_pages(site: Path) -> list[str]:
    return sorted(str(p.relative_to(site)) for p in site.rglob("*.html") if p.name != "404.html")


@pytest.mark.parametrize("lang", ["id", "en"])  # one run per language: the parallel workers share the pages
def test_axe_finds_no_serious_violation_on_any_page(browser: Browser, base_url: str, site: Path, lang: str) -> None:
    axe = Axe()
    problems = []
    pages = [p for p in all_pages(site) if p.startswith("en/") == (lang == "en")]
    assert len(pages) > 10
    with Watched(browser, width=1280) as watched:
        for path in pages:
            # Checked once loaded, its scripts run; waiting for the network to rest as well costs half a
            # second a page, and a request a page starts after its load is still recorded while axe runs.
            watched.page.goto(base_url + path, wait_until="load")
            violations = axe.run(watched.page).response["violations"]
            problems += [(path, v["id"], v["impact"], v["nodes"][0]["target"]) for v in violations
                         if v["impact"] in BLOCKING]
        assert problems == []
        assert watched.off_host() == []


@pytest.mark.parametrize("path", ["index.html", "en/bab-2-kajian-teoretis.html", "tentang-data.html"])
def test_charts_show_without_javascript(browser: Browser, base_url: str, path: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 400, "height": 800})
    try:
        page = context.new_page()
        page.goto(base_url + path)
        charts = page.locator("figure.chart .chart__svg .chart__drawing:visible svg")  # the one drawn for this width
        assert charts.count() >= 1
        for index in range(charts.count()):
            box = charts.nth(index).bounding_box()
            assert box and box["width"] > 100 and box["height"] > 50
    finally:
        context.close()


def test_chart_data_table_is_reachable_by_keyboard(watched: Watched, base_url: str) -> None:
    page = watched.open(base_url + "bab-2-kajian-teoretis.html")
    summary = page.locator("#grafik-cakupan_segmen details summary")
    tab_to(page, summary, "the chart's data table", presses=400)
    page.keyboard.press("Enter")
    table = page.locator("#grafik-cakupan_segmen details table")
    table.wait_for(state="visible")
    assert table.locator("tbody tr").count() == 12


def luminance(css_colour: str) -> float:
    channels = [int(v) / 255 for v in css_colour[css_colour.index("(") + 1:css_colour.index(")")].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def scheme_page(browser: Browser, scheme: str, path: str) -> tuple[BrowserContext, Page, str]:
    """A page in one colour scheme, and the background its charts are drawn on."""
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(path, wait_until="networkidle")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == {"light": "default",
                                                                                  "dark": "slate"}[scheme]
    return context, page, page.evaluate("getComputedStyle(document.body).backgroundColor")


# Bars, points, legend symbols and the line, as painted (after report.css has repainted them).
MARK_COLOURS = """[...document.querySelectorAll(
    'figure.chart .role-mark path, figure.chart .role-legend-symbol path')].map(m => getComputedStyle(m).fill)
  .concat([...document.querySelectorAll('figure.chart .mark-line path')].map(m => getComputedStyle(m).stroke))
  .filter(c => c !== 'none')"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["index.html", "bab-2-kajian-teoretis.html", "tentang-data.html"])
def test_chart_marks_keep_3_to_1_contrast_in_both_colour_schemes(browser: Browser, base_url: str, scheme: str,
                                                                 path: str) -> None:
    context, page, background = scheme_page(browser, scheme, base_url + path)
    try:
        colours = set(page.evaluate(MARK_COLOURS))
        assert colours
        low = {colour: round(contrast(colour, background), 2) for colour in colours
               if contrast(colour, background) < 3}
        assert low == {}, (scheme, background)
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_segment_groups_differ_in_lightness_not_only_hue(browser: Browser, base_url: str, scheme: str) -> None:
    context, page, _ = scheme_page(browser, scheme, base_url + "bab-2-kajian-teoretis.html")
    try:
        bars = page.evaluate("[...document.querySelectorAll('#grafik-cakupan_segmen .role-mark path')]"
                             ".map(m => getComputedStyle(m).fill)")
        first, second = sorted(set(bars))
        assert contrast(first, second) >= 1.5, "the two groups would look alike without colour vision"
        headers = page.evaluate("[...document.querySelectorAll('#grafik-cakupan_segmen .chart__drawing--wide "
                                ".role-title-text')].map(t => t.textContent)")
        assert headers == ["Pekerja rentan", "Bukan pekerja rentan"], "each group is named in words too"
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_chart_text_keeps_aa_contrast_in_both_colour_schemes(browser: Browser, base_url: str,
                                                            scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto(base_url + "bab-2-kajian-teoretis.html", wait_until="networkidle")
        expected = {"light": "default", "dark": "slate"}[scheme]
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected
        background = page.evaluate("getComputedStyle(document.querySelector('.md-main')).backgroundColor "
                                   "|| getComputedStyle(document.body).backgroundColor")
        if "rgba(0, 0, 0, 0)" in background:
            background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        fills = page.evaluate("[...document.querySelectorAll('figure.chart svg text')].map("
                              "t => getComputedStyle(t).fill)")
        assert fills
        for fill in set(fills):
            lighter, darker = sorted((luminance(fill), luminance(background)), reverse=True)
            assert (lighter + 0.05) / (darker + 0.05) >= 4.5, (scheme, fill, background)
    finally:
        context.close()
