"""The suppression as it was first written and proven: one dense SVD over every hidden cell of the whole
table, every round. Far too slow beyond a city, but short and obviously exact, so the tests keep it as the
independent checker for report/figures/suppress.py (and report/figures/determined.py), which must hide the same
cells."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from report.figures.suppress import Equation

TOLERANCE = 1e-9


def protect(values: Sequence[int], equations: Sequence[Equation], threshold: int) -> list[bool]:
    counts = np.asarray(values, dtype=np.int64)
    hidden = (counts >= 1) & (counts <= threshold)
    if not hidden.any():
        return [False] * len(counts)
    while True:
        hide_lone_cells(counts, hidden, equations)
        determined = determined_cells(hidden, equations)
        if not determined:
            return hidden.tolist()
        partner = smallest_visible(counts, hidden, [e for e in equations if determined[0] in e.cells])
        if partner is None:
            partner = smallest_visible(counts, hidden, equations)
        if partner is None:
            return hidden.tolist()
        hidden[partner] = True


def hide_lone_cells(counts: np.ndarray, hidden: np.ndarray, equations: Sequence[Equation]) -> None:
    changed = True
    while changed:
        changed = False
        for equation in equations:
            if int(hidden[list(equation.cells)].sum()) == 1:
                partner = smallest_visible(counts, hidden, [equation])
                if partner is not None:
                    hidden[partner] = changed = True


def smallest_visible(counts: np.ndarray, hidden: np.ndarray, equations: Sequence[Equation]) -> int | None:
    visible = sorted({c for e in equations for c in e.cells if not hidden[c]},
                     key=lambda c: (counts[c] == 0, counts[c], c))
    return visible[0] if visible else None


def determined_cells(hidden: np.ndarray, equations: Sequence[Equation]) -> list[int]:
    unknown = np.flatnonzero(hidden)
    column = {int(cell): i for i, cell in enumerate(unknown)}
    matrix = np.zeros((len(equations), len(unknown)))
    for row, equation in enumerate(equations):
        for cell, coefficient in zip(equation.cells, equation.coefficients):
            if cell in column:
                matrix[row, column[cell]] = coefficient
    _, singular, rows = np.linalg.svd(matrix)
    rank = int((singular > TOLERANCE * max(matrix.shape)).sum())
    null_space = rows[rank:]
    free = np.abs(null_space).max(axis=0) > 1e-7 if len(null_space) else np.zeros(len(unknown), dtype=bool)
    return [int(unknown[i]) for i in np.flatnonzero(~free)]
