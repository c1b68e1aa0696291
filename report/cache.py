"""Files written whole or not at all, and results kept under a hash of what they were made from.

Every cache in .build/cache/ (charts, link cards, PDF chapters) and every file fetch keeps in
data/riwayat/ goes through here, so a build killed half-way never leaves a half-written file. The
download files are kept as one folder per version (downloads.py) and swept with the rest.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path


def write_atomic(path: Path, content: bytes) -> None:
    """Readers see the old file or the new one, never half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# Every kept file read or made since the last sweep: what the current build needs.
USED: set[Path] = set()


def remembered(path: Path, make: Callable[[], bytes]) -> bytes:
    """The content kept at `path` (named by a hash of its inputs), made and kept on first use."""
    USED.add(path)
    if path.is_file():
        return path.read_bytes()
    content = make()
    write_atomic(path, content)
    return content


def sweep(cache_root: Path) -> None:
    """After a successful build, drop what it did not use from each cache folder it used, so the cache
    holds one build's worth instead of every version ever drawn. Folders the build skipped (the PDF
    with --no-pdf, charts reused by the preview) keep theirs."""
    used = {path for path in USED if path.is_relative_to(cache_root)}
    for folder in {path.parent for path in used}:
        for kept in folder.iterdir():
            if kept in used or kept.name.startswith("."):
                continue
            if kept.is_dir():
                shutil.rmtree(kept, ignore_errors=True)
            else:
                kept.unlink(missing_ok=True)
    USED.clear()
