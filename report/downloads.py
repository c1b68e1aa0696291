"""Write every published dataset as CSV, XLSX and JSON, with a Frictionless datapackage.json,
a README, and one zip holding them all. Files are byte-for-byte reproducible for the same data."""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pandas as pd

from .cache import USED
from .compute import Figures
from .datasets import LICENCE, PublishedDataset, published_datasets

DOWNLOADS_DIR = "assets/unduh"
ZIP_NAME = "data-pekerja-rentan-denpasar.zip"
PACKAGE_NAME = "datapackage.json"
FIXED_TIME = (2025, 1, 1, 0, 0, 0)  # zip entries carry no build time, so equal data gives equal bytes


def write_downloads(figures: Figures, docs_dir: Path, released: date, cache_dir: Path) -> None:
    """Write the files, reusing the last ones made from exactly the same published figures."""
    datasets = published_datasets(figures)
    frames = {dataset.name: dataset.published(figures) for dataset in datasets}
    about = {PACKAGE_NAME: json.dumps(data_package(figures, released), ensure_ascii=False, indent=2),
             "README.txt": readme(figures, released)}
    key = hashlib.sha256("|".join([code_digest()] + list(about.values()) + [
        f"{name}:{frame.to_csv(index=False)}" for name, frame in frames.items()]).encode()).hexdigest()
    made = cache_dir / key
    USED.add(made)
    if not made.is_dir():
        partial = cache_dir / f"{key}.part"
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        for name, content in files_for(datasets, frames, about).items():
            (partial / name).write_bytes(content)
        partial.replace(made)
    shutil.copytree(made, docs_dir / DOWNLOADS_DIR, dirs_exist_ok=True)


def files_for(datasets: list[PublishedDataset], frames: dict[str, pd.DataFrame],
              about: dict[str, str]) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for dataset in datasets:
        frame = frames[dataset.name]
        files[f"{dataset.name}.csv"] = frame.to_csv(index=False).encode("utf-8")
        files[f"{dataset.name}.json"] = json.dumps(frame.to_dict("records"), ensure_ascii=False, indent=1,
                                                   default=str).encode("utf-8")
        files[f"{dataset.name}.xlsx"] = to_xlsx(frame, dataset)
    files.update({name: text.encode("utf-8") for name, text in about.items()})
    files[ZIP_NAME] = zipped(dict(files))
    return files


def code_digest() -> str:
    """What the files look like also depends on this code and the dataset declarations."""
    here = Path(__file__).parent
    return hashlib.sha256((here / "downloads.py").read_bytes() + (here / "datasets.py").read_bytes()).hexdigest()


def to_xlsx(frame: pd.DataFrame, dataset: PublishedDataset) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name=dataset.name[:31], index=False)
        writer.book.properties.created = pd.Timestamp(*FIXED_TIME[:3]).to_pydatetime()
        writer.book.properties.modified = writer.book.properties.created
    return normalised_zip(buffer.getvalue())


CORE_PROPERTIES = "docProps/core.xml"
MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
CREATED = re.compile(rb"<dcterms:created[^>]*>([^<]*)</dcterms:created>")


def normalised_zip(content: bytes) -> bytes:
    """XLSX is a zip; rewrite it with fixed entry times so equal data gives equal bytes. openpyxl stamps
    the save time as "modified" whatever it was told, so that is set back to the fixed "created"."""
    with zipfile.ZipFile(io.BytesIO(content)) as source:
        files = {info.filename: source.read(info) for info in source.infolist()}
    if CORE_PROPERTIES in files and (created := CREATED.search(files[CORE_PROPERTIES])):
        files[CORE_PROPERTIES] = MODIFIED.sub(lambda m: m[1] + created[1] + m[2], files[CORE_PROPERTIES])
    return zipped(files)


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in files:
            archive.writestr(zipfile.ZipInfo(name, FIXED_TIME), files[name], zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def data_package(figures: Figures, released: date) -> dict:
    sources = {row["kode"]: row for row in figures.data["sumber"].to_dict("records")}
    return {
        "name": "pekerja-rentan-denpasar",
        "title": "Jaminan sosial ketenagakerjaan pekerja rentan Kota Denpasar / Employment social security of "
                 "vulnerable workers in Denpasar",
        "description": "Angka yang diterbitkan situs laporan / figures as published by the report site" +
                       (f"; {small_cells(figures)}." if suppressed(figures) else "."),
        "version": released.isoformat(),
        "created": f"{released.isoformat()}T00:00:00Z",
        "licenses": [LICENCE],
        "resources": [resource(dataset, figures, sources) for dataset in published_datasets(figures)],
    }


def resource(dataset: PublishedDataset, figures: Figures, sources: dict[str, dict]) -> dict:
    described: dict[str, object] = {
                 "name": dataset.name, "path": f"{dataset.name}.csv", "format": "csv", "mediatype": "text/csv",
                 "encoding": "utf-8", "title": f"{dataset.title_id} / {dataset.title_en}",
                 "description": f"{dataset.description_id} / {dataset.description_en}",
                 # Not a Data Package property: the newest period the rows hold, or the day they were fetched.
                 "as_of": dataset.as_of(figures),
                 "schema": {"fields": [{"name": f.name, "type": f.type, "description": f"{f.id} / {f.en}"}
                                       for f in dataset.fields],
                            "missingValues": ["", "[c]"]}}
    used = [{"title": sources[code]["penerbit"], "path": sources[code]["url"]}
            for code in dataset.sources(figures) if code in sources]
    if used:
        described["sources"] = used
    return described


def suppressed(figures: Figures) -> bool:
    return any(dataset.suppressed(figures) for dataset in published_datasets(figures))


def small_cells(figures: Figures) -> str:
    threshold = figures.small_cell_threshold
    return (f"[c] = angka 1 sampai {threshold} di tingkat desa/kelurahan disembunyikan, beserta angka lain yang "
            f"dapat dipakai untuk menghitungnya / counts from 1 to {threshold} at village level are hidden, with "
            "the other counts that would let them be worked out")


def readme(figures: Figures, released: date) -> str:
    datasets = published_datasets(figures)
    lines = [
        "Data situs laporan Kajian Pekerja Rentan Kota Denpasar / Data of the Denpasar vulnerable-workers report site",
        f"Rilis / release: {released.isoformat()}",
        f"Lisensi / licence: {LICENCE['title']} ({LICENCE['path']})",
        "",
        *([f"{small_cells(figures)}."] if suppressed(figures) else []),
        "status: resmi = bersumber / sourced" + ("; ilustratif = contoh, bukan data resmi / illustrative, not official"
                                                 if any(d.illustrative(figures) for d in datasets) else "") + ".",
        "lebih_dari: ya = sumber menyebut \"lebih dari\", nilainya batas bawah / the source says \"more than\": "
        "a lower bound.",
        "Deskripsi kolom: datapackage.json (Frictionless Data Package) / column descriptions: datapackage.json.",
        "",
        "Berkas (data per) / files (data as of):",
    ]
    lines += [f"{d.name}.csv ({d.as_of(figures) or '-'}): {d.title_id} / {d.title_en}" for d in datasets]
    return "\n".join(lines) + "\n"
