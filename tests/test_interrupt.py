"""A build or a fetch stopped part-way by a real signal leaves data/ and site/ exactly as they were."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import copy_project, run_build, tree_digest, with_pdf
from local_server import LocalServer, static

from report.live.fetch import signals_deferred
from report.lock import SCRATCH_PREFIX
from report.pipeline import STAGES
from report.publishing.pdf_layout import usable_cores

SIGNALS = {"SIGINT": signal.SIGINT, "SIGTERM": signal.SIGTERM, "SIGKILL": signal.SIGKILL}
EXIT_INTERRUPTED = 130


class Running:
    """build.py as a real process whose progress on stderr a test can wait for."""

    def __init__(self, root: Path, *args: str, **options: Any):
        self.process = subprocess.Popen([sys.executable, str(root / "build.py"), "--root", str(root), *args],
                                        cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **options)
        self.stderr = b""
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        while chunk := self.process.stderr.read1(1024):  # type: ignore[union-attr]
            self.stderr += chunk

    def wait_for(self, text: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while text.encode() not in self.stderr:
            assert self.process.poll() is None, f"ended before {text!r}: {self.stderr.decode()}"
            assert time.monotonic() < deadline, f"no {text!r} within {timeout} s: {self.stderr.decode()}"
            time.sleep(0.005)

    def stop(self, signum: int) -> int:
        assert self.process.poll() is None, "the process finished before it could be interrupted"
        return self.signal(signum)

    def signal(self, signum: int) -> int:
        """The signal, if the process is still running, and its exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signum)
        return self.wait()

    def wait(self) -> int:
        code = self.process.wait(timeout=60)
        self.reader.join(timeout=10)
        return code


def expected_code(signum: int, handled: bool) -> int:
    return EXIT_INTERRUPTED if handled else -signum


def leftovers(data_dir: Path) -> list[str]:
    """Anything a half-done write could leave in data/: temporary files or folders."""
    return [str(p.relative_to(data_dir)) for p in data_dir.rglob("*")
            if p.name.startswith(".") or p.suffix == ".tmp" or "fetch-" in p.name]


# Mid-way through the stages, and while MkDocs writes the new site.
@pytest.mark.parametrize("stage", [STAGES[len(STAGES) // 2], next(s for s in STAGES if "mkdocs" in s)])
@pytest.mark.parametrize("name", SIGNALS)
def test_an_interrupted_build_leaves_site_and_data_unchanged(project: Path, name: str, stage: str) -> None:
    index = project / "content" / "id" / "index.md"
    for attempt in range(1, 4):
        # The change makes the new site differ from the old one, so a partly swapped site would show.
        index.write_text(index.read_text(encoding="utf-8") + f"\nParagraf baru {attempt}.\n", encoding="utf-8")
        site, data = tree_digest(project / "site"), tree_digest(project / "data")
        build = Running(project)
        build.wait_for(f"{stage} ...")
        code = build.signal(SIGNALS[name])
        if code != 0:
            break
        # The stage's last second and the signal crossed on a loaded machine: the build had finished, and
        # published whole. That is no interruption; interrupt the next one.
        assert "Selesai" in build.stderr.decode(), build.stderr.decode()
    else:
        pytest.fail("three builds in a row finished before the signal reached them")

    assert code == expected_code(SIGNALS[name], handled=name != "SIGKILL"), build.stderr.decode()
    assert b"Traceback" not in build.stderr
    if name != "SIGKILL":  # a stop it could handle (Ctrl-C, a cancelled job's SIGTERM) leaves no scratch folder
        assert not list((project / ".build").glob(f"{SCRATCH_PREFIX}*"))
    assert tree_digest(project / "site") == site, "site/ changed after an interrupted build"
    assert tree_digest(project / "data") == data
    assert not leftovers(project / "data")


def layout_children(parent: int, command_part: bytes = b"report.publishing.pdf_child") -> list[int]:
    """The PDF layouts (report/publishing/pdf_child.py) a build process has started, found in /proc; or
    the children whose command line holds `command_part`."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent_of = int(stat.read_text(encoding="utf-8").rsplit(")", 1)[1].split()[1])
            command = (stat.parent / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue  # ended meanwhile
        if parent_of == parent and command_part in command:
            found.append(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    """Running still: ended processes nobody has reaped yet (zombies) do not count."""
    try:
        return Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def edit_both_studies(project: Path, attempt: int) -> None:
    """A new sentence in each language, so neither PDF comes from the cache and both are laid out."""
    for lang in ("id", "en"):
        index = project / "content" / lang / "index.md"
        index.write_text(index.read_text(encoding="utf-8") + f"\nKalimat baru {attempt}.\n", encoding="utf-8")


def layouts_started(build: Running, timeout: float = 120) -> list[int]:
    """Once each language's layout has started (one at a time on a single core)."""
    deadline, languages = time.monotonic() + timeout, min(2, usable_cores())
    while len(children := layout_children(build.process.pid)) < languages:
        assert build.process.poll() is None, f"ended before a PDF layout started: {build.stderr.decode()}"
        assert time.monotonic() < deadline, f"no PDF layout within {timeout} s: {build.stderr.decode()}"
        time.sleep(0.01)
    return children


def test_ctrl_c_while_the_pdfs_are_laid_out_stops_every_process_quietly(project: Path) -> None:
    with_pdf(project)
    for attempt in range(1, 4):
        edit_both_studies(project, attempt)
        site, data = tree_digest(project / "site"), tree_digest(project / "data")
        build = Running(project, start_new_session=True)  # its own process group, as a terminal gives a command
        children = layouts_started(build)
        os.killpg(build.process.pid, signal.SIGINT)  # what Ctrl-C does: the build and its layouts alike
        code = build.wait()
        if code != 0:
            break
        assert "Selesai" in build.stderr.decode(), build.stderr.decode()  # finished before the signal: again
    else:
        pytest.fail("three builds in a row finished before the signal reached them")

    said = build.stderr.decode()
    assert code == EXIT_INTERRUPTED, said
    assert said.rstrip().endswith("Interrupted; site/ was not changed."), said
    assert "Traceback" not in said and "KeyboardInterrupt" not in said
    assert not [pid for pid in children if alive(pid)], "a PDF layout outlived the build"
    assert tree_digest(project / "site") == site and tree_digest(project / "data") == data
    assert not list((project / ".build").glob(f"{SCRATCH_PREFIX}*")), "the build's scratch folder was left"


def test_a_killed_build_leaves_no_layout_running_and_the_next_build_works(project: Path) -> None:
    with_pdf(project)
    chapters = {lang: project / "content" / lang / "index.md" for lang in ("id", "en")}
    before = {lang: path.read_text(encoding="utf-8") for lang, path in chapters.items()}
    for path in chapters.values():  # long enough that a layout left to itself would run well past the 5 s below
        path.write_text(path.read_text(encoding="utf-8") + "".join(f"\nParagraf {n}.\n" for n in range(15000)),
                        encoding="utf-8")
    site = tree_digest(project / "site")
    build = Running(project, "--quiet")
    children = layouts_started(build)

    assert build.stop(signal.SIGKILL) == -signal.SIGKILL  # no handler, no finally: the layouts must notice
    deadline = time.monotonic() + 5
    while any(alive(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.05)

    assert not [pid for pid in children if alive(pid)], "a PDF layout outlived its killed build by 5 s"
    assert tree_digest(project / "site") == site
    cached = list((project / ".build" / "cache").rglob("pdf/*"))
    assert all(path.suffix == ".pdf" and path.read_bytes().rstrip().endswith(b"%%EOF") for path in cached), cached
    for lang, path in chapters.items():
        path.write_text(before[lang], encoding="utf-8")
    edit_both_studies(project, 1)
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    for lang in ("id", "en"):
        assert (project / "site" / "assets" / "unduh" / f"kajian-pekerja-rentan-{lang}.pdf").is_file()
    assert "Kalimat baru 1." in (project / "site" / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_stopped_benchmark_stops_its_build_and_removes_its_copy_of_the_project(project: Path,
                                                                                 tmp_path: Path) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    benchmark = Running(project, "benchmark", "--runs", "1", env={**os.environ, "TMPDIR": str(scratch)})
    deadline = time.monotonic() + 120
    while not (builds := layout_children(benchmark.process.pid, b"build.py")):
        assert benchmark.process.poll() is None, benchmark.stderr.decode()
        assert time.monotonic() < deadline, "no build started within 120 s"
        time.sleep(0.01)
    assert list(scratch.glob("*/project")), "the benchmark measures a copy of the project, in a scratch folder"

    code = benchmark.signal(signal.SIGTERM)  # a cancelled CI job, or `kill`

    assert code == EXIT_INTERRUPTED and b"Traceback" not in benchmark.stderr, benchmark.stderr.decode()
    assert not [pid for pid in builds if alive(pid)], "the build it was measuring stopped with it"
    assert not list(scratch.glob("*/project")), "its copy of the project is gone"


@pytest.mark.slow
@pytest.mark.parametrize("name", SIGNALS)
def test_an_interrupted_fetch_leaves_data_unchanged(tmp_path: Path, name: str) -> None:
    root = copy_project(tmp_path / "project")
    with LocalServer() as server:
        good = (root / "data" / "klaim.csv").read_bytes().replace(b"18000000000", b"18500000000")
        server.routes["/klaim.csv"] = static(good, delay=20)
        (root / "data" / "sumber_data.csv").write_text(
            f"dataset,jenis,lokasi,format,resource_id,catatan\nklaim,http,{server.url('/klaim.csv')},csv,,\n",
            encoding="utf-8")
        data = tree_digest(root / "data")
        fetch = Running(root, "--quiet", "fetch")
        assert server.requested.wait(timeout=60), fetch.stderr.decode()

        code = fetch.stop(SIGNALS[name])

    assert code == expected_code(SIGNALS[name], handled=name != "SIGKILL"), fetch.stderr.decode()
    assert b"Traceback" not in fetch.stderr
    assert tree_digest(root / "data") == data, "data/ changed after an interrupted fetch"
    assert not leftovers(root / "data")
    if name != "SIGKILL":
        assert not list((root / ".build").glob("fetch-*")), "the staging folder was not removed"


def test_the_next_fetch_clears_what_a_killed_one_left(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    abandoned = root / ".build" / "fetch-killed"
    abandoned.mkdir(parents=True)
    (abandoned / "klaim.csv").write_text("half", encoding="utf-8")
    (root / "data" / "sumber_data.csv").write_text(
        "dataset,jenis,lokasi,format,resource_id,catatan\nklaim,berkas,masukan/klaim.csv,csv,,\n", encoding="utf-8")
    (root / "masukan").mkdir()
    (root / "masukan" / "klaim.csv").write_bytes((root / "data" / "klaim.csv").read_bytes())

    result = run_build(root, "fetch")

    assert result.returncode == 0, result.stderr
    assert not abandoned.exists()


@pytest.mark.parametrize("name", ["SIGINT", "SIGTERM"])
def test_a_signal_during_the_renames_waits_for_them(name: str) -> None:
    replaced = []
    with pytest.raises(KeyboardInterrupt):
        with signals_deferred():
            os.kill(os.getpid(), SIGNALS[name])
            time.sleep(0.05)  # Python runs handlers between bytecodes: this is where one would strike
            replaced.append("klaim.csv")
    assert replaced == ["klaim.csv"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
