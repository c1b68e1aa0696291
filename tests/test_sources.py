"""The source list: every entry dated and marked primary or secondary, validated, and shown in the
bibliography with its dates in the page's language."""

from __future__ import annotations

import csv
import shutil
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO

from report import i18n
from report.errors import DataError
from report.inputs import data
from report.pages import bibliography

# A frozen pair of sources: one dated to the day and secondary, one undated and primary.
SOURCES = {
    "koran-2025": {"kode": "koran-2025", "penerbit": "Koran Bali", "keterangan": "Berita <iuran> (rapat, 16 Mei 2025)",
                   "url": "https://koran.example/2025/01/31/berita", "jenis": "sekunder",
                   "tanggal_terbit": "2025-01-31", "tanggal_akses": date(2026, 11, 27)},
    "badan-tt": {"kode": "badan-tt", "penerbit": "Badan Statistik", "keterangan": "Rilis resmi",
                 "url": "https://badan.example/rilis", "jenis": "primer", "tanggal_terbit": "t.t.",
                 "tanggal_akses": date(2026, 11, 30)},
}


def entries(lang: str) -> dict[str, str]:
    html = bibliography.bibliography(i18n.Formatter(lang), SOURCES)
    page = BeautifulSoup(html, "lxml")
    return {item["id"]: " ".join(item.get_text(" ").split()) for item in page.select("ol.bibliography li")}


@pytest.mark.parametrize("lang, published, consulted, undated, secondary, primary", [
    ("id", "(31 Januari 2025). Berita <iuran> (rapat, 16 Mei 2025)", "Diakses 27 November 2026", "(t.t.)",
     "Sumber sekunder", "Sumber primer"),
    ("en", "(31 January 2025). Berita <iuran> (rapat, 16 May 2025)", "Accessed 27 November 2026", "(n.d.)",
     "Secondary source", "Primary source"),
])
def test_the_bibliography_shows_dates_and_kind_in_the_page_language(
        lang: str, published: str, consulted: str, undated: str, secondary: str, primary: str) -> None:
    shown = entries(lang)
    assert published in shown["sumber-koran-2025"] and consulted in shown["sumber-koran-2025"]
    assert secondary in shown["sumber-koran-2025"] and primary not in shown["sumber-koran-2025"]
    assert undated in shown["sumber-badan-tt"] and primary in shown["sumber-badan-tt"]
    assert "Berita <iuran>" in shown["sumber-koran-2025"], "text from data/ must be escaped, not read as markup"


@pytest.mark.parametrize("value, lang, shown", [
    ("2025", "id", "2025"), ("2025-05", "id", "Mei 2025"), ("2025-05", "en", "May 2025"),
    ("2025-05-16", "id", "16 Mei 2025"), ("t.t.", "en", "n.d."),
])
def test_a_publication_date_is_never_more_precise_than_the_source(value: str, lang: str, shown: str) -> None:
    assert bibliography.published_text(i18n.Formatter(lang), value) == shown


def test_every_source_in_data_is_dated_and_marked_primary_or_secondary() -> None:
    with (REPO / "data" / "sumber.csv").open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert rows
    for row in rows:
        assert row["jenis"] in ("primer", "sekunder"), row["kode"]
        assert row["tanggal_terbit"] and row["tanggal_akses"], row["kode"]
    loaded = data.load_data(REPO / "data")["sumber"]  # the contract's own checks pass on the real list
    assert all(isinstance(d, date) for d in loaded["tanggal_akses"])


def sources_problem(tmp_path: Path, old: str, new: str) -> str:
    folder = tmp_path / "data"
    shutil.copytree(REPO / "data", folder)
    path = folder / "sumber.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test set-up: {old!r} not in sumber.csv"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataError) as raised:
        data.load_data(folder)
    return str(raised.value)


def test_a_day_added_to_an_impossible_date_is_refused(tmp_path: Path) -> None:
    message = sources_problem(tmp_path, ",2025-01-31,2026-11-27,", ",2025-02-30,2026-11-27,")
    assert "tanggal_terbit" in message and "2025-02-30" in message


def test_a_guessed_date_in_words_is_refused_with_the_accepted_forms(tmp_path: Path) -> None:
    message = sources_problem(tmp_path, ",2025-01-31,2026-11-27,", ",Januari 2025,2026-11-27,")
    assert "YYYY-MM-DD, YYYY-MM or YYYY" in message and "t.t." in message


def test_an_empty_access_date_is_refused(tmp_path: Path) -> None:
    message = sources_problem(tmp_path, ",2025-01-31,2026-11-27,", ",2025-01-31,,")
    assert "tanggal_akses" in message and "empty value" in message


def test_an_access_date_in_the_publication_month_is_accepted(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(REPO / "data", folder)
    path = folder / "sumber.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",2025-01-31,2026-11-27,", ",2025-01,2025-01-31,"),
                    encoding="utf-8")
    assert data.load_data(folder)["sumber"] is not None
