"""A fetch that replaces several files in data/ is all or nothing, even under SIGKILL.

A real process is killed by a real SIGKILL right after its n-th rename, for every n: data/ must then
read, after the next fetch or build has started, as the old release or the new one, never a mix. The
kill point is exact because the child process counts its own renames (os.replace) and signals itself;
the project's code has no hook for this.

Every rename a fetch makes in data/ is made by its last step, `commit`, after the trial build of the
staged data. One whole fetch is run (and its renames recorded) once per test run; the killed processes run
that last step alone on the files the fetch staged, so each kill point costs a process start, not a build.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import REPO, build_cache_only, copy_project, run_build, tree_digest
from filelock import FileLock

from report.inputs.schema import DATASETS
from report.live import history
from report.live.journal import JOURNAL, discard_undecided, finish_commit

pytestmark = pytest.mark.slow  # every test here runs build.py or fetch as processes

NOW = datetime(2025, 6, 3, 2, 0, tzinfo=UTC)
UPDATED = {"kepesertaan.csv": ("2025-05,51.71,semua,10704,", "2025-05,51.71,semua,10704,"),
           "klaim.csv": ("2024,51.71,JKM,,18000000000,", "2024,51.71,JKM,,18500000000,")}

KILLED_AFTER_RENAMES = """
import json, os, signal, sys
from datetime import datetime
from pathlib import Path
sys.path.insert(0, sys.argv[1])  # the code under test, whatever the environment has installed
from report.live.fetch import commit, fetch_all
from report.settings import load_settings

root, kill_after, now = Path(sys.argv[2]), int(sys.argv[3]), datetime.fromisoformat(sys.argv[4])
real_replace, renames = os.replace, []

def replace(source, target, *args, **kwargs):
    real_replace(source, target, *args, **kwargs)
    if Path(target).is_relative_to(root / ".build"):
        return  # the trial build of the staged data (and its cache) writes only there
    renames.append(str(Path(target).relative_to(root)))
    if len(renames) == kill_after:
        os.kill(os.getpid(), signal.SIGKILL)

os.replace = replace
if len(sys.argv) > 5:  # the fetch's last step alone: the files staged in argv[5], their addresses in argv[6]
    addresses = json.loads(sys.argv[6])
    commit(root / "data", Path(sys.argv[5]), list(addresses), addresses, now)
else:
    fetch_all(load_settings(root, show_progress=False, print_pdf=False), now=now)
print(json.dumps(renames))
"""


@dataclass(frozen=True)
class Fetched:
    """One whole fetch of the update, by a real `fetch` process: the project as it was before it (its
    .build/cache warm from the fetch's trial build), the renames the fetch made, and data/ after it."""

    before: Path
    renames: list[str]
    new: dict[str, bytes]
    data_digest: str


@pytest.fixture(scope="session")
def fetched(tmp_path_factory: pytest.TempPathFactory, built_project: Path) -> Fetched:
    """Run once for all workers of `pytest -n`, as conftest's built_once: the first to ask fetches."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the folder all workers of this run share
    folder = base / "fetched"
    with FileLock(base / "fetched.lock"):
        if not (folder / "renames.json").is_file():
            shutil.rmtree(folder, ignore_errors=True)  # a worker's fetch that failed part-way
            fetch_once(folder, built_project)
    run = folder / "run"
    return Fetched(folder / "before", json.loads((folder / "renames.json").read_text(encoding="utf-8")),
                   datasets(run), tree_digest(run / "data"))


def fetch_once(folder: Path, built: Path) -> None:
    root = updating_project(folder / "before")
    run = shutil.copytree(root, folder / "run")
    shutil.copytree(built / ".build" / "cache", run / ".build" / "cache")  # its trial build draws only what changed
    completed = fetch_killed_after(run, 0)
    assert completed.returncode == 0, completed.stderr
    old, new = datasets(root), datasets(run)
    assert sum(new[n] != old[n] for n in new) == 2, "the update changes two files"
    shutil.copytree(run / ".build" / "cache", root / ".build" / "cache")
    (folder / "renames.json").write_text(completed.stdout, encoding="utf-8")


def updating_project(root: Path) -> Path:
    """A project whose fetch changes two files (read from masukan/, so no server is needed), with its
    data already kept as a release: the fetch writes only what the update needs."""
    copy_project(root)
    (root / "masukan").mkdir()
    for name, (old, new) in UPDATED.items():
        text = (root / "data" / name).read_text(encoding="utf-8")
        assert old in text
        changed = text.replace(old, new) + ("2025-06,51.71,semua,10750,resmi,suarabantas-2025-05\n"
                                            if name == "kepesertaan.csv" else "")
        (root / "masukan" / name).write_text(changed, encoding="utf-8")
    (root / "data" / "sumber_data.csv").write_text(
        "dataset,jenis,lokasi,format,resource_id,catatan\n"
        + "".join(f"{name[:-4]},berkas,masukan/{name},csv,,\n" for name in UPDATED), encoding="utf-8")
    history.record_release(root / "data", NOW, {}, label="lokal")
    return root


@pytest.fixture
def updating(fetched: Fetched, tmp_path: Path) -> Path:
    """The project before the fetch, for a test to change; its data/ as it was kept in pristine/."""
    root = shutil.copytree(fetched.before, tmp_path / "project", ignore=build_cache_only)
    shutil.copytree(root / "data", tmp_path / "pristine")
    return root


def fetch_killed_after(root: Path, renames: int) -> subprocess.CompletedProcess[str]:
    """`fetch` in a real process that SIGKILLs itself after its `renames`-th rename (0: never)."""
    return subprocess.run([sys.executable, "-c", KILLED_AFTER_RENAMES, str(REPO), str(root), str(renames),
                           NOW.isoformat()], capture_output=True, text=True, timeout=120, cwd=root)


def commit_killed_after(root: Path, renames: int, fetched: Fetched) -> subprocess.CompletedProcess[str]:
    """The fetch's last step alone, in a real process that SIGKILLs itself after its `renames`-th rename
    (0: never): it replaces data/ with the files the whole fetch staged, from where the fetch read them."""
    staging = root / ".build" / "fetch-kandidat"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for name in UPDATED:
        (staging / name).write_bytes(fetched.new[name])
    addresses = json.dumps({name: f"masukan/{name}" for name in UPDATED})
    return subprocess.run([sys.executable, "-c", KILLED_AFTER_RENAMES, str(REPO), str(root), str(renames),
                           NOW.isoformat(), str(staging), addresses], capture_output=True, text=True, timeout=120,
                          cwd=root)


def restore(root: Path) -> None:
    shutil.rmtree(root / "data")
    shutil.copytree(root.parent / "pristine", root / "data")


def datasets(root: Path) -> dict[str, bytes]:
    return {d.file: (root / "data" / d.file).read_bytes() for d in DATASETS}


def assert_one_release(root: Path, old: dict[str, bytes], new: dict[str, bytes]) -> None:
    """data/ is wholly the old release or wholly the new one, and the history says which."""
    now = datasets(root)
    assert now in (old, new), f"data/ mixes releases: {[n for n in now if now[n] != old[n]]} new"
    latest = history.releases(root / "data")[-1]
    assert {n: r.sha256 for n, r in latest.files.items()} == \
        {n: hashlib.sha256(content).hexdigest() for n, content in now.items()}
    assert latest.id.endswith("-lokal") == (now == old)
    hidden = [p.name for p in (root / "data").iterdir() if p.name.startswith(".")]
    assert not hidden, f"left in data/: {hidden}"


def first_rename_into_data(renames: list[str]) -> int:
    """How many renames the fetch had done once the first data file was replaced: a kill there splits
    the update in two."""
    return next(n for n, target in enumerate(renames, 1) if target in {f"data/{name}" for name in UPDATED})


def test_the_last_step_alone_does_what_the_whole_fetch_does(fetched: Fetched, updating: Path) -> None:
    """What makes the kills below those of a fetch: the same renames, in the same order, leaving data/
    byte for byte as the whole fetch left it."""
    completed = commit_killed_after(updating, 0, fetched)
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout) == fetched.renames
    assert tree_digest(updating / "data") == fetched.data_digest


def test_a_fetch_killed_after_any_rename_leaves_one_whole_release(fetched: Fetched, updating: Path) -> None:
    old, new = datasets(updating), fetched.new
    split_seen = False
    for kill_after in range(1, len(fetched.renames) + 1):
        restore(updating)
        killed = commit_killed_after(updating, kill_after, fetched)
        assert killed.returncode == -signal.SIGKILL, killed.stderr
        on_disk = datasets(updating)
        split_seen |= on_disk not in (old, new)

        finish_commit(updating / "data")  # what the next fetch does first (a build does the first step)
        discard_undecided(updating / "data")

        assert_one_release(updating, old, new)
    assert split_seen, "no kill fell between two files: the test would not notice a half-done update"


def test_the_next_build_finishes_a_killed_update(fetched: Fetched, updating: Path) -> None:
    old, new = datasets(updating), fetched.new
    killed = commit_killed_after(updating, first_rename_into_data(fetched.renames), fetched)
    assert killed.returncode == -signal.SIGKILL
    assert datasets(updating) not in (old, new) and (updating / "data" / JOURNAL).is_file()

    result = run_build(updating, "--no-pdf")

    assert result.returncode == 0, result.stderr
    assert datasets(updating) == new
    assert_one_release(updating, old, new)


def test_the_next_fetch_finishes_a_killed_update_even_if_it_fails(fetched: Fetched, updating: Path) -> None:
    old, new = datasets(updating), fetched.new
    assert commit_killed_after(updating, first_rename_into_data(fetched.renames), fetched).returncode \
        == -signal.SIGKILL
    (updating / "masukan" / "klaim.csv").unlink()

    result = run_build(updating, "fetch")

    assert result.returncode == 2 and "masukan/klaim.csv tidak ditemukan" in result.stderr
    assert datasets(updating) == new
    assert_one_release(updating, old, new)
