"""`python build.py serve`: a live preview for staff who edit chapters and data.

The site is served from site/ on 127.0.0.1 and rebuilt by the very same `pipeline.build` after every
save, in this process: imports (about 0.6 s), the chart cache and warmed-up libraries are reused, so
a rebuild costs only the stages themselves. The open page reloads itself through Server-Sent Events; the
script that listens is added to HTML responses in memory only, never to the files on disk.

A rebuild that fails leaves the last good site in place (the pipeline publishes only on success);
every page then shows the error, in Indonesian with English, until a save fixes it.
"""

from __future__ import annotations

import errno
import html
import re
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import replace
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from report.errors import SHOWN_PROBLEMS, Problem, ReportError, caused_by_ctrl_c
from report.lock import exclusive
from report.os_errors import system_refused
from report.pipeline import build
from report.session import BuildSession
from report.settings import CONFIG_FILE, Settings, load_settings

HOST = "127.0.0.1"
# The preview is built apart from site/, so previewing never replaces the published site (with its PDFs).
PREVIEW_FOLDER = ".build/preview"
# Polling rather than inotify & co.: no platform quirks, no dependency, and a stat of some fifty
# files every 0.1 s costs nothing next to a build.
POLL_SECONDS = 0.1
# Editors often write a file twice (truncate, then write; or write, then fix permissions): wait for
# one quiet interval so the build does not see half a file, but never longer than the limit.
SETTLE_SECONDS = 0.05
SETTLE_LIMIT_SECONDS = 2.0
# A comment line now and then lets a handler notice that its browser tab has gone away.
HEARTBEAT_SECONDS = 10.0
RELOAD_PATH = "/__reload"
WATCHED = ("content", "data", "templates", CONFIG_FILE)
IGNORED_PREFIXES = (".",)  # hidden files, editor locks (.#chapter.md), .DS_Store
IGNORED_SUFFIXES = ("~", ".swp", ".swo", ".swx", ".tmp", ".part", ".bak")
IGNORED_NAMES = ("4913",)  # vim writes and deletes this to test whether a folder is writable


class ServeError(ReportError):
    title_id = "Pratinjau tidak dapat dimulai"
    title_en = "The preview could not start"


# --- watching the project -----------------------------------------------------------------------

Snapshot = dict[str, tuple[int, int]]


def is_ignored(name: str) -> bool:
    return name.startswith(IGNORED_PREFIXES) or name.endswith(IGNORED_SUFFIXES) or name in IGNORED_NAMES


def take_snapshot(root: Path) -> Snapshot:
    """Path -> (mtime, size) of every watched file; any difference means 'rebuild'."""
    found: Snapshot = {}
    stack = [root / name for name in WATCHED]
    while stack:
        path = stack.pop()
        try:
            if path.is_dir():
                stack.extend(child for child in path.iterdir() if not is_ignored(child.name))
            else:
                stat = path.stat()
                found[str(path)] = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            continue  # deleted between listing and stat: the next snapshot will not list it
    return found


def wait_until_settled(root: Path, current: Snapshot) -> Snapshot:
    deadline = time.monotonic() + SETTLE_LIMIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(SETTLE_SECONDS)
        later = take_snapshot(root)
        if later == current:
            break
        current = later
    return current


# --- what the browser is told -------------------------------------------------------------------

class PreviewState:
    """The latest build's version and, when it failed, the error page. Shared by every request thread."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        # A fresh prefix per server, so a tab left open across a restart reloads too.
        self._boot = f"{time.time_ns():x}"
        self._count = 0
        self._failure: str | None = None
        self._banner = ""  # the last good build's warnings, shown at the top of every page
        self._closing = False

    def current(self) -> tuple[str, str | None, str]:
        with self._changed:
            return self._version(), self._failure, self._banner

    def _version(self) -> str:
        return f"{self._boot}-{self._count}"

    def publish(self, failure: str | None, banner: str = "") -> None:
        with self._changed:
            self._count += 1
            self._failure = failure
            self._banner = banner
            self._changed.notify_all()

    def wait_for_change(self, seen: str | None, timeout: float) -> str | None:
        """The version once it differs from `seen` (or after `timeout`); None when the server stops."""
        with self._changed:
            self._changed.wait_for(lambda: self._closing or self._version() != seen, timeout)
            return None if self._closing else self._version()

    def close(self) -> None:
        with self._changed:
            self._closing = True
            self._changed.notify_all()


def reload_script(version: str) -> str:
    # The version is baked into the page, so a build that finishes between serving the page and
    # opening the event stream still triggers the reload.
    return (f"<script>(() => {{ const built = {version!r}; const events = new EventSource({RELOAD_PATH!r});"
            " events.onmessage = (event) => { if (event.data !== built) { events.close(); location.reload(); } };"
            " })();</script>")


def inject(page: bytes, script: str) -> bytes:
    at = page.lower().rfind(b"</body>")
    at = len(page) if at < 0 else at
    return page[:at] + script.encode("utf-8") + page[at:]


def inject_banner(page: bytes, banner: str) -> bytes:
    """Right after <body ...>: the first thing on the page, above Material's header."""
    opened = re.search(rb"<body[^>]*>", page, flags=re.I)
    at = opened.end() if opened else 0
    return page[:at] + banner.encode("utf-8") + page[at:]


BANNER_STYLE = ("font:15px/1.45 system-ui,sans-serif;background:#fff4ce;color:#222;border-bottom:3px solid #b26a00;"
                "padding:.6rem 1rem;max-height:40vh;overflow:auto")


def warning_banner(problems: list[Problem]) -> str:
    """The warnings CI would refuse, where staff look while previewing: in the page itself."""
    if not problems:
        return ""
    items = "".join(f"<li><code>{html.escape(location(p, 'id'))}</code>: {html.escape(p.message_id)}<br>"
                    f'<span lang="en">{html.escape(p.message_en)}</span></li>' for p in problems[:SHOWN_PROBLEMS])
    more = len(problems) - SHOWN_PROBLEMS
    rest = f"<p>... dan {more} lagi / and {more} more.</p>" if more > 0 else ""
    return (f'<aside class="preview-warnings" role="status" style="{BANNER_STYLE}"><p style="margin:0"><strong>'
            f"Peringatan ({len(problems)}): halaman tetap dibangun, tetapi CI (build --strict) akan menolaknya. "
            f'</strong><span lang="en">Warnings: the site is built, but CI (a strict build) would refuse it.</span>'
            f'</p><ul style="margin:.3rem 0 0">{items}</ul>{rest}</aside>')


PAGE_STYLE = ("body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222}"
              "h1{color:#b00020;font-size:1.5rem}section{border-left:4px solid #b00020;padding:.25rem 1rem;"
              "margin:1rem 0;background:#fff5f5}code{background:#fde;padding:0 .2em}li{margin:.4rem 0}"
              ".hint{color:#555}")


def location(problem: Problem, lang: str) -> str:
    where = [problem.file]
    if problem.line is not None:
        where.append(f"{'baris' if lang == 'id' else 'line'} {problem.line}")
    if problem.column is not None:
        where.append(f"{'kolom' if lang == 'id' else 'column'} \"{problem.column}\"")
    return ", ".join(where)


def error_section(error: ReportError, lang: str) -> str:
    header = error.report(lang).split("\n", 1)[0]  # the same words the terminal shows
    items = "".join(f"<li><code>{html.escape(location(p, lang))}</code>: "
                    f"{html.escape(p.message_id if lang == 'id' else p.message_en)}</li>"
                    for p in error.problems[:SHOWN_PROBLEMS])
    more = error.report(lang).split("\n")[-1].strip() if len(error.problems) > SHOWN_PROBLEMS else ""
    return (f'<section lang="{lang}"><p><strong>{html.escape(header)}</strong></p><ul>{items}</ul>'
            f"{f'<p>{html.escape(more)}</p>' if more else ''}</section>")


def failure_page(title_id: str, title_en: str, body: str) -> str:
    return ('<!doctype html><html lang="id"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width,initial-scale=1">'
            f"<title>{html.escape(title_id)} / {html.escape(title_en)}</title><style>{PAGE_STYLE}</style></head>"
            f'<body><h1>{html.escape(title_id)} / <span lang="en">{html.escape(title_en)}</span></h1>{body}'
            '<p class="hint">Perbaiki berkasnya lalu simpan; halaman ini akan dimuat ulang sendiri.<br>'
            '<span lang="en">Fix the file and save it; this page reloads by itself.</span></p></body></html>')


def error_page(error: ReportError) -> str:
    return failure_page(error.title_id, error.title_en, error_section(error, "id") + error_section(error, "en"))


def internal_error_page(exc: BaseException) -> str:
    name = html.escape(type(exc).__name__)
    return failure_page("Kesalahan internal", "Internal error", (
        f"<section><p>Build berhenti karena kesalahan di program ({name}), bukan di berkas Anda. Detailnya ada "
        "di terminal; laporkan ke tim pengembang. Situs terakhir yang berhasil tetap disajikan.</p>"
        f'<p lang="en">The build stopped on a fault in the program ({name}), not in your files. The terminal '
        "shows the details; please report it to the developers. The last good site is still served.</p></section>"))


# --- serving ------------------------------------------------------------------------------------

class PreviewHandler(SimpleHTTPRequestHandler):
    def __init__(self, *args: Any, state: PreviewState, **kwargs: Any) -> None:
        self.state = state  # set before the base class handles the request inside __init__
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        if urlsplit(self.path).path == RELOAD_PATH:
            self.stream_versions()
        elif not self.send_page(with_body=True) and not self.send_missing_pdf():
            super().do_GET()

    def do_HEAD(self) -> None:
        if not self.send_page(with_body=False):
            super().do_HEAD()

    def end_headers(self) -> None:
        # Every reload must fetch what the last build wrote, CSS included.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass  # a line per request would bury the build messages staff need to see

    def send_page(self, with_body: bool) -> bool:
        """Serve an HTML page with the reload script; False when the request is not for a page."""
        path = unquote(urlsplit(self.path).path)
        if not (path.endswith("/") or path.endswith(".html")):
            return False
        version, failure, banner = self.state.current()  # read before the file: a newer page only reloads once more
        status, page = HTTPStatus.OK, None
        if failure is not None:
            # 500: the page asked for cannot be made from the current files; an honest status keeps
            # link checkers and `curl -f` from taking the error page for the chapter.
            status, page = HTTPStatus.INTERNAL_SERVER_ERROR, failure.encode("utf-8")
        else:
            file = Path(self.translate_path(self.path))
            file = file / "index.html" if path.endswith("/") else file
            if not file.is_file():
                # The site's own 404 page, still listening, so a chapter saved under this name appears.
                status, file = HTTPStatus.NOT_FOUND, Path(self.directory) / "404.html"
            page = read_bytes(file)
            if page is None:
                return False
        page = inject_banner(page, banner) if failure is None else page
        self.send_bytes(status, inject(page, reload_script(version)), with_body)
        return True

    def send_missing_pdf(self) -> bool:
        """The preview skips the study PDF (it takes seconds); say so instead of a bare 404."""
        if not urlsplit(self.path).path.endswith(".pdf") or Path(self.translate_path(self.path)).is_file():
            return False
        self.send_bytes(HTTPStatus.NOT_FOUND, PDF_NOT_IN_PREVIEW.encode("utf-8"), with_body=True)
        return True

    def send_bytes(self, status: HTTPStatus, body: bytes, with_body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped reading (a probe that wanted only the status): nothing to tell staff

    def stream_versions(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        seen: str | None = None
        try:
            self.wfile.write(b"retry: 500\n\n")  # reconnect quickly after a restart of the preview
            while (version := self.state.wait_for_change(seen, HEARTBEAT_SECONDS)) is not None:
                self.wfile.write(f"data: {version}\n\n".encode() if version != seen else b": ping\n\n")
                self.wfile.flush()
                seen = version
        except OSError:
            pass  # the tab was closed or reloaded


PDF_NOT_IN_PREVIEW = """<!doctype html><html lang="id"><head><meta charset="utf-8"><title>PDF</title></head><body>
<p>Pratinjau tidak membuat PDF kajian agar tetap cepat. Jalankan <code>python build.py</code> untuk membuatnya di
site/assets/unduh/.</p>
<p lang="en">The preview does not make the study PDF, to stay fast. Run <code>python build.py</code> to make it in
site/assets/unduh/.</p></body></html>
"""


def read_bytes(file: Path) -> bytes | None:
    try:
        return file.read_bytes()
    except OSError:
        return None  # gone in the instant of a swap; the base class answers 404


def open_server(port: int, site_dir: Path, state: PreviewState) -> ThreadingHTTPServer:
    def handler(*args: Any) -> PreviewHandler:
        return PreviewHandler(*args, state=state, directory=str(site_dir))

    if not 0 <= port <= 65535:
        raise port_problem(port, OSError(errno.EINVAL, "bukan nomor port / not a port number"))
    try:
        server = ThreadingHTTPServer((HOST, port), handler)
    except OSError as exc:
        raise port_problem(port, exc) from None
    server.daemon_threads = True  # open event streams must not hold up Ctrl-C
    return server


def port_problem(port: int, exc: OSError) -> ServeError:
    if exc.errno == errno.EADDRINUSE:
        return ServeError([Problem(
            f"--port {port}", "port ini sudah dipakai program lain (mungkin pratinjau yang masih berjalan). "
            f"Tutup program itu, atau pilih port lain, misalnya --port {port + 1}.",
            "this port is already used by another program (perhaps a preview still running). Close that "
            f"program, or choose another port, for example --port {port + 1}.")])
    return ServeError([Problem(f"--port {port}", f"port ini tidak dapat dibuka ({exc.strerror}); pilih port lain "
                               "antara 1024 dan 65535.", f"this port cannot be opened ({exc.strerror}); choose "
                               "another port between 1024 and 65535.")])


# --- the loop -----------------------------------------------------------------------------------

class Preview:
    """Rebuilds on every settled change and tells the state; runs in the main thread so Ctrl-C lands here."""

    def __init__(self, load: Callable[[], Settings], state: PreviewState, debug: bool, progress: bool,
                 root: Path) -> None:
        self.load, self.state, self.debug, self.progress, self.root = load, state, debug, progress, root
        self.language = "id"
        self.builds = 0
        self.session = BuildSession()  # the preview's own: a chapter edit reuses data, figures and charts

    def rebuild(self) -> None:
        started = time.perf_counter()
        self.builds += 1
        try:
            settings = self.load()  # again each time: mkdocs.yml may have changed
            self.language = settings.message_language
            # A build or fetch running beside the preview: wait for it, then build what it left.
            with exclusive(settings.work_dir, "serve"):
                built = build(settings, self.session)
        except (ReportError, OSError) as failure:  # a refusal (no permission, a full disk) as build.py says it
            error = failure if isinstance(failure, ReportError) else system_refused(failure, self.root)
            self.state.publish(error_page(error))
            say("\n" + error.report(self.language))
        except Exception as exc:  # noqa: BLE001 - a fault in a build must not stop the preview
            if caused_by_ctrl_c(exc):
                raise KeyboardInterrupt from None
            self.state.publish(internal_error_page(exc))
            if self.debug:
                traceback.print_exc()
            say(f"\nKesalahan internal / internal error ({type(exc).__name__}: {exc}). Pratinjau tetap berjalan; "
                "--debug menampilkan detailnya. / The preview keeps running; --debug shows details.")
        else:
            self.state.publish(None, warning_banner(built.warnings))
            if self.progress:
                done = "Dibangun ulang / rebuilt" if self.builds > 1 else "Dibangun / built"
                say(f"{done}: {time.perf_counter() - started:.2f} s")

    def watch_forever(self, root: Path, last: Snapshot) -> None:
        while True:
            time.sleep(POLL_SECONDS)
            now = take_snapshot(root)
            if now != last:
                # Taken before the build: a save during the build is seen on the next turn.
                last = wait_until_settled(root, now)
                self.rebuild()


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def serve(settings: Settings, port: int, site_url: str | None = None, debug: bool = False) -> int:
    """Serve until Ctrl-C. The pages link to this address unless --site-url says otherwise."""
    state = PreviewState()
    settings = replace(settings, site_folder=PREVIEW_FOLDER)
    server = open_server(port, settings.site_dir, state)
    address = f"http://{HOST}:{server.server_address[1]}/"

    def load() -> Settings:
        return load_settings(settings.root, strict=settings.strict, message_language=settings.message_language,
                             show_progress=False, site_url=site_url or address,
                             print_pdf=False,  # the PDF takes seconds; the preview is about pages
                             search_index=False, site_folder=PREVIEW_FOLDER)

    preview = Preview(load, state, debug, settings.show_progress, settings.root)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    try:
        say("Membangun situs... / Building the site...")
        before = take_snapshot(settings.root)  # before the build, so a save during it is not missed
        preview.rebuild()
        thread.start()
        say(f"Pratinjau: {address}  (Ctrl-C untuk berhenti / to stop)\n"
            "Setiap kali berkas disimpan, halaman yang terbuka dimuat ulang sendiri. / "
            "Every time a file is saved, the open page reloads by itself.")
        preview.watch_forever(settings.root, before)
    except KeyboardInterrupt:
        say("\nPratinjau dihentikan. Sampai jumpa! / Preview stopped. Goodbye!")
    finally:
        state.close()
        if thread.is_alive():
            server.shutdown()
        server.server_close()
    return 0

