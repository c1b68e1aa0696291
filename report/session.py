"""What a caller reuses from one build to the next, owned by that caller, never by a module.

A one-shot build makes a fresh session and drops it; the live preview keeps one for as long as it
runs, so a chapter edit reuses the data, figures and charts of the build before it. Nothing is
kept between callers, so two builds in one process (tests, the benchmark) never see each other's
results.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from report.cache import Memo
from report.figures.compute import Figures
from report.inputs.data import Tables
from report.pages.render import Page
from report.publishing.kept_languages import LanguageOutputs
from report.site_stamp import code_version


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
    # Results by a hash of their input (download files, workbooks, chapter checks and compiled chapters):
    # shared by the stages of a build, and by the preview's builds while it runs.
    memo: Memo = field(default_factory=Memo)
    # What the site last published holds per language, so the preview runs MkDocs only where input changed.
    language_outputs: LanguageOutputs = field(default_factory=LanguageOutputs)
