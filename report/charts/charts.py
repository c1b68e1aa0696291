"""Charts: named builders, drawn at build time as inline SVG, cached by their inputs.

A builder (in chart_catalogue.py) declares the computed tables it reads; the drawing is cached
under a hash of exactly those tables and the page language, in the build's cache folder of its
code version (cache.versioned), so a data update redraws only the charts whose inputs changed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
import vl_convert

from report.cache import remembered
from report.charts import theme
from report.errors import DataError, single
from report.figures.compute import Figures
from report.i18n import D3_FORMAT_LOCALES, D3_TIME_LOCALES, Formatter
from report.publishing.columns import in_language
from report.publishing.inert import inert_csv


@dataclass(frozen=True)
class ChartSpec:
    """What a builder returns, in the page's language."""

    chart: alt.TopLevelMixin
    title: str
    description: str  # one sentence generated from the data, e.g. the largest segment and its share
    table: pd.DataFrame  # the chart's data for the accessible table, formatted for reading
    download: pd.DataFrame  # the same published figures for the CSV download (machine-readable)
    sources: tuple[str, ...]  # codes from data/sumber.csv
    illustrative: bool = False
    suppressed: bool = False  # some small cells are shown as [c]
    notes: tuple[str, ...] = ()  # what a reader must know to read the values, e.g. that some are lower bounds


@dataclass(frozen=True)
class DrawnChart:
    """A chart ready for a page: everything the template shows, no Altair objects."""

    name: str
    lang: str
    title: str
    description: str
    columns: list[str]
    rows: list[list[str]]
    csv: str
    sources: list[str]
    illustrative: bool
    suppressed: bool
    svg: str  # drawn for a phone's text column
    svg_wide: str  # drawn for a desktop's; report.css shows the one that fits
    notes: list[str]  # what a reader must know to read the values, e.g. that some are lower bounds


Builder = Callable[[Figures, Formatter], ChartSpec]


@dataclass(frozen=True)
class Entry:
    builder: Builder
    uses: tuple[str, ...]  # names in Figures.tables


CHART_MARK = "_report_chart"  # the attribute `register` sets on a builder: (name, Entry)


def register(name: str, uses: tuple[str, ...]) -> Callable[[Builder], Builder]:
    """Marks a builder as the chart `name`; nothing is added to any shared registry."""
    def mark(builder: Builder) -> Builder:
        setattr(builder, CHART_MARK, (name, Entry(builder, uses)))
        return builder
    return mark


def catalogue() -> dict[str, Entry]:
    """The charts chart_catalogue.py defines, in its order: read from the module each time, so what
    is drawn never depends on what else was imported or registered in the process."""
    from report.charts import chart_catalogue

    marks = (getattr(value, CHART_MARK, None) for value in vars(chart_catalogue).values())
    return dict(mark for mark in marks if mark is not None)


def make_charts(figures: Figures, languages: tuple[str, ...],
                cache_dir: Path | None = None) -> dict[tuple[str, str], DrawnChart]:
    drawn = {}
    for name, entry in catalogue().items():
        if any(figures.tables[table].empty for table in entry.uses):
            continue  # nothing to draw; a chapter asking for it is told so (blocks.chart)
        inputs = inputs_digest(figures, entry.uses)
        for lang in languages:
            key = hashlib.sha256(f"{name}|{lang}|{inputs}".encode()).hexdigest()
            drawn[(name, lang)] = drawn_once(cache_dir, key, lambda: draw(
                name, entry.builder, figures, lang))  # noqa: B023 - called at once
    return drawn


def drawn_once(cache_dir: Path | None, key: str, make: Callable[[], DrawnChart]) -> DrawnChart:
    if cache_dir is None:
        return make()
    kept = remembered(cache_dir / f"{key}.json",
                      lambda: json.dumps(asdict(make()), ensure_ascii=False).encode("utf-8"))
    return DrawnChart(**json.loads(kept))


def draw(name: str, builder: Builder, figures: Figures, lang: str) -> DrawnChart:
    svgs = []
    for plot_width in theme.DRAWN_WIDTHS:
        with theme.drawing_width(plot_width):
            spec = builder(figures, Formatter(lang))
        svgs.append(svg_of(spec, lang))
    return DrawnChart(name, lang, spec.title, spec.description, [str(c) for c in spec.table.columns],
                      [[str(v) for v in row] for row in spec.table.itertuples(index=False)],
                      inert_csv(in_language(spec.download, lang)).to_csv(index=False), list(spec.sources),
                      spec.illustrative, spec.suppressed, svgs[0], svgs[-1], list(spec.notes))


def svg_of(spec: ChartSpec, lang: str) -> str:
    # Our builders make these specs: Altair's JSON-schema validation of them cost more than drawing them.
    vega_lite = readable_marks({**theme.vega_lite(spec.chart), "description": f"{spec.title}. {spec.description}"})
    try:
        return vl_convert.vegalite_to_svg(vega_lite, format_locale=D3_FORMAT_LOCALES[lang],
                                          time_format_locale=D3_TIME_LOCALES[lang])
    except ValueError:  # the renderer gave up, e.g. one bar per desa for thousands of desa: say which chart
        raise single(DataError, "data/", f"grafik \"{spec.title}\" tidak dapat digambar dari data ini "
                     f"({len(spec.download)} baris); kurangi rincian data atau hapus grafik itu dari bab.",
                     f"the chart \"{spec.title}\" cannot be drawn from this data ({len(spec.download)} rows); "
                     "reduce the breakdown or remove that chart from the chapter.") from None


MARK_TEXT = "_keterangan"  # a field added to the chart's data: the text of a mark's tooltip


def readable_marks(node: Any) -> Any:
    """Every mark with a tooltip gets that tooltip's text, "Month: May 2025; Participants: 10,704", as its
    accessible name: the SVG carries it as aria-label, and interactive.js shows it on hover and focus
    without any chart runtime. A tooltip entry titled " " (the category itself) shows its value alone."""
    if isinstance(node, list):
        return [readable_marks(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: readable_marks(value) for key, value in node.items()}
    tooltip = node.get("encoding", {}).get("tooltip")
    if isinstance(tooltip, list) and tooltip:
        parts = [(json.dumps(f"{t['title']}: ") + " + " if str(t.get("title", "")).strip() else "")
                 + f"(isValid(datum[{json.dumps(t['field'])}]) ? datum[{json.dumps(t['field'])}] : '')"
                 for t in tooltip if "field" in t]
        node["transform"] = [*node.get("transform", []), {"calculate": " + '; ' + ".join(parts), "as": MARK_TEXT}]
        node["encoding"] = {**node["encoding"], "description": {"field": MARK_TEXT, "type": "nominal"}}
    return node


def inputs_digest(figures: Figures, uses: tuple[str, ...]) -> str:
    digest = hashlib.sha256()
    for table in uses:
        digest.update(figures.tables[table].to_csv(index=False).encode())
    return digest.hexdigest()
