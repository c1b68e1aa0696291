"""The build cache keeps one build's worth: what a data update replaced is swept, what a build
skipped is kept."""

from __future__ import annotations

from pathlib import Path

from conftest import run_build


def kept(root: Path, folder: str) -> set[str]:
    return {p.name for p in (root / ".build" / "cache" / folder).iterdir() if p.is_file()}


def test_a_data_update_sweeps_the_drawings_it_replaced(project: Path) -> None:
    assert run_build(project, "--no-pdf").returncode == 0
    charts_before = kept(project, "charts")
    data = project / "data" / "kepesertaan.csv"
    data.write_text(data.read_text(encoding="utf-8").replace(",51.71,semua,10704,", ",51.71,semua,10705,", 1),
                    encoding="utf-8")
    assert run_build(project, "--no-pdf").returncode == 0
    charts_after = kept(project, "charts")
    assert charts_after != charts_before and len(charts_after) == len(charts_before), "one drawing per chart"
    downloads = [p for p in (project / ".build/cache/downloads").iterdir() if not p.name.startswith(".")]
    assert len(downloads) == 2, "one set of download files per language: the current ones"

    pdf_before = kept(project, "pdf") if (project / ".build/cache/pdf").is_dir() else set()
    assert run_build(project).returncode == 0
    pdf_kept = kept(project, "pdf")
    assert run_build(project, "--no-pdf").returncode == 0
    assert kept(project, "pdf") == pdf_kept != pdf_before, "a build without the PDF keeps the PDF cache"
