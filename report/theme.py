"""The one chart theme: colours, fonts and sizes shared by every chart on the site."""

from __future__ import annotations

import altair as alt

THEME_NAME = "laporan"
# Teal for official figures, a darker grey-blue for the rest; both pass WCAG AA (>= 4.5:1)
# against white for text and >= 3:1 for marks, and stay visible on Material's dark slate.
OFFICIAL_COLOUR = "#00695c"
OTHER_COLOUR = "#5c6b7a"
ILLUSTRATIVE_COLOUR = "#8a5a00"
TEXT_COLOUR = "#1f2933"
# Four district colours, distinguishable with common colour-vision deficiencies (Okabe-Ito, darkened
# for contrast); the district name is also in every row of the chart's table.
CATEGORY_COLOURS = ["#0072b2", "#b35900", "#007a5e", "#a3487a"]
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


@alt.theme.register(THEME_NAME, enable=True)
def report_theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "background": "transparent",
            # Browsers measure system-ui wider than the renderer does: room so labels are never cut.
            "padding": {"left": 24, "right": 56, "top": 8, "bottom": 8},
            "font": FONT,
            "view": {"stroke": None},
            # Large enough to stay legible when a phone scales the chart to its screen width.
            "axis": {"labelColor": TEXT_COLOUR, "titleColor": TEXT_COLOUR, "labelFontSize": 13,
                     "titleFontSize": 13, "gridColor": "#d5dbe1", "domainColor": "#8a96a3",
                     "tickColor": "#8a96a3"},
            "legend": {"labelColor": TEXT_COLOUR, "titleColor": TEXT_COLOUR, "labelFontSize": 12,
                       "titleFontSize": 12, "orient": "bottom"},
            "title": {"color": TEXT_COLOUR, "fontSize": 14, "anchor": "start"},
            "text": {"color": TEXT_COLOUR, "fontSize": 12},
            "bar": {"color": OFFICIAL_COLOUR},
            "line": {"color": OFFICIAL_COLOUR, "strokeWidth": 2},
            "point": {"color": OFFICIAL_COLOUR, "size": 70, "filled": True},
        }
    }
