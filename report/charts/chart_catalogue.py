"""The catalogue of named charts. Each builder turns computed tables into an Altair chart in the
page's language, with a title, a one-sentence description generated from the data, the data as a
table, and the published figures for download. Chapters call them as {{ chart("name") }}."""

from __future__ import annotations

import altair as alt
import pandas as pd

from report.charts import theme
from report.charts.charts import ChartSpec, register
from report.charts.places import Selection, places_to_draw
from report.figures.compute import Figures
from report.figures.suppress import HIDDEN, SUPPRESSED, published_count
from report.i18n import Formatter
from report.inputs.schema import LOWER_BOUND

MILLION, BILLION = 1_000_000, 1_000_000_000


def share(part: float, whole: float) -> float:
    return 100 * part / whole if whole else 0.0


def text(fmt: Formatter, indonesian: str, english: str) -> str:
    return indonesian if fmt.lang == "id" else english


def shown_count(fmt: Formatter, value: object) -> str:
    return published_count(value, write=fmt.number)


def sources_of(frame: pd.DataFrame) -> tuple[str, ...]:
    return tuple(s for s in frame["sumber"].dropna().unique() if s) if "sumber" in frame else ()


BAR = 16  # bar thickness in px; the category's name sits on the line above its bar
CHAR_WIDTH = 8  # px per character of a 13 px value label, rounded up for browsers' wider system-ui
NAME_CHAR_WIDTH = 7  # px per character of a 13 px name; names are mostly lower case


def horizontal_bars(frame: pd.DataFrame, category: str, value: str, axis_title: str, label: str,
                    colour: alt.Color | str, step: int = 40, exact: str = "", tooltip_title: str = "",
                    names_above: bool = True) -> alt.LayerChart:
    """Bars with their value at the end. Names go above the bars (names_above) so the chart is no wider
    than a phone's text column, or to the left for long, compact lists (villages), as wide as the longest
    name so that none is cut short."""
    names_width = 0 if names_above else NAME_CHAR_WIDTH * int(frame[category].str.len().max())
    width = theme.width() - names_width
    # Room after the longest bar for its value label, so the label is inside the drawing on every screen.
    headroom = CHAR_WIDTH * int(frame[label].str.len().max()) + 8
    x = alt.X(f"{value}:Q", title=axis_title, axis=alt.Axis(tickCount=4),
              scale=alt.Scale(domainMax=float(frame[value].max() or 1) * width / (width - headroom)))
    y_axis = None if names_above else alt.Axis(labelLimit=0, ticks=False, domain=False)
    base = alt.Chart(frame).encode(
        y=alt.Y(f"{category}:N", sort=list(frame[category]), title=None, axis=y_axis),
        # Exact, formatted values for the interactive layer and for each mark's accessible name.
        tooltip=[alt.Tooltip(f"{category}:N", title=" "),
                 alt.Tooltip(f"{exact or label}:N", title=tooltip_title or axis_title)])
    thickness = BAR if names_above else step - 6
    bars = base.mark_bar(size=thickness).encode(x=x)
    bars = bars.encode(color=colour) if isinstance(colour, alt.Color) else bars.mark_bar(size=thickness, color=colour)
    layers = bars + base.mark_text(align="left", dx=3).encode(x=x, text=f"{label}:N")
    if names_above:
        layers += base.mark_text(align="left", baseline="bottom", dy=-(BAR // 2 + 2), limit=width).encode(
            x=alt.datum(0), text=f"{category}:N")
    return layers.properties(width=width, height=alt.Step(step))


@register("cakupan_segmen", uses=("cakupan_segmen",))
def coverage_by_segment(figures: Figures, fmt: Formatter) -> ChartSpec:
    frame = figures.tables["cakupan_segmen"].copy()
    frame["nama"] = frame[f"nama_{fmt.lang}"]
    yes, no = text(fmt, "Pekerja rentan", "Vulnerable workers"), text(fmt, "Bukan pekerja rentan", "Other segments")
    frame["golongan"] = frame["pekerja_rentan"].map({"ya": yes, "tidak": no})
    frame["label"] = [fmt.number(v) for v in frame["peserta"]]
    periode, total, largest = fmt.period(str(frame["periode"].iloc[0])), int(frame["peserta"].sum()), frame.iloc[0]
    biggest = fmt.percent(share(largest["peserta"], total), 1)
    colour = alt.Color("golongan:N", legend=None,
                       scale=alt.Scale(domain=[yes, no], range=[theme.OFFICIAL_COLOUR, theme.OTHER_COLOUR]))
    # The group is named in a header above its bars, so colour (dark against light) only repeats it.
    ordered = frame.sort_values(["pekerja_rentan", "peserta"], ascending=[False, False])
    bars = horizontal_bars(ordered, "nama", "peserta", fmt.label("participants"), "label", colour)
    return ChartSpec(
        bars.facet(row=alt.Row("golongan:N", title=None, sort=[yes, no])).resolve_scale(y="independent"),
        text(fmt, f"Peserta per segmen, {periode}", f"Participants by segment, {periode}"),
        text(fmt, f"Segmen terbesar adalah {largest['nama']} dengan {fmt.number(largest['peserta'])} peserta "
                  f"({biggest} dari {fmt.number(total)}).",
             f"The largest segment is {largest['nama']} with {fmt.number(largest['peserta'])} participants "
             f"({biggest} of {fmt.number(total)})."),
        pd.DataFrame({fmt.label("segment"): frame["nama"], fmt.label("group"): frame["golongan"],
                      fmt.label("participants"): frame["label"]}),
        frame[["periode", "segmen", "nama_id", "nama_en", "pekerja_rentan", "peserta", "status", "sumber"]],
        sources_of(frame))


@register("cakupan_waktu", uses=("cakupan_waktu",))
def coverage_over_time(figures: Figures, fmt: Formatter) -> ChartSpec:
    """Each total as its source gives it (a year or a month), as a point: nothing joins or fills in between,
    because the sources count differently scoped groups. The value axis does not start at zero, so the
    change stays visible, and the description says so."""
    frame = figures.tables["cakupan_waktu"].copy()
    frame["waktu"] = [fmt.period(p) for p in frame["periode"]]
    frame["sumbu"] = [fmt.short_period(p) for p in frame["periode"]]  # month over year: two short lines
    frame["status_label"] = frame["status"].map(lambda s: fmt.label("official" if s == "resmi" else "illustrative"))
    frame["label"] = [fmt.number(v) for v in frame["peserta"]]
    official = frame[frame["status"] == "resmi"]
    statuses = [fmt.label("official"), fmt.label("illustrative")]
    low, high = int(frame["peserta"].min()), int(frame["peserta"].max())
    pad = max((high - low) // 2, 5)
    base = alt.Chart(frame).encode(
        x=alt.X("sumbu:O", sort=list(frame["sumbu"]), title=None),  # two-line labels: theme's axisXDiscrete
        # No axis title: the chart's title above names the count, and a rotated title would crowd the labels.
        y=alt.Y("peserta:Q", title=None, axis=alt.Axis(tickCount=3),
                scale=alt.Scale(zero=False, domain=[low - pad, high + pad])),
        tooltip=[alt.Tooltip("waktu:N", title=fmt.label("period")),
                 alt.Tooltip("label:N", title=fmt.label("participants")),
                 alt.Tooltip("status_label:N", title=fmt.label("status"))])
    # Shape and colour both mark official against illustrative points: colour is never the only carrier.
    points = base.mark_point(size=90, filled=True).encode(
        shape=alt.Shape("status_label:N", title=None, legend=None if len(official) == len(frame) else alt.Legend(),
                        scale=alt.Scale(domain=statuses, range=["circle", "triangle-up"])),
        color=alt.Color("status_label:N", title=None, legend=None if len(official) == len(frame) else alt.Legend(),
                        scale=alt.Scale(domain=statuses, range=[theme.OFFICIAL_COLOUR, theme.ILLUSTRATIVE_COLOUR])))
    # A value over each point while they have room side by side; beyond that the tooltip and table give them.
    labels = base.mark_text(dy=-14).encode(text="label:N") if len(frame) * 60 <= theme.width() - 70 else None
    listed = "; ".join(f"{fmt.number(row.peserta)} ({fmt.period(row.periode)})" for row in official.itertuples())
    count = fmt.number(official["sumber"].nunique())
    return ChartSpec(
        (points if labels is None else points + labels).properties(width=theme.width() - 70, height=200),
        text(fmt, "Jumlah peserta menurut sumbernya", "Participants as each source gives them"),
        text(fmt, f"Angka resmi dari {count} sumber: {listed}. Titik-titik tidak dihubungkan karena setiap sumber "
                  "dapat menghitung kelompok yang berbeda; sumbu tegak tidak dimulai dari nol.",
             f"Official figures from {count} sources: {listed}. The points are not joined because each source may "
             "count a different group; the vertical axis does not start at zero."),
        pd.DataFrame({fmt.label("period"): frame["waktu"], fmt.label("participants"): frame["label"],
                      fmt.label("status"): frame["status_label"]}),
        frame[["periode", "peserta", "status", "sumber"]],
        sources_of(official), illustrative=bool((frame["status"] != "resmi").any()))


def place_sources(figures: Figures) -> tuple[str, ...]:
    """A breakdown by place refines the official segment counts: their sources, and its own rows' sources."""
    tables = figures.tables
    return tuple(dict.fromkeys(sources_of(tables["cakupan_segmen"]) + sources_of(tables["desa_segmen"])))


def place_title(fmt: Formatter, frame: pd.DataFrame, indonesian: str, english: str) -> str:
    illustrative = bool((frame["status"] == "ilustratif").any())
    return text(fmt, indonesian + (" (ilustratif)" if illustrative else ""),
                english + (" (illustrative)" if illustrative else ""))


def place_colour(frame: pd.DataFrame) -> str:
    return theme.ILLUSTRATIVE_COLOUR if (frame["status"] == "ilustratif").any() else theme.OFFICIAL_COLOUR


@register("cakupan_kecamatan", uses=("cakupan_kecamatan", "cakupan_segmen", "desa_segmen"))
def coverage_by_district(figures: Figures, fmt: Formatter) -> ChartSpec:
    frame = figures.tables["cakupan_kecamatan"].sort_values("peserta", ascending=False).copy()
    frame["label"] = [shown_count(fmt, v) for v in frame["peserta"]]  # a kecamatan total can be [c] too
    periode = fmt.period(str(frame["periode"].iloc[0]))
    chosen = places_to_draw(frame)
    heading = selection_title(fmt, chosen, ("kecamatan", "districts"), periode) if chosen.partial else (
        f"Peserta per kecamatan, {periode}", f"Participants by district, {periode}")
    return ChartSpec(
        horizontal_bars(chosen.frame, "kecamatan", "peserta", fmt.label("participants"), "label", place_colour(frame)),
        place_title(fmt, frame, *heading),
        district_summary(fmt, frame),
        pd.DataFrame({fmt.label("kecamatan"): frame["kecamatan"], fmt.label("participants"): frame["label"]}),
        published(frame[["periode", "kode_kecamatan", "kecamatan", "peserta", "status"]]),
        place_sources(figures), illustrative=bool((frame["status"] == "ilustratif").any()),
        suppressed=bool(frame[HIDDEN].any()),
        notes=selection_notes(fmt, chosen, ("kecamatan", "districts"), bool(frame[HIDDEN].any())))


def district_summary(fmt: Formatter, frame: pd.DataFrame) -> str:
    """The largest kecamatan and its share of all. With a kecamatan total hidden, the published ones add up to
    no number a source gives: no share is said, and the largest is the largest published one."""
    shown = frame[~frame[HIDDEN]]
    if shown.empty:
        return text(fmt, f"Jumlah peserta setiap kecamatan disembunyikan ({SUPPRESSED}).",
                    f"Every district's count of participants is hidden ({SUPPRESSED}).")
    largest = shown.loc[shown["peserta"].astype("int64").idxmax()]
    name, count = largest["kecamatan"], fmt.number(int(largest["peserta"]))
    if len(shown) < len(frame):
        return text(fmt, f"Kecamatan dengan peserta terbanyak di antara jumlah yang diterbitkan (bukan {SUPPRESSED}) "
                         f"adalah {name}: {count} orang.",
                    f"Among the published counts (not {SUPPRESSED}), the district with most participants is "
                    f"{name}: {count} people.")
    total = int(frame["peserta"].sum())
    biggest = fmt.percent(share(int(largest["peserta"]), total), 1)
    return text(fmt, f"Kecamatan dengan peserta terbanyak adalah {name}: {count} orang ({biggest} dari "
                     f"{fmt.number(total)}).",
                f"The district with most participants is {name}: {count} people ({biggest} of {fmt.number(total)}).")


@register("cakupan_desa", uses=("cakupan_desa", "cakupan_segmen", "desa_segmen"))
def coverage_by_village(figures: Figures, fmt: Formatter) -> ChartSpec:
    frame = figures.tables["cakupan_desa"].copy()
    frame["nilai"] = frame["peserta"].fillna(0).astype(int)  # a hidden count draws no bar; its label says [c]
    frame = frame.sort_values(["kecamatan", "nilai"], ascending=[True, False])
    frame["label"] = [shown_count(fmt, v) for v in frame["peserta"]]
    periode = fmt.period(str(frame["periode"].iloc[0]))
    chosen = places_to_draw(frame)
    heading = selection_title(fmt, chosen, VILLAGES, periode) if chosen.partial else (
        f"Peserta per desa/kelurahan, {periode}", f"Participants by village, {periode}")
    return ChartSpec(
        village_bars(chosen, place_colour(frame), fmt),
        place_title(fmt, frame, *heading),
        village_summary(fmt, frame),
        pd.DataFrame({fmt.label("desa"): frame["desa"], fmt.label("kecamatan"): frame["kecamatan"],
                      fmt.label("participants"): frame["label"]}),
        published(frame[["periode", "kode_kecamatan", "kecamatan", "kode_wilayah", "desa", "jenis", "peserta",
                         "status"]]),
        place_sources(figures), illustrative=bool((frame["status"] == "ilustratif").any()),
        suppressed=bool(frame[HIDDEN].any()), notes=selection_notes(fmt, chosen, VILLAGES, bool(frame[HIDDEN].any())))


VILLAGES = ("desa/kelurahan", "villages")


def village_summary(fmt: Formatter, frame: pd.DataFrame) -> str:
    """The desa with most and fewest participants. A hidden count may be smaller (or, hidden to protect
    another, larger) than any published one, so with one hidden these are among the published counts; with
    every count hidden there is none to name (a hidden count is no 0)."""
    shown = frame[~frame[HIDDEN]]
    if shown.empty:
        return text(fmt, f"Jumlah peserta setiap desa/kelurahan disembunyikan ({SUPPRESSED}).",
                    f"Every village's count of participants is hidden ({SUPPRESSED}).")
    largest, smallest = shown.loc[shown["nilai"].idxmax()], shown.loc[shown["nilai"].idxmin()]
    among = (f", di antara jumlah yang diterbitkan (bukan {SUPPRESSED})", f", among the published counts (not "
             f"{SUPPRESSED})") if len(shown) < len(frame) else ("", "")
    return text(fmt, f"Terbanyak di {largest['desa']} ({fmt.number(largest['nilai'])}), tersedikit di "
                     f"{smallest['desa']} ({fmt.number(smallest['nilai'])}) dari {fmt.number(len(frame))} "
                     f"desa/kelurahan{among[0]}.",
                f"Most in {largest['desa']} ({fmt.number(largest['nilai'])}), fewest in {smallest['desa']} "
                f"({fmt.number(smallest['nilai'])}) of {fmt.number(len(frame))} villages{among[1]}.")


def village_bars(chosen: Selection, colour: str, fmt: Formatter) -> alt.TopLevelMixin:
    """Every desa in one panel per kecamatan, named in its header: the district is read, not decoded from a
    colour; names stay to the left of the bars, as forty-three rows with names above would be too long. The
    largest of many desa are one ranked list instead, where a desa name two kecamatan share names both."""
    padding = {"left": 24, "right": 16, "top": 4, "bottom": 4}  # names end at the bars: room to their left
    if chosen.partial:
        frame = chosen.frame.copy()
        twice = frame["desa"].duplicated(keep=False)
        frame["desa"] = frame["desa"].where(~twice, frame["desa"] + " (" + frame["kecamatan"] + ")")
        return horizontal_bars(frame, "desa", "nilai", fmt.label("participants"), "label", colour, step=22,
                               names_above=False).properties(padding=padding)
    bars = horizontal_bars(chosen.frame, "desa", "nilai", fmt.label("participants"), "label", colour, step=22,
                           names_above=False)
    return bars.facet(row=alt.Row("kecamatan:N", title=None)).resolve_scale(y="independent").properties(
        padding=padding)


def selection_title(fmt: Formatter, chosen: Selection, noun: tuple[str, str], periode: str) -> tuple[str, str]:
    """A chart of some places says which: "15 desa/kelurahan dengan peserta terbanyak dari 7.000"."""
    drawn, total = fmt.number(len(chosen.frame)), fmt.number(chosen.total)
    if not chosen.ranked:
        return f"{drawn} dari {total} {noun[0]}, {periode}", f"{drawn} of {total} {noun[1]}, {periode}"
    return (f"{drawn} {noun[0]} dengan peserta terbanyak dari {total}, {periode}",
            f"The {drawn} {noun[1]} with most participants (of {total}), {periode}")


def selection_notes(fmt: Formatter, chosen: Selection, noun: tuple[str, str], hidden: bool) -> tuple[str, ...]:
    """Where the places a chart leaves out are, and, when some counts are hidden, that only published ones
    were ranked: a hidden count may be larger than the smallest one drawn."""
    if not chosen.partial:
        return ()
    total = fmt.number(chosen.total)
    ranked = text(fmt, f"Hanya jumlah yang diterbitkan yang diurutkan; {noun[0]} yang jumlahnya {SUPPRESSED} tidak "
                       "ikut diurutkan. ",
                  f"Only published counts are ranked; {noun[1]} shown as {SUPPRESSED} are left out. ") if hidden else ""
    return (ranked + text(fmt, f"Semua {total} {noun[0]} ada di tabel dan unduhan data.",
                          f"All {total} {noun[1]} are in the table and the data download."),)


@register("porsi_rentan", uses=("cakupan_segmen",))
def vulnerable_share(figures: Figures, fmt: Formatter) -> ChartSpec:
    segments = figures.tables["cakupan_segmen"]
    yes, no = text(fmt, "Pekerja rentan", "Vulnerable workers"), text(fmt, "Segmen lain", "Other segments")
    totals = segments.groupby("pekerja_rentan")["peserta"].sum()
    whole = int(totals.sum())
    frame = pd.DataFrame({"golongan": [yes, no], "peserta": [int(totals.get("ya", 0)), int(totals.get("tidak", 0))]})
    frame["persen"] = [share(v, whole) for v in frame["peserta"]]
    frame["label"] = [f"{fmt.number(v)} ({fmt.percent(p, 1)})" for v, p in zip(frame["peserta"], frame["persen"])]
    periode = fmt.period(str(segments["periode"].iloc[0]))
    colour = alt.Color("golongan:N", title=None, legend=None,
                       scale=alt.Scale(domain=[yes, no], range=[theme.OFFICIAL_COLOUR, theme.OTHER_COLOUR]))
    return ChartSpec(
        horizontal_bars(frame, "golongan", "peserta", fmt.label("participants"), "label", colour),
        text(fmt, f"Pekerja rentan dan segmen lain, {periode}", f"Vulnerable workers and other segments, {periode}"),
        text(fmt, f"Pekerja rentan berjumlah {fmt.number(frame['peserta'][0])} orang, "
                  f"{fmt.percent(frame['persen'][0], 1)} dari {fmt.number(whole)} peserta.",
             f"Vulnerable workers number {fmt.number(frame['peserta'][0])}, {fmt.percent(frame['persen'][0], 1)} "
             f"of {fmt.number(whole)} participants."),
        pd.DataFrame({fmt.label("group"): frame["golongan"], fmt.label("participants"): frame["label"]}),
        frame.assign(periode=segments["periode"].iloc[0])[["periode", "golongan", "peserta", "persen"]],
        sources_of(segments))


@register("biaya_segmen", uses=("biaya_segmen",))
def yearly_cost(figures: Figures, fmt: Formatter) -> ChartSpec:
    frame = figures.tables["biaya_segmen"].sort_values("biaya_tahunan_rp", ascending=False).copy()
    frame["nama"] = frame[f"nama_{fmt.lang}"]
    frame["juta"] = frame["biaya_tahunan_rp"] / MILLION
    frame["label"] = [fmt.compact(v, rupiah=True) for v in frame["biaya_tahunan_rp"]]
    total = int(frame["biaya_tahunan_rp"].sum())
    periode, fee = fmt.period(str(frame["periode"].iloc[0])), fmt.rupiah(int(frame["iuran_bulanan_rp"].iloc[0]))
    # The schemes the local government pays for, as iuran.csv names them (ditanggung_pemda = ya).
    schemes_id, schemes_en = (joined(figures.paid_programmes, word) for word in ("dan", "and"))
    return ChartSpec(
        horizontal_bars(frame.assign(tepat=[fmt.rupiah(v) for v in frame["biaya_tahunan_rp"]]), "nama", "juta",
                        text(fmt, "Juta rupiah per tahun", "IDR million per year"), "label", theme.OFFICIAL_COLOUR,
                        exact="tepat", tooltip_title=fmt.label("yearly_cost")),
        text(fmt, f"Biaya iuran {schemes_id} per tahun menurut segmen, peserta {periode}",
             f"Yearly {schemes_en} contribution cost by segment, participants as of {periode}"),
        text(fmt, f"Dengan iuran {fee} per orang per bulan, seluruh segmen memerlukan "
                  f"{fmt.compact(total, rupiah=True)} per tahun; ini hitungan situs, bukan angka anggaran.",
             f"At {fee} per person per month, all segments cost {fmt.compact(total, rupiah=True)} a year; "
             "this is the site's arithmetic, not a budget figure."),
        pd.DataFrame({fmt.label("segment"): frame["nama"],
                      fmt.label("participants"): [fmt.number(v) for v in frame["peserta"]],
                      fmt.label("yearly_cost"): [fmt.rupiah(v) for v in frame["biaya_tahunan_rp"]]}),
        frame[["periode", "segmen", "peserta", "iuran_bulanan_rp", "biaya_tahunan_rp", "sumber"]],
        sources_of(frame) + sources_of(figures.data["iuran"]))


@register("klaim_program", uses=("klaim_program",))
def claims_by_programme(figures: Figures, fmt: Formatter) -> ChartSpec:
    """Amounts as the source states them: a lower bound says "lebih dari" in its label, tooltip, table and
    download; a share of bounds is rounded to a whole percent and taken of the total the source states."""
    frame = figures.tables["klaim_program"].copy()
    frame["nama"] = [fmt.programme(code) for code in frame["program"]]
    frame["miliar"] = frame["nilai_rp"] / BILLION
    bound = [flag == LOWER_BOUND for flag in frame["lebih_dari"]]
    frame["label"] = [fmt.bounded(fmt.compact(v, rupiah=True), b) for v, b in zip(frame["nilai_rp"], bound)]
    frame["tepat"] = [fmt.bounded(fmt.rupiah(v), b) for v, b in zip(frame["nilai_rp"], bound)]
    largest, year = frame.iloc[0], str(frame["periode"].iloc[0])
    return ChartSpec(
        horizontal_bars(frame, "nama", "miliar", text(fmt, "Miliar rupiah", "IDR billion"), "label",
                        theme.OFFICIAL_COLOUR, exact="tepat", tooltip_title=fmt.label("claims_value")),
        text(fmt, f"Klaim yang dibayar menurut program, {year}", f"Claims paid by programme, {year}"),
        claims_description(figures, fmt, largest, year, any(bound)),
        pd.DataFrame({fmt.label("programme"): frame["nama"], fmt.label("claims_value"): frame["tepat"]}),
        frame[["periode", "program", "nilai_rp", "lebih_dari", "status", "sumber"]], sources_of(frame),
        notes=(fmt.label("lower_bound_note"),) if any(bound) else ())


def claims_description(figures: Figures, fmt: Formatter, largest: pd.Series, year: str, bounds: bool) -> str:
    """The largest programme and its share of the total the source states (of the programmes shown when it
    states none). With lower bounds the share is only approximate: a whole percent, said to be one."""
    frame = figures.tables["klaim_program"]
    stated = figures.scalars.get(f"klaim_{year}_semua")
    whole = int(stated.value) if stated else int(frame["nilai_rp"].sum())  # type: ignore[arg-type]
    bounds = bounds or bool(stated and stated.lower_bound)
    amount = fmt.bounded(fmt.compact(largest["nilai_rp"], rupiah=True), largest["lebih_dari"] == LOWER_BOUND)
    portion = share(largest["nilai_rp"], whole)
    shown = (text(fmt, "sekitar ", "about ") + fmt.percent(portion, 0)) if bounds else fmt.percent(portion, 1)
    if stated:
        of_id = f"dari {fmt.bounded(fmt.compact(whole, rupiah=True), stated.lower_bound)} klaim seluruhnya"
        of_en = f"of {fmt.bounded(fmt.compact(whole, rupiah=True), stated.lower_bound)} in all claims"
    else:
        of_id, of_en = "dari jumlah klaim per program", "of the programmes' sum"
    return text(fmt, f"{largest['nama']} terbesar: {amount}, {shown} {of_id}.",
                f"{largest['nama']} is the largest: {amount}, {shown} {of_en}.")


def published(frame: pd.DataFrame) -> pd.DataFrame:
    """Counts as published: hidden cells as [c], never their value."""
    out = frame.copy()
    out["peserta"] = [published_count(v, write=str) for v in out["peserta"]]
    return out


def joined(names: list[str], word: str) -> str:
    """'A', 'A dan B', 'A, B dan C' (or 'and' in English): the way a title lists names."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {word} {names[-1]}"
