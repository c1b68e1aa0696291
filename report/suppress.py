"""Small-cell suppression for counts published below the region's own level, as one linked table.

A count from 1 to the threshold at desa/kelurahan level could identify people, so it is published
as [c] (primary suppression). The counts per desa and segment, per desa and per kecamatan appear in
different views (charts, tables, downloads) but add up to one another and to the region's published
segment totals, so every such sum is an equation a reader can solve. Two rules protect a hidden cell:

1. A sum with exactly one hidden cell gives it away by subtraction, so the smallest other cell of
   that sum is hidden too (secondary suppression), until every sum hides none or at least two.
2. Sums can also be combined. An exact check over all equations at once (linear algebra on the
   hidden cells) finds any hidden cell they still pin down; a cell beside it is hidden, and both
   rules run again until no hidden cell is determined.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import pandas as pd

SUPPRESSED = "[c]"
HIDDEN = "disembunyikan"
TOLERANCE = 1e-9
T = TypeVar("T")


def published_count(value: object, hidden: bool = False, write: Callable[[int], T] = int) -> T | str:  # type: ignore[assignment]
    """The one way a count leaves the build: [c] when it is hidden (or its value already dropped), else
    the count as `write` gives it (a number for the data files, formatted text for a page)."""
    if hidden or pd.isna(value):  # type: ignore[call-overload]
        return SUPPRESSED
    return write(int(value))  # type: ignore[call-overload]


@dataclass(frozen=True)
class Equation:
    """sum(coefficient * cell) equals a number a reader knows: a published total, or zero."""

    cells: tuple[int, ...]
    coefficients: tuple[int, ...]


def total_of(parts: Sequence[int], total: int | None = None) -> Equation:
    """The parts add up to `total` (a cell), or to a published number when `total` is None."""
    if total is None:
        return Equation(tuple(parts), (1,) * len(parts))
    return Equation((*parts, total), (1,) * len(parts) + (-1,))


def protect(values: Sequence[int], equations: Sequence[Equation], threshold: int) -> list[bool]:
    """Which cells to hide so that no hidden cell can be worked out from the visible ones."""
    counts = np.asarray(values, dtype=np.int64)
    hidden = (counts >= 1) & (counts <= threshold)
    if not hidden.any():
        return [False] * len(counts)
    while True:
        hide_lone_cells(counts, hidden, equations)
        determined = determined_cells(hidden, equations, len(counts))
        if not determined:
            return hidden.tolist()
        partner = smallest_visible(counts, hidden, [e for e in equations if determined[0] in e.cells])
        if partner is None:
            partner = smallest_visible(counts, hidden, equations)
        if partner is None:
            return hidden.tolist()  # every cell is hidden: nothing is left to tell it apart
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
    """The smallest visible count of these sums, a zero only when no other is left: with the total
    published, one hidden cell beside visible zeros would still be worked out by subtraction."""
    visible = sorted({c for e in equations for c in e.cells if not hidden[c]}, key=lambda c: (counts[c] == 0,
                                                                                              counts[c], c))
    return visible[0] if visible else None


def determined_cells(hidden: np.ndarray, equations: Sequence[Equation], size: int) -> list[int]:
    """Hidden cells the published sums fix exactly: those on which every solution of the equations,
    restricted to the hidden cells, agrees (a zero row of the null space basis)."""
    unknown = np.flatnonzero(hidden)
    column = {int(cell): i for i, cell in enumerate(unknown)}
    matrix = np.zeros((len(equations), len(unknown)))
    for row, equation in enumerate(equations):
        for cell, coefficient in zip(equation.cells, equation.coefficients):
            if cell in column:
                matrix[row, column[cell]] = coefficient
    return [int(unknown[i]) for i in np.flatnonzero(~free_directions(matrix))]


def free_directions(matrix: np.ndarray) -> np.ndarray:
    """For each column, whether some solution of matrix @ x = 0 moves it."""
    if matrix.shape[1] == 0:
        return np.zeros(0, dtype=bool)
    _, singular, rows = np.linalg.svd(matrix)
    rank = int((singular > TOLERANCE * max(matrix.shape)).sum())
    null_space = rows[rank:]
    return np.abs(null_space).max(axis=0) > 1e-7 if len(null_space) else np.zeros(matrix.shape[1], dtype=bool)


def suppress_small_cells(frame: pd.DataFrame, value: str, groups: Sequence[Sequence[str]],
                         threshold: int) -> pd.DataFrame:
    """One table on its own: each group of rows adds up to a published total. Returns a copy with a
    boolean HIDDEN column and the hidden values set to NA."""
    out = frame.reset_index(drop=True)
    equations = [total_of(list(map(int, index))) for columns in groups
                 for index in out.groupby(list(columns), sort=False).indices.values()]
    return with_hidden(out, value, protect(out[value].astype(int).tolist(), equations, threshold))


def with_hidden(frame: pd.DataFrame, value: str, hidden: Sequence[bool]) -> pd.DataFrame:
    out = frame.copy()
    out[HIDDEN] = list(hidden)
    out[value] = out[value].astype("Int64").mask(out[HIDDEN])
    return out
