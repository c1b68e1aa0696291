"""Files as staff really produce them read back to the same figures as data/ holds, or are refused
with what was found and what to do. Never is `10.704` read as ten point seven."""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from conftest import DEMO, copy_project, run_build
from openpyxl import Workbook

from report.errors import DataError
from report.inputs.data import load_data
from report.inputs.schema import dataset
from report.live.readers import read_table

NUMBER_COLUMNS = {"kepesertaan": ("peserta",), "klaim": ("kasus", "nilai_rp"), "statistik": ("nilai",),
                  "iuran": ("iuran_bulanan_rp",)}


def rows_of(name: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO((DEMO / "data" / f"{name}.csv").read_text(encoding="utf-8"), newline="")))


def indonesian(value: str, kind: str) -> str:
    """A canonical number as Excel on Indonesian settings writes it: 10.704 and 53,88."""
    if kind not in ("count", "number") or value == "":
        return value
    whole, _, decimals = value.partition(".")
    sign = "-" if whole.startswith("-") else ""
    grouped = f"{int(whole.lstrip('-')):,}".replace(",", ".")
    return sign + grouped + ("," + decimals if decimals else "")


def indonesian_excel_csv(name: str, encoding: str) -> bytes:
    kinds = {c.name: c.kind for c in dataset(name).columns}
    rows = rows_of(name)
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(rows[0])
    writer.writerows([indonesian(v, kinds[h]) for h, v in zip(rows[0], row)] for row in rows[1:])
    return out.getvalue().encode(encoding)


def excel_workbook(name: str) -> bytes:
    """The dataset as a person would type it into Excel: numbers as numbers, months as dates."""
    kinds = {c.name: c.kind for c in dataset(name).columns}
    typed = {"count": int, "number": float, "year": int,
             "month": lambda v: datetime.strptime(v, "%Y-%m"), "date": lambda v: datetime.strptime(v, "%Y-%m-%d")}
    rows = rows_of(name)
    book = Workbook()
    sheet = book.active
    sheet.append(rows[0])
    for row in rows[1:]:
        sheet.append([typed[kinds[h]](v) if v and kinds[h] in typed else (v or None) for h, v in zip(rows[0], row)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def frames_after_replacing(tmp_path: Path, name: str, content: bytes) -> tuple[pd.DataFrame, pd.DataFrame]:
    folder = tmp_path / "data"
    shutil.copytree(DEMO / "data", folder)
    (folder / f"{name}.csv").write_bytes(content)
    return load_data(DEMO / "data", allow_illustrative=True)[name], load_data(folder, allow_illustrative=True)[name]


@pytest.mark.parametrize("name", ["kepesertaan", "klaim", "statistik", "iuran"])
@pytest.mark.parametrize("encoding", ["cp1252", "utf-8-sig"])
def test_indonesian_excel_csv_reads_to_the_same_figures(tmp_path: Path, name: str, encoding: str) -> None:
    payload = indonesian_excel_csv(name, encoding)
    if name == "kepesertaan":
        assert b";10.704;" in payload  # the test really writes thousands separators
    if name == "statistik":
        assert b";53,88;" in payload
    table = read_table(payload, "csv", "uji", dataset(name))
    original, read_back = frames_after_replacing(tmp_path, name, table.to_csv())
    pd.testing.assert_frame_equal(original, read_back)


@pytest.mark.parametrize("name", ["kepesertaan", "klaim", "statistik", "iuran", "peristiwa", "wilayah"])
def test_xlsx_from_openpyxl_reads_to_the_same_figures(tmp_path: Path, name: str) -> None:
    table = read_table(excel_workbook(name), "xlsx", "uji", dataset(name))
    original, read_back = frames_after_replacing(tmp_path, name, table.to_csv())
    pd.testing.assert_frame_equal(original, read_back)


def test_percent_formatted_xlsx_cells_read_as_shown(tmp_path: Path) -> None:
    """Excel stores 53.88% as 0.5388; staff typed and see 53.88, and data/ holds 53.88 with satuan persen."""
    rows = rows_of("statistik")
    book = Workbook()
    for row in rows:
        book.active.append(row)
    for number, row in enumerate(rows[1:], start=2):
        if row[rows[0].index("satuan")] == "persen":
            cell = book.active.cell(row=number, column=rows[0].index("nilai") + 1)
            cell.value, cell.number_format = float(row[rows[0].index("nilai")]) / 100, "0.00%"
    out = io.BytesIO()
    book.save(out)
    table = read_table(out.getvalue(), "xlsx", "uji", dataset("statistik"))
    assert b",53.88,,persen," in table.to_csv() and b",2.11,,persen," in table.to_csv()
    original, read_back = frames_after_replacing(tmp_path, "statistik", table.to_csv())
    pd.testing.assert_frame_equal(original, read_back)


def test_trailing_empty_rows_are_not_data() -> None:
    """Excel keeps rows below the data once a cell there was formatted or used; a `;` CSV from it ends in
    `;;;;;` lines. Written out as `,,,,,` they would make an unchanged source a new release."""
    rows = rows_of("iuran")
    book = Workbook()
    for row in rows:
        book.active.append(row)
    for number in range(len(rows) + 1, len(rows) + 4):
        book.active.cell(row=number, column=2).number_format = "#,##0"
    out = io.BytesIO()
    book.save(out)
    canonical = (DEMO / "data" / "iuran.csv").read_bytes()
    assert read_table(out.getvalue(), "xlsx", "uji", dataset("iuran")).to_csv() == canonical
    semicolons = indonesian_excel_csv("iuran", "utf-8-sig") + b";;;;;\r\n;;;;;\r\n"
    assert read_table(semicolons, "csv", "uji", dataset("iuran")).to_csv() == canonical


def test_an_excel_sep_line_names_the_delimiter(tmp_path: Path) -> None:
    payload = b"sep=;\r\n" + indonesian_excel_csv("kepesertaan", "cp1252")
    table = read_table(payload, "csv", "uji", dataset("kepesertaan"))
    assert table.header == rows_of("kepesertaan")[0]
    original, read_back = frames_after_replacing(tmp_path, "kepesertaan", table.to_csv())
    pd.testing.assert_frame_equal(original, read_back)


def test_xlsx_rows_keep_their_excel_row_numbers() -> None:
    book = Workbook()
    book.active.append(["program", "iuran_bulanan_rp"])
    book.active.append(["JKK", 10000])
    book.active.append([None, None])
    book.active.append(["JKM", 6800.0])
    out = io.BytesIO()
    book.save(out)
    table = read_table(out.getvalue(), "xlsx", "uji", dataset("iuran"))
    assert table.rows[2] == ["JKM", "6800"]  # Excel row 4 = line 4 of the CSV, where messages point


def test_json_records_read_to_the_same_figures(tmp_path: Path) -> None:
    rows = rows_of("statistik")
    records = [dict(zip(rows[0], row)) | {"nilai": float(row[5])} for row in rows[1:]]
    table = read_table(json.dumps({"records": records}).encode(), "json", "uji", dataset("statistik"))
    original, read_back = frames_after_replacing(tmp_path, "statistik", table.to_csv())
    pd.testing.assert_frame_equal(original, read_back)


def test_a_comma_file_with_thousands_dots_is_refused_not_misread(tmp_path: Path) -> None:
    text = (DEMO / "data" / "kepesertaan.csv").read_text(encoding="utf-8").replace(",10704,", ",10.704,")
    table = read_table(text.encode(), "csv", "uji", dataset("kepesertaan"))
    folder = tmp_path / "data"
    shutil.copytree(DEMO / "data", folder)
    (folder / "kepesertaan.csv").write_bytes(table.to_csv())
    with pytest.raises(DataError) as raised:
        load_data(folder, allow_illustrative=True)
    assert 'ditemukan "10.704"; seharusnya bilangan bulat 0 atau lebih tanpa pemisah ribuan' in raised.value.report()
    assert "pemisah ribuan gaya Indonesia" in raised.value.report() and "Tulis 10704 tanpa titik" in \
        raised.value.report()
    assert "Write 10704 without dots" in raised.value.report("en")


POPULATION = "Kota Denpasar,2020,725314,,jiwa"


@pytest.mark.slow
@pytest.mark.parametrize("written, says", [
    ("725.314", "Tulis 725314 tanpa titik"),  # Indonesian thousands dots: never 725 people
    ("725314.5", "satuan jiwa dihitung dengan bilangan bulat"),
])
def test_a_whole_unit_with_a_point_stops_the_build(tmp_path: Path, written: str, says: str) -> None:
    root = copy_project(tmp_path / "project")
    statistik = root / "data" / "statistik.csv"
    text = statistik.read_text(encoding="utf-8")
    assert POPULATION in text
    statistik.write_text(text.replace(POPULATION, POPULATION.replace("725314", written)), encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if POPULATION in row)

    result = run_build(root)

    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f'data/statistik.csv, baris {line}, kolom "nilai": ditemukan "{written}"' in result.stderr
    assert says in result.stderr


def test_decimals_in_other_units_are_still_accepted(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(DEMO / "data", folder)
    statistik = load_data(folder, allow_illustrative=True)["statistik"]
    assert statistik.loc[statistik["kode"] == "luas_wilayah", "nilai"].item() == 125.694  # km2, a real decimal


REFUSED = {
    "ambiguous thousands": (b"program;iuran_bulanan_rp\r\nJKK;10.00\r\n", "csv", "iuran",
                            'baris 2, kolom "iuran_bulanan_rp": ditemukan "10.00"'),
    "decimal point in a semicolon file": (b"kode;nilai\r\nx;53.88\r\n", "csv", "statistik",
                                          'kolom "nilai": ditemukan "53.88"'),
    "ambiguous number after a sep= line": (b"sep=;\r\nprogram;iuran_bulanan_rp\r\nJKK;10.00\r\n", "csv", "iuran",
                                           'baris 3, kolom "iuran_bulanan_rp": ditemukan "10.00"'),
    "sep= naming another delimiter": (b"sep=|\nprogram|iuran_bulanan_rp\nJKK|10000\n", "csv", "iuran",
                                      'menyebut pemisah kolom "|"'),
    "tab separated": (b"program\tiuran_bulanan_rp\nJKK\t10000\n", "csv", "iuran", "dipisahkan dengan tab"),
    "neither utf-8 nor windows-1252": (b"program,catatan\nJKK,\x81\x8d\n", "csv", "iuran",
                                       "bukan teks UTF-8 maupun Windows-1252 (byte 0x81"),
    "empty": (b"\xef\xbb\xbf  \r\n", "csv", "iuran", "berkas kosong"),
    "damaged xlsx": (b"PK\x03\x04 not really a workbook", "xlsx", "iuran", "bukan berkas XLSX yang dapat dibaca"),
    "malformed json": (b'{"records": [{"program": "JKK"', "json", "iuran", "JSON rusak atau terpotong"),
    "json without records": (b'{"hasil": 1}', "json", "iuran", "tidak berisi daftar rekaman"),
    "nested json": (b'[{"program": {"kode": "JKK"}}]', "json", "iuran", 'nilai bertingkat di "program"'),
}


@pytest.mark.parametrize("case", REFUSED)
def test_unreadable_files_are_refused_with_what_was_found(case: str) -> None:
    payload, fmt, name, phrase = REFUSED[case]
    with pytest.raises(DataError) as raised:
        read_table(payload, fmt, "sumber-uji", dataset(name))
    text = raised.value.report("id")
    assert phrase in text and "sumber-uji" in text
    assert raised.value.report("en") != text
