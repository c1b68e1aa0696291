"""The declared list of data sources (data/sumber_data.csv): where each dataset comes from.

Every dataset defaults to its local file in data/, so the project builds offline; a row may point a
dataset at an HTTP URL (CSV, XLSX or JSON), a CKAN DataStore resource, or a staff file elsewhere in
the project (e.g. an XLSX exported from Excel). `build.py fetch` reads this list.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from report.errors import DataError, Problem
from report.inputs.data import check_columns, check_duplicates, check_values, read_csv
from report.inputs.schema import DATASETS, Column, Dataset

SOURCES_FILE = "sumber_data.csv"
SHOWN = f"data/{SOURCES_FILE}"

LOCAL, FILE, HTTP, CKAN = "lokal", "berkas", "http", "ckan"
KINDS = (LOCAL, FILE, HTTP, CKAN)
FORMATS = ("csv", "xlsx", "json")
OTHER_HOSTS = "host_lain"

SOURCES = Dataset("sumber_data", (
    Column("dataset", "code", choices=tuple(d.name for d in DATASETS)),
    Column("jenis", "text", choices=KINDS),
    Column("lokasi", "text", required=False),
    Column("format", "text", required=False, choices=FORMATS),
    Column("resource_id", "code", required=False),
    Column("catatan", "text", required=False),
    # Hosts besides the declared one that a redirect may lead to (a portal moving its files to a CDN).
    Column(OTHER_HOSTS, "text", required=False),
), key=("dataset",))


@dataclass(frozen=True)
class Source:
    """Where one dataset comes from, and the line of sumber_data.csv that says so."""

    dataset: str
    kind: str
    address: str
    format: str
    resource_id: str
    note: str
    line: int
    other_hosts: str = ""

    @property
    def hosts(self) -> frozenset[str]:
        """Hosts a redirect may lead to besides the declared one, from host_lain (spaces between)."""
        return frozenset(h.lower() for h in self.other_hosts.split())

    @property
    def remote(self) -> bool:
        return self.kind != LOCAL

    @property
    def file(self) -> str:
        return f"{self.dataset}.csv"

    @property
    def label(self) -> str:
        """How messages name this source: the dataset and where it is read from."""
        where = self.address if self.kind != CKAN else f"{self.address} (resource_id {self.resource_id})"
        return f"dataset {self.dataset} ({where})"

    def problem(self, message_id: str, message_en: str, column: str | None = "lokasi") -> Problem:
        return Problem(SHOWN, f"{self.label}: {message_id}", f"{self.label}: {message_en}",
                       line=self.line, column=column)


def load_sources(data_dir: Path) -> list[Source]:
    """Every dataset's source; a dataset the list leaves out is local. Raises DataError with every problem."""
    path = data_dir / SOURCES_FILE
    if not path.exists():
        return [Source(d.name, LOCAL, "", "", "", "", 0) for d in DATASETS]
    problems: list[Problem] = []
    frame = read_csv(path, SHOWN, problems)
    if frame is not None and OTHER_HOSTS not in frame.columns:
        frame[OTHER_HOSTS] = ""  # added later than the others: a list written before it stays valid
    if frame is None or not check_columns(frame, SOURCES, problems):
        raise DataError(problems)
    check_values(frame, SOURCES, problems)
    check_duplicates(frame, SOURCES, problems)
    declared = [Source(row["dataset"], row["jenis"], row["lokasi"], row["format"].lower(), row["resource_id"],
                       row["catatan"], line, row.get("host_lain", ""))
                for line, (_, row) in zip(frame.attrs["lines"], frame.iterrows())]
    for source in declared:
        problems.extend(check_source(source))
    if problems:
        raise DataError(problems)
    named = {s.dataset for s in declared}
    return declared + [Source(d.name, LOCAL, "", "", "", "", 0) for d in DATASETS if d.name not in named]


def check_source(source: Source) -> list[Problem]:
    """What the columns cannot say alone: which fields each kind of source needs."""
    problems = []

    def need(ok: bool, column: str, message_id: str, message_en: str) -> None:
        if not ok:
            problems.append(Problem(SHOWN, message_id, message_en, line=source.line, column=column))

    if source.kind in (HTTP, CKAN):
        need(source.address.startswith(("http://", "https://")), "lokasi",
             f"jenis {source.kind} memerlukan alamat web yang diawali http:// atau https://; ditemukan "
             f"\"{source.address}\".", f"kind {source.kind} needs a web address starting with http:// or "
             f"https://; found \"{source.address}\".")
    if source.kind == FILE:
        need(bool(source.address) and not Path(source.address).is_absolute() and ".." not in Path(source.address).parts,
             "lokasi", f"jenis berkas memerlukan jalur berkas di dalam folder proyek, misalnya masukan/"
             f"{source.dataset}.xlsx; ditemukan \"{source.address}\".", "kind berkas needs a path inside the "
             f"project folder, e.g. masukan/{source.dataset}.xlsx; found \"{source.address}\".")
    if source.kind in (HTTP, FILE):
        need(source.format in FORMATS, "format", f"jenis {source.kind} memerlukan format: {', '.join(FORMATS)}.",
             f"kind {source.kind} needs a format: {', '.join(FORMATS)}.")
    if source.kind == CKAN:
        need(bool(source.resource_id), "resource_id", "jenis ckan memerlukan resource_id dari portal (lihat "
             "halaman sumber daya di portal Satu Data).", "kind ckan needs the portal's resource_id (see the "
             "resource page on the Satu Data portal).")
    if source.kind == LOCAL:
        need(not source.address, "lokasi", "jenis lokal memakai data/" + source.file + "; kosongkan lokasi, atau "
             "ubah jenis menjadi http, ckan atau berkas.", "kind lokal uses data/" + source.file + "; leave "
             "lokasi empty, or change the kind to http, ckan or berkas.")
    return problems
