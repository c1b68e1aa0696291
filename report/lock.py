"""One writer at a time per project: builds, fetches, recorded releases, new chapters and the preview's
rebuilds share .build/ (caches), site/ and data/, so each takes this lock before it writes.

The lock is an OS file lock (the `filelock` package, flock on Linux): the system releases it when its
process ends, however it ends, so a killed build never leaves the project locked. A second command
says what it is waiting for and waits; Ctrl-C stops the waiting.

Each build also works in a scratch folder of its own, .build/tmp-<pid>-<random>/; one left by a killed
build is removed by the next holder of the lock, since no other holder can be using it.
"""

from __future__ import annotations

import errno
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

LOCK_NAME = "lock"
OWNER_NAME = "lock.owner"  # who holds the lock, for the waiting message; informative only
SCRATCH_PREFIX = "tmp-"


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@contextmanager
def exclusive(work_dir: Path, command: str, announce: Callable[[str], None] = say) -> Iterator[None]:
    """Hold the project's lock while the block runs; wait, saying so, while another command holds it."""
    make_folder(work_dir)
    lock = FileLock(work_dir / LOCK_NAME)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        announce(waiting_message(work_dir))
        lock.acquire()
    try:
        (work_dir / OWNER_NAME).write_text(f"{os.getpid()} {command}\n", encoding="utf-8")
        remove_stale_scratch(work_dir)
        yield
    finally:
        (work_dir / OWNER_NAME).unlink(missing_ok=True)
        lock.release()


def waiting_message(work_dir: Path) -> str:
    try:
        pid, _, command = (work_dir / OWNER_NAME).read_text(encoding="utf-8").strip().partition(" ")
    except OSError:
        pid, command = "?", ""
    who = f" (`build.py {command}`, PID {pid})" if command else ""
    return (f"Build lain sedang berjalan di proyek ini{who}; menunggu sampai selesai... (Ctrl-C untuk batal)\n"
            f"Another build is running in this project{who}; waiting until it finishes... (Ctrl-C to cancel)")


def make_folder(folder: Path) -> None:
    """mkdir, but a file in the folder's place is named as such (mkdir would say "file exists")."""
    if folder.exists() and not folder.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(folder))
    folder.mkdir(parents=True, exist_ok=True)


def remove_stale_scratch(work_dir: Path) -> None:
    for stale in work_dir.glob(SCRATCH_PREFIX + "*"):
        shutil.rmtree(stale, ignore_errors=True)


def scratch_folder(work_dir: Path) -> Path:
    """A folder for this build alone, on the same disk as site/ so that publishing it is a rename."""
    make_folder(work_dir)
    return Path(tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-", dir=work_dir))


def clear_work_dir(work_dir: Path) -> None:
    """Everything in .build/ but the lock file: deleting that while another process holds it would let a
    third take a lock of its own beside it."""
    for child in work_dir.iterdir() if work_dir.is_dir() else ():
        if child.name == LOCK_NAME:
            continue
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)
