"""Downloads and the data page: every dataset in three formats, a Data Package that validates with
frictionless, and small cells that never leave the build."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
from bs4 import BeautifulSoup
from conftest import REPO
from frictionless import validate

from report.compute import compute_figures
from report.data import load_data
from report.datasets import PUBLISHED
from report.suppress import HIDDEN, SUPPRESSED

DOWNLOADS = Path("assets/unduh")
ZIP = DOWNLOADS / "data-pekerja-rentan-denpasar.zip"


def hidden_cells() -> pd.DataFrame:
    published = compute_figures(load_data(REPO / "data")).tables["desa_segmen"]
    hidden = published[published[HIDDEN]][["kode_wilayah", "segmen"]]
    raw = load_data(REPO / "data")["kepesertaan"]
    return hidden.merge(raw[raw["periode"] == published["periode"].iloc[0]], on=["kode_wilayah", "segmen"])


def test_the_data_package_validates_with_frictionless(site: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(site / ZIP) as archive:
        archive.extractall(tmp_path)
        names = set(archive.namelist())
    assert {"datapackage.json", "README.txt"} <= names
    assert all({f"{d.name}.csv", f"{d.name}.xlsx", f"{d.name}.json"} <= names for d in PUBLISHED)
    report = validate(tmp_path / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]


def test_the_data_page_lists_every_dataset_in_both_languages(site: Path) -> None:
    for page in (site / "data-terbuka.html", site / "en" / "data-terbuka.html"):
        document = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        for dataset in PUBLISHED:
            section = document.find(id=f"data-{dataset.name}")
            assert section is not None, dataset.name
            links = {a.get_text(): (page.parent / a["href"]).resolve() for a in section.select(".dataset__downloads a")}
            assert set(links) == {"CSV", "XLSX", "JSON"} and all(p.is_file() for p in links.values())
            assert [row.find("code").get_text() for row in section.select("tbody tr")] == \
                [f.name for f in dataset.fields]
        assert document.select_one(".datasets__meta a[rel~=license]")


def test_a_suppressed_cell_never_leaves_the_build(site: Path) -> None:
    cells = hidden_cells()
    assert not cells.empty and cells["peserta"].between(0, 10 ** 6).all()
    keys = set(zip(cells["kode_wilayah"], cells["segmen"]))
    seen = 0
    with zipfile.ZipFile(site / ZIP) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    for name in ("kepesertaan-desa-segmen.csv",):
        for source in (files[name], (site / DOWNLOADS / name).read_bytes()):
            for row in csv.DictReader(io.StringIO(source.decode("utf-8"))):
                if (row["kode_wilayah"], row["segmen"]) in keys:
                    assert row["peserta"] == SUPPRESSED
                    seen += 1
    for row in json.loads(files["kepesertaan-desa-segmen.json"]):
        if (row["kode_wilayah"], row["segmen"]) in keys:
            assert row["peserta"] == SUPPRESSED
            seen += 1
    sheet = openpyxl.load_workbook(io.BytesIO(files["kepesertaan-desa-segmen.xlsx"])).active
    header = [c.value for c in sheet[1]]
    for values in sheet.iter_rows(min_row=2, values_only=True):
        row = dict(zip(header, values))
        if (row["kode_wilayah"], row["segmen"]) in keys:
            assert row["peserta"] == SUPPRESSED
            seen += 1
    assert seen == 4 * len(keys)


def test_no_page_or_chart_shows_a_desa_segment_count_below_the_threshold(site: Path) -> None:
    """Charts and tables below city level show desa totals only; none of them is a small count."""
    for path in list(site.rglob("*.html")) + list(site.rglob("grafik-*.csv")):
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".csv" and "kode_wilayah" in text:
            for row in csv.DictReader(io.StringIO(text)):
                assert row["peserta"] == SUPPRESSED or not 1 <= int(row["peserta"]) <= 4, (path, row)
