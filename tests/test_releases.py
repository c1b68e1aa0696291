"""The releases kept in data/riwayat/ can be told apart, listed, compared and rebuilt by staff."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import copy_for, run_build
from local_server import LocalServer, send

from report.live import history
from report.live.fetch import fetch_all
from report.settings import load_settings

NOW = datetime(2025, 6, 3, 2, 0, tzinfo=UTC)
OLD_JKM = "2024,51.71,JKM,,18000000000,ya,resmi,balipost-2025-01"
NEW_JKM = "2024,51.71,JKM,,18500000000,ya,resmi,balipost-2025-01"


@pytest.fixture
def root(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    return copy_for(request, tmp_path / "project")


def revise_klaim(root: Path) -> str:
    text = (root / "data" / "klaim.csv").read_text(encoding="utf-8")
    assert OLD_JKM in text
    return text.replace(OLD_JKM, NEW_JKM)


@pytest.mark.slow
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


@pytest.mark.slow
def test_releases_are_listed_compared_and_restored_from_the_command_line(root: Path, tmp_path: Path) -> None:
    assert run_build(root, "releases").returncode == 0
    recorded = run_build(root, "releases", "--record")
    assert recorded.returncode == 0, recorded.stderr
    (root / "data" / "klaim.csv").write_text(revise_klaim(root), encoding="utf-8")
    assert run_build(root, "releases", "--record").returncode == 0
    assert "tidak ada rilis baru" in run_build(root, "releases", "--record").stdout  # nothing changed since
    first, second = history.releases(root / "data")

    listing = run_build(root, "releases").stdout
    assert first.id in listing and second.id in listing and "klaim.csv" in listing and "7 baris" in listing

    compared = run_build(root, "releases", "--english", "--compare", first.id, second.id)
    assert compared.returncode == 0, compared.stderr
    assert "[Revision] Claims paid (IDR), Death benefit (JKM), 2024: more than IDR 18,000,000,000 -> more than IDR "\
           "18,500,000,000" \
        in compared.stdout
    assert "No figure changed" in run_build(root, "releases", "--compare", second.id, "data", "--english").stdout

    restored = run_build(root, "releases", "--restore", first.id, "--to", str(tmp_path / "old"))
    assert restored.returncode == 0, restored.stderr
    assert OLD_JKM in (tmp_path / "old" / "klaim.csv").read_text(encoding="utf-8")
    assert sorted(p.name for p in (tmp_path / "old").iterdir()) == sorted(first.files)


@pytest.mark.slow
def test_an_unknown_release_is_named_with_the_ones_that_exist(root: Path) -> None:
    assert run_build(root, "releases", "--record").returncode == 0
    (only,) = history.releases(root / "data")
    for args in (("--compare", "2020-01-01T000000Z", "data"),
                 ("--restore", "2020-01-01T000000Z", "--to", str(root.parent / "x"))):
        result = run_build(root, "releases", *args)
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert "data/riwayat/manifest.json" in result.stderr and "2020-01-01T000000Z" in result.stderr
        assert only.id in result.stderr and "Situs sebelumnya" not in result.stderr  # the site is not involved
    missing_folder = run_build(root, "releases", "--restore", only.id)
    assert missing_folder.returncode == 2 and "--to" in missing_folder.stderr


@pytest.mark.slow
def test_only_data_a_build_accepts_is_recorded(root: Path) -> None:
    (root / "data" / "klaim.csv").write_text(revise_klaim(root).replace("18500000000", "18,5 M"), encoding="utf-8")
    result = run_build(root, "releases", "--record")
    assert result.returncode == 2 and "data/klaim.csv" in result.stderr
    assert history.releases(root / "data") == []
