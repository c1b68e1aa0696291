"""Unit checks, no browser: each mark's label that the tooltip shows, the two drawings per chart, which
table columns are amounts, and file sizes as readers read them."""

from __future__ import annotations

import re

import altair as alt
import pandas as pd
import pytest

from report.charts import theme
from report.charts.charts import ChartSpec, draw
from report.i18n import Formatter
from report.pages.blocks import is_numeric


def bars(figures: object, fmt: Formatter) -> ChartSpec:
    frame = pd.DataFrame({"nama": ["Nelayan", "Petani"], "label": ["1.579", "[c]"], "nilai": [1579, 0]})
    chart = alt.Chart(frame).mark_bar().encode(
        x="nilai:Q", y="nama:N",
        tooltip=[alt.Tooltip("nama:N", title=" "), alt.Tooltip("label:N", title="Peserta")],
    ).properties(width=theme.width())
    return ChartSpec(chart, "Judul", "Keterangan.", frame, frame, ())


def labels(svg: str) -> list[str]:
    return re.findall(r'aria-roledescription="bar"[^>]*aria-label="([^"]*)"|aria-label="([^"]*)"[^>]*'
                      r'aria-roledescription="bar"', svg)


def test_each_mark_is_named_by_its_tooltip_text_at_both_widths() -> None:
    drawn = draw("uji", bars, None, "id")  # type: ignore[arg-type]
    for svg in (drawn.svg, drawn.svg_wide):
        found = sorted(a or b for a, b in labels(svg))
        assert found == ["Nelayan; Peserta: 1.579", "Petani; Peserta: [c]"]
    narrow, wide = (float(re.search(r'<svg[^>]* width="([\d.]+)"', s)[1]) for s in (drawn.svg, drawn.svg_wide))
    assert wide - narrow == theme.WIDE - theme.WIDTH, "a phone's drawing and a desktop's"


def test_the_drawing_width_is_back_to_the_phone_width_after_drawing() -> None:
    with theme.drawing_width(theme.WIDE):
        assert theme.width() == theme.WIDE
    assert theme.width() == theme.WIDTH


@pytest.mark.parametrize("values, expected", [
    (["10.714", "[c]"], True), (["Rp1.068.883.200"], True), (["IDR 1.1 billion"], True), (["5.415 (50,5%)"], True),
    (["51.71.01"], False), (["Denpasar Barat"], False), (["[c]"], False), (["5 Februari 2025"], False),
])
def test_amount_columns_are_recognised(values: list[str], expected: bool) -> None:
    assert is_numeric(pd.Series(values)) is expected


def test_file_sizes_read_naturally_in_each_language() -> None:
    assert [Formatter("id").size(n) for n in (812, 1015, 2458, 150_000, 1_363_148)] == \
        ["812 B", "1,0 KB", "2,4 KB", "146 KB", "1,3 MB"]
    assert Formatter("en").size(2458) == "2.4 KB"
