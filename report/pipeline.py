"""The build, as a table of contents of its stages. build.py and the benchmark both call this."""

from __future__ import annotations

import hashlib
import json
import re
import resource
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from report import site_stamp
from report.cache import Memo, file_clock, sweep, versioned
from report.chapters.content import Chapter
from report.chapters.pictures import PICTURE_DIR, Picture, load_pictures, write_pictures
from report.chapters.translation import prepare_chapters
from report.charts.charts import make_charts
from report.errors import Problem, print_warnings
from report.figures.compute import Figures, compute_figures, newest_cited_period, newest_official_period, release_date
from report.i18n import Formatter
from report.inputs.data import Tables, load_data
from report.inputs.schema import DATASETS
from report.live.history import HISTORY_DIR, MANIFEST, DataStatus, Release, read_status, releases, status_of
from report.live.journal import finish_commit
from report.lock import scratch_folder
from report.pages.docs_tree import write_docs_tree
from report.pages.render import Page, render_pages
from report.publishing.datasets import data_as_of, fetch_dates, shown_as_of
from report.publishing.downloads import DOWNLOADS_CACHE, write_downloads
from report.publishing.language_sites import TREES
from report.publishing.pdf import pdf_documents
from report.publishing.pdf_layout import PdfLayouts
from report.publishing.publish import build_site
from report.publishing.release_notes import changes_pages, data_notice
from report.publishing.social import site_names, write_cards
from report.publishing.swap import recover, swap_in
from report.session import BuildSession, DataStages, RenderedPages
from report.settings import Settings

T = TypeVar("T")


class Stage(StrEnum):
    """The stages in the order they run; each value is the label staff see in the progress lines."""

    CONTENT = "konten / content"
    DATA = "data"
    FIGURES = "angka / figures"
    CHARTS = "grafik / charts"
    TEMPLATES = "templat / templates"
    HISTORY = "riwayat data / data history"
    DOCS_TREE = "pohon docs / docs tree"
    DOWNLOADS = "unduhan / downloads"
    CARDS = "kartu pratinjau / share cards"
    PDF = "PDF"
    MKDOCS = "mkdocs"
    PUBLISH = "terbitkan / publish"


STAGES = tuple(Stage)


@dataclass
class Timings:
    """Seconds per stage, in the order the stages ran, and the build's peak memory once each had run."""

    stages: dict[str, float] = field(default_factory=dict)
    peak_mb: dict[str, float] = field(default_factory=dict)
    show: bool = True
    # What the build published anyway and a strict build would refuse; the preview shows it in the page.
    warnings: list[Problem] = field(default_factory=list)

    def run(self, stage: Stage, step: Callable[[], T], already: float = 0.0) -> T:
        """`already`: seconds the stage spent earlier, out of turn (the PDF's documents, made before its
        layouts start), counted in its time."""
        number = len(self.stages) + 1
        if self.show:
            print(f"[{number}/{len(STAGES)}] {stage} ...", end="", file=sys.stderr, flush=True)
        started = time.perf_counter()
        try:
            return step()
        finally:
            self.stages[stage.value] = time.perf_counter() - started + already
            self.peak_mb[stage.value] = peak_memory_mb()
            if self.show:
                print(f" {self.stages[stage.value]:.2f} s", file=sys.stderr, flush=True)


def peak_memory_mb() -> float:
    """The most memory the build has held so far, by the kernel's account: this process, or the largest
    process it started and waited for. A high-water mark: the stage where it rises is the one that costs.
    Processes that ran at the same time (the PDF's layouts, pdf_layout.py) count one by one, not summed."""
    own, children = (resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return max(own, children) / 1024


@dataclass(frozen=True)
class History:
    """data/riwayat/ as this build read it, once: the releases and the latest fetch's failure, if any."""

    releases: list[Release]
    failure: dict[str, Any] | None


def data_key(settings: Settings) -> str:
    digest = hashlib.sha256(f"{settings.small_cell_threshold}|{settings.languages}|{settings.allow_illustrative}|"
                            f"{settings.payer_id}|{settings.payer_en}|{settings.download_name}".encode())
    # The manifest gives each published dataset its fetch date.
    for path in sorted(settings.data_dir.glob("*.csv")) + sorted(settings.data_dir.glob(f"{HISTORY_DIR}/{MANIFEST}")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def data_stages(settings: Settings, history: History, session: BuildSession, timings: Timings,
                cache_dir: Path) -> DataStages:
    """Data, figures and charts; a session that built from the same data files reuses them."""
    key = data_key(settings)
    if session.data is None or session.data.key != key:
        tables = timings.run(Stage.DATA, lambda: load_data(settings.data_dir,
                                                           allow_illustrative=settings.allow_illustrative))
        fetched = fetch_dates(settings.data_dir, history.releases)
        payer = {"id": settings.payer_id, "en": settings.payer_en}
        figures = timings.run(Stage.FIGURES, lambda: compute_figures(tables, settings.small_cell_threshold, fetched,
                                                                     payer, settings.download_name))
        charts = timings.run(Stage.CHARTS, lambda: make_charts(figures, settings.languages, cache_dir / "charts"))
        session.data = DataStages(key, tables, figures, charts)
    return session.data


def render_stage(chapters: list[Chapter], figures: Figures, charts: dict, templates_dir: Path,
                 rendered: RenderedPages | None = None, pictures: dict[str, Picture] | None = None,
                 memo: Memo | None = None, downloads_cache: Path | None = None) -> list[Page]:
    """The templates stage; a kept `rendered` renders again only the chapters that changed since."""
    last = rendered if rendered is not None else RenderedPages()
    # A picture's words or size are in the pages too.
    templates = hashlib.sha256(b"".join(p.read_bytes() for p in sorted(templates_dir.glob("*.html")))
                               + repr(sorted((pictures or {}).items())).encode()).hexdigest()
    if last.figures is not figures or last.templates != templates:
        last.figures, last.templates, last.pages = figures, templates, {}
    keys = [(c.slug, c.lang, c.body, json.dumps(c.meta, sort_keys=True, default=str)) for c in chapters]
    todo = [(chapter, key) for chapter, key in zip(chapters, keys) if key not in last.pages]
    fresh = render_pages([chapter for chapter, _ in todo], figures, charts, templates_dir, pictures, memo,
                         downloads_cache)
    made = {key: last.pages[key] for key in keys if key in last.pages}
    made.update(zip([key for _, key in todo], fresh))
    last.pages = made
    return [made[key] for key in keys]


def build(settings: Settings, session: BuildSession | None = None) -> Timings:
    """One build; `session` is what the caller keeps between builds (the preview), none for a one-shot.
    Callers hold the project's lock (report/lock.py); the build works in a scratch folder of its own."""
    recover(settings.site_dir)  # first: a half-done swap would make "the previous site" untrue
    scratch = scratch_folder(settings.work_dir)
    try:
        timings = build_in(settings, scratch, session if session is not None else BuildSession())
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


def build_in(settings: Settings, scratch: Path, session: BuildSession) -> Timings:
    timings = Timings(show=settings.show_progress)
    inputs = site_stamp.build_key(settings)  # before any of them is read
    cache = versioned(settings.work_dir / "cache", session.code_version)
    started = file_clock(cache)
    docs_dir, new_site = scratch / "docs", scratch / "site"
    chapters, translations, warnings = timings.run(Stage.CONTENT, lambda: prepare_chapters(
        settings.content_dir, settings.languages, settings.strict))
    finish_commit(settings.data_dir)  # a fetch killed while replacing files: read its whole release, not half
    history = History(releases(settings.data_dir), read_status(settings.data_dir))
    data = data_stages(settings, history, session, timings, cache)
    pictures = load_pictures(settings.content_dir, settings.languages)
    pages = timings.run(Stage.TEMPLATES, lambda: render_stage(chapters, data.figures, data.charts,
                                                              settings.templates_dir, session.rendered, pictures,
                                                              session.memo, cache / DOWNLOADS_CACHE))
    pages += timings.run(Stage.HISTORY, lambda: changes_pages(settings.data_dir, settings.languages,
                                                              history.releases))
    timings.run(Stage.DOCS_TREE, lambda: write_docs_tree(pages, data.charts, translations, settings.templates_dir,
                                                         docs_dir))
    write_pictures(pictures, docs_dir / "assets" / PICTURE_DIR, cache / PICTURE_DIR)
    site_as_of = as_of(data, chapters, settings)
    write_files(settings, timings, (pages, chapters), data, scratch, site_as_of, cache, session)
    notice = data_notice(settings.data_dir, history_status(history, data.tables, settings),
                         settings.stale_after_days, site_as_of)
    warnings += publish_stages(settings, timings, docs_dir, new_site, notice, session)
    sweep(cache, started)
    site_stamp.record(settings, None if warnings else inputs, "build")
    print_warnings(warnings, settings.message_language)  # last, where staff look: above "done"
    timings.warnings = warnings
    return timings


def write_files(settings: Settings, timings: Timings, made: tuple[list[Page], list[Chapter]], data: DataStages,
                scratch: Path, site_as_of: dict[str, str], cache: Path, session: BuildSession) -> None:
    """Downloads, share cards and the study PDF. The PDF's layouts run in child processes meanwhile
    (pdf_layout.py): they start once the docs tree holds the pictures the PDF embeds."""
    (pages, chapters), docs_dir = made, scratch / "docs"
    names = site_names(settings.mkdocs_yml, settings.languages)
    started = time.perf_counter()
    documents = pdf_documents(pages, study_order(chapters), names, site_as_of, settings.mkdocs_yml,
                              settings.templates_dir, docs_dir, settings.site_url) if settings.print_pdf else []
    with PdfLayouts(documents, cache / "pdf", scratch / "pdf") as pdfs:
        preparing = time.perf_counter() - started
        timings.run(Stage.DOWNLOADS, lambda: write_downloads(data.figures, docs_dir, release_date(data.tables),
                                                             cache / DOWNLOADS_CACHE, settings.languages,
                                                             session.memo))
        timings.run(Stage.CARDS, lambda: write_cards(pages, names, docs_dir, cache / "cards",
                                                     settings.default_language))
        if settings.print_pdf:
            timings.run(Stage.PDF, lambda: pdfs.finish(docs_dir), already=preparing)


def history_status(history: History, tables: Tables, settings: Settings) -> DataStatus:
    return status_of(history.releases, history.failure, release_date(tables), date.today(),
                       settings.stale_after_days)


def publish_stages(settings: Settings, timings: Timings, docs_dir: Path, new_site: Path,
                   notice: dict[str, str] | None, session: BuildSession) -> list[Problem]:
    """MkDocs and the swap, unless site/ was already built from exactly this input (site_stamp.py)."""
    key = site_stamp.input_key(settings, docs_dir, notice)
    if site_stamp.is_current(settings, key):
        return []
    site_stamp.record(settings, None)  # site/ is about to change: until it has, no stamp vouches for it
    outputs = session.language_outputs
    warnings = timings.run(Stage.MKDOCS, lambda: build_site(settings, docs_dir, new_site, notice, outputs))
    outputs.published = {}  # likewise for what the session knows of it
    timings.run(Stage.PUBLISH, lambda: swap_in(new_site, settings.site_dir))
    outputs.swapped_in(settings.site_dir)
    site_stamp.record(settings, None if warnings else key)
    return warnings


def study_order(chapters: list[Chapter]) -> list[str]:
    """Chapters in the order the site's navigation gives them: the summary first, then by file name."""
    slugs = sorted({c.slug for c in chapters})
    return ["index"] + [s for s in slugs if s != "index"]


CITED = re.compile(r"""\bfig(?:\.(\w+)|\[["'](\w+)["']\])""")


def as_of(data: DataStages, chapters: list[Chapter], settings: Settings) -> dict[str, str]:
    """The site's "data as of" per language, by the one definition (datasets.data_as_of): the day the
    data was fetched when data/riwayat/ records every file, otherwise the period of the newest sourced
    figure the language's chapters cite (the newest official count if they cite none). The PDF cover
    and the data notice show it."""
    fallback = newest_official_period(data.tables)  # a year stays a year, never its December
    shown = {}
    for lang in settings.languages:
        names = {a or b for c in chapters if c.lang == lang for a, b in CITED.findall(c.body)}
        period = max(newest_cited_period(data.figures, names), fallback, key=lambda p: (p + "-12")[:7])
        text = data_as_of(data.figures.fetched, [spec.file for spec in DATASETS], period)
        shown[lang] = shown_as_of(Formatter(lang), text)
    return shown
