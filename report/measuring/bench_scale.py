"""`python build.py benchmark --scale`: one cold build per scale, each stage's time and the build's peak memory.

The scales: this project (1x), a synthetic province (9 kab/kota, 57 kecamatan, 716 desa) and 7,000 desa, both
made by tools/make_province.py from tests/fixtures/provinsi. Each build is its own process in a scratch
folder, measured by the kernel (bench_timing.measured); nothing here judges, it prints for people to weigh.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from report.measuring.bench_timing import BUILD_SCRIPT, Run, build_run
from report.pipeline import STAGES
from report.settings import Settings, load_settings

MAKE_PROVINCE = BUILD_SCRIPT.parent / "tools" / "make_province.py"
PROJECT_INPUTS = ("content", "data", "templates", "mkdocs.yml")
# (label, desa in the synthetic province; None: a copy of the project the benchmark was started on)
SCALES: tuple[tuple[str, int | None], ...] = (("1x (this project)", None), ("province, 716 desa", 716),
                                               ("7,000 desa", 7000))


def run_scale(settings: Settings, rounds: int, pdf: bool) -> None:
    options = () if pdf else ("--no-pdf",)
    results: dict[str, tuple[list[Run], int]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for number, (label, desa) in enumerate(SCALES):
            root = make_project(settings, Path(scratch) / f"scale-{number}", desa)
            scaled = load_settings(root, show_progress=False)
            try:
                runs = [build_run(scaled, False, *options) for _ in range(rounds)]
            except RuntimeError as failure:  # one scale's failed build is a finding; the other scales still count
                print(f"\nSkala / scale {label}: build gagal / failed: {last_line(str(failure))}")
                continue
            results[label] = runs, len(list(scaled.site_dir.rglob("*.html")))
    print_scale(results, pdf, rounds)


def last_line(failure: str) -> str:
    """The build's own message (its last lines in English), not the whole captured stderr."""
    lines = [line for line in failure.splitlines() if line.strip()]
    return " ".join(lines[-2:])[:400]


def make_project(settings: Settings, target: Path, desa: int | None) -> Path:
    if desa is None:
        target.mkdir()
        for name in PROJECT_INPUTS:
            source = settings.root / name
            (shutil.copytree if source.is_dir() else shutil.copy2)(source, target / name)
    else:
        subprocess.run([sys.executable, str(MAKE_PROVINCE), str(target), "--desa", str(desa)], check=True,
                       stdout=subprocess.DEVNULL)
    return target


def print_scale(results: dict[str, tuple[list[Run], int]], pdf: bool, rounds: int) -> None:
    labels = list(results)
    print(f"\nSkala / scale: cold build{'' if pdf else ' without the PDF'}, median of {rounds} "
          "(stages: wall seconds as the build times itself; whole process: kernel's CPU seconds and peak memory)")
    print(f"  {'':<32}" + "".join(f"{label:>22}" for label in labels))
    for stage in STAGES:
        cells = [statistics.median(r.stages.get(stage, 0.0) for r in results[label][0]) for label in labels]
        print(f"  {stage:<32}" + "".join(f"{cell:>20.2f} s" for cell in cells))
    rows = (("process CPU s", lambda runs, pages: statistics.median(r.cpu for r in runs)),
            ("process wall s", lambda runs, pages: statistics.median(r.wall for r in runs)),
            ("peak memory MB", lambda runs, pages: max(r.peak_mb for r in runs)),
            ("HTML pages", lambda runs, pages: pages),
            ("CPU ms per page", lambda runs, pages: 1000 * statistics.median(r.cpu for r in runs) / pages))
    for name, value in rows:
        print(f"  {name:<32}" + "".join(f"{value(*results[label]):>22.1f}" for label in labels))
