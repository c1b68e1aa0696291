"""Small-cell suppression for counts published below city level.

A count from 1 to the threshold at desa/kelurahan level could identify people, so it is published
as [c]. One hidden cell in a group whose total is published could be worked out by subtraction,
so the smallest other cell of that group is hidden too (secondary suppression), until every group
hides none or at least two cells.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

SUPPRESSED = "[c]"
HIDDEN = "disembunyikan"


def suppress_small_cells(frame: pd.DataFrame, value: str, groups: Sequence[Sequence[str]],
                         threshold: int) -> pd.DataFrame:
    """Return a copy with a boolean HIDDEN column and the hidden values set to NA."""
    out = frame.copy()
    counts = out[value].astype("Int64")
    hidden = (counts >= 1) & (counts <= threshold)
    changed = bool(hidden.any())
    while changed:
        changed = False
        for columns in groups:
            for index in out.groupby(list(columns), sort=False).indices.values():
                index = out.index[index]
                if int(hidden[index].sum()) != 1:
                    continue
                # The smallest other count, a zero too: with the total published, one hidden cell beside
                # visible zeros would still be worked out by subtraction.
                candidates = counts[index][~hidden[index]]
                if not candidates.empty:
                    positive = candidates[candidates > 0]
                    hidden[(positive if not positive.empty else candidates).idxmin()] = True
                    changed = True
    out[HIDDEN] = hidden.astype(bool)
    out[value] = counts.mask(hidden)
    return out
