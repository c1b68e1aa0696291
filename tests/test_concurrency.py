"""One writer at a time, and a site/ that is always whole (issue 11 point 1).

The overlap is forced, never hoped for: the test itself holds the project's lock (the same OS file lock
build.py takes), starts a real second process, and watches it wait. A swap cut short by a kill is the
state such a kill leaves, made with real renames.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import build_script, copy_for, copy_project, run_build, run_build_process, tree_digest
from filelock import FileLock
from test_interrupt import Running
from test_serve import free_port, start_preview

from report.lock import LOCK_NAME, OWNER_NAME
from report.pipeline import STAGES
from report.publishing import swap

WAITING_ID = "Build lain sedang berjalan di proyek ini"
WAITING_EN = "Another build is running in this project"
PATIENCE_SECONDS = 120  # an upper bound for a slow CI machine, not a speed requirement


@contextmanager
def lock_held(root: Path, command: str = "fetch") -> Iterator[None]:
    """The project's lock, taken by this test process as a running `build.py <command>` would take it."""
    work = root / ".build"
    work.mkdir(exist_ok=True)
    lock = FileLock(work / LOCK_NAME)
    lock.acquire(timeout=0)
    (work / OWNER_NAME).write_text(f"{os.getpid()} {command}\n", encoding="utf-8")
    try:
        yield
    finally:
        (work / OWNER_NAME).unlink(missing_ok=True)
        lock.release()


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + PATIENCE_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {PATIENCE_SECONDS} s for {what}")
        time.sleep(0.1)


def start_build(root: Path, log: Path, *args: str) -> subprocess.Popen[bytes]:
    with log.open("wb") as sink:  # a file, not a pipe: nobody reads a pipe while the test waits
        return subprocess.Popen([sys.executable, str(root / "build.py"), "--root", str(root), "--quiet", *args],
                                stdout=sink, stderr=subprocess.STDOUT, cwd=root)


def add_sentence(root: Path, sentence: str) -> None:
    chapter = root / "content" / "id" / "index.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")


def test_a_second_build_waits_for_the_first_and_then_publishes_whole(project: Path) -> None:
    before = tree_digest(project / "site")
    add_sentence(project, "Kalimat dari build kedua.")
    log = project.parent / "build.log"
    with lock_held(project, "fetch"):
        process = start_build(project, log, "--no-pdf")
        wait_for(lambda: WAITING_EN in log.read_text(encoding="utf-8"), "the waiting message")
        time.sleep(1.0)  # long enough for a build that did not wait to have started writing
        assert process.poll() is None, "the second build did not wait"
        said = log.read_text(encoding="utf-8")
        assert WAITING_ID in said and "`build.py fetch`" in said, said
        assert tree_digest(project / "site") == before, "site/ changed while another command held the lock"
        assert not list((project / ".build").glob("tmp-*")), "the waiting build made a scratch folder"
    assert process.wait(timeout=PATIENCE_SECONDS) == 0, log.read_text(encoding="utf-8")
    assert "Kalimat dari build kedua." in (project / "site" / "index.html").read_text(encoding="utf-8")
    assert not list((project / ".build").glob("tmp-*")), "the build left its scratch folder"
    assert not (project / "site.old-build").exists()


@pytest.mark.slow  # a real process
def test_every_command_that_writes_takes_the_lock(tmp_path: Path) -> None:
    """`new` stands for the light commands: it waits as a build does, and writes only after the lock."""
    root = copy_project(tmp_path / "project")
    log = tmp_path / "new.log"
    with lock_held(root, "build"):
        process = start_build(root, log, "new", "bab-9-uji")
        wait_for(lambda: WAITING_EN in log.read_text(encoding="utf-8"), "the waiting message")
        assert process.poll() is None and not (root / "content" / "id" / "bab-9-uji.md").exists()
    assert process.wait(timeout=PATIENCE_SECONDS) == 0, log.read_text(encoding="utf-8")
    assert (root / "content" / "id" / "bab-9-uji.md").is_file()


@pytest.mark.parametrize(("argv", "writes"), [
    ([], True), (["--strict"], True), (["fetch"], True), (["new", "bab-9"], True), (["releases", "--record"], True),
    (["translations", "--done", "en/index"], True), (["releases"], False), (["releases", "--compare", "a", "b"], False),
    (["releases", "--restore", "a", "--to", "/tmp/x"], False), (["translations"], False),
    (["serve"], False),  # each rebuild takes the lock, not the server
    (["benchmark"], False),  # its builds are processes that take the lock themselves
])
def test_which_commands_take_the_lock(argv: list[str], writes: bool) -> None:
    build = build_script()
    assert build.writes_project(build.parse_args(argv)) is writes


@pytest.mark.parametrize("argv", [[], ["benchmark"], ["benchmark", "--scale"]])
def test_no_pdf_only_ever_turns_the_pdf_off(argv: list[str]) -> None:
    """Without --no-pdf, mkdocs.yml's extra.report.print_pdf decides (None overrides nothing)."""
    build = build_script()
    assert build.parse_args(argv).print_pdf is None
    assert build.parse_args([*argv, "--no-pdf"]).print_pdf is False


@pytest.mark.slow  # a real process
def test_a_reading_command_does_not_wait(tmp_path: Path) -> None:
    """A real process: one that waited would wait for this test, which holds the lock, and time out; in
    this process it would wait for ever."""
    root = copy_project(tmp_path / "project")
    with lock_held(root):
        result = run_build_process(root, "translations", timeout=120)
    assert result.returncode == 0 and WAITING_EN not in result.stderr, result.stderr


@pytest.mark.slow
def test_the_preview_waits_for_a_running_build_then_rebuilds(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    root = copy_for(request, tmp_path / "project")
    preview = start_preview(root, free_port())
    try:
        def shown() -> str:
            with urllib.request.urlopen(preview.url, timeout=10) as response:
                return response.read().decode("utf-8")

        with lock_held(root, "build"):
            add_sentence(root, "Kalimat yang ditunggu pratinjau.")
            wait_for(lambda: WAITING_EN in preview.output(), "the preview's waiting message")
            assert "Kalimat yang ditunggu pratinjau." not in shown(), "the preview built while the lock was held"
            assert preview.process.poll() is None
        wait_for(lambda: "Kalimat yang ditunggu pratinjau." in shown(), "the preview's rebuild after the lock")
        assert "Kesalahan internal" not in preview.output()
    finally:
        assert preview.stop() == 0


def test_the_scratch_folder_of_a_killed_build_is_removed_by_the_next_command(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    stale = root / ".build" / "tmp-999999-killed"
    (stale / "site").mkdir(parents=True)
    result = run_build(root, "new", "bab-9-uji")
    assert result.returncode == 0, result.stderr
    assert not stale.exists()


# --- the swap ------------------------------------------------------------------------------------------

def break_data(root: Path) -> None:
    path = root / "data" / "kepesertaan.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",", ",x", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_swap_cut_between_its_renames_is_undone_before_a_failing_build_speaks(project: Path) -> None:
    """A kill between the two renames left no site/, only site.old-build/. The next build puts it back
    first, so its "the previous site was left unchanged" is true even when it fails."""
    before = tree_digest(project / "site")
    (project / "site").rename(project / "site.old-build")
    break_data(project)
    data_before = tree_digest(project / "data")
    result = run_build(project, "--no-pdf")
    assert result.returncode == 2, result.stderr
    assert "Situs sebelumnya tidak diubah." in result.stderr and "Traceback" not in result.stderr
    assert tree_digest(project / "site") == before
    assert not (project / "site.old-build").exists()
    assert tree_digest(project / "data") == data_before


def test_a_build_killed_as_it_publishes_leaves_a_whole_site(project: Path) -> None:
    """SIGKILL the moment the publish stage starts: whichever side of the swap it lands on, site/ is
    there and whole (the old site or the new one), and the next build finds nothing to undo."""
    before = tree_digest(project / "site")
    add_sentence(project, "Kalimat dari build yang dihentikan.")
    build = Running(project, "--no-pdf")
    build.wait_for(f"{STAGES[-1]} ...")
    build.stop(signal.SIGKILL)
    index = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert tree_digest(project / "site") == before or "Kalimat dari build yang dihentikan." in index
    assert not (project / "site.old-build").exists()
    result = run_build(project, "--no-pdf")
    assert result.returncode == 0, result.stderr
    assert "Kalimat dari build yang dihentikan." in (project / "site" / "index.html").read_text(encoding="utf-8")


def test_a_swap_cut_after_its_renames_keeps_the_new_site(tmp_path: Path) -> None:
    site, old = tmp_path / "site", tmp_path / "site.old-build"
    site.mkdir()
    (site / "index.html").write_text("new", encoding="utf-8")
    old.mkdir()
    (old / "index.html").write_text("old", encoding="utf-8")
    swap.recover(site)
    assert (site / "index.html").read_text(encoding="utf-8") == "new" and not old.exists()


def test_the_swap_exchanges_the_folders_in_one_step(tmp_path: Path) -> None:
    """On Linux the new site takes site/'s place in one system call: the folder that was site/ is now
    the scratch one, so at no instant was there no site/."""
    site, new = tmp_path / "site", tmp_path / ".build" / "site"
    site.mkdir()
    (site / "index.html").write_text("old", encoding="utf-8")
    new.mkdir(parents=True)
    (new / "index.html").write_text("new", encoding="utf-8")
    new_inode = new.stat().st_ino
    assert swap.exchange(new, site), "renameat2(RENAME_EXCHANGE) is not available on this system"
    assert site.stat().st_ino == new_inode and (new / "index.html").read_text(encoding="utf-8") == "old"
