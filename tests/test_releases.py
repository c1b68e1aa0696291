"""The releases kept in data/riwayat/ can be told apart, listed, compared and rebuilt by staff."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import copy_project
from local_server import LocalServer, send

from report.fetch import fetch_all
from report.settings import load_settings

NOW = datetime(2025, 6, 3, 2, 0, tzinfo=UTC)
OLD_JKM = "2024,51.71,JKM,,18000000000,resmi,balipost-2025-01"
NEW_JKM = "2024,51.71,JKM,,18500000000,resmi,balipost-2025-01"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def revise_klaim(root: Path) -> str:
    text = (root / "data" / "klaim.csv").read_text(encoding="utf-8")
    assert OLD_JKM in text
    return text.replace(OLD_JKM, NEW_JKM)


def test_a_ckan_release_names_the_resource_not_just_the_portal(root: Path) -> None:
    lines = revise_klaim(root).splitlines()
    records = [dict(zip(lines[0].split(","), line.split(","))) for line in lines[1:]]

    def datastore(handler, query) -> None:  # noqa: ANN001 - one page holding every record
        result = {"records": records, "total": len(records), "fields": [{"id": k} for k in records[0]]}
        send(handler, json.dumps({"success": True, "result": result}).encode(), content_type="application/json")

    with LocalServer() as server:
        server.routes["/api/3/action/datastore_search"] = datastore
        (root / "data" / "sumber_data.csv").write_text("dataset,jenis,lokasi,format,resource_id,catatan\n"
                                                       f"klaim,ckan,{server.url('/')},,res-klaim-2024,\n")
        settings = dataclasses.replace(load_settings(root, show_progress=False), fetch_retries=0)
        release = fetch_all(settings, now=NOW).release
    assert release is not None
    assert release.files["klaim.csv"].source == \
        f"{server.url('/').rstrip('/')}/api/3/action/datastore_search?resource_id=res-klaim-2024"
