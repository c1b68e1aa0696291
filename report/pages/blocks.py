"""The helpers a chapter can call, e.g. {{ chart("cakupan_segmen") }}; content/README.md lists them.

Each returns one line of HTML (blocks are set apart by blank lines), so Python-Markdown keeps it as
a raw block. Text from data/ is escaped: a stray < in a CSV cell must not become markup.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd
from markupsafe import Markup, escape

from report.cache import Memo
from report.chapters.pictures import PICTURE_DIR, Picture
from report.charts.charts import DrawnChart, catalogue
from report.errors import Problem
from report.figures.compute import Figure, Figures, Method, derived, release_date
from report.figures.suppress import SUPPRESSED
from report.i18n import Formatter
from report.pages.as_text import inline_text
from report.pages.bibliography import bibliography
from report.publishing.columns import column_name
from report.publishing.datasets import LICENCE, PublishedDataset, published_datasets, shown_as_of
from report.publishing.downloads import file_sizes, zip_name
from report.publishing.downloads import folder as downloads_folder


class HelperError(jinja2.UndefinedError):
    """A helper a chapter called refused what it was given. It carries its Problem in both languages;
    rendering adds the chapter and line (a Jinja error, so the template machinery passes it through)."""

    def __init__(self, message_id: str, message_en: str) -> None:
        super().__init__(message_en)
        self.problem = Problem("", message_id, message_en)

DOWNLOADS = "unduh"
HELPERS = ("chart", "cite", "headline", "bibliography", "segment_table", "events_table", "region_table",
           "dataset_catalogue", "picture")


def download_path(chart_name: str) -> str:
    """Where a chart's CSV lives, relative to the pages of its language."""
    return f"{DOWNLOADS}/grafik-{chart_name}.csv"


def did_you_mean(name: object, known: list[str]) -> tuple[str, str]:
    near = difflib.get_close_matches(str(name), known, n=1)
    return (f". Maksud Anda \"{near[0]}\"?", f". Did you mean \"{near[0]}\"?") if near else ("", "")


# A formatted amount as the tables show it: 10.714, Rp1.068.883.200, IDR 1.1 billion, 54,2%, [c].
NUMBER = re.compile(r"(lebih dari |more than )?(Rp|IDR )?(\d{1,3}([.,\u00a0]\d{3})+|\d+)([.,]\d+)?"
                    r"(%| juta| miliar| triliun| million| billion| trillion)?( \(\d+([.,]\d+)?%\))?|\[c\]")


def is_numeric(column: pd.Series) -> bool:
    """A column of amounts is right-aligned so that its digits line up."""
    values = [str(v).strip() for v in column]
    return bool(values) and all(NUMBER.fullmatch(v) for v in values) and any(v != SUPPRESSED for v in values)


def one_line(html: str) -> Markup:
    return Markup(" ".join(html.split()))


def block(html: Markup) -> Markup:
    """A helper's output on its own, with blank lines around, so Markdown sees one raw HTML block."""
    return Markup("\n\n") + html + Markup("\n\n")


def helpers(fmt: Formatter, figures: Figures, charts: dict[tuple[str, str], DrawnChart],
            snippets: jinja2.Environment, sources: dict[str, dict],
            languages: tuple[str, ...] = ("id", "en"), pictures: dict[str, Picture] | None = None,
            memo: Memo | None = None, downloads_cache: Path | None = None) -> dict[str, Callable[..., Any]]:
    blocks = Blocks(fmt, figures, charts, snippets, sources, languages)
    blocks.pictures = pictures or {}
    blocks.memo = memo if memo is not None else Memo()
    blocks.downloads_cache = downloads_cache
    return {name: getattr(blocks, name) for name in HELPERS}


class Blocks:
    def __init__(self, fmt: Formatter, figures: Figures, charts: dict[tuple[str, str], DrawnChart],
                 snippets: jinja2.Environment, sources: dict[str, dict], languages: tuple[str, ...]) -> None:
        self.fmt, self.figures, self.charts = fmt, figures, charts
        self.snippets, self.sources, self.languages = snippets, sources, languages
        self.anchors: dict[str, int] = {}  # charts placed so far on this page, for unique ids
        self.pictures: dict[str, Picture] = {}
        self.memo = Memo()  # the build's: the download files measured here are the ones it writes
        self.downloads_cache: Path | None = None

    def anchor(self, name: str) -> str:
        """grafik-<name> the first time on a page, then grafik-<name>-2, -3 ...: ids must be unique."""
        self.anchors[name] = self.anchors.get(name, 0) + 1
        count = self.anchors[name]
        return f"grafik-{name}" if count == 1 else f"grafik-{name}-{count}"

    def snippet(self, name: str, **context: Any) -> Markup:
        return one_line(self.snippets.get_template(name).render(label=self.fmt.label, **context))

    def table(self, frame: pd.DataFrame, caption: str = "") -> Markup:
        numeric = [is_numeric(frame[column]) for column in frame.columns]
        return self.snippet("table.html", frame=frame, caption=caption, numeric=numeric)

    def chart(self, name: str) -> Markup:
        if (name, self.fmt.lang) not in self.charts:
            if name in catalogue():
                tables = ", ".join(catalogue()[name].uses)
                raise HelperError(f"grafik '{name}' tidak dapat digambar karena datanya kosong ({tables}); "
                                  "periksa data/kepesertaan.csv dan data/klaim.csv.",
                                  f"chart '{name}' has no data to draw ({tables}); check data/kepesertaan.csv and "
                                  "data/klaim.csv.")
            known = ", ".join(sorted(catalogue()))
            hint_id, hint_en = did_you_mean(name, sorted(catalogue()))
            raise HelperError(f"grafik '{name}' tidak ada (yang ada: {known}){hint_id or '.'}",
                              f"no chart '{name}' (available: {known}){hint_en or '.'}")
        drawn = self.charts[(name, self.fmt.lang)]
        used = [self.sources[code] for code in dict.fromkeys(drawn.sources) if code in self.sources]
        frame = pd.DataFrame(drawn.rows, columns=drawn.columns)
        return block(self.snippet("chart.html", chart=drawn, anchor=self.anchor(name), svg=Markup(drawn.svg),
                                  svg_wide=Markup(drawn.svg_wide), sources=used, download=download_path(name),
                                  table=self.table(frame), threshold=self.figures.small_cell_threshold))

    def picture(self, name: str) -> Markup:
        """A picture from content/gambar/ with its alt text (and caption) in the page's language."""
        if name not in self.pictures:
            known = ", ".join(self.pictures) or "-"
            hint_id, hint_en = did_you_mean(name, list(self.pictures))
            raise HelperError(f"gambar '{name}' tidak ada di content/{PICTURE_DIR}/ (yang ada: {known})"
                              f"{hint_id or '.'}", f"no picture '{name}' in content/{PICTURE_DIR}/ (available: "
                              f"{known}){hint_en or '.'}")
        shown, lang = self.pictures[name], self.fmt.lang
        base = ("" if lang == self.languages[0] else "../") + f"assets/{PICTURE_DIR}/"
        caption = f"<figcaption>{escape(shown.caption[lang])}</figcaption>" if shown.caption.get(lang) else ""
        return block(one_line(f'<figure class="picture"><img src="{escape(base + name)}" '
                              f'alt="{escape(shown.alt[lang])}" width="{shown.width}" height="{shown.height}" '
                              f'loading="lazy" decoding="async">{caption}</figure>'))

    def cite(self, code: Any) -> Markup:
        """cite("kode-sumber"), or cite(fig.x) for the source of that figure."""
        code = getattr(code, "source_code", code)
        if code not in self.sources:
            raise HelperError(f"sumber '{code}' tidak ada di data/sumber.csv.",
                              f"source '{code}' is not in data/sumber.csv.")
        source = self.sources[code]
        return one_line(f'<a class="cite" href="{inline_text(source["url"])}" rel="external noopener">'
                        f'[{inline_text(source["penerbit"])}]</a>')

    def shown(self, figure: Figure) -> Markup:
        from report.pages.render import ShownFigure  # render imports this module when it sets up a chapter

        return Markup(str(ShownFigure(figure, self.fmt, self.snippets, self.sources)))

    def headline(self, note: str = "") -> Markup:
        """The latest total, labelled as what it counts (whose contributions the payer funds), with the
        caveat from the latest breakdown beside it; `note` is the chapter's own sentence under it."""
        fmt, figure = self.fmt, self.figures.scalars["peserta_terbaru"]
        # A block of its own, as charts are: written inside a sentence, Markdown would read its names.
        return block(self.snippet("headline.html", figure=fmt.number(figure.value),  # type: ignore[arg-type]
                            what=fmt.label("headline").format(payer=self.figures.payer[fmt.lang]),
                            as_of=fmt.as_of(figure.periode), source=self.sources[figure.source],
                            caveat=self.headline_caveat(), note=note))

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
        # Every source and period the rows come from, not the first row's only.
        cited = dict.fromkeys(zip(frame["sumber"], frame["periode"]))
        sources = "; ".join(f"{self.sources.get(code, {}).get('penerbit', code)}, {fmt.period(str(periode))}"
                            for code, periode in cited)
        return self.table(shown, f"{fmt.label('source')}: {sources}")

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
        """Each dataset under a Markdown heading of its own, so it is linkable and in the page's contents."""
        fmt, languages = self.fmt, self.languages
        # Downloads sit once per language under the site root; pages of the other languages are one folder deeper.
        base = ("" if fmt.lang == languages[0] else "../") + downloads_folder(fmt.lang, languages) + "/"
        sizes = file_sizes(self.figures, release_date(self.figures.data), fmt.lang, self.memo,
                           self.downloads_cache)
        datasets = published_datasets(self.figures)
        zipped = zip_name(self.figures)
        html = block(self.snippet("datasets.html", base=base, zip_name=zipped, zip_size=fmt.size(sizes[zipped]),
                                  licence=LICENCE, threshold=self.figures.small_cell_threshold,
                                  suppressed=any(d.suppressed(self.figures) for d in datasets)))
        for dataset in datasets:
            title = getattr(dataset, f"title_{fmt.lang}")
            html += Markup(f"## {escape(title)} {{: #data-{dataset.name} }}") + block(self.snippet(
                "dataset.html", d=self.listed(dataset, sizes), base=base))
        return html

    def listed(self, dataset: PublishedDataset, sizes: dict[str, int]) -> dict[str, Any]:
        fmt, lang = self.fmt, self.fmt.lang
        files = [{"name": f"{dataset.name}.{ext}", "format": ext.upper(),
                  "size": fmt.size(sizes[f"{dataset.name}.{ext}"])} for ext in ("csv", "xlsx", "json")]
        return {"name": dataset.name, "description": getattr(dataset, f"description_{lang}"),
                "illustrative": dataset.illustrative(self.figures),
                "as_of": shown_as_of(fmt, dataset.as_of(self.figures)),
                "sources": [self.sources[c] for c in dataset.sources(self.figures) if c in self.sources],
                "files": files, "fields": [{"name": column_name(f.name, lang), "type": f.type,
                                            "text": getattr(f, lang)} for f in dataset.fields]}
