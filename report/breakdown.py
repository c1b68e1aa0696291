"""kepesertaan.csv's breakdowns: which rows the site uses, and that each adds up to the official figure it refines.

compute.py reads exactly these rows, so these are all a row may be:
  - kota (51.71), segmen `semua`, resmi or ilustratif: the headline figure and the points over time;
  - kota, one segment, resmi: the breakdown by segment, quoted in chapters as sourced figures;
  - desa/kelurahan, one segment, refining the official city figure of the same period and segment, for the
    newest period that has such a breakdown: the illustrative charts by desa and by kecamatan (the site adds
    desa up to kecamatan itself).
Any other row would be dropped without a word, or shown as something it is not, so it is rejected here with
what is allowed instead. Rows whose key values are already reported as wrong are left out, so one mistake
gives one message.
"""

from __future__ import annotations

import re

import pandas as pd

from . import periods
from .errors import Problem
from .schema import ALL_SEGMENTS, CITY, STATUS

CITY_LEVEL, DISTRICT, VILLAGE, ELSEWHERE = "kota", "kecamatan", "desa", "lain"
COLUMNS = ("periode", "kode_wilayah", "segmen", "peserta", "status")
PERIOD = re.compile(r"\d{4}(-(0[1-9]|1[0-2]))?")  # a year or a month (periods.py)
COUNT = re.compile(r"[0-9]+")
SHOWN_LINES = 3


def check_breakdowns(raw: dict[str, pd.DataFrame], problems: list[Problem]) -> None:
    if "kepesertaan" not in raw or "wilayah" not in raw:
        return
    if not set(COLUMNS) <= set(raw["kepesertaan"].columns) or \
            not {"kode", "jenis", "kode_induk"} <= set(raw["wilayah"].columns):
        return  # the missing column is reported already
    rows = usable_rows(raw)
    shown = raw["kepesertaan"].attrs["file"]
    check_levels(rows, shown, problems)
    check_parents(rows, shown, problems)
    check_city_sums(rows, shown, problems)
    check_village_sums(rows, shown, problems)


def usable_rows(raw: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The rows whose period, place, segment and status are valid, with their line, level and count
    (None when the count is unreadable: sums that need it are skipped, every other check still runs)."""
    frame = raw["kepesertaan"].copy()
    frame["line"] = frame.attrs["lines"]
    regions = raw["wilayah"]
    levels = region_levels(dict(zip(regions["kode"], zip(regions["jenis"], regions["kode_induk"]))))
    segments = set(raw["segmen"]["kode"]) if "segmen" in raw and "kode" in raw["segmen"].columns else None
    ok = (frame["periode"].str.fullmatch(PERIOD.pattern).fillna(False) & frame["kode_wilayah"].isin(levels)
          & frame["status"].isin(STATUS) & (frame["segmen"] != ""))
    if segments is not None:
        ok &= frame["segmen"].isin(segments | {ALL_SEGMENTS})
    frame = frame[ok].copy()
    frame["level"] = frame["kode_wilayah"].map(levels)
    frame["number"] = pd.array([int(v) if COUNT.fullmatch(v) else None for v in frame["peserta"]], dtype="Int64")
    return frame


def region_levels(regions: dict[str, tuple[str, str]]) -> dict[str, str]:
    """Each code's level as the site sees it; a desa/kelurahan counts only if it lies within the city."""
    def within_city(code: str) -> bool:
        for _ in range(len(regions)):  # bounded: a kode_induk cycle must not hang the build
            code = regions.get(code, ("", ""))[1]
            if code == CITY:
                return True
        return False

    def level(code: str, jenis: str) -> str:
        if code == CITY:
            return CITY_LEVEL
        if jenis == "kecamatan":
            return DISTRICT
        return VILLAGE if jenis in ("desa", "kelurahan") and within_city(code) else ELSEWHERE

    return {code: level(code, jenis) for code, (jenis, _) in regions.items()}


def check_levels(rows: pd.DataFrame, shown: str, problems: list[Problem]) -> None:
    for row in rows.itertuples():
        found = level_problem(row.level, row.kode_wilayah, row.segmen, row.status)
        if found:
            column, message_id, message_en = found
            problems.append(Problem(shown, message_id, message_en, line=row.line, column=column))


def level_problem(level: str, code: str, segment: str, status: str) -> tuple[str, str, str] | None:
    allowed_id = (f"Yang dipakai situs: kota {CITY} (segmen {ALL_SEGMENTS} atau per segmen) dan desa/kelurahan "
                  "(per segmen).")
    allowed_en = (f"The site uses: the city {CITY} (segmen {ALL_SEGMENTS} or per segment) and desa/kelurahan "
                  "(per segment).")
    if level == ELSEWHERE:
        return ("kode_wilayah", f"ditemukan \"{code}\", wilayah di luar Kota Denpasar; situs ini hanya tentang "
                f"Kota Denpasar. {allowed_id}", f"found \"{code}\", an area outside Kota Denpasar; the site is "
                f"only about Kota Denpasar. {allowed_en}")
    if level == DISTRICT:
        return ("kode_wilayah", f"ditemukan \"{code}\", sebuah kecamatan; situs tidak memakai baris tingkat "
                "kecamatan, karena jumlah per kecamatan dihitung dari baris desa/kelurahan. Rinci angka ini per "
                f"desa/kelurahan, atau hapus baris ini. {allowed_id}", f"found \"{code}\", a kecamatan; the site "
                "does not use kecamatan rows, because it adds the desa/kelurahan rows up per kecamatan. Break "
                f"this figure down by desa/kelurahan, or remove the line. {allowed_en}")
    if level == VILLAGE and segment == ALL_SEGMENTS:
        return ("segmen", f"ditemukan \"{ALL_SEGMENTS}\" untuk desa/kelurahan {code}; rincian desa/kelurahan "
                f"harus per segmen (kode dari data/segmen.csv). Jumlah {ALL_SEGMENTS} hanya untuk kota {CITY}.",
                f"found \"{ALL_SEGMENTS}\" for desa/kelurahan {code}; a desa/kelurahan breakdown must be per "
                f"segment (a code from data/segmen.csv). The {ALL_SEGMENTS} total is for the city {CITY} only.")
    if level == CITY_LEVEL and segment != ALL_SEGMENTS and status != "resmi":
        return ("status", f"ditemukan \"{status}\"; rincian per segmen tingkat kota harus resmi (dengan "
                "sumber), karena bab-bab mengutipnya sebagai angka resmi. Angka ilustratif hanya untuk jumlah "
                f"kota (segmen {ALL_SEGMENTS}) dan rincian desa/kelurahan.",
                f"found \"{status}\"; a city-level figure per segment must be official (resmi, with a source), "
                "because chapters quote it as official. Illustrative figures are for the city total (segmen "
                f"{ALL_SEGMENTS}) and the desa/kelurahan breakdown only.")
    return None


def check_parents(rows: pd.DataFrame, shown: str, problems: list[Problem]) -> None:
    """Every desa/kelurahan row refines an official city figure, and only the newest such breakdown is shown."""
    villages = rows[(rows["level"] == VILLAGE) & (rows["segmen"] != ALL_SEGMENTS)]
    # The parent's own status is checked on its line (check_levels); here only that it is there.
    city = rows[(rows["level"] == CITY_LEVEL) & (rows["segmen"] != ALL_SEGMENTS)]
    parents = set(zip(city["periode"], city["segmen"]))
    has_parent = pd.Series([key in parents for key in zip(villages["periode"], villages["segmen"])],
                           index=villages.index, dtype=bool)
    for (periode, segment), group in villages[~has_parent].groupby(["periode", "segmen"], sort=False):
        problems.append(Problem(
            shown, f"rincian desa/kelurahan periode {periode}, segmen {segment} ({described(group)}) tidak "
            f"merinci angka resmi apa pun: tidak ada baris resmi kota {CITY} untuk periode dan segmen itu. "
            "Tambahkan angka resmi kota itu (status resmi, dengan sumber), atau hapus baris-baris ini.",
            f"the desa/kelurahan breakdown for periode {periode}, segmen {segment} ({described(group, 'en')}) "
            f"refines no official figure: there is no official row for the city {CITY} with that period and "
            "segment. Add that official city figure (status resmi, with its source), or remove these lines.",
            line=int(group["line"].iloc[0]), column="segmen"))
    kept = villages[has_parent]
    if kept.empty:
        return
    newest = periods.newest(kept["periode"])
    for periode, group in kept[kept["periode"] != newest].groupby("periode"):
        problems.append(Problem(
            shown, f"situs hanya menampilkan rincian desa/kelurahan periode terbaru ({newest}); rincian periode "
            f"{periode} ({described(group)}) tidak akan tampil. Hapus baris-baris itu.",
            f"the site shows only the newest desa/kelurahan breakdown ({newest}); the breakdown for {periode} "
            f"({described(group, 'en')}) would not be shown. Remove those lines.",
            line=int(group["line"].iloc[0]), column="periode"))


def check_city_sums(rows: pd.DataFrame, shown: str, problems: list[Problem]) -> None:
    """The city's segments add up to its `semua` total of the same period (an illustrative total too: the
    line over time and the chart by segment must not show two different totals for one month)."""
    city = rows[rows["level"] == CITY_LEVEL]
    for total in city[city["segmen"] == ALL_SEGMENTS].itertuples():
        parts = city[(city["periode"] == total.periode) & (city["segmen"] != ALL_SEGMENTS)]
        if not parts.empty:
            compare(total, parts, shown, problems)


def check_village_sums(rows: pd.DataFrame, shown: str, problems: list[Problem]) -> None:
    """In a period broken down by desa/kelurahan, each official city segment is split exactly, none left out."""
    villages = rows[(rows["level"] == VILLAGE) & (rows["segmen"] != ALL_SEGMENTS)]
    city = rows[(rows["level"] == CITY_LEVEL) & (rows["segmen"] != ALL_SEGMENTS)]
    for total in city[city["periode"].isin(set(villages["periode"]))].itertuples():
        parts = villages[(villages["periode"] == total.periode) & (villages["segmen"] == total.segmen)]
        if parts.empty:
            problems.append(Problem(
                shown, f"rincian desa/kelurahan periode {total.periode} tidak memuat segmen {total.segmen}, padahal "
                f"angka resmi kota di baris ini {total.peserta}. Tambahkan baris desa/kelurahan untuk segmen ini, "
                "agar jumlah per kecamatan dan per desa mencakup semua peserta.",
                f"the desa/kelurahan breakdown for {total.periode} leaves out segmen {total.segmen}, although the "
                f"official city figure on this line is {total.peserta}. Add desa/kelurahan lines for this segment, "
                "so the totals per kecamatan and per desa cover every participant.",
                line=int(total.line), column="segmen"))
        else:
            compare(total, parts, shown, problems)


def compare(total: object, parts: pd.DataFrame, shown: str, problems: list[Problem]) -> None:
    if pd.isna(total.number) or parts["number"].isna().any():  # type: ignore[attr-defined]
        return  # an unreadable count is reported already; a sum without it would only mislead
    added, expected = int(parts["number"].sum()), int(total.number)  # type: ignore[attr-defined]
    if added == expected:
        return
    what = f"periode {total.periode}, segmen {total.segmen}"  # type: ignore[attr-defined]
    official = total.status == "resmi"  # type: ignore[attr-defined]
    problems.append(Problem(shown, f"rincian ({what}; {described(parts)}) berjumlah {added}, padahal angka "
                            f"{'resmi' if official else 'ilustratif'} di baris ini {expected}. Rincian harus "
                            "berjumlah tepat sama dengan angka yang dirincinya.",
                            f"the breakdown ({what}; {described(parts, 'en')}) adds up to {added}, but the "
                            f"{'official' if official else 'illustrative'} total on this line is {expected}. A "
                            "breakdown must add up exactly to the figure it breaks down.",
                            line=int(total.line), column="peserta"))  # type: ignore[attr-defined]


def described(group: pd.DataFrame, lang: str = "id") -> str:
    """'baris 18, 19, 20 ... (12 baris)': where a group of lines is, without listing hundreds."""
    lines = [str(n) for n in group["line"]]
    shown = ", ".join(lines[:SHOWN_LINES]) + (" ..." if len(lines) > SHOWN_LINES else "")
    if lang == "id":
        return f"baris {shown}" + (f"; {len(lines)} baris" if len(lines) > SHOWN_LINES else "")
    return f"lines {shown}" + (f"; {len(lines)} lines" if len(lines) > SHOWN_LINES else "")
