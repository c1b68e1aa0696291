"""Link-preview images (Open Graph, Twitter cards) for every page, drawn at build time without
network: a Vega spec of text marks rendered to PNG by vl-convert, which ships its own fonts, then stored
with a palette of the card's own colours: a sixth of the bytes, and a phone sharing a link fetches it."""

from __future__ import annotations

import hashlib
import io
import json
import textwrap
from pathlib import Path

import vl_convert

from report.cache import remembered
from report.pages.render import Page

CARDS_DIR = "assets/kartu"
WIDTH, HEIGHT = 1200, 630
TITLE_CHARACTERS_PER_LINE = 30
BACKGROUND, TEXT, SOFT_TEXT = "#00695c", "#ffffff", "#d6efec"
# The edges of the letters, drawn smooth, blend the background into a text colour: these many steps each.
BLEND_STEPS = 16


def card_name(page: Page, default_language: str) -> str:
    """Matches the page's URL: bab-1.html -> bab-1.png, en/bab-1.html -> en-bab-1.png."""
    return f"{'' if page.lang == default_language else page.lang + '-'}{page.slug}.png"


def write_cards(pages: list[Page], site_names: dict[str, str], docs_dir: Path, cache_dir: Path,
                default_language: str) -> None:
    out = docs_dir / CARDS_DIR
    out.mkdir(parents=True, exist_ok=True)
    for page in pages:
        spec = card_spec(page, site_names[page.lang])
        (out / card_name(page, default_language)).write_bytes(rendered(spec, cache_dir))


def site_names(config: dict, languages: tuple[str, ...]) -> dict[str, str]:
    """Each language's site name, as mkdocs.yml gives it (extra.languages.<lang> may rename a language's site)."""
    own = (config.get("extra") or {}).get("languages") or {}
    return {lang: str((own.get(lang) or {}).get("site_name") or config.get("site_name", "")) for lang in languages}


TAGLINES = {"id": "Ringkasan publik Naskah Akademik Hasil Kajian Pekerja Rentan",
            "en": "Public summary of the academic study on vulnerable workers"}


def card_spec(page: Page, site_name: str) -> dict:
    """Depends on the page's title and language only, so a data update redraws no card."""
    title = textwrap.wrap(str(page.meta["title"]), TITLE_CHARACTERS_PER_LINE, max_lines=3, placeholder=" …")

    def text(value: str | list[str], y: int, size: int, colour: str = TEXT, bold: bool = False) -> dict:
        return {"type": "text", "encode": {"enter": {
            "x": {"value": 60}, "y": {"value": y}, "text": {"value": value}, "fill": {"value": colour},
            "fontSize": {"value": size}, "fontWeight": {"value": "bold" if bold else "normal"},
            "lineHeight": {"value": round(size * 1.2)}, "font": {"value": "sans-serif"}}}}

    return {"width": WIDTH, "height": HEIGHT, "padding": 0, "background": BACKGROUND, "marks": [
        text(site_name, 90, 34, SOFT_TEXT),
        text(title, 210, 64, bold=True),
        text(TAGLINES.get(page.lang, TAGLINES["en"]), 540, 30, SOFT_TEXT),
    ]}


def rendered(spec: dict, cache_dir: Path) -> bytes:
    version = getattr(vl_convert, "__version__", "")
    key = hashlib.sha256(json.dumps([spec, version], sort_keys=True).encode()).hexdigest()
    return remembered(cache_dir / f"{key}.png", lambda: with_card_palette(vl_convert.vega_to_png(spec)))


def with_card_palette(png: bytes) -> bytes:
    """The card has a background and two text colours only: as a palette of their blends the PNG is
    ~18 KB instead of ~130 KB, with no difference to see (each pixel within about half a step)."""
    from PIL import Image, ImageColor  # imported only when a card is drawn

    background = ImageColor.getrgb(BACKGROUND)
    colours = [tuple(round(b + (t - b) * step / (BLEND_STEPS - 1)) for b, t in zip(background, ImageColor.getrgb(text)))
               for text in (TEXT, SOFT_TEXT) for step in range(BLEND_STEPS)]
    palette = Image.new("P", (1, 1))
    palette.putpalette([channel for colour in colours for channel in colour])
    card = Image.open(io.BytesIO(png)).convert("RGB").quantize(palette=palette, dither=Image.Dither.NONE)
    out = io.BytesIO()
    card.save(out, "PNG")
    return out.getvalue()
