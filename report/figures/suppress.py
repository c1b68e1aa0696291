"""Small-cell suppression for counts published below the region's own level, as one linked table.

A count from 1 to the threshold at desa/kelurahan level could identify people, so it is published
as [c] (primary suppression). The counts per desa and segment, per desa and per kecamatan appear in
different views (charts, tables, downloads) but add up to one another and to the region's published
segment totals, so every such sum is an equation a reader can solve. Two rules protect a hidden cell:

1. A sum with exactly one hidden cell gives it away by subtraction, so the smallest other cell of
   that sum is hidden too (secondary suppression), until every sum hides none or at least two.
2. Sums can also be combined. An exact check over all equations (linear algebra on the hidden cells,
   one independent part of the table at a time: determined.py) finds any hidden cell they still pin
   down; a cell beside it is hidden, and both rules run again until no hidden cell is determined.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from report.figures.determined import LinkedSums

SUPPRESSED = "[c]"
HIDDEN = "disembunyikan"
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
    sums = LinkedSums(equations, hidden)
    partners = Partners(counts, equations, hidden)
    # Many small systems: BLAS threads only add start-up cost to each, and the machine is shared.
    with threadpool_limits(limits=1):
        while True:
            hide_lone_cells(sums, partners)
            determined = sums.first_determined()
            if determined is None:
                return hidden.tolist()
            partner = partners.smallest_visible(sums.by_cell[determined])
            if partner is None:
                partner = partners.smallest_visible(range(len(equations)))
            if partner is None:
                return hidden.tolist()  # every cell is hidden: nothing is left to tell it apart
            sums.hide(partner)


def hide_lone_cells(sums: LinkedSums, partners: Partners) -> None:
    """Rule 1, in passes over the sums in their order, each sum seeing the cells the ones before it hid."""
    changed = True
    while changed:
        changed = False
        start = 0
        while len(lone := np.flatnonzero(sums.hidden_in[start:] == 1)):
            number = start + int(lone[0])
            partner = partners.smallest_visible([number])
            if partner is not None:
                sums.hide(partner)
                changed = True
            start = number + 1


class Partners:
    """The smallest visible count of some sums, a zero only when no other is left: with the total
    published, one hidden cell beside visible zeros would still be worked out by subtraction.
    Each sum's cells are ordered once; hidden cells only grow, so each sum's search only moves on."""

    def __init__(self, counts: np.ndarray, equations: Sequence[Equation], hidden: np.ndarray) -> None:
        self.counts, self.equations, self.hidden = counts, equations, hidden
        self.order: dict[int, np.ndarray] = {}
        self.next: dict[int, int] = {}

    def smallest_visible(self, numbers: Iterable[int]) -> int | None:
        found = [cell for cell in map(self.first_visible, numbers) if cell is not None]
        return min(found, key=self.rank) if found else None

    def rank(self, cell: int) -> tuple[bool, int, int]:
        return bool(self.counts[cell] == 0), int(self.counts[cell]), cell

    def first_visible(self, number: int) -> int | None:
        if number not in self.order:
            cells = np.unique(np.asarray(self.equations[number].cells, dtype=np.int64))
            self.order[number] = cells[np.lexsort((cells, self.counts[cells], self.counts[cells] == 0))]
            self.next[number] = 0
        order, at = self.order[number], self.next[number]
        while at < len(order) and self.hidden[order[at]]:
            at += 1
        self.next[number] = at
        return int(order[at]) if at < len(order) else None


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
