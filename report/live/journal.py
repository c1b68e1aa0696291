"""data/ changes a whole release at a time, even when the process is killed half-way (SIGKILL, power cut
of the CI runner): never a new klaim.csv beside an old sumber.csv.

    move every new file beside its target (data/.<name>.pending)
        -> write data/.fetch-commit.json at once: from here on the release is decided
        -> rename each pending file over its target -> record the release in data/riwayat/
        -> remove the journal

A killed commit is finished by the next `build.py fetch`, build or preview before it reads data/:
with a journal it is rolled forward (the release had been validated whole); without one, the pending
files are the remains of a commit that never started and the next fetch removes them.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

from report.cache import write_atomic
from report.live import history

JOURNAL = ".fetch-commit.json"
PENDING_SUFFIX = ".pending"
JOURNAL_FORMAT = 1


def pending_path(data_dir: Path, name: str) -> Path:
    return data_dir / f".{name}{PENDING_SUFFIX}"


def begin_commit(data_dir: Path, staging: Path, sources: dict[str, str], fetched_at: datetime,
                 reason: str = "") -> None:
    """Put the new files (`sources`: file name -> where it came from) in data/ under pending names, then
    decide the release by writing its journal. Renames only: staging is on the same disk as data/."""
    for name in sources:
        os.replace(staging / name, pending_path(data_dir, name))
    write_atomic(data_dir / JOURNAL, json.dumps({"format": JOURNAL_FORMAT, "fetched_at": fetched_at.isoformat(),
                                                 "files": sources, "reason": reason}, indent=1).encode("utf-8"))


def finish_commit(data_dir: Path) -> history.Release | None:
    """Carry out a decided commit, whether this process began it or a killed one did; each step may be
    repeated safely, so a kill during this function is finished the next time too."""
    path = data_dir / JOURNAL
    if not path.is_file():
        return None
    journal = json.loads(path.read_text(encoding="utf-8"))
    for name in journal["files"]:
        try:
            os.replace(pending_path(data_dir, name), data_dir / name)
        except FileNotFoundError:
            pass  # renamed before the kill
    release = history.record_release(data_dir, datetime.fromisoformat(journal["fetched_at"]), journal["files"],
                                     reason=journal.get("reason", ""))
    path.unlink(missing_ok=True)
    return release


def discard_undecided(data_dir: Path) -> None:
    """Pending files with no journal, and a journal's half-written temporary file: a commit killed before
    it was decided. Only a fetch calls this; a preview running beside a fetch must not take its files."""
    if (data_dir / JOURNAL).is_file():
        return
    for leftover in [*data_dir.glob(f".*{PENDING_SUFFIX}"), *data_dir.glob(f".{JOURNAL}.*.tmp")]:
        leftover.unlink(missing_ok=True)
