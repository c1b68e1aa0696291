"""The study PDFs laid out in child processes beside the other stages: a failure is named in staff words,
an error elsewhere or a Ctrl-C stops every child, nothing is left half written. Real processes throughout;
the kills of a whole build are in test_interrupt.py."""

from __future__ import annotations

import base64
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from conftest import run_build_process, tree_digest, with_pdf
from local_server import LocalServer, static

from report.errors import DataError, PublishError, single
from report.publishing.pdf import PdfDocument
from report.publishing.pdf_child import laid_out
from report.publishing.pdf_layout import PdfLayouts, child_command, child_environment

SMALL = "<!doctype html><html lang='en'><head><title>t</title></head><body><p>Satu halaman.</p></body></html>"
# WeasyPrint lays boxes out recursively: content nested this deep makes it raise RecursionError at once.
NESTED = "<div>" * 3000 + "x" + "</div>" * 3000
TOO_DEEP = f"<html><body>{NESTED}</body></html>"
# Long enough that a layout is still running when the test acts on it.
LONG = "<html><body>" + "".join(f"<p>Paragraf nomor {n} dengan beberapa kata.</p>" for n in range(40000)) + \
    "</body></html>"
# One white pixel, as PNG.
PIXEL = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4//8/AAX+Av4N70a4AAAAAElFTkSuQmCC")


def document(lang: str, html: str) -> PdfDocument:
    return PdfDocument(lang, f"key-{lang}", lambda: html)


def test_a_layout_that_fails_is_named_with_the_last_line_the_child_wrote(tmp_path: Path) -> None:
    with pytest.raises(PublishError) as raised:
        with PdfLayouts([document("en", TOO_DEEP)], tmp_path / "cache", tmp_path / "scratch") as layouts:
            layouts.finish(tmp_path / "docs")

    problem = raised.value.problems[0]
    assert problem.file == "assets/unduh/kajian-pekerja-rentan-en.pdf"
    for text in (problem.message_id, problem.message_en):
        assert "RecursionError: maximum recursion depth exceeded" in text and "Traceback" not in text
    assert "tidak dapat disusun" in problem.message_id and "could not be laid out" in problem.message_en
    assert not (tmp_path / "cache").exists(), "a failed layout must leave nothing in the cache"
    assert not (tmp_path / "docs").exists()


def test_a_layout_killed_outright_says_memory_may_have_run_out(tmp_path: Path) -> None:
    # The kernel's out-of-memory killer sends SIGKILL: staff need a cause they can act on, not "signal 9".
    with pytest.raises(PublishError) as raised:
        with PdfLayouts([document("en", LONG)], tmp_path / "cache", tmp_path / "scratch") as layouts:
            child = layouts.layouts[0].process
            assert child is not None
            child.kill()
            layouts.finish(tmp_path / "docs")

    problem = raised.value.problems[0]
    assert "memori komputer habis" in problem.message_id and "ran out of memory" in problem.message_en
    assert "sinyal 9" not in problem.message_id and "signal 9" not in problem.message_en
    assert not (tmp_path / "cache").exists()


def test_an_error_in_another_stage_ends_and_waits_for_every_layout(tmp_path: Path) -> None:
    documents = [document("id", LONG), document("en", LONG)]
    with pytest.raises(DataError):
        with PdfLayouts(documents, tmp_path / "cache", tmp_path / "scratch", limit=2) as layouts:
            children = [layout.process for layout in layouts.layouts]
            raise single(DataError, "data/klaim.csv", "rusak", "broken")  # as the downloads stage would

    assert all(child is not None and child.returncode == -signal.SIGTERM for child in children)
    assert not (tmp_path / "cache").exists()
    assert not [p.name for p in (tmp_path / "scratch").iterdir() if p.suffix in (".pdf", ".tmp")]


def test_a_cached_pdf_starts_no_process_and_reaches_the_docs_tree(tmp_path: Path) -> None:
    cached = tmp_path / "cache" / "key-id.pdf"
    cached.parent.mkdir()
    cached.write_bytes(b"%PDF-kept")

    with PdfLayouts([document("id", TOO_DEEP)], tmp_path / "cache", tmp_path / "scratch") as layouts:
        assert [layout.process for layout in layouts.layouts] == [None]
        layouts.finish(tmp_path / "docs")

    assert (tmp_path / "docs" / "assets" / "unduh" / "kajian-pekerja-rentan-id.pdf").read_bytes() == b"%PDF-kept"


@pytest.mark.slow
def test_no_more_layouts_run_at_once_than_the_limit_and_each_is_kept_whole(tmp_path: Path) -> None:
    documents = [document("id", SMALL), document("en", SMALL.replace("Satu", "One"))]
    with PdfLayouts(documents, tmp_path / "cache", tmp_path / "scratch", limit=1) as layouts:
        assert [layout.process is not None for layout in layouts.layouts] == [True, False]
        layouts.finish(tmp_path / "docs")

    for lang in ("id", "en"):
        made = (tmp_path / "docs" / "assets" / "unduh" / f"kajian-pekerja-rentan-{lang}.pdf").read_bytes()
        assert made.startswith(b"%PDF-") and made.rstrip().endswith(b"%%EOF")
        assert (tmp_path / "cache" / f"key-{lang}.pdf").read_bytes() == made
    assert not list((tmp_path / "cache").glob(".*.tmp"))


def test_the_child_runs_this_engine_not_a_report_package_in_the_working_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # `python -m` puts the working folder first on sys.path: a build started from another checkout, or from
    # a folder someone else can write to, would lay out with that folder's code.
    elsewhere = tmp_path / "elsewhere"
    impostor = elsewhere / "report" / "publishing"
    impostor.mkdir(parents=True)
    for package in (elsewhere / "report", impostor):
        (package / "__init__.py").write_text("", encoding="utf-8")
    (impostor / "pdf_child.py").write_text(f"open({str(tmp_path / 'ran')!r}, 'w').close()\n", encoding="utf-8")
    monkeypatch.chdir(elsewhere)

    with PdfLayouts([document("en", SMALL)], tmp_path / "cache", tmp_path / "scratch") as layouts:
        layouts.finish(tmp_path / "docs")

    assert not (tmp_path / "ran").exists(), "the layout ran the working folder's report package"
    assert (tmp_path / "docs" / "assets" / "unduh" / "kajian-pekerja-rentan-en.pdf").read_bytes().startswith(b"%PDF-")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_layout_child_ends_at_once_and_silently_on_ctrl_c_or_terminate(tmp_path: Path, signum: int) -> None:
    html, out = tmp_path / "study.html", tmp_path / "out" / "study.pdf"
    html.write_text(LONG, encoding="utf-8")
    child = subprocess.Popen(child_command(html, out), stderr=subprocess.PIPE, env=child_environment())
    deadline = time.monotonic() + 30
    while cpu_seconds(child.pid) < 1.5:  # WeasyPrint imported (~0.5 s) and laying out
        assert child.poll() is None and time.monotonic() < deadline, child.stderr.read()  # type: ignore[union-attr]
        time.sleep(0.01)

    child.send_signal(signum)
    _, errors = child.communicate(timeout=10)

    assert child.returncode == -signum
    assert errors == b"", "a stopped layout prints nothing: the build reports the interruption"
    assert not out.parent.exists() or not list(out.parent.iterdir()), "no PDF, whole or half"


@pytest.mark.slow
def test_a_failed_layout_stops_the_build_with_its_reason_and_leaves_the_site(project: Path) -> None:
    with_pdf(project)
    for lang in ("id", "en"):  # both, so neither language's PDF comes from the cache
        index = project / "content" / lang / "index.md"
        index.write_text(index.read_text(encoding="utf-8") + f"\n{NESTED}\n",
                         encoding="utf-8")
    site = tree_digest(project / "site")

    result = run_build_process(project)

    assert result.returncode == 2, result.stderr
    assert "kajian-pekerja-rentan-id.pdf" in result.stderr and "RecursionError" in result.stderr
    assert "Situs sebelumnya tidak diubah" in result.stderr
    assert "Traceback" not in result.stderr, "the child's own stderr must not reach the console"
    assert tree_digest(project / "site") == site


def test_the_layout_fetches_no_address_and_keeps_embedded_pictures(server: LocalServer) -> None:
    server.routes["/pelacak.png"] = static(PIXEL, content_type="image/png")
    embedded = f"data:image/png;base64,{base64.b64encode(PIXEL).decode()}"
    document = (f'<html lang="id"><body><p>Teks.</p><img src="{server.url("/pelacak.png")}" alt="x">'
                f'<div style="background: url({server.url("/pelacak.png")})">y</div><img src="{embedded}" alt="z">'
                "</body></html>")

    pdf = laid_out(document)

    assert server.hits["/pelacak.png"] == 0, "the layout reached the network"
    assert pdf.startswith(b"%PDF") and b"/Subtype /Image" in pdf, "the embedded picture is in the PDF"
