"""The published datasets: what the data page lists and the downloads contain.

Every figure the site shows comes from one of these. Downloads are the published figures (small
cells already shown as [c]), never the raw input. Column names are the data contract's in the
default language's files and English in the English ones (columns.py); each has a description in both.
Each dataset carries its own "as of" date.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from report.figures.compute import Figures, latest_breakdown_period, newest_official_period
from report.figures.suppress import HIDDEN, published_count
from report.i18n import Formatter
from report.inputs.periods import newest
from report.live.history import LOCAL_SOURCE, Release

LICENCE = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
           "path": "https://creativecommons.org/licenses/by/4.0/"}


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # Table Schema type: string, integer, number, date, year, yearmonth
    id: str
    en: str


def newest_period(figures: Figures, frame: pd.DataFrame) -> str:
    """The newest period the rows hold, ordered as the site orders periods: a year after its months."""
    return newest(frame["periode"]) if "periode" in frame else ""


def newest_date(figures: Figures, frame: pd.DataFrame) -> str:
    return str(max(frame["tanggal"])) if "tanggal" in frame and not frame.empty else ""


@dataclass(frozen=True)
class PublishedDataset:
    name: str  # file name without extension, also the Data Package resource name
    title_id: str
    title_en: str
    description_id: str
    description_en: str
    fields: tuple[Field, ...]
    frame: Callable[[Figures], pd.DataFrame]
    inputs: tuple[str, ...]  # the files in data/ it is made from
    # Sources of figures whose rows name none (a split of, or a list behind, sourced figures).
    cites: Callable[[Figures], Iterable[str]] = lambda figures: ()
    # The newest period the rows hold, when no "periode" column says it.
    period: Callable[[Figures, pd.DataFrame], str] = newest_period

    def published(self, figures: Figures) -> pd.DataFrame:
        frame = self.frame(figures)
        out = frame[[f.name for f in self.fields]].copy()
        if HIDDEN in frame:
            # A hidden cell leaves the build only as [c]: its value is dropped here, not just masked.
            out["peserta"] = [published_count(v, hidden) for v, hidden in zip(frame["peserta"], frame[HIDDEN])]
        return out

    def has_rows(self, figures: Figures) -> bool:
        """Published only when there is something to publish: no breakdown by place, no such files."""
        return not self.frame(figures).empty

    def illustrative(self, figures: Figures) -> bool:
        frame = self.frame(figures)
        return "status" in frame and bool((frame["status"] == "ilustratif").any())

    def suppressed(self, figures: Figures) -> bool:
        return HIDDEN in self.frame(figures)

    def sources(self, figures: Figures) -> list[str]:
        frame = self.frame(figures)
        named = {s for s in frame.get("sumber", pd.Series(dtype=str)).dropna() if s}
        return sorted(named | set(self.cites(figures)))

    def as_of(self, figures: Figures) -> str:
        return data_as_of(figures.fetched, self.inputs, self.period(figures, self.frame(figures)))


def data_as_of(fetched: dict[str, date], files: Iterable[str], newest_period: str) -> str:
    """"Data as of", the one definition, for one dataset or for the whole site: the latest day its
    files were fetched, when data/riwayat/ records a fetch for every one of them; otherwise the newest
    period its figures are for. YYYY-MM-DD, YYYY-MM or YYYY (shown_as_of writes it per language)."""
    files = list(files)
    if files and all(name in fetched for name in files):
        return max(fetched[name] for name in files).isoformat()
    return newest_period


def fetch_dates(data_dir: Path, known: list[Release]) -> dict[str, date]:
    """Per file in data/, the day its current content was fetched, when data/riwayat/ says so: the
    first release of an unbroken run, up to the latest, that holds exactly the bytes in data/ now.
    A file edited by hand, or recorded as local, has no fetch date. `known`: the releases, as read."""
    dates: dict[str, date] = {}
    for name in (known[-1].files if known else {}):
        path = data_dir / name
        if not path.is_file():
            continue
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
        since = None
        for release in reversed(known):
            record = release.files.get(name)
            if record is None or record.sha256 != sha or record.source == LOCAL_SOURCE:
                break
            since = release.fetched_at.date()
        if since is not None:
            dates[name] = since
    return dates


def shown_as_of(fmt: Formatter, text: str) -> str:
    return fmt.date(date.fromisoformat(text)) if len(text) == 10 else fmt.period(text) if text else ""


# A year or a month, as the source gives it: Table Schema has no type for "either", so it is a string.
PERIODE = Field("periode", "string", "periode sebagaimana diberikan sumbernya: tahun (TTTT) atau bulan (TTTT-BB)",
                "period as its source gives it: a year (YYYY) or a month (YYYY-MM)")
LEBIH_DARI = Field("lebih_dari", "string", "ya = sumber menyebut \"lebih dari\": nilainya batas bawah, bukan angka "
                   "tepat", "ya = the source says \"more than\": the value is a lower bound, not an exact amount")
PESERTA = Field("peserta", "integer", "jumlah peserta; [c] = disembunyikan", "participants; [c] = hidden")
STATUS = Field("status", "string", "resmi (bersumber); ilustratif (angka contoh, hanya di proyek contoh)",
               "official (sourced); illustrative (made-up, demo projects only)")
SUMBER = Field("sumber", "string", "kode sumber (lihat dataset sumber)", "source code (see the sources dataset)")
SEGMEN = Field("segmen", "string", "kode segmen", "segment code")
KODE_KECAMATAN = Field("kode_kecamatan", "string", "kode Kemendagri kecamatan", "district code (Home Affairs)")
KECAMATAN = Field("kecamatan", "string", "nama kecamatan", "district name")
KODE_DESA = Field("kode_wilayah", "string", "kode Kemendagri desa/kelurahan", "village code (Home Affairs)")
DESA = Field("desa", "string", "nama desa/kelurahan", "village name")
JENIS_DESA = Field("jenis", "string", "desa atau kelurahan", "village (desa) or urban village (kelurahan)")
PEKERJA_RENTAN = Field("pekerja_rentan", "string", "ya jika pekerja rentan", "yes if vulnerable workers")
KETERANGAN_ID = Field("keterangan_id", "string", "keterangan", "description (Indonesian)")
KETERANGAN_EN = Field("keterangan_en", "string", "keterangan (Inggris)", "description")
SPLIT_ID = "Rincian angka resmi per segmen menurut wilayah; status setiap baris menyebut asalnya."
SPLIT_EN = "The official segment counts broken down by place; each row's status says where it comes from."
SMALL_ID, SMALL_EN = " Angka kecil disembunyikan sebagai [c].", " Small counts are hidden as [c]."


def rows(name: str) -> Callable[[Figures], pd.DataFrame]:
    return lambda figures: figures.tables[name]


def raw(name: str) -> Callable[[Figures], pd.DataFrame]:
    return lambda figures: figures.data[name]


def segment_sources(figures: Figures) -> list[str]:
    return sorted({s for s in figures.tables["cakupan_segmen"]["sumber"].dropna() if s})


def place_sources(figures: Figures) -> list[str]:
    """The places break down the official segment counts, so those counts' sources are theirs too, with
    the sources of the breakdown's own rows."""
    own = figures.tables["desa_segmen"].get("sumber", pd.Series(dtype=str))
    return sorted(set(segment_sources(figures)) | {s for s in own.dropna() if s})


def published_datasets(figures: Figures) -> list[PublishedDataset]:
    """The datasets that have rows to publish, in catalogue order."""
    return [dataset for dataset in PUBLISHED if dataset.has_rows(figures)]


def statistics(figures: Figures) -> pd.DataFrame:
    """Whole numbers without a trailing .0, as the pages show them."""
    frame = figures.data["statistik"].copy()
    frame["nilai"] = [int(v) if float(v).is_integer() else v for v in frame["nilai"]]
    return frame


def breakdown_period(figures: Figures, frame: pd.DataFrame) -> str:
    return latest_breakdown_period(figures.data)


def region_period(figures: Figures, frame: pd.DataFrame) -> str:
    return figures.scalars["jumlah_kecamatan"].periode


PLACES = ("kepesertaan.csv", "wilayah.csv", "segmen.csv")
PUBLISHED: tuple[PublishedDataset, ...] = (
    PublishedDataset(
        "kepesertaan-total", "Peserta yang iurannya dibayar Pemda, menurut periode",
        "Participants whose contributions the local government pays, by period",
        "Jumlah resmi dari pemberitaan, untuk periode yang diberikan sumbernya (tahun atau bulan); tidak ada "
        "angka di antaranya yang diisi. Sumber yang berbeda dapat menghitung kelompok yang berbeda.",
        "Official totals from news reports, for the period each source gives (a year or a month); nothing in "
        "between is filled in. Different sources may count different groups.",
        (PERIODE, PESERTA, STATUS, SUMBER), rows("cakupan_waktu"), ("kepesertaan.csv",)),
    PublishedDataset(
        "kepesertaan-segmen", "Peserta per segmen", "Participants by segment",
        "Rincian resmi per segmen untuk bulan rincian terbaru.", "Official breakdown by segment, latest month.",
        (PERIODE, SEGMEN, Field("nama_id", "string", "nama segmen", "segment name (Indonesian)"),
         Field("nama_en", "string", "nama segmen (Inggris)", "segment name"), PEKERJA_RENTAN, PESERTA, STATUS,
         SUMBER), rows("cakupan_segmen"), ("kepesertaan.csv", "segmen.csv")),
    PublishedDataset(
        "porsi-rentan", "Pekerja rentan dan segmen lain", "Vulnerable workers and other segments",
        "Hitungan situs dari rincian resmi terbaru: jumlah peserta menurut golongan, dan persentasenya dari "
        "jumlah semua segmen dalam rincian itu.",
        "The site's arithmetic on the latest official breakdown: participants by group, and their share of the "
        "sum of all its segments.",
        (PERIODE, PEKERJA_RENTAN, PESERTA, Field("persen", "number", "persen dari semua peserta rincian",
                                                 "percent of all participants in the breakdown"), SUMBER),
        rows("porsi_rentan"), ("kepesertaan.csv", "segmen.csv")),
    PublishedDataset(
        "biaya-segmen", "Biaya iuran per tahun menurut segmen", "Yearly contribution cost by segment",
        "Hitungan situs: peserta (rincian resmi) x iuran bulanan yang dibayar Pemda (jumlah iuran per program) x 12; "
        "bukan angka anggaran. Sumber: sumber peserta dan sumber setiap iuran.",
        "The site's arithmetic: participants (official breakdown) x the monthly contributions the local government "
        "pays (the sum over programmes) x 12; not a budget figure. Sources: the participants' and each fee's.",
        (PERIODE, SEGMEN, PESERTA, Field("iuran_bulanan_rp", "integer", "iuran per orang per bulan (Rp)",
                                         "contribution per person per month (IDR)"),
         Field("biaya_tahunan_rp", "integer", "biaya per tahun (Rp)", "cost per year (IDR)"), SUMBER),
        rows("biaya_segmen"), ("kepesertaan.csv", "iuran.csv"),
        cites=lambda figures: [s for s in figures.data["iuran"]["sumber"] if s]),
    PublishedDataset(
        "kepesertaan-kecamatan", "Peserta per kecamatan", "Participants by district",
        SPLIT_ID, SPLIT_EN, (PERIODE, KODE_KECAMATAN, KECAMATAN, PESERTA, STATUS), rows("cakupan_kecamatan"), PLACES,
        cites=place_sources),
    PublishedDataset(
        "kepesertaan-desa", "Peserta per desa/kelurahan", "Participants by village",
        SPLIT_ID + SMALL_ID, SPLIT_EN + SMALL_EN,
        (PERIODE, KODE_KECAMATAN, KECAMATAN, KODE_DESA, DESA, JENIS_DESA, PESERTA, STATUS), rows("cakupan_desa"),
        PLACES, cites=place_sources),
    PublishedDataset(
        "kepesertaan-desa-segmen", "Peserta per desa/kelurahan dan segmen", "Participants by village and segment",
        SPLIT_ID + SMALL_ID, SPLIT_EN + SMALL_EN,
        (PERIODE, KODE_KECAMATAN, KECAMATAN, KODE_DESA, DESA, JENIS_DESA, SEGMEN, PESERTA, STATUS),
        rows("desa_segmen"), PLACES, cites=place_sources),
    PublishedDataset(
        "iuran", "Iuran per program", "Contributions by programme",
        "Iuran per orang per bulan pada golongan penghasilan terendah peserta BPU.",
        "Contribution per person per month at the lowest income bracket of non-wage participants.",
        (Field("program", "string", "program", "programme"),
         Field("iuran_bulanan_rp", "integer", "iuran per bulan (Rp)", "monthly contribution (IDR)"),
         Field("dasar_hukum", "string", "dasar hukum", "legal basis"),
         Field("nama_id", "string", "nama program", "programme name (Indonesian)"),
         Field("nama_en", "string", "nama program (Inggris)", "programme name"),
         Field("ditanggung_pemda", "string", "ya jika dibayar Pemda", "yes if the local government pays it"),
         SUMBER),
        raw("iuran"), ("iuran.csv",), period=lambda figures, frame: ""),  # no source dates the rates
    PublishedDataset(
        "klaim", "Klaim yang dibayar", "Claims paid",
        "Nilai klaim per program untuk semua peserta di wilayah itu; lebih_dari = ya menandai batas bawah.",
        "Claims paid by programme, all participants in the area; lebih_dari = ya marks a lower bound.",
        (Field("periode", "year", "tahun", "year"), Field("program", "string", "program", "programme"),
         Field("kasus", "integer", "jumlah kasus jika diketahui", "cases, if known"),
         Field("nilai_rp", "integer", "nilai klaim (Rp)", "amount paid (IDR)"), LEBIH_DARI, STATUS, SUMBER),
        raw("klaim"), ("klaim.csv",)),
    PublishedDataset(
        "statistik", "Angka pendukung: penduduk, tenaga kerja, manfaat", "Context figures: population, labour, "
        "benefits", "Angka resmi yang dikutip dalam teks bab, masing-masing dengan sumbernya.",
        "Official figures quoted in the chapters' text, each with its source.",
        (Field("kode", "string", "kode angka (dipakai bab)", "figure code (used by the chapters)"),
         Field("indikator_id", "string", "indikator", "indicator (Indonesian)"),
         Field("indikator_en", "string", "indikator (Inggris)", "indicator"),
         Field("wilayah", "string", "wilayah yang diukur", "area measured"),
         Field("periode", "string", "tahun (TTTT) atau bulan (TTTT-BB); kosong jika sumber tidak menyebutnya",
               "year (YYYY) or month (YYYY-MM); empty when the source gives none"),
         Field("nilai", "number", "nilai", "value"), LEBIH_DARI, Field("satuan", "string", "satuan", "unit"), SUMBER),
        statistics, ("statistik.csv",)),
    PublishedDataset(
        "peristiwa", "Peristiwa penting", "Key events", "Tanggal peraturan dan peristiwa yang disebut dalam laporan.",
        "Dates of the regulations and events the report names.",
        (Field("kode", "string", "kode peristiwa", "event code"), Field("tanggal", "date", "tanggal", "date"),
         KETERANGAN_ID, KETERANGAN_EN, SUMBER), raw("peristiwa"), ("peristiwa.csv",),
        period=newest_date),
    PublishedDataset(
        "segmen", "Segmen peserta", "Participant segments",
        "Segmen yang iurannya dibayar pemerintah daerah, dan apakah termasuk pekerja rentan.",
        "The segments whose contributions the local government pays, and whether they count as vulnerable workers.",
        (Field("kode", "string", "kode segmen", "segment code"),
         Field("nama_id", "string", "nama", "name (Indonesian)"),
         Field("nama_en", "string", "nama (Inggris)", "name"), Field("kelompok", "string", "kelompok", "group"),
         PEKERJA_RENTAN,
         Field("opd_pengampu", "string", "perangkat daerah pengampu", "responsible local government agency"),
         KETERANGAN_ID, KETERANGAN_EN), raw("segmen"), ("segmen.csv",),
        cites=segment_sources, period=breakdown_period),
    PublishedDataset(
        "wilayah", "Wilayah", "Areas",
        "Wilayah laporan dan wilayah di dalamnya (kabupaten/kota, kecamatan, desa/kelurahan) dengan kode Kemendagri.",
        "The report's area and the areas within it (regencies/cities, districts, villages) with Home Affairs codes.",
        (Field("kode", "string", "kode Kemendagri", "Home Affairs code"), Field("nama", "string", "nama", "name"),
         Field("jenis", "string", "provinsi, kabupaten, kota, kecamatan, desa atau kelurahan", "kind of area"),
         Field("kode_induk", "string", "kode wilayah induk", "parent area code")), raw("wilayah"), ("wilayah.csv",),
        cites=lambda figures: [figures.scalars["jumlah_kecamatan"].source], period=region_period),
    PublishedDataset(
        "sumber", "Sumber", "Sources", "Sumber setiap angka resmi.", "The source of every official figure.",
        (Field("kode", "string", "kode sumber", "source code"), Field("penerbit", "string", "penerbit", "publisher"),
         Field("keterangan", "string", "keterangan", "description"), Field("url", "string", "alamat web", "URL"),
         Field("jenis", "string", "primer (penerbit asal angka atau aturan) atau sekunder (berita, kutipan, salinan)",
               "primer (the body that made the figure or rule) or sekunder (news, quotes, copies)"),
         Field("tanggal_terbit", "string", "tanggal terbit: TTTT-BB-HH, TTTT-BB, TTTT, atau t.t. jika tidak diketahui",
               "publication date: YYYY-MM-DD, YYYY-MM, YYYY, or t.t. when unknown"),
         Field("tanggal_akses", "date", "tanggal laman dilihat", "date the page was consulted")),
        raw("sumber"), ("sumber.csv",), period=lambda figures, frame: newest_official_period(figures.data)),
)
