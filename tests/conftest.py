"""Shared fixtures: a throwaway copy of a project, a built site, and running build.py (in this process, or
as a real process where the process is the subject).

Most tests build the frozen demo project in tests/fixtures/demo: its chapters, data (with a complete
illustrative breakdown by desa/kelurahan, which the real data/ must never hold) and mkdocs.yml, with the
repository's engine and templates. `real_project` builds the repository itself, as it is published."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import io
import logging
import os
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlparse

import pytest
from filelock import FileLock
from local_server import LocalServer
from playwright.sync_api import Browser, Locator, Page, sync_playwright

REPO = Path(__file__).resolve().parent.parent
DEMO = Path(__file__).resolve().parent / "fixtures" / "demo"
PROJECT_FILES = ("content", "data", "mkdocs.yml")  # what a project holds; the engine's files come from REPO
ENGINE_FILES = ("templates", "build.py")
# build.py run from a copied project finds `report` through the interpreter's install, which may be
# another checkout's (an editable install): every child process imports this checkout's engine.
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
if str(REPO) not in sys.path:  # and so does this process, which runs most builds itself (run_build)
    sys.path.insert(0, str(REPO))
# The repository's mkdocs.yml keeps the preview's local address, which a --strict build refuses
# (report/publishing/site_address.py); the test builds publish under a public address, as the deploy job does.
# Inherited by every build.py the tests start. example.org: reserved for examples, never a real site.
PUBLIC_SITE_URL = "https://laporan.example.org/"
os.environ.setdefault("SITE_URL", PUBLIC_SITE_URL)
# A shell starts a background job (`pytest ... &`) with Ctrl-C ignored, and every process inherits that: the
# builds and previews the tests stop with SIGINT would run on. A handled signal is reset at exec, so with a
# handler here they start as they do from a terminal, where staff press Ctrl-C.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


# Tests that use these are marked for `-m "not slow and not browser"` (pyproject.toml), so a test
# file moved or a test added is classified by what it needs, not by a list kept by hand.
SLOW_FIXTURES = {"built_project", "real_project", "site", "project", "base_url", "preview"}
BROWSER_FIXTURES = {"browser", "page", "watched"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        needs = set(getattr(item, "fixturenames", ()))
        if needs & SLOW_FIXTURES:
            item.add_marker(pytest.mark.slow)
        if needs & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)


def copy_project(target: Path, project: Path = DEMO) -> Path:
    """The files a build reads, copied so a test may break them freely: the demo project by default."""
    target.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES + ENGINE_FILES:
        source = (project if name in PROJECT_FILES else REPO) / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy2(source, target / name)
    return target


def copy_for(request: pytest.FixtureRequest, target: Path) -> Path:
    """copy_project; a test marked slow (it builds) starts with the shared demo build's .build/cache, as CI
    keeps it between runs, so its build redraws only what its change touched. Fast tests build nothing and
    stay free of the shared build."""
    root = copy_project(target)
    if request.node.get_closest_marker("slow"):
        built = request.getfixturevalue("built_project")
        shutil.copytree(built / ".build" / "cache", root / ".build" / "cache")
    return root


def run_build(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python build.py --root ROOT --quiet ARGS` run by this process: build.py's own main() (the repository's,
    the code the project's copy holds), its exit status and what it prints, without a new interpreter's start
    and imports (a second or more each). Builds by default; a command among the arguments (fetch,
    translations, new ...) runs that instead. A path among the arguments is taken from this process's
    folder, not the project's: give it whole. Where the process itself is the subject, run_build_process."""
    argv = ["--root", str(root), "--quiet", *args]
    out, err = io.StringIO(), io.StringIO()
    with IN_PROCESS, contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), logged_as_by_a_process():
        try:
            status = build_script().main(argv)
        except SystemExit as stop:  # argparse's --help and usage errors
            status = exit_status(stop)
    return subprocess.CompletedProcess([sys.executable, str(root / "build.py"), *argv], status, out.getvalue(),
                                       err.getvalue())


def run_build_process(root: Path, *args: str, **options: Any) -> subprocess.CompletedProcess[str]:
    """build.py exactly as staff run it: a real process in the project's folder, its exit status and its
    messages. For what only a process shows: a kill, its environment, a path taken from its folder."""
    return subprocess.run([sys.executable, str(root / "build.py"), "--root", str(root), "--quiet", *args],
                          **{"capture_output": True, "text": True, "timeout": 300, "cwd": root, **options})


# sys.stdout and sys.stderr are the whole process's: one in-process build at a time, even from threads.
IN_PROCESS = threading.Lock()


@functools.cache
def build_script() -> ModuleType:
    """The repository's build.py, loaded once per test process (each test project holds a copy of it)."""
    spec = importlib.util.spec_from_file_location("build_script", REPO / "build.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def exit_status(stop: SystemExit) -> int:
    """The status a process ending with this SystemExit would have, as the interpreter reports it."""
    if stop.code is None or isinstance(stop.code, int):
        return stop.code or 0
    print(stop.code, file=sys.stderr)
    return 1


class LastResort(logging.Handler):
    """What a process that sets up no logging shows (logging.lastResort): a warning of a logger with no
    handler of its own, or of its parents', on stderr. Here pytest's handlers sit on the root logger."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)

    def emit(self, record: logging.LogRecord) -> None:
        logger: logging.Logger | None = logging.getLogger(record.name)
        while logger is not None and logger is not logging.root:
            if logger.handlers:
                return
            logger = logger.parent if logger.propagate else None
        sys.stderr.write(self.format(record) + "\n")


@contextlib.contextmanager
def logged_as_by_a_process() -> Iterator[None]:
    handler = LastResort()
    logging.root.addHandler(handler)
    try:
        yield
    finally:
        logging.root.removeHandler(handler)


def tree_digest(folder: Path) -> str:
    """One hash over every file's path and bytes: equal digests mean byte-for-byte equal trees."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def with_pdf(root: Path, on: bool = True) -> Path:
    """The demo project skips the study PDF (its mkdocs.yml), the slowest stage; a test about the PDF,
    and the shared built site, turn it on."""
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace(f"print_pdf: {str(not on).lower()}", f"print_pdf: {str(on).lower()}"),
                      encoding="utf-8")
    return root


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str, project: Path) -> Path:
    """`project` copied and built with --strict once per run, shared by every test and by every worker of
    `pytest -n` (scripts/test): the first worker to ask builds it, the others wait for it and read it."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the folder all workers of this run share
    folder, finished = base / name, base / f"{name}.built"
    with FileLock(base / f"{name}.lock"):
        if not finished.exists():
            shutil.rmtree(folder, ignore_errors=True)  # a worker's build that failed part-way
            root = with_pdf(copy_project(folder / "project", project))
            result = run_build(root, "--strict")
            assert result.returncode == 0, result.stderr
            finished.touch()
    return folder / "project"


SHARED_BUILDS = {"real_project": ("real", REPO), "built_project": ("built", DEMO)}


def pytest_collection_finish(session: pytest.Session) -> None:
    """Under `pytest -n 2` both workers would first wait for the same shared build, one building, the
    other idle: instead each worker starts one of the shared builds the run needs before its first test.
    Worker gw<n> takes the n-th; a run that needs none, or a single process, builds them when first asked."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    needed = [fixture for fixture in SHARED_BUILDS  # fixturenames: every fixture a test needs, however indirectly
              if any(fixture in getattr(item, "fixturenames", ()) for item in session.items)]
    number = int(worker[2:]) if worker.startswith("gw") and worker[2:].isdigit() else -1
    if 0 <= number < len(needed):
        built_once(session.config._tmp_path_factory, *SHARED_BUILDS[needed[number]])  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo project, built once with --strict as CI builds it, the PDF included. Tests only read it."""
    return built_once(tmp_path_factory, *SHARED_BUILDS["built_project"])


@pytest.fixture(scope="session")
def real_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own project, built once with --strict, PDF included: what the public site is."""
    return built_once(tmp_path_factory, *SHARED_BUILDS["real_project"])


@pytest.fixture(scope="session")
def site(built_project: Path) -> Path:
    return built_project / "site"


@pytest.fixture
def project(built_project: Path, tmp_path: Path) -> Path:
    """A private copy of the built project (its site/ included) for a test to change."""
    root = tmp_path / "project"
    shutil.copytree(built_project, root, ignore=build_cache_only)
    return with_pdf(root, on=False)  # its site keeps the PDF; rebuilds skip it unless a test turns it on


def build_cache_only(folder: str, names: list[str]) -> list[str]:
    """Of .build/, only the cache comes along (drawn charts, cards, downloads by content hash), as CI keeps
    it between runs: a rebuild redoes what its change touched. Its stamps, trees and lock stay behind."""
    return [name for name in names if Path(folder).name == ".build" and name != "cache"]


# Real headless Chromium (Debian's), shared by the browser tests -------------------------------------

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def base_url(site: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Watched:
    """A page whose every request and console error is recorded; `with` closes its browser context."""

    def __init__(self, browser: Browser, width: int = 400):
        self.context = browser.new_context(viewport={"width": width, "height": 800})
        self.page: Page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def __enter__(self) -> Watched:
        return self

    def __exit__(self, *exc: object) -> None:
        self.context.close()

    def open(self, url: str) -> Page:
        """The page at `url`, once it has stopped loading (scripts, fonts, charts' data)."""
        self.page.goto(url, wait_until="networkidle")
        return self.page

    def off_host(self) -> list[str]:
        return [url for url in self.requests if urlparse(url).scheme in ("http", "https")
                and urlparse(url).hostname != "127.0.0.1"]


def tab_to(page: Page, target: Locator, what: str, presses: int = 200) -> None:
    """Press Tab, as a keyboard user does, until `target` has the focus; fail naming `what` if it never does."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    pytest.fail(f"{what} was never reached with Tab")


@pytest.fixture
def watched(browser: Browser) -> Iterator[Watched]:
    with Watched(browser) as page:
        yield page


@pytest.fixture
def server() -> Iterator[LocalServer]:
    """A real HTTP server on 127.0.0.1 for the fetch tests; routes are set per test."""
    with LocalServer() as running:
        yield running
