"""Write data/kepesertaan.csv: the sourced (resmi) rows plus an illustrative (ilustratif) split.

Run once by hand when a sourced total changes; the site labels every row it writes as
`ilustratif`. The split is not a finding of the study: it only gives the charts and tables
something realistic to show until real per-desa and monthly data arrive.

Method (also described on the site's "Tentang Data" page):
- per desa/kelurahan: each segment's sourced Feb 2025 total is shared out over the 43
  desa/kelurahan with fixed pseudo-random weights (seed 2025), rounded by the largest-remainder
  method so that every segment adds up exactly to its sourced total;
- per month: January, March and April 2025 are linear interpolations between the sourced totals
  of December 2024, February 2025 and May 2025, rounded to whole people.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CITY = "51.71"
FEB_2025 = "2025-02"
SEGMENT_SOURCE = "tribunbali-2025-02"
OFFICIAL_TOTALS = [  # (periode, peserta, sumber)
    ("2024-12", 10714, "balipost-2025-01"),
    ("2025-02", 10717, SEGMENT_SOURCE),
    ("2025-05", 10704, "suarabantas-2025-05"),
]
SEGMENT_COUNTS = {
    "sulinggih": 233, "pemangku": 156, "pecalang": 33, "kelian_adat": 342, "petengen": 274,
    "penyarikan": 274, "jumantik": 413, "nelayan": 349, "petani": 1462, "penerima_pkh": 1579,
    "linmas": 300, "non_asn": 5302,
}
INTERPOLATED_MONTHS = {"2025-01": ("2024-12", "2025-02"), "2025-03": ("2025-02", "2025-05"),
                       "2025-04": ("2025-02", "2025-05")}
ILLUSTRATIVE_NOTE = ""  # an illustrative row cites no source: it refines one


def split_exactly(total: int, weights: list[float]) -> list[int]:
    shares = [total * w / sum(weights) for w in weights]
    counts = [int(s) for s in shares]
    by_remainder = sorted(range(len(shares)), key=lambda i: shares[i] - counts[i], reverse=True)
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def month_index(periode: str) -> int:
    year, month = periode.split("-")
    return int(year) * 12 + int(month)


def interpolate(periode: str, start: str, end: str) -> int:
    totals = {p: n for p, n, _ in OFFICIAL_TOTALS}
    fraction = (month_index(periode) - month_index(start)) / (month_index(end) - month_index(start))
    return round(totals[start] + fraction * (totals[end] - totals[start]))


def desa_codes() -> list[str]:
    with open(ROOT / "data" / "wilayah.csv", encoding="utf-8") as f:
        return [r["kode"] for r in csv.DictReader(f) if r["jenis"] in ("desa", "kelurahan")]


def rows() -> list[list[object]]:
    out: list[list[object]] = []
    out.append(["2023-09", CITY, "kelian_adat", 343, "resmi", "balipost-2023-09"])
    for periode, total, source in OFFICIAL_TOTALS:
        out.append([periode, CITY, "semua", total, "resmi", source])
    for segment, count in SEGMENT_COUNTS.items():
        out.append([FEB_2025, CITY, segment, count, "resmi", SEGMENT_SOURCE])
    for periode, (start, end) in INTERPOLATED_MONTHS.items():
        out.append([periode, CITY, "semua", interpolate(periode, start, end), "ilustratif",
                    ILLUSTRATIVE_NOTE])
    rng = random.Random(2025)
    codes = desa_codes()
    for segment, count in SEGMENT_COUNTS.items():
        weights = [rng.uniform(0.3, 1.7) for _ in codes]
        for code, n in zip(codes, split_exactly(count, weights)):
            out.append([FEB_2025, code, segment, n, "ilustratif", ILLUSTRATIVE_NOTE])
    return sorted(out, key=lambda r: (r[0], len(str(r[1])), r[1], r[2]))


def main() -> None:
    with open(ROOT / "data" / "kepesertaan.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["periode", "kode_wilayah", "segmen", "peserta", "status", "sumber"])
        writer.writerows(rows())


if __name__ == "__main__":
    main()
