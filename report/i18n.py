"""Languages: number, money and date formats (Babel, CLDR) and the site's own labels."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from babel.dates import format_date
from babel.numbers import format_compact_decimal, format_decimal, format_percent

MONTHS_ID = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
             "September", "Oktober", "November", "Desember"]
MONTHS_SHORT_ID = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]

# A date closing a description's last parenthesis: "(5 Februari 2025)" or "(berita rapat, 16 Mei 2025)".
PUBLICATION_DATE = re.compile(rf"(?P<before>\((?:[^()]*, )?)(?:(?P<day>\d{{1,2}}) )?(?P<month>{'|'.join(MONTHS_ID)}) "
                              rf"(?P<year>\d{{4}})\)$")

# d3 ships no id-ID locale; these follow CLDR `id` (decimal ",", group ".", "Rp" before the amount).
D3_FORMAT_LOCALES = {
    "id": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["Rp", ""]},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["IDR ", ""]},
}
D3_TIME_LOCALES = {
    "id": {"dateTime": "%A, %e %B %Y pukul %H.%M.%S", "date": "%d/%m/%Y", "time": "%H.%M.%S",
           "periods": ["AM", "PM"],
           "days": ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"],
           "shortDays": ["Min", "Sen", "Sel", "Rab", "Kam", "Jum", "Sab"],
           "months": MONTHS_ID, "shortMonths": MONTHS_SHORT_ID},
    "en": {"dateTime": "%a %b %e %X %Y", "date": "%m/%d/%Y", "time": "%H:%M:%S",
           "periods": ["AM", "PM"],
           "days": ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
           "shortDays": ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
           "months": ["January", "February", "March", "April", "May", "June", "July", "August",
                      "September", "October", "November", "December"],
           "shortMonths": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                           "Nov", "Dec"]},
}

LABELS: dict[str, dict[str, str]] = {
    "source": {"id": "Sumber", "en": "Source"},
    "as_of": {"id": "per", "en": "as of"},
    "illustrative": {"id": "ilustratif", "en": "illustrative"},
    "official": {"id": "resmi", "en": "official"},
    "derived": {"id": "dihitung dari angka resmi", "en": "computed from official figures"},
    "lower_bound": {"id": "lebih dari {value}", "en": "more than {value}"},
    "lower_bound_note": {"id": "Sumber menyebut \"lebih dari\": angka ini batas bawah.",
                         "en": "The source says \"more than\": these amounts are lower bounds."},
    "yes": {"id": "ya", "en": "yes"},
    "not_stated": {"id": "tidak disebut", "en": "not stated"},
    "no": {"id": "tidak", "en": "no"},
    "vulnerable": {"id": "Pekerja rentan", "en": "Vulnerable worker"},
    "opd": {"id": "OPD pengampu", "en": "Responsible agency"},
    "date": {"id": "Tanggal", "en": "Date"},
    "event": {"id": "Peristiwa", "en": "Event"},
    "code": {"id": "Kode", "en": "Code"},
    "count_desa": {"id": "Jumlah desa/kelurahan", "en": "Desa/kelurahan"},
    "illustrative_note": {"id": "Angka ilustratif, bukan data resmi.",
                          "en": "Illustrative figure, not official data."},
    "suppressed_note": {"id": "[c] = angka 1 sampai {threshold} disembunyikan agar tidak dapat dikenali orangnya; "
                                "beberapa angka lain ikut disembunyikan agar tidak dapat dihitung dari jumlahnya.",
                        "en": "[c] = counts from 1 to {threshold} are hidden so that no one can be identified; "
                              "some other counts are hidden too so that they cannot be worked out from the totals."},
    "download_csv": {"id": "Unduh data grafik (CSV)", "en": "Download the chart data (CSV)"},
    "download_all": {"id": "Unduh semua data (ZIP)", "en": "Download all data (ZIP)"},
    "download": {"id": "Unduh", "en": "Download"},
    "released": {"id": "Data per", "en": "Data as of"},
    "licence": {"id": "Lisensi", "en": "Licence"},
    "columns": {"id": "Kolom", "en": "Columns"},
    "column": {"id": "Kolom", "en": "Column"},
    "type": {"id": "Jenis", "en": "Type"},
    "meaning": {"id": "Keterangan", "en": "Meaning"},
    "chart_keys": {"id": "Tombol panah menampilkan nilai tepat setiap titik atau batang.",
                   "en": "The arrow keys show the exact value of each point or bar."},
    "data_table": {"id": "Data grafik dalam bentuk tabel", "en": "Chart data as a table"},
    "total": {"id": "Jumlah", "en": "Total"},
    "segment": {"id": "Segmen", "en": "Segment"},
    "participants": {"id": "Peserta", "en": "Participants"},
    "month": {"id": "Bulan", "en": "Month"},
    "period": {"id": "Periode", "en": "Period"},
    "status": {"id": "Status", "en": "Status"},
    "kecamatan": {"id": "Kecamatan", "en": "District (kecamatan)"},
    "desa": {"id": "Desa/kelurahan", "en": "Village (desa/kelurahan)"},
    "group": {"id": "Kelompok", "en": "Group"},
    "programme": {"id": "Program", "en": "Programme"},
    "claims_value": {"id": "Nilai klaim (Rp)", "en": "Claims paid (IDR)"},
    "yearly_cost": {"id": "Biaya iuran per tahun (Rp)", "en": "Contribution cost per year (IDR)"},
    "undated": {"id": "t.t.", "en": "n.d."},
    "accessed": {"id": "Diakses", "en": "Accessed"},
    "primary_source": {"id": "Sumber primer", "en": "Primary source"},
    "secondary_source": {"id": "Sumber sekunder", "en": "Secondary source"},
    "headline": {"id": "peserta yang iurannya dibayar {payer}",
                 "en": "participants whose contributions are paid by {payer}"},
    "headline_caveat": {"id": "Bukan hanya pekerja rentan: pada rincian {period}, {part} dari {whole} peserta berasal "
                               "dari segmen yang tidak tergolong pekerja rentan ({segments}).",
                        "en": "Not only vulnerable workers: in the {period} breakdown, {part} of {whole} participants "
                              "were in segments not counted as vulnerable workers ({segments})."},
}

# Claims programmes by their code in data/klaim.csv. The scheme's abbreviations (as in the data) are names in
# both languages; only the words need translating.
PROGRAMMES: dict[str, dict[str, str]] = {
    "beasiswa": {"id": "Beasiswa", "en": "Scholarships"},
}


@dataclass(frozen=True)
class Formatter:
    """Formats values for one language; templates, charts and tables all go through it."""

    lang: str

    def number(self, value: float, digits: int = 0) -> str:
        pattern = "#,##0" if digits == 0 else "#,##0." + "0" * digits
        return format_decimal(value, format=pattern, locale=self.lang)

    def rupiah(self, value: float) -> str:
        amount = format_decimal(value, format="#,##0", locale=self.lang)
        return f"Rp{amount}" if self.lang == "id" else f"IDR {amount}"

    def compact(self, value: float, rupiah: bool = False) -> str:
        """Large numbers in words: 'Rp188 miliar' / 'IDR 188 billion'."""
        words = format_compact_decimal(value, format_type="long", locale=self.lang, fraction_digits=1)
        if not rupiah:
            return words
        return f"Rp{words}" if self.lang == "id" else f"IDR {words}"

    def percent(self, value: float, digits: int = 2) -> str:
        """`value` in percent points (53.88 -> 53,88%)."""
        pattern = "#,##0%" if digits == 0 else "#,##0." + "0" * digits + "%"
        return format_percent(value / 100, format=pattern, locale=self.lang)

    def date(self, value: date) -> str:
        return format_date(value, "d MMMM y", locale=self.lang)

    def period(self, periode: str) -> str:
        """'2025-05' -> 'Mei 2025' / 'May 2025'; '2024' stays '2024' (a year is never shown as a month)."""
        if len(periode) <= 4:
            return periode
        year, month = periode.split("-")
        return format_date(date(int(year), int(month), 1), "MMMM y", locale=self.lang)

    def short_period(self, periode: str) -> str:
        """'2025-05' -> 'Mei 2025' / 'May 2025' with the month abbreviated ('Agu 2025'); a year stays a year."""
        if len(periode) <= 4:
            return periode
        year, month = periode.split("-")
        return format_date(date(int(year), int(month), 1), "MMM y", locale=self.lang)

    def as_of(self, periode: str) -> str:
        """A figure's period as a phrase: 'per Mei 2025', a year's figure 'tahun 2024' / 'in 2024', and
        nothing when the source gives no period."""
        if not periode:
            return ""
        if len(periode) == 4:
            return f"tahun {periode}" if self.lang == "id" else f"in {periode}"
        return f"{self.label('as_of')} {self.period(periode)}"

    def bounded(self, text: str, lower_bound: bool) -> str:
        """A value as the source states it: 'lebih dari Rp145 miliar' when the source says 'more than'."""
        return self.label("lower_bound").format(value=text) if lower_bound else text

    def size(self, size_bytes: int) -> str:
        """A file's size as readers read it: 812 B, 2,4 KB, 1,3 MB (decimal comma in Indonesian)."""
        if size_bytes < 1000:  # never "1.015 B": four digits read as a thousand in Indonesian
            return f"{self.number(size_bytes)} B"
        kilobytes = size_bytes / 1024
        if kilobytes < 1024:
            return f"{self.number(kilobytes, 1 if kilobytes < 100 else 0)} KB"
        return f"{self.number(kilobytes / 1024, 1)} MB"

    def dated(self, text: str) -> str:
        """A reference's publication date, written in Indonesian in data/sumber.csv at its end ("(5 Februari
        2025)", "(berita rapat, 16 Mei 2025)"), in this language ("(5 February 2025)"). The words before the
        date are quoted as published."""
        found = PUBLICATION_DATE.search(text)
        if not found or self.lang == "id":
            return text
        day, month, year = found["day"], MONTHS_ID.index(found["month"]) + 1, int(found["year"])
        when = format_date(date(year, month, int(day or 1)), "d MMMM y" if day else "MMMM y", locale=self.lang)
        return f"{text[:found.start()]}{found['before']}{when})"

    def label(self, key: str) -> str:
        return LABELS[key][self.lang]

    def programme(self, code: str) -> str:
        """A claims programme's name: 'beasiswa' -> 'Scholarships' in English; JHT stays JHT."""
        return PROGRAMMES.get(code, {}).get(self.lang, code)
