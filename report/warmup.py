"""Start the chart engine early, in the background.

vl-convert spends about 0.3 s starting its JavaScript engine on first use. It releases the GIL
while it does, so starting it before the heavy imports (pandas, Altair, MkDocs) hides that cost.
This module imports nothing heavy on purpose.
"""

from __future__ import annotations

import threading

TINY_SPEC = {"data": {"values": [{"x": 1}]}, "mark": "point",
             "encoding": {"x": {"field": "x", "type": "quantitative"}}}


def start_chart_engine() -> threading.Thread:
    def warm() -> None:
        try:
            import vl_convert

            vl_convert.vegalite_to_svg(TINY_SPEC)
        except Exception:  # noqa: BLE001 - a failed warm-up only loses time; the real call reports errors
            pass

    thread = threading.Thread(target=warm, name="chart-engine-warmup", daemon=True)
    thread.start()
    return thread
