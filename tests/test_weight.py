"""Page weight on a first visit, gzip, measured the way `build.py benchmark` reports it: a page of text
within 80 KB, the heaviest page within 120 KB; the search index and worker wait for the search box."""

from __future__ import annotations

from pathlib import Path

from report.measuring.benchmark import heaviest_page, lightest_page, page_weight, search_on_first_use

KB = 1024


def total(weights: list) -> int:
    return sum(w.gzipped for w in weights)


def test_a_text_page_and_the_heaviest_page_stay_within_budget(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    text_page, text = lightest_page(site, pages)
    heaviest, heavy = heaviest_page(site, pages)
    assert total(text) <= 80 * KB, f"{text_page}: {total(text) / KB:.1f} KB gzip"
    assert total(heavy) <= 120 * KB, f"{heaviest}: {total(heavy) / KB:.1f} KB gzip"
    glossary = page_weight(site, site / "en" / "glosarium.html")
    assert total(glossary) <= 80 * KB


def test_search_weighs_nothing_until_it_is_opened(site: Path) -> None:
    for folder in (site, site / "en"):
        parts = {w.part: w for w in page_weight(site, folder / "glosarium.html")}
        assert parts["search worker loader"].gzipped < 1 * KB
        assert not [part for part in parts if "index" in part]
        later = search_on_first_use(folder)
        assert later.gzipped > 10 * KB, "the index and the worker are counted where they load: on first use"
