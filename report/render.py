"""Render each chapter's Markdown through sandboxed Jinja2, per language, with the data's figures."""

from __future__ import annotations

import re
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
from .loop_limit import ChapterLimit, limited_range


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
        if fig.unit == "percent":  # as many decimals as the data has, up to two: 38%, 53,9%, 53,88%
            digits = next(d for d in range(3) if round(fig.value, d) == round(fig.value, 2))  # type: ignore[arg-type]
            return fmt.percent(fig.value, digits)  # type: ignore[arg-type]
        if fig.unit == "date":
            return fmt.date(fig.value)  # type: ignore[arg-type]
        if fig.unit == "number":
            return fmt.number(fig.value, digits=3)  # type: ignore[arg-type]
        return fmt.number(fig.value)  # type: ignore[arg-type]

    @property
    def short(self) -> Markup:
        value = self._figure.value
        return self._render(self._fmt.compact(value, rupiah=self._figure.unit == "rupiah"))  # type: ignore[arg-type]

    @property
    def source_code(self) -> str:
        """For {{ cite(fig.x) }}: the figure's own source, which follows the data when it is updated."""
        return self._figure.source

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
            problems.append(site_template_problem(exc, templates_dir) or template_problem(chapter, exc))
            continue
        pages.append(Page(chapter.slug, chapter.lang, chapter.meta, markdown))
    if problems:
        raise ContentError(list(dict.fromkeys(problems)))  # a broken template would be named once per chapter
    return pages


def chapter_environment(lang: str, figures: Figures, charts: dict[tuple[str, str], DrawnChart],
                        snippets: jinja2.Environment, sources: dict[str, dict]) -> SandboxedEnvironment:
    from . import blocks  # the staff-facing helpers; imported here to keep this module about rendering

    fmt = Formatter(lang)
    env = SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True)
    env.globals["range"] = limited_range()
    env.globals["fig"] = {name: ShownFigure(f, fmt, snippets, sources) for name, f in figures.scalars.items()}
    env.globals.update(blocks.helpers(fmt, figures, charts, snippets, sources))
    return env


UNKNOWN_FIGURE = re.compile(r"'dict object' has no attribute '([^']+)'")
UNKNOWN_NAME = re.compile(r"'([^']+)' is undefined")
BLOCK_TAG = re.compile(r"{%-?\s*(\w+)")
OPENERS = {"if", "for", "macro", "call", "filter", "block", "raw", "with"}


def site_template_problem(exc: jinja2.TemplateError, templates_dir: Path) -> Problem | None:
    """An error inside one of templates/ (figure.html, overrides/main.html, ...): name that file and
    line, not every chapter that happened to use it."""
    folder = templates_dir.resolve()
    where: tuple[str, int | None] | None = None
    filename = getattr(exc, "filename", None)
    if filename and Path(filename).resolve().is_relative_to(folder):
        where = (filename, getattr(exc, "lineno", None))
    else:
        frames = [f for f in traceback.extract_tb(exc.__traceback__)
                  if Path(f.filename).resolve().is_relative_to(folder)]
        if frames:
            where = (frames[-1].filename, frames[-1].lineno)
    if where is None:
        return None
    shown = f"{templates_dir.name}/{Path(where[0]).resolve().relative_to(folder).as_posix()}"
    message = str(exc.message if getattr(exc, "message", None) else exc).rstrip(".")
    return Problem(shown, f"kesalahan di templat situs ({message}). Templat diurus tim pengembang; jika Anda baru "
                   "mengubah berkas ini, periksa atau batalkan perubahan itu.", f"error in a site template "
                   f"({message}). Templates are the developers' part; if you just changed this file, check or undo "
                   "that change.", line=where[1])


def template_problem(chapter: Chapter, exc: jinja2.TemplateError) -> Problem:
    """Jinja's own words mean little to staff: say what is wrong with the chapter, and where."""
    line = getattr(exc, "lineno", None)
    if line is None:
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == "<template>"]
        line = frames[-1].lineno if frames else None
    if isinstance(exc, ChapterLimit):
        return Problem(chapter.shown_path, exc.message_id, exc.message_en, line=line)
    message = str(exc.message if getattr(exc, "message", None) else exc).rstrip(".")
    if isinstance(exc, jinja2.UndefinedError):
        return unknown_name_problem(chapter, message, line)
    if "Unexpected end of template" in message:
        opened = unclosed_block(chapter.body)
        if opened:
            tag, line = opened
            return Problem(chapter.shown_path, f"blok {{% {tag} %}} di baris ini tidak pernah ditutup; tambahkan "
                           f"{{% end{tag} %}} di tempat blok itu berakhir.", f"the {{% {tag} %}} block on this line "
                           f"is never closed; add {{% end{tag} %}} where the block ends.", line=line)
    return Problem(chapter.shown_path, f"kesalahan templat ({message}). Periksa pasangan {{{{ }}}} dan {{% %}}.",
                   f"template error ({message}). Check that {{{{ }}}} and {{% %}} are paired.", line=line)


def unknown_name_problem(chapter: Chapter, message: str, line: int | None) -> Problem:
    guide_id, guide_en = "Lihat daftar nama di content/README.md.", "See the list of names in content/README.md."
    if figure := UNKNOWN_FIGURE.search(message):
        name = figure.group(1)
        return Problem(chapter.shown_path, f"angka fig.{name} tidak dikenal: namanya salah ketik atau angkanya "
                       f"tidak ada di data/. {guide_id}", f"fig.{name} is not a known figure: a typo, or the figure "
                       f"is not in data/. {guide_en}", line=line)
    if unknown := UNKNOWN_NAME.search(message):
        name = unknown.group(1)
        return Problem(chapter.shown_path, f"nama {name} tidak dikenal. {guide_id}",
                       f"{name} is not a known name. {guide_en}", line=line)
    # Our own helpers raise messages written for staff, as "Indonesian / English".
    indonesian, _, english = message.partition(" / ")
    return Problem(chapter.shown_path, f"{indonesian}.", f"{english or indonesian}.", line=line)


def unclosed_block(body: str) -> tuple[str, int] | None:
    """The innermost {% if %}/{% for %}/... that has no end tag, with its line."""
    stack: list[tuple[str, int]] = []
    for number, text in enumerate(body.split("\n"), start=1):
        for tag in BLOCK_TAG.findall(text):
            if tag in OPENERS:
                stack.append((tag, number))
            elif tag.startswith("end") and stack and stack[-1][0] == tag[3:]:
                stack.pop()
    return stack[-1] if stack else None
