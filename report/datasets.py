"""The published datasets: what the data page lists and the downloads contain.

Downloads are the published figures (small cells already shown as [c]), never the raw input.
Column names stay Indonesian, as in data/; each has a description in both languages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from .compute import Figures
from .suppress import HIDDEN, SUPPRESSED

LICENCE = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
           "path": "https://creativecommons.org/licenses/by/4.0/"}


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # Table Schema type: string, integer, number, date, year, yearmonth
    id: str
    en: str


@dataclass(frozen=True)
class PublishedDataset:
    name: str  # file name without extension, also the Data Package resource name
    title_id: str
    title_en: str
    description_id: str
    description_en: str
    fields: tuple[Field, ...]
    frame: Callable[[Figures], pd.DataFrame]
    illustrative: bool = False

    def published(self, figures: Figures) -> pd.DataFrame:
        frame = self.frame(figures)
        out = frame[[f.name for f in self.fields]].copy()
        if HIDDEN in frame:
            # A hidden cell leaves the build only as [c]: its value is dropped here, not just masked.
            out["peserta"] = [SUPPRESSED if hidden else int(v) for v, hidden in zip(frame["peserta"], frame[HIDDEN])]
        return out

    def sources(self, figures: Figures) -> list[str]:
        frame = self.frame(figures)
        return sorted({s for s in frame.get("sumber", pd.Series(dtype=str)).dropna() if s})


PERIODE = Field("periode", "yearmonth", "bulan data (TTTT-BB)", "month of the figure (YYYY-MM)")
PESERTA = Field("peserta", "integer", "jumlah peserta; [c] = disembunyikan", "participants; [c] = hidden")
STATUS = Field("status", "string", "resmi (bersumber) atau ilustratif", "resmi (sourced) or ilustratif")
SUMBER = Field("sumber", "string", "kode sumber (lihat dataset sumber)", "source code (see the sumber dataset)")
SEGMEN = Field("segmen", "string", "kode segmen", "segment code")
KODE_KECAMATAN = Field("kode_kecamatan", "string", "kode Kemendagri kecamatan", "district code (Home Affairs)")
KECAMATAN = Field("kecamatan", "string", "nama kecamatan", "district name")


def rows(name: str) -> Callable[[Figures], pd.DataFrame]:
    return lambda figures: figures.tables[name]


def raw(name: str) -> Callable[[Figures], pd.DataFrame]:
    return lambda figures: figures.data[name]


PUBLISHED: tuple[PublishedDataset, ...] = (
    PublishedDataset(
        "kepesertaan-kota", "Peserta yang iurannya dibayar Pemkot Denpasar, per bulan",
        "Participants whose contributions Denpasar pays, by month",
        "Jumlah resmi dari pemberitaan; bulan di antaranya ilustratif (interpolasi).",
        "Official totals from news reports; the months between are illustrative (interpolated).",
        (PERIODE, PESERTA, STATUS, SUMBER), rows("cakupan_waktu")),
    PublishedDataset(
        "kepesertaan-segmen", "Peserta per segmen", "Participants by segment",
        "Rincian resmi per segmen untuk bulan rincian terbaru.", "Official breakdown by segment, latest month.",
        (PERIODE, SEGMEN, Field("nama_id", "string", "nama segmen", "segment name (Indonesian)"),
         Field("nama_en", "string", "nama segmen (Inggris)", "segment name"),
         Field("pekerja_rentan", "string", "ya jika pekerja rentan", "ya if vulnerable workers"),
         PESERTA, STATUS, SUMBER), rows("cakupan_segmen")),
    PublishedDataset(
        "kepesertaan-kecamatan", "Peserta per kecamatan (ilustratif)", "Participants by district (illustrative)",
        "Pembagian ilustratif angka resmi per segmen ke wilayah; bukan data resmi.",
        "An illustrative split of the official segment counts over places; not official data.",
        (PERIODE, KODE_KECAMATAN, KECAMATAN, PESERTA, STATUS), rows("cakupan_kecamatan"), illustrative=True),
    PublishedDataset(
        "kepesertaan-desa-segmen", "Peserta per desa/kelurahan dan segmen (ilustratif)",
        "Participants by village and segment (illustrative)",
        "Pembagian ilustratif; angka kecil disembunyikan sebagai [c].",
        "Illustrative split; small counts are hidden as [c].",
        (PERIODE, KODE_KECAMATAN, KECAMATAN, Field("kode_wilayah", "string", "kode Kemendagri desa/kelurahan",
                                                   "village code (Home Affairs)"),
         Field("desa", "string", "nama desa/kelurahan", "village name"),
         Field("jenis", "string", "desa atau kelurahan", "desa or kelurahan"), SEGMEN, PESERTA, STATUS),
        rows("desa_segmen"), illustrative=True),
    PublishedDataset(
        "iuran", "Iuran JKK dan JKM", "JKK and JKM contributions",
        "Iuran per orang per bulan pada golongan penghasilan terendah peserta BPU.",
        "Contribution per person per month at the lowest income bracket of non-wage participants.",
        (Field("program", "string", "program", "programme"),
         Field("iuran_bulanan_rp", "integer", "iuran per bulan (Rp)", "monthly contribution (IDR)"),
         Field("berlaku_sejak", "date", "berlaku sejak", "in force since"),
         Field("dasar_hukum", "string", "dasar hukum", "legal basis"),
         Field("ditanggung_pemkot", "string", "ya jika dibayar Pemkot", "ya if the city pays it"), SUMBER),
        raw("iuran")),
    PublishedDataset(
        "klaim", "Klaim yang dibayar di Kota Denpasar", "Claims paid in Denpasar",
        "Nilai klaim per program untuk semua peserta di Denpasar.", "Claims paid by programme, all participants.",
        (Field("periode", "year", "tahun", "year"), Field("program", "string", "program", "programme"),
         Field("kasus", "integer", "jumlah kasus jika diketahui", "cases, if known"),
         Field("nilai_rp", "integer", "nilai klaim (Rp)", "amount paid (IDR)"), STATUS, SUMBER),
        raw("klaim")),
    PublishedDataset(
        "wilayah", "Wilayah Kota Denpasar", "Areas of Denpasar",
        "Kota, kecamatan dan desa/kelurahan dengan kode Kemendagri.",
        "City, districts and villages with Home Affairs codes.",
        (Field("kode", "string", "kode Kemendagri", "Home Affairs code"), Field("nama", "string", "nama", "name"),
         Field("jenis", "string", "kota, kecamatan, desa atau kelurahan", "kind of area"),
         Field("kode_induk", "string", "kode wilayah induk", "parent area code")), raw("wilayah")),
    PublishedDataset(
        "sumber", "Sumber", "Sources", "Sumber setiap angka resmi.", "The source of every official figure.",
        (Field("kode", "string", "kode sumber", "source code"), Field("penerbit", "string", "penerbit", "publisher"),
         Field("keterangan", "string", "keterangan", "description"), Field("url", "string", "alamat web", "URL")),
        raw("sumber")),
)
