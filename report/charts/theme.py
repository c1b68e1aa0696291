"""The one chart theme: colours, fonts, sizes and axis formats shared by every chart on the site."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import altair as alt

THEME_NAME = "laporan"
# Mark colours for the light scheme, each >= 3:1 against white (WCAG 1.4.11). Official figures are a dark
# teal and the other segments a clearly lighter grey-blue, so the two differ in lightness and not only in
# hue (luminance ratio 1.9, readable under colour-vision deficiencies).
OFFICIAL_COLOUR = "#00695c"
OTHER_COLOUR = "#7d8a97"
ILLUSTRATIVE_COLOUR = "#8a5a00"
TEXT_COLOUR = "#1f2933"
# The SVG is drawn once, in light colours; report.css repaints each mark colour in Material's dark
# (slate) scheme, keyed on the fill/stroke attribute. Each is >= 3:1 against slate's #1e2129, and the
# other segments stay the less prominent, closer-to-the-background one.
DARK_COLOURS = {OFFICIAL_COLOUR: "#4db6ac", OTHER_COLOUR: "#6b7785", ILLUSTRATIVE_COLOUR: "#d9a441"}
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
# Each chart is drawn twice and report.css shows the one that fits: about as wide as a phone's text column
# (358 px at 390 px), and as wide as a desktop's (688 px), so neither is scaled much and 13 px text stays
# >= 11 px on screen. Category names sit above their bars, not beside them. The widths are the plot's.
WIDTH = 320
WIDE = 650
DRAWN_WIDTHS = (WIDTH, WIDE)
# The width being drawn: builders ask for it (width()) rather than take it as an argument, so the
# catalogue's builders keep one signature; charts.draw sets it around each drawing.
_drawing_width: ContextVar[int] = ContextVar("drawing_width", default=WIDTH)


def width() -> int:
    """The plot width of the drawing in progress."""
    return _drawing_width.get()


@contextmanager
def drawing_width(plot_width: int) -> Iterator[None]:
    token = _drawing_width.set(plot_width)
    try:
        yield
    finally:
        _drawing_width.reset(token)


FONT_SIZE = 13
NUMBER_FORMAT = ",d"  # d3 format; grouping follows the page's locale (5.302 / 5,302)
# Month axes: the month in the page's locale, and the year on a second line under each January and under
# the first month unless a January follows it (Des, Jan / 2025, Feb ...): two years side by side collided
# on a phone-wide chart. Labels are centred on their month (labelFlush off), never pushed into each other,
# and sit a little lower (labelPadding) than the y axis' 0 beside the first one.
MONTH_LABEL = ("[timeFormat(datum.value, '%b'), "
               "month(datum.value) == 0 || (datum.index == 0 && month(datum.value) != 11) "
               "? timeFormat(datum.value, '%Y') : '']")


def vega_lite(chart: alt.TopLevelMixin) -> dict:
    """The chart's Vega-Lite spec in this theme. The theme is switched on for this call only, so
    importing the engine changes nothing in Altair for anyone else in the process."""
    # Altair's 5,000-row guard is for notebooks; a province's villages are drawn at build time, never sent
    # to a browser as data, so the limit is lifted for this call only.
    with alt.theme.enable(THEME_NAME), alt.data_transformers.disable_max_rows():
        return chart.to_dict(validate=False)  # our own specs: validating them cost more than drawing


@alt.theme.register(THEME_NAME, enable=False)
def report_theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "background": "transparent",
            # Browsers measure system-ui wider than the renderer does: a little room so no text is cut.
            "padding": {"left": 4, "right": 16, "top": 4, "bottom": 4},
            "font": FONT,
            "view": {"stroke": None},
            "axis": {"labelColor": TEXT_COLOUR, "titleColor": TEXT_COLOUR, "labelFontSize": FONT_SIZE,
                     "titleFontSize": FONT_SIZE, "gridColor": "#d5dbe1", "domainColor": "#8a96a3",
                     "tickColor": "#8a96a3"},
            "axisQuantitative": {"format": NUMBER_FORMAT},
            # Names left of their bars (villages) keep a gap from the bar, not flush against it.
            "axisBand": {"labelPadding": 6},
            # Periods along a discrete x axis ("Mei 2025") in two short lines, so seven fit a phone's width.
            "axisXDiscrete": {"labelExpr": "split(datum.label, ' ')", "labelLineHeight": 15, "labelAngle": 0},
            "axisTemporal": {"labelExpr": MONTH_LABEL, "labelAngle": 0, "labelFlush": False, "labelPadding": 6},
            "legend": {"labelColor": TEXT_COLOUR, "titleColor": TEXT_COLOUR, "labelFontSize": FONT_SIZE,
                       "titleFontSize": FONT_SIZE, "orient": "bottom", "direction": "vertical"},
            "header": {"labelColor": TEXT_COLOUR, "labelFontSize": FONT_SIZE + 1, "labelFontWeight": "bold",
                       "labelAngle": 0, "labelAlign": "left", "labelAnchor": "start", "labelOrient": "top"},
            "title": {"color": TEXT_COLOUR, "fontSize": FONT_SIZE + 1, "anchor": "start"},
            "text": {"color": TEXT_COLOUR, "fontSize": FONT_SIZE},
            "bar": {"color": OFFICIAL_COLOUR},
            "line": {"color": OFFICIAL_COLOUR, "strokeWidth": 2},
            "point": {"color": OFFICIAL_COLOUR, "size": 70, "filled": True},
        }
    }
