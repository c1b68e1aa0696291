"""kepesertaan.csv's breakdowns: which rows the site uses, and that each adds up to the official figure it refines.

compute.py reads exactly these rows, so these are all a row may be:
  - the report's region (wilayah.csv's row without kode_induk: a provinsi, kabupaten or kota), segmen `semua`,
    resmi or ilustratif: the headline figure and the points over time;
  - that region, one segment, resmi: the breakdown by segment, quoted in chapters as sourced figures;
  - desa/kelurahan, one segment, refining the region's official figure of the same period and segment, for the
    newest period that has such a breakdown: the illustrative charts by desa and by kecamatan (the site adds
    desa up to kecamatan itself).
Any other row would be dropped without a word, or shown as something it is not, so it is rejected here with
what is allowed instead. Rows whose key values are already reported as wrong are left out, so one mistake
gives one message.
"""

from __future__ import annotations

import re

import pandas as pd

from report.errors import Problem
from report.inputs import periods
from report.inputs.region import Region, root_region, root_rows
from report.inputs.schema import ALL_SEGMENTS, STATUS

ROOT, DISTRICT, VILLAGE, ELSEWHERE = "induk", "antara", "desa", "lain"
BETWEEN = ("kabupaten", "kota", "kecamatan")  # levels between the region and its desa/kelurahan
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
    if len(root_rows(raw["wilayah"])) != 1:
        return  # which region the site is about is unclear: data.py says so once, not once per row
    root = root_region(raw["wilayah"])
    rows = usable_rows(raw, root.code)
    shown = raw["kepesertaan"].attrs["file"]
    check_levels(rows, root, shown, problems)
    check_parents(rows, root, shown, problems)
    check_root_sums(rows, shown, problems)
    check_village_sums(rows, root, shown, problems)


def usable_rows(raw: dict[str, pd.DataFrame], root: str) -> pd.DataFrame:
    """The rows whose period, place, segment and status are valid, with their line, level and count
    (None when the count is unreadable: sums that need it are skipped, every other check still runs)."""
    frame = raw["kepesertaan"].copy()
    frame["line"] = frame.attrs["lines"]
    regions = raw["wilayah"]
    levels = region_levels(dict(zip(regions["kode"], zip(regions["jenis"], regions["kode_induk"]))), root)
    segments = set(raw["segmen"]["kode"]) if "segmen" in raw and "kode" in raw["segmen"].columns else None
    ok = (frame["periode"].str.fullmatch(PERIOD.pattern).fillna(False) & frame["kode_wilayah"].isin(levels)
          & frame["status"].isin(STATUS) & (frame["segmen"] != ""))
    if segments is not None:
        ok &= frame["segmen"].isin(segments | {ALL_SEGMENTS})
    frame = frame[ok].copy()
    frame["level"] = frame["kode_wilayah"].map(levels)
    frame["number"] = pd.array([int(v) if COUNT.fullmatch(v) else None for v in frame["peserta"]], dtype="Int64")
    return frame


def region_levels(regions: dict[str, tuple[str, str]], root: str) -> dict[str, str]:
    """Each code's level as the site sees it; a place counts only if it lies within the report's region."""
    def within_root(code: str) -> bool:
        for _ in range(len(regions)):  # bounded: a kode_induk cycle must not hang the build
            code = regions.get(code, ("", ""))[1]
            if code == root:
                return True
        return False

    def level(code: str, jenis: str) -> str:
        if code == root:
            return ROOT
        if not within_root(code):
            return ELSEWHERE
        return DISTRICT if jenis in BETWEEN else VILLAGE

    return {code: level(code, jenis) for code, (jenis, _) in regions.items()}


def check_levels(rows: pd.DataFrame, root: Region, shown: str, problems: list[Problem]) -> None:
    for row in rows.itertuples():
        found = level_problem(row.level, row.kode_wilayah, row.segmen, row.status, root)
        if found:
            column, message_id, message_en = found
            problems.append(Problem(shown, message_id, message_en, line=row.line, column=column))


def level_problem(level: str, code: str, segment: str, status: str, root: Region) -> tuple[str, str, str] | None:
    where = f"{root.name} ({root.code})"
    allowed_id = (f"Yang dipakai situs: {where} (segmen {ALL_SEGMENTS} atau per segmen) dan desa/kelurahan di "
                  "dalamnya (per segmen).")
    allowed_en = (f"The site uses: {where} (segmen {ALL_SEGMENTS} or per segment) and the desa/kelurahan within "
                  "it (per segment).")
    if level == ELSEWHERE:
        return ("kode_wilayah", f"ditemukan \"{code}\", wilayah di luar {root.name}; situs ini hanya tentang "
                f"{root.name}. {allowed_id}", f"found \"{code}\", an area outside {root.name}; the site is "
                f"only about {root.name}. {allowed_en}")
    if level == DISTRICT:
        return ("kode_wilayah", f"ditemukan \"{code}\", wilayah antara ({', '.join(BETWEEN)}); situs tidak memakai "
                "baris tingkat itu, karena jumlahnya dihitung dari baris desa/kelurahan. Rinci angka ini per "
                f"desa/kelurahan, atau hapus baris ini. {allowed_id}", f"found \"{code}\", an area between the "
                f"region and its villages ({', '.join(BETWEEN)}); the site does not use such rows, because it adds "
                f"the desa/kelurahan rows up itself. Break this figure down by desa/kelurahan, or remove the line. "
                f"{allowed_en}")
    if level == VILLAGE and segment == ALL_SEGMENTS:
        return ("segmen", f"ditemukan \"{ALL_SEGMENTS}\" untuk desa/kelurahan {code}; rincian desa/kelurahan "
                f"harus per segmen (kode dari data/segmen.csv). Jumlah {ALL_SEGMENTS} hanya untuk {where}.",
                f"found \"{ALL_SEGMENTS}\" for desa/kelurahan {code}; a desa/kelurahan breakdown must be per "
                f"segment (a code from data/segmen.csv). The {ALL_SEGMENTS} total is for {where} only.")
    if level == ROOT and segment != ALL_SEGMENTS and status != "resmi":
        return ("status", f"ditemukan \"{status}\"; rincian per segmen untuk {root.name} harus resmi (dengan "
                "sumber), karena bab-bab mengutipnya sebagai angka resmi. Angka ilustratif hanya untuk jumlah "
                f"{root.name} (segmen {ALL_SEGMENTS}) dan rincian desa/kelurahan.",
                f"found \"{status}\"; a figure per segment for {root.name} must be official (resmi, with a "
                f"source), because chapters quote it as official. Illustrative figures are for the {root.name} "
                f"total (segmen {ALL_SEGMENTS}) and the desa/kelurahan breakdown only.")
    return None


def check_parents(rows: pd.DataFrame, root: Region, shown: str, problems: list[Problem]) -> None:
    """Every desa/kelurahan row refines an official figure of the region; only the newest breakdown is shown."""
    villages = rows[(rows["level"] == VILLAGE) & (rows["segmen"] != ALL_SEGMENTS)]
    # The parent's own status is checked on its line (check_levels); here only that it is there.
    top = rows[(rows["level"] == ROOT) & (rows["segmen"] != ALL_SEGMENTS)]
    parents = set(zip(top["periode"], top["segmen"]))
    has_parent = pd.Series([key in parents for key in zip(villages["periode"], villages["segmen"])],
                           index=villages.index, dtype=bool)
    for (periode, segment), group in villages[~has_parent].groupby(["periode", "segmen"], sort=False):
        problems.append(Problem(
            shown, f"rincian desa/kelurahan periode {periode}, segmen {segment} ({described(group)}) tidak "
            f"merinci angka resmi apa pun: tidak ada baris resmi {root.name} ({root.code}) untuk periode dan "
            f"segmen itu. Tambahkan angka resmi itu (status resmi, dengan sumber), atau hapus baris-baris ini.",
            f"the desa/kelurahan breakdown for periode {periode}, segmen {segment} ({described(group, 'en')}) "
            f"refines no official figure: there is no official row for {root.name} ({root.code}) with that "
            "period and segment. Add that official figure (status resmi, with its source), or remove these lines.",
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


def check_root_sums(rows: pd.DataFrame, shown: str, problems: list[Problem]) -> None:
    """The region's segments add up to its `semua` total of the same period (an illustrative total too: the
    line over time and the chart by segment must not show two different totals for one month)."""
    top = rows[rows["level"] == ROOT]
    for total in top[top["segmen"] == ALL_SEGMENTS].itertuples():
        parts = top[(top["periode"] == total.periode) & (top["segmen"] != ALL_SEGMENTS)]
        if not parts.empty:
            compare(total, parts, shown, problems)


def check_village_sums(rows: pd.DataFrame, root: Region, shown: str, problems: list[Problem]) -> None:
    """In a period broken down by desa/kelurahan, each official segment of the region is split exactly."""
    villages = rows[(rows["level"] == VILLAGE) & (rows["segmen"] != ALL_SEGMENTS)]
    top = rows[(rows["level"] == ROOT) & (rows["segmen"] != ALL_SEGMENTS)]
    for total in top[top["periode"].isin(set(villages["periode"]))].itertuples():
        parts = villages[(villages["periode"] == total.periode) & (villages["segmen"] == total.segmen)]
        if parts.empty:
            problems.append(Problem(
                shown, f"rincian desa/kelurahan periode {total.periode} tidak memuat segmen {total.segmen}, padahal "
                f"angka resmi {root.name} di baris ini {total.peserta}. Tambahkan baris desa/kelurahan untuk segmen "
                "ini, "
                "agar jumlah per kecamatan dan per desa mencakup semua peserta.",
                f"the desa/kelurahan breakdown for {total.periode} leaves out segmen {total.segmen}, although the "
                f"official figure for {root.name} on this line is {total.peserta}. Add desa/kelurahan lines for this "
                "segment, "
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
