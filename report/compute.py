"""Pure pandas: validated data -> the named figures and tables that pages and charts show."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from .data import Tables
from .schema import CITY
from .suppress import protect, total_of, with_hidden

MONTHS_PER_YEAR = 12


@dataclass(frozen=True)
class Figure:
    """One number (or date) shown on the site, with where it comes from."""

    value: float | int | date
    unit: str  # count | rupiah | percent | number | date | year
    periode: str
    source: str  # a code from data/sumber.csv; "" for derived illustrative arithmetic
    status: str = "resmi"  # resmi | ilustratif | turunan (computed from resmi figures)


@dataclass(frozen=True)
class Figures:
    scalars: dict[str, Figure]
    tables: dict[str, pd.DataFrame]
    data: Tables = field(repr=False)
    small_cell_threshold: int = 4
    fetched: dict[str, date] = field(default_factory=dict)  # data/ file -> day its data was fetched


UNITS = {"jiwa": "count", "orang": "count", "persen": "percent", "km2": "number", "rupiah": "rupiah",
         "tahun": "count", "bulan": "count", "kali": "count"}


def compute_figures(tables: Tables, small_cell_threshold: int = 4, fetched: dict[str, date] | None = None) -> Figures:
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
    return Figures(scalars, frames, tables, small_cell_threshold, dict(fetched or {}))


def city_rows(tables: Tables) -> pd.DataFrame:
    frame = tables["kepesertaan"]
    return frame[frame["kode_wilayah"] == CITY]


def official_totals(tables: Tables) -> pd.DataFrame:
    rows = city_rows(tables)
    return rows[(rows["segmen"] == "semua") & (rows["status"] == "resmi")].sort_values("periode")


def latest_breakdown_period(tables: Tables) -> str:
    rows = city_rows(tables)
    return str(rows[(rows["segmen"] != "semua") & (rows["status"] == "resmi")]["periode"].max())


def coverage_figures(tables: Tables) -> dict[str, Figure]:
    totals = official_totals(tables)
    latest = totals.iloc[-1]
    out = {"peserta_terbaru": Figure(int(latest["peserta"]), "count", latest["periode"], latest["sumber"])}
    for row in totals.itertuples():
        out[f"peserta_{row.periode.replace('-', '_')}"] = Figure(int(row.peserta), "count", row.periode, row.sumber)
    by_segment = coverage_by_segment(tables)
    if by_segment.empty:
        return out  # no breakdown by segment: chapters that name one get a clear "unknown name" message
    periode = latest_breakdown_period(tables)
    source = str(by_segment["sumber"].iloc[0])
    rentan = by_segment[by_segment["pekerja_rentan"] == "ya"]
    out["peserta_rentan_rincian"] = Figure(int(rentan["peserta"].sum()), "count", periode, source, "turunan")
    out["peserta_bukan_rentan_rincian"] = Figure(int(by_segment["peserta"].sum() - rentan["peserta"].sum()),
                                                 "count", periode, source, "turunan")
    for row in by_segment.itertuples():
        out[f"segmen_{row.segmen}"] = Figure(int(row.peserta), "count", periode, row.sumber)
    segments = tables["segmen"]
    out["jumlah_segmen"] = Figure(len(segments), "count", periode, source, "turunan")
    out["jumlah_segmen_rentan"] = Figure(int((segments["pekerja_rentan"] == "ya").sum()), "count", periode,
                                         source, "turunan")
    return out


def region_figures(tables: Tables) -> dict[str, Figure]:
    regions = tables["wilayah"]
    counts = regions["jenis"].value_counts()
    def count(n: int) -> Figure:
        return Figure(int(n), "count", "2025", "cahyadsn-wilayah")
    return {"jumlah_kecamatan": count(counts.get("kecamatan", 0)),
            "jumlah_desa": count(counts.get("desa", 0)),
            "jumlah_kelurahan": count(counts.get("kelurahan", 0)),
            "jumlah_desa_kelurahan": count(counts.get("desa", 0) + counts.get("kelurahan", 0))}


def contribution_figures(tables: Tables, latest: Figure) -> dict[str, Figure]:
    fees = tables["iuran"]
    out = {f"iuran_{row.program.lower()}": Figure(int(row.iuran_bulanan_rp), "rupiah", str(row.berlaku_sejak)[:7],
                                                  row.sumber) for row in fees.itertuples()}
    paid = fees[fees["ditanggung_pemkot"] == "ya"]
    if paid.empty:
        return out  # data.py reports this; nothing to compute
    monthly = int(paid["iuran_bulanan_rp"].sum())
    periode = str(max(paid["berlaku_sejak"]))[:7]
    out["iuran_ditanggung_pemkot"] = Figure(monthly, "rupiah", periode, str(paid["sumber"].iloc[0]), "turunan")
    people = int(latest.value)  # type: ignore[arg-type]  # peserta_terbaru is a count
    out["biaya_bulanan_terbaru"] = Figure(monthly * people, "rupiah", latest.periode, latest.source, "turunan")
    out["biaya_tahunan_terbaru"] = Figure(monthly * people * MONTHS_PER_YEAR, "rupiah", latest.periode,
                                          latest.source, "turunan")
    return out


def claim_figures(tables: Tables) -> dict[str, Figure]:
    out: dict[str, Figure] = {}
    for row in tables["klaim"][tables["klaim"]["kode_wilayah"] == CITY].itertuples():
        name = f"klaim_{row.periode}_{row.program.lower()}"
        out[name] = Figure(int(row.nilai_rp), "rupiah", row.periode, row.sumber, row.status)
        if not pd.isna(row.kasus):
            out[f"kasus_{row.periode}_{row.program.lower()}"] = Figure(int(row.kasus), "count", row.periode,
                                                                       row.sumber, row.status)
    return out


def statistic_figures(tables: Tables) -> dict[str, Figure]:
    out = {}
    for row in tables["statistik"].itertuples():
        unit = UNITS[row.satuan]
        value = int(row.nilai) if unit in ("count", "rupiah") else float(row.nilai)
        out[row.kode] = Figure(value, unit, row.periode, row.sumber)
    return out


def event_figures(tables: Tables) -> dict[str, Figure]:
    return {f"tanggal_{row.kode}": Figure(row.tanggal, "date", row.tanggal.isoformat()[:7], row.sumber)
            for row in tables["peristiwa"].itertuples()}


def coverage_by_segment(tables: Tables) -> pd.DataFrame:
    periode = latest_breakdown_period(tables)
    rows = city_rows(tables)
    rows = rows[(rows["periode"] == periode) & (rows["segmen"] != "semua")]
    merged = rows.merge(tables["segmen"], left_on="segmen", right_on="kode", suffixes=("", "_segmen"))
    merged = merged[["periode", "segmen", "nama_id", "nama_en", "kelompok", "pekerja_rentan", "peserta",
                     "status", "sumber"]]
    return merged.sort_values("peserta", ascending=False).reset_index(drop=True)


def coverage_over_time(tables: Tables) -> pd.DataFrame:
    rows = city_rows(tables)
    rows = rows[rows["segmen"] == "semua"][["periode", "peserta", "status", "sumber"]]
    return rows.sort_values("periode").reset_index(drop=True)


def claims_by_programme(tables: Tables) -> pd.DataFrame:
    claims = tables["klaim"]
    claims = claims[(claims["kode_wilayah"] == CITY) & (claims["program"] != "semua")]
    if claims.empty:
        return claims
    latest = claims["periode"].max()
    return claims[claims["periode"] == latest].sort_values("nilai_rp", ascending=False).reset_index(drop=True)


def cost_by_segment(tables: Tables) -> pd.DataFrame:
    """What the city pays per year for each segment of the latest breakdown: people x monthly fee x 12."""
    fees = tables["iuran"]
    monthly = int(fees[fees["ditanggung_pemkot"] == "ya"]["iuran_bulanan_rp"].sum())
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


def coverage_by_place(tables: Tables, threshold: int) -> dict[str, pd.DataFrame]:
    """Participants per desa/kelurahan and segment, per desa/kelurahan and per kecamatan, as published:
    small cells hidden (see suppress.py). Empty frames when the data has no breakdown by place."""
    regions = tables["wilayah"].set_index("kode")
    rows = tables["kepesertaan"]
    rows = rows[rows["kode_wilayah"].map(lambda code: regions["jenis"].get(code) in ("desa", "kelurahan"))]
    rows = rows[(rows["periode"] == rows["periode"].max()) & (rows["segmen"] != "semua")].copy()
    rows["desa"] = rows["kode_wilayah"].map(regions["nama"])
    rows["jenis"] = rows["kode_wilayah"].map(regions["jenis"])
    rows["kode_kecamatan"] = rows["kode_wilayah"].map(regions["kode_induk"])
    rows["kecamatan"] = rows["kode_kecamatan"].map(regions["nama"])
    rows = rows.merge(tables["segmen"][["kode", "nama_id", "nama_en"]], left_on="segmen", right_on="kode")
    place = ["periode", "kode_kecamatan", "kecamatan", "kode_wilayah", "desa", "jenis"]
    by_segment = rows[place + ["segmen", "nama_id", "nama_en", "peserta", "status"]]
    by_segment = by_segment.sort_values(["kode_wilayah", "segmen"]).reset_index(drop=True)
    desa = by_segment.groupby(place, as_index=False).agg(peserta=("peserta", "sum"), status=("status", "max"))
    kecamatan = desa.groupby(["periode", "kode_kecamatan", "kecamatan"], as_index=False).agg(
        peserta=("peserta", "sum"), status=("status", "max"))
    return suppress_linked(by_segment, desa, kecamatan, threshold)


def suppress_linked(by_segment: pd.DataFrame, desa: pd.DataFrame, kecamatan: pd.DataFrame,
                    threshold: int) -> dict[str, pd.DataFrame]:
    """The three place tables hide their small cells together: each is published on its own, but a
    reader can add and subtract across them and the city's segment totals (see suppress.py)."""
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


def newest_cited_period(figures: Figures, names: Iterable[str]) -> str:
    """The newest period among the sourced figures named (official or computed from official ones): a
    year counts as its end, so "2025" is as new as "2025-12" (the month, more precise, is given)."""
    periods = [figures.scalars[name].periode for name in names
               if name in figures.scalars and figures.scalars[name].status != "ilustratif"]
    return max(periods, key=lambda p: ((p + "-12-99")[:10] if len(p) == 4 else (p + "-99")[:10], len(p)),
               default="")


def release_date(tables: Tables) -> date:
    """The 'as of' date of the published data: the first day of the newest official month."""
    latest = official_totals(tables)["periode"].max()
    return date(int(latest[:4]), int(latest[5:7]), 1)
