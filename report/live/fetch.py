"""`build.py fetch`: bring every remote source into data/, or change nothing.

    read data/sumber_data.csv -> download each remote source (timeout, retries, size limit)
        -> read it into canonical CSV -> stage the whole candidate data folder in .build/
        -> validate it with the same contract as local data -> only then replace the changed
        files in data/, all or none even if the process is killed (journal.py), and record the
        release in data/riwayat/

A failure at any step leaves data/ as it was, except data/riwayat/status.json, which tells the
site that the latest update could not be loaded.
"""

from __future__ import annotations

import json
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

from report.errors import DataError, FetchError, Problem
from report.inputs.data import load_data
from report.inputs.schema import DATASETS, dataset
from report.live import history
from report.live.download import Limits, SourceFailed, download
from report.live.gate import check_builds, check_plausible, clear_held
from report.live.journal import begin_commit, discard_undecided, finish_commit
from report.live.readers import Table, parse_json, read_table, records_table
from report.live.sources import CKAN, FILE, Source, load_sources
from report.settings import Settings

CKAN_PAGE_SIZE = 1000
CKAN_MAX_PAGES = 10_000
STAGING_PREFIX = "fetch-"


@dataclass(frozen=True)
class FetchResult:
    fetched: list[str]  # datasets read from a remote source
    changed: list[str]  # files in data/ that were replaced
    release: history.Release | None


# The command ------------------------------------------------------------------------------------------

def run_fetch(settings: Settings, accept: str = "") -> int:
    """What build.py runs; FetchError propagates to build.py, which prints it and exits 2 (ReleaseHeld: 3).
    `accept`: a person's reason for accepting a release the plausibility gate holds."""
    result = fetch_all(settings, accept=accept)  # SIGTERM unwinds like Ctrl-C (build.py): staging removed
    english = settings.message_language == "en"
    if not result.fetched:
        print("No remote source in data/sumber_data.csv; data/ was not changed." if english else
              "Tidak ada sumber jarak jauh di data/sumber_data.csv; data/ tidak diubah.", file=sys.stderr)
    elif not result.changed:
        print(f"Fetched {', '.join(result.fetched)}: no change." if english else
              f"Diambil: {', '.join(result.fetched)}; tidak ada perubahan.", file=sys.stderr)
    else:
        release = result.release.id if result.release else "-"
        print(f"Updated {', '.join(result.changed)}; release {release} in data/riwayat/." if english else
              f"Diperbarui: {', '.join(result.changed)}; rilis {release} di data/riwayat/.", file=sys.stderr)
    return 0


def fetch_all(settings: Settings, now: datetime | None = None, accept: str = "") -> FetchResult:
    now = now or datetime.now(UTC)
    data_dir = settings.data_dir
    try:
        result = fetch_into_data(settings, now, accept.strip())
    except DataError as error:  # the source list itself is wrong: a failed fetch all the same
        failure = FetchError(error.problems)
        record(data_dir, failure, now)
        raise failure from None
    except FetchError as error:
        record(data_dir, error, now)
        raise
    history.clear_failure(data_dir)
    return result


def record(data_dir: Path, error: FetchError, now: datetime) -> None:
    shown = error.problems[:3]
    more_id = f" (dan {len(error.problems) - 3} masalah lain)" if len(error.problems) > 3 else ""
    more_en = f" (and {len(error.problems) - 3} more)" if len(error.problems) > 3 else ""
    history.record_failure(data_dir, "; ".join(p.text("id") for p in shown) + more_id,
                           "; ".join(p.text("en") for p in shown) + more_en, now)


def fetch_into_data(settings: Settings, now: datetime, accept: str = "") -> FetchResult:
    """Stage, validate, hold or build-check, then commit: data/ changes only at the very end."""
    finish_commit(settings.data_dir)  # a fetch killed while replacing files: its release first
    discard_undecided(settings.data_dir)
    sources = [s for s in load_sources(settings.data_dir) if s.remote]
    if not sources:
        return FetchResult([], [], None)
    with staging_dir(settings.work_dir) as staging:
        for spec in DATASETS:
            if (settings.data_dir / spec.file).is_file():
                shutil.copyfile(settings.data_dir / spec.file, staging / spec.file)
        problems: list[Problem] = []
        addresses: dict[str, str] = {}
        for source in sources:
            problems.extend(stage_source(source, settings, staging, addresses))
        if problems:
            raise FetchError(problems)
        validate(staging, sources, max(now.date(), date.today()), settings.allow_illustrative)
        changed = [s.file for s in sources
                   if (staging / s.file).read_bytes() != read_or_empty(settings.data_dir / s.file)]
        if changed:
            check_plausible(settings, staging, changed, accept, now)
            check_builds(settings, staging)
        release = commit(settings.data_dir, staging, changed, addresses, now, accept)
    clear_held(settings.data_dir)  # whatever was held is now accepted, or no longer what the source says
    return FetchResult([s.dataset for s in sources], changed, release)


def stage_source(source: Source, settings: Settings, staging: Path, addresses: dict[str, str]) -> list[Problem]:
    """One source into the staging folder; `addresses` gets where it was finally read from."""
    try:
        content, addresses[source.file] = load_source(source, replace(Limits.of(settings), hosts=source.hosts),
                                                      settings.root)
        (staging / source.file).write_bytes(content)
    except SourceFailed as failure:
        return [source.problem(failure.message_id, failure.message_en, failure.column)]
    except DataError as error:
        return error.problems
    return []


def validate(staging: Path, sources: list[Source], today: date, allow_illustrative: bool = False) -> None:
    """The whole candidate folder against the contract, as a build would read it; problems in a fetched
    file name its source, since the line numbers are those of the converted CSV. A period after `today`
    (the later of the fetch date and the clock's) is refused."""
    labels = {f"data/{s.file}": f"{s.label} -> data/{s.file}" for s in sources}
    try:
        load_data(staging, today, allow_illustrative)
    except DataError as error:
        raise FetchError([replace(p, file=labels.get(p.file, p.file)) for p in error.problems]) from None


def read_or_empty(path: Path) -> bytes:
    return path.read_bytes() if path.is_file() else b""


@contextmanager
def staging_dir(work_dir: Path) -> Iterator[Path]:
    """Scratch space on the same disk as data/, so moving a file into data/ is a rename."""
    work_dir.mkdir(parents=True, exist_ok=True)
    for stale in work_dir.glob(STAGING_PREFIX + "*"):  # left by a fetch that was killed
        shutil.rmtree(stale, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=work_dir))
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def commit(data_dir: Path, staging: Path, changed: list[str], addresses: dict[str, str],
           now: datetime, reason: str = "") -> history.Release | None:
    if not changed:
        return None
    with signals_deferred():
        # Data edited by hand since the last release is kept as a release of its own first, so the
        # comparison with this update is with what the site showed.
        history.record_release(data_dir, now, {}, label="lokal")
        begin_commit(data_dir, staging, {name: addresses[name] for name in changed}, now, reason)
        return finish_commit(data_dir)


@contextmanager
def signals_deferred() -> Iterator[None]:
    """Ctrl-C or SIGTERM during the renames takes effect after them, never between two files (a SIGKILL
    cannot wait: the journal covers it)."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers, and only it receives the signals anyway
        return
    received: list[int] = []
    previous = {s: signal.signal(s, lambda signum, frame: received.append(signum))
                for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if received:
        raise KeyboardInterrupt


# Reading one source -----------------------------------------------------------------------------------

def load_source(source: Source, limits: Limits, root: Path) -> tuple[bytes, str]:
    """One source -> canonical CSV bytes for data/<dataset>.csv, and the address the manifest records:
    for a web address, the one finally read after any redirects."""
    spec = dataset(source.dataset)
    if source.kind == CKAN:
        return (fetch_ckan(source, limits).to_csv(),
                history.source_address(source.kind, source.address, source.resource_id))
    if source.kind == FILE:
        path = root / source.address
        if not path.is_file():
            raise SourceFailed(f"berkas {source.address} tidak ditemukan di folder proyek.",
                               f"file {source.address} not found in the project folder.")
        payload, address = path.read_bytes(), source.address
    else:
        downloaded = download(source.address, limits)
        payload, address = downloaded.body, downloaded.url
    # An XLSX may unpack to at most 10 times the download limit: a zip bomb is refused before it is opened.
    return read_table(payload, source.format, source.label, spec, 10 * limits.max_bytes).to_csv(), address


def fetch_ckan(source: Source, limits: Limits) -> Table:
    """Every page of a CKAN DataStore resource. The total must stay the same from the first page to the
    last; if it moves, the resource was updated while we read it and the pages may not fit together."""
    base = source.address.rstrip("/")
    endpoint = base if base.endswith("/datastore_search") else base + "/api/3/action/datastore_search"
    first = url = f"{endpoint}?{urlencode({'resource_id': source.resource_id, 'limit': CKAN_PAGE_SIZE})}"
    records: list[Any] = []
    fields: list[str] = []
    total: int | None = None
    budget = replace(limits)
    for _ in range(CKAN_MAX_PAGES):
        payload = download(url, budget).body
        budget = replace(budget, max_bytes=budget.max_bytes - len(payload))
        result = ckan_result(payload, source, url)
        page, page_total = result["records"], result.get("total")
        if total is not None and page_total != total:
            raise changed_while_reading(total, page_total)
        total = page_total
        fields = fields or field_names(result)
        records += page
        if not page or (isinstance(total, int) and len(records) >= total):
            break
        next_link = next_page_link(result)
        url = urljoin(url, next_link) if next_link else f"{first}&offset={len(records)}"
        if not same_source(first, url):  # a next-page link obeys the redirect rules too
            raise SourceFailed(f"portal menunjuk halaman berikutnya di host lain atau di http tanpa enkripsi ({url}); "
                               "tidak diikuti.", f"the portal points the next page at another host or at plain http "
                               f"({url}); it is not followed.")
    if isinstance(total, int) and len(records) != total:
        raise changed_while_reading(total, len(records))
    return records_table(records, fields, source.label, dataset(source.dataset))


def field_names(result: dict[str, Any]) -> list[str]:
    """The column order CKAN gives; only an order (the records carry the columns), so odd entries are passed over."""
    listed = result.get("fields")
    return [f["id"] for f in listed if isinstance(f, dict) and isinstance(f.get("id"), str)] \
        if isinstance(listed, list) else []


def next_page_link(result: dict[str, Any]) -> str | None:
    """CKAN's `_links.next`, if the portal gives one; anything but an address is named, not followed."""
    links = result.get("_links") or {}
    link = links.get("next") if isinstance(links, dict) else links  # `_links` that is no object: named as it is
    if isinstance(links, dict) and (link is None or isinstance(link, str)):
        return link
    shown = json.dumps(link, default=str)[:200]
    raise SourceFailed(f"tautan portal ke halaman berikutnya bukan alamat ({shown}); tidak diikuti.",
                       f"the portal's link to the next page is not an address ({shown}); it is not followed.")


def same_source(first: str, url: str) -> bool:
    """The same host, and no step down from https to plain http."""
    before, after = urlsplit(first), urlsplit(url)
    return after.hostname == before.hostname and (before.scheme != "https" or after.scheme == "https")


def ckan_result(payload: bytes, source: Source, url: str) -> dict[str, Any]:
    try:
        document = parse_json(payload, source.label)
    except DataError:
        raise SourceFailed(f"portal mengirim jawaban yang bukan JSON atau terpotong ({url}).",
                           f"the portal sent a reply that is not JSON or is cut short ({url}).") from None
    result = document.get("result") if isinstance(document, dict) else None
    if not isinstance(document, dict) or document.get("success") is not True or not isinstance(result, dict) \
            or not isinstance(result.get("records"), list):
        error = document.get("error") if isinstance(document, dict) else None
        raise SourceFailed(f"portal CKAN menolak permintaan atau jawabannya tidak berisi result.records "
                           f"({error or 'tanpa keterangan'}). Periksa resource_id.", "the CKAN portal refused the "
                           f"request or its reply has no result.records ({error or 'no details'}). Check the "
                           "resource_id.", column="resource_id")
    return result


def changed_while_reading(first: Any, then: Any) -> SourceFailed:
    return SourceFailed(f"data di portal berubah selama diambil (jumlah rekaman {first}, lalu {then}); "
                        "jalankan fetch lagi nanti.", f"the data on the portal changed while it was being read "
                        f"({first} records, then {then}); run fetch again later.", retry=False)
