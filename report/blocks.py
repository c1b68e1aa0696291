"""The helpers a chapter can call, e.g. {{ chart("cakupan_segmen") }}; content/README.md lists them.

Each returns one line of HTML, so Python-Markdown keeps it as a raw block.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jinja2
import pandas as pd
from markupsafe import Markup

from .charts import DrawnChart
from .compute import Figures
from .i18n import Formatter


DOWNLOADS = "unduh"


def download_path(chart_name: str) -> str:
    """Where a chart's CSV lives, relative to the pages of its language."""
    return f"{DOWNLOADS}/grafik-{chart_name}.csv"


def one_line(html: str) -> Markup:
    return Markup(" ".join(html.split()))


def helpers(fmt: Formatter, figures: Figures, charts: dict[tuple[str, str], DrawnChart],
            snippets: jinja2.Environment, sources: dict[str, dict],
            languages: tuple[str, ...] = ("id", "en")) -> dict[str, Callable[..., Any]]:
    def snippet(name: str, **context: Any) -> Markup:
        return one_line(snippets.get_template(name).render(label=fmt.label, **context))

    def table(frame: pd.DataFrame, caption: str = "") -> Markup:
        return snippet("table.html", frame=frame, caption=caption)

    def chart(name: str) -> Markup:
        if (name, fmt.lang) not in charts:
            known = ", ".join(sorted({n for n, _ in charts}))
            raise jinja2.UndefinedError(f"grafik '{name}' tidak ada (yang ada: {known}) / no chart '{name}' "
                                        f"(available: {known})")
        drawn = charts[(name, fmt.lang)]
        used = [sources[code] for code in dict.fromkeys(drawn.sources) if code in sources]
        frame = pd.DataFrame(drawn.rows, columns=drawn.columns)
        # Charts sit on their own line with blank lines around, so Markdown sees one raw HTML block.
        return Markup("\n\n") + snippet("chart.html", chart=drawn, svg=Markup(drawn.svg), sources=used,
                                         download=download_path(name), table=table(frame),
                                         threshold=figures.small_cell_threshold) + Markup("\n\n")

    def cite(code: str) -> Markup:
        if code not in sources:
            raise jinja2.UndefinedError(f"sumber '{code}' tidak ada di data/sumber.csv / source '{code}' is not in "
                                        "data/sumber.csv")
        source = sources[code]
        return one_line(f'<a class="cite" href="{source["url"]}" rel="external noopener">[{source["penerbit"]}]</a>')

    def headline() -> Markup:
        figure = figures.scalars["peserta_terbaru"]
        return snippet("headline.html", figure=fmt.number(figure.value), period=fmt.period(figure.periode),
                       source=sources[figure.source])

    def bibliography() -> Markup:
        items = sorted(sources.values(), key=lambda s: (s["penerbit"].lower(), s["keterangan"]))
        html = "".join(f'<li id="sumber-{s["kode"]}"><strong>{s["penerbit"]}</strong>. {s["keterangan"]}. '
                       f'<a href="{s["url"]}" rel="external noopener">{s["url"]}</a></li>' for s in items)
        return one_line(f'<ol class="bibliography">{html}</ol>')

    def segment_table() -> Markup:
        frame = figures.tables["cakupan_segmen"]
        shown = pd.DataFrame({
            fmt.label("segment"): frame[f"nama_{fmt.lang}"],
            fmt.label("vulnerable"): frame["pekerja_rentan"].map({"ya": fmt.label("yes"), "tidak": fmt.label("no")}),
            fmt.label("opd"): frame["segmen"].map(dict(zip(figures.data["segmen"]["kode"],
                                                           figures.data["segmen"]["opd_pengampu"]))),
            fmt.label("participants"): [fmt.number(v) for v in frame["peserta"]],
        })
        caption = f"{fmt.label('source')}: {sources[frame['sumber'].iloc[0]]['penerbit']}, {fmt.period(frame['periode'].iloc[0])}"
        return table(shown, caption)

    def events_table() -> Markup:
        events = figures.data["peristiwa"].sort_values("tanggal")
        shown = pd.DataFrame({fmt.label("date"): [fmt.date(d) for d in events["tanggal"]],
                              fmt.label("event"): events[f"keterangan_{fmt.lang}"],
                              fmt.label("source"): [sources[s]["penerbit"] for s in events["sumber"]]})
        return table(shown)

    def region_table() -> Markup:
        regions = figures.data["wilayah"]
        districts = regions[regions["jenis"] == "kecamatan"]
        shown = pd.DataFrame({fmt.label("kecamatan"): districts["nama"], fmt.label("code"): districts["kode"],
                              fmt.label("count_desa"): [fmt.number((regions["kode_induk"] == k).sum())
                                                        for k in districts["kode"]]})
        return table(shown)

    def dataset_catalogue() -> Markup:
        from .compute import release_date
        from .datasets import LICENCE, PUBLISHED
        from .downloads import DOWNLOADS_DIR, ZIP_NAME

        lang = fmt.lang
        listed = [{"name": d.name, "title": getattr(d, f"title_{lang}"), "description": getattr(d, f"description_{lang}"),
                   "illustrative": d.illustrative, "sources": [sources[c] for c in d.sources(figures) if c in sources],
                   "fields": [{"name": f.name, "type": f.type, "text": getattr(f, lang)} for f in d.fields]}
                  for d in PUBLISHED]
        # Downloads sit once at the site root; pages of the other languages are one folder deeper.
        base = ("" if lang == languages[0] else "../") + DOWNLOADS_DIR + "/"
        return Markup("\n\n") + snippet("datasets.html", datasets=listed, base=base, zip_name=ZIP_NAME,
                                         licence=LICENCE, released=fmt.date(release_date(figures.data))) + Markup("\n\n")

    return {"chart": chart, "dataset_catalogue": dataset_catalogue, "cite": cite, "headline": headline, "bibliography": bibliography,
            "segment_table": segment_table, "events_table": events_table, "region_table": region_table}
