"""What an XLSX file may hold that its visible cells do not show, checked before its values are trusted.

- its unpacked size, read from the zip's directory before anything is unpacked: an 836 KB "zip bomb"
  would otherwise take gigabytes of memory and many minutes before failing;
- a formula whose result was never saved (a file written by a program, not by Excel): its cell would
  read as empty, silently;
- hidden sheets, rows and columns: figures nobody reviewing the file sees would be published.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from openpyxl.utils import get_column_letter

from report.errors import DataError, Problem

# A file with many problems usually has one cause; the rest only bury it (and cost memory to collect).
MAX_PROBLEMS = 100
SAVE_AGAIN_ID = "buka berkas di Excel lalu simpan lagi"
SAVE_AGAIN_EN = "open the file in Excel and save it again"


def check_unpacked_size(payload: bytes, shown: str, limit: int) -> None:
    """The sizes the zip declares bound what unpacking yields: zipfile stops at the declared size."""
    try:
        with zipfile.ZipFile(io.BytesIO(payload)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError):
        return  # not a zip at all: the XLSX reader says so in its own words
    if unpacked > limit:
        raise DataError([Problem(shown, f"berkas XLSX ini berisi {unpacked} byte setelah dibuka, batasnya {limit} "
                                 "byte (10 kali extra.report.fetch_max_bytes). Berkas sebesar itu bukan tabel data "
                                 "biasa; periksa berkasnya.", f"this XLSX file holds {unpacked} bytes once unpacked; "
                                 f"the limit is {limit} bytes (10 times extra.report.fetch_max_bytes). A file that "
                                 "large is no ordinary data table; check the file.")])


def hidden_and_uncached(payload: bytes, shown: str, cached: list[list[Any]], header: list[str]) -> list[Problem]:
    """Every hidden sheet, row and column, and every formula without a saved result in the first sheet."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(payload), data_only=False)  # formulas as written, and row/column settings
    try:
        problems = [hidden_sheet(shown, sheet.title) for sheet in book.worksheets if sheet.sheet_state != "visible"]
        sheet = book.worksheets[0]
        problems += [Problem(shown, "baris ini disembunyikan di Excel; tampilkan (Unhide) atau hapus barisnya agar "
                             "yang diterbitkan sama dengan yang terlihat.", "this row is hidden in Excel; unhide or "
                             "delete it, so what is published is what can be seen.", line=number)
                     for number, row in sorted(sheet.row_dimensions.items()) if row.hidden]
        problems += hidden_columns(shown, sheet.column_dimensions, header)
        problems += uncached_formulas(shown, sheet, cached, header)
    finally:
        book.close()
    return problems


def hidden_sheet(shown: str, title: str) -> Problem:
    return Problem(shown, f"lembar kerja \"{title}\" disembunyikan; tampilkan (Unhide) atau hapus lembar itu. Hanya "
                   "lembar pertama yang dibaca, dan tidak boleh ada data yang tak terlihat.", f"the worksheet "
                   f"\"{title}\" is hidden; unhide or delete it. Only the first sheet is read, and no data may be "
                   "out of sight.")


def hidden_columns(shown: str, dimensions: Any, header: list[str]) -> list[Problem]:
    found = []
    for dimension in dimensions.values():
        if not dimension.hidden:
            continue
        for index in range(dimension.min or 1, (dimension.max or dimension.min or 1) + 1):
            name = header[index - 1] if index <= len(header) and header[index - 1] else get_column_letter(index)
            found.append(Problem(shown, f"kolom {get_column_letter(index)} disembunyikan di Excel; tampilkan "
                                 "(Unhide) atau hapus kolomnya.", f"column {get_column_letter(index)} is hidden in "
                                 "Excel; unhide or delete it.", line=1, column=name))
    return found


def uncached_formulas(shown: str, sheet: Any, cached: list[list[Any]], header: list[str]) -> list[Problem]:
    found = []
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type != "f":
                continue
            r, c = cell.row - 1, cell.column - 1
            if r < len(cached) and c < len(cached[r]) and cached[r][c] is not None:
                continue
            name = header[c] if c < len(header) and header[c] else cell.column_letter
            found.append(Problem(shown, f"sel {cell.coordinate} berisi rumus yang hasilnya tidak tersimpan di "
                                 f"berkas; {SAVE_AGAIN_ID}.", f"cell {cell.coordinate} holds a formula whose result "
                                 f"is not saved in the file; {SAVE_AGAIN_EN}.", line=cell.row, column=name))
    return found


def capped(problems: list[Problem], shown: str) -> list[Problem]:
    """The first MAX_PROBLEMS, and how many more there were."""
    if len(problems) <= MAX_PROBLEMS:
        return problems
    more = len(problems) - MAX_PROBLEMS
    return problems[:MAX_PROBLEMS] + [Problem(shown, f"... dan {more} masalah lain di berkas ini.",
                                              f"... and {more} more problems in this file.")]
