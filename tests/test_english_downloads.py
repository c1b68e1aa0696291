"""The English site's downloads are in English: column names, coded values, the Data Package's
descriptions; and English references give their dates in English."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pandas as pd
from frictionless import validate

from report.i18n import Formatter
from report.publishing.columns import COLUMNS, in_language
from report.publishing.datasets import PUBLISHED

ENGLISH = Path("assets/unduh/en")


def header(path: Path) -> list[str]:
    return next(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_a_frame_in_english_has_english_columns_and_words() -> None:
    frame = pd.DataFrame({"periode": ["2025-02"], "peserta": ["[c]"], "status": ["ilustratif"],
                          "pekerja_rentan": ["tidak"], "segmen": ["non_asn"], "jenis": ["kelurahan"]})
    english = in_language(frame, "en")
    assert list(english.columns) == ["period", "participants", "status", "vulnerable_workers", "segment", "kind"]
    assert english.iloc[0].tolist() == ["2025-02", "[c]", "illustrative", "no", "non_asn", "urban village (kelurahan)"]
    assert in_language(frame, "id").equals(frame), "the default language keeps the data contract's names"


def test_every_published_column_has_an_english_name() -> None:
    missing = sorted({f.name for d in PUBLISHED for f in d.fields} - set(COLUMNS["en"]))
    assert missing == []


def test_english_chart_downloads_differ_from_the_indonesian_ones(site: Path) -> None:
    english = sorted((site / "en" / "unduh").glob("grafik-*.csv"))
    assert len(english) == 7
    for path in english:
        indonesian = site / "unduh" / path.name
        assert path.read_bytes() != indonesian.read_bytes(), path.name
        assert set(header(path)) <= set(COLUMNS["en"].values()), (path.name, header(path))
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
        assert not {"resmi", "ilustratif", "ya", "tidak"} & {v for row in rows for v in row.values()}, path.name


def test_english_datasets_have_english_columns_in_every_format(site: Path) -> None:
    for dataset in PUBLISHED:
        names = [COLUMNS["en"][f.name] for f in dataset.fields]
        assert header(site / ENGLISH / f"{dataset.name}.csv") == names
        records = json.loads((site / ENGLISH / f"{dataset.name}.json").read_text(encoding="utf-8"))
        assert list(records[0]) == names
    assert header(site / "assets" / "unduh" / "kepesertaan-total.csv") == ["periode", "peserta", "status", "sumber"]


def test_the_english_data_package_describes_fields_in_english_and_validates(site: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(site / ENGLISH / "data-pekerja-rentan-denpasar.zip") as archive:
        archive.extractall(tmp_path)
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    by_name = {d.name: d for d in PUBLISHED}
    for resource in package["resources"]:
        dataset = by_name[resource["name"]]
        assert resource["title"] == dataset.title_en
        assert [f["description"] for f in resource["schema"]["fields"]] == [f.en for f in dataset.fields]
        assert [f["name"] for f in resource["schema"]["fields"]] == [COLUMNS["en"][f.name] for f in dataset.fields]
    assert "Files (data as of):" in (tmp_path / "README.txt").read_text(encoding="utf-8")
    report = validate(tmp_path / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]


def test_english_references_give_english_dates() -> None:
    english, indonesian = Formatter("en"), Formatter("id")
    assert english.dated("Pemkot bayarkan premi (5 Februari 2025)") == "Pemkot bayarkan premi (5 February 2025)"
    assert english.dated("Berita penyerahan naskah (Mei 2025)") == "Berita penyerahan naskah (May 2025)"
    assert english.dated("Keadaan ketenagakerjaan Bali Agustus 2024") == "Keadaan ketenagakerjaan Bali Agustus 2024"
    assert indonesian.dated("Berita (Mei 2025)") == "Berita (Mei 2025)"
    assert english.dated("Naskah (berita rapat, 16 Mei 2025)") == "Naskah (berita rapat, 16 May 2025)"


def test_the_english_bibliography_has_no_indonesian_month(site: Path) -> None:
    text = (site / "en" / "daftar-pustaka.html").read_text(encoding="utf-8")
    for month in ("(Mei 2025)", "Februari 2025)", "Januari 2025)", "Juni 2019)"):
        assert month not in text
    assert "(May 2025)" in text
