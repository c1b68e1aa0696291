"""The build, as a table of contents of its stages. build.py and the benchmark both call this."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TypeVar

from .cache import sweep
from .charts import make_charts
from .compute import Figures, compute_figures, newest_cited_period, release_date
from .content import Chapter
from .data import Tables, load_data
from .datasets import fetch_dates, shown_as_of
from .docs_tree import write_docs_tree
from .downloads import write_downloads
from .errors import Problem, print_warnings
from .history import HISTORY_DIR, MANIFEST
from .i18n import Formatter
from .journal import finish_commit
from .language_sites import TREES
from .lock import scratch_folder
from .pdf import write_pdfs
from .pictures import PICTURE_DIR, Picture, load_pictures, write_pictures
from .publish import build_site
from .release_notes import changes_pages, data_notice
from .render import Page, render_pages
from .settings import CONFIG_FILE, Settings
from .social import site_names, write_cards
from .swap import recover, swap_in
from .translation import prepare_chapters

T = TypeVar("T")


@dataclass
class Timings:
    """Seconds per stage, in the order the stages ran."""

    stages: dict[str, float] = field(default_factory=dict)
    show: bool = True
    # What the build published anyway and a strict build would refuse; the preview shows it in the page.
    warnings: list[Problem] = field(default_factory=list)

    def run(self, label: str, step: Callable[[], T]) -> T:
        number = len(self.stages) + 1
        if self.show:
            print(f"[{number}/{len(STAGES)}] {label} ...", end="", file=sys.stderr, flush=True)
        started = time.perf_counter()
        try:
            return step()
        finally:
            self.stages[label] = time.perf_counter() - started
            if self.show:
                print(f" {self.stages[label]:.2f} s", file=sys.stderr, flush=True)


STAGES = ("konten / content", "data", "angka / figures", "grafik / charts", "templat / templates",
          "riwayat data / data history", "pohon docs / docs tree", "unduhan / downloads",
          "kartu pratinjau / share cards", "PDF", "mkdocs", "terbitkan / publish")


# The last data read in this process, under a hash of every byte it came from: tables, figures, charts.
LAST_DATA: dict[str, tuple[Tables, Figures, dict]] = {}


def data_key(settings: Settings) -> str:
    digest = hashlib.sha256(f"{settings.small_cell_threshold}|{settings.languages}".encode())
    # The manifest gives each published dataset its fetch date.
    for path in sorted(settings.data_dir.glob("*.csv")) + sorted(settings.data_dir.glob(f"{HISTORY_DIR}/{MANIFEST}")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def data_stages(settings: Settings, timings: Timings) -> tuple[Tables, Figures, dict]:
    """Data, figures and charts; a long-running process (the preview) reuses them after a chapter-only edit."""
    finish_commit(settings.data_dir)  # a fetch killed while replacing files: read its whole release, not half
    key = data_key(settings)
    if key not in LAST_DATA:
        tables = timings.run(STAGES[1], lambda: load_data(settings.data_dir))
        figures = timings.run(STAGES[2], lambda: compute_figures(tables, settings.small_cell_threshold,
                                                                 fetch_dates(settings.data_dir)))
        charts = timings.run(STAGES[3], lambda: make_charts(figures, settings.languages,
                                                            settings.work_dir / "cache" / "charts"))
        LAST_DATA.clear()
        LAST_DATA[key] = (tables, figures, charts)
    return LAST_DATA[key]


@dataclass
class RenderedPages:
    """The pages this process rendered last, and what they were rendered with."""

    figures: Figures | None = None  # held, not just its id, so a new Figures can never pass for it
    templates: str = ""
    pages: dict[tuple[str, str, str, str], Page] = field(default_factory=dict)


LAST_PAGES = RenderedPages()


def render_stage(chapters: list[Chapter], figures: Figures, charts: dict, templates_dir: Path,
                 pictures: dict[str, Picture] | None = None) -> list[Page]:
    """The templates stage; the preview renders again only the chapters that changed since its last build."""
    # A picture's words or size are in the pages too.
    templates = hashlib.sha256(b"".join(p.read_bytes() for p in sorted(templates_dir.glob("*.html")))
                               + repr(sorted((pictures or {}).items())).encode()).hexdigest()
    if LAST_PAGES.figures is not figures or LAST_PAGES.templates != templates:
        LAST_PAGES.figures, LAST_PAGES.templates, LAST_PAGES.pages = figures, templates, {}
    keys = [(c.slug, c.lang, c.body, json.dumps(c.meta, sort_keys=True, default=str)) for c in chapters]
    todo = [(chapter, key) for chapter, key in zip(chapters, keys) if key not in LAST_PAGES.pages]
    fresh = render_pages([chapter for chapter, _ in todo], figures, charts, templates_dir, pictures)
    made = {key: LAST_PAGES.pages[key] for key in keys if key in LAST_PAGES.pages}
    made.update(zip([key for _, key in todo], fresh))
    LAST_PAGES.pages = made
    return [made[key] for key in keys]


def build(settings: Settings) -> Timings:
    """Callers hold the project's lock (report/lock.py); the build works in a scratch folder of its own."""
    recover(settings.site_dir)  # first: a half-done swap would make "the previous site" untrue
    scratch = scratch_folder(settings.work_dir)
    try:
        timings = build_in(settings, scratch)
        for kept in ("docs", TREES):
            keep_latest(scratch / kept, settings.work_dir / kept)
        return timings
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def keep_latest(made: Path, kept: Path) -> None:
    """The last build's docs trees stay in .build/ (docs/, trees/<lang>/), to inspect, or for a bare MkDocs
    or another engine to build (the benchmark, tests/test_zensical.py)."""
    shutil.rmtree(kept, ignore_errors=True)
    try:
        made.rename(kept)
    except OSError:
        pass  # a convenience only: the site is already published, and the scratch folder goes anyway


def build_in(settings: Settings, scratch: Path) -> Timings:
    timings = Timings(show=settings.show_progress)
    work = settings.work_dir
    docs_dir, new_site = scratch / "docs", scratch / "site"
    chapters, translations, warnings = timings.run(STAGES[0], lambda: prepare_chapters(
        settings.content_dir, settings.languages, settings.strict))
    tables, figures, charts = data_stages(settings, timings)
    pictures = load_pictures(settings.content_dir, settings.languages)
    pages = timings.run(STAGES[4], lambda: render_stage(chapters, figures, charts, settings.templates_dir, pictures))
    pages += timings.run(STAGES[5], lambda: changes_pages(settings.data_dir, settings.languages))
    timings.run(STAGES[6], lambda: write_docs_tree(pages, charts, translations, settings.templates_dir,
                                                       docs_dir))
    write_pictures(pictures, docs_dir / "assets" / PICTURE_DIR, work / "cache" / PICTURE_DIR)
    timings.run(STAGES[7], lambda: write_downloads(figures, docs_dir, release_date(tables),
                                                       work / "cache" / "downloads", settings.languages))
    names = site_names(settings.root / CONFIG_FILE, settings.languages)
    timings.run(STAGES[8], lambda: write_cards(pages, names, docs_dir, work / "cache" / "cards",
                                               settings.default_language))
    if settings.print_pdf:
        cover_date = as_of(figures, chapters, settings)
        timings.run(STAGES[9], lambda: write_pdfs(pages, study_order(chapters), names, cover_date,
                                                  settings.root / CONFIG_FILE, settings.templates_dir, docs_dir,
                                                  work / "cache" / "pdf", settings.site_url))
    notice = data_notice(settings.data_dir, date.today(), settings.stale_after_days)
    warnings += timings.run(STAGES[10], lambda: build_site(settings, docs_dir, new_site, notice))
    timings.run(STAGES[11], lambda: swap_in(new_site, settings.site_dir))
    sweep(work / "cache")
    print_warnings(warnings, settings.message_language)  # last, where staff look: above "done"
    timings.warnings = warnings
    return timings


def study_order(chapters: list[Chapter]) -> list[str]:
    """Chapters in the order the site's navigation gives them: the summary first, then by file name."""
    slugs = sorted({c.slug for c in chapters})
    return ["index"] + [s for s in slugs if s != "index"]


CITED = re.compile(r"""\bfig(?:\.(\w+)|\[["'](\w+)["']\])""")


def as_of(figures: Figures, chapters: list[Chapter], settings: Settings) -> dict[str, str]:
    """Per language, the period of the newest sourced figure its chapters cite: what the study's "data as
    of" truthfully means. The newest official participant count if the chapters cite none."""
    fallback = release_date(figures.data).isoformat()[:7]
    shown = {}
    for lang in settings.languages:
        names = {a or b for c in chapters if c.lang == lang for a, b in CITED.findall(c.body)}
        shown[lang] = shown_as_of(Formatter(lang), max(newest_cited_period(figures, names), fallback,
                                                       key=lambda p: (p + "-12")[:7]))
    return shown
