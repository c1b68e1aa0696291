"""`build.py serve` as staff use it: a real server process, real edits on disk, real headless Chromium.

Nothing here calls reload: each test waits (with a generous upper bound, never a speed limit) for the
open page to change by itself. tools/measure_preview.py measures how fast that is.
"""

from __future__ import annotations

import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPO, copy_project
from playwright.sync_api import Browser, Page, expect

from report.serve import PREVIEW_FOLDER, internal_error_page

INDEX = "content/id/index.md"
KEPESERTAAN = "data/kepesertaan.csv"
LATEST_ROW = "2025-05,51.71,semua,"  # no breakdown for this month, so its total may change alone
WAIT_MS = 60_000  # an upper bound for a rebuild on a slow CI machine, not a speed requirement
STARTUP_SECONDS = 180
STOP_SECONDS = 60  # an upper bound for Ctrl-C on a loaded machine; the preview stops in about a second


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def http_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@dataclass
class Preview:
    root: Path
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> int:
        """Ctrl-C, as staff stop it (the one test of stopping waits for it; a hung preview fails it)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                self.end()
                pytest.fail(f"Ctrl-C did not stop the preview within {STOP_SECONDS} s:\n{self.output()}")
        return self.process.returncode

    def end(self) -> None:
        """After a test: killed at once, never waited for, since a rebuild in progress (the test's last
        edit) would delay a Ctrl-C by as long as that build takes on a busy machine."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


def start_preview(root: Path, port: int) -> Preview:
    log = root.parent / "serve.log"
    with log.open("wb") as sink:  # a file, not a pipe: nobody reads a pipe while the test runs
        process = subprocess.Popen([sys.executable, str(REPO / "build.py"), "serve", "--root", str(root),
                                    "--port", str(port), "--quiet"], stdout=sink, stderr=subprocess.STDOUT, cwd=root)
    preview = Preview(root, f"http://127.0.0.1:{port}/", process, log)
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"serve exited with {process.returncode}:\n{preview.output()}")
        try:
            http_status(preview.url)
            return preview
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    preview.end()
    pytest.fail(f"serve did not answer within {STARTUP_SECONDS} s:\n{preview.output()}")


@pytest.fixture
def preview(project: Path) -> Iterator[Preview]:
    """The preview of a built project, its build cache kept as staff's own folder keeps it; no site/, so
    a test sees that the preview never writes one."""
    shutil.rmtree(project / "site")
    running = start_preview(project, free_port())
    try:
        yield running
    finally:
        running.end()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    yield context.new_page()
    context.close()


def edit(root: Path, path: str, old: str, new: str) -> None:
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert old in text, f"test set-up: {old!r} not in {path}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def latest_row(root: Path) -> tuple[int, str]:
    """The line number and text of the latest official total in data/kepesertaan.csv."""
    lines = (root / KEPESERTAAN).read_text(encoding="utf-8").splitlines()
    return next((n, text) for n, text in enumerate(lines, 1) if text.startswith(LATEST_ROW))


def grouped_id(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def open_and_mark(page: Page, url: str) -> None:
    """Open the page and leave a mark that only a reload of the page can remove."""
    page.goto(url)
    expect(page.locator(".headline__figure")).to_be_visible()
    page.evaluate("window.notReloadedYet = true")


def test_chapter_edit_reloads_the_open_page(preview: Preview, page: Page) -> None:
    open_and_mark(page, preview.url)
    sentence = "Kalimat ini ditambahkan saat pratinjau berjalan."
    index = preview.root / INDEX
    index.write_text(index.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")
    expect(page.locator("article")).to_contain_text(sentence, timeout=WAIT_MS)
    assert page.evaluate("window.notReloadedYet") is None
    built = (preview.root / PREVIEW_FOLDER / "index.html").read_text(encoding="utf-8")
    assert sentence in built
    assert "EventSource" not in built, "the reload script must exist only in served responses"
    assert not (preview.root / "site").exists(), "the preview never writes the published site/"


def test_warnings_show_as_a_banner_in_the_previewed_page(preview: Preview, page: Page) -> None:
    open_and_mark(page, preview.url)
    expect(page.locator(".preview-warnings")).to_have_count(0)
    index = preview.root / INDEX
    clean = index.read_text(encoding="utf-8")
    index.write_text(clean + "\nAda 12.345 peserta dan [tautan](bab-99.md).\n", encoding="utf-8")
    banner = page.locator(".preview-warnings")
    expect(banner).to_contain_text("CI (build --strict) akan menolaknya", timeout=WAIT_MS)
    expect(banner).to_contain_text("angka '12.345' diketik langsung")
    expect(banner).to_contain_text("tautan ke 'bab-99.md' menuju halaman yang tidak ada")
    expect(banner).to_contain_text("content/en/index.md")  # the translation is now pending too
    index.write_text(clean, encoding="utf-8")
    expect(page.locator(".preview-warnings")).to_have_count(0, timeout=WAIT_MS)
    assert ".preview-warnings" not in (preview.root / PREVIEW_FOLDER / "index.html").read_text(encoding="utf-8")


def test_data_edit_changes_the_headline(preview: Preview, page: Page) -> None:
    _, row = latest_row(preview.root)
    total = int(row.split(",")[3])
    open_and_mark(page, preview.url)
    expect(page.locator(".headline__figure")).to_have_text(grouped_id(total))
    edit(preview.root, KEPESERTAAN, row, row.replace(f",{total},", f",{total + 1},"))
    expect(page.locator(".headline__figure")).to_have_text(grouped_id(total + 1), timeout=WAIT_MS)
    assert page.evaluate("window.notReloadedYet") is None


def test_settings_edit_is_picked_up(preview: Preview, page: Page) -> None:
    open_and_mark(page, preview.url)
    edit(preview.root, "mkdocs.yml", "site_name: Kajian Pekerja Rentan Kota Denpasar",
         "site_name: Pratinjau Kajian Baru")
    expect(page).to_have_title(re.compile("Pratinjau Kajian Baru"), timeout=WAIT_MS)


def line_of(root: Path, path: str, text: str) -> int:
    lines = (root / path).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


def break_latest_total(root: Path) -> None:
    _, row = latest_row(root)
    edit(root, KEPESERTAAN, row, row.replace(f",{row.split(',')[3]},", ",sepuluh ribu,"))


@dataclass(frozen=True)
class Breakage:
    file: str
    damage: Callable[[Path], None]
    title_id: str  # the error's title, first words of the page's heading
    line: Callable[[Path], int]  # the line the page must name, found in the broken file


BREAKAGES = {
    "template error": Breakage(INDEX, lambda root: edit(root, INDEX, "{{ headline() }}", "{{ fig.nope }}"),
                               "Bab tidak dapat diproses", lambda root: line_of(root, INDEX, "{{ fig.nope }}")),
    "front matter": Breakage(INDEX, lambda root: edit(root, INDEX, "title: Ringkasan", "title: Ringkasan: bab"),
                             "Bab tidak dapat diproses", lambda root: 2),
    "bad data": Breakage(KEPESERTAAN, break_latest_total, "Data tidak valid", lambda root: latest_row(root)[0]),
}


@pytest.mark.parametrize("name", BREAKAGES)
def test_broken_file_shows_the_error_and_recovers(preview: Preview, page: Page, name: str) -> None:
    broken = BREAKAGES[name]
    original = (preview.root / broken.file).read_text(encoding="utf-8")
    open_and_mark(page, preview.url)
    broken.damage(preview.root)
    line = broken.line(preview.root)
    expect(page.locator("h1")).to_contain_text(broken.title_id, timeout=WAIT_MS)
    expect(page.locator("section[lang=id] code").first).to_contain_text(f"{broken.file}, baris {line}")
    expect(page.locator("section[lang=en] code").first).to_contain_text(f"{broken.file}, line {line}")
    assert "Traceback" not in page.content()
    assert preview.process.poll() is None, "an error must not stop the server"
    assert http_status(preview.url) == 500
    assert http_status(preview.url + "assets/report.css") == 200, "assets come from the last good site"

    (preview.root / broken.file).write_text(original, encoding="utf-8")
    expect(page.locator(".headline__figure")).to_be_visible(timeout=WAIT_MS)
    assert http_status(preview.url) == 200


def test_a_refusal_mid_build_shows_a_page_in_staff_words_not_a_traceback(preview: Preview, page: Page) -> None:
    # A file where the build's scratch folder should be: every build then fails with an OSError that
    # no stage reports as bad input; the preview says it as build.py does (report/os_errors.py).
    open_and_mark(page, preview.url)
    scratch = preview.root / ".build"
    shutil.rmtree(scratch)
    scratch.write_text("not a folder", encoding="utf-8")
    touch(preview.root / INDEX)
    expect(page.locator("h1")).to_contain_text("Komputer menolak membaca atau menulis berkas", timeout=WAIT_MS)
    assert "Traceback" not in page.content() and ".build" in page.content()
    assert preview.process.poll() is None, "a fault in a build must not stop the server"

    scratch.unlink()
    touch(preview.root / INDEX)
    expect(page.locator(".headline__figure")).to_be_visible(timeout=WAIT_MS)


def touch(file: Path) -> None:
    file.write_text(file.read_text(encoding="utf-8") + "\n", encoding="utf-8")


def test_ctrl_c_stops_the_preview_with_a_goodbye(preview: Preview) -> None:
    port = int(preview.url.rsplit(":", 1)[1].strip("/"))
    assert preview.stop() == 0
    output = preview.output()
    assert "Sampai jumpa" in output and "Goodbye" in output
    assert "Traceback" not in output
    with socket.socket() as probe:  # the port was released
        probe.bind(("127.0.0.1", port))


@pytest.mark.slow
def test_port_in_use_is_a_clear_error(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        results = [subprocess.run([sys.executable, str(REPO / "build.py"), *language, "serve", "--root", str(root),
                                   "--port", str(port)], capture_output=True, text=True, timeout=120, cwd=root)
                   for language in ([], ["--english"])]
    for result, says in zip(results, ("sudah dipakai program lain", "already used by another program")):
        assert result.returncode == 2
        assert f"--port {port}" in result.stderr and says in result.stderr
        assert "Traceback" not in result.stderr
    assert not (root / PREVIEW_FOLDER).exists(), "nothing is built when the preview cannot start"


def test_the_study_pdf_link_explains_that_the_preview_skips_it(preview: Preview) -> None:
    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.urlopen(preview.url + "assets/unduh/kajian-pekerja-rentan-id.pdf", timeout=10)
    assert answer.value.code == 404
    page = answer.value.read().decode("utf-8")
    assert "python build.py" in page and "does not make the study PDF" in page


def test_a_fault_in_the_program_is_a_page_that_names_it_and_keeps_the_last_site() -> None:
    shown = internal_error_page(KeyError("segmen"))
    assert "Kesalahan internal" in shown and "Internal error" in shown and "KeyError" in shown
    assert "Situs terakhir yang berhasil tetap disajikan" in shown and "The last good site is still served" in shown
    assert "Traceback" not in shown and "segmen" not in shown, "details go to the terminal, not the page"
