"""The study PDFs laid out in child processes while the build goes on (issue 14).

Layout is most of a cold build's time and cannot be shared between processes, but nothing after the
docs tree needs it until MkDocs links the PDFs: so `start_layouts` starts one child per language whose
PDF is not cached (pdf_child.py), the build writes its downloads and share cards meanwhile, and the PDF
stage (`PdfLayouts.finish`) collects them, keeps each in the cache and puts it in the docs tree. Used
as a context manager: however the span ends (an error in another stage, Ctrl-C), every child still
running is stopped and waited for, so none outlives the build or writes after it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from types import TracebackType

import report
from report.cache import remembered
from report.errors import PublishError, ReportError, single
from report.publishing.pdf import PDF_DIR, PdfDocument
from report.publishing.pdf_child import PARENT_ENV

CHILD_MODULE = "report.publishing.pdf_child"
STOP_WAIT_SECONDS = 10
LAST_LINE_CHARS = 300


@dataclass
class Layout:
    """One language's PDF: kept in the cache under its document's hash, or made by a child process."""

    document: PdfDocument
    cached: Path
    folder: Path  # the build's scratch folder for this layout: its HTML, the child's PDF and its stderr
    process: subprocess.Popen[bytes] | None = None

    @property
    def out(self) -> Path:
        return self.folder / f"{self.document.lang}.pdf"

    @property
    def errors(self) -> Path:
        return self.folder / f"{self.document.lang}.err"


def child_environment() -> dict[str, str]:
    """The child imports the engine this build runs, wherever it is (tests copy build.py elsewhere, and an
    editable install may point at another checkout), and knows its parent, to end when the build does."""
    engine = str(Path(report.__file__).resolve().parent.parent)
    path = os.pathsep.join(filter(None, [engine, os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path, PARENT_ENV: str(os.getpid())}


def child_command(html_file: Path, out: Path) -> list[str]:
    """-P: `python -m` would otherwise put the working folder first on sys.path, before the engine, so a build
    started from another checkout (or from a folder others can write to) would lay out with that folder's code."""
    return [sys.executable, "-P", "-m", CHILD_MODULE, str(html_file), str(out)]


def usable_cores() -> int:
    """The cores this process may run on (a CI container may be given fewer than the machine has)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


class PdfLayouts:
    """The layouts of one build; at most `limit` children at once (two WeasyPrint processes take about
    twice the memory of one, and more than the machine's cores would only take turns)."""

    def __init__(self, documents: list[PdfDocument], cache_dir: Path, scratch: Path, limit: int | None = None):
        self.layouts = [Layout(d, cache_dir / f"{d.key}.pdf", scratch) for d in documents]
        waiting = [layout for layout in self.layouts if not layout.cached.is_file()]  # a cached PDF starts nothing
        self.limit = max(1, min(len(waiting), limit or usable_cores()))
        self.waiting = waiting

    def __enter__(self) -> PdfLayouts:
        try:
            self.start_waiting()
        except BaseException:
            self.stop()  # __exit__ runs only once __enter__ has returned
            raise
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.stop()

    def running(self) -> list[Layout]:
        return [layout for layout in self.layouts if layout.process is not None and layout.process.poll() is None]

    def start_waiting(self) -> None:
        while self.waiting and len(self.running()) < self.limit:
            self.launch(self.waiting.pop(0))

    def launch(self, layout: Layout) -> None:
        layout.folder.mkdir(parents=True, exist_ok=True)
        html_file = layout.folder / f"{layout.document.lang}.html"
        html_file.write_bytes(layout.document.html().encode("utf-8"))
        with layout.errors.open("wb") as errors:  # a file, not a pipe: nobody reads it until the child ends
            layout.process = subprocess.Popen(child_command(html_file, layout.out), stdin=subprocess.DEVNULL,
                                              stdout=subprocess.DEVNULL, stderr=errors, env=child_environment())

    def finish(self, docs_dir: Path) -> None:
        """The PDF stage: each language's PDF, from the cache or its child, into the docs tree."""
        for layout in self.layouts:
            content = remembered(layout.cached, partial(self.collect, layout))
            out = docs_dir / PDF_DIR / layout.document.name
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(content)

    def collect(self, layout: Layout) -> bytes:
        if layout.process is None:  # still waiting for a free slot, or its cached PDF went since the start
            if layout in self.waiting:
                self.waiting.remove(layout)
            self.launch(layout)
        assert layout.process is not None
        code = layout.process.wait()
        self.start_waiting()
        if code == -signal.SIGINT:  # the same Ctrl-C as the build's own, which may not have landed yet
            raise KeyboardInterrupt
        if code != 0:
            raise failed(layout, code)
        return layout.out.read_bytes()

    def stop(self) -> None:
        """Every child still running ends (it ends silently, pdf_child.py), and is waited for."""
        self.waiting = []
        for layout in self.running():
            layout.process.terminate()  # type: ignore[union-attr]
        for layout in self.layouts:
            if layout.process is None:
                continue
            try:
                layout.process.wait(timeout=STOP_WAIT_SECONDS)
            except (subprocess.TimeoutExpired, KeyboardInterrupt):  # stuck, or Ctrl-C pressed again: no waiting
                layout.process.kill()
                layout.process.wait()


def last_line(errors: Path) -> str:
    try:
        lines = [line.strip() for line in errors.read_text(encoding="utf-8", errors="replace").splitlines()]
    except OSError:
        lines = []
    return next((line for line in reversed(lines) if line), "")[:LAST_LINE_CHARS]


def reason(code: int, said: str) -> tuple[str, str]:
    """Why a layout ended, Indonesian and English. A signal is named before anything the child wrote, which
    could be an unrelated warning; SIGKILL is most often the kernel's out-of-memory killer."""
    if code == -signal.SIGKILL:
        return ("proses dihentikan paksa oleh sistem, biasanya karena memori komputer habis: tabel atau gambar "
                "yang sangat besar?", "the system stopped the process outright, most often because the computer "
                "ran out of memory: a very large table or picture?")
    if code < 0:
        return f"proses dihentikan oleh sinyal {-code}", f"the process was ended by signal {-code}"
    return said or f"proses berakhir dengan kode {code}", said or f"the process exited with {code}"


def failed(layout: Layout, code: int) -> ReportError:
    lang, name = layout.document.lang, layout.document.name
    why_id, why_en = reason(code, last_line(layout.errors))
    return single(PublishError, f"{PDF_DIR}/{name}",
                  f"PDF kajian bahasa \"{lang}\" tidak dapat disusun ({why_id}). Periksa bab, gambar dan tabel yang "
                  "baru diubah; `build.py --no-pdf` membangun situs tanpa PDF. Jika tetap gagal, laporkan pesan ini "
                  "ke tim pengembang.",
                  f"The study PDF in \"{lang}\" could not be laid out ({why_en}). Check the chapters, pictures and "
                  "tables changed last; `build.py --no-pdf` builds the site without the PDF. If it still fails, "
                  "report this message to the developers.")
