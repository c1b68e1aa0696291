"""Render each chapter's Markdown through sandboxed Jinja2, per language, with the data's figures."""

from __future__ import annotations

import dataclasses
import hashlib
import re
import traceback
from dataclasses import dataclass
from pathlib import Path

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from report.cache import Memo
from report.chapters.chapter_html import guard_output, unsafe_html
from report.chapters.content import Chapter
from report.chapters.pictures import Picture
from report.charts.charts import DrawnChart, catalogue
from report.errors import ContentError, Problem
from report.figures.compute import Figure, Figures
from report.i18n import Formatter
from report.inputs.invisible import INVISIBLE
from report.pages.as_text import inline_text, markdown_inert
from report.pages.chapter_messages import Vocabulary, is_staff_mistake, template_problem
from report.pages.held_output import ChapterSandbox, HeldOutput
from report.pages.loop_limit import limited_range


@dataclass(frozen=True)
class Page:
    slug: str
    lang: str
    meta: dict
    markdown: str


class RawInt(int):
    """A figure's bare number. Printed, it would carry neither its source nor "lebih dari" of a lower bound:
    finalize_output refuses it. Arithmetic on it gives a plain number, as any calculation in a chapter does."""


class RawFloat(float):
    """As RawInt, for a figure with decimals."""


class ShownFigure:
    """A figure as a template sees it: prints formatted, with its provenance on hover and focus."""

    def __init__(self, figure: Figure, fmt: Formatter, snippets: jinja2.Environment, sources: dict[str, dict]):
        self._figure, self._fmt, self._snippets, self._sources = figure, fmt, snippets, sources

    @property
    def value(self) -> object:
        """For comparing ({% if fig.x.value > 0 %}), never for printing: see RawInt."""
        value = self._figure.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            return value
        return RawInt(value) if isinstance(value, int) else RawFloat(value)

    @property
    def text(self) -> str:
        """The value as the source states it, "lebih dari" included for a lower bound."""
        return self._fmt.bounded(self._plain(), self._figure.lower_bound)

    def _plain(self) -> str:
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
        fig = self._figure
        compact = self._fmt.compact(fig.value, rupiah=fig.unit == "rupiah")  # type: ignore[arg-type]
        return self._render(self._fmt.bounded(compact, fig.lower_bound))

    @property
    def source_code(self) -> str:
        """For {{ cite(fig.x) }}: the figure's own source, which follows the data when it is updated."""
        return self._figure.source

    @property
    def period(self) -> str:
        return self._fmt.period(self._figure.periode)

    def provenance(self, separator: str) -> str:
        """Where the figure comes from, in words: every source (all inputs of a derived figure), its period
        as the source gives it, and how a derived figure was computed."""
        fig, fmt = self._figure, self._fmt
        if fig.status == "ilustratif":
            parts = [fmt.label("illustrative")]
        else:
            parts = ["; ".join(self._sources.get(code, {}).get("penerbit", code) for code in fig.sources)]
        parts.append(fmt.as_of(fig.periode))
        if fig.status == "turunan":
            method = getattr(fig.method, fmt.lang, "") if fig.method else ""
            parts.append(f"{fmt.label('derived')}: {method}" if method else fmt.label("derived"))
        return separator.join(part for part in parts if part)

    def _render(self, text: str) -> Markup:
        fmt = self._fmt
        html = self._snippets.get_template("figure.html").render(  # sources' names inside a paragraph: as text
            text=text, figure=self._figure, provenance=inline_text(self.provenance(", ")),
            title=inline_text(f"{fmt.label('source')}: {self.provenance(' · ')}"), label=fmt.label)
        return Markup(" ".join(html.split()))

    def __str__(self) -> str:
        return str(self._render(self.text))

    __html__ = __str__


def render_pages(chapters: list[Chapter], figures: Figures, charts: dict[tuple[str, str], DrawnChart],
                 templates_dir: Path, pictures: dict[str, Picture] | None = None, memo: Memo | None = None,
                 downloads_cache: Path | None = None) -> list[Page]:
    """`memo`: the build's (the preview's session's), so a data edit checks and compiles no chapter again
    whose text did not change. `downloads_cache`: where the download files made before are kept, so the
    data page reads their sizes there instead of making the files again."""
    memo = memo if memo is not None else Memo()
    snippets = jinja2.Environment(loader=jinja2.FileSystemLoader(templates_dir), autoescape=True,
                                  undefined=jinja2.StrictUndefined)
    sources = {row["kode"]: row for row in figures.data["sumber"].to_dict("records")}
    problems: list[Problem] = []
    pages = []
    words = vocabulary(figures)
    for chapter in chapters:
        if unsafe := memo.get("html", text_key(chapter), lambda: unsafe_html(chapter)):  # noqa: B023 - at once
            problems.extend(unsafe)
            continue
        held = HeldOutput()
        env = chapter_environment(chapter.lang, figures, charts, snippets, sources, pictures, memo,
                                  downloads_cache, held=held)
        try:
            rendered = compiled(env, chapter.body, memo).render()
        except (jinja2.TemplateError, TypeError, OverflowError) as exc:
            if not is_staff_mistake(exc):
                raise
            problem = isinstance(exc, jinja2.TemplateError) and site_template_problem(exc, templates_dir)
            problems.append(problem or template_problem(chapter, exc, words))
            continue
        if unsafe := rendered_html_problems(chapter, held.without(rendered), memo):
            problems.extend(unsafe)
            continue
        markdown = held.restored(rendered)
        doubled = doubled_bound(chapter, markdown)
        if doubled:
            problems.append(doubled)
            continue
        pages.append(Page(chapter.slug, chapter.lang, chapter.meta, markdown))
    if problems:
        raise ContentError(list(dict.fromkeys(problems)))  # a broken template would be named once per chapter
    return pages


def chapter_environment(lang: str, figures: Figures, charts: dict[tuple[str, str], DrawnChart],
                        snippets: jinja2.Environment, sources: dict[str, dict],
                        pictures: dict[str, Picture] | None = None, memo: Memo | None = None,
                        downloads_cache: Path | None = None, *, held: HeldOutput) -> SandboxedEnvironment:
    """`held`: where the helpers' output waits while the chapter's own text is judged (held_output.py); the
    caller puts it back (held.restored), so an environment without one would print tokens."""
    from report.pages import blocks  # the staff-facing helpers; imported here to keep this module about rendering

    fmt = Formatter(lang)
    env = ChapterSandbox(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True,
                         finalize=lambda value: finalize_output(value, held))
    env.globals["range"] = limited_range()
    env.globals["fig"] = {name: ShownFigure(f, fmt, snippets, sources) for name, f in figures.scalars.items()}
    env.globals.update(blocks.helpers(fmt, figures, charts, snippets, sources, pictures=pictures, memo=memo,
                                      downloads_cache=downloads_cache))
    return env


def text_key(chapter: Chapter) -> str:
    return hashlib.sha256(f"{chapter.shown_path}\0{chapter.body}".encode()).hexdigest()


def compiled(env: SandboxedEnvironment, body: str, memo: Memo) -> jinja2.Template:
    """env.from_string, with the compiling (a fifth of rendering a chapter) done once per text. The code
    depends on the environment's options only, which chapter_environment sets the same every time; a
    syntax error is raised, never kept."""
    code = memo.get("jinja", hashlib.sha256(body.encode()).hexdigest(), lambda: env.compile(body))
    return env.template_class.from_code(env, code, env.make_globals(None))


# A lower bound already reads "lebih dari Rp145 miliar": the same words typed before it would say it twice.
DOUBLED_BOUND = re.compile(r"\b(lebih dari|more than)\s*<span class=\"fig[^\"]*fig--lower-bound", re.I)
TYPED_BOUND = re.compile(r"\b(lebih dari|more than)\s*\{\{-?\s*fig\.", re.I)


def doubled_bound(chapter: Chapter, markdown: str) -> Problem | None:
    if not DOUBLED_BOUND.search(markdown):
        return None
    line = next((n for n, text in enumerate(chapter.body.split("\n"), 1) if TYPED_BOUND.search(text)), None)
    return Problem(chapter.shown_path, "angka di sini sudah ditampilkan dengan \"lebih dari\", karena sumbernya "
                   "menyebut batas bawah (kolom lebih_dari di data/); hapus kata \"lebih dari\" yang diketik di depan "
                   "{{ fig... }}.", "this figure is already shown with \"more than\", because its source gives a "
                   "lower bound (column lebih_dari in data/); remove the \"more than\" typed before {{ fig... }}.",
                   line=line)


def vocabulary(figures: Figures) -> Vocabulary:
    from report.pages import blocks

    return Vocabulary(tuple(figures.scalars), blocks.HELPERS, tuple(catalogue()))


def finalize_output(value: object, held: HeldOutput) -> object:
    """What a chapter's {{ }} prints: never a helper's Python name, never active HTML built in an expression,
    never Markdown built there; a helper's output is the site's own HTML, held apart while the chapter is judged."""
    value = guard_output(refuse_uncalled(value))
    if hasattr(value, "__html__"):
        return held.hold(value)
    return markdown_inert(refuse_invisible(value)) if isinstance(value, str) else value


def refuse_invisible(text: str) -> str:
    """A string in {{ }} can spell an invisible character ("\\u202e", "\\x00") that the file's own check
    (report/inputs/invisible.py) never sees; "\\x00" would also pass for a helper's token (held_output.py)."""
    if found := INVISIBLE.search(text):
        code = f"U+{ord(found[0]):04X}"
        raise SecurityError(f"karakter tak terlihat {code} tidak diizinkan di bab, juga bila ditulis sebagai kode "
                            f"dalam {{{{ }}}}; hapus kode itu / the invisible character {code} is not allowed in a "
                            f"chapter, also when written as a code inside {{{{ }}}}; remove that code")
    return text


def rendered_html_problems(chapter: Chapter, own_text: str, memo: Memo) -> list[Problem]:
    """The chapter's own text as Jinja put it together, judged as the file is (held_output.py)."""
    as_rendered = dataclasses.replace(chapter, body=own_text)
    return memo.get("html", text_key(as_rendered), lambda: unsafe_html(as_rendered))


def refuse_uncalled(value: object) -> object:
    """{{ headline }} without brackets would print Python's name for the helper into the page."""
    if callable(value) and not isinstance(value, ShownFigure | jinja2.Undefined):
        name = getattr(value, "__name__", "")
        raise jinja2.UndefinedError(f"{name} adalah blok dan ditulis dengan tanda kurung: {{{{ {name}() }}}} / "
                                    f"{name} is a helper and is written with brackets: {{{{ {name}() }}}}")
    if isinstance(value, RawInt | RawFloat):
        raise jinja2.UndefinedError("nilai .value dipakai untuk perbandingan, bukan untuk ditampilkan: tulis angkanya "
                                    "tanpa .value, mis. {{ fig.peserta_terbaru }}, supaya sumber dan \"lebih dari\" "
                                    "ikut tampil / .value is for comparisons, not for showing: write the figure "
                                    "without .value, e.g. {{ fig.peserta_terbaru }}, so its source and \"more than\" "
                                    "show with it")
    if isinstance(value, dict):  # {{ fig }} alone would print every figure as Python writes it
        raise jinja2.UndefinedError("fig adalah daftar semua angka; tulis satu angka dengan namanya, mis. "
                                    "{{ fig.peserta_terbaru }} / fig is the list of every figure; write one figure "
                                    "by its name, e.g. {{ fig.peserta_terbaru }}")
    return value


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
