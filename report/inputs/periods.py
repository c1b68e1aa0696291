"""Periods as the sources give them: a year (`2024`) or a month (`2025-05`), never one passed off as the other.

A yearly figure is not a December figure: it is shown as "2024" and ordered after every month of its year,
because it is only known once the year is over. Nothing is interpolated between periods.
"""

from __future__ import annotations

YEAR_LENGTH, MONTH_LENGTH = 4, 7
AFTER_DECEMBER = 13


def is_year(periode: str) -> bool:
    return len(periode) == YEAR_LENGTH


def period_key(periode: str) -> tuple[int, int]:
    """Sort key: months in calendar order, a year after its own December. An empty period sorts first."""
    if not periode:
        return (0, 0)
    if is_year(periode):
        return (int(periode), AFTER_DECEMBER)
    return (int(periode[:4]), int(periode[5:7]))


def newest(periods: object) -> str:
    """The newest of some periods (an iterable of YYYY or YYYY-MM), or "" when there are none."""
    found = [str(p) for p in periods if p]  # type: ignore[attr-defined]
    return max(found, key=period_key) if found else ""


def name_part(periode: str) -> str:
    """'2025-05' -> '2025_05', '2024' -> '2024': the period as it appears in a figure's name."""
    return periode.replace("-", "_")
