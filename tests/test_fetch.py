"""`build.py fetch` against a real HTTP server on 127.0.0.1: what it accepts, keeps and refuses.

Every failure must leave data/ as it was (status.json aside, which holds no data), name the dataset
and the URL, and be recorded for the site's notice; every success must be kept as a release.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import io
import json
import os
import shutil
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from conftest import DEMO, REPO, copy_for, run_build, tree_digest
from local_server import LocalServer, drip, send, sequence, static, trickle

from report.errors import FetchError
from report.inputs.data import load_data
from report.inputs.schema import DATASETS, dataset
from report.live import history
from report.live.fetch import fetch_all
from report.live.sources import SOURCES
from report.settings import Settings, load_settings

NOW = datetime(2025, 6, 3, 2, 0, tzinfo=UTC)
NEW_MONTH = "2025-06,51.71,semua,10750,resmi,suarabantas-2025-05"
OLD_JKM = "2024,51.71,JKM,,18000000000,ya,resmi,balipost-2025-01"
NEW_JKM = "2024,51.71,JKM,,18500000000,ya,resmi,tribunbali-2025-02"
SOURCES_HEADER = "dataset,jenis,lokasi,format,resource_id,catatan\n"


@pytest.fixture
def root(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    return copy_for(request, tmp_path / "project")


def settings_for(root: Path, **limits: object) -> Settings:
    fast = {"fetch_timeout_seconds": 1.0, "fetch_retries": 2, "fetch_backoff_seconds": 0.01, "print_pdf": False,
            **limits}
    return dataclasses.replace(load_settings(root, show_progress=False), **fast)


def declare(root: Path, *rows: str) -> None:
    (root / "data" / "sumber_data.csv").write_text(SOURCES_HEADER + "".join(r + "\n" for r in rows),
                                                  encoding="utf-8")


def kepesertaan_update(root: Path) -> bytes:
    return (root / "data" / "kepesertaan.csv").read_bytes() + (NEW_MONTH + "\n").encode()


def klaim_revision(root: Path) -> bytes:
    """klaim.csv as the project had it, with one figure revised; the same before and after a fetch."""
    text = (DEMO / "data" / "klaim.csv").read_text(encoding="utf-8")
    assert OLD_JKM in text
    return text.replace(OLD_JKM, NEW_JKM).encode()


def data_digest(root: Path) -> str:
    """data/ without the failure status, which a failed fetch is allowed to write."""
    copy = root.parent / "digest-copy"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root / "data", copy, ignore=shutil.ignore_patterns("status.json"))
    return tree_digest(copy)


# Success ------------------------------------------------------------------------------------------

@pytest.mark.slow
def test_fetch_csv_replaces_data_and_keeps_a_release(root: Path, server: LocalServer) -> None:
    server.routes["/kepesertaan.csv"] = static(kepesertaan_update(root))
    server.routes["/klaim.csv"] = static(klaim_revision(root))
    declare(root, f"kepesertaan,http,{server.url('/kepesertaan.csv')},csv,,",
            f"klaim,http,{server.url('/klaim.csv')},csv,,")
    before = {name: (root / "data" / name).read_bytes() for name in ("kepesertaan.csv", "klaim.csv")}

    result = fetch_all(settings_for(root), now=NOW)

    assert result.changed == ["kepesertaan.csv", "klaim.csv"]
    assert (root / "data" / "kepesertaan.csv").read_bytes() == before["kepesertaan.csv"] + (NEW_MONTH + "\n").encode()
    assert NEW_JKM in (root / "data" / "klaim.csv").read_text(encoding="utf-8")
    load_data(root / "data", allow_illustrative=True)  # what fetch accepted, a build accepts

    earlier, latest = history.releases(root / "data")
    assert earlier.id.endswith("-lokal") and latest.fetched_at == NOW
    assert latest.files["klaim.csv"].source == server.url("/klaim.csv")
    assert latest.files["kepesertaan.csv"].rows == earlier.files["kepesertaan.csv"].rows + 1
    assert latest.files["iuran.csv"] == earlier.files["iuran.csv"]
    old = history.restore_release(root / "data", earlier.id, root.parent / "old")
    assert {n: (old / n).read_bytes() for n in before} == before

    found = history.changes(old, root / "data")
    revision = next(c for c in found if c.dataset == "klaim" and c.column == "nilai_rp")
    assert (revision.kind, revision.old, revision.new, revision.difference) == \
        ("revisi", "18000000000", "18500000000", 500_000_000)
    assert revision.key == {"periode": "2024", "kode_wilayah": "51.71", "program": "JKM"}
    assert revision.note.startswith("Tribun Bali:")
    new_row = next(c for c in found if c.dataset == "kepesertaan")
    assert (new_row.kind, new_row.column, new_row.old, new_row.new) == ("baru", "peserta", None, "10750")
    assert len(found) == 3  # the new month, and the revised nilai_rp and sumber of JKM

    status = history.data_status(root / "data", date(2025, 6, 10), stale_after_days=45)
    assert status == history.DataStatus(date(2025, 6, 3), False, "", "", False)
    assert history.data_status(root / "data", date(2025, 8, 1), 45).stale


@pytest.mark.slow
def test_fetch_again_with_no_change_writes_nothing(root: Path, server: LocalServer) -> None:
    server.routes["/klaim.csv"] = static(klaim_revision(root))
    declare(root, f"klaim,http,{server.url('/klaim.csv')},csv,,")
    fetch_all(settings_for(root), now=NOW)
    digest = tree_digest(root / "data")

    result = fetch_all(settings_for(root), now=NOW + timedelta(days=30))

    assert result.fetched == ["klaim"] and result.changed == [] and result.release is None
    assert tree_digest(root / "data") == digest


@pytest.mark.slow
def test_a_retry_recovers_from_a_server_error(root: Path, server: LocalServer) -> None:
    server.routes["/klaim.csv"] = sequence(static(b"sibuk", status=503), static(klaim_revision(root)))
    declare(root, f"klaim,http,{server.url('/klaim.csv')},csv,,")
    assert fetch_all(settings_for(root), now=NOW).changed == ["klaim.csv"]
    assert server.hits["/klaim.csv"] == 2


@pytest.mark.slow
def test_a_response_cut_short_then_whole_is_taken_whole(root: Path, server: LocalServer) -> None:
    body = klaim_revision(root)
    server.routes["/klaim.csv"] = sequence(static(body[:40], length=len(body)), static(body))
    declare(root, f"klaim,http,{server.url('/klaim.csv')},csv,,")
    fetch_all(settings_for(root), now=NOW)
    assert (root / "data" / "klaim.csv").read_bytes() == body


@pytest.mark.slow
def test_json_xlsx_and_indonesian_csv_sources(root: Path, server: LocalServer) -> None:
    from openpyxl import Workbook

    klaim = [line.split(",") for line in klaim_revision(root).decode().splitlines()]
    server.routes["/klaim.json"] = static(json.dumps(
        {"data": [dict(zip(klaim[0], row)) | {"kasus": int(row[3]) if row[3] else None, "nilai_rp": int(row[4])}
                  for row in klaim[1:]]}).encode(), content_type="application/json")
    iuran = [line.split(",") for line in (root / "data/iuran.csv").read_text(encoding="utf-8").splitlines()]
    book = Workbook()
    for row in iuran:
        book.active.append([int(v) if v.isdigit() else v for v in row])
    xlsx = io.BytesIO()
    book.save(xlsx)
    server.routes["/iuran.xlsx"] = static(xlsx.getvalue(), content_type="application/vnd.ms-excel")
    new_month = "\r\n2025-06;51.71;semua;10.750;resmi;suarabantas-2025-05\r\n"
    indonesian = (root / "data/kepesertaan.csv").read_text(encoding="utf-8").replace(",", ";").rstrip("\n")
    server.routes["/kepesertaan.csv"] = static(b"\xef\xbb\xbf" + (indonesian + new_month).encode())
    declare(root, f"klaim,http,{server.url('/klaim.json')},json,,",
            f"iuran,http,{server.url('/iuran.xlsx')},xlsx,,",
            f"kepesertaan,http,{server.url('/kepesertaan.csv')},csv,,")

    result = fetch_all(settings_for(root), now=NOW)

    assert result.changed == ["klaim.csv", "kepesertaan.csv"]  # the XLSX holds exactly what data/ held
    assert (root / "data/klaim.csv").read_bytes() == klaim_revision(root)
    assert load_data(root / "data", allow_illustrative=True)["kepesertaan"]["peserta"].iloc[-1] == 10750


def test_excel_files_ending_in_empty_rows_are_no_change(root: Path, server: LocalServer) -> None:
    from openpyxl import Workbook

    iuran = [line.split(",") for line in (root / "data/iuran.csv").read_text(encoding="utf-8").splitlines()]
    book = Workbook()
    for row in iuran:
        book.active.append([int(v) if v.isdigit() else v for v in row])
    book.active.cell(row=len(iuran) + 5, column=1).number_format = "@"  # a formatted cell far below the data
    xlsx = io.BytesIO()
    book.save(xlsx)
    server.routes["/iuran.xlsx"] = static(xlsx.getvalue())
    semicolons = (root / "data/kepesertaan.csv").read_text(encoding="utf-8").replace(",", ";").replace("\n", "\r\n")
    server.routes["/kepesertaan.csv"] = static(("sep=;\r\n" + semicolons + ";;;;;\r\n" * 3).encode())
    declare(root, f"iuran,http,{server.url('/iuran.xlsx')},xlsx,,",
            f"kepesertaan,http,{server.url('/kepesertaan.csv')},csv,,")
    before = tree_digest(root / "data")

    result = fetch_all(settings_for(root), now=NOW)

    assert result.fetched == ["iuran", "kepesertaan"] and result.changed == [] and result.release is None
    assert tree_digest(root / "data") == before


@pytest.mark.slow
def test_ckan_datastore_pages_are_joined(root: Path, server: LocalServer) -> None:
    records = klaim_records(root)
    server.routes["/api/3/action/datastore_search"] = ckan_pages(records, page=3)
    declare(root, f"klaim,ckan,{server.url('/')},,res-klaim,")

    fetch_all(settings_for(root), now=NOW)

    assert (root / "data/klaim.csv").read_bytes() == klaim_revision(root)
    assert server.hits["/api/3/action/datastore_search"] == 3  # 7 records, 3 a page


@pytest.mark.slow
def test_ckan_without_links_is_paged_by_offset(root: Path, server: LocalServer) -> None:
    server.routes["/api/3/action/datastore_search"] = ckan_pages(klaim_records(root), page=2, links=False)
    declare(root, f"klaim,ckan,{server.url('/')},,res-klaim,")
    fetch_all(settings_for(root), now=NOW)
    assert (root / "data/klaim.csv").read_bytes() == klaim_revision(root)


@pytest.mark.slow
def test_a_berkas_source_reads_a_staff_xlsx_in_the_project(root: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    for line in klaim_revision(root).decode().splitlines():
        book.active.append([int(v) if v.isdigit() else v or None for v in line.split(",")])
    (root / "masukan").mkdir()
    book.save(root / "masukan" / "klaim.xlsx")
    declare(root, "klaim,berkas,masukan/klaim.xlsx,xlsx,,")
    fetch_all(settings_for(root), now=NOW)
    assert (root / "data/klaim.csv").read_bytes() == klaim_revision(root)


def klaim_records(root: Path) -> list[dict[str, object]]:
    lines = klaim_revision(root).decode().splitlines()
    header = lines[0].split(",")
    return [{"_id": n} | dict(zip(header, line.split(","))) for n, line in enumerate(lines[1:], 1)]


def ckan_pages(records: list[dict[str, object]], page: int, links: bool = True,
               total_after_first: int | None = None) -> object:
    """CKAN's datastore_search: `page` records a time, whatever limit the client asks for."""
    def respond(handler, query) -> None:  # noqa: ANN001
        offset = int(query.get("offset", ["0"])[-1])
        total = len(records) if total_after_first is None or offset == 0 else total_after_first
        result = {"records": records[offset:offset + page], "total": total,
                  "fields": [{"id": "_id"}] + [{"id": k} for k in records[0] if k != "_id"]}
        if links:
            result["_links"] = {"next": f"/api/3/action/datastore_search?offset={offset + page}&resource_id="
                                        f"{query['resource_id'][0]}"}
        send(handler, json.dumps({"success": True, "result": result}).encode(), content_type="application/json")
    return respond


# Failures -----------------------------------------------------------------------------------------

FAILURES = {
    # name: (responder for /klaim.csv given the good body, settings, phrase in the Indonesian message)
    "http 500": (lambda body: static(b"error", status=500), {}, "HTTP 500"),
    "http 404": (lambda body: static(b"hilang", status=404), {}, "HTTP 404"),
    "timeout": (lambda body: static(body, delay=2.0), {"fetch_timeout_seconds": 0.3, "fetch_retries": 1},
                "waktu habis"),
    "slow drip past the timeout": (lambda body: drip(body, pause=0.1), {"fetch_timeout_seconds": 0.4,
                                                                         "fetch_retries": 0}, "waktu habis"),
    "truncated": (lambda body: static(body[:50], length=len(body)), {}, "terpotong"),
    "too large": (lambda body: static(body), {"fetch_max_bytes": 100}, "terlalu besar"),
    "a web page instead of csv": (lambda body: static(b"<!DOCTYPE html>\n<html><body>Maintenance</body></html>"),
                                  {}, "halaman web (HTML)"),
    "csv with other columns": (lambda body: static(b"tahun,nilai\n2024,1\n"), {}, "kolom wajib tidak ada"),
    "fails validation": (lambda body: static(body.replace(b"18500000000", b"18.5M")), {}, "ditemukan \"18.5M\""),
    "semicolon file with an ambiguous number": (lambda body: static(body.replace(b",", b";").replace(
        b"18500000000", b"18.5")), {}, "titik untuk ribuan"),
}


@pytest.mark.parametrize("name", FAILURES)
def test_a_failed_fetch_changes_nothing_and_is_recorded(root: Path, server: LocalServer, name: str) -> None:
    make, limits, phrase = FAILURES[name]
    server.routes["/klaim.csv"] = make(klaim_revision(root))
    declare(root, f"klaim,http,{server.url('/klaim.csv')},csv,,")
    before = tree_digest(root / "data")

    with pytest.raises(FetchError) as raised:
        fetch_all(settings_for(root, **limits), now=NOW)

    message = raised.value.report("id")
    assert phrase in message and "klaim" in message and server.url("/klaim.csv") in message
    assert data_digest(root) == before
    assert not list((root / ".build").glob("fetch-*")), "staging folder left behind"
    status = history.data_status(root / "data", date(2025, 6, 10), 45)
    assert status.last_fetch_failed and phrase in status.failure_message_id
    assert "klaim" in status.failure_message_en and status.as_of == date(2025, 5, 1)


@pytest.mark.slow
def test_every_failure_kind_says_something_different(root: Path, server: LocalServer) -> None:
    messages = {}
    for number, (name, (make, limits, _)) in enumerate(FAILURES.items()):
        server.routes[f"/{number}.csv"] = make(klaim_revision(root))
        declare(root, f"klaim,http,{server.url(f'/{number}.csv')},csv,,")
        with pytest.raises(FetchError) as raised:
            fetch_all(settings_for(root, **limits), now=NOW)
        messages[name] = raised.value.report("id")
    for name, (_, _, phrase) in FAILURES.items():
        said_by = {other for other, message in messages.items() if phrase in message}
        assert said_by == {other for other, case in FAILURES.items() if case[2] == phrase}, (name, said_by)


def test_thousands_dots_in_a_fetched_comma_csv_are_refused_not_misread(root: Path, server: LocalServer) -> None:
    statistik = (root / "data" / "statistik.csv").read_bytes()
    server.routes["/statistik.csv"] = static(statistik.replace(b",725314,,jiwa,", b",725.314,,jiwa,"))
    declare(root, f"statistik,http,{server.url('/statistik.csv')},csv,,")
    before = tree_digest(root / "data")

    with pytest.raises(FetchError) as raised:
        fetch_all(settings_for(root), now=NOW)

    assert f"{server.url('/statistik.csv')}) -> data/statistik.csv, baris 2, kolom \"nilai\": ditemukan " \
           "\"725.314\"" in raised.value.report("id")
    assert "Tulis 725314 tanpa titik" in raised.value.report("id")
    assert data_digest(root) == before


@pytest.mark.parametrize("slow_part", ["headers", "body"])
@pytest.mark.slow
def test_a_slow_drip_times_out_in_real_time(root: Path, server: LocalServer, slow_part: str) -> None:
    body = klaim_revision(root)
    padding = 300 if slow_part == "headers" else 0
    assert (len(body) + padding) / 4 * 0.2 >= 10, "the whole drip must take far longer than the timeout"
    server.routes["/klaim.csv"] = trickle(body, header_padding=padding)
    declare(root, f"klaim,http,{server.url('/klaim.csv')},csv,,")
    before = tree_digest(root / "data")

    started = time.monotonic()
    with pytest.raises(FetchError) as raised:
        fetch_all(settings_for(root, fetch_timeout_seconds=1.5, fetch_retries=0), now=NOW)
    took = time.monotonic() - started

    assert took < 1.5 + 3, f"the timeout of 1.5 s was reported after {took:.1f} s"
    assert "waktu habis: tidak selesai dalam 1.5 detik" in raised.value.report("id")
    assert "timed out: not finished within 1.5 seconds" in raised.value.report("en")
    assert data_digest(root) == before


def test_server_errors_are_retried_and_not_found_is_not(root: Path, server: LocalServer) -> None:
    server.routes["/500.csv"] = static(b"", status=500)
    server.routes["/404.csv"] = static(b"", status=404)
    declare(root, f"klaim,http,{server.url('/500.csv')},csv,,", f"iuran,http,{server.url('/404.csv')},csv,,")
    with pytest.raises(FetchError) as raised:
        fetch_all(settings_for(root, fetch_retries=2), now=NOW)
    assert server.hits["/500.csv"] == 3 and server.hits["/404.csv"] == 1
    assert len(raised.value.problems) == 2, "every source's failure is reported in one pass"
    assert "Sudah dicoba 3 kali" in raised.value.report("id")


def test_connection_refused(root: Path) -> None:
    with LocalServer() as closed:
        url = closed.url("/klaim.csv")
    declare(root, f"klaim,http,{url},csv,,")
    with pytest.raises(FetchError) as raised:
        fetch_all(settings_for(root, fetch_retries=1), now=NOW)
    assert "tidak dapat dihubungi" in raised.value.report("id") and url in raised.value.report("id")


def test_ckan_data_changing_between_pages_is_refused(root: Path, server: LocalServer) -> None:
    server.routes["/api/3/action/datastore_search"] = ckan_pages(klaim_records(root), page=3, total_after_first=8)
    declare(root, f"klaim,ckan,{server.url('/')},,res-klaim,")
    before = tree_digest(root / "data")
    with pytest.raises(FetchError) as raised:
        fetch_all(settings_for(root), now=NOW)
    assert "berubah selama diambil" in raised.value.report("id")
    assert "changed while it was being read" in raised.value.report("en")
    assert data_digest(root) == before


def test_ckan_refusal_points_at_the_resource_id(root: Path, server: LocalServer) -> None:
    server.routes["/api/3/action/datastore_search"] = static(json.dumps(
        {"success": False, "error": {"message": "Not found: Resource was not found."}}).encode())
    declare(root, f"klaim,ckan,{server.url('/')},,salah,")
    with pytest.raises(FetchError) as raised:
        fetch_all(settings_for(root), now=NOW)
    assert 'kolom "resource_id"' in raised.value.report("id") and "Resource was not found" in \
        raised.value.report("id")


@pytest.mark.slow
def test_status_stays_put_on_the_same_failure_and_clears_on_success(root: Path, server: LocalServer) -> None:
    server.routes["/klaim.csv"] = sequence(static(b"", status=404), static(b"", status=404),
                                           static(klaim_revision(root)))
    declare(root, f"klaim,http,{server.url('/klaim.csv')},csv,,")
    status_file = root / "data" / "riwayat" / "status.json"
    for attempt in range(2):
        with pytest.raises(FetchError):
            fetch_all(settings_for(root), now=NOW + timedelta(days=attempt))
        if attempt == 0:
            first = status_file.read_bytes()
    assert status_file.read_bytes() == first, "a repeated failure rewrote status.json (a needless commit)"
    assert json.loads(first)["failed_since"] == NOW.isoformat()

    fetch_all(settings_for(root), now=NOW + timedelta(days=2))
    assert not status_file.exists()
    assert not history.data_status(root / "data", date(2025, 6, 10), 45).last_fetch_failed


# The command and its declarations -------------------------------------------------------------------

@pytest.mark.slow
def test_build_py_fetch_reports_a_failure_and_exits_2(root: Path, server: LocalServer) -> None:
    server.routes["/klaim.csv"] = static(b"", status=404)
    declare(root, f"klaim,http,{server.url('/klaim.csv')},csv,,")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  report:\n", "  report:\n    fetch_retries: 0\n    fetch_timeout_seconds: 5\n"), encoding="utf-8")

    result = run_build(root, "fetch")
    english = run_build(root, "--english", "fetch")

    assert result.returncode == english.returncode == 2
    assert "Traceback" not in result.stderr + english.stderr
    assert f"data/sumber_data.csv, baris 2, kolom \"lokasi\": dataset klaim ({server.url('/klaim.csv')}): " \
           "server menjawab HTTP 404" in result.stderr
    assert "data tidak diubah" in result.stderr and "the server answered HTTP 404" in english.stderr


@pytest.mark.slow
def test_scripts_update_gives_build_only_options_to_the_build_alone(root: Path) -> None:
    (root / "scripts").mkdir()
    shutil.copy2(REPO / "scripts" / "update", root / "scripts" / "update")
    (root / ".venv").symlink_to(Path(sys.prefix))  # the environment running these tests
    timings = root.parent / "timings.json"

    result = subprocess.run(["bash", "scripts/update", "--quiet", "--no-pdf", "--timings", str(timings)], cwd=root,
                            capture_output=True, text=True, timeout=600, env={**os.environ, "SKIP_SETUP": "1"})

    assert result.returncode == 0, result.stderr  # fetch did not refuse --no-pdf or --timings
    assert "Tidak ada sumber jarak jauh" in result.stderr and (root / "site" / "index.html").is_file()
    assert "PDF" not in json.loads(timings.read_text(encoding="utf-8"))["seconds"], "the build did not get --no-pdf"


def test_every_build_only_option_is_kept_from_fetch_by_scripts_update() -> None:
    spec = importlib.util.spec_from_file_location("build_cli", REPO / "build.py")
    build_cli = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build_cli)
    parser = argparse.ArgumentParser()
    build_cli.add_build_options(parser)
    script = (REPO / "scripts" / "update").read_text(encoding="utf-8")
    for action in parser._actions[1:]:  # [0] is --help
        for option in action.option_strings:
            assert option in script, f"scripts/update would pass the build option {option} to fetch"


@pytest.mark.slow
def test_build_py_fetch_with_local_sources_only_changes_nothing(root: Path) -> None:
    before = tree_digest(root / "data")
    result = run_build(root, "fetch")
    assert result.returncode == 0, result.stderr
    assert "Tidak ada sumber jarak jauh" in result.stderr
    assert tree_digest(root / "data") == before


def test_a_wrong_source_list_is_reported_with_line_and_column(root: Path) -> None:
    declare(root, "klaim,http,,csv,,", "iuran,ckan,https://data.denpasarkota.go.id,,,", "segmen,ftp,x,csv,,")
    with pytest.raises(FetchError) as raised:
        fetch_all(settings_for(root), now=NOW)
    text = raised.value.report("id")
    assert 'data/sumber_data.csv, baris 2, kolom "lokasi": jenis http memerlukan alamat web' in text
    assert 'data/sumber_data.csv, baris 3, kolom "resource_id"' in text
    assert 'data/sumber_data.csv, baris 4, kolom "jenis": ditemukan "ftp"' in text


def test_fetch_settings_are_validated(root: Path) -> None:
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  report:\n", "  report:\n    fetch_retries: -1\n    stale_after_days: banyak\n"), encoding="utf-8")
    result = run_build(root, "fetch")
    assert result.returncode == 2
    assert "extra.report.fetch_retries harus bilangan bulat 0 atau lebih, bukan -1" in result.stderr
    assert "extra.report.stale_after_days" in result.stderr


def test_the_real_source_list_is_valid_and_local() -> None:
    from report.live.sources import load_sources

    sources = load_sources(DEMO / "data")
    assert sorted(s.dataset for s in sources) == sorted(d.name for d in DATASETS)
    assert all(s.line for s in sources), "every dataset is declared in the file, not only by default"
    assert all(not s.remote for s in sources), "the committed project must build offline"


def test_data_readme_documents_the_source_list() -> None:
    readme = (REPO / "data" / "README.md").read_text(encoding="utf-8")
    section = readme.split("## `sumber_data.csv`", 1)
    assert len(section) == 2, "data/README.md has no section for sumber_data.csv"
    body = section[1].split("\n## ", 1)[0]
    for column in SOURCES.columns:
        assert f"| `{column.name}` |" in body, f"column {column.name} is not documented"
        for choice in column.choices if column.name != "dataset" else ():
            assert f"`{choice}`" in body, f"value {choice} of {column.name} is not documented"
    for option in ("fetch_timeout_seconds", "fetch_retries", "fetch_backoff_seconds", "fetch_max_bytes",
                   "stale_after_days", "riwayat/status.json", "manifest.json"):
        assert option in body, f"{option} is not documented"


def test_status_without_history_falls_back_to_the_newest_official_month(root: Path) -> None:
    status = history.data_status(root / "data", date(2025, 6, 10), stale_after_days=45)
    assert status == history.DataStatus(date(2025, 5, 1), False, "", "", False)
    assert history.data_status(root / "data", date(2025, 6, 16), 45).stale
    assert dataset("kepesertaan").key == ("periode", "kode_wilayah", "segmen")


@pytest.mark.slow
def test_hand_edits_between_fetches_are_kept_as_a_local_release(root: Path, server: LocalServer) -> None:
    server.routes["/klaim.csv"] = sequence(static(klaim_revision(root)),
                                           static(klaim_revision(root).replace(b"9000000000", b"9100000000")))
    declare(root, f"klaim,http,{server.url('/klaim.csv')},csv,,")
    fetch_all(settings_for(root), now=NOW)
    iuran = root / "data" / "iuran.csv"
    iuran.write_text(iuran.read_text(encoding="utf-8").replace(",6800,", ",7000,"), encoding="utf-8")

    fetch_all(settings_for(root), now=NOW + timedelta(days=31))

    known = history.releases(root / "data")
    assert [r.id for r in known] == ["2025-06-03T020000Z-lokal", "2025-06-03T020000Z",
                                     "2025-07-04T020000Z-lokal", "2025-07-04T020000Z"]
    assert known[2].files["iuran.csv"].source == "lokal" and known[2].files["klaim.csv"] == known[1].files["klaim.csv"]
    assert known[3].files["klaim.csv"].source == server.url("/klaim.csv")
    before = history.restore_release(root / "data", known[1].id, root.parent / "r1")
    after = history.restore_release(root / "data", known[3].id, root.parent / "r3")
    assert [(c.dataset, c.column, c.old, c.new, c.kind) for c in history.changes(before, after)] == \
        [("klaim", "nilai_rp", "9000000000", "9100000000", "revisi"),
         ("iuran", "iuran_bulanan_rp", "6800", "7000", "revisi")]  # the hand edit counts too


def test_removed_rows_are_changes_of_their_own(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    for folder in (old, new):
        shutil.copytree(DEMO / "data", folder)
    klaim = (new / "klaim.csv").read_text(encoding="utf-8")
    (new / "klaim.csv").write_text(klaim.replace("2024,51.71,JP,,9000000000,ya,resmi,balipost-2025-01\n", ""),
                                   encoding="utf-8")
    (removed,) = history.changes(old, new)
    assert (removed.kind, removed.column, removed.old, removed.new, removed.note) == \
        ("dihapus", "nilai_rp", "9000000000", None, "")
    assert removed.key == {"periode": "2024", "kode_wilayah": "51.71", "program": "JP"}
    assert history.changes(old, old) == []
