"""One changed figure as readers see it, in their language: what the figure is, its value before and
after, by how much it moved, what kind of change it is, and what its source says about it.

The Data Changes page (release_notes.py) and `build.py releases --compare` both show changes this way,
so staff see in the terminal exactly what readers will see on the site.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from report.figures.compute import UNITS
from report.i18n import Formatter
from report.inputs.schema import ALL_SEGMENTS, LOWER_BOUND
from report.live.history import COMPARED, Change, read_rows

KINDS = {"baru": {"id": "Baru", "en": "New"}, "revisi": {"id": "Revisi", "en": "Revision"},
         "dihapus": {"id": "Dihapus", "en": "Removed"}}
HEADERS = {"id": ("Angka", "Lama", "Baru", "Selisih", "Jenis", "Sumber dan catatan"),
           "en": ("Figure", "Before", "After", "Difference", "Kind", "Source and note")}
# Programme codes of klaim.csv and iuran.csv are the scheme's own abbreviations, shown as the data gives them
# (the engine names no scheme); only these words are translated.
PROGRAMMES = {"beasiswa": ("beasiswa", "scholarships"), "semua": ("semua program", "all programmes")}


@dataclass(frozen=True)
class Names:
    """What the codes in a change mean, read from the data folders compared (the newer one wins)."""

    segments: dict[str, dict[str, str]]
    sources: dict[str, dict[str, str]]
    roots: frozenset[str] = frozenset()  # the report's region: wilayah.csv rows without kode_induk
    programmes: dict[str, dict[str, str]] = field(default_factory=dict)  # iuran.csv: code -> its row

    @classmethod
    def read(cls, *data_dirs: Path) -> Names:
        segments: dict[str, dict[str, str]] = {}
        sources: dict[str, dict[str, str]] = {}
        roots: set[str] = set()
        programmes: dict[str, dict[str, str]] = {}
        for folder in data_dirs:
            programmes.update({row.get("program", ""): row for row in read_rows(folder / "iuran.csv")})
            roots |= {row.get("kode", "") for row in read_rows(folder / "wilayah.csv") if not row.get("kode_induk")}
            segments.update({row.get("kode", ""): row for row in read_rows(folder / "segmen.csv")})
            sources.update({row.get("kode", ""): row for row in read_rows(folder / "sumber.csv")})
        return cls(segments, sources, frozenset(roots), programmes)


@dataclass(frozen=True)
class ShownChange:
    figure: str
    before: str
    after: str
    difference: str
    kind: str
    source: str  # the publisher
    source_url: str
    note: str  # the source's own word on a revision, in the reader's language when it gives one


def listed(found: list[Change], names: Names) -> list[Change]:
    """The changes readers see one by one: figures, official ones, for the region as a whole (a change in a
    desa/kelurahan row could reveal a hidden small cell)."""
    return [c for c in found if is_figure(c, names) and c.official]


def recomputed_illustrative(found: list[Change], names: Names) -> int:
    """How many illustrative figures for the whole region moved: they follow the official ones (counted only)."""
    return sum(1 for c in found if is_figure(c, names) and not c.official)


def is_figure(change: Change, names: Names) -> bool:
    code = change.row.get("kode_wilayah")
    return change.column in COMPARED[change.dataset][0] and (code is None or code in names.roots)


def show(change: Change, lang: str, names: Names) -> ShownChange:
    fmt = Formatter(lang)
    before = value_text(change, change.old, fmt)
    if change.kind == "baru" and change.before is not None and period_of(change.before, change):
        before += f" ({period_text(change, change.before, fmt)})"  # the older period it replaces
    source = names.sources.get(change.row.get("sumber", ""), {})
    note = ""
    if change.kind != "baru":
        note = source.get(f"catatan_revisi_{lang}") or source.get("catatan_revisi_id", "")
    return ShownChange(figure_label(change, lang, names), before, value_text(change, change.new, fmt),
                       difference_text(change, fmt), KINDS[change.kind][lang], source.get("penerbit", ""),
                       source.get("url", ""), note)


# What the figure is ---------------------------------------------------------------------------------

def figure_label(change: Change, lang: str, names: Names) -> str:
    row, fmt, english = change.row, Formatter(lang), lang == "en"
    if change.dataset == "kepesertaan":
        segment = row.get("segmen", "")
        name = (("all segments" if english else "semua segmen") if segment == ALL_SEGMENTS else
                names.segments.get(segment, {}).get(f"nama_{lang}") or segment)
        return f"{'Participants' if english else 'Peserta'}, {name}, {period_text(change, row, fmt)}"
    if change.dataset == "klaim":
        what = (("Claims (cases)" if english else "Kasus klaim") if change.column == "kasus" else
                ("Claims paid (IDR)" if english else "Klaim dibayar (Rp)"))
        return f"{what}, {programme(row.get('program', ''), lang, names)}, {period_text(change, row, fmt)}"
    if change.dataset == "statistik":
        indicator = row.get(f"indikator_{lang}") or row.get("indikator_id", "")
        return f"{indicator}, {row.get('wilayah', '')}, {period_text(change, row, fmt)}"
    if change.dataset == "iuran":
        what = "Monthly contribution" if english else "Iuran bulanan"
        return f"{what}, {programme(row.get('program', ''), lang, names)}"
    event = row.get(f"keterangan_{lang}") or row.get("keterangan_id", "")
    return f"{'Date' if english else 'Tanggal'}: {event}"


def programme(code: str, lang: str, names: Names) -> str:
    """The name iuran.csv gives the programme (nama_id/nama_en), else these words, else its code."""
    named = names.programmes.get(code, {}).get(f"nama_{lang}") or names.programmes.get(code, {}).get("nama_id")
    words = PROGRAMMES.get(code)
    return named or (words[0 if lang == "id" else 1] if words else code)


def period_of(row: dict[str, str], change: Change) -> str:
    """The period a row's figure is for, when it differs from the other side's (else "")."""
    column = COMPARED[change.dataset][1]
    other = change.after if row is change.before else change.before
    return row.get(column, "") if column and other is not None and other.get(column) != row.get(column) else ""


def period_text(change: Change, row: dict[str, str], fmt: Formatter) -> str:
    """The period in the reader's words; as written when it does not parse (an old stored file)."""
    try:
        return fmt.period(row.get("periode", ""))
    except ValueError:
        return row.get("periode", "")


# Values and differences -----------------------------------------------------------------------------

def unit(change: Change) -> str:
    if change.dataset == "statistik":
        return UNITS.get(change.row.get("satuan", ""), "number")
    return {"nilai_rp": "rupiah", "iuran_bulanan_rp": "rupiah", "tanggal": "date"}.get(change.column, "count")


def decimals(*values: str | None) -> int:
    return max((len(v.split(".", 1)[1]) for v in values if v and "." in v), default=0)


def value_text(change: Change, value: str | None, fmt: Formatter) -> str:
    if value is None or value == "":
        return "–"
    kind = unit(change)
    try:
        if kind == "date":
            return fmt.date(date.fromisoformat(value))
        if kind == "rupiah":  # "lebih dari" when the source gives a lower bound, as everywhere on the site
            return fmt.bounded(fmt.rupiah(float(value)), change.row.get("lebih_dari") == LOWER_BOUND)
        if kind == "percent":
            return fmt.percent(float(value), digits=decimals(value))
        return fmt.number(float(value), digits=decimals(value))
    except ValueError:
        return value


def difference_text(change: Change, fmt: Formatter) -> str:
    kind = unit(change)
    if kind == "date":
        try:
            days = (date.fromisoformat(change.new or "") - date.fromisoformat(change.old or "")).days
        except ValueError:
            return ""
        return f"{days:+d} " + ("days" if fmt.lang == "en" else "hari")
    delta = change.difference
    if delta is None:
        return ""
    sign = "+" if delta > 0 else "-" if delta < 0 else "±"
    digits = decimals(change.old, change.new)
    if kind == "rupiah":
        return sign + fmt.rupiah(abs(delta))
    if kind == "percent":
        return f"{sign}{fmt.number(abs(delta), digits)} " + ("percentage points" if fmt.lang == "en" else "poin persen")
    return sign + fmt.number(abs(delta), digits)
