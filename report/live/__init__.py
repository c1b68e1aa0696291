"""Live data: declared sources, download, fetch, the plausibility gate, releases and their journal."""
