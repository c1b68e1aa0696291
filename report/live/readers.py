"""Bytes as staff and portals really produce them -> the canonical CSV text that data/ holds.

Canonical means what data/README.md asks for: UTF-8, commas between columns, whole numbers without
thousands separators, a decimal point. Files saved by Excel on Indonesian settings use `;` between
columns, `.` for thousands and `,` for decimals; their numbers are converted column by column using
the data contract, so `10.704` in a count column is ten thousand seven hundred and four, never ten
point seven. Anything that cannot be read without guessing is rejected with what was found and what
to do. Validation of the values themselves stays in data.py, the same as for local files.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from report.errors import DataError, Problem
from report.inputs.schema import Dataset

# Indonesian Excel: 10.704 and 1.234.567 (dots between groups of three), 53,88 (decimal comma).
ID_WHOLE = re.compile(r"^-?\d{1,3}(\.\d{3})+$|^-?\d+$")
ID_DECIMAL = re.compile(r"^-?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")
SEP_HINT = re.compile(r"^sep=(.)$")  # Excel's first line naming the delimiter, e.g. sep=;
SAVE_AS_ID = "Simpan ulang dari Excel sebagai \"CSV UTF-8 (dipisahkan koma)\" atau sebagai XLSX."
MAX_UNPACKED = 500_000_000  # 10 times the default download limit; fetch passes 10x its own
SAVE_AS_EN = "Save it again from Excel as \"CSV UTF-8 (comma delimited)\" or as XLSX."


@dataclass(frozen=True)
class Table:
    """A header and rows of text cells; row i is line i + 2 of the canonical CSV."""

    header: list[str]
    rows: list[list[str]]

    def to_csv(self) -> bytes:
        out = io.StringIO(newline="")
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.header)
        writer.writerows(self.rows)
        return out.getvalue().encode("utf-8")


def read_table(payload: bytes, fmt: str, shown: str, spec: Dataset, max_unpacked: int = MAX_UNPACKED) -> Table:
    """Read one dataset in `fmt` (csv, xlsx, json); raises DataError naming `shown` on anything unreadable.
    `max_unpacked`: the most bytes an XLSX may unpack to."""
    if fmt == "xlsx":
        return read_xlsx(payload, shown, spec, max_unpacked)
    return {"csv": read_csv_bytes, "json": read_json}[fmt](payload, shown, spec)


# CSV ------------------------------------------------------------------------------------------------

def read_csv_bytes(payload: bytes, shown: str, spec: Dataset) -> Table:
    text = decode(payload, shown)
    if text.lstrip().startswith("<"):
        raise DataError([Problem(shown, "server mengirim halaman web (HTML), bukan CSV; periksa alamatnya (halaman "
                                 "masuk atau pemeliharaan?).", "the server sent a web page (HTML), not CSV; check the "
                                 "address (a login or maintenance page?).", line=1)])
    delimiter, text, header_line = csv_dialect(text, shown)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    table = Table([h.strip() for h in rows[0]], without_trailing_empty_rows([[c.strip() for c in row]
                                                                             for row in rows[1:]]))
    if delimiter == ",":
        return table  # already the canonical dialect; data.py judges the values
    return convert_numbers(table, shown, spec, header_line)


def csv_dialect(text: str, shown: str) -> tuple[str, str, int]:
    """The delimiter, the text from the header row on, and the header's line in the file. Excel may put
    `sep=;` on the first line to name the delimiter: it is obeyed, and is not the header."""
    first, _, rest = text.partition("\n")
    hint = SEP_HINT.match(first.rstrip("\r"))
    if hint:
        delimiter, text, header_line = hint.group(1), rest, 2
    else:
        delimiter, header_line = (";" if ";" in first and "," not in first else "\t" if "\t" in first else ","), 1
    if delimiter == "\t":
        raise DataError([Problem(shown, f"kolom dipisahkan dengan tab. {SAVE_AS_ID}",
                                 f"columns are separated by tabs. {SAVE_AS_EN}", line=header_line)])
    if delimiter not in ",;":
        raise DataError([Problem(shown, f"baris \"sep={delimiter}\" menyebut pemisah kolom \"{delimiter}\"; yang "
                                 f"dapat dibaca hanya koma (,) atau titik koma (;). {SAVE_AS_ID}", f"the line "
                                 f"\"sep={delimiter}\" names \"{delimiter}\" as the column separator; only commas (,) "
                                 f"or semicolons (;) can be read. {SAVE_AS_EN}", line=1)])
    if not text.strip():
        raise DataError([Problem(shown, "berkas kosong; seharusnya berisi baris judul kolom dan data.",
                                 "the file is empty; expected a header row and data rows.")])
    return delimiter, text, header_line


def without_trailing_empty_rows(rows: list[list[str]]) -> list[list[str]]:
    """Rows after the last one with data: Excel keeps them for a formatted or once-used cell, and written
    out as `,,,,` they would make an unchanged source look like a new release. Empty rows between data
    stay, so line n of the CSV is still row n of the sheet."""
    end = len(rows)
    while end and not any(rows[end - 1]):
        end -= 1
    return rows[:end]


def decode(payload: bytes, shown: str) -> str:
    """UTF-8 (with or without Excel's BOM), UTF-16 with its byte-order mark (Excel's "Unicode Text"), else
    Windows-1252, which Excel uses for "CSV" on Windows."""
    if payload.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return payload.decode("utf-16")
        except UnicodeDecodeError:
            raise DataError([Problem(shown, f"berkas bertanda UTF-16 tetapi isinya rusak atau terpotong. {SAVE_AS_ID}",
                                     f"the file is marked as UTF-16 but its content is damaged or cut short. "
                                     f"{SAVE_AS_EN}")]) from None
    try:
        return payload.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return payload.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise DataError([Problem(shown, f"berkas bukan teks UTF-8 maupun Windows-1252 (byte 0x{payload[exc.start]:02x} "
                                 f"di posisi {exc.start}). {SAVE_AS_ID}", "the file is neither UTF-8 nor "
                                 f"Windows-1252 text (byte 0x{payload[exc.start]:02x} at position {exc.start}). "
                                 f"{SAVE_AS_EN}")]) from None


def convert_numbers(table: Table, shown: str, spec: Dataset, header_line: int = 1) -> Table:
    """Indonesian-Excel numbers -> canonical ones, only in the columns the contract says hold numbers."""
    kinds = {c.name: c.kind for c in spec.columns}
    problems: list[Problem] = []
    rows = []
    for line, row in enumerate(table.rows, start=header_line + 1):
        converted = []
        for name, cell in zip(table.header, row):
            value, problem = indonesian_number(cell, kinds.get(name, "text"))
            if problem:
                problems.append(Problem(shown, problem[0], problem[1], line=line, column=name))
            converted.append(value)
        rows.append(converted + row[len(table.header):])
    if problems:
        raise DataError(problems)
    return Table(table.header, rows)


def indonesian_number(cell: str, kind: str) -> tuple[str, tuple[str, str] | None]:
    if kind not in ("count", "number") or cell == "":
        return cell, None
    pattern = ID_WHOLE if kind == "count" else ID_DECIMAL
    if pattern.match(cell):
        return cell.replace(".", "").replace(",", "."), None
    example_id, example_en = ("10.704", "10.704") if kind == "count" else ("53,88 atau 1.234,5", "53,88 or 1.234,5")
    return cell, (f"ditemukan \"{cell}\"; berkas ini dipisahkan titik koma (Excel berpengaturan Indonesia), jadi "
                  f"angka ditulis seperti {example_id}: titik untuk ribuan, koma untuk desimal. Perbaiki selnya "
                  f"atau {SAVE_AS_ID[0].lower()}{SAVE_AS_ID[1:]}",
                  f"found \"{cell}\"; this file is semicolon-separated (Excel on Indonesian settings), so numbers "
                  f"look like {example_en}: a dot between thousands, a comma before decimals. Fix the cell or "
                  f"{SAVE_AS_EN[0].lower()}{SAVE_AS_EN[1:]}")


# XLSX -----------------------------------------------------------------------------------------------

def read_xlsx(payload: bytes, shown: str, spec: Dataset, max_unpacked: int = MAX_UNPACKED) -> Table:
    """The first worksheet; row 1 is the header. Typed cells become canonical text by the column's kind.
    Hidden sheets, rows and columns and formulas without a saved result are refused (workbook.py)."""
    from openpyxl import load_workbook  # only fetch needs it; the build does not pay the import

    from report.live.workbook import capped, check_unpacked_size, hidden_and_uncached

    check_unpacked_size(payload, shown, max_unpacked)
    try:
        book = load_workbook(io.BytesIO(payload), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a damaged or foreign file
        raise DataError([Problem(shown, f"bukan berkas XLSX yang dapat dibaca ({type(exc).__name__}). Simpan "
                                 "ulang dari Excel sebagai \"Buku Kerja Excel (*.xlsx)\".", "not a readable XLSX "
                                 f"file ({type(exc).__name__}). Save it again from Excel as \"Excel Workbook "
                                 "(*.xlsx)\".")]) from None
    try:
        values = [[shown_value(cell) for cell in row] for row in book.worksheets[0].iter_rows()]
    finally:
        book.close()
    if not values or not any(v is not None for v in values[0]):
        raise DataError([Problem(shown, "lembar kerja pertama kosong atau baris 1 tidak berisi judul kolom.",
                                 "the first worksheet is empty or row 1 holds no column names.", line=1)])
    width = max(i + 1 for i, v in enumerate(values[0]) if v is not None)
    header = [cell_text(v, "text") for v in values[0][:width]]
    if problems := hidden_and_uncached(payload, shown, values, header):
        raise DataError(capped(problems, shown))
    kinds = {c.name: c.kind for c in spec.columns}
    rows = [[cell_text(v, kinds.get(h, "text")) for h, v in zip(header, padded(row, width))] for row in values[1:]]
    return Table(header, without_trailing_empty_rows(rows))


def shown_value(cell: Any) -> Any:
    """A cell's value as Excel shows it: 0.5388 formatted as a percentage is the 53.88 staff typed and see.
    15 significant digits, as Excel keeps, so 2.11% is 2.11 and not 2.1099999999999997."""
    value = cell.value
    if isinstance(value, int | float) and not isinstance(value, bool) and is_percent(cell.number_format):
        return Decimal(f"{value:.15g}") * 100
    return value


def is_percent(number_format: str | None) -> bool:
    """A % outside quoted text and escapes: "0.00%" is a percentage, '0 "%"' only prints the sign."""
    return bool(number_format) and "%" in re.sub(r'"[^"]*"|\\.', "", number_format or "")


def padded(row: list[Any], width: int) -> list[Any]:
    return (row + [None] * width)[:width]


def cell_text(value: Any, kind: str) -> str:
    """A typed spreadsheet or JSON value as the text data/README.md asks for in a column of `kind`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, datetime | date):
        day = value.date() if isinstance(value, datetime) else value
        return {"month": day.strftime("%Y-%m"), "year": day.strftime("%Y")}.get(kind, day.isoformat())
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")  # 53.8800 -> 53.88, 5.0E+1 -> 50
    if isinstance(value, float):
        if value.is_integer() and kind in ("count", "number", "year", "year_or_month"):  # 38.0 -> 38, as data/ has it
            return str(int(value))
        shortest = repr(value)  # the shortest text that reads back as the same float: 53.88, not 53.8799...
        return shortest if "e" not in shortest else f"{value:f}".rstrip("0").rstrip(".")
    return str(value).strip()


# JSON and CKAN --------------------------------------------------------------------------------------

def read_json(payload: bytes, shown: str, spec: Dataset) -> Table:
    """A list of records, or an object holding one under records/data/result.records (CKAN)."""
    document = parse_json(payload, shown)
    records = find_records(document)
    if records is None:
        raise DataError([Problem(shown, "JSON tidak berisi daftar rekaman (list of objects, atau objek dengan "
                                 "\"records\", \"data\" atau \"result.records\").", "the JSON holds no list of "
                                 "records (a list of objects, or an object with \"records\", \"data\" or "
                                 "\"result.records\").")])
    return records_table(records, [], shown, spec)


def parse_json(payload: bytes, shown: str) -> Any:
    try:
        return json.loads(payload.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise DataError([Problem(shown, f"JSON rusak atau terpotong ({exc}).",
                                 f"malformed or truncated JSON ({exc}).")]) from None


def find_records(document: Any) -> list[Any] | None:
    if isinstance(document, list):
        return document
    if isinstance(document, dict):
        for candidate in (document.get("records"), document.get("data"),
                          (document.get("result") or {}).get("records") if isinstance(document.get("result"), dict)
                          else None):
            if isinstance(candidate, list):
                return candidate
    return None


def records_table(records: list[Any], fields: Iterable[str], shown: str, spec: Dataset) -> Table:
    """Records -> a table. CKAN's own columns (_id, _full_text) are not data and are left out."""
    kinds = {c.name: c.kind for c in spec.columns}
    header = [f for f in fields if not f.startswith("_")]
    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            raise DataError([Problem(shown, f"rekaman ke-{number} bukan objek JSON, melainkan "
                                     f"{type(record).__name__}.", f"record {number} is not a JSON object but a "
                                     f"{type(record).__name__}.")])
        header += [k for k in record if not k.startswith("_") and k not in header]
    rows = []
    for number, record in enumerate(records, start=1):
        for name, value in record.items():
            if isinstance(value, dict | list):
                raise DataError([Problem(shown, f"rekaman ke-{number}: nilai bertingkat di \"{name}\"; seharusnya "
                                         "teks atau angka.", f"record {number}: nested value in \"{name}\"; "
                                         "expected text or a number.", column=name)])
        rows.append([cell_text(record.get(name), kinds.get(name, "text")) for name in header])
    return Table(header, rows)
