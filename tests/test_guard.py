"""The gates a fetched release passes before it replaces data/: plausibility (held for review unless a
person accepts it with a reason) and the whole strict build of the staged data. And periods that have not
begun yet, refused wherever data is read.

Real `build.py` processes against a real HTTP server on 127.0.0.1; data/ and site/ are compared byte for
byte afterwards wherever the promise is that they stay as they were.
"""

from __future__ import annotations

import dataclasses
import html
import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import DEMO, REPO, copy_for, copy_project, run_build, tree_digest
from local_server import LocalServer, static

from report.errors import FetchError
from report.live import history
from report.live.fetch import fetch_all
from report.live.gate import EXIT_HELD, ReleaseHeld
from report.settings import load_settings

NOW = datetime(2025, 6, 3, 2, 0, tzinfo=UTC)
JKM = "2024,51.71,JKM,,18000000000,ya,resmi,balipost-2025-01"
SOURCES_HEADER = "dataset,jenis,lokasi,format,resource_id,catatan\n"
FAST = "  report:\n    fetch_retries: 0\n    fetch_timeout_seconds: 5\n"


def declare(root: Path, *rows: str) -> None:
    (root / "data" / "sumber_data.csv").write_text(SOURCES_HEADER + "".join(r + "\n" for r in rows),
                                                  encoding="utf-8")
    config = root / "mkdocs.yml"
    if FAST not in config.read_text(encoding="utf-8"):
        config.write_text(config.read_text(encoding="utf-8").replace("  report:\n", FAST), encoding="utf-8")


def klaim_with(jkm: str | None) -> bytes:
    """klaim.csv as the project has it, with the JKM row replaced (None: removed)."""
    text = (DEMO / "data" / "klaim.csv").read_text(encoding="utf-8")
    assert JKM in text
    return text.replace(JKM + "\n", "" if jkm is None else jkm + "\n").encode()


def data_digest(root: Path) -> str:
    """data/ as the site reads it: the failure status and a held release's files are not data."""
    copy = root.parent / "digest-copy"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root / "data", copy, ignore=shutil.ignore_patterns("status.json", "tertahan"))
    return tree_digest(copy)


def settings_for(root: Path):  # noqa: ANN201 - Settings
    return dataclasses.replace(load_settings(root, show_progress=False), fetch_retries=0, print_pdf=False)


# Plausibility ---------------------------------------------------------------------------------------

def test_a_ninety_percent_drop_is_held_then_accepted_with_its_reason(project: Path, server: LocalServer) -> None:
    server.routes["/klaim.csv"] = static(klaim_with(JKM.replace("18000000000", "1800000000")))
    declare(project, f"klaim,http,{server.url('/klaim.csv')},csv,,")
    data_before, site_before = data_digest(project), tree_digest(project / "site")

    held = run_build(project, "fetch")

    assert held.returncode == EXIT_HELD == 3, held.stderr
    assert "Traceback" not in held.stderr
    assert "data/klaim.csv, kolom \"nilai_rp\": angka resmi" in held.stderr
    assert "berubah dari 18000000000 menjadi 1800000000 (90%), lebih dari batas 50%" in held.stderr
    assert "build.py fetch --accept" in held.stderr
    assert data_digest(project) == data_before and tree_digest(project / "site") == site_before
    kept = project / "data" / "riwayat" / "tertahan"
    assert (kept / "klaim.csv").read_bytes() == klaim_with(JKM.replace("18000000000", "1800000000"))
    note = json.loads((kept / "tertahan.json").read_text(encoding="utf-8"))
    assert [(m["column"], m["old"], m["new"]) for m in note["moves"]] == [("nilai_rp", "18000000000", "1800000000")]

    reason = "BPJS mengoreksi klaim JKM 2024 (surat 12/2025)"
    accepted = run_build(project, "fetch", "--accept", reason)

    assert accepted.returncode == 0, accepted.stderr
    assert ",1800000000," in (project / "data" / "klaim.csv").read_text(encoding="utf-8")
    assert history.releases(project / "data")[-1].reason == reason
    assert not kept.exists()
    built = run_build(project, "--no-pdf")
    assert built.returncode == 0, built.stderr
    page = BeautifulSoup((project / "site" / "perubahan-data.html").read_text(encoding="utf-8"), "lxml")
    assert any(reason in p.get_text() and "diterima setelah ditinjau" in p.get_text() for p in page.find_all("p"))


def test_removing_an_official_row_is_held(tmp_path: Path, server: LocalServer) -> None:
    root = copy_project(tmp_path / "project")
    server.routes["/klaim.csv"] = static(klaim_with(None))
    declare(root, f"klaim,http,{server.url('/klaim.csv')},csv,,")
    before = data_digest(root)

    with pytest.raises(ReleaseHeld) as raised:
        fetch_all(settings_for(root), now=NOW)

    text = raised.value.report("en")
    assert "data/klaim.csv, column \"nilai_rp\": the official figure" in text and "is removed by the source" in text
    assert data_digest(root) == before


def test_accepting_refuses_a_release_other_than_the_one_held(tmp_path: Path, server: LocalServer) -> None:
    root = copy_project(tmp_path / "project")
    server.routes["/klaim.csv"] = static(klaim_with(JKM.replace("18000000000", "1800000000")))
    declare(root, f"klaim,http,{server.url('/klaim.csv')},csv,,")
    with pytest.raises(ReleaseHeld):
        fetch_all(settings_for(root), now=NOW)
    before = data_digest(root)
    server.routes["/klaim.csv"] = static(klaim_with(JKM.replace("18000000000", "900000000")))

    with pytest.raises(FetchError) as raised:
        fetch_all(settings_for(root), now=NOW, accept="dikoreksi")

    assert "the source has changed again since this release was held" in raised.value.report("en")
    assert data_digest(root) == before


@pytest.mark.slow
def test_a_small_revision_passes_the_gate(request: pytest.FixtureRequest, tmp_path: Path, server: LocalServer) -> None:
    root = copy_for(request, tmp_path / "project")
    server.routes["/klaim.csv"] = static(klaim_with(JKM.replace("18000000000", "18500000000")))
    declare(root, f"klaim,http,{server.url('/klaim.csv')},csv,,")

    result = fetch_all(settings_for(root), now=NOW)

    assert result.changed == ["klaim.csv"] and result.release is not None and result.release.reason == ""


# The strict build of the staged data ------------------------------------------------------------------

def test_a_release_the_chapters_cannot_build_with_is_refused(project: Path, server: LocalServer) -> None:
    """Accepted past the plausibility gate, a release without a figure a chapter quotes still never
    reaches data/: the chapter's own message, and the site's notice through status.json."""
    statistik = (DEMO / "data" / "statistik.csv").read_text(encoding="utf-8")
    lines = [line for line in statistik.splitlines(keepends=True) if not line.startswith("tpt_denpasar_2024,")]
    assert len(lines) == len(statistik.splitlines()) - 1
    server.routes["/statistik.csv"] = static("".join(lines).encode())
    declare(project, f"statistik,http,{server.url('/statistik.csv')},csv,,")
    data_before, site_before = data_digest(project), tree_digest(project / "site")
    chapter = next(p for p in sorted((project / "content" / "id").glob("*.md"))
                   if "fig.tpt_denpasar_2024" in p.read_text(encoding="utf-8"))
    line = next(n for n, text in enumerate(chapter.read_text(encoding="utf-8").splitlines(), 1)
                if "fig.tpt_denpasar_2024" in text)

    result = run_build(project, "fetch", "--accept", "angka TPT ditarik sumbernya")

    assert result.returncode == 2, result.stderr
    assert f"content/id/{chapter.name}, baris {line}: angka fig.tpt_denpasar_2024 tidak dikenal" in result.stderr
    assert "build dengan data baru gagal" in result.stderr
    assert data_digest(project) == data_before and tree_digest(project / "site") == site_before
    status = history.read_status(project / "data")
    assert status is not None and "fig.tpt_denpasar_2024" in status["message_id"]


# Periods that have not begun ----------------------------------------------------------------------------

def test_a_period_after_today_is_refused_by_the_build(project: Path) -> None:
    path = project / "data" / "kepesertaan.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "2099-01,51.71,semua,99999,resmi,suarabantas-2025-05\n", encoding="utf-8")
    line = len(text.splitlines()) + 1
    site_before = tree_digest(project / "site")

    result = run_build(project, "--no-pdf")

    assert result.returncode == 2, result.stderr
    assert f"data/kepesertaan.csv, baris {line}, kolom \"periode\": periode \"2099-01\" belum dimulai" in result.stderr
    assert tree_digest(project / "site") == site_before


def test_a_fetched_period_after_the_fetch_date_is_refused(tmp_path: Path, server: LocalServer) -> None:
    root = copy_project(tmp_path / "project")
    klaim = klaim_with(JKM) + b"2099,51.71,JKM,,18000000000,ya,resmi,balipost-2025-01\n"
    server.routes["/klaim.csv"] = static(klaim)
    declare(root, f"klaim,http,{server.url('/klaim.csv')},csv,,")
    before = data_digest(root)

    with pytest.raises(FetchError) as raised:
        fetch_all(settings_for(root), now=NOW)

    assert "column \"periode\": the period \"2099\" has not begun yet" in raised.value.report("en")
    assert data_digest(root) == before


def test_the_reason_is_shown_as_text_never_as_markup() -> None:
    from report.publishing.change_table import Names
    from report.publishing.release_notes import Section, page_markdown

    release = history.Release("r2", NOW, {}, "<script>alert(1)</script>\nbaris dua")
    text = page_markdown("en", None, [Section(release, [], Names({}, {}))], [history.Release("r1", NOW, {}), release])

    # Shown as typed (written as character references, so neither HTML nor Markdown reads it as markup).
    assert "Reason: <script>alert(1)</script> baris dua" in html.unescape(text) and "<script>" not in text


def test_a_sources_words_are_shown_as_text_never_as_markup() -> None:
    from report.publishing.change_table import Names
    from report.publishing.release_notes import Section, page_markdown

    source = {"kode": "s1", "penerbit": "Portal <img src=x onerror=alert(1)>", "url": "https://contoh.invalid/",
              "catatan_revisi_en": "<script>alert(2)</script> revised"}
    row = {"kode_wilayah": "51", "segmen": "semua", "periode": "2025-05", "peserta": "11", "sumber": "s1"}
    change = history.Change("kepesertaan", {}, "peserta", "10", "11", "revisi", "", dict(row, peserta="10"), row)
    release = history.Release("r2", NOW, {})
    text = page_markdown("en", None, [Section(release, [change], Names({}, {"s1": source}, frozenset({"51"})))],
                         [history.Release("r1", NOW, {}), release])

    shown = html.unescape(text)
    assert "Portal <img src=x onerror=alert(1)>" in shown and "<script>alert(2)</script> revised" in shown
    assert "<img" not in text and "<script" not in text


def test_the_scheduled_job_puts_a_held_release_on_a_branch_with_a_pull_request() -> None:
    import yaml

    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "update-data.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["update"]["steps"]
    changes = next(s for s in steps if s.get("id") == "changes")
    assert "data/riwayat/tertahan" in changes["run"] and "changed=held" in changes["run"]
    held = next(s for s in steps if s.get("if") == "steps.changes.outputs.changed == 'held'")
    assert "git switch -c" in held["run"] and "gh pr create --base main" in held["run"]
    assert "git push origin \"$BRANCH\"" in held["run"] and "git push\n" not in held["run"]
    commit = next(s for s in steps if "git commit" in s.get("run", "") and s is not held)
    assert commit["if"] == "steps.changes.outputs.changed == 'true'"  # never main for a held release
    permissions = {**workflow.get("permissions", {}), **workflow["jobs"]["update"].get("permissions", {})}
    assert permissions.get("pull-requests") == "write"
