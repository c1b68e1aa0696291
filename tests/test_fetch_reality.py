"""`fetch` against files and servers as they really are: Excel workbooks hiding things or missing formula
results, zip bombs, UTF-16, gzip bodies and redirects that lead elsewhere. Real XLSX files written by
openpyxl, a real HTTP server on 127.0.0.1; data/ must be byte-identical after every refusal."""

from __future__ import annotations

import dataclasses
import gzip
import io
import json
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from conftest import DEMO, copy_for, copy_project, run_build, tree_digest
from local_server import LocalServer, Responder, send, static
from openpyxl import Workbook
from test_guard import NOW, data_digest, declare

from report.errors import FetchError
from report.live import history
from report.live.fetch import fetch_all
from report.settings import Settings, load_settings

JKM, NEW_JKM = "2024,51.71,JKM,,18000000000,", "2024,51.71,JKM,,18500000000,"


@pytest.fixture
def root(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    return copy_for(request, tmp_path / "project")


def settings_for(root: Path, **changes: object) -> Settings:
    return dataclasses.replace(load_settings(root, show_progress=False), fetch_retries=0, print_pdf=False,
                               **changes)


def klaim_text() -> str:
    text = (DEMO / "data" / "klaim.csv").read_text(encoding="utf-8")
    assert JKM in text
    return text.replace(JKM, NEW_JKM)


def klaim_book() -> Workbook:
    book = Workbook()
    for row in klaim_text().splitlines():
        book.active.append([int(v) if v.isdigit() else v for v in row.split(",")])
    return book


def saved(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def refused(root: Path, server: LocalServer, body: bytes, **settings: object) -> str:
    """Serve `body` as klaim.xlsx, fetch it, and return the English report of the refusal."""
    server.routes["/klaim.xlsx"] = static(body, content_type="application/vnd.ms-excel")
    declare(root, f"klaim,http,{server.url('/klaim.xlsx')},xlsx,,")
    before = data_digest(root)
    with pytest.raises(FetchError) as raised:
        fetch_all(settings_for(root, **settings), now=NOW)
    assert data_digest(root) == before
    return raised.value.report("en")


# Excel ------------------------------------------------------------------------------------------------

def test_a_formula_without_a_saved_result_is_refused(root: Path, server: LocalServer) -> None:
    book = klaim_book()
    book.active["E3"] = "=E2*0.1"  # openpyxl, like many programs, saves the formula without its result

    text = refused(root, server, saved(book))

    assert "line 3, column \"nilai_rp\": cell E3 holds a formula whose result is not saved in the file; open the " \
           "file in Excel and save it again." in text


def test_hidden_rows_columns_and_sheets_are_named(root: Path, server: LocalServer) -> None:
    book = klaim_book()
    book.active.row_dimensions[4].hidden = True
    book.active.column_dimensions["D"].hidden = True
    book.create_sheet("Koreksi").sheet_state = "hidden"

    text = refused(root, server, saved(book))

    assert "the worksheet \"Koreksi\" is hidden" in text
    assert "line 4: this row is hidden in Excel" in text
    assert "line 1, column \"kasus\": column D is hidden in Excel" in text


def test_problems_are_capped_at_a_hundred_and_counted(root: Path, server: LocalServer) -> None:
    book = klaim_book()
    for row in range(9, 159):
        book.active[f"A{row}"] = f"=A{row - 1}"

    with pytest.raises(FetchError) as raised:
        server.routes["/klaim.xlsx"] = static(saved(book))
        declare(root, f"klaim,http,{server.url('/klaim.xlsx')},xlsx,,")
        fetch_all(settings_for(root), now=NOW)

    problems = raised.value.problems
    assert len(problems) == 101 and problems[-1].message_en == "... and 50 more problems in this file."


def test_a_zip_bomb_is_refused_before_it_is_unpacked(root: Path, server: LocalServer) -> None:
    packed = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(saved(klaim_book()))) as source, \
            zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in source.infolist():
            bomb.writestr(info, source.read(info))
        bomb.writestr("xl/media/padding.bin", b"\0" * 20_000_000)  # 20 MB that packs into about 20 KB
    assert len(packed.getvalue()) < 100_000

    text = refused(root, server, packed.getvalue(), fetch_max_bytes=1_000_000)

    assert "this XLSX file holds" in text and "the limit is 10000000 bytes (10 times extra.report.fetch_max_bytes)" \
        in text


# Encodings --------------------------------------------------------------------------------------------

@pytest.mark.slow
def test_utf16_with_its_bom_is_read(root: Path, server: LocalServer) -> None:
    server.routes["/klaim.csv"] = static(klaim_text().encode("utf-16"))
    declare(root, f"klaim,http,{server.url('/klaim.csv')},csv,,")

    assert fetch_all(settings_for(root), now=NOW).changed == ["klaim.csv"]
    assert (root / "data" / "klaim.csv").read_text(encoding="utf-8") == klaim_text()


def test_utf16_in_data_is_refused_by_name(project: Path) -> None:
    path = project / "data" / "klaim.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    site_before = tree_digest(project / "site")

    result = run_build(project, "--english", "--no-pdf")

    assert result.returncode == 2, result.stderr
    assert "data/klaim.csv, line 1: the file is saved as UTF-16 (Excel's \"Unicode Text\"), not UTF-8." \
        in result.stderr
    assert tree_digest(project / "site") == site_before


def gzipped(body: bytes) -> Responder:
    def respond(handler: BaseHTTPRequestHandler, query: dict[str, list[str]]) -> None:
        packed = gzip.compress(body, mtime=0)
        handler.send_response(200)
        handler.send_header("Content-Type", "text/csv")
        handler.send_header("Content-Encoding", "gzip")
        handler.send_header("Content-Length", str(len(packed)))
        handler.end_headers()
        handler.wfile.write(packed)
    return respond


@pytest.mark.slow
def test_a_gzip_encoded_body_is_decoded(root: Path, server: LocalServer) -> None:
    server.routes["/klaim.csv"] = gzipped(klaim_text().encode())
    declare(root, f"klaim,http,{server.url('/klaim.csv')},csv,,")

    assert fetch_all(settings_for(root), now=NOW).changed == ["klaim.csv"]
    assert (root / "data" / "klaim.csv").read_text(encoding="utf-8") == klaim_text()


def test_a_gzip_body_that_unpacks_past_the_limit_is_refused(root: Path, server: LocalServer) -> None:
    server.routes["/klaim.csv"] = gzipped(klaim_text().encode() + b"\n" * 5_000_000)
    declare(root, f"klaim,http,{server.url('/klaim.csv')},csv,,")
    before = data_digest(root)

    with pytest.raises(FetchError) as raised:
        fetch_all(settings_for(root, fetch_max_bytes=1_000_000), now=NOW)

    assert "the download is too large" in raised.value.report("en") and data_digest(root) == before


# Redirects --------------------------------------------------------------------------------------------

def redirect(to: str) -> Responder:
    def respond(handler: BaseHTTPRequestHandler, query: dict[str, list[str]]) -> None:
        handler.send_response(302)
        handler.send_header("Location", to)
        handler.send_header("Content-Length", "0")
        handler.end_headers()
    return respond


@pytest.mark.slow
def test_a_redirect_on_the_same_host_is_followed_and_its_end_recorded(root: Path, server: LocalServer) -> None:
    server.routes["/lama.csv"] = redirect("/baru/klaim.csv")
    server.routes["/baru/klaim.csv"] = static(klaim_text().encode())
    declare(root, f"klaim,http,{server.url('/lama.csv')},csv,,")

    release = fetch_all(settings_for(root), now=NOW).release

    assert release is not None and release.files["klaim.csv"].source == server.url("/baru/klaim.csv")
    assert history.releases(root / "data")[-1].files["klaim.csv"].source == server.url("/baru/klaim.csv")


def test_a_redirect_to_another_host_is_refused(root: Path, server: LocalServer) -> None:
    elsewhere = server.url("/klaim.csv").replace("127.0.0.1", "localhost")
    server.routes["/lama.csv"] = redirect(elsewhere)
    server.routes["/klaim.csv"] = static(klaim_text().encode())
    declare(root, f"klaim,http,{server.url('/lama.csv')},csv,,")
    before = data_digest(root)

    with pytest.raises(FetchError) as raised:
        fetch_all(settings_for(root), now=NOW)

    assert f"the server redirects to another host ({elsewhere}); only 127.0.0.1 may be followed" \
        in raised.value.report("en")
    assert server.hits["/klaim.csv"] == 0 and data_digest(root) == before


@pytest.fixture
def tls_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalServer]:
    """A real https server on 127.0.0.1, its certificate made for the test and trusted by this process only."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    with LocalServer(tls=(str(cert), str(key))) as running:
        yield running


def test_a_redirect_from_https_to_plain_http_is_refused(root: Path, server: LocalServer,
                                                         tls_server: LocalServer) -> None:
    tls_server.routes["/lama.csv"] = redirect(server.url("/klaim.csv"))  # same host, same data, no encryption
    server.routes["/klaim.csv"] = static(klaim_text().encode())
    declare(root, f"klaim,http,{tls_server.url('/lama.csv')},csv,,")
    before = data_digest(root)

    with pytest.raises(FetchError) as raised:
        fetch_all(settings_for(root), now=NOW)

    assert (f"the server redirects from an https address to an unencrypted one ({server.url('/klaim.csv')}); "
            "what arrives could be changed on the way, so that redirect is not followed.") in raised.value.report("en")
    # The message names the redirect's target: the https answer was read (the certificate is trusted).
    assert server.hits["/klaim.csv"] == 0 and tls_server.hits["/lama.csv"] == 1 and data_digest(root) == before


@pytest.mark.slow
def test_a_listed_host_is_followed(root: Path, server: LocalServer) -> None:
    elsewhere = server.url("/klaim.csv").replace("127.0.0.1", "localhost")
    server.routes["/lama.csv"] = redirect(elsewhere)
    server.routes["/klaim.csv"] = static(klaim_text().encode())
    declare(root, f"klaim,http,{server.url('/lama.csv')},csv,,,localhost")
    sources = root / "data" / "sumber_data.csv"
    sources.write_text(sources.read_text(encoding="utf-8").replace("catatan\n", "catatan,host_lain\n"),
                       encoding="utf-8")

    release = fetch_all(settings_for(root), now=NOW).release

    assert release is not None and release.files["klaim.csv"].source == elsewhere


@pytest.mark.slow
def test_a_redirect_to_a_link_local_address_is_refused_even_when_listed(root: Path, server: LocalServer) -> None:
    server.routes["/lama.csv"] = redirect("http://169.254.169.254/latest/meta-data/")
    declare(root, f"klaim,http,{server.url('/lama.csv')},csv,,,169.254.169.254")
    sources = root / "data" / "sumber_data.csv"
    sources.write_text(sources.read_text(encoding="utf-8").replace("catatan\n", "catatan,host_lain\n"),
                       encoding="utf-8")
    before = data_digest(root)

    result = run_build(root, "--english", "fetch")

    assert result.returncode == 2, result.stderr
    assert "data/sumber_data.csv, line 2, column \"lokasi\": dataset klaim" in result.stderr
    assert "the server redirects to a link-local address (http://169.254.169.254/latest/meta-data/); a redirect " \
           "into an internal network is not followed." in result.stderr
    assert data_digest(root) == before


def test_the_shared_data_digest_ignores_only_status_and_held_files(tmp_path: Path) -> None:
    """The helper these tests trust: any other change in data/ changes the digest."""
    root = copy_project(tmp_path / "project")
    before = data_digest(root)
    (root / "data" / "riwayat" / "tertahan").mkdir(parents=True)
    assert data_digest(root) == before
    shutil.copyfile(root / "data" / "klaim.csv", root / "data" / "riwayat" / "lain.csv")
    assert data_digest(root) != before


def next_page_refused(root: Path, portal: LocalServer, next_page: object) -> str:
    """A CKAN portal whose first page points the next one at `next_page`: the English report of the refusal."""
    lines = klaim_text().splitlines()
    records = [dict(zip(lines[0].split(","), line.split(","))) for line in lines[1:]]

    def first_page(handler: BaseHTTPRequestHandler, query: dict[str, list[str]]) -> None:
        result = {"records": records[:2], "total": len(records), "_links": {"next": next_page}}
        send(handler, json.dumps({"success": True, "result": result}).encode(), content_type="application/json")

    portal.routes["/api/3/action/datastore_search"] = first_page
    declare(root, f"klaim,ckan,{portal.url('')},,abc-123,")
    before = data_digest(root)
    with pytest.raises(FetchError) as raised:
        fetch_all(settings_for(root), now=NOW)
    assert portal.hits["/api/3/action/datastore_search"] == 1 and data_digest(root) == before
    return raised.value.report("en")


def test_a_ckan_next_page_on_another_host_is_not_followed(root: Path, server: LocalServer) -> None:
    elsewhere = server.url("/api/3/action/datastore_search").replace("127.0.0.1", "localhost") + "?offset=2"
    assert f"the portal points the next page at another host or at plain http ({elsewhere})" \
        in next_page_refused(root, server, elsewhere)


@pytest.mark.parametrize("next_page", [2, {"href": "/api/3/action/datastore_search?offset=2"}],
                         ids=["a number", "an object"])
def test_a_ckan_next_page_link_that_is_no_address_is_named_not_an_internal_error(
        root: Path, server: LocalServer, next_page: object) -> None:
    assert f"the portal's link to the next page is not an address ({json.dumps(next_page)})" \
        in next_page_refused(root, server, next_page)


@pytest.mark.parametrize("fields", [None, 7, [{"id": 5}, "tahun"]], ids=["null", "a number", "odd entries"])
def test_a_ckan_reply_with_odd_fields_is_read_by_its_records(root: Path, server: LocalServer, fields: object) -> None:
    # `fields` only orders the columns; the records carry them too.
    lines = klaim_text().splitlines()
    records = [dict(zip(lines[0].split(","), line.split(","))) for line in lines[1:]]

    def one_page(handler: BaseHTTPRequestHandler, query: dict[str, list[str]]) -> None:
        result = {"records": records, "total": len(records), "fields": fields}
        send(handler, json.dumps({"success": True, "result": result}).encode(), content_type="application/json")

    server.routes["/api/3/action/datastore_search"] = one_page
    declare(root, f"klaim,ckan,{server.url('')},,abc-123,")
    fetch_all(settings_for(root), now=NOW)
    assert (root / "data" / "klaim.csv").read_text(encoding="utf-8") == klaim_text()


def test_a_ckan_next_page_over_plain_http_is_not_followed(root: Path, server: LocalServer,
                                                          tls_server: LocalServer) -> None:
    unencrypted = server.url("/api/3/action/datastore_search?offset=2")  # same host, no encryption
    assert f"the portal points the next page at another host or at plain http ({unencrypted})" \
        in next_page_refused(root, tls_server, unencrypted)
    assert server.hits["/api/3/action/datastore_search"] == 0
