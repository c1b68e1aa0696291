"""Charts: a registry of named builders, drawn at build time as inline SVG, cached by their inputs.

A builder (in chart_catalogue.py) declares the computed tables it reads; the drawing is cached
under a hash of exactly those tables, the page language and the code that draws, so a data update
redraws only the charts whose inputs changed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import altair as alt
import pandas as pd
import vl_convert

from .cache import remembered
from .compute import Figures
from .i18n import D3_FORMAT_LOCALES, D3_TIME_LOCALES, Formatter


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
    svg: str
    vega: str  # the compiled Vega spec as JSON, for the interactive layer (loaded only on interaction)
    notes: list[str]


Builder = Callable[[Figures, Formatter], ChartSpec]


@dataclass(frozen=True)
class Entry:
    builder: Builder
    uses: tuple[str, ...]  # names in Figures.tables


CHARTS: dict[str, Entry] = {}
DRAWING_CODE = ("charts.py", "chart_catalogue.py", "theme.py", "i18n.py", "suppress.py")


def register(name: str, uses: tuple[str, ...]) -> Callable[[Builder], Builder]:
    def add(builder: Builder) -> Builder:
        CHARTS[name] = Entry(builder, uses)
        return builder
    return add


def catalogue() -> dict[str, Entry]:
    from . import chart_catalogue  # noqa: F401 - registers the builders

    return CHARTS


def make_charts(figures: Figures, languages: tuple[str, ...],
                cache_dir: Path | None = None) -> dict[tuple[str, str], DrawnChart]:
    code = code_digest()
    drawn = {}
    for name, entry in catalogue().items():
        if any(figures.tables[table].empty for table in entry.uses):
            continue  # nothing to draw; a chapter asking for it is told so (blocks.chart)
        inputs = inputs_digest(figures, entry.uses)
        for lang in languages:
            key = hashlib.sha256(f"{name}|{lang}|{inputs}|{code}".encode()).hexdigest()
            drawn[(name, lang)] = drawn_once(cache_dir, key, lambda: draw(
                name, entry.builder(figures, Formatter(lang)), lang))  # noqa: B023 - called at once
    return drawn


def drawn_once(cache_dir: Path | None, key: str, make: Callable[[], DrawnChart]) -> DrawnChart:
    if cache_dir is None:
        return make()
    kept = remembered(cache_dir / f"{key}.json",
                      lambda: json.dumps(asdict(make()), ensure_ascii=False).encode("utf-8"))
    return DrawnChart(**json.loads(kept))


def draw(name: str, spec: ChartSpec, lang: str) -> DrawnChart:
    vega_lite = spec.chart.properties(description=f"{spec.title}. {spec.description}").to_dict()
    vega = vl_convert.vegalite_to_vega(vega_lite)  # compiled once: drawn here, and shipped for interaction
    svg = vl_convert.vega_to_svg(vega, format_locale=D3_FORMAT_LOCALES[lang], time_format_locale=D3_TIME_LOCALES[lang])
    interactive = {"spec": vega, "locale": {"number": D3_FORMAT_LOCALES[lang], "time": D3_TIME_LOCALES[lang]}}
    return DrawnChart(name, lang, spec.title, spec.description, [str(c) for c in spec.table.columns],
                      [[str(v) for v in row] for row in spec.table.itertuples(index=False)],
                      spec.download.to_csv(index=False), list(spec.sources), spec.illustrative, spec.suppressed, svg,
                      json.dumps(interactive, ensure_ascii=False, separators=(",", ":")), list(spec.notes))


def code_digest() -> str:
    digest = hashlib.sha256(f"{getattr(vl_convert, '__version__', '')}|{alt.__version__}".encode())
    for name in DRAWING_CODE:
        digest.update((Path(__file__).parent / name).read_bytes())
    return digest.hexdigest()


def inputs_digest(figures: Figures, uses: tuple[str, ...]) -> str:
    digest = hashlib.sha256()
    for table in uses:
        digest.update(figures.tables[table].to_csv(index=False).encode())
    return digest.hexdigest()
