"""A build or a fetch stopped part-way by a real signal leaves data/ and site/ exactly as they were."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import copy_project, run_build, tree_digest
from local_server import LocalServer, static

from report.live.fetch import signals_deferred
from report.pipeline import STAGES

SIGNALS = {"SIGINT": signal.SIGINT, "SIGTERM": signal.SIGTERM, "SIGKILL": signal.SIGKILL}
EXIT_INTERRUPTED = 130


class Running:
    """build.py as a real process whose progress on stderr a test can wait for."""

    def __init__(self, root: Path, *args: str):
        self.process = subprocess.Popen([sys.executable, str(root / "build.py"), "--root", str(root), *args],
                                        cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
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
@pytest.mark.parametrize("name", ["SIGINT", "SIGKILL"])
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

    assert code == expected_code(SIGNALS[name], handled=name == "SIGINT"), build.stderr.decode()
    assert b"Traceback" not in build.stderr
    assert tree_digest(project / "site") == site, "site/ changed after an interrupted build"
    assert tree_digest(project / "data") == data
    assert not leftovers(project / "data")


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
