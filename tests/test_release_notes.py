"""The site follows the data's history: a 'what changed' page per release in both languages, and a
notice on every page when the latest update could not be loaded."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from conftest import run_build

LATEST = "2025-05,51.71,semua,10704,resmi,suarabantas-2025-05"


def use_file_source(root: Path, relative: str) -> None:
    sources = root / "data" / "sumber_data.csv"
    text = sources.read_text(encoding="utf-8")
    line = next(row for row in text.splitlines() if row.startswith("kepesertaan,"))
    sources.write_text(text.replace(line, f"kepesertaan,berkas,{relative},csv,,"), encoding="utf-8")


def page(root: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((root / "site" / path).read_text(encoding="utf-8"), "lxml")


def test_a_revision_shows_on_the_changes_page_in_both_languages(project: Path) -> None:
    incoming = project / "masuk" / "kepesertaan.csv"
    incoming.parent.mkdir()
    incoming.write_text((project / "data/kepesertaan.csv").read_text(encoding="utf-8")
                        .replace(LATEST, LATEST.replace("10704", "10710")), encoding="utf-8")
    use_file_source(project, "masuk/kepesertaan.csv")
    fetched = run_build(project, "fetch")
    assert fetched.returncode == 0, fetched.stderr
    assert run_build(project).returncode == 0
    for path, kind, difference, figure in (("perubahan-data.html", "revisi", "+6", "10.710"),
                                           ("en/perubahan-data.html", "revision", "+6", "10,710")):
        rows = [[cell.get_text(strip=True) for cell in row.find_all("td")]
                for row in page(project, path).select(".md-content table tbody tr")]
        assert [figure, difference, kind] in [row[4:7] for row in rows], rows
    assert page(project, "index.html").select_one(".headline__figure").get_text(strip=True) == "10.710"
    assert page(project, "index.html").select_one(".data-notice") is None


def test_a_failed_update_keeps_the_data_and_says_so_on_every_page(project: Path) -> None:
    use_file_source(project, "masuk/tidak-ada.csv")
    before = (project / "data/kepesertaan.csv").read_bytes()
    fetched = run_build(project, "fetch")
    assert fetched.returncode == 2 and "Traceback" not in fetched.stderr
    assert (project / "data/kepesertaan.csv").read_bytes() == before
    assert run_build(project).returncode == 0
    for path, words in (("index.html", "pembaruan terakhir tidak dapat dimuat"),
                        ("en/glosarium.html", "the latest update could not be loaded")):
        notice = page(project, path).select_one(".data-notice")
        assert notice is not None and words in notice.get_text()
    assert page(project, "index.html").select_one(".headline__figure").get_text(strip=True) == "10.704"
