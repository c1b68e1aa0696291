"""Which hidden cells the published sums pin down, found one independent part of the table at a time.

The exact test is linear algebra: a hidden cell is determined when every solution of the equations,
restricted to the hidden cells, agrees on it (a zero row of the null space basis). One dense SVD over
the whole table grows with the cube of its hidden cells (2,000 desa did not finish in 300 s), so:

- a published sum that is the disjoint union of other published sums (a segment's total for the region is the
  sum of its kecamatan totals) adds no equation, and is left out of the algebra; it would otherwise
  tie every desa of the region into one system;
- hidden cells that share no equation form independent systems, each solved apart (a kecamatan's
  desa, usually), and a system whose hidden cells did not change keeps its answer between rounds.
Both steps leave the row space, and so the answer, exactly as the whole-table SVD gives it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Protocol

import numpy as np

TOLERANCE = 1e-9


class Sum(Protocol):
    @property
    def cells(self) -> tuple[int, ...]: ...
    @property
    def coefficients(self) -> tuple[int, ...]: ...


class LinkedSums:
    """The equations of one table and its hidden cells, which only ever grow (through hide): how many
    hidden cells each sum has, and the independent systems the hidden cells form, kept up to date."""

    def __init__(self, equations: Sequence[Sum], hidden: np.ndarray) -> None:
        self.equations, self.hidden = equations, hidden
        self.by_cell: list[list[int]] = [[] for _ in range(len(hidden))]
        for number, equation in enumerate(equations):
            for cell in equation.cells:
                self.by_cell[cell].append(number)
        implied = implied_sums(equations)
        self.algebra_by_cell = [[n for n in numbers if n not in implied] for numbers in self.by_cell]
        sizes = [len(e.cells) for e in equations]
        owner = np.repeat(np.arange(len(equations)), sizes)
        cells = np.fromiter((c for e in equations for c in e.cells), dtype=np.int64, count=sum(sizes))
        self.hidden_in = np.bincount(owner, weights=hidden[cells], minlength=len(equations)).astype(np.int64)
        self.parent: dict[int, int] = {}  # union-find over hidden cells: those sharing an equation
        self.members: dict[int, list[int]] = {}  # root -> hidden cells of its system
        self.first_of: dict[int, int] = {}  # equation -> a hidden cell in it
        self.answers: dict[int, list[int]] = {}  # root -> determined cells of its system, while unchanged
        for first in np.flatnonzero(hidden):
            self.join(int(first))

    def hide(self, cell: int) -> None:
        self.hidden[cell] = True
        self.hidden_in[self.by_cell[cell]] += 1
        self.join(cell)

    def first_determined(self) -> int | None:
        """The first hidden cell (in cell order) the published sums fix exactly, if any."""
        for root, cells in self.members.items():
            if root not in self.answers:
                self.answers[root] = self.solve(tuple(sorted(cells)))
        return min((found[0] for found in self.answers.values() if found), default=None)

    def join(self, cell: int) -> None:
        self.parent[cell] = cell
        self.members[cell] = [cell]
        for number in self.algebra_by_cell[cell]:
            self.union(cell, self.first_of.setdefault(number, cell))

    def root(self, cell: int) -> int:
        while self.parent[cell] != cell:
            self.parent[cell] = self.parent[self.parent[cell]]
            cell = self.parent[cell]
        return cell

    def union(self, one: int, other: int) -> None:
        big, small = self.root(one), self.root(other)
        if big == small:
            return
        if len(self.members[big]) < len(self.members[small]):
            big, small = small, big
        self.parent[small] = big
        self.members[big] += self.members.pop(small)
        self.answers.pop(small, None)
        self.answers.pop(big, None)

    def solve(self, cells: tuple[int, ...]) -> list[int]:
        column = {cell: i for i, cell in enumerate(cells)}
        rows = sorted({n for cell in cells for n in self.algebra_by_cell[cell]})
        matrix = np.zeros((len(rows), len(cells)))
        for row, number in enumerate(rows):
            equation = self.equations[number]
            for cell, coefficient in zip(equation.cells, equation.coefficients):
                if cell in column:
                    matrix[row, column[cell]] = coefficient
        return [cells[i] for i in np.flatnonzero(~free_directions(matrix))]


def free_directions(matrix: np.ndarray) -> np.ndarray:
    """For each column, whether some solution of matrix @ x = 0 moves it."""
    if matrix.shape[1] == 0:
        return np.zeros(0, dtype=bool)
    if matrix.shape[0] == 0:
        return np.ones(matrix.shape[1], dtype=bool)
    _, singular, rows = np.linalg.svd(matrix)
    rank = int((singular > TOLERANCE * max(matrix.shape)).sum())
    null_space = rows[rank:]
    return np.abs(null_space).max(axis=0) > 1e-7 if len(null_space) else np.zeros(matrix.shape[1], dtype=bool)


def implied_sums(equations: Sequence[Sum]) -> set[int]:
    """Published sums (all coefficients 1) whose cells other, smaller published sums split exactly:
    their equation is the sum of those, so it changes nothing a reader can work out."""
    plain = [n for n, e in enumerate(equations) if all(c == 1 for c in e.coefficients)]
    sets = {n: frozenset(equations[n].cells) for n in plain}
    containing: dict[int, list[int]] = defaultdict(list)
    for number in plain:
        for cell in sets[number]:
            containing[cell].append(number)
    implied = set()
    for number in plain:
        whole = sets[number]
        inside = {n for cell in whole for n in containing[cell] if len(sets[n]) < len(whole)}
        if splits(whole, [sets[n] for n in inside if sets[n] <= whole]):
            implied.add(number)
    return implied


def splits(whole: frozenset[int], parts: list[frozenset[int]]) -> bool:
    """Whether some of `parts`, taken largest first and never overlapping, cover `whole` exactly."""
    covered: set[int] = set()
    for part in sorted(parts, key=len, reverse=True):
        if part.isdisjoint(covered):
            covered |= part
        elif not part <= covered:
            return False  # overlapping sums: keep the equation rather than reason about them
    return covered == whole
