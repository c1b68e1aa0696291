"""One study PDF laid out in a process of its own: `python -m report.publishing.pdf_child HTML OUT`.

Reads the document pdf.py made, lays it out with WeasyPrint and writes the PDF whole or not at all.
Started by pdf_layout.py, which reads this process's stderr: on a failure its last line says why.
A Ctrl-C or a request to stop ends it at once and silently (the build reports the interruption), and
so does the end of the build that started it, however that build ended: a layout nobody will collect
is only CPU taken from the other engineers on the machine.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from pathlib import Path

from report.cache import write_atomic

PARENT_ENV = "REPORT_PDF_PARENT"  # the build's process id, given by pdf_layout.py
ORPHAN_POLL_SECONDS = 0.5
EXIT_FAILED, EXIT_ORPHANED = 1, 3


def laid_out(document_html: str) -> bytes:
    from weasyprint import HTML  # imported only when something is laid out: slow to import
    from weasyprint.urls import URLFetcher

    # Everything the document shows travels inside it (pictures as data: addresses, charts as SVG): the layout
    # fetches no address, whatever a chapter or a template might name, so a build never reaches the network.
    fetcher = URLFetcher(allowed_protocols={"data"})
    # PDF/UA-1: tagged structure, the document's language and its title shown by readers.
    return HTML(string=document_html, url_fetcher=fetcher).write_pdf(pdf_variant="pdf/ua-1")


def end_quietly_on_signals() -> None:
    """The system's own action: the process ends there and then, without a KeyboardInterrupt traceback."""
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, signal.SIG_DFL)


def watch_parent(parent: int) -> None:
    """A build killed outright (SIGKILL) cannot stop its children: each notices its parent is gone
    (it is then adopted by another process) and ends. No half file: the PDF is renamed into place whole."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(ORPHAN_POLL_SECONDS)
        os._exit(EXIT_ORPHANED)
    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def main(argv: list[str]) -> int:
    end_quietly_on_signals()
    watch_parent(int(os.environ.get(PARENT_ENV) or os.getppid()))
    html_file, out = (Path(arg) for arg in argv)
    try:
        # Bytes, not text: reading text would turn a carriage return into a newline and change the PDF.
        # Into the build's scratch folder, which a build that was killed meanwhile no longer has: not made again.
        write_atomic(out, laid_out(html_file.read_bytes().decode("utf-8")), make_folder=False)
    except Exception as error:  # noqa: BLE001 - reported by the build, in staff words, from this line
        print(f"{type(error).__name__}: {error}".replace("\n", " "), file=sys.stderr, flush=True)
        return EXIT_FAILED
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
