"""Which places a by-place chart draws: every place while there are few, the largest published ones beyond.

A bar per desa is readable for a kota's forty-odd desa/kelurahan; for a province's thousands it is neither
readable nor drawable (the renderer runs out of stack). Beyond ALL_PLACES_UP_TO places a chart draws the
LARGEST places with the most participants and says so in its title; its table and download keep every place.

Ranking uses published counts only: a place whose count is hidden ([c]) is never ranked, so whether it is
drawn can never tell a reader anything about the hidden count (its value is not even read here).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from report.figures.suppress import HIDDEN

ALL_PLACES_UP_TO = 50  # every place drawn: a kabupaten or kota with a few dozen desa draws as it always has
LARGEST = 15  # beyond that, this many: a list a reader can take in at a glance


@dataclass(frozen=True)
class Selection:
    frame: pd.DataFrame  # the places to draw, in drawing order
    total: int  # how many places there are in all
    ranked: bool = True  # by published count; False when no count is published and the first ones are drawn

    @property
    def partial(self) -> bool:
        return len(self.frame) < self.total


def places_to_draw(frame: pd.DataFrame, value: str = "peserta") -> Selection:
    """All of `frame` while it is short; else its LARGEST published rows by `value`, largest first, ties in the
    frame's own order. With no published count at all, the first LARGEST rows as listed: an order that does
    not depend on any count."""
    if len(frame) <= ALL_PLACES_UP_TO:
        return Selection(frame, len(frame))
    published = frame[~frame[HIDDEN].astype(bool) & frame[value].notna()]
    if published.empty:
        return Selection(frame.head(LARGEST), len(frame), ranked=False)
    order = published[value].astype("int64").sort_values(ascending=False, kind="stable").index
    return Selection(published.loc[order].head(LARGEST), len(frame))
