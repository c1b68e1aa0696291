"""The data contract: every file in data/, its columns, their types and allowed values.

data/README.md documents the same contract for staff; a test keeps the two in step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # one of KINDS
    required: bool = True
    choices: tuple[str, ...] = ()
    references: str | None = None  # "dataset.column" whose values this column must use


@dataclass(frozen=True)
class Dataset:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


# What each kind of value must look like, said for staff in both languages.
KINDS: dict[str, tuple[str, str]] = {
    "text": ("teks", "text"),
    "code": ("kode tanpa spasi", "a code without spaces"),
    "count": ("bilangan bulat 0 atau lebih tanpa pemisah ribuan, misalnya 10704",
              "a whole number 0 or more without thousands separators, e.g. 10704"),
    "number": ("angka dengan titik desimal, misalnya 53.88", "a number with a decimal point, e.g. 53.88"),
    "month": ("bulan dalam bentuk TTTT-BB, misalnya 2025-05", "a month as YYYY-MM, e.g. 2025-05"),
    "year": ("tahun empat angka, misalnya 2024", "a four-digit year, e.g. 2024"),
    "year_or_month": ("tahun (TTTT) atau bulan (TTTT-BB)", "a year (YYYY) or month (YYYY-MM)"),
    "date": ("tanggal dalam bentuk TTTT-BB-HH, misalnya 2025-05-16", "a date as YYYY-MM-DD, e.g. 2025-05-16"),
    "published": ("tanggal terbit setepat yang diketahui: TTTT-BB-HH, TTTT-BB atau TTTT, atau t.t. jika tidak "
                  "diketahui, misalnya 2025-01-31", "a publication date as precise as known: YYYY-MM-DD, YYYY-MM or "
                  "YYYY, or t.t. when unknown, e.g. 2025-01-31"),
    "url": ("alamat web yang diawali http:// atau https://", "a web address starting with http:// or https://"),
}

# statistik units counted in whole numbers. A point in such a value is a misreading, nearly always
# Indonesian thousands dots: "725.314 jiwa" is 725314 people, never 725 and a bit.
WHOLE_UNITS = ("jiwa", "orang", "rupiah", "kali")

STATUS = ("resmi", "ilustratif")
# How close a source stands to what it says: "primer" is the body that made the figure or the rule (BPS, BPJS
# Ketenagakerjaan, the regulation from its issuer); "sekunder" reports, quotes or re-hosts it (news, speeches,
# encyclopaedias, copies of a regulation on a third-party site).
SOURCE_KINDS = ("primer", "sekunder")
# "tanpa tahun": the bibliographers' mark for a source whose date is not known, never a guessed one.
UNDATED = "t.t."
ILLUSTRATIVE = "ilustratif"
LOWER_BOUND = "ya"  # lebih_dari: the source says "more than" this value
ALL_SEGMENTS = "semua"

DATASETS: tuple[Dataset, ...] = (
    Dataset("sumber", (
        Column("kode", "code"), Column("penerbit", "text"), Column("keterangan", "text"),
        Column("url", "url"), Column("jenis", "text", choices=SOURCE_KINDS),
        Column("tanggal_terbit", "published"), Column("tanggal_akses", "date"),
        # What the source says about the figures it revised: the "why" on the Data Changes page.
        Column("catatan_revisi_id", "text", required=False), Column("catatan_revisi_en", "text", required=False),
    ), key=("kode",)),
    Dataset("wilayah", (
        Column("kode", "code"), Column("nama", "text"),
        Column("jenis", "text", choices=("provinsi", "kabupaten", "kota", "kecamatan", "kelurahan", "desa")),
        Column("kode_induk", "code", required=False, references="wilayah.kode"),
        # On the row without kode_induk (the report's region): the period and source of the list of areas,
        # which the counts of kecamatan and desa/kelurahan cite.
        Column("periode", "year_or_month", required=False),
        Column("sumber", "code", required=False, references="sumber.kode"),
    ), key=("kode",)),
    Dataset("segmen", (
        Column("kode", "code"), Column("nama_id", "text"), Column("nama_en", "text"),
        # Each region groups its segments its own way: the group is a code of the data, not of the engine.
        Column("kelompok", "code"),
        Column("pekerja_rentan", "text", choices=("ya", "tidak")),
        Column("opd_pengampu", "text", required=False), Column("keterangan_id", "text"),
        Column("keterangan_en", "text"),
    ), key=("kode",)),
    Dataset("kepesertaan", (
        Column("periode", "year_or_month"), Column("kode_wilayah", "code", references="wilayah.kode"),
        Column("segmen", "code", references="segmen.kode"), Column("peserta", "count"),
        Column("status", "text", choices=STATUS),
        Column("sumber", "code", required=False, references="sumber.kode"),
    ), key=("periode", "kode_wilayah", "segmen")),
    Dataset("iuran", (
        Column("program", "code"), Column("iuran_bulanan_rp", "count"), Column("dasar_hukum", "text"),
        # The programme's name for readers (the engine names no scheme itself); empty: its code is shown.
        Column("nama_id", "text", required=False), Column("nama_en", "text", required=False),
        Column("ditanggung_pemda", "text", choices=("ya", "tidak")),
        Column("sumber", "code", references="sumber.kode"),
    ), key=("program",)),
    Dataset("klaim", (
        Column("periode", "year"), Column("kode_wilayah", "code", references="wilayah.kode"),
        Column("program", "code"), Column("kasus", "count", required=False), Column("nilai_rp", "count"),
        Column("lebih_dari", "text", required=False, choices=(LOWER_BOUND,)),
        Column("status", "text", choices=STATUS),
        Column("sumber", "code", required=False, references="sumber.kode"),
    ), key=("periode", "kode_wilayah", "program")),
    Dataset("statistik", (
        Column("kode", "code"), Column("indikator_id", "text"), Column("indikator_en", "text"),
        # A period only where the source gives one: a rate or a benefit level often has none.
        Column("wilayah", "text"), Column("periode", "year_or_month", required=False), Column("nilai", "number"),
        Column("lebih_dari", "text", required=False, choices=(LOWER_BOUND,)),
        Column("satuan", "text", choices=("jiwa", "orang", "persen", "km2", "rupiah", "tahun", "bulan",
                                          "kali")),
        Column("sumber", "code", references="sumber.kode"),
    ), key=("kode",)),
    Dataset("peristiwa", (
        Column("kode", "code"), Column("tanggal", "date"), Column("keterangan_id", "text"),
        Column("keterangan_en", "text"), Column("sumber", "code", references="sumber.kode"),
    ), key=("kode",)),
)

# Column names that suggest records about persons: the site publishes aggregates only. Matched against the
# normalised name (see normalised_column), as whole words between underscores, so "Nama Peserta", "No. HP"
# and "NIK-KTP" are caught while "teknik" or "klinik" are not.
PERSONAL_DATA_PATTERNS = tuple(re.compile(p) for p in (
    r"^nama(_|$)",  # nama, nama_peserta, nama_lengkap ... (NOT_A_PERSON_S_NAME lists the exceptions)
    r"(^|_)(nik|ktp|kpj|npwp|telepon|telpon|telp|tlp|handphone|ponsel|whatsapp|e_?mail|surel|alamat|rekening)(_|$)",
    # Short words that are also everyday abbreviations (jumlah_kk counts households): only alone or as a number.
    r"^(kk|hp|wa)$|(^|_)(no|nomor)_?(kk|hp|wa|rek|peserta|kartu)(_|$)",
    r"(^|_)(tanggal|tgl|tempat)_lahir(_|$)|(^|_)ttl(_|$)",
))
# "nama_<x>" names a place, segment, source or language, not a person.
NOT_A_PERSON_S_NAME = re.compile(r"^nama_(id|en|wilayah|kota|kabupaten|kecamatan|desa|kelurahan|segmen|program|"
                                 r"sumber|penerbit|indikator|dataset|opd|instansi|dinas|lembaga)$")


def normalised_column(name: str) -> str:
    """How staff may have typed a column name, reduced to the contract's style: "Nama Peserta" -> nama_peserta."""
    return re.sub(r"_+", "_", re.sub(r"[\s.\-/]+", "_", name.strip().lower())).strip("_")


def looks_personal(name: str, spec: Dataset) -> bool:
    """True for a column that probably holds data about a person; the contract's own columns never do."""
    if name in spec.column_names:
        return False
    plain = normalised_column(name)
    if NOT_A_PERSON_S_NAME.match(plain) or plain in spec.column_names:
        return False
    return any(pattern.search(plain) for pattern in PERSONAL_DATA_PATTERNS)


def dataset(name: str) -> Dataset:
    return next(d for d in DATASETS if d.name == name)
