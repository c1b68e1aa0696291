"""Files written whole or not at all, and results kept under a hash of what they were made from.

Every cache in .build/cache/ (charts, link cards, PDF chapters) and every file fetch keeps in
data/riwayat/ goes through here, so a build killed half-way never leaves a half-written file. The
download files are kept as one folder per version (downloads.py) and swept with the rest.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


def write_atomic(path: Path, content: bytes, make_folder: bool = True) -> None:
    """Readers see the old file or the new one, never half of it. `make_folder=False`: a folder someone
    removed stays removed, and the write fails instead."""
    if make_folder:
        path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


VERSION_PREFIX = "v-"
STARTED_MARK = ".started"


def remembered(path: Path, make: Callable[[], bytes]) -> bytes:
    """The content kept at `path` (named by a hash of its inputs), made and kept on first use."""
    if path.is_file():
        content = path.read_bytes()
        mark_used(path)
        return content
    content = make()
    write_atomic(path, content)
    return content


def mark_used(path: Path) -> None:
    """The file's own time says this build needed it: the sweep reads that, no list in memory."""
    os.utime(path)


def versioned(cache_root: Path, code_version: str) -> Path:
    """The cache folder of this code version: a change to the engine or its pinned libraries starts an
    empty one, so nothing made by other code is ever reused."""
    return cache_root / f"{VERSION_PREFIX}{code_version[:16]}"


def file_clock(cache_dir: Path) -> float:
    """Now, as the file system stamps the files in `cache_dir` (its coarse clock lags time.time(), and some
    file systems keep whole seconds): the start of a build for its sweep, which then tells this build's
    files from the last one's however soon one build follows another."""
    mark = cache_dir / STARTED_MARK
    mark.parent.mkdir(parents=True, exist_ok=True)
    mark.touch()  # an existing file gets the current time too
    return mark.stat().st_mtime


def sweep(cache_dir: Path, started: float) -> None:
    """After a successful build, drop what it did not use from each cache folder it used, and every other
    code version's folder, so the cache holds one build's worth instead of every version ever drawn.
    Folders the build skipped (the PDF with --no-pdf, charts reused by the preview) keep theirs.
    `started`: the build's file_clock(), a time on the files' own clock."""
    for other in cache_dir.parent.glob(f"{VERSION_PREFIX}*"):
        if other != cache_dir and other.is_dir():
            shutil.rmtree(other, ignore_errors=True)
    for folder in (f for f in cache_dir.iterdir() if f.is_dir()) if cache_dir.is_dir() else ():
        for half in folder.glob(".*.tmp"):  # a write_atomic cut short by a kill: never renamed into place
            if half.stat().st_mtime < started:
                half.unlink(missing_ok=True)
        kept = [entry for entry in folder.iterdir() if not entry.name.startswith(".")]
        if not any(entry.stat().st_mtime >= started for entry in kept):
            continue
        for entry in kept:
            if entry.stat().st_mtime >= started:
                continue
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)


class Memo:
    """Results kept in memory under a hash of exactly what they were made from, for as long as their owner
    keeps the memo: a one-shot build shares them between its stages (the data page's file sizes and the
    download files are one making), the preview's session between builds (a data edit remakes only the
    files and checks whose input changed). Equal keys mean equal results, so nothing it returns can differ
    from making it again. Each kind keeps its `keep` latest, so a long preview holds a few builds' worth."""

    def __init__(self) -> None:
        self._kinds: dict[str, OrderedDict[str, Any]] = {}

    def get(self, kind: str, key: str, make: Callable[[], T], keep: int = 256) -> T:
        kept = self._kinds.setdefault(kind, OrderedDict())
        if key in kept:
            kept.move_to_end(key)
            return kept[key]  # type: ignore[no-any-return]
        made = make()  # an error is raised, never kept: the next build meets it again
        kept[key] = made
        while len(kept) > keep:
            kept.popitem(last=False)
        return made
