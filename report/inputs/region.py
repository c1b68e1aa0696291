"""The region a report is about: the one wilayah.csv row with no kode_induk, at any level (provinsi,
kabupaten or kota). The engine names no place itself, so one engine serves any local government."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

ROOT_KINDS = ("provinsi", "kabupaten", "kota")


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    kind: str


def root_rows(regions: pd.DataFrame) -> pd.DataFrame:
    """Rows without a parent; a valid wilayah.csv has exactly one (data.py says so when not)."""
    parent = regions["kode_induk"].fillna("").astype(str).str.strip()
    return regions[parent == ""]


def root_region(regions: pd.DataFrame) -> Region:
    rows = root_rows(regions)
    if rows.empty:  # validated data always has one; an empty Region keeps partial tables (units) working
        return Region("", "", "")
    row = rows.iloc[0]
    return Region(str(row["kode"]), str(row["nama"]), str(row["jenis"]))
