"""`build.py benchmark`'s budget lines: each aim as a ratio of CPU seconds and of wall seconds, side by side."""

from __future__ import annotations

import pytest

from report.measuring.bench_timing import BUDGETS, Run, print_budgets


def run(wall: float, cpu: float) -> Run:
    return Run(wall=wall, cpu=cpu, peak_mb=300.0)


def test_each_budget_shows_its_cpu_and_its_wall_ratio_against_the_same_aim(capsys: pytest.CaptureFixture[str]) -> None:
    # Laid out beside the other stages, the PDF costs more CPU than wall: this cold build fails its CPU aim
    # (3.2x bare mkdocs, the median of three) and passes its wall aim (2.0x).
    runs = {name: [run(10.0, 10.0)] for _, top, bottom, _ in BUDGETS for name in (top, bottom)}
    runs["bare mkdocs"] = [run(2.0, 2.0), run(2.0, 2.0), run(9.0, 9.0)]
    runs["cold"] = [run(4.0, 6.4)]

    print_budgets(runs)

    lines = capsys.readouterr().out.splitlines()
    header = next(line for line in lines if line.split() == ["CPU", "wall"])  # the columns, not the title above
    cold = next(line for line in lines if line.strip().startswith("cold build with PDF"))
    assert "3.20x gagal / FAIL" in cold and "2.00x lulus / pass" in cold
    assert cold.index("3.20x") < cold.index("2.00x") and header.rindex("CPU") < header.rindex("wall")
    assert cold.rstrip().endswith("(aim <= 3.0x)")
    assert len([line for line in lines if "(aim <=" in line]) == len(BUDGETS)
