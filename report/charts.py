"""Named chart builders over the computed figures, drawn at build time as inline SVG.

Each builder returns a ChartSpec in the page's language: an Altair chart, a title, a one-sentence
description generated from the data, the data as a table and the sources it rests on.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import altair as alt
import pandas as pd
import vl_convert

from . import theme
from .compute import Figures
from .i18n import D3_FORMAT_LOCALES, D3_TIME_LOCALES, Formatter


@dataclass(frozen=True)
class ChartSpec:
    name: str
    chart: alt.Chart
    title: str
    description: str
    table: pd.DataFrame  # already formatted for display, columns in the page's language
    sources: tuple[str, ...]
    illustrative: bool = False


@dataclass(frozen=True)
class DrawnChart:
    spec: ChartSpec
    svg: str


Builder = Callable[[Figures, Formatter], ChartSpec]
CHARTS: dict[str, Builder] = {}


def register(name: str) -> Callable[[Builder], Builder]:
    def add(builder: Builder) -> Builder:
        CHARTS[name] = builder
        return builder
    return add


def make_charts(figures: Figures, languages: tuple[str, ...],
                cache_dir: Path | None = None) -> dict[tuple[str, str], DrawnChart]:
    return {(name, lang): draw(builder(figures, Formatter(lang)), lang, cache_dir)
            for lang in languages for name, builder in CHARTS.items()}


def draw(spec: ChartSpec, lang: str, cache_dir: Path | None = None) -> DrawnChart:
    """Draw the chart as SVG, reusing an earlier drawing of exactly the same spec when there is one."""
    vega_lite = spec.chart.properties(description=f"{spec.title}. {spec.description}").to_dict()
    key = hashlib.sha256(json.dumps([vega_lite, lang, vl_convert.__version__], sort_keys=True,
                                    default=str).encode()).hexdigest()
    cached = cache_dir / f"{key}.svg" if cache_dir else None
    if cached and cached.is_file():
        return DrawnChart(spec, cached.read_text(encoding="utf-8"))
    svg = vl_convert.vegalite_to_svg(vega_lite, format_locale=D3_FORMAT_LOCALES[lang],
                                     time_format_locale=D3_TIME_LOCALES[lang])
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(".part")
        partial.write_text(svg, encoding="utf-8")
        partial.replace(cached)
    return DrawnChart(spec, svg)


def share(part: float, whole: float) -> float:
    return 100 * part / whole if whole else 0.0


@register("cakupan_segmen")
def coverage_by_segment(figures: Figures, fmt: Formatter) -> ChartSpec:
    frame = figures.tables["cakupan_segmen"].copy()
    lang = fmt.lang
    frame["nama"] = frame[f"nama_{lang}"]
    yes, no = ("pekerja rentan", "bukan pekerja rentan") if lang == "id" else ("vulnerable workers", "other")
    frame["golongan"] = frame["pekerja_rentan"].map({"ya": yes, "tidak": no})
    frame["label"] = [fmt.number(v) for v in frame["peserta"]]
    periode = fmt.period(str(frame["periode"].iloc[0]))
    total = int(frame["peserta"].sum())
    largest = frame.iloc[0]
    title = (f"Peserta per segmen, {periode}" if lang == "id" else f"Participants by segment, {periode}")
    description = (f"Segmen terbesar adalah {largest['nama']} dengan {fmt.number(largest['peserta'])} peserta "
                   f"({fmt.percent(share(largest['peserta'], total), 1)} dari {fmt.number(total)})."
                   if lang == "id" else
                   f"The largest segment is {largest['nama']} with {fmt.number(largest['peserta'])} participants "
                   f"({fmt.percent(share(largest['peserta'], total), 1)} of {fmt.number(total)}).")
    order = list(frame["nama"])
    base = alt.Chart(frame).encode(
        y=alt.Y("nama:N", sort=order, title=None),
        x=alt.X("peserta:Q", title=fmt.label("participants"), axis=alt.Axis(format=",d")),
    )
    bars = base.mark_bar().encode(
        color=alt.Color("golongan:N", title=None,
                        scale=alt.Scale(domain=[yes, no], range=[theme.OFFICIAL_COLOUR, theme.OTHER_COLOUR])))
    labels = base.mark_text(align="left", dx=3).encode(text="label:N")
    table = pd.DataFrame({fmt.label("segment"): frame["nama"], fmt.label("group"): frame["golongan"],
                          fmt.label("participants"): frame["label"]})
    chart = (bars + labels).properties(width=300, height=alt.Step(22))
    return ChartSpec("cakupan_segmen", chart, title, description, table, tuple(frame["sumber"].unique()))


@register("cakupan_waktu")
def coverage_over_time(figures: Figures, fmt: Formatter) -> ChartSpec:
    frame = figures.tables["cakupan_waktu"].copy()
    lang = fmt.lang
    frame["bulan"] = frame["periode"] + "-01"
    frame["status_label"] = frame["status"].map(lambda s: fmt.label("official" if s == "resmi" else "illustrative"))
    official = frame[frame["status"] == "resmi"]
    first, last = official.iloc[0], official.iloc[-1]
    title = "Jumlah peserta dari waktu ke waktu" if lang == "id" else "Participants over time"
    description = (f"Angka resmi berubah dari {fmt.number(first['peserta'])} ({fmt.period(first['periode'])}) "
                   f"menjadi {fmt.number(last['peserta'])} ({fmt.period(last['periode'])})."
                   if lang == "id" else
                   f"The official count went from {fmt.number(first['peserta'])} ({fmt.period(first['periode'])}) "
                   f"to {fmt.number(last['peserta'])} ({fmt.period(last['periode'])}).")
    statuses = [fmt.label("official"), fmt.label("illustrative")]
    base = alt.Chart(frame).encode(
        x=alt.X("bulan:T", title=None, axis=alt.Axis(format="%b %Y", tickCount="month", labelAngle=0)),
        y=alt.Y("peserta:Q", title=fmt.label("participants"), scale=alt.Scale(zero=True),
                axis=alt.Axis(format=",d", tickCount=5)),
    )
    line = base.mark_line(color=theme.OTHER_COLOUR, strokeDash=[4, 3])
    points = base.mark_point(size=90, filled=True).encode(
        shape=alt.Shape("status_label:N", title=None, scale=alt.Scale(domain=statuses, range=["circle", "triangle-up"])),
        color=alt.Color("status_label:N", title=None,
                        scale=alt.Scale(domain=statuses, range=[theme.OFFICIAL_COLOUR, theme.ILLUSTRATIVE_COLOUR])))
    table = pd.DataFrame({fmt.label("month"): [fmt.period(p) for p in frame["periode"]],
                          fmt.label("participants"): [fmt.number(v) for v in frame["peserta"]],
                          fmt.label("status"): frame["status_label"]})
    chart = (line + points).properties(width=320, height=200)
    sources = tuple(s for s in official["sumber"].unique() if s)
    return ChartSpec("cakupan_waktu", chart, title, description, table, sources,
                     illustrative=bool((frame["status"] != "resmi").any()))
