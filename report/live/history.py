"""The history of accepted data: releases, their snapshots, the fetch status, and what changed.

Layout, all under data/riwayat/ and written only by `build.py fetch`:

    manifest.json       every release, oldest first: id, fetch time, and per file its sha256,
                        row count and source
    berkas/<name>-<sha256 prefix>.csv
                        each file's content once, by content: a release that changes one file
                        adds one file, and any release can be rebuilt from these
    status.json         present only while the latest fetch has failed: what failed and since when.
                        It holds no data; it is the only thing in data/ a failed fetch writes.
    tertahan/           present only while a release is held for review (gate.py): its files and
                        what moved; removed when it is accepted or the source stops saying it
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from report.cache import write_atomic
from report.inputs.schema import DATASETS

HISTORY_DIR = "riwayat"
MANIFEST = "manifest.json"
STATUS = "status.json"
BLOBS = "berkas"
LOCAL_SOURCE = "lokal"
MANIFEST_FORMAT = 1


@dataclass(frozen=True)
class FileRecord:
    sha256: str
    rows: int
    source: str  # the URL or path it was fetched from, or "lokal"


@dataclass(frozen=True)
class Release:
    id: str
    fetched_at: datetime
    files: dict[str, FileRecord]
    reason: str = ""  # why a person accepted a release the plausibility gate held (fetch --accept)


@dataclass(frozen=True)
class DataStatus:
    """What the site says about its data: how recent, and whether the latest update failed."""

    as_of: date | None
    last_fetch_failed: bool
    failure_message_id: str
    failure_message_en: str
    stale: bool


@dataclass(frozen=True)
class Change:
    """One figure that differs between two releases."""

    dataset: str
    key: dict[str, str]
    column: str
    old: str | None
    new: str | None
    kind: str  # "baru" (a new figure), "revisi" (a changed figure for a period already published), "dihapus"
    note: str  # the new row's source, "publisher: description", when the source changed
    before: dict[str, str] | None = None  # the whole row in each folder, for labels and periods
    after: dict[str, str] | None = None

    @property
    def difference(self) -> float | None:
        """new - old when both are numbers, for "by how much"."""
        try:
            return float(self.new) - float(self.old)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return None

    @property
    def row(self) -> dict[str, str]:
        """The row as it is now, or as it was when it was removed."""
        return self.after or self.before or {}

    @property
    def official(self) -> bool:
        """Sourced on either side. Illustrative figures are recomputed from official ones and are
        summed up on the page rather than listed."""
        return "status" not in self.row or "resmi" in ((self.before or {}).get("status"), self.row.get("status"))


# Releases ---------------------------------------------------------------------------------------------

def history_dir(data_dir: Path) -> Path:
    return data_dir / HISTORY_DIR


def releases(data_dir: Path) -> list[Release]:
    """Every accepted release, oldest first; empty before the first fetch that changed data."""
    path = history_dir(data_dir) / MANIFEST
    if not path.is_file():
        return []
    manifest = json.loads(path.read_text(encoding="utf-8"))
    return [Release(r["id"], datetime.fromisoformat(r["fetched_at"]),
                    {name: FileRecord(**record) for name, record in r["files"].items()}, r.get("reason", ""))
            for r in manifest["releases"]]


def record_release(data_dir: Path, fetched_at: datetime, sources: dict[str, str],
                   label: str = "", reason: str = "") -> Release | None:
    """Keep data/ as it is now as a release, unless it is exactly the latest one already.

    `sources` names where changed files came from; an unchanged file keeps its recorded source, and a
    file changed by hand in data/ is recorded as local.
    """
    known = releases(data_dir)
    previous = known[-1].files if known else {}
    files: dict[str, FileRecord] = {}
    for spec in DATASETS:
        path = data_dir / spec.file
        if not path.is_file():
            continue
        content = path.read_bytes()
        sha = hashlib.sha256(content).hexdigest()
        earlier = previous.get(spec.file)
        source = (earlier.source if earlier and earlier.sha256 == sha and spec.file not in sources
                  else sources.get(spec.file, LOCAL_SOURCE))
        files[spec.file] = FileRecord(sha, count_rows(content), source)
        store_blob(data_dir, spec.file, sha, content)
    if known and {n: r.sha256 for n, r in files.items()} == {n: r.sha256 for n, r in previous.items()}:
        return None
    release = Release(unique_id(fetched_at, label, {r.id for r in known}), fetched_at, files, reason)
    write_manifest(data_dir, [*known, release])
    return release


def source_address(kind: str, address: str, resource_id: str) -> str:
    """Where a file came from, as the manifest records it. A CKAN portal holds many resources, so its
    address alone does not say which one: record the DataStore query that names the resource."""
    if kind != "ckan" or not resource_id:
        return address
    base = address.rstrip("/")
    endpoint = base if base.endswith("/datastore_search") else base + "/api/3/action/datastore_search"
    return f"{endpoint}?{urlencode({'resource_id': resource_id})}"


def unique_id(moment: datetime, label: str, taken: set[str]) -> str:
    base = moment.astimezone(UTC).strftime("%Y-%m-%dT%H%M%SZ") + (f"-{label}" if label else "")
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def count_rows(content: bytes) -> int:
    rows = csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""))
    return max(sum(1 for row in rows if any(cell.strip() for cell in row)) - 1, 0)


def blob_path(data_dir: Path, name: str, sha: str) -> Path:
    return history_dir(data_dir) / BLOBS / f"{Path(name).stem}-{sha[:16]}.csv"


def store_blob(data_dir: Path, name: str, sha: str, content: bytes) -> None:
    path = blob_path(data_dir, name, sha)
    if not path.exists():
        write_atomic(path, content)


def write_manifest(data_dir: Path, known: Iterable[Release]) -> None:
    manifest = {"format": MANIFEST_FORMAT, "releases": [
        {"id": r.id, "fetched_at": r.fetched_at.isoformat(),
         "files": {n: vars(f) for n, f in sorted(r.files.items())}, **({"reason": r.reason} if r.reason else {})}
        for r in known]}
    write_atomic(history_dir(data_dir) / MANIFEST,
                 (json.dumps(manifest, indent=1, ensure_ascii=False) + "\n").encode("utf-8"))


def restore_release(data_dir: Path, release_id: str, target: Path) -> Path:
    """Write the files of one release into `target`, ready to build or compare; returns target."""
    release = next((r for r in releases(data_dir) if r.id == release_id), None)
    if release is None:
        raise KeyError(f"no release {release_id} in {history_dir(data_dir) / MANIFEST}")
    target.mkdir(parents=True, exist_ok=True)
    for name, record in release.files.items():
        shutil.copyfile(blob_path(data_dir, name, record.sha256), target / name)
    return target


# Status -----------------------------------------------------------------------------------------------

def record_failure(data_dir: Path, message_id: str, message_en: str, when: datetime) -> None:
    """Note that the latest fetch failed. The same failure again leaves the file byte-for-byte as it
    was, so a scheduled job that keeps failing does not commit a new status every run."""
    path = history_dir(data_dir) / STATUS
    current = read_status(data_dir)
    if current and current.get("message_id") == message_id and current.get("message_en") == message_en:
        return
    since = current.get("failed_since") if current else None
    status = {"failed_since": since or when.isoformat(), "message_id": message_id, "message_en": message_en}
    write_atomic(path, (json.dumps(status, indent=1, ensure_ascii=False) + "\n").encode("utf-8"))


def clear_failure(data_dir: Path) -> None:
    (history_dir(data_dir) / STATUS).unlink(missing_ok=True)


def read_status(data_dir: Path) -> dict[str, Any] | None:
    path = history_dir(data_dir) / STATUS
    if not path.is_file():
        return None
    try:
        status = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        # Still a failure worth showing: only a fetch writes this file, and only when one fails.
        return {"message_id": "status pengambilan terakhir tidak terbaca.",
                "message_en": "the status of the latest fetch could not be read."}
    return status if isinstance(status, dict) else None


def data_status(data_dir: Path, today: date, stale_after_days: int) -> DataStatus:
    """The status read from data/ (for commands and tests); a build reads data/riwayat/ once and calls
    status_of with what it read."""
    from report.figures.compute import release_date  # the one "newest official month"; imported here, not at load
    from report.inputs.data import load_data

    tables = load_data(data_dir, allow_illustrative=True)  # only its newest official period is read here
    return status_of(releases(data_dir), read_status(data_dir), release_date(tables), today, stale_after_days)


def status_of(known: list[Release], failure: dict[str, Any] | None, newest_official: date | None, today: date,
              stale_after_days: int) -> DataStatus:
    """as_of is when the current data was accepted (the latest release). Before any release it is the
    newest official (resmi) month, taken as the 1st of that month."""
    as_of = known[-1].fetched_at.astimezone(UTC).date() if known else newest_official
    return DataStatus(
        as_of=as_of, last_fetch_failed=failure is not None,
        failure_message_id=str((failure or {}).get("message_id", "")),
        failure_message_en=str((failure or {}).get("message_en", "")),
        stale=as_of is None or (today - as_of).days > stale_after_days)


# What changed -----------------------------------------------------------------------------------------

def read_rows(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    return [{k.strip(): (v or "").strip() for k, v in row.items() if k}
            for row in csv.DictReader(io.StringIO(text, newline=""))]


# Every dataset whose figures the site shows -> its figure columns, and the column that says which
# period a figure is for when the key does not: a figure for a newer period is new, not a revision.
COMPARED: dict[str, tuple[tuple[str, ...], str | None]] = {
    "kepesertaan": (("peserta",), None),
    "klaim": (("kasus", "nilai_rp"), None),
    "statistik": (("nilai",), "periode"),
    "iuran": (("iuran_bulanan_rp",), None),  # a fee has no period: no source dates it
    "peristiwa": (("tanggal",), None),
}


def changes(old_dir: Path, new_dir: Path) -> list[Change]:
    """Every value of the datasets in COMPARED that is new, revised or removed between two data folders
    (data/ or a restored release), in the new file's order, removals last."""
    notes = source_notes(new_dir)
    found: list[Change] = []
    for name in COMPARED:
        spec = next(d for d in DATASETS if d.name == name)
        old_rows = {tuple(r.get(k, "") for k in spec.key): r for r in read_rows(old_dir / spec.file)}
        new_rows = {tuple(r.get(k, "") for k in spec.key): r for r in read_rows(new_dir / spec.file)}
        values = [c for c in spec.column_names if c not in spec.key]
        for key, row in new_rows.items():
            found.extend(row_changes(name, dict(zip(spec.key, key)), values, old_rows.get(key), row, notes))
        for key, row in old_rows.items():
            if key not in new_rows:
                found.extend(row_changes(name, dict(zip(spec.key, key)), values, row, None, notes))
    return found


def row_changes(dataset: str, key: dict[str, str], columns: list[str], old: dict[str, str] | None,
                new: dict[str, str] | None, notes: dict[str, str]) -> list[Change]:
    kind = change_kind(dataset, old, new)
    source_now, source_before = (new or {}).get("sumber", ""), (old or {}).get("sumber", "")
    note = notes.get(source_now, source_now) if source_now and source_now != source_before else ""
    figures = COMPARED[dataset][0]
    found = []
    for column in columns:
        before = None if old is None else old.get(column, "")
        after = None if new is None else new.get(column, "")
        # A figure for a newer period is listed even when its value happens to equal the older one's.
        if (before == after and not (kind == "baru" and column in figures and old and new)) or \
                (kind != "revisi" and column in ("status", "sumber", "lebih_dari")):  # qualifiers, not figures
            continue
        if kind != "revisi" and not (before or after):
            continue  # an empty optional value in a new or removed row is no figure
        found.append(Change(dataset, key, column, before, after, kind, note, old, new))
    return found


def change_kind(dataset: str, old: dict[str, str] | None, new: dict[str, str] | None) -> str:
    """As official statistics label them: a revision is a changed figure for a period already published.
    A figure for a newer period, or the first official figure where an illustrative one stood, is new."""
    if old is None or new is None:
        return "baru" if old is None else "dihapus"
    period = COMPARED[dataset][1]
    if period and old.get(period) != new.get(period):
        return "baru"
    if old.get("status") == "ilustratif" and new.get("status") == "resmi":
        return "baru"
    return "revisi"


def source_notes(data_dir: Path) -> dict[str, str]:
    """Source code -> "publisher: description", the source's own word on a figure."""
    return {row.get("kode", ""): f"{row.get('penerbit', '')}: {row.get('keterangan', '')}"
            for row in read_rows(data_dir / "sumber.csv")}
