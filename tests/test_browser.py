"""The built site in real headless Chromium (Debian's), served over HTTP on 127.0.0.1."""

from __future__ import annotations

import functools
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Watched:
    """A page whose every request and console error is recorded."""

    def __init__(self, browser: Browser, width: int = 400):
        self.context = browser.new_context(viewport={"width": width, "height": 800})
        self.page: Page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def off_host(self) -> list[str]:
        return [url for url in self.requests if urlparse(url).scheme in ("http", "https")
                and urlparse(url).hostname != "127.0.0.1"]


@pytest.fixture
def watched(browser: Browser) -> Iterator[Watched]:
    page = Watched(browser)
    yield page
    page.context.close()


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
