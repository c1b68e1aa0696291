"""One site per language without an i18n plugin: the settings each language gets, and the built site
parsed: hreflang, the language selector, the 404 page per language, navigation and search per language."""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import REPO

from report.publishing.language_sites import add_search_synonyms, language_config, language_trees, read_project_config

SITE_URL = "https://laporan.example.org/kajian/"
LANGS = ("id", "en")
FOLDER = {"id": "", "en": "en/"}


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def pages(site: Path, lang: str) -> list[Path]:
    """The study's pages of one language (not its 404 page, not the staff page)."""
    return sorted(p for p in (site / FOLDER[lang]).glob("*.html") if p.name != "404.html")


def test_each_language_gets_its_own_names_search_and_place() -> None:
    project = read_project_config(REPO)
    english = language_config(project, "en", LANGS, SITE_URL)
    assert english["site_url"] == SITE_URL + "en/"
    assert english["theme"]["language"] == "en" and english["theme"]["custom_dir"] == "templates/overrides"
    assert english["site_name"] != project["site_name"]
    assert english["theme"]["palette"][0]["toggle"]["name"] == "Dark mode"
    assert english["extra"]["alternate"] == [{"name": "Bahasa Indonesia", "lang": "id", "link": "../", "path": ""},
                                             {"name": "English", "lang": "en", "link": "../en/", "path": "en/"}]
    assert english["extra"]["site"]["root_url"] == SITE_URL and english["extra"]["site"]["up"] == "../"
    assert "languages" not in english["extra"], "the per-language settings are not passed on to the theme"
    indonesian = language_config(project, "id", LANGS, SITE_URL)
    assert indonesian["site_url"] == SITE_URL and indonesian["site_name"] == project["site_name"]
    assert [alt["link"] for alt in indonesian["extra"]["alternate"]] == ["", "en/"]
    search = {lang: next(p["search"] for p in config["plugins"] if isinstance(p, dict) and "search" in p)
              for lang, config in (("id", indonesian), ("en", english))}
    assert "stemmer" not in search["id"]["pipeline"] and "stopWordFilter" not in search["id"]["pipeline"]
    assert "stopWordFilter" in search["en"]["pipeline"]
    unnamed = language_config({"site_name": "Kajian"}, "en", LANGS, SITE_URL)["extra"]["alternate"]
    assert [(alt["name"], alt["path"]) for alt in unnamed] == [("id", ""), ("en", "en/")], "hreflang needs all"


def test_no_i18n_plugin_is_needed() -> None:
    project = read_project_config(REPO)
    names = [p if isinstance(p, str) else next(iter(p)) for p in project["plugins"]]
    assert "i18n" not in names
    for declared in ("pyproject.toml", "constraints.txt"):
        assert "mkdocs-static-i18n" not in (REPO / declared).read_text(encoding="utf-8")


def test_the_combined_tree_splits_into_one_tree_per_language(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    for name in ("id/index.md", "en/index.md", "assets/report.css", "assets/unduh/data.csv", "assets/kartu/a.png",
                 "staf/terjemahan.html"):
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(name, encoding="utf-8")
    trees = language_trees(docs, tmp_path / "trees", LANGS)
    files = {lang: sorted(str(p.relative_to(tree)) for p in tree.rglob("*") if p.is_file())
             for lang, tree in trees.items()}
    assert files["id"] == ["assets/kartu/a.png", "assets/report.css", "assets/unduh/data.csv", "index.md",
                           "staf/terjemahan.html"]
    assert files["en"] == ["assets/report.css", "index.md"], "downloads and cards stay at the site's root"
    assert (trees["en"] / "index.md").read_text(encoding="utf-8") == "en/index.md"


def test_synonyms_go_into_a_field_of_their_own(tmp_path: Path) -> None:
    index = tmp_path / "search" / "search_index.json"
    index.parent.mkdir()
    docs = [{"location": "a.html", "title": "Fishers", "text": "<p>Fishers and farmers.</p>"},
            {"location": "b.html", "title": "Traders", "text": "<p>Market traders.</p>"}]
    index.write_text(json.dumps({"config": {"fields": {"title": {"boost": 1000}}}, "docs": docs}), encoding="utf-8")
    add_search_synonyms(tmp_path, {"fishers": ["fishermen", "fisherman"]})
    written = json.loads(index.read_text(encoding="utf-8"))
    assert written["docs"][0]["synonyms"] == "fishermen fisherman"
    assert written["docs"][0]["text"] == docs[0]["text"], "what readers see in the results is unchanged"
    assert "synonyms" not in written["docs"][1]
    assert written["config"]["fields"]["synonyms"] == {"boost": 1.0}


# The built site ------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_hreflang_alternates_are_absolute_with_x_default(site: Path, lang: str) -> None:
    root = os.environ["SITE_URL"]  # the public address the test builds use (conftest.py)
    for path in pages(site, lang):
        page = soup(path)
        alternates = {link["hreflang"]: link["href"] for link in page.find_all("link", rel="alternate",
                                                                                hreflang=True)}
        assert alternates == {"id": root + path.name, "en": root + "en/" + path.name,
                              "x-default": root + path.name}, path
        assert page.find("link", rel="canonical")["href"] == root + FOLDER[lang] + path.name


@pytest.mark.parametrize("lang", LANGS)
def test_the_language_selector_goes_to_the_same_page(site: Path, lang: str) -> None:
    for path in pages(site, lang):
        links = {a["hreflang"]: a["href"] for a in soup(path).select(".md-select__link")}
        assert set(links) == set(LANGS)
        for other, href in links.items():
            target = (path.parent / href).resolve()
            assert target == (site / FOLDER[other] / path.name).resolve(), f"{path}: {other} -> {href}"
            assert target.is_file()


@pytest.mark.parametrize("lang, other", [("id", "en"), ("en", "id")])
def test_each_language_has_its_own_404_page(site: Path, lang: str, other: str) -> None:
    page = soup(site / FOLDER[lang] / "404.html")
    assert page.html["lang"] == lang
    assert page.find("h1").get_text(strip=True) == {"id": "Halaman tidak ditemukan", "en": "Page not found"}[lang]
    assert not page.find_all("link", rel="alternate", hreflang=True), "an error page has no hreflang"
    switch = page.select_one(f".md-select__link[hreflang={other}]")["href"]
    assert switch == "/" + FOLDER[other] + "index.html", "the selector leads to the other language's home page"
    assert not page.find("h2"), "one language per page"


@pytest.mark.parametrize("lang", LANGS)
def test_no_page_of_one_language_in_the_others_navigation(site: Path, lang: str) -> None:
    for path in pages(site, lang):
        for link in soup(path).select(".md-nav a[href], .md-footer a[href]"):
            target = urlsplit(urljoin(f"http://host/{FOLDER[lang]}{path.name}", link["href"])).path
            assert target.startswith("/" + FOLDER[lang]) and (lang != "id" or not target.startswith("/en/")), \
                f"{path}: navigation leads to {target}"


def test_search_is_per_language(site: Path) -> None:
    for lang, title, pipeline in (("id", "Glosarium", ["trimmer"]), ("en", "Glossary", ["stopWordFilter", "trimmer"])):
        index = json.loads((site / FOLDER[lang] / "search" / "search_index.json").read_text(encoding="utf-8"))
        assert index["config"]["pipeline"] == pipeline, "Indonesian is not stemmed as English"
        titles = {doc["title"] for doc in index["docs"]}
        assert title in titles
        assert not [doc for doc in index["docs"] if doc["location"].startswith(("en/", "../"))]
        own_pages = {p.name for p in pages(site, lang)}
        assert {doc["location"].split("#")[0] for doc in index["docs"]} <= own_pages
    english = json.loads((site / "en" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert [doc for doc in english["docs"] if "fishermen" in doc.get("synonyms", "")]


def test_the_staff_page_has_a_favicon(site: Path) -> None:
    icon = soup(site / "staf" / "terjemahan.html").find("link", rel="icon")
    assert icon is not None and (site / "staf" / icon["href"]).resolve().is_file()


def test_navigation_titles_from_mkdocs_yml_are_text() -> None:
    from report.publishing.language_sites import language_config

    project = {"site_name": "Kajian", "nav": [{"Ringkasan <img src=x onerror=alert(1)>": "index.md"},
                                              {"Bab \"A\"": [{"Satu & dua": "bab-1.md"}, "bab-2.md"]}]}

    config = language_config(project, "id", ("id", "en"), "https://laporan.example.org/")

    assert config["nav"] == [{"Ringkasan &lt;img src=x onerror=alert(1)&gt;": "index.md"},
                             {"Bab &quot;A&quot;": [{"Satu & dua": "bab-1.md"}, "bab-2.md"]}]
