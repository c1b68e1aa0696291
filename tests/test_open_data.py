"""Downloads and the data page: every dataset in three formats, a Data Package that validates with
frictionless, and small cells that never leave the build."""

from __future__ import annotations

import csv
import io
import json
import re
import time
import zipfile
from datetime import date
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from bs4 import BeautifulSoup
from conftest import DEMO
from frictionless import validate

from report.figures.compute import Figures, compute_figures, newest_official_period
from report.figures.suppress import HIDDEN, SUPPRESSED
from report.inputs.data import Tables, load_data
from report.publishing.columns import column_name
from report.publishing.datasets import PUBLISHED
from report.publishing.downloads import to_xlsx

DOWNLOADS = Path("assets/unduh")
ZIP = DOWNLOADS / "data-pekerja-rentan-denpasar.zip"


def hidden_cells() -> pd.DataFrame:
    published = compute_figures(load_data(DEMO / "data", allow_illustrative=True)).tables["desa_segmen"]
    hidden = published[published[HIDDEN]][["kode_wilayah", "segmen"]]
    raw = load_data(DEMO / "data", allow_illustrative=True)["kepesertaan"]
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
    for page, lang in ((site / "data-terbuka.html", "id"), (site / "en" / "data-terbuka.html", "en")):
        document = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        contents = [a["href"] for a in document.select(".md-nav--secondary a")]
        for dataset in PUBLISHED:
            heading = document.find(id=f"data-{dataset.name}")
            assert heading is not None and heading.name == "h2", dataset.name
            assert f"#data-{dataset.name}" in contents, "each dataset is listed in the page's contents"
            section = heading.find_next_sibling("div", class_="dataset")
            links = {a.get_text(): (page.parent / a["href"]).resolve() for a in section.select(".dataset__downloads a")}
            assert set(links) == {"CSV", "XLSX", "JSON"} and all(p.is_file() for p in links.values())
            sizes = [s.get_text() for s in section.select(".dataset__downloads .dataset__size")]
            assert len(sizes) == 3 and all(re.fullmatch(r"\(\d+([.,]\d)? (B|KB|MB)\)", s) for s in sizes), sizes
            assert [row.find("code").get_text() for row in section.select("tbody tr")] == \
                [column_name(f.name, lang) for f in dataset.fields]
        assert document.select_one(".datasets__meta a[rel~=license]")
        assert "riwayat" not in document.select_one("article").get_text(), "no repository path for readers"


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


def test_the_charts_marks_carry_no_hidden_desa_total(site: Path) -> None:
    """Each mark's label (what the tooltip shows) gives a desa total as published: [c] when it is hidden."""
    desa = compute_figures(load_data(DEMO / "data", allow_illustrative=True)).tables["cakupan_desa"]
    shown = {row.desa: SUPPRESSED if hidden else str(int(row.peserta))
             for row, hidden in zip(desa.itertuples(), desa[HIDDEN])}
    for page in (site / "tentang-data.html", site / "en" / "tentang-data.html"):
        figure = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").find(id="grafik-cakupan_desa")
        labels = [mark["aria-label"] for mark in figure.select('.chart__drawing [role="graphics-symbol"][aria-label]')]
        named = [label.split("; ") for label in labels if label.split("; ")[0] in shown]
        assert len(named) >= 2 * len(desa), page  # the bars of both drawings at least
        for name, value in named:
            assert value.split(": ")[1].replace(".", "").replace(",", "") == shown[name], (name, value)


def test_no_page_or_chart_shows_a_desa_segment_count_below_the_threshold(site: Path) -> None:
    """Charts and tables below city level show desa totals only; none of them is a small count."""
    for path in list(site.rglob("*.html")) + list(site.rglob("grafik-*.csv")):
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".csv" and "kode_wilayah" in text:
            for row in csv.DictReader(io.StringIO(text)):
                assert row["peserta"] == SUPPRESSED or not 1 <= int(row["peserta"]) <= 4, (path, row)


# --- one linked table: no hidden cell can be worked out from everything published ---------------------

SERANGAN, SESETAN, SANUR_KAJA = "51.71.01.1001", "51.71.01.1003", "51.71.01.2009"


def with_a_small_desa(kepesertaan: pd.DataFrame) -> pd.DataFrame:
    """The reviewer's case: Serangan keeps 3 participants, and Sanur Kaja becomes the next smallest desa
    of its kecamatan with no small cell. Counts only move between desa, so city and segment totals stay."""
    frame = kepesertaan.copy()
    latest = frame["periode"] == "2025-02"

    def move(source: str, target: str, segment: str, amount: int) -> None:
        for code, sign in ((source, -1), (target, 1)):
            cell = latest & (frame["kode_wilayah"] == code) & (frame["segmen"] == segment)
            frame.loc[cell, "peserta"] += sign * amount

    for row in frame[latest & (frame["kode_wilayah"] == SERANGAN)].itertuples():
        move(SERANGAN, SESETAN, row.segmen, int(row.peserta) - (3 if row.segmen == "non_asn" else 0))
    for row in frame[latest & (frame["kode_wilayah"] == SANUR_KAJA)].itertuples():
        if row.peserta >= 10:
            move(SANUR_KAJA, SESETAN, row.segmen, int(row.peserta) // 2)
        elif row.peserta < 5:
            move(SANUR_KAJA, SESETAN, row.segmen, int(row.peserta))  # zero is not a small cell
    return frame


def linear_system(desa_segmen: pd.DataFrame, desa: pd.DataFrame, kecamatan: pd.DataFrame,
                  ) -> tuple[np.ndarray, list[tuple[str, ...]]]:
    """Every sum a reader can form from the published tables, as equations over the [c] cells only
    (visible numbers move to the right-hand side, which the check below does not need)."""
    unknown: dict[tuple[str, ...], int] = {}
    for key, value in [(("x", r.kode_wilayah, r.segmen), r.peserta) for r in desa_segmen.itertuples()] + \
                      [(("desa", r.kode_wilayah), r.peserta) for r in desa.itertuples()] + \
                      [(("kecamatan", r.kode_kecamatan), r.peserta) for r in kecamatan.itertuples()]:
        if value == SUPPRESSED:
            unknown[key] = len(unknown)
    sums: list[list[tuple[tuple[str, ...], int]]] = []
    for code, rows in desa_segmen.groupby("kode_wilayah"):  # desa total = its segment cells
        sums.append([(("x", code, s), 1) for s in rows["segmen"]] + [(("desa", code), -1)])
    for code, rows in desa.groupby("kode_kecamatan"):  # kecamatan total = its desa totals
        sums.append([(("desa", c), 1) for c in rows["kode_wilayah"]] + [(("kecamatan", code), -1)])
    for segment, rows in desa_segmen.groupby("segmen"):  # = the city's published count of the segment
        sums.append([(("x", c, segment), 1) for c in rows["kode_wilayah"]])
    sums.append([(("kecamatan", c), 1) for c in kecamatan["kode_kecamatan"]])  # = the city total
    matrix = np.zeros((len(sums), len(unknown)))
    for row, terms in enumerate(sums):
        for key, coefficient in terms:
            if key in unknown:
                matrix[row, unknown[key]] = coefficient
    return matrix, list(unknown)


def determined(matrix: np.ndarray) -> list[int]:
    """Unknowns whose value follows from the equations: e_i lies in the row space."""
    rank = np.linalg.matrix_rank(matrix)
    return [i for i in range(matrix.shape[1])
            if np.linalg.matrix_rank(np.vstack([matrix, np.eye(matrix.shape[1])[i]])) == rank]


def published_places(figures: Figures) -> list[pd.DataFrame]:
    by_name = {d.name: d for d in PUBLISHED}
    return [by_name[name].published(figures).astype({"peserta": str})
            for name in ("kepesertaan-desa-segmen", "kepesertaan-desa", "kepesertaan-kecamatan")]


@pytest.mark.slow
def test_a_small_desa_total_cannot_be_rebuilt_from_the_published_tables() -> None:
    tables = load_data(DEMO / "data", allow_illustrative=True)
    tables = Tables({**tables.frames, "kepesertaan": with_a_small_desa(tables["kepesertaan"])})
    figures = compute_figures(tables)
    assert figures.tables["cakupan_desa"].set_index("kode_wilayah").loc[SERANGAN, HIDDEN]
    matrix, unknown = linear_system(*published_places(figures))
    assert ("desa", SERANGAN) in unknown
    assert [unknown[i] for i in determined(matrix)] == []


def test_every_hidden_cell_has_another_non_negative_table_behind_the_same_figures() -> None:
    """A table small enough to try every change of -1, 0 or +1 to its hidden cells: for each one, some
    change keeps every published sum and every count >= 0 yet moves that cell."""
    places = {"51.71.01": ["51.71.01.1", "51.71.01.2", "51.71.01.3"], "51.71.02": ["51.71.02.1", "51.71.02.2"]}
    counts = {"51.71.01.1": (2, 1, 0), "51.71.01.2": (30, 25, 20), "51.71.01.3": (8, 6, 70),
              "51.71.02.1": (25, 2, 11), "51.71.02.2": (18, 22, 14)}
    figures = compute_figures(small_tables(places, counts))
    matrix, unknown = linear_system(*published_places(figures))
    assert 2 <= len(unknown) <= 13 and determined(matrix) == []
    truth = {("x", d, s): v for d, row in counts.items() for s, v in zip("abc", row)}
    truth |= {("desa", d): sum(row) for d, row in counts.items()}
    truth |= {("kecamatan", k): sum(sum(counts[d]) for d in ds) for k, ds in places.items()}
    values = np.array([truth[key] for key in unknown])
    changes = np.stack(np.meshgrid(*[np.array([-1, 0, 1], dtype=np.int8)] * len(unknown), indexing="ij"),
                       axis=-1).reshape(-1, len(unknown))
    keeps = changes[(np.abs(changes.astype(np.int32) @ matrix.T) < 1e-9).all(axis=1)
                    & (changes + values >= 0).all(axis=1)]
    moved = (keeps != 0).any(axis=0)
    assert moved.all(), [key for key, free in zip(unknown, moved) if not free]


def small_tables(places: dict[str, list[str]], counts: dict[str, tuple[int, ...]]) -> Tables:
    wilayah = [("51.71", "Kota", "kota", "")] + [(k, f"Kec {k}", "kecamatan", "51.71") for k in places] + \
              [(d, f"Desa {d}", "desa", k) for k, ds in places.items() for d in ds]
    segments = [(s, s, s, "sektor_informal", "ya", "", s, s) for s in "abc"]
    rows = [("2025-02", d, s, v, "ilustratif", "") for d, row in counts.items() for s, v in zip("abc", row)]
    rows += [("2025-02", "51.71", s, sum(r[i] for r in counts.values()), "resmi", "x") for i, s in enumerate("abc")]
    rows += [("2025-02", "51.71", "semua", sum(map(sum, counts.values())), "resmi", "x")]
    kepesertaan = pd.DataFrame(rows, columns=["periode", "kode_wilayah", "segmen", "peserta", "status", "sumber"])
    return Tables({
        "wilayah": pd.DataFrame(wilayah, columns=["kode", "nama", "jenis", "kode_induk"]),
        "segmen": pd.DataFrame(segments, columns=["kode", "nama_id", "nama_en", "kelompok", "pekerja_rentan",
                                                  "opd_pengampu", "keterangan_id", "keterangan_en"]),
        "kepesertaan": kepesertaan.astype({"peserta": "Int64"}),
        "iuran": pd.DataFrame({"program": ["JKK"], "iuran_bulanan_rp": [10000], "berlaku_sejak": [date(2015, 7, 1)],
                               "dasar_hukum": ["PP"], "ditanggung_pemda": ["ya"], "sumber": ["x"]}),
        "klaim": pd.DataFrame(columns=["periode", "kode_wilayah", "program", "kasus", "nilai_rp", "status", "sumber"]),
        "statistik": pd.DataFrame(columns=["kode", "nilai", "satuan", "periode", "sumber"]),
        "peristiwa": pd.DataFrame(columns=["kode", "tanggal", "sumber"]),
    })



@pytest.mark.slow
def test_a_workbook_made_later_from_the_same_table_has_the_same_bytes() -> None:
    table = pd.DataFrame({"peserta": [10704]})
    first = to_xlsx(table, PUBLISHED[0])
    time.sleep(1.1)  # openpyxl stamps the saving second; the download must not carry it
    assert to_xlsx(table, PUBLISHED[0]) == first


def test_a_datasets_as_of_orders_periods_as_the_site_does() -> None:
    """A year's figure is known after its months (periods.py): a dataset holding 2025-05 and 2025 is "as of" 2025,
    and the sources list is as of the site's newest official period, not a string's largest."""
    figures = compute_figures(load_data(DEMO / "data", allow_illustrative=True))
    by_name = {d.name: d for d in PUBLISHED}
    mixed = pd.DataFrame({"periode": ["2024-12", "2025", "2025-05"]})
    assert by_name["kepesertaan-desa"].period(figures, mixed) == "2025"
    assert by_name["sumber"].period(figures, figures.data["sumber"]) == newest_official_period(figures.data)
    events = figures.data["peristiwa"]
    assert by_name["peristiwa"].period(figures, events) == str(max(events["tanggal"]))


def test_the_data_page_sizes_come_from_the_kept_files_without_making_them_again(tmp_path: Path) -> None:
    """A warm build measures the files an earlier build kept (made from exactly these figures) instead of
    writing every workbook again; figures that differ are never measured from another build's files."""
    from report.cache import Memo
    from report.publishing.downloads import file_sizes, write_downloads, zip_name

    figures, released = compute_figures(load_data(DEMO / "data", allow_illustrative=True)), date(2025, 5, 1)
    kept = tmp_path / "cache"
    write_downloads(figures, tmp_path / "docs", released, kept, ("id", "en"), Memo())
    made = {p.name: p.stat().st_size for p in (tmp_path / "docs" / DOWNLOADS).iterdir() if p.is_file()}
    assert file_sizes(figures, released, "id", Memo(), kept) == made
    assert file_sizes(figures, released, "id", Memo()) == made, "made again, the files are the same"

    zipped = zip_name(figures)
    (folder,) = [p for p in kept.iterdir() if {f.name: f.stat().st_size for f in p.iterdir()} == made]
    (folder / zipped).write_bytes(b"x")  # the page shows what the kept folder holds, not a second making
    assert file_sizes(figures, released, "id", Memo(), kept)[zipped] == 1
    assert file_sizes(figures, date(2025, 6, 1), "id", Memo(), kept)[zipped] > 1, "other input, its own files"
