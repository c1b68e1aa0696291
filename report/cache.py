"""Files written whole or not at all, and results kept under a hash of what they were made from.

Every cache in .build/cache/ (charts, link cards, PDF chapters) and every file fetch keeps in
data/riwayat/ goes through here, so a build killed half-way never leaves a half-written file.
"""

from __future__ import annotations

import os
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


def remembered(path: Path, make: Callable[[], bytes]) -> bytes:
    """The content kept at `path` (named by a hash of its inputs), made and kept on first use."""
    if path.is_file():
        return path.read_bytes()
    content = make()
    write_atomic(path, content)
    return content
