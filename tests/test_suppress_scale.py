"""The suppression that scales (report/figures/suppress.py with report/figures/determined.py) hides exactly the
cells the first, whole-table SVD method hides (tests/exact_suppression.py), and a province and more fits its budget."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import exact_suppression
import pytest
from conftest import DEMO

from report.figures import compute, determined, suppress
from report.inputs import data
from report.measuring.synthetic import linked_table

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("seed", range(24))
def test_random_linked_tables_hide_what_the_exact_method_hides(seed: int) -> None:
    cells, equations = linked_table(20 + 7 * (seed % 6), desa_per_kecamatan=3 + seed % 6, seed=seed,
                                    small_share=0.08 + 0.06 * (seed % 5))
    expected = exact_suppression.protect(cells, equations, 4)
    assert any(expected) and not all(expected)
    assert suppress.protect(cells, equations, 4) == expected


def test_the_demo_data_hides_what_the_exact_method_hides(monkeypatch: pytest.MonkeyPatch) -> None:
    tables = data.load_data(DEMO / "data", allow_illustrative=True)  # the demo: a breakdown by desa
    scaled = compute.coverage_by_place(tables, 4)
    monkeypatch.setattr(compute, "protect", exact_suppression.protect)
    exact = compute.coverage_by_place(tables, 4)
    for name, frame in scaled.items():
        assert frame[suppress.HIDDEN].tolist() == exact[name][suppress.HIDDEN].tolist(), name
    assert scaled["desa_segmen"][suppress.HIDDEN].any()


def test_a_sum_split_exactly_by_smaller_sums_adds_no_equation() -> None:
    halves = [suppress.total_of([0, 1]), suppress.total_of([2, 3])]
    whole = suppress.total_of([0, 1, 2, 3])
    assert determined.implied_sums([*halves, whole]) == {2}
    assert determined.implied_sums([*halves, suppress.total_of([1, 2]), whole]) == {3}, "one split is enough"
    overlapping = [suppress.total_of([0, 1, 2]), suppress.total_of([2, 3])]
    assert determined.implied_sums([*overlapping, whole]) == set(), "parts that overlap: the sum is kept"
    assert determined.implied_sums([suppress.total_of([0, 1], 4), suppress.total_of([2, 3]),
                                    whole]) == set(), "a desa total is no published sum"


@pytest.mark.slow  # a process of its own, for its peak memory
def test_seven_thousand_desa_take_at_most_ten_cpu_seconds_and_one_gigabyte() -> None:
    script = ("import resource, time\n"
              "from report.figures.suppress import protect\n"
              "from report.measuring.synthetic import linked_table\n"
              "cells, equations = linked_table(7000)\n"
              "started = time.process_time()\n"
              "hidden = protect(cells, equations, 4)\n"
              "print(time.process_time() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, sum(hidden))\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, cwd=REPO,
                            check=True)
    seconds, peak_kb, hidden = result.stdout.split()
    assert float(seconds) <= 10 and int(peak_kb) <= 1024 * 1024 and int(hidden) > 7000, result.stdout
