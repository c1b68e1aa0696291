"""Whether site/ was built from exactly this MkDocs input, so a build with nothing changed skips MkDocs.

MkDocs reads the docs tree we wrote, mkdocs.yml, templates/ (Material's overrides), a few settings and
the data notice; what it makes also depends on our code and the MkDocs and Material versions. A hash of
all of that, kept beside the cache once a build has published site/ without MkDocs warnings, says
whether running MkDocs again could change anything. A build with warnings records nothing, so its
warnings are shown again on the next build rather than skipped.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib.metadata import version
from pathlib import Path

from .cache import write_atomic
from .settings import CONFIG_FILE, Settings

STAMP = "site-input.json"
PACKAGE = Path(__file__).resolve().parent
TOOLS = ("mkdocs", "mkdocs-material")


@cache
def code_version() -> str:
    """Our engine's code and the versions of the tools it drives: fixed for the life of a process."""
    digest = hashlib.sha256("|".join(version(tool) for tool in TOOLS).encode())
    for path in sorted(PACKAGE.glob("*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def tree_digest(digest: hashlib._Hash, folder: Path) -> None:
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())


def input_key(settings: Settings, docs_dir: Path, notice: dict[str, str] | None) -> str:
    options = [settings.strict, settings.search_index, settings.site_url, settings.languages, notice,
               str(settings.site_dir), code_version()]
    digest = hashlib.sha256(json.dumps(options, sort_keys=True, default=str).encode())
    digest.update((settings.root / CONFIG_FILE).read_bytes())
    for folder in (docs_dir, settings.templates_dir):
        digest.update(folder.name.encode())
        tree_digest(digest, folder)
    return digest.hexdigest()


def is_current(settings: Settings, key: str) -> bool:
    stamp = settings.work_dir / STAMP
    if not settings.site_dir.is_dir() or not stamp.is_file():
        return False
    try:
        return json.loads(stamp.read_text(encoding="utf-8")).get("input") == key
    except ValueError:
        return False  # a stamp from elsewhere: build


def record(settings: Settings, key: str | None) -> None:
    """After the swap: site/ now holds what `key` gives; None forgets, so the next build runs MkDocs."""
    stamp = settings.work_dir / STAMP
    if key is None:
        stamp.unlink(missing_ok=True)
    else:
        write_atomic(stamp, json.dumps({"input": key}).encode())
