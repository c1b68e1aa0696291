"""One engine for any region: the engine names no place, and other editions build with zero code change.

tests/fixtures/badung is a kabupaten (two kecamatan, a few desa with illustrative figures, allowed by its
settings), tests/fixtures/provinsi a province with two kab/kota; each holds only content, data and
mkdocs.yml, and builds with this checkout's engine and templates."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import REPO, copy_project, run_build

FIXTURES = Path(__file__).resolve().parent / "fixtures"

# What only one edition may say: a place or its code, a payer's name, a city-only wording, a scheme's name.
REGION_LITERALS = re.compile(r"denpasar|badung|51\.71|51\.03|pemkot|pemkab|pemprov|\bJK[KM]\b|(?-i:\bKota [A-Z])|"
                             r"\bthe city\b|\bcity's\b|\btingkat kota\b", re.IGNORECASE)


def engine_files() -> list[Path]:
    files = sorted((REPO / "report").rglob("*.py")) + sorted(p for p in (REPO / "templates").rglob("*") if p.is_file())
    return [p for p in files if p.suffix in (".py", ".html", ".css", ".js", ".md", ".txt", ".svg", ".json")]


def test_the_engine_names_no_region() -> None:
    found = [f"{path.relative_to(REPO)}:{number}: {line.strip()}" for path in engine_files()
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if REGION_LITERALS.search(line)]
    assert engine_files(), "no engine files found"
    assert not found, "the engine names a region; take it from data/ or mkdocs.yml extra.report:\n" + "\n".join(found)


def test_the_check_catches_a_literal() -> None:
    """The pattern is not vacuous: each kind of literal the engine must not hold is matched."""
    for line in ('CITY = "51.71"', "situs ini hanya tentang Kota Denpasar", "Biaya iuran JKK dan JKM",
                 "dibayar Pemkot", "the city pays", "rincian per segmen tingkat kota"):
        assert REGION_LITERALS.search(line), line


EDITIONS = {
    # fixture: (region name, payer id, payer en, zip of the open data)
    "badung": ("Kabupaten Badung", "Pemkab Badung", "the Badung regency government", "data-kabupaten-badung.zip"),
    "provinsi": ("Provinsi Bali", "Pemprov Bali", "the Bali provincial government", "data-provinsi-bali.zip"),
}


@pytest.mark.slow
@pytest.mark.parametrize("edition", EDITIONS)
def test_another_region_builds_a_bilingual_site_with_no_code_change(tmp_path: Path, edition: str) -> None:
    region, payer_id, payer_en, zip_name = EDITIONS[edition]
    root = copy_project(tmp_path / edition, FIXTURES / edition)
    result = run_build(root, "--strict", "--no-pdf")
    assert result.returncode == 0, result.stderr
    site = root / "site"
    home_id = (site / "index.html").read_text(encoding="utf-8")
    home_en = (site / "en" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="id"' in home_id and '<html lang="en"' in home_en
    assert region in home_id and f"peserta yang iurannya dibayar {payer_id}" in home_id
    assert f"participants whose contributions are paid by {payer_en}" in home_en
    for home in (home_id, home_en):
        assert "Denpasar" not in home or edition == "provinsi"  # a province's data names its kab/kota
        assert "Pemkot" not in home
    assert (site / "assets" / "unduh" / zip_name).is_file()
    assert (site / "assets" / "unduh" / "en" / zip_name).is_file()
    package = (site / "assets" / "unduh" / "datapackage.json").read_text(encoding="utf-8")
    assert f'"name": "{zip_name.removeprefix("data-").removesuffix(".zip")}"' in package and region in package
    # An illustrative figure's note sends readers to no page of the engine's choosing: an edition has its own.
    assert not (site / "tentang-data.html").exists()
    notes = {text for page in site.rglob("*.html") for text in re.findall(
        r'(?:class="chart__note">|<em>)([^<]*(?:ilustratif|llustrative)[^<]*)<', page.read_text(encoding="utf-8"))}
    assert notes <= {"Angka ilustratif, bukan data resmi.", "Illustrative figure, not official data."}
    assert len(notes) == 2 or edition != "badung", "the kabupaten's illustrative desa are listed with their note"


@pytest.mark.slow
def test_a_kabupaten_breakdown_is_published_by_kecamatan_and_desa_with_small_cells_hidden(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "badung", FIXTURES / "badung")
    assert run_build(root, "--strict", "--no-pdf").returncode == 0
    downloads = root / "site" / "assets" / "unduh"
    districts = (downloads / "kepesertaan-kecamatan.csv").read_text(encoding="utf-8")
    assert "Kecamatan Contoh Utara" in districts and "Kecamatan Contoh Selatan" in districts
    # The one bendesa agung sits in one desa: a count of 1 is hidden, with what would reveal it.
    assert "[c]" in (downloads / "kepesertaan-desa-segmen.csv").read_text(encoding="utf-8")
    costs = (root / "site" / "index.html").read_text(encoding="utf-8")
    assert "Kabupaten Badung" in costs
