"""Read every file in data/ against the contract in schema.py, reporting all problems at once."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from report.errors import DataError, Problem
from report.inputs.breakdown import check_breakdowns
from report.inputs.invisible import check_invisible
from report.inputs.region import ROOT_KINDS, Region, root_region, root_rows
from report.inputs.schema import (
    ALL_SEGMENTS,
    DATASETS,
    ILLUSTRATIVE,
    KINDS,
    UNDATED,
    WHOLE_UNITS,
    Dataset,
    looks_personal,
    normalised_column,
)

PATTERNS = {
    "code": re.compile(r"^\S+$"),
    "count": re.compile(r"^\d+$"),
    "number": re.compile(r"^-?\d+(\.\d+)?$"),
    "month": re.compile(r"^(\d{4})-(\d{2})$"),
    "year": re.compile(r"^\d{4}$"),
    "year_or_month": re.compile(r"^\d{4}(-\d{2})?$"),
    "date": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "published": re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$|^t\.t\.$"),
    "url": re.compile(r"^https?://\S+$"),
}
# 725.314 or 1.234.567: a whole number as Excel on Indonesian settings writes it. In a comma CSV the dot
# would be a decimal point, so such a value is refused where a whole number belongs, never misread.
THOUSANDS_DOTS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")
HEADER_LINE = 1
PERIOD_KINDS = ("month", "year", "year_or_month")
# First characters that make a spreadsheet treat a cell as a formula (OWASP, CSV injection).
FORMULA_NAMES = {"=": ("tanda =", "an = sign"), "+": ("tanda +", "a + sign"), "-": ("tanda -", "a - sign"),
                 "@": ("tanda @", "an @ sign"), "\t": ("tab", "a tab"), "\r": ("carriage return (CR)",
                                                                              "a carriage return (CR)")}


@dataclass(frozen=True)
class Tables:
    """The validated data, one typed DataFrame per dataset, with the line of each row kept."""

    frames: dict[str, pd.DataFrame]

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.frames[name]


def load_data(data_dir: Path, today: date | None = None, allow_illustrative: bool = False) -> Tables:
    """`today`: periods after it are refused (fetch passes the later of today and its fetch date).
    `allow_illustrative`: accept made-up `ilustratif` rows (demo and test projects only; see settings.py)."""
    problems: list[Problem] = []
    raw: dict[str, pd.DataFrame] = {}
    for spec in DATASETS:
        frame = read_csv(data_dir / spec.file, f"data/{spec.file}", problems)
        if frame is None:
            continue
        check_columns(frame, spec, problems)
        if not frame.empty:  # a wrong column is one problem among others: the known columns are still checked
            raw[spec.name] = frame
    for spec in DATASETS:
        if spec.name in raw:
            check_values(raw[spec.name], spec, problems)
            check_formula_text(raw[spec.name], spec, problems)
            check_invisible(raw[spec.name], problems)
            check_future_periods(raw[spec.name], spec, today or date.today(), problems)
            check_duplicates(raw[spec.name], spec, problems)
            check_references(raw, spec, problems)
    if not allow_illustrative:
        check_no_illustrative(raw, problems)
    check_breakdowns(raw, problems)
    check_whole_units(raw, problems)
    check_source_dates(raw, problems)
    check_requirements(raw, problems)
    if problems:
        raise DataError(problems)
    return Tables({name: typed(frame, next(d for d in DATASETS if d.name == name))
                   for name, frame in raw.items()})


def read_csv(path: Path, shown: str, problems: list[Problem]) -> pd.DataFrame | None:
    if not path.is_file():
        problems.append(Problem(shown, "berkas tidak ditemukan.", "file not found."))
        return None
    raw = path.read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode Text": named, not "an unknown byte"
        problems.append(Problem(shown, "berkas disimpan sebagai UTF-16 (\"Teks Unicode\" di Excel), bukan UTF-8. "
                                "Simpan ulang sebagai \"CSV UTF-8 (dipisahkan koma)\".", "the file is saved as UTF-16 "
                                "(Excel's \"Unicode Text\"), not UTF-8. Save it again as \"CSV UTF-8 (comma "
                                "delimited)\".", line=HEADER_LINE))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.append(Problem(shown, f"berkas bukan teks UTF-8 (byte tak dikenal di posisi {exc.start}). "
                                "Simpan ulang sebagai \"CSV UTF-8 (dipisahkan koma)\".",
                                f"the file is not UTF-8 text (unknown byte at position {exc.start}). "
                                "Save it again as \"CSV UTF-8 (comma delimited)\"."))
        return None
    if not text.strip():
        problems.append(Problem(shown, "berkas kosong; seharusnya berisi baris judul kolom dan data.",
                                "the file is empty; expected a header row and data rows."))
        return None
    header = text.splitlines()[0]
    for other in (";", "\t", "|"):
        if "," not in header and other in header:
            name = {";": "titik koma (;)", "\t": "tab", "|": "garis tegak (|)"}[other]
            name_en = {";": "semicolons (;)", "\t": "tabs", "|": "vertical bars (|)"}[other]
            problems.append(Problem(shown, f"kolom dipisahkan dengan {name}; seharusnya dengan koma (,). "
                                    "Simpan ulang sebagai \"CSV UTF-8 (dipisahkan koma)\".",
                                    f"columns are separated by {name_en}; expected commas (,). "
                                    "Save it again as \"CSV UTF-8 (comma delimited)\".", line=HEADER_LINE))
            return None
    return parse_rows(text, shown, problems)


def parse_rows(text: str, shown: str, problems: list[Problem]) -> pd.DataFrame | None:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, body = [h.strip() for h in rows[0]], rows[1:]
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        for name in repeated:
            problems.append(Problem(shown, "nama kolom ini muncul lebih dari sekali di baris judul; hapus salah "
                                    "satunya.", "this column name appears more than once in the header row; remove "
                                    "one of them.", line=HEADER_LINE, column=name))
        return None
    widths = {len(row) for row in body if any(cell.strip() for cell in row)}
    if len(widths) == 1 and widths != {len(header)}:
        # Every row disagrees with the header the same way: the header is what is wrong, say it once.
        width = widths.pop()
        problems.append(Problem(shown, f"baris judul berisi {len(header)} kolom, tetapi setiap baris data berisi "
                                f"{width} nilai. Periksa nama kolom di baris judul.",
                                f"the header row has {len(header)} columns but every data row has "
                                f"{width} values. Check the column names in the header row.", line=HEADER_LINE))
        frame = pd.DataFrame(columns=header, dtype=str)
        frame.attrs.update(file=shown, lines=[])
        return frame
    good: list[list[str]] = []
    lines: list[int] = []
    for offset, row in enumerate(body):
        line = offset + HEADER_LINE + 1
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            problems.append(Problem(shown, f"baris ini berisi {len(row)} nilai, padahal ada {len(header)} kolom. "
                                    "Periksa koma di dalam teks (beri tanda kutip) atau kolom yang hilang.",
                                    f"this row has {len(row)} values but there are {len(header)} columns. "
                                    "Check for commas inside text (quote it) or a missing value.", line=line))
            continue
        problems.extend(leading_control(shown, line, header, row))
        good.append([cell.strip() for cell in row])
        lines.append(line)
    frame = pd.DataFrame(good, columns=header, dtype=str)
    frame.attrs["file"] = shown
    frame.attrs["lines"] = lines
    if not good:
        problems.append(Problem(shown, "berkas hanya berisi judul kolom; seharusnya ada baris data.",
                                "the file has a header row but no data rows."))
        return None
    return frame


def leading_control(shown: str, line: int, header: list[str], row: list[str]) -> list[Problem]:
    """A tab or carriage return before a value is stripped here, but a spreadsheet opening the raw file
    would read what follows as a formula: refused where staff can see it (OWASP's CSV injection rule)."""
    return [Problem(shown, f"nilai diawali karakter {FORMULA_NAMES[cell[0]][0]}; hapus karakter itu.",
                    f"the value begins with {FORMULA_NAMES[cell[0]][1]}; remove that character.",
                    line=line, column=name)
            for name, cell in zip(header, row) if cell[:1] in ("\t", "\r")]


def check_formula_text(frame: pd.DataFrame, spec: Dataset, problems: list[Problem]) -> None:
    """Text that a spreadsheet would run as a formula (=HYPERLINK(...), +cmd, @SUM) is refused. Number
    columns are judged by their own pattern, so -5 there is a number, never text."""
    shown, lines = frame.attrs["file"], frame.attrs["lines"]
    for column in spec.columns:
        if column.kind not in ("text", "code") or column.name not in frame.columns:
            continue
        for line, value in zip(lines, frame[column.name]):
            if value[:1] in FORMULA_NAMES:
                said_id, said_en = FORMULA_NAMES[value[0]]
                problems.append(Problem(shown, f"teks diawali {said_id}, yang dibaca Excel sebagai rumus; tulis teks "
                                        "tanpa tanda itu di awal.", f"the text begins with {said_en}, which Excel "
                                        "reads as a formula; write the text without that sign first.",
                                        line=line, column=column.name))


def check_future_periods(frame: pd.DataFrame, spec: Dataset, today: date, problems: list[Problem]) -> None:
    """A period that has not begun yet (2099-01) is a typing or export error, never a figure to publish."""
    shown, lines = frame.attrs["file"], frame.attrs["lines"]
    for column in spec.columns:
        if column.kind not in PERIOD_KINDS or column.name not in frame.columns:
            continue
        for line, value in zip(lines, frame[column.name]):
            start = period_start(value)
            if start is not None and start > today:
                problems.append(Problem(shown, f"periode \"{value}\" belum dimulai (hari ini {today.isoformat()}); "
                                        "periksa tahun dan bulannya.", f"the period \"{value}\" has not begun yet "
                                        f"(today is {today.isoformat()}); check its year and month.",
                                        line=line, column=column.name))


def period_start(value: str) -> date | None:
    """The first day of a YYYY or YYYY-MM period; None for a value check_values already refuses."""
    try:
        return date(int(value[:4]), int(value[5:7]) if len(value) == 7 else 1, 1)
    except ValueError:
        return None


def check_columns(frame: pd.DataFrame, spec: Dataset, problems: list[Problem]) -> bool:
    """Report every wrong or missing column; True when the header is exactly the contract's."""
    shown, found, expected = frame.attrs["file"], list(frame.columns), spec.column_names
    ok = True
    for column in found:
        if looks_personal(column, spec):
            problems.append(Problem(shown, "kolom ini tampak berisi data pribadi. Situs ini hanya menerbitkan "
                                    "angka gabungan (agregat): hapus kolom ini dari berkas.",
                                    "this column looks like personal data. This site publishes aggregates "
                                    "only: remove the column from the file.", line=HEADER_LINE, column=column))
            ok = False
        elif column not in expected:
            problems.append(unknown_column(shown, column, expected))
            ok = False
    for column in expected:
        if column not in found:
            problems.append(Problem(shown, "kolom wajib tidak ada; tambahkan kolom ini pada baris judul.",
                                    "required column is missing; add it to the header row.",
                                    line=HEADER_LINE, column=column))
            ok = False
    return ok


def unknown_column(shown: str, column: str, expected: list[str]) -> Problem:
    plain = normalised_column(column)
    if plain in expected:  # "Peserta" or "kode wilayah": the right column, typed differently
        return Problem(shown, f"tulis nama kolom persis \"{plain}\" (huruf kecil, garis bawah, tanpa spasi).",
                       f"write the column name exactly as \"{plain}\" (lower case, underscores, no spaces).",
                       line=HEADER_LINE, column=column)
    return Problem(shown, f"kolom tidak dikenal; kolom yang diharapkan: {', '.join(expected)}.",
                   f"unknown column; expected columns: {', '.join(expected)}.", line=HEADER_LINE, column=column)


def check_values(frame: pd.DataFrame, spec: Dataset, problems: list[Problem]) -> None:
    shown, lines = frame.attrs["file"], frame.attrs["lines"]
    for column in spec.columns:
        if column.name not in frame.columns:
            continue  # reported by check_columns
        for line, value in zip(lines, frame[column.name]):
            problem = value_problem(value, column.kind, column.required, column.choices)
            if problem:
                problems.append(Problem(shown, problem[0], problem[1], line=line, column=column.name))


def value_problem(value: str, kind: str, required: bool, choices: tuple[str, ...]) -> tuple[str, str] | None:
    expected_id, expected_en = KINDS[kind]
    if value == "":
        return None if not required else ("nilai kosong; seharusnya " + expected_id + ".",
                                          "empty value; expected " + expected_en + ".")
    if choices and value not in choices:
        return (f"ditemukan \"{value}\"; seharusnya salah satu dari: {', '.join(choices)}.",
                f"found \"{value}\"; expected one of: {', '.join(choices)}.")
    pattern = PATTERNS.get(kind)
    if pattern and not pattern.match(value) or not calendar_ok(value, kind):
        hint_id, hint_en = thousands_dots_hint(value) if kind == "count" else ("", "")
        return (f"ditemukan \"{value}\"; seharusnya {expected_id}.{hint_id}",
                f"found \"{value}\"; expected {expected_en}.{hint_en}")
    return None


def thousands_dots_hint(value: str) -> tuple[str, str]:
    """What to do when `value` looks like Indonesian thousands dots; nothing to add otherwise."""
    if not THOUSANDS_DOTS.match(value):
        return "", ""
    digits = value.replace(".", "")
    return (f" Titik di \"{value}\" tampaknya pemisah ribuan gaya Indonesia, padahal di CSV berpemisah koma titik "
            f"berarti desimal. Tulis {digits} tanpa titik; atau, untuk sumber yang diambil dengan build.py fetch, "
            "simpan dari Excel berpengaturan Indonesia sebagai CSV dipisahkan titik koma (;), yang titiknya "
            "dibaca sebagai pemisah ribuan.",
            f" The dots in \"{value}\" look like Indonesian thousands separators, but in a comma-separated CSV a "
            f"dot is a decimal point. Write {digits} without dots; or, for a source read by build.py fetch, save "
            "it from Excel on Indonesian settings as semicolon-separated (;) CSV, whose dots are read as "
            "thousands separators.")


def check_no_illustrative(raw: dict[str, pd.DataFrame], problems: list[Problem]) -> None:
    """A public build publishes sourced figures only: made-up rows are refused, one message per file."""
    for frame in raw.values():
        if "status" not in frame.columns:
            continue
        lines = [line for line, status in zip(frame.attrs["lines"], frame["status"]) if status == ILLUSTRATIVE]
        if not lines:
            continue
        shown = ", ".join(str(n) for n in lines[:3]) + (f" ... ({len(lines)})" if len(lines) > 3 else "")
        problems.append(Problem(
            frame.attrs["file"], f"status {ILLUSTRATIVE} di baris {shown}: angka buatan yang tidak berasal dari "
            "sumber mana pun tidak diterbitkan. Ganti dengan angka resmi (status resmi, dengan sumber) atau hapus "
            "baris-baris itu. Hanya proyek contoh atau uji yang boleh memakainya, dengan allow_illustrative: true "
            "di mkdocs.yml (extra.report).", f"status {ILLUSTRATIVE} on lines {shown}: made-up figures that come "
            "from no source are not published. Replace them with official figures (status resmi, with a source) or "
            "remove those lines. Only a demo or test project may use them, with allow_illustrative: true in "
            "mkdocs.yml (extra.report).", line=lines[0], column="status"))


def check_whole_units(raw: dict[str, pd.DataFrame], problems: list[Problem]) -> None:
    """statistik: people, rupiah and multiples are counted whole, so `725.314 jiwa` is refused, not shown
    as 725 people."""
    if "statistik" not in raw:
        return
    frame = raw["statistik"]
    for line, value, unit in zip(frame.attrs["lines"], frame["nilai"], frame["satuan"]):
        if unit in WHOLE_UNITS and PATTERNS["number"].match(value) and "." in value:
            hint_id, hint_en = thousands_dots_hint(value)
            problems.append(Problem(frame.attrs["file"], f"ditemukan \"{value}\"; satuan {unit} dihitung dengan "
                                    f"bilangan bulat tanpa titik, misalnya 725314.{hint_id}", f"found \"{value}\"; "
                                    f"the unit {unit} is counted in whole numbers without a point, e.g. 725314."
                                    f"{hint_en}", line=line, column="nilai"))


def check_source_dates(raw: dict[str, pd.DataFrame], problems: list[Problem]) -> None:
    """A page cannot have been consulted before it was published: one of the two dates is mistyped."""
    if not has_columns(raw, "sumber", "tanggal_terbit", "tanggal_akses"):
        return
    frame = raw["sumber"]
    for line, published, consulted in zip(frame.attrs["lines"], frame["tanggal_terbit"], frame["tanggal_akses"]):
        readable = PATTERNS["published"].match(published) and PATTERNS["date"].match(consulted)
        if readable and published != UNDATED and consulted[:len(published)] < published:
            problems.append(Problem(frame.attrs["file"], f"tanggal_akses {consulted} lebih awal daripada "
                                    f"tanggal_terbit {published}; laman tidak dapat dibuka sebelum terbit. Periksa "
                                    "kedua tanggal.", f"tanggal_akses {consulted} is earlier than tanggal_terbit "
                                    f"{published}; a page cannot be consulted before it is published. Check both "
                                    "dates.", line=line, column="tanggal_akses"))


def calendar_ok(value: str, kind: str) -> bool:
    if kind in ("month", "year_or_month", "published") and len(value) == 7:
        return 1 <= int(value[5:7]) <= 12
    if kind == "date" or kind == "published" and len(value) == 10:
        try:
            date.fromisoformat(value)
        except ValueError:
            return False
    return True


def check_duplicates(frame: pd.DataFrame, spec: Dataset, problems: list[Problem]) -> None:
    shown, lines = frame.attrs["file"], frame.attrs["lines"]
    if not set(spec.key) <= set(frame.columns):
        return
    first_line: dict[tuple[str, ...], int] = {}
    for line, key in zip(lines, frame[list(spec.key)].itertuples(index=False, name=None)):
        if key in first_line:
            described = ", ".join(f"{c}={v}" for c, v in zip(spec.key, key))
            problems.append(Problem(shown, f"baris ganda: {described} sudah ada di baris {first_line[key]}. "
                                    "Hapus salah satunya.", f"duplicate row: {described} already appears on "
                                    f"line {first_line[key]}. Remove one of them.", line=line, column=spec.key[-1]))
        else:
            first_line[key] = line


def check_references(raw: dict[str, pd.DataFrame], spec: Dataset, problems: list[Problem]) -> None:
    frame = raw[spec.name]
    shown, lines = frame.attrs["file"], frame.attrs["lines"]
    for column in spec.columns:
        if not column.references or column.name not in frame.columns:
            continue
        target, target_column = column.references.split(".")
        if target not in raw or target_column not in raw[target].columns:
            continue
        known = set(raw[target][target_column])
        if spec.name == "kepesertaan" and column.name == "segmen":
            known.add(ALL_SEGMENTS)
        for line, value in zip(lines, frame[column.name]):
            if value and value not in known:
                problems.append(Problem(shown, f"kode \"{value}\" tidak ada di data/{target}.csv "
                                        f"(kolom {target_column}).", f"code \"{value}\" is not in "
                                        f"data/{target}.csv (column {target_column}).", line=line, column=column.name))
    if "status" in frame.columns and "sumber" in frame.columns:
        for line, status, source in zip(lines, frame["status"], frame["sumber"]):
            if status == "resmi" and not source:
                problems.append(Problem(shown, "angka resmi harus menyebut sumbernya: isi kolom sumber dengan kode "
                                        "dari data/sumber.csv, atau ubah status menjadi ilustratif.",
                                        "an official figure must name its source: fill in a code from "
                                        "data/sumber.csv, or set the status to ilustratif.", line=line,
                                        column="sumber"))


def check_requirements(raw: dict[str, pd.DataFrame], problems: list[Problem]) -> None:
    """What the site cannot do without, said once per file rather than as a crash later."""
    def need(name: str, ok: bool, message_id: str, message_en: str, column: str) -> None:
        if name in raw and not ok:
            problems.append(Problem(f"data/{name}.csv", message_id, message_en, column=column))

    if has_columns(raw, "wilayah", "kode", "jenis", "kode_induk"):
        check_root(raw["wilayah"], problems)
    if has_columns(raw, "kepesertaan", "kode_wilayah", "segmen", "status") and \
            has_columns(raw, "wilayah", "kode", "nama", "jenis", "kode_induk"):
        rows, root = raw["kepesertaan"], root_region(raw["wilayah"])
        root = root if len(root_rows(raw["wilayah"])) == 1 else Region("", "", "")  # reported by check_root
        top = rows[(rows["kode_wilayah"] == root.code) & (rows["status"] == "resmi")]
        need("kepesertaan", not root.code or bool((top["segmen"] == ALL_SEGMENTS).any()),
             f"tidak ada jumlah resmi untuk {root.name} (kode_wilayah {root.code}, segmen {ALL_SEGMENTS}, status "
             "resmi); angka utama situs diambil dari baris itu.", f"there is no official total for {root.name} "
             f"(kode_wilayah {root.code}, segmen {ALL_SEGMENTS}, status resmi); the site's headline figure comes "
             "from that row.", "segmen")
    if has_columns(raw, "iuran", "ditanggung_pemda"):
        need("iuran", bool((raw["iuran"]["ditanggung_pemda"] == "ya").any()),
             "tidak ada program dengan ditanggung_pemda = ya; biaya iuran yang dibayar pemerintah daerah dihitung "
             "dari program itu.", "no programme has ditanggung_pemda = ya; the local government's contribution "
             "cost is computed from them.", "ditanggung_pemda")


def check_root(regions: pd.DataFrame, problems: list[Problem]) -> None:
    """One row without kode_induk: the region the site is about (a provinsi, kabupaten or kota)."""
    roots = root_rows(regions)
    shown = regions.attrs.get("file", "data/wilayah.csv")
    kinds = ", ".join(ROOT_KINDS)
    if len(roots) != 1:
        found = ", ".join(roots["kode"]) or "tidak ada / none"
        problems.append(Problem(shown, f"tepat satu baris harus tanpa kode_induk: wilayah yang dibahas situs "
                                f"({kinds}); ditemukan: {found}.", f"exactly one row must have no kode_induk: the "
                                f"area the site is about ({kinds}); found: {found}.", column="kode_induk"))
    elif roots.iloc[0]["jenis"] not in ROOT_KINDS:
        problems.append(Problem(shown, f"wilayah tanpa kode_induk harus berjenis {kinds}, bukan "
                                f"\"{roots.iloc[0]['jenis']}\".", f"the area without kode_induk must be of kind "
                                f"{kinds}, not \"{roots.iloc[0]['jenis']}\".", column="jenis"))


def has_columns(raw: dict[str, pd.DataFrame], name: str, *columns: str) -> bool:
    """Whether a cross-row check can run: a missing column is reported once, by check_columns."""
    return name in raw and set(columns) <= set(raw[name].columns)


def typed(frame: pd.DataFrame, spec: Dataset) -> pd.DataFrame:
    frame = frame.copy()
    for column in spec.columns:
        if column.kind == "count":
            frame[column.name] = pd.array([int(v) if v else None for v in frame[column.name]], dtype="Int64")
        elif column.kind == "number":
            frame[column.name] = frame[column.name].astype(float)
        elif column.kind == "date":
            frame[column.name] = [date.fromisoformat(v) for v in frame[column.name]]
    return frame
