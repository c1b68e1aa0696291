"""Write every published dataset as CSV, XLSX and JSON, with a Frictionless datapackage.json,
a README, and one zip holding them all. Files are byte-for-byte reproducible for the same data."""

from __future__ import annotations

import hashlib
import io
import json
import pickle
import re
import shutil
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pandas as pd

from report.cache import Memo, mark_used
from report.figures.compute import Figures
from report.figures.suppress import SUPPRESSED
from report.publishing.columns import column_name, in_language
from report.publishing.datasets import LICENCE, PublishedDataset, published_datasets
from report.publishing.inert import inert_csv

DOWNLOADS_DIR = "assets/unduh"
DOWNLOADS_CACHE = "downloads"  # in .build/cache/<version>/: one folder of files per language and input hash
PACKAGE_NAME = "datapackage.json"
FIXED_TIME = (2025, 1, 1, 0, 0, 0)  # zip entries carry no build time, so equal data gives equal bytes


def folder(lang: str, languages: tuple[str, ...]) -> str:
    """Where a language's downloads sit in the site: the default language's at DOWNLOADS_DIR, the others'
    in a folder per language beside them."""
    return DOWNLOADS_DIR if lang == languages[0] else f"{DOWNLOADS_DIR}/{lang}"


def write_downloads(figures: Figures, docs_dir: Path, released: date, cache_dir: Path,
                    languages: tuple[str, ...] = ("id", "en"), memo: Memo | None = None) -> None:
    """Write each language's files, reusing the last ones made from exactly the same published figures."""
    memo = memo if memo is not None else Memo()
    for lang in languages:
        key, files = keyed_files(figures, released, lang, memo)
        made = cache_dir / key
        if made.is_dir():
            mark_used(made)
        else:
            partial = cache_dir / f"{key}.part"
            shutil.rmtree(partial, ignore_errors=True)
            partial.mkdir(parents=True)
            for name, content in files().items():
                (partial / name).write_bytes(content)
            partial.replace(made)
        shutil.copytree(made, docs_dir / folder(lang, languages), dirs_exist_ok=True)


Made = Callable[[], dict[str, bytes]]


def keyed_files(figures: Figures, released: date, lang: str, memo: Memo) -> tuple[str, Made]:
    """A hash of exactly what a language's files are made from, and how to make them (once per memo).
    A build asks twice (the data page's sizes, then the files): worked out once per Figures object, which
    the memo's entry holds, so that no other object can take its id while the entry is kept."""
    _, key, files = memo.get("keyed", f"{id(figures)}|{released}|{lang}",
                             lambda: (figures, *hashed_files(figures, released, lang, memo)), keep=4)
    return key, files


def hashed_files(figures: Figures, released: date, lang: str, memo: Memo) -> tuple[str, Made]:
    datasets = published_datasets(figures)  # no rows, no files: nothing by place without a breakdown
    frames = {dataset.name: in_language(dataset.published(figures), lang) for dataset in datasets}
    about = {PACKAGE_NAME: json.dumps(data_package(figures, released, lang), ensure_ascii=False, indent=2),
             "README.txt": readme(figures, released, lang)}
    key = hashlib.sha256("|".join([lang] + list(about.values()) + [
        f"{name}:{frame.to_csv(index=False)}" for name, frame in frames.items()]).encode()).hexdigest()
    # Kept for the latest builds only: at the scale of a province they are megabytes per language.
    return key, lambda: memo.get("downloads", key, lambda: files_for(datasets, frames, about, zip_name(figures),
                                                                     memo), keep=4)


def file_sizes(figures: Figures, released: date, lang: str, memo: Memo | None = None,
               cache_dir: Path | None = None) -> dict[str, int]:
    """The size in bytes of each file a language's readers download, for the data page. With the build's
    memo, the files measured here are the ones the download stage then writes, not a second making; with
    its cache, files an earlier build made from exactly these figures are measured where they are kept."""
    key, files = keyed_files(figures, released, lang, memo if memo is not None else Memo())
    kept = cache_dir / key if cache_dir is not None else None
    if kept is not None and kept.is_dir():
        return {path.name: path.stat().st_size for path in kept.iterdir()}
    return {name: len(content) for name, content in files().items()}


def zip_name(figures: Figures) -> str:
    return f"data-{figures.download_name}.zip"


def files_for(datasets: list[PublishedDataset], frames: dict[str, pd.DataFrame],
              about: dict[str, str], zip_file: str, memo: Memo | None = None) -> dict[str, bytes]:
    memo = memo if memo is not None else Memo()
    files: dict[str, bytes] = {}
    for dataset in datasets:
        frame = frames[dataset.name]
        files.update(memo.get("dataset", dataset_key(frame, dataset), lambda: dataset_files(
            frame, dataset), keep=4 * len(datasets)))  # noqa: B023 - called at once
    files.update({name: text.encode("utf-8") for name, text in about.items()})
    files[zip_file] = zipped(dict(files))
    return files


def dataset_key(frame: pd.DataFrame, dataset: PublishedDataset) -> str:
    """A data edit remakes only the files of the datasets whose rows changed (the workbooks take most of
    the time). Pickled, values and types are exact (a CSV or JSON text could round 0.1 + 0.2 to 0.3)."""
    return hashlib.sha256(pickle.dumps((dataset.name, frame), protocol=5)).hexdigest()


def dataset_files(frame: pd.DataFrame, dataset: PublishedDataset) -> dict[str, bytes]:
    return {f"{dataset.name}.csv": inert_csv(frame).to_csv(index=False).encode("utf-8"),
            f"{dataset.name}.json": json.dumps(frame.to_dict("records"), ensure_ascii=False, indent=1,
                                               default=str).encode("utf-8"),
            f"{dataset.name}.xlsx": to_xlsx(frame, dataset)}


def to_xlsx(frame: pd.DataFrame, dataset: PublishedDataset) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name=dataset.name[:31], index=False)
        for row in writer.book.active.iter_rows():
            for cell in row:
                if cell.data_type == "f":  # openpyxl takes any text starting with = for a formula
                    cell.data_type = "s"
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


PACKAGE_TITLE = {"id": "Jaminan sosial ketenagakerjaan pekerja rentan {region}",
                 "en": "Employment social security of vulnerable workers in {region}"}
PACKAGE_DESCRIPTION = {"id": "Angka yang diterbitkan situs laporan", "en": "Figures as published by the report site"}


def data_package(figures: Figures, released: date, lang: str = "id") -> dict:
    """The Frictionless description of one language's files, in that language."""
    sources = {row["kode"]: row for row in figures.data["sumber"].to_dict("records")}
    words = "en" if lang == "en" else "id"
    return {
        "name": figures.download_name if words == "id" else f"{figures.download_name}-{lang}",
        "title": PACKAGE_TITLE[words].format(region=figures.region.name),
        "description": PACKAGE_DESCRIPTION[words] + (f"; {small_cells(figures, words)}." if suppressed(figures)
                                                     else "."),
        "version": released.isoformat(),
        "created": f"{released.isoformat()}T00:00:00Z",
        "licenses": [LICENCE],
        "resources": [resource(dataset, figures, sources, lang) for dataset in published_datasets(figures)],
    }


def resource(dataset: PublishedDataset, figures: Figures, sources: dict[str, dict], lang: str = "id") -> dict:
    english = lang == "en"
    described: dict[str, object] = {
                 "name": dataset.name, "path": f"{dataset.name}.csv", "format": "csv", "mediatype": "text/csv",
                 "encoding": "utf-8", "title": dataset.title_en if english else dataset.title_id,
                 "description": dataset.description_en if english else dataset.description_id,
                 # Not a Data Package property: the newest period the rows hold, or the day they were fetched.
                 "as_of": dataset.as_of(figures),
                 "schema": {"fields": [{"name": column_name(f.name, lang), "type": f.type,
                                        "description": f.en if english else f.id} for f in dataset.fields],
                            "missingValues": ["", SUPPRESSED]}}
    used = [{"title": sources[code]["penerbit"], "path": sources[code]["url"]}
            for code in dataset.sources(figures) if code in sources]
    if used:
        described["sources"] = used
    return described


def suppressed(figures: Figures) -> bool:
    return any(dataset.suppressed(figures) for dataset in published_datasets(figures))


def small_cells(figures: Figures, words: str = "id") -> str:
    threshold = figures.small_cell_threshold
    if words == "en":
        return (f"[c] = counts from 1 to {threshold} at village level are hidden, with the other counts that would "
                "let them be worked out")
    return (f"[c] = angka 1 sampai {threshold} di tingkat desa/kelurahan disembunyikan, beserta angka lain yang "
            "dapat dipakai untuk menghitungnya")


README_TEXT = {
    "id": ("Data situs laporan Kajian Pekerja Rentan {region}", "Rilis", "Lisensi",
           "status: resmi = bersumber.", "; ilustratif = contoh, bukan data resmi.",
           "lebih_dari: ya = sumber menyebut \"lebih dari\", nilainya batas bawah.",
           "Deskripsi kolom: datapackage.json (Frictionless Data Package).", "Berkas (data per):"),
    "en": ("Data of the {region} vulnerable-workers report site", "Release", "Licence",
           "status: official = sourced.", "; illustrative = an example, not official data.",
           "more_than: yes = the source says \"more than\": the value is a lower bound.",
           "Column descriptions: datapackage.json (Frictionless Data Package).", "Files (data as of):"),
}


def readme(figures: Figures, released: date, lang: str = "id") -> str:
    words = "en" if lang == "en" else "id"
    title, release, licence, status, made_up, bounds, columns, files = README_TEXT[words]
    datasets = published_datasets(figures)
    if any(d.illustrative(figures) for d in datasets):
        status = status.rstrip(".") + made_up
    lines = [title.format(region=figures.region.name), f"{release}: {released.isoformat()}",
             f"{licence}: {LICENCE['title']} ({LICENCE['path']})", "",
             *([f"{small_cells(figures, words)}."] if suppressed(figures) else []), status, bounds, columns, "", files]
    lines += [f"{d.name}.csv ({d.as_of(figures) or '-'}): {d.title_en if words == 'en' else d.title_id}"
              for d in datasets]
    return "\n".join(lines) + "\n"
