"""Pure pandas: validated data -> the named figures and tables that pages and charts show."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from report.figures.suppress import protect, total_of, with_hidden
from report.inputs.data import Tables
from report.inputs.periods import name_part, newest, period_key
from report.inputs.region import Region, root_region
from report.inputs.schema import LOWER_BOUND

MONTHS_PER_YEAR = 12


@dataclass(frozen=True)
class Method:
    """How a derived figure was computed, in words for readers of both languages."""

    id: str
    en: str


@dataclass(frozen=True)
class Figure:
    """One number (or date) shown on the site, with where it comes from."""

    value: float | int | date
    unit: str  # count | rupiah | percent | number | date | year
    periode: str  # YYYY or YYYY-MM as the source gives it; "" when the source gives none (a rate)
    source: str  # a code from data/sumber.csv: the figure's own source, or a derived figure's first input's
    status: str = "resmi"  # resmi | ilustratif | turunan (computed from resmi figures)
    lower_bound: bool = False  # the source says "more than" this value
    inputs: tuple[str, ...] = ()  # a derived figure: the sources of all its inputs, `source` included
    method: Method | None = None  # a derived figure: how it was computed

    @property
    def sources(self) -> tuple[str, ...]:
        """Every source behind the figure, each once, in order."""
        return tuple(code for code in dict.fromkeys((self.source, *self.inputs)) if code)


def derived(value: int, unit: str, periode: str, sources: list[str], method: Method,
            lower_bound: bool = False) -> Figure:
    codes = tuple(dict.fromkeys(s for s in sources if s))
    return Figure(value, unit, periode, codes[0] if codes else "", "turunan", lower_bound, codes, method)


@dataclass(frozen=True)
class Figures:
    scalars: dict[str, Figure]
    tables: dict[str, pd.DataFrame]
    data: Tables = field(repr=False)
    small_cell_threshold: int = 4
    fetched: dict[str, date] = field(default_factory=dict)  # data/ file -> day its data was fetched
    # Who pays the contributions the headline counts, per language (settings payer_id, payer_en).
    payer: dict[str, str] = field(default_factory=lambda: {"id": "Pemda", "en": "the local government"})
    # Setting download_name: the open-data files' name; empty: taken from the region's name.
    download_setting: str = ""


    @property
    def region(self) -> Region:
        """The region the report is about: wilayah.csv's row without kode_induk."""
        return root_region(self.data["wilayah"])

    @property
    def download_name(self) -> str:
        """data-<name>.zip and the data package's name: the setting, or the region's name as a slug."""
        return self.download_setting or re.sub(r"[^a-z0-9]+", "-", self.region.name.lower()).strip("-") or "data"

    @property
    def paid_programmes(self) -> list[str]:
        """The schemes whose contributions the local government pays (iuran.csv, ditanggung_pemda = ya)."""
        fees = self.data["iuran"]
        return list(fees[fees["ditanggung_pemda"] == "ya"]["program"])


UNITS = {"jiwa": "count", "orang": "count", "persen": "percent", "km2": "number", "rupiah": "rupiah",
         "tahun": "count", "bulan": "count", "kali": "count"}


def compute_figures(tables: Tables, small_cell_threshold: int = 4, fetched: dict[str, date] | None = None,
                    payer: dict[str, str] | None = None, download_name: str = "") -> Figures:
    scalars: dict[str, Figure] = {}
    scalars.update(coverage_figures(tables))
    scalars.update(region_figures(tables))
    scalars.update(contribution_figures(tables, scalars["peserta_terbaru"]))
    scalars.update(claim_figures(tables))
    scalars.update(statistic_figures(tables))
    scalars.update(event_figures(tables))
    frames = {
        "cakupan_segmen": coverage_by_segment(tables),
        "cakupan_waktu": coverage_over_time(tables),
        "klaim_program": claims_by_programme(tables),
        "biaya_segmen": cost_by_segment(tables),
        "porsi_rentan": vulnerable_share(tables),
    }
    frames.update(coverage_by_place(tables, small_cell_threshold))
    return Figures(scalars, frames, tables, small_cell_threshold, dict(fetched or {}),
                   dict(payer or {"id": "Pemda", "en": "the local government"}), download_name)


def root_of(tables: Tables) -> str:
    return root_region(tables["wilayah"]).code


def region_rows(tables: Tables) -> pd.DataFrame:
    """The rows for the report's region as a whole (any level: provinsi, kabupaten or kota)."""
    frame = tables["kepesertaan"]
    return frame[frame["kode_wilayah"] == root_of(tables)]


def by_period(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows in time order, a year after the months of that year (periods.py)."""
    return frame.sort_values("periode", key=lambda column: column.map(period_key), kind="stable")


def official_totals(tables: Tables) -> pd.DataFrame:
    rows = region_rows(tables)
    return by_period(rows[(rows["segmen"] == "semua") & (rows["status"] == "resmi")])


def latest_breakdown_period(tables: Tables) -> str:
    rows = region_rows(tables)
    return newest(rows[(rows["segmen"] != "semua") & (rows["status"] == "resmi")]["periode"])


def coverage_figures(tables: Tables) -> dict[str, Figure]:
    totals = official_totals(tables)
    latest = totals.iloc[-1]
    out = {"peserta_terbaru": Figure(int(latest["peserta"]), "count", latest["periode"], latest["sumber"])}
    for row in totals.itertuples():
        out[f"peserta_{name_part(row.periode)}"] = Figure(int(row.peserta), "count", row.periode, row.sumber)
    by_segment = coverage_by_segment(tables)
    if by_segment.empty:
        return out  # no breakdown by segment: chapters that name one get a clear "unknown name" message
    out.update(segment_figures(tables, by_segment))
    return out


def segment_figures(tables: Tables, by_segment: pd.DataFrame) -> dict[str, Figure]:
    periode = latest_breakdown_period(tables)
    sources = list(by_segment["sumber"])
    rentan = by_segment[by_segment["pekerja_rentan"] == "ya"]
    out = {f"segmen_{row.segmen}": Figure(int(row.peserta), "count", periode, row.sumber)
           for row in by_segment.itertuples()}
    out["peserta_rentan_rincian"] = derived(int(rentan["peserta"].sum()), "count", periode, sources, Method(
        "jumlah peserta segmen yang tergolong pekerja rentan", "sum of the segments counted as vulnerable workers"))
    out["peserta_bukan_rentan_rincian"] = derived(
        int(by_segment["peserta"].sum() - rentan["peserta"].sum()), "count", periode, sources,
        Method("jumlah peserta segmen yang tidak tergolong pekerja rentan",
               "sum of the segments not counted as vulnerable workers"))
    segments = tables["segmen"]
    out["jumlah_segmen"] = derived(len(segments), "count", periode, sources, Method(
        "banyaknya segmen dalam rincian", "number of segments in the breakdown"))
    out["jumlah_segmen_rentan"] = derived(int((segments["pekerja_rentan"] == "ya").sum()), "count", periode,
                                          sources, Method("banyaknya segmen yang tergolong pekerja rentan",
                                                          "number of segments counted as vulnerable workers"))
    return out


def region_figures(tables: Tables) -> dict[str, Figure]:
    regions = tables["wilayah"]
    counts = regions["jenis"].value_counts()
    root = regions[regions["kode"] == root_of(tables)]
    # The list of areas is cited with the period and source its own root row gives (wilayah.csv).
    periode, source = (str(root[c].iloc[0] or "") if c in root and not root.empty else ""
                       for c in ("periode", "sumber"))
    def count(n: int) -> Figure:
        return Figure(int(n), "count", periode, source)
    return {"jumlah_kecamatan": count(counts.get("kecamatan", 0)),
            "jumlah_desa": count(counts.get("desa", 0)),
            "jumlah_kelurahan": count(counts.get("kelurahan", 0)),
            "jumlah_desa_kelurahan": count(counts.get("desa", 0) + counts.get("kelurahan", 0))}


def contribution_figures(tables: Tables, latest: Figure) -> dict[str, Figure]:
    """Fee rates carry no period: no source gives the date from which the amounts apply."""
    fees = tables["iuran"]
    out = {f"iuran_{row.program.lower()}": Figure(int(row.iuran_bulanan_rp), "rupiah", "", row.sumber)
           for row in fees.itertuples()}
    paid = fees[fees["ditanggung_pemda"] == "ya"]
    if paid.empty:
        return out  # data.py reports this; nothing to compute
    monthly = int(paid["iuran_bulanan_rp"].sum())
    programmes = " + ".join(paid["program"])
    fee_sources = list(paid["sumber"])
    out["iuran_ditanggung_pemda"] = derived(monthly, "rupiah", "", fee_sources, Method(
        f"jumlah iuran {programmes} per orang per bulan", f"sum of the {programmes} contributions per person "
        "per month"))
    people = int(latest.value)  # type: ignore[arg-type]  # peserta_terbaru is a count
    out["biaya_bulanan_terbaru"] = derived(monthly * people, "rupiah", latest.periode, [latest.source, *fee_sources],
                                           Method(f"peserta terbaru × iuran {programmes} per bulan",
                                                  f"latest participants × monthly {programmes} contribution"))
    out["biaya_tahunan_terbaru"] = derived(
        monthly * people * MONTHS_PER_YEAR, "rupiah", latest.periode, [latest.source, *fee_sources],
        Method(f"peserta terbaru × iuran {programmes} per bulan × 12 bulan",
               f"latest participants × monthly {programmes} contribution × 12 months"))
    return out


def claim_figures(tables: Tables) -> dict[str, Figure]:
    out: dict[str, Figure] = {}
    for row in tables["klaim"][tables["klaim"]["kode_wilayah"] == root_of(tables)].itertuples():
        name = f"klaim_{row.periode}_{row.program.lower()}"
        out[name] = Figure(int(row.nilai_rp), "rupiah", row.periode, row.sumber, row.status,
                           lower_bound=row.lebih_dari == LOWER_BOUND)
        if not pd.isna(row.kasus):
            out[f"kasus_{row.periode}_{row.program.lower()}"] = Figure(int(row.kasus), "count", row.periode,
                                                                       row.sumber, row.status)
    return out


def statistic_figures(tables: Tables) -> dict[str, Figure]:
    out = {}
    for row in tables["statistik"].itertuples():
        unit = UNITS[row.satuan]
        value = int(row.nilai) if unit in ("count", "rupiah") else float(row.nilai)
        out[row.kode] = Figure(value, unit, row.periode, row.sumber, lower_bound=row.lebih_dari == LOWER_BOUND)
    return out


def event_figures(tables: Tables) -> dict[str, Figure]:
    return {f"tanggal_{row.kode}": Figure(row.tanggal, "date", row.tanggal.isoformat()[:7], row.sumber)
            for row in tables["peristiwa"].itertuples()}


def coverage_by_segment(tables: Tables) -> pd.DataFrame:
    periode = latest_breakdown_period(tables)
    rows = region_rows(tables)
    rows = rows[(rows["periode"] == periode) & (rows["segmen"] != "semua")]
    merged = rows.merge(tables["segmen"], left_on="segmen", right_on="kode", suffixes=("", "_segmen"))
    merged = merged[["periode", "segmen", "nama_id", "nama_en", "kelompok", "pekerja_rentan", "peserta",
                     "status", "sumber"]]
    return merged.sort_values("peserta", ascending=False).reset_index(drop=True)


def coverage_over_time(tables: Tables) -> pd.DataFrame:
    """The region's totals as their sources give them: years and months side by side, nothing in between."""
    rows = region_rows(tables)
    rows = rows[rows["segmen"] == "semua"][["periode", "peserta", "status", "sumber"]]
    return by_period(rows).reset_index(drop=True)


def claims_by_programme(tables: Tables) -> pd.DataFrame:
    claims = tables["klaim"]
    claims = claims[(claims["kode_wilayah"] == root_of(tables)) & (claims["program"] != "semua")]
    if claims.empty:
        return claims
    latest = newest(claims["periode"])
    return claims[claims["periode"] == latest].sort_values("nilai_rp", ascending=False).reset_index(drop=True)


def cost_by_segment(tables: Tables) -> pd.DataFrame:
    """What the local government pays per year for each segment of the latest breakdown: people x monthly fee x 12."""
    fees = tables["iuran"]
    monthly = int(fees[fees["ditanggung_pemda"] == "ya"]["iuran_bulanan_rp"].sum())
    frame = coverage_by_segment(tables).copy()
    if frame.empty or not monthly:
        return frame.iloc[0:0]
    frame["iuran_bulanan_rp"] = monthly
    frame["biaya_tahunan_rp"] = frame["peserta"].astype(int) * monthly * MONTHS_PER_YEAR
    return frame


def vulnerable_share(tables: Tables) -> pd.DataFrame:
    """Participants of the latest breakdown: vulnerable workers against the other segments."""
    segments = coverage_by_segment(tables)
    if segments.empty:
        return segments
    groups = segments.groupby("pekerja_rentan", as_index=False).agg(peserta=("peserta", "sum"),
                                                                     sumber=("sumber", "first"))
    groups = groups.sort_values("pekerja_rentan", ascending=False).reset_index(drop=True)
    groups["persen"] = (100 * groups["peserta"] / groups["peserta"].sum()).round(2)
    return groups.assign(periode=segments["periode"].iloc[0])[["periode", "pekerja_rentan", "peserta", "persen",
                                                                 "sumber"]]


PLACE_TABLES = ("desa_segmen", "cakupan_desa", "cakupan_kecamatan")


def coverage_by_place(tables: Tables, threshold: int) -> dict[str, pd.DataFrame]:
    """Participants per desa/kelurahan and segment, per desa/kelurahan and per kecamatan, as published:
    small cells hidden (see suppress.py). Empty frames when the data has no breakdown by place."""
    regions = tables["wilayah"].set_index("kode")
    rows = tables["kepesertaan"]
    # One lookup for all rows: a column taken per row copies the frame's line numbers each time (pandas deep-copies
    # attrs), which made this line quadratic in the desa, most of the figures stage at 7,000 desa.
    rows = rows[rows["kode_wilayah"].map(regions["jenis"]).isin(("desa", "kelurahan"))]
    rows = rows[(rows["periode"] == newest(rows["periode"])) & (rows["segmen"] != "semua")].copy()
    if rows.empty:
        return {name: pd.DataFrame() for name in PLACE_TABLES}  # no breakdown by place: nothing is published
    rows["desa"] = rows["kode_wilayah"].map(regions["nama"])
    rows["jenis"] = rows["kode_wilayah"].map(regions["jenis"])
    rows["kode_kecamatan"] = rows["kode_wilayah"].map(regions["kode_induk"])
    rows["kecamatan"] = rows["kode_kecamatan"].map(regions["nama"])
    rows = rows.merge(tables["segmen"][["kode", "nama_id", "nama_en"]], left_on="segmen", right_on="kode")
    place = ["periode", "kode_kecamatan", "kecamatan", "kode_wilayah", "desa", "jenis"]
    by_segment = rows[place + ["segmen", "nama_id", "nama_en", "peserta", "status", "sumber"]]
    by_segment = by_segment.sort_values(["kode_wilayah", "segmen"]).reset_index(drop=True)
    # A total is illustrative as soon as one of its parts is ("resmi" < "ilustratif" would pick the wrong one).
    def status(values: pd.Series) -> str:
        return "ilustratif" if (values == "ilustratif").any() else "resmi"

    desa = by_segment.groupby(place, as_index=False).agg(peserta=("peserta", "sum"), status=("status", status))
    kecamatan = desa.groupby(["periode", "kode_kecamatan", "kecamatan"], as_index=False).agg(
        peserta=("peserta", "sum"), status=("status", status))
    return suppress_linked(by_segment, desa, kecamatan, threshold)


def suppress_linked(by_segment: pd.DataFrame, desa: pd.DataFrame, kecamatan: pd.DataFrame,
                    threshold: int) -> dict[str, pd.DataFrame]:
    """The three place tables hide their small cells together: each is published on its own, but a
    reader can add and subtract across them and the region's segment totals (see suppress.py)."""
    cells = pd.concat([by_segment["peserta"], desa["peserta"], kecamatan["peserta"]], ignore_index=True)
    first_desa, first_kecamatan = len(by_segment), len(by_segment) + len(desa)
    desa_cell = {code: first_desa + i for i, code in enumerate(desa["kode_wilayah"])}
    kecamatan_cell = {code: first_kecamatan + i for i, code in enumerate(kecamatan["kode_kecamatan"])}
    equations = [total_of(list(rows), desa_cell[code])
                 for code, rows in by_segment.groupby("kode_wilayah").indices.items()]
    equations += [total_of([desa_cell[c] for c in codes], kecamatan_cell[code])
                  for code, codes in desa.groupby("kode_kecamatan")["kode_wilayah"]]
    equations += [total_of(list(rows)) for rows in by_segment.groupby("segmen").indices.values()]
    # Not published today, but protected as if it were: a kecamatan-by-segment view then stays safe.
    equations += [total_of(list(rows)) for rows in by_segment.groupby(["kode_kecamatan", "segmen"]).indices.values()]
    equations.append(total_of(list(kecamatan_cell.values())))
    hidden = protect(cells.astype(int).tolist(), equations, threshold)
    return {
        "desa_segmen": with_hidden(by_segment, "peserta", hidden[:first_desa]),
        "cakupan_desa": with_hidden(desa, "peserta", hidden[first_desa:first_kecamatan]),
        "cakupan_kecamatan": with_hidden(kecamatan, "peserta", hidden[first_kecamatan:]),
    }


def newest_official_period(tables: Tables) -> str:
    """The period of the newest official total, as its source gives it (YYYY or YYYY-MM)."""
    return newest(official_totals(tables)["periode"])


def newest_cited_period(figures: Figures, names: Iterable[str]) -> str:
    """The newest period among the sourced figures named (official or computed from official ones): a
    year counts as its end, so "2025" is as new as "2025-12" (the month, more precise, is given)."""
    periods = [figures.scalars[name].periode for name in names
               if name in figures.scalars and figures.scalars[name].status != "ilustratif"]
    return max(periods, key=lambda p: ((p + "-12-99")[:10] if len(p) == 4 else (p + "-99")[:10], len(p)),
               default="")


def release_date(tables: Tables) -> date:
    """The 'as of' date of the published data: the first day of the newest official month (a year's
    figure: the last day of that year, never a month the source did not give)."""
    latest = newest_official_period(tables)
    if len(latest) == 4:
        return date(int(latest), 12, 31)
    return date(int(latest[:4]), int(latest[5:7]), 1)
