"""Column names and coded values of the downloads in each language.

data/ and the default language's downloads use the data contract's Indonesian names (periode, peserta,
resmi); a reader of the English site gets English ones (period, participants, official). Codes that are
identifiers (segment codes, Home Affairs area codes, source codes) and [c] stay as they are. A language
with no entry here gets the data contract's names.
"""

from __future__ import annotations

import pandas as pd

COLUMNS: dict[str, dict[str, str]] = {
    "en": {
        "periode": "period", "peserta": "participants", "status": "status", "sumber": "source",
        "segmen": "segment", "nama_id": "name_id", "nama_en": "name_en", "nama": "name",
        "pekerja_rentan": "vulnerable_workers", "kode_kecamatan": "district_code", "kecamatan": "district",
        "kode_wilayah": "village_code", "desa": "village", "jenis": "kind", "golongan": "group",
        "persen": "percent", "iuran_bulanan_rp": "monthly_contribution_idr", "biaya_tahunan_rp": "yearly_cost_idr",
        "program": "programme", "kasus": "cases", "nilai_rp": "amount_idr", "berlaku_sejak": "in_force_since",
        "dasar_hukum": "legal_basis", "ditanggung_pemda": "paid_by_local_government", "kode": "code",
        "indikator_id": "indicator_id", "indikator_en": "indicator_en", "wilayah": "area", "nilai": "value",
        "satuan": "unit", "tanggal": "date", "keterangan_id": "description_id", "keterangan_en": "description_en",
        "kelompok": "group", "opd_pengampu": "responsible_agency", "penerbit": "publisher",
        "keterangan": "description", "url": "url", "kode_induk": "parent_code", "lebih_dari": "more_than",
        "tanggal_terbit": "published", "tanggal_akses": "accessed",
    },
}

YES_NO = {"ya": "yes", "tidak": "no"}
VALUES: dict[str, dict[str, dict[str, str]]] = {
    "en": {
        "status": {"resmi": "official", "ilustratif": "illustrative", "turunan": "derived"},
        "pekerja_rentan": YES_NO,
        "ditanggung_pemda": YES_NO,
        "lebih_dari": YES_NO,
        "jenis": {"provinsi": "province", "kabupaten": "regency (kabupaten)", "kota": "city", "kecamatan": "district",
                  "desa": "village (desa)", "kelurahan": "urban village (kelurahan)",
                  "primer": "primary", "sekunder": "secondary"},  # sumber.csv's kind of source
        "satuan": {"jiwa": "people", "orang": "people", "persen": "percent", "rupiah": "rupiah", "tahun": "years",
                   "bulan": "months", "kali": "times", "km2": "km2"},
        "program": {"beasiswa": "scholarships", "semua": "all programmes"},
    },
}


def column_name(name: str, lang: str) -> str:
    return COLUMNS.get(lang, {}).get(name, name)


def in_language(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The frame as a reader of `lang` downloads it: coded values in words, then the columns renamed."""
    values = VALUES.get(lang, {})
    out = frame.copy()
    for column, words in values.items():
        if column in out:
            out[column] = [words.get(v, v) if isinstance(v, str) else v for v in out[column]]
    return out.rename(columns={c: column_name(c, lang) for c in out.columns})
