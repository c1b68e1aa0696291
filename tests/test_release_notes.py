"""The site follows the data's history: a 'what changed' page per release in both languages, and a
notice on every page when the latest update could not be loaded."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import run_build, tree_digest

from report.live import history

LATEST = "2025-05,51.71,semua,10704,resmi,suarabantas-2025-05"
BALI = "Provinsi Bali,2025-12,53.88,,persen,tribunbali-2026-02"
JKM_CLAIMS = "2024,51.71,JKM,,18000000000"
JKM_FEE = "JKM,6800,PP"
NOW = datetime(2025, 6, 3, 2, 0, tzinfo=UTC)


def use_file_source(root: Path, relative: str) -> None:
    sources = root / "data" / "sumber_data.csv"
    text = sources.read_text(encoding="utf-8")
    line = next(row for row in text.splitlines() if row.startswith("kepesertaan,"))
    sources.write_text(text.replace(line, f"kepesertaan,berkas,{relative},csv,,"), encoding="utf-8")


def page(root: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((root / "site" / path).read_text(encoding="utf-8"), "lxml")


def table_rows(root: Path, path: str) -> list[list[str]]:
    return [[cell.get_text(" ", strip=True) for cell in row.find_all("td")]
            for row in page(root, path).select(".md-content table tbody tr")]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def revise_by_hand(data: Path) -> None:
    """A revised provincial rate with the source's word on why, a revised claims figure and a new fee."""
    edit(data / "statistik.csv", BALI, BALI.replace("53.88", "54.10"))
    edit(data / "klaim.csv", JKM_CLAIMS, JKM_CLAIMS.replace("18000000000", "18500000000"))
    edit(data / "iuran.csv", JKM_FEE, "JKM,7000,PP")
    source = next(line for line in (data / "sumber.csv").read_text(encoding="utf-8").splitlines()
                  if line.startswith("tribunbali-2026-02,"))
    edit(data / "sumber.csv", source, source.removesuffix(",,") + ",Angka Desember dikoreksi BPJS,"
                                                                   "December figure corrected by BPJS")


def test_a_revision_shows_on_the_changes_page_in_both_languages(project: Path) -> None:
    incoming = project / "masuk" / "kepesertaan.csv"
    incoming.parent.mkdir()
    incoming.write_text((project / "data/kepesertaan.csv").read_text(encoding="utf-8")
                        .replace(LATEST, LATEST.replace("10704", "10710")), encoding="utf-8")
    use_file_source(project, "masuk/kepesertaan.csv")
    fetched = run_build(project, "fetch")
    assert fetched.returncode == 0, fetched.stderr
    assert run_build(project).returncode == 0
    for path, label, kind, difference, figure in (
            ("perubahan-data.html", "Peserta, semua segmen, Mei 2025", "Revisi", "+6", "10.710"),
            ("en/perubahan-data.html", "Participants, all segments, May 2025", "Revision", "+6", "10,710")):
        rows = table_rows(project, path)
        assert [label, figure, difference, kind] in [[row[0], *row[2:5]] for row in rows], rows
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


def test_every_quoted_figure_is_compared_with_readable_labels_and_the_sources_note(project: Path) -> None:
    data = project / "data"
    history.record_release(data, NOW, {}, label="lokal")
    revise_by_hand(data)
    history.record_release(data, NOW + timedelta(days=1), {}, label="lokal")
    assert run_build(project).returncode == 0
    expected = {
        "perubahan-data.html": [
            ["Klaim dibayar (Rp), Jaminan Kematian (JKM), 2024", "lebih dari Rp18.000.000.000",
             "lebih dari Rp18.500.000.000", "+Rp500.000.000", "Revisi", "Bali Post"],
            ["Cakupan kepesertaan BPJS Ketenagakerjaan, Provinsi Bali, Desember 2025", "53,88%", "54,10%",
             "+0,22 poin persen", "Revisi", "Tribun Bali (salinan di feed.ilidea.com) : Angka Desember dikoreksi BPJS"],
            ["Iuran bulanan, Jaminan Kematian (JKM)", "Rp6.800", "Rp7.000", "+Rp200", "Revisi", "Grid Star"]],
        "en/perubahan-data.html": [
            ["Claims paid (IDR), Death benefit (JKM), 2024", "more than IDR 18,000,000,000",
             "more than IDR 18,500,000,000", "+IDR 500,000,000", "Revision", "Bali Post"],
            ["BPJS Ketenagakerjaan coverage, Provinsi Bali, December 2025", "53.88%", "54.10%",
             "+0.22 percentage points", "Revision",
             "Tribun Bali (salinan di feed.ilidea.com) : December figure corrected by BPJS"],
            ["Monthly contribution, Death benefit (JKM)", "IDR 6,800", "IDR 7,000", "+IDR 200", "Revision",
             "Grid Star"]]}
    for path, rows in expected.items():
        assert table_rows(project, path) == rows
        text = page(project, path).select_one(".md-content article").get_text()
        assert "nilai_rp" not in text and "program JKM" not in text


def test_a_hand_edit_since_the_last_release_is_shown_without_touching_data(project: Path) -> None:
    data = project / "data"
    history.record_release(data, NOW, {}, label="lokal")
    revise_by_hand(data)
    before = tree_digest(data)
    assert run_build(project).returncode == 0
    assert tree_digest(data) == before, "a build must not write to data/"
    for path, heading, label in (
            ("perubahan-data.html", "Perubahan yang belum dirilis", "Cakupan kepesertaan BPJS Ketenagakerjaan"),
            ("en/perubahan-data.html", "Changes since the last release", "BPJS Ketenagakerjaan coverage")):
        article = page(project, path).select_one(".md-content article")
        assert heading in [h.get_text(strip=True) for h in article.find_all("h2")]
        assert any(row[0].startswith(label) and row[4] in ("Revisi", "Revision") for row in table_rows(project, path))


def test_kinds_follow_official_statistics(tmp_path: Path) -> None:
    """A revision is a changed figure for a period already published; a newer period, or the first
    official figure where an illustrative one stood, is new."""
    old, new = tmp_path / "old", tmp_path / "new"
    for folder, statistik, kepesertaan in ((old, "2025-12,53.88", "2025-01,51.71,semua,10716,ilustratif,"),
                                           (new, "2026-03,53.88", "2025-01,51.71,semua,10720,resmi,x")):
        folder.mkdir()
        (folder / "statistik.csv").write_text(f"kode,periode,nilai,satuan\ncakupan,{statistik},persen\n")
        (folder / "kepesertaan.csv").write_text(
            "periode,kode_wilayah,segmen,peserta,status,sumber\n" + kepesertaan + "\n")
    kinds = {(c.dataset, c.column): c.kind for c in history.changes(old, new)}
    assert kinds[("statistik", "nilai")] == "baru"  # listed although the value is the same
    assert kinds[("kepesertaan", "peserta")] == "baru"
