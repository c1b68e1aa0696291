"""Render each chapter's Markdown through sandboxed Jinja2, per language, with the data's figures."""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from .charts import DrawnChart
from .compute import Figure, Figures
from .content import Chapter
from .errors import ContentError, Problem
from .i18n import Formatter


@dataclass(frozen=True)
class Page:
    slug: str
    lang: str
    meta: dict
    markdown: str


class ShownFigure:
    """A figure as a template sees it: prints formatted, with its provenance on hover and focus."""

    def __init__(self, figure: Figure, fmt: Formatter, snippets: jinja2.Environment, sources: dict[str, dict]):
        self._figure, self._fmt, self._snippets, self._sources = figure, fmt, snippets, sources

    @property
    def value(self) -> object:
        return self._figure.value

    @property
    def text(self) -> str:
        fig, fmt = self._figure, self._fmt
        if fig.unit == "rupiah":
            return fmt.rupiah(fig.value)  # type: ignore[arg-type]
        if fig.unit == "percent":
            return fmt.percent(fig.value)  # type: ignore[arg-type]
        if fig.unit == "date":
            return fmt.date(fig.value)  # type: ignore[arg-type]
        if fig.unit == "number":
            return fmt.number(fig.value, digits=3)  # type: ignore[arg-type]
        return fmt.number(fig.value)  # type: ignore[arg-type]

    @property
    def short(self) -> Markup:
        return self._render(self._fmt.compact(self._figure.value, rupiah=self._figure.unit == "rupiah"))

    @property
    def period(self) -> str:
        return self._fmt.period(self._figure.periode)

    def _render(self, text: str) -> Markup:
        source = self._sources.get(self._figure.source, {})
        html = self._snippets.get_template("figure.html").render(
            text=text, figure=self._figure, period=self.period, source=source, label=self._fmt.label)
        return Markup(" ".join(html.split()))

    def __str__(self) -> str:
        return str(self._render(self.text))

    __html__ = __str__


def render_pages(chapters: list[Chapter], figures: Figures, charts: dict[tuple[str, str], DrawnChart],
                 templates_dir: Path) -> list[Page]:
    snippets = jinja2.Environment(loader=jinja2.FileSystemLoader(templates_dir), autoescape=True,
                                  undefined=jinja2.StrictUndefined)
    sources = {row["kode"]: row for row in figures.data["sumber"].to_dict("records")}
    problems: list[Problem] = []
    pages = []
    for chapter in chapters:
        env = chapter_environment(chapter.lang, figures, charts, snippets, sources)
        try:
            markdown = env.from_string(chapter.body).render()
        except jinja2.TemplateError as exc:
            problems.append(template_problem(chapter, exc))
            continue
        pages.append(Page(chapter.slug, chapter.lang, chapter.meta, markdown))
    if problems:
        raise ContentError(problems)
    return pages


def chapter_environment(lang: str, figures: Figures, charts: dict[tuple[str, str], DrawnChart],
                        snippets: jinja2.Environment, sources: dict[str, dict]) -> SandboxedEnvironment:
    from . import blocks  # the staff-facing helpers; imported here to keep this module about rendering

    fmt = Formatter(lang)
    env = SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True)
    env.globals["fig"] = {name: ShownFigure(f, fmt, snippets, sources) for name, f in figures.scalars.items()}
    env.globals.update(blocks.helpers(fmt, figures, charts, snippets, sources))
    return env


def template_problem(chapter: Chapter, exc: jinja2.TemplateError) -> Problem:
    line = getattr(exc, "lineno", None)
    if line is None:
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == "<template>"]
        line = frames[-1].lineno if frames else None
    message = str(exc.message if hasattr(exc, "message") and exc.message else exc)
    if isinstance(exc, jinja2.UndefinedError):
        return Problem(chapter.shown_path, f"nama tidak dikenal dalam templat: {message}. Lihat daftar nama di "
                       "content/README.md.", f"unknown name in the template: {message}. See the list of names "
                       "in content/README.md.", line=line)
    return Problem(chapter.shown_path, f"kesalahan templat: {message}. Periksa pasangan {{{{ }}}} dan {{% %}}.",
                   f"template error: {message}. Check that {{{{ }}}} and {{% %}} are paired.", line=line)
