"""Each kind of bad input stops the build with a message that names the file, line and column,
exits with status 2, shows no traceback, and leaves site/ byte-for-byte as it was.

The cases run the real pipeline in this process (no interpreter start, no imports per case: a
data case stops within a second); the tests below go through build.py's command line, its main() in this
process, and two of them through a real `python build.py` process, end to end."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import run_build, run_build_process, tree_digest

from report.errors import ReportError
from report.pipeline import build
from report.session import BuildSession
from report.settings import load_settings

EXIT_INPUT_ERROR = 2


def replace_line(path: Path, line: int, new: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[line - 1] = new
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def edit(path: str, old: str, new: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        file = root / path
        text = file.read_text(encoding="utf-8")
        assert old in text, f"test set-up: {old!r} not in {path}"
        file.write_text(text.replace(old, new, 1), encoding="utf-8")
    return change


def append(path: str, *rows: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        file = root / path
        file.write_text(file.read_text(encoding="utf-8") + "".join(f"{row}\n" for row in rows), encoding="utf-8")
    return change


def every_line(path: str, edit_line: Callable[[int, str], str | None]) -> Callable[[Path], None]:
    """Rewrite a file line by line (header is line 1); None drops the line."""
    def change(root: Path) -> None:
        file = root / path
        lines = [edit_line(n, text) for n, text in enumerate(file.read_text(encoding="utf-8").splitlines(), 1)]
        file.write_text("\n".join(text for text in lines if text is not None) + "\n", encoding="utf-8")
    return change


def newer_breakdown(root: Path) -> None:
    """The whole 2025-02 breakdown (city segments and desa) again for 2025-03, whose total it matches."""
    file = root / KEPESERTAAN
    lines = file.read_text(encoding="utf-8").splitlines()
    copied = [line.replace("2025-02,", "2025-03,", 1) for line in lines
              if line.startswith("2025-02,") and not line.startswith("2025-02,51.71,semua,")]
    lines = [line.replace(",10713,", ",10717,") if line.startswith("2025-03,51.71,semua,") else line
             for line in lines]
    file.write_text("\n".join(lines + copied) + "\n", encoding="utf-8")


# One session for the cases, as the preview keeps one: a chapter case reuses the charts drawn for the
# unchanged data, and a case that changes data gets its own.
SESSION = BuildSession()


def stopped_build(root: Path) -> ReportError:
    """The build in this process, as build.py runs it (without the PDF, which no case reaches): the
    error that stopped it, which build.py prints for staff and turns into exit status 2."""
    try:
        build(load_settings(root, show_progress=False, print_pdf=False), SESSION)
    except ReportError as error:
        return error
    raise AssertionError("the build did not stop")


def find_line(root: Path, path: str, start: str) -> int:
    lines = (root / path).read_text(encoding="utf-8").splitlines()
    return next(n for n, text in enumerate(lines, 1) if text.startswith(start))


@dataclass(frozen=True)
class Case:
    change: Callable[[Path], None]
    file: str
    line: int | str | None  # a number, or the start of the CSV row whose line is expected
    column: str | None
    says: str  # a phrase the Indonesian message must contain


KEPESERTAAN = "data/kepesertaan.csv"
WILAYAH = "data/wilayah.csv"
ROOT_ROW = "51.71,Kota Denpasar,kota,,2025,cahyadsn-wilayah"
LATEST = "2025-05,51.71,semua,10704,resmi,suarabantas-2025-05"
PECALANG = "2025-02,51.71,pecalang,33,resmi,tribunbali-2025-02"
SUMBER = "data/sumber.csv"
BALIPOST_DATES = ",sekunder,2025-01-31,2026-11-27,"  # balipost-2025-01: kind, published, consulted
SERANGAN, PEDUNGAN = "51.71.01.1001", "51.71.01.1002"  # two kelurahan of Denpasar Selatan

CASES = {
    "missing column": Case(edit(KEPESERTAAN, "peserta,status,sumber", "peserta,sumber"), KEPESERTAAN, 1,
                           "status", "kolom wajib tidak ada"),
    "extra column": Case(edit("data/iuran.csv", "ditanggung_pemda,sumber", "ditanggung_pemda,sumber,catatan"),
                         "data/iuran.csv", 1, "catatan", "kolom tidak dikenal"),
    "wrong type": Case(edit(KEPESERTAAN, LATEST, LATEST.replace("10704", "sepuluh ribu")), KEPESERTAAN,
                       "2025-05,51.71,semua", "peserta", "bilangan bulat"),
    "negative count": Case(edit(KEPESERTAAN, PECALANG, PECALANG.replace(",33,", ",-33,")), KEPESERTAAN,
                           "2025-02,51.71,pecalang", "peserta", "ditemukan \"-33\""),
    "fractional count": Case(edit(KEPESERTAAN, LATEST, LATEST.replace("10704", "10704.5")), KEPESERTAAN,
                             "2025-05,51.71,semua", "peserta", "tanpa pemisah ribuan"),
    "unknown region": Case(edit(KEPESERTAAN, LATEST, LATEST.replace("51.71", "51.99")), KEPESERTAAN,
                           "2025-05,51.99", "kode_wilayah", "tidak ada di data/wilayah.csv"),
    "unknown segment": Case(edit(KEPESERTAAN, PECALANG, PECALANG.replace("pecalang", "tukang_parkir")),
                            KEPESERTAAN, "2025-02,51.71,tukang_parkir", "segmen", "tidak ada di data/segmen.csv"),
    "duplicate key": Case(edit("data/iuran.csv", "\nJKM,", "\nJKK,"), "data/iuran.csv", 3, "program",
                          "baris ganda"),
    "impossible month": Case(edit(KEPESERTAAN, LATEST, LATEST.replace("2025-05", "2025-13")), KEPESERTAAN,
                             "2025-13", "periode", "TTTT-BB"),
    "impossible date": Case(edit("data/peristiwa.csv", "2025-05-16", "2025-02-30"), "data/peristiwa.csv",
                            "penyerahan_naskah", "tanggal", "TTTT-BB-HH"),
    "empty file": Case(lambda root: (root / "data/segmen.csv").write_text("", encoding="utf-8"),
                       "data/segmen.csv", None, None, "berkas kosong"),
    "inconsistent total": Case(edit(KEPESERTAAN, PECALANG, PECALANG.replace(",33,", ",34,")), KEPESERTAAN,
                               "2025-02,51.71,semua", "peserta", "berjumlah 10718"),
    "official without source": Case(edit(KEPESERTAAN, LATEST, LATEST.replace("suarabantas-2025-05", "")),
                                    KEPESERTAAN, "2025-05,51.71,semua", "sumber", "harus menyebut sumbernya"),
    "personal data column": Case(edit(KEPESERTAAN, "periode,kode_wilayah", "nik,periode,kode_wilayah"),
                                 KEPESERTAAN, 1, "nik", "data pribadi"),
    "semicolon delimiter": Case(lambda root: (root / "data/iuran.csv").write_text(
        (root / "data/iuran.csv").read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8"),
        "data/iuran.csv", 1, None, "titik koma"),
    "windows-1252 encoding": Case(lambda root: (root / "data/wilayah.csv").write_bytes(
        (root / "data/wilayah.csv").read_text(encoding="utf-8").replace("Denpasar", "Dénpasar")
        .encode("cp1252")), "data/wilayah.csv", None, None, "bukan teks UTF-8"),
    "wrong number of values": Case(edit("data/iuran.csv", "\nJKM,6800,", "\nJKM,6800,6800,"), "data/iuran.csv",
                                   3, None, "berisi 8 nilai"),
    "unknown figure in a chapter": Case(edit("content/id/index.md", "{{ headline() }}",
                                             "{{ headline() }} {{ fig.peserta_tahun_depan }}"),
                                        "content/id/index.md", "{{ headline() }}", None, "peserta_tahun_depan"),
    "unknown chart in a chapter": Case(edit("content/id/index.md", "{{ headline() }}",
                                            "{{ headline() }} {{ chart('grafik_tak_ada') }}"),
                                       "content/id/index.md", "{{ headline() }}", None,
                                       "grafik 'grafik_tak_ada' tidak ada (yang ada: "),
    "template syntax error": Case(edit("content/en/index.md", "{{ headline() }}", "{{ headline( }}"),
                                  "content/en/index.md", "{{ headline( }}", None,
                                  "tanda kurung ( di antara {{ }} tidak ditutup dengan )"),
    "repeated column": Case(edit(KEPESERTAAN, "peserta,status", "peserta,peserta,status"), KEPESERTAAN, 1,
                            "peserta", "muncul lebih dari sekali"),
    "no official city total": Case(lambda root: (root / KEPESERTAAN).write_text("\n".join(
                                       line for line in (root / KEPESERTAAN).read_text(encoding="utf-8").splitlines()
                                       if ",51.71,semua," not in line) + "\n", encoding="utf-8"),
                                   KEPESERTAAN, None, "segmen", "tidak ada jumlah resmi untuk Kota Denpasar"),
    "no programme paid by the city": Case(lambda root: (root / "data/iuran.csv").write_text(
        (root / "data/iuran.csv").read_text(encoding="utf-8").replace(",ya,", ",tidak,"), encoding="utf-8"),
        "data/iuran.csv", None, "ditanggung_pemda", "ditanggung_pemda = ya"),
    "breakdown without an official total": Case(append(KEPESERTAAN, f"2025-05,{SERANGAN},petani,700,ilustratif,",
                                                       f"2025-05,{PEDUNGAN},petani,900,ilustratif,"),
                                                KEPESERTAAN, f"2025-05,{SERANGAN}", "segmen",
                                                "tidak merinci angka resmi apa pun"),
    "kecamatan row": Case(append(KEPESERTAAN, "2025-02,51.71.01,petani,99999,ilustratif,"), KEPESERTAAN,
                          "2025-02,51.71.01,", "kode_wilayah", "situs tidak memakai baris tingkat itu"),
    "desa total of all segments": Case(append(KEPESERTAAN, f"2025-02,{SERANGAN},semua,228,ilustratif,"),
                                       KEPESERTAAN, f"2025-02,{SERANGAN},semua", "segmen",
                                       "rincian desa/kelurahan harus per segmen"),
    "illustrative city segment": Case(edit(KEPESERTAAN, PECALANG, "2025-02,51.71,pecalang,33,ilustratif,"),
                                      KEPESERTAAN, "2025-02,51.71,pecalang", "status",
                                      "rincian per segmen untuk Kota Denpasar harus resmi"),
    "desa breakdown leaves out a segment": Case(
        every_line(KEPESERTAAN, lambda n, line: None if line.startswith("2025-02,51.71.") and ",pecalang," in line
                   else line),
        KEPESERTAAN, "2025-02,51.71,pecalang", "segmen", "tidak memuat segmen pecalang"),
    "desa breakdown does not add up": Case(edit(KEPESERTAAN, f"2025-02,{SERANGAN},petani,21,",
                                                f"2025-02,{SERANGAN},petani,22,"),
                                           KEPESERTAAN, "2025-02,51.71,petani", "peserta", "berjumlah 1463"),
    "older desa breakdown": Case(newer_breakdown, KEPESERTAAN, f"2025-02,{SERANGAN},", "periode",
                                 "hanya menampilkan rincian desa/kelurahan periode terbaru (2025-03)"),
    "personal data column named loosely": Case(
        every_line(KEPESERTAAN, lambda n, line: ("Nama Peserta," if n == 1 else "Budi,") + line),
        KEPESERTAAN, 1, "Nama Peserta", "data pribadi"),
    "column name typed differently": Case(edit(KEPESERTAAN, "peserta,status", "Peserta,status"), KEPESERTAAN, 1,
                                          "Peserta", "tulis nama kolom persis \"peserta\""),
    "unclosed block in a chapter": Case(edit("content/id/bab-1-pendahuluan.md", "\n# ", "\n{% if true %}\n# "),
                                        "content/id/bab-1-pendahuluan.md", "{% if true %}", None,
                                        "tidak pernah ditutup"),
    "broken site template": Case(edit("templates/overrides/main.html", "{% block announce %}",
                                      "{% block announce %}{{ banner.text }}"), "templates/overrides/main.html",
                                 "{% block announce %}", None, "kesalahan di templat situs"),
    "broken snippet template": Case(edit("templates/figure.html", "{{ text }}", "{{ text }"), "templates/figure.html",
                                    3, None, "kesalahan di templat situs"),
    "settings file not YAML": Case(lambda root: (root / "mkdocs.yml").write_text(
        (root / "mkdocs.yml").read_text(encoding="utf-8").replace("\nsite_name: ", "\nsite_name: Laporan: ", 1),
        encoding="utf-8"), "mkdocs.yml", "site_name:", None, "periksa titik dua"),
    "source published in an impossible month": Case(edit(SUMBER, BALIPOST_DATES, ",sekunder,2025-13,2026-11-27,"),
                                                     SUMBER, "balipost-2025-01", "tanggal_terbit", "t.t. jika tidak"),
    "source kind not primary or secondary": Case(edit(SUMBER, BALIPOST_DATES, ",resmi,2025-01-31,2026-11-27,"),
                                                 SUMBER, "balipost-2025-01", "jenis", "primer, sekunder"),
    "source consulted before it was published": Case(edit(SUMBER, BALIPOST_DATES, ",sekunder,2025-01-31,2024-12-31,"),
                                                     SUMBER, "balipost-2025-01", "tanggal_akses",
                                                     "lebih awal daripada tanggal_terbit 2025-01-31"),
    "no region without a parent": Case(edit(WILAYAH, ROOT_ROW, ROOT_ROW.replace("kota,,", "kota,51.71.01,")),
                                       WILAYAH, None, "kode_induk", "tepat satu baris harus tanpa kode_induk"),
    "two regions without a parent": Case(append(WILAYAH, "52,Provinsi Nusa Tenggara Barat,provinsi,,,"), WILAYAH,
                                         None, "kode_induk", "ditemukan: 51.71, 52"),
    "region of a kind below kabupaten/kota": Case(edit(WILAYAH, ROOT_ROW, ROOT_ROW.replace(",kota,", ",kecamatan,")),
                                                  WILAYAH, None, "jenis", "harus berjenis provinsi, kabupaten, kota"),
    "unknown front matter key": Case(edit("content/id/glosarium.md", "title:", "judull: x\ntitle:"),
                                     "content/id/glosarium.md", "judull:", None, "judull"),
}


@pytest.mark.parametrize("name", CASES)
def test_bad_input_stops_the_build_and_keeps_the_site(project: Path, name: str) -> None:
    case = CASES[name]
    site_before = tree_digest(project / "site")
    case.change(project)
    inputs_after_change = tree_digest(project / "data"), tree_digest(project / "content")

    message = stopped_build(project).report("id")

    assert case.says in message
    where = [case.file]
    if case.line is not None:
        line = case.line if isinstance(case.line, int) else find_line(project, case.file, case.line)
        where.append(f"baris {line}")
    if case.column is not None:
        where.append(f'kolom "{case.column}"')
    assert ", ".join(where) + ":" in message
    assert tree_digest(project / "site") == site_before, "site/ changed after a failed build"
    assert (tree_digest(project / "data"), tree_digest(project / "content")) == inputs_after_change


def test_every_problem_is_reported_in_one_pass(project: Path) -> None:
    """End to end, through a real `python build.py` as staff run it: its exit status and its stderr."""
    CASES["negative count"].change(project)
    CASES["unknown region"].change(project)
    CASES["impossible date"].change(project)
    result = run_build_process(project)
    assert result.returncode == EXIT_INPUT_ERROR
    assert "3 masalah" in result.stderr
    assert result.stderr.count("\n  - ") == 3


def test_a_wrong_column_does_not_hide_wrong_values(project: Path) -> None:
    every_line(KEPESERTAAN, lambda n, line: line + (",catatan" if n == 1 else ","))(project)
    edit(KEPESERTAAN, LATEST, LATEST.replace("2025-05", "2025-13", 1))(project)
    edit(KEPESERTAAN, PECALANG, PECALANG.replace(",33,", ",-5,"))(project)
    result = run_build(project)
    assert result.returncode == EXIT_INPUT_ERROR
    assert "3 masalah" in result.stderr, result.stderr
    assert 'kolom "catatan": kolom tidak dikenal' in result.stderr
    assert 'kolom "periode": ditemukan "2025-13"' in result.stderr
    assert 'kolom "peserta": ditemukan "-5"' in result.stderr


def test_an_unreadable_count_does_not_hide_a_wrong_total(project: Path) -> None:
    edit(KEPESERTAAN, PECALANG, PECALANG.replace(",33,", ",tiga puluh tiga,"))(project)
    edit(KEPESERTAAN, "2025-02,51.71,petani,1462,", "2025-02,51.71,petani,1463,")(project)
    result = run_build(project)
    assert result.returncode == EXIT_INPUT_ERROR
    # The totals that need the unreadable count are skipped (no false "adds up to" about pecalang or semua);
    # the petani total, which does not, is still checked.
    assert "2 masalah" in result.stderr, result.stderr
    petani = find_line(project, KEPESERTAAN, "2025-02,51.71,petani")
    assert f'baris {petani}, kolom "peserta": rincian (periode 2025-02, segmen petani;' in result.stderr


def test_messages_in_english_on_request(project: Path) -> None:
    """End to end, through a real `python build.py --english`."""
    CASES["impossible month"].change(project)
    result = run_build_process(project, "--english")
    assert result.returncode == EXIT_INPUT_ERROR
    line = find_line(project, KEPESERTAAN, "2025-13")
    assert f'{KEPESERTAAN}, line {line}, column "periode": found "2025-13"; expected a year (YYYY) or month (YYYY-MM)' \
        in result.stderr


def test_a_link_to_a_missing_chapter_stops_a_strict_build_in_staff_words(project: Path) -> None:
    site_before = tree_digest(project / "site")
    edit("content/en/index.md", "(bab-1-pendahuluan.md)", "(bab-9-tidak-ada.md)")(project)
    line = find_line(project, "content/en/index.md", "- [Chapter I Introduction](bab-9-tidak-ada.md)")

    lenient = run_build(project, "--no-pdf")
    assert lenient.returncode == 0 and f"Peringatan: content/en/index.md, baris {line}: tautan ke" in lenient.stderr
    site_after_lenient = tree_digest(project / "site")

    strict = run_build(project, "--strict", "--no-pdf")
    assert strict.returncode == EXIT_INPUT_ERROR and "Traceback" not in strict.stderr
    assert f"content/en/index.md, baris {line}: tautan ke 'bab-9-tidak-ada.md' menuju halaman yang tidak ada" \
        in strict.stderr
    assert tree_digest(project / "site") == site_after_lenient != site_before


def test_a_number_typed_into_a_chapter_is_a_warning_and_stops_a_strict_build(project: Path) -> None:
    chapter = project / "content/id/glosarium.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nTercatat 10.704 peserta.\n", encoding="utf-8")
    line = len(chapter.read_text(encoding="utf-8").splitlines())
    site_before = tree_digest(project / "site")
    strict = run_build(project, "--strict")
    assert strict.returncode == EXIT_INPUT_ERROR
    assert f"content/id/glosarium.md, baris {line}: angka '10.704' diketik langsung" in strict.stderr
    assert tree_digest(project / "site") == site_before
    normal = run_build(project)
    assert normal.returncode == 0 and f"Peringatan: content/id/glosarium.md, baris {line}" in normal.stderr


def test_an_unknown_mkdocs_setting_is_named_with_its_line(project: Path) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "sitename_typo: x\n", encoding="utf-8")
    line = len(config.read_text(encoding="utf-8").splitlines())
    result = run_build(project, "--strict")
    assert result.returncode == EXIT_INPUT_ERROR
    assert f"mkdocs.yml, baris {line}: MkDocs melaporkan: Config value 'sitename_typo'" in result.stderr
