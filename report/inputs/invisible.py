"""Characters that cannot be seen but change what readers see: direction overrides that show a name backwards
(U+202E), zero-width spaces that make two equal-looking codes differ, control characters. Copied from a web page
or a chat they pass every other check, so they are refused by name wherever staff type text."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from report.errors import Problem

if TYPE_CHECKING:  # chapters and settings use this module too: none of them needs pandas loaded for it
    import pandas as pd

# Bidirectional controls, zero-width characters, word joiners and invisible operators, a byte order mark inside a
# value, and control characters other than tab and line breaks (refused elsewhere where they matter).
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def invisible_problem(value: str, shown: str, line: int | None = None, column: str | None = None) -> Problem | None:
    """A problem naming the first invisible character of `value` and where it is, or None."""
    found = INVISIBLE.search(value)
    if found is None:
        return None
    code, name = f"U+{ord(found[0]):04X}", unicodedata.name(found[0], "")
    name_id, name_en = (f" ({name})", f" ({name})") if name else (" (karakter kendali)", " (a control character)")
    return Problem(shown, f"teks memuat karakter tak terlihat {code}{name_id} pada huruf ke-{found.start() + 1}; "
                   "karakter seperti ini membalik arah atau menyembunyikan teks. Hapus karakter itu (ketik ulang "
                   "nilainya).", f"the text holds an invisible character {code}{name_en} at character "
                   f"{found.start() + 1}; such characters reverse or hide text. Delete it (type the value again).",
                   line=line, column=column)


def check_invisible(frame: pd.DataFrame, problems: list[Problem]) -> None:
    """Every cell of a data file read as text (data.py keeps each as typed)."""
    shown, lines = frame.attrs["file"], frame.attrs["lines"]
    for column in frame.columns:
        for line, value in zip(lines, frame[column]):
            if isinstance(value, str) and (problem := invisible_problem(value, shown, line, column)):
                problems.append(problem)
