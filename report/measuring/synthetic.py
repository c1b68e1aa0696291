"""A linked place table of any size (kecamatan, desa and segment counts with every sum the site publishes),
for measuring the suppression at province scale and beyond without real data. Counts are made up: they are
never published, only used by `build.py benchmark` and the tests."""

from __future__ import annotations

import numpy as np

from report.figures.suppress import Equation, total_of

SEGMENTS = 5


def linked_table(desa: int, desa_per_kecamatan: int = 12, seed: int = 0,
                 small_share: float = 0.15) -> tuple[list[int], list[Equation]]:
    """The cells (desa x segment, then desa, then kecamatan totals) and the equations compute.py writes
    for them: desa, kecamatan, segment, kecamatan x segment and grand totals."""
    random = np.random.default_rng(seed)
    kecamatan_of = [d // desa_per_kecamatan for d in range(desa)]
    kecamatan = kecamatan_of[-1] + 1
    small = random.random((desa, SEGMENTS)) < small_share
    counts = np.where(small, random.integers(0, 5, (desa, SEGMENTS)), random.integers(5, 400, (desa, SEGMENTS)))
    desa_totals = counts.sum(axis=1)
    kecamatan_totals = np.bincount(kecamatan_of, weights=desa_totals, minlength=kecamatan).astype(int)
    cells = [int(v) for v in counts.ravel()] + [int(v) for v in desa_totals] + [int(v) for v in kecamatan_totals]
    first_desa, first_kecamatan = desa * SEGMENTS, desa * SEGMENTS + desa
    equations = [total_of([d * SEGMENTS + s for s in range(SEGMENTS)], first_desa + d) for d in range(desa)]
    members: list[list[int]] = [[] for _ in range(kecamatan)]
    for d, k in enumerate(kecamatan_of):
        members[k].append(d)
    equations += [total_of([first_desa + d for d in members[k]], first_kecamatan + k) for k in range(kecamatan)]
    equations += [total_of([d * SEGMENTS + s for d in range(desa)]) for s in range(SEGMENTS)]
    equations += [total_of([d * SEGMENTS + s for d in members[k]]) for k in range(kecamatan) for s in range(SEGMENTS)]
    equations.append(total_of([first_kecamatan + k for k in range(kecamatan)]))
    return cells, equations
