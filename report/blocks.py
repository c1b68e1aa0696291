"""The helpers a chapter can call, e.g. {{ chart("cakupan_segmen") }}; content/README.md lists them.

Each returns one line of HTML (blocks are set apart by blank lines), so Python-Markdown keeps it as
a raw block. Text from data/ is escaped: a stray < in a CSV cell must not become markup.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jinja2
import pandas as pd
from markupsafe import Markup, escape

from .bibliography import bibliography
from .charts import DrawnChart, catalogue
from .compute import Figure, Figures, Method, derived
from .datasets import LICENCE, published_datasets, shown_as_of
from .downloads import DOWNLOADS_DIR, ZIP_NAME
from .i18n import Formatter

DOWNLOADS = "unduh"
HELPERS = ("chart", "cite", "headline", "bibliography", "segment_table", "events_table", "region_table",
           "dataset_catalogue")


def download_path(chart_name: str) -> str:
    """Where a chart's CSV lives, relative to the pages of its language."""
    return f"{DOWNLOADS}/grafik-{chart_name}.csv"


def one_line(html: str) -> Markup:
    return Markup(" ".join(html.split()))


def block(html: Markup) -> Markup:
    """A helper's output on its own, with blank lines around, so Markdown sees one raw HTML block."""
    return Markup("\n\n") + html + Markup("\n\n")


def helpers(fmt: Formatter, figures: Figures, charts: dict[tuple[str, str], DrawnChart],
            snippets: jinja2.Environment, sources: dict[str, dict],
            languages: tuple[str, ...] = ("id", "en")) -> dict[str, Callable[..., Any]]:
    blocks = Blocks(fmt, figures, charts, snippets, sources, languages)
    return {name: getattr(blocks, name) for name in HELPERS}


class Blocks:
    def __init__(self, fmt: Formatter, figures: Figures, charts: dict[tuple[str, str], DrawnChart],
                 snippets: jinja2.Environment, sources: dict[str, dict], languages: tuple[str, ...]) -> None:
        self.fmt, self.figures, self.charts = fmt, figures, charts
        self.snippets, self.sources, self.languages = snippets, sources, languages
        self.anchors: dict[str, int] = {}  # charts placed so far on this page, for unique ids

    def anchor(self, name: str) -> str:
        """grafik-<name> the first time on a page, then grafik-<name>-2, -3 ...: ids must be unique."""
        self.anchors[name] = self.anchors.get(name, 0) + 1
        count = self.anchors[name]
        return f"grafik-{name}" if count == 1 else f"grafik-{name}-{count}"

    def snippet(self, name: str, **context: Any) -> Markup:
        return one_line(self.snippets.get_template(name).render(label=self.fmt.label, **context))

    def table(self, frame: pd.DataFrame, caption: str = "") -> Markup:
        return self.snippet("table.html", frame=frame, caption=caption)

    def chart(self, name: str) -> Markup:
        if (name, self.fmt.lang) not in self.charts:
            if name in catalogue():
                tables = ", ".join(catalogue()[name].uses)
                raise jinja2.UndefinedError(f"grafik '{name}' tidak dapat digambar karena datanya kosong ({tables}); "
                                            f"periksa data/kepesertaan.csv dan data/klaim.csv / chart '{name}' has no "
                                            f"data to draw ({tables})")
            known = ", ".join(sorted(catalogue()))
            raise jinja2.UndefinedError(f"grafik '{name}' tidak ada (yang ada: {known}) / no chart '{name}' "
                                        f"(available: {known})")
        drawn = self.charts[(name, self.fmt.lang)]
        used = [self.sources[code] for code in dict.fromkeys(drawn.sources) if code in self.sources]
        frame = pd.DataFrame(drawn.rows, columns=drawn.columns)
        return block(self.snippet("chart.html", chart=drawn, anchor=self.anchor(name), svg=Markup(drawn.svg),
                                  sources=used, download=download_path(name), table=self.table(frame),
                                  threshold=self.figures.small_cell_threshold))

    def cite(self, code: Any) -> Markup:
        """cite("kode-sumber"), or cite(fig.x) for the source of that figure."""
        code = getattr(code, "source_code", code)
        if code not in self.sources:
            raise jinja2.UndefinedError(f"sumber '{code}' tidak ada di data/sumber.csv / source '{code}' is not in "
                                        "data/sumber.csv")
        source = self.sources[code]
        return one_line(f'<a class="cite" href="{escape(source["url"])}" rel="external noopener">'
                        f'[{escape(source["penerbit"])}]</a>')

    def shown(self, figure: Figure) -> Markup:
        from .render import ShownFigure  # render imports this module when it sets up a chapter

        return Markup(str(ShownFigure(figure, self.fmt, self.snippets, self.sources)))

    def headline(self, note: str = "") -> Markup:
        """The latest total, labelled as what it counts (whose contributions the payer funds), with the
        caveat from the latest breakdown beside it; `note` is the chapter's own sentence under it."""
        fmt, figure = self.fmt, self.figures.scalars["peserta_terbaru"]
        return self.snippet("headline.html", figure=fmt.number(figure.value),  # type: ignore[arg-type]
                            what=fmt.label("headline").format(payer=self.figures.payer[fmt.lang]),
                            as_of=fmt.as_of(figure.periode), source=self.sources[figure.source],
                            caveat=self.headline_caveat(), note=note)

    def headline_caveat(self) -> Markup | None:
        """Who else the total counts, from the latest official breakdown: its segments that are not
        vulnerable workers. None when there is no breakdown or every segment is one."""
        scalars, segments = self.figures.scalars, self.figures.tables["cakupan_segmen"]
        other = scalars.get("peserta_bukan_rentan_rincian")
        if other is None or not other.value:
            return None
        names = segments[segments["pekerja_rentan"] == "tidak"][f"nama_{self.fmt.lang}"]
        whole = derived(int(segments["peserta"].sum()), "count", other.periode, list(segments["sumber"]),
                        Method("jumlah peserta semua segmen dalam rincian", "sum of all segments in the breakdown"))
        return Markup(escape(self.fmt.label("headline_caveat")).format(
            period=self.fmt.period(other.periode), part=self.shown(other), whole=self.shown(whole),
            segments=", ".join(names)))

    def bibliography(self) -> Markup:
        return one_line(bibliography(self.fmt, self.sources))

    def segment_table(self) -> Markup:
        fmt, frame, segments = self.fmt, self.figures.tables["cakupan_segmen"], self.figures.data["segmen"]
        shown = pd.DataFrame({
            fmt.label("segment"): frame[f"nama_{fmt.lang}"],
            fmt.label("vulnerable"): frame["pekerja_rentan"].map({"ya": fmt.label("yes"), "tidak": fmt.label("no")}),
            fmt.label("opd"): frame["segmen"].map(dict(zip(segments["kode"], segments["opd_pengampu"])))
                                             .replace("", fmt.label("not_stated")),
            fmt.label("participants"): [fmt.number(v) for v in frame["peserta"]],
        })
        source = self.sources[frame["sumber"].iloc[0]]["penerbit"]
        return self.table(shown, f"{fmt.label('source')}: {source}, {fmt.period(frame['periode'].iloc[0])}")

    def events_table(self) -> Markup:
        fmt, events = self.fmt, self.figures.data["peristiwa"].sort_values("tanggal")
        return self.table(pd.DataFrame({
            fmt.label("date"): [fmt.date(d) for d in events["tanggal"]],
            fmt.label("event"): events[f"keterangan_{fmt.lang}"],
            fmt.label("source"): [self.sources[s]["penerbit"] for s in events["sumber"]]}))

    def region_table(self) -> Markup:
        fmt, regions = self.fmt, self.figures.data["wilayah"]
        districts = regions[regions["jenis"] == "kecamatan"]
        return self.table(pd.DataFrame({
            fmt.label("kecamatan"): districts["nama"], fmt.label("code"): districts["kode"],
            fmt.label("count_desa"): [fmt.number((regions["kode_induk"] == k).sum()) for k in districts["kode"]]}))

    def dataset_catalogue(self) -> Markup:
        fmt, lang = self.fmt, self.fmt.lang
        datasets = published_datasets(self.figures)
        listed = [{"name": d.name, "title": getattr(d, f"title_{lang}"),
                   "description": getattr(d, f"description_{lang}"), "illustrative": d.illustrative(self.figures),
                   "as_of": shown_as_of(fmt, d.as_of(self.figures)),
                   "sources": [self.sources[c] for c in d.sources(self.figures) if c in self.sources],
                   "fields": [{"name": f.name, "type": f.type, "text": getattr(f, lang)} for f in d.fields]}
                  for d in datasets]
        # Downloads sit once at the site root; pages of the other languages are one folder deeper.
        base = ("" if lang == self.languages[0] else "../") + DOWNLOADS_DIR + "/"
        return block(self.snippet("datasets.html", datasets=listed, base=base, zip_name=ZIP_NAME, licence=LICENCE,
                                  threshold=self.figures.small_cell_threshold,
                                  suppressed=any(d.suppressed(self.figures) for d in datasets)))
