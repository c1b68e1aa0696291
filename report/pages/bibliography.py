"""The reference list: every entry of data/sumber.csv with its dates and kind, in the page's language."""

from __future__ import annotations

from datetime import date

from markupsafe import Markup, escape

from report.i18n import Formatter
from report.inputs.schema import UNDATED


def published_text(fmt: Formatter, value: str) -> str:
    """A publication date only as precise as the source gives it: '2025', 'Mei 2025', '31 Mei 2025', or
    't.t.' / 'n.d.' when nobody knows; a day is never added to a month, nor a month to a year."""
    if value == UNDATED:
        return fmt.label("undated")
    if len(value) == 10:
        return fmt.date(date.fromisoformat(value))
    return fmt.period(value)


def entry(fmt: Formatter, source: dict) -> str:
    kind = fmt.label("secondary_source" if source["jenis"] == "sekunder" else "primary_source")
    consulted = source["tanggal_akses"]
    consulted = consulted if isinstance(consulted, date) else date.fromisoformat(str(consulted))
    return (f'<li id="sumber-{escape(source["kode"])}"><strong>{escape(source["penerbit"])}</strong> '
            f'({escape(published_text(fmt, source["tanggal_terbit"]))}). {escape(fmt.dated(source["keterangan"]))}. '
            f'<span class="bibliography__kind bibliography__kind--{escape(source["jenis"])}">{escape(kind)}.</span> '
            f'<a href="{escape(source["url"])}" rel="external noopener">{escape(source["url"])}</a>. '
            f'{escape(fmt.label("accessed"))} {escape(fmt.date(consulted))}.</li>')


def bibliography(fmt: Formatter, sources: dict[str, dict]) -> Markup:
    items = sorted(sources.values(), key=lambda s: (s["penerbit"].lower(), s["keterangan"]))
    return Markup(f'<ol class="bibliography">{"".join(entry(fmt, s) for s in items)}</ol>')
