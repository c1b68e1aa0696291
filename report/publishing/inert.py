"""Text a spreadsheet would run as a formula, made inert in every CSV the site publishes."""

from __future__ import annotations

import pandas as pd

# What makes a spreadsheet read a cell as a formula (OWASP, CSV injection). Validation refuses such text
# already; the downloads neutralise it anyway, so no path into data/ can publish a live formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert_csv(frame: pd.DataFrame) -> pd.DataFrame:
    """OWASP's rule: text starting with a formula character gets a leading apostrophe, which spreadsheets
    show as text. Numbers (a negative one too) are numbers, not text, and are left alone."""
    def inert(value: object) -> object:
        return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_START) else value
    return frame.apply(lambda column: column if pd.api.types.is_numeric_dtype(column) else column.map(inert))
