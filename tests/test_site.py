"""The built site, parsed as HTML: every page in both languages, figures per language, inline SVG
charts, hreflang alternates, a sitemap and search per language, and nothing fetched from another host."""

from __future__ import annotations

import csv
import json
import os
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup
from conftest import DEMO, REPO

from report.chapters.content import load_content
from report.chapters.prose import typed_numbers
from report.publishing.datasets import LICENCE

SLUGS = sorted(p.stem for p in (DEMO / "content" / "id").glob("*.md"))
LANGS = {"id": "", "en": "en/"}
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
# The site's own public address (conftest sets SITE_URL): pages may name it (canonical, alternates, links)
# but load nothing from it, so a copy opened from disk or served elsewhere stays whole.
OWN_HOST = urlparse(os.environ["SITE_URL"]).hostname
NAMING = {"canonical", "alternate"}  # <link> relations that name a page rather than load anything
XML_NAMESPACE = "http://www.w3.org/"  # names of SVG and XML vocabularies in scripts: identifiers, never fetched
# Resource-loading attributes: whatever these point at, a browser fetches on page load.
LOADING = {"script": "src", "img": "src", "iframe": "src", "source": "src", "audio": "src", "video": "src",
           "embed": "src", "object": "data", "image": "href", "use": "href"}


def page_path(site: Path, lang: str, slug: str) -> Path:
    return site / LANGS[lang] / f"{slug}.html"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def source_urls() -> set[str]:
    with (DEMO / "data" / "sumber.csv").open(encoding="utf-8") as file:
        return {row["url"] for row in csv.DictReader(file)}


def test_the_study_has_its_chapters() -> None:
    assert {"index", "bab-1-pendahuluan", "bab-6-penutup", "daftar-pustaka", "glosarium", "tentang-data"} <= set(SLUGS)
    assert len([s for s in SLUGS if s.startswith("bab-")]) == 6


@pytest.mark.parametrize("slug", SLUGS)
def test_every_page_exists_in_both_languages(site: Path, slug: str) -> None:
    for lang in LANGS:
        page = soup(page_path(site, lang, slug))
        assert page.html["lang"] == lang
        assert page.find("h1") is not None and page.find("h1").get_text(strip=True)
        alternates = {link["hreflang"] for link in page.find_all("link", rel="alternate", hreflang=True)}
        assert {"id", "en"} <= alternates


def test_home_page_leads_with_the_headline_figure(site: Path) -> None:
    expected = {"id": ("10.704", "Mei 2025"), "en": ("10,704", "May 2025")}
    for lang, (number, period) in expected.items():
        page = soup(page_path(site, lang, "index"))
        headline = page.select_one(".md-content .headline")
        assert headline is not None
        assert headline.select_one(".headline__figure").get_text(strip=True) == number
        meta = headline.select_one(".headline__meta")
        assert period in meta.get_text() and meta.find("a")["href"] in source_urls()
        assert page.select_one(".md-content figure.chart svg") is not None


@pytest.mark.parametrize("lang, number, money", [("id", "16.800", "Rp16.800"), ("en", "16,800", "IDR 16,800")])
def test_figures_are_formatted_for_the_page_language(site: Path, lang: str, number: str, money: str) -> None:
    shown = [span.get_text(strip=True) for slug in SLUGS
             for span in soup(page_path(site, lang, slug)).select(".md-content span.fig")]
    assert shown, "no figure is shown through the data on any page"
    assert money in shown
    other = {"id": re.compile(r"^\d{1,3}(,\d{3})+$"), "en": re.compile(r"^\d{1,3}(\.\d{3})+$")}[lang]
    assert not [s for s in shown if other.match(s)], "a number is formatted for the other language"


def test_charts_are_inline_svg_with_caption_source_table_and_download(site: Path) -> None:
    for lang in LANGS:
        found = {}
        for slug in SLUGS:
            for figure in soup(page_path(site, lang, slug)).select("figure.chart"):
                found[figure["id"]] = (slug, figure)
        assert {"grafik-cakupan_segmen", "grafik-cakupan_waktu", "grafik-cakupan_desa", "grafik-klaim_program"} \
            <= set(found)
        for slug, figure in found.values():
            assert len(figure.select("[role=img] > .chart__drawing > svg")) == 2  # a phone's and a desktop's
            assert figure.select_one("[role=img]")["aria-label"]
            links = figure.select(".chart__source a")
            assert all(a["href"] in source_urls() for a in links)
            assert links or figure.select_one(".chart__note"), "a chart without a source must say it is illustrative"
            assert figure.select("details table tbody tr")
            download = figure.select_one(".chart__download a")["href"]
            assert (page_path(site, lang, slug).parent / download).is_file()
        assert found["grafik-cakupan_waktu"][1].select_one(".chart__note"), "illustrative points are not labelled"


def test_the_site_says_the_official_text_will_replace_the_summaries(site: Path) -> None:
    assert "Teks resmi" in soup(page_path(site, "id", "index")).select_one(".md-banner").get_text()
    assert "official text" in soup(page_path(site, "en", "index")).select_one(".md-banner").get_text()


def off_site(url: str) -> bool:
    parsed = urlparse(url)
    return bool(parsed.netloc) and parsed.hostname not in LOCAL_HOSTS or url.startswith("//")


def test_nothing_is_loaded_from_another_host(site: Path) -> None:
    allowed_links = source_urls() | {LICENCE["path"]}  # links a reader may follow; nothing loads from them
    for path in site.rglob("*.html"):
        page = soup(path)
        for tag, attribute in LOADING.items():
            for element in page.find_all(tag):
                url = element.get(attribute) or element.get("xlink:href") or ""
                assert not off_site(url), f"{path}: <{tag}> loads {url}"
        for link in page.find_all("link", href=True):
            naming = set(link.get("rel", [])) <= NAMING and urlparse(link["href"]).hostname == OWN_HOST
            assert naming or not off_site(link["href"]), f"{path}: <link> to {link['href']}"
        for anchor in page.find_all("a", href=True):
            href = anchor["href"]
            own = urlparse(href).hostname == OWN_HOST
            assert own or not off_site(href) or href in allowed_links, f"{path}: link {href}"
    for style in site.rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", style.read_text(encoding="utf-8")), style
    for script in site.rglob("*.js"):  # an address in quotes is one the code may load on demand
        written = re.findall(r"[\"'](https?://[^\"']+)[\"']", script.read_text(encoding="utf-8"))
        loadable = [url for url in written if not url.startswith(XML_NAMESPACE)]
        assert not loadable, f"{script.relative_to(site)} may load {loadable}"


def test_each_language_has_its_sitemap_and_search(site: Path) -> None:
    for folder, lang, title in ((site, "", "Glosarium"), (site / "en", "en/", "Glossary")):
        sitemap = BeautifulSoup((folder / "sitemap.xml").read_text(encoding="utf-8"), "lxml-xml")
        locations = {urlparse(loc.get_text()).path for loc in sitemap.find_all("loc")}
        assert {f"/{lang}index.html", f"/{lang}glosarium.html"} <= locations
        assert all(path.startswith(f"/{lang}") for path in locations)
        index = json.loads((folder / "search" / "search_index.json").read_text(encoding="utf-8"))
        assert title in {doc["title"] for doc in index["docs"]}
        assert not [doc for doc in index["docs"] if doc["location"].startswith("en/")], "one language per index"
    assert "/en/index.html" not in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_no_number_is_typed_into_prose() -> None:
    typed = [p.text() for c in load_content(REPO / "content", tuple(LANGS)) for p in typed_numbers(c)]
    assert not typed, typed[:3]


@pytest.mark.parametrize("lang", LANGS)
def test_pages_name_their_description_and_neighbours(site: Path, lang: str) -> None:
    """Search engines show the description; rel=prev/next walk the study in its navigation's order."""
    folder, walked, name = site / LANGS[lang], [], "index.html"
    while name:
        page = soup(folder / name)
        assert [m["content"] for m in page.find_all("meta", attrs={"name": "description"})] == \
            [page.find("meta", property="og:description")["content"]]
        before = page.find("link", rel="prev")
        assert (before["href"] if before else None) == (walked[-1] if walked else None)
        walked.append(name)
        after = page.find("link", rel="next")
        name = after["href"] if after else ""
    assert {f"{slug}.html" for slug in SLUGS} <= set(walked) and len(walked) == len(set(walked))


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_has_a_link_preview_with_its_own_card(site: Path, lang: str) -> None:
    import struct
    for slug in SLUGS:
        page = soup(page_path(site, lang, slug))
        meta = {tag.get("property") or tag.get("name"): tag["content"] for tag in page.find_all("meta", content=True)}
        assert meta["og:title"].startswith(page.find("title").get_text().split(" - ")[0])
        assert meta["og:description"] and meta["twitter:card"] == "summary_large_image"
        assert meta["twitter:title"] == meta["og:title"] and meta["twitter:image"] == meta["og:image"]
        assert meta["og:locale"] == {"id": "id_ID", "en": "en_US"}[lang]
        image = site / urlparse(meta["og:image"]).path.lstrip("/")
        png = image.read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png[16:24]) == (1200, 630)
        assert len(png) < 60_000, "a phone sharing the link fetches it (WhatsApp ignores any over 300 KB)"
    cards = {p.name for p in (site / "assets" / "kartu").iterdir()}
    published = [p for p in [*site.glob("*.html"), *(site / "en").glob("*.html")] if p.name != "404.html"]
    assert len(cards) == len(published), "one card per published page, no strays"
