"""Whether site/ was built from exactly these inputs, so a build with nothing changed does no work.

Two stamps, kept beside the cache once a build has published site/ without any warning:
- the build's own inputs (content/, data/, templates/, mkdocs.yml, the settings, the date that the data
  notice depends on, our code): when none changed, build.py stops before importing the engine;
- MkDocs' input (below): when a build's pages came out the same, MkDocs does not run again.

MkDocs reads the docs tree we wrote, mkdocs.yml, templates/ (Material's overrides), a few settings and
the data notice; what it makes also depends on our code and the MkDocs and Material versions. A hash of
all of that, kept beside the cache once a build has published site/ without MkDocs warnings, says
whether running MkDocs again could change anything. A build with warnings records nothing, so its
warnings are shown again on the next build rather than skipped.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import date
from pathlib import Path

from report.cache import write_atomic
from report.settings import CONFIG_FILE, Settings

STAMP = "site-input.json"
PACKAGE = Path(__file__).resolve().parent
CONSTRAINTS = PACKAGE.parent / "constraints.txt"
BUILD_INPUTS = ("content", "data", "templates")


def code_version() -> str:
    """One hash of the engine's source and its pinned dependencies: part of every cache key, so a
    change to the code or to a library never reuses a chart, card, download, PDF or site made before it.
    Here, not in session.py, so that build.py can check for "nothing changed" without loading the engine."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*.py")):
        digest.update(str(path.relative_to(PACKAGE)).encode() + b"\0" + path.read_bytes())
    if CONSTRAINTS.is_file():
        digest.update(CONSTRAINTS.read_bytes())
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


def build_key(settings: Settings) -> str:
    """Everything a build reads, taken before it reads any of it (data/ whole: a fetch's journal too)."""
    options = {k: v for k, v in dataclasses.asdict(settings).items() if k != "show_progress"}
    digest = hashlib.sha256(json.dumps([options, date.today(), code_version()], sort_keys=True,
                                       default=str).encode())
    digest.update((settings.root / CONFIG_FILE).read_bytes())
    for name in BUILD_INPUTS:
        digest.update(name.encode())
        if (settings.root / name).is_dir():
            tree_digest(digest, settings.root / name)
    return digest.hexdigest()


def stamps(settings: Settings) -> dict[str, str]:
    stamp = settings.work_dir / STAMP
    if not settings.site_dir.is_dir() or not stamp.is_file():
        return {}
    try:
        kept = json.loads(stamp.read_text(encoding="utf-8"))
    except ValueError:
        return {}  # a stamp from elsewhere: build
    return kept if isinstance(kept, dict) else {}


def is_current(settings: Settings, key: str, kind: str = "input") -> bool:
    return stamps(settings).get(kind) == key


def record(settings: Settings, key: str | None, kind: str = "input") -> None:
    """After the swap: site/ now holds what `key` gives; None forgets, so the next build does the work."""
    kept = {k: v for k, v in stamps(settings).items() if k != kind}
    if key is not None:
        kept[kind] = key
    elif kind == "input":
        kept = {}  # site/ is about to change: no stamp vouches for it
    write_atomic(settings.work_dir / STAMP, json.dumps(kept).encode())
