"""Link-preview cards (report/publishing/social.py): drawn by vl-convert, stored with the card's own palette."""

from __future__ import annotations

import io

import vl_convert
from PIL import Image, ImageChops

from report.pages.render import Page
from report.publishing.social import card_spec, with_card_palette


def test_the_stored_card_looks_the_same_in_a_sixth_of_the_bytes() -> None:
    page = Page("bab-2", "id", {"title": "Bab II Kajian Teoretis dan Praktik Empiris Jaminan Sosial"}, "")
    drawn = vl_convert.vega_to_png(card_spec(page, "Kajian Pekerja Rentan"))

    stored = with_card_palette(drawn)

    card = Image.open(io.BytesIO(stored))
    assert card.mode == "P" and card.size == (1200, 630)
    assert len(stored) * 6 < len(drawn), (len(stored), len(drawn))
    # Every pixel within about half a blend step (~8 of 255 per channel) of what vl-convert drew: no visible
    # change, and the letters are all there (a lost title would differ by the whole text colour, 200 and more).
    difference = ImageChops.difference(card.convert("RGB"), Image.open(io.BytesIO(drawn)).convert("RGB"))
    assert max(high for _, high in difference.getextrema()) <= 12
