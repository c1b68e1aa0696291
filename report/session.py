"""What a caller reuses from one build to the next, owned by that caller, never by a module.

A one-shot build makes a fresh session and drops it; the live preview keeps one for as long as it
runs, so a chapter edit reuses the data, figures and charts of the build before it. Nothing is
kept between callers, so two builds in one process (tests, the benchmark) never see each other's
results.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from .compute import Figures
from .data import Tables
from .render import Page

ENGINE = Path(__file__).resolve().parent
CONSTRAINTS = ENGINE.parent / "constraints.txt"


@dataclass(frozen=True)
class DataStages:
    """Tables, figures and charts made from one exact set of data files (their hash is `key`)."""

    key: str
    tables: Tables
    figures: Figures
    charts: dict


@dataclass
class RenderedPages:
    """The pages rendered last, and what they were rendered with."""

    figures: Figures | None = None  # held, not just its id, so a new Figures can never pass for it
    templates: str = ""
    pages: dict[tuple[str, str, str, str], Page] = field(default_factory=dict)


@dataclass
class BuildSession:
    data: DataStages | None = None
    rendered: RenderedPages = field(default_factory=RenderedPages)
    code_version: str = field(default_factory=lambda: code_version())


def code_version() -> str:
    """One hash of the engine's source and its pinned dependencies: part of every cache key, so a
    change to the code or to a library never reuses a chart, card, download or PDF made before it."""
    digest = hashlib.sha256()
    for path in sorted(ENGINE.rglob("*.py")):
        digest.update(str(path.relative_to(ENGINE)).encode() + b"\0" + path.read_bytes())
    if CONSTRAINTS.is_file():
        digest.update(CONSTRAINTS.read_bytes())
    return digest.hexdigest()
