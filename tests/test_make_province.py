"""tools/make_province.py: a synthetic province, generated from the provinsi fixture, builds completely."""

from __future__ import annotations

import csv
import shutil
import sys
from pathlib import Path

import pytest
from conftest import DEMO, REPO, run_build

sys.path.insert(0, str(REPO / "tools"))
import make_province  # noqa: E402


@pytest.mark.slow
def test_a_small_generated_province_builds_with_its_desa_breakdown(tmp_path: Path) -> None:
    project = tmp_path / "provinsi"
    assert make_province.main([str(project), "--kabkota", "2", "--kecamatan", "4", "--desa", "30"]) == 0
    (project / "build.py").write_bytes((REPO / "build.py").read_bytes())
    with (project / "data" / "wilayah.csv").open(encoding="utf-8", newline="") as areas:
        kinds = [row["jenis"] for row in csv.DictReader(areas)]
    assert (kinds.count("kabupaten"), kinds.count("kecamatan"), kinds.count("desa")) == (2, 4, 30)

    result = run_build(project, "--no-pdf", "--strict")

    assert result.returncode == 0, result.stderr
    by_desa = (project / "site" / "assets" / "unduh" / "en" / "kepesertaan-desa.csv").read_text(encoding="utf-8")
    assert by_desa.count("Desa Contoh") == 30
    page = (project / "site" / "en" / "wilayah.html").read_text(encoding="utf-8")
    assert 'id="grafik-cakupan_desa"' in page and 'id="grafik-cakupan_kecamatan"' in page


def test_the_generated_counts_add_up_to_the_sourced_figure() -> None:
    shares = make_province.counts(11000, 7000, seed=3)
    assert sum(shares) == 11000 and len(shares) == 7000 and min(shares) >= 0


def test_the_scale_table_shows_each_stage_and_the_peak_memory_per_scale(capsys: pytest.CaptureFixture[str]) -> None:
    from report.measuring.bench_scale import print_scale
    from report.measuring.bench_timing import Run
    from report.pipeline import STAGES

    runs = {"1x": ([Run(7.0, 6.0, 250.0, {STAGES[0]: 0.5}, {STAGES[0]: 80.0}),
                    Run(8.0, 5.0, 300.0, {STAGES[0]: 0.7}, {STAGES[0]: 95.0})], 20),
            "province": ([Run(12.0, 10.0, 330.0, {STAGES[0]: 1.5}, {STAGES[0]: 120.0})], 10)}

    print_scale(runs, pdf=False, rounds=2)

    table = capsys.readouterr().out.splitlines()
    first_stage = next(line for line in table if line.strip().startswith(str(STAGES[0])))
    # Each stage's median seconds and the largest peak memory once it had run, per scale.
    assert first_stage.split()[-8:] == ["0.60", "s", "95", "MB", "1.50", "s", "120", "MB"]
    never_ran = next(line for line in table if line.strip().startswith(str(STAGES[1])))
    assert never_ran.split()[-2:] == ["-", "-"], "a stage that did not run is no 0 s and 0 MB"
    def row(label: str) -> list[str]:
        return next(line for line in table if line.strip().startswith(label)).split()[-2:]
    assert row("peak memory MB") == ["300.0", "330.0"]
    assert row("CPU ms per page") == ["275.0", "1000.0"]


def test_the_scale_table_shows_cost_per_page_against_the_first_scale(capsys: pytest.CaptureFixture[str]) -> None:
    from report.measuring.bench_scale import print_scale
    from report.measuring.bench_timing import Run

    runs = {"1x": ([Run(7.0, 5.4, 250.0)], 27), "10x pages": ([Run(30.0, 27.0, 300.0)], 270),
            "7,000 desa": ([Run(30.0, 16.2, 330.0)], 27)}

    print_scale(runs, pdf=False, rounds=1)

    table = capsys.readouterr().out.splitlines()
    assert next(line for line in table if line.strip().startswith("CPU ms per page")).split()[-3:] == [
        "200.0", "100.0", "600.0"]
    assert next(line for line in table if line.strip().startswith("cost per page vs 1x")).split()[-3:] == [
        "1.00x", "0.50x", "3.00x"]


def test_the_many_pages_scale_copies_study_chapters_with_their_translations(tmp_path: Path) -> None:
    from report.chapters.translation import report_translations
    from report.measuring.bench_scale import OWN_PAGES, copy_chapters

    content = tmp_path / "content"
    shutil.copytree(DEMO / "content", content)
    before = len(list((content / "id").glob("*.md")))

    copy_chapters(content, ("id", "en"), 10)

    after = len(list((content / "id").glob("*.md")))
    assert len(list((content / "en").glob("*.md"))) == after
    assert 10 * (before + OWN_PAGES) <= after + OWN_PAGES < 11 * (before + OWN_PAGES)
    assert report_translations(content, ("id", "en"), []) == 0  # every copy's translation is current
