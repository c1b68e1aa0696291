"""The whole study as one PDF per language, built with the site: cover, table of contents with page
numbers, every chapter in site order, charts as vector SVG, each figure's provenance as a footnote.

WeasyPrint lays out HTML and CSS for print; the PDF is cached under a hash of its HTML, so it is
only laid out again when a chapter, a figure or the style changed.
"""

from __future__ import annotations

import hashlib
import html
import re
from pathlib import Path

import markdown
import yaml

from .render import Page

PDF_DIR = "assets/unduh"
PDF_STYLE = "pdf.css"  # in templates/
COVER = {
    "id": ("Ringkasan publik Naskah Akademik Hasil Kajian Pekerja Rentan Kota Denpasar",
           "Teks resmi naskah akademik belum dipublikasikan; dokumen ini merangkum catatan publik dan akan "
           "digantikan oleh teks resmi lengkap setelah diterbitkan.", "Daftar isi", "Data per"),
    "en": ("Public summary of the academic study on vulnerable workers in Denpasar",
           "The official text of the study is not public yet; this document summarises the public record and "
           "will be replaced by the full official text when it is published.", "Contents", "Data as of"),
}


def pdf_name(lang: str) -> str:
    return f"kajian-pekerja-rentan-{lang}.pdf"


def write_pdfs(pages: list[Page], slugs: list[str], site_names: dict[str, str], as_of: dict[str, str],
               config_file: Path, templates_dir: Path, docs_dir: Path, cache_dir: Path) -> None:
    extensions = markdown_extensions(config_file)
    style = (templates_dir / PDF_STYLE).read_text(encoding="utf-8")
    by_key = {(p.slug, p.lang): p for p in pages}
    for lang in site_names:
        chapters = [by_key[(slug, lang)] for slug in slugs if (slug, lang) in by_key]
        document = compose(chapters, lang, site_names[lang], as_of[lang], extensions, style)
        out = docs_dir / PDF_DIR / pdf_name(lang)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(rendered(document, cache_dir))


def markdown_extensions(config_file: Path) -> tuple[list[str], dict]:
    """The same Markdown extensions MkDocs uses, read from mkdocs.yml."""
    config = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
    names, options = [], {}
    for entry in config.get("markdown_extensions", []):
        name, settings = (next(iter(entry.items())) if isinstance(entry, dict) else (entry, None))
        names.append(name)
        if settings:
            options[name] = settings
    return names, options


def compose(chapters: list[Page], lang: str, site_name: str, as_of: str, extensions: tuple[list[str], dict],
            style: str) -> str:
    subtitle, disclaimer, contents, as_of_label = COVER[lang]
    sections, toc = [], []
    for chapter in chapters:
        body = markdown.markdown(chapter.markdown, extensions=extensions[0], extension_configs=extensions[1])
        anchor = f"bab-{chapter.slug}"
        toc.append(f'<li><a href="#{anchor}">{html.escape(str(chapter.meta["title"]))}</a></li>')
        sections.append(f'<section class="chapter" id="{anchor}">{for_print(body)}</section>')
    return f"""<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(site_name)}</title>
<style>{style}</style></head><body>
<section class="cover"><p class="cover__site">{html.escape(site_name)}</p><h1 class="cover__title">{subtitle}</h1>
<p class="cover__as-of">{as_of_label} {as_of}</p><p class="cover__note">{disclaimer}</p></section>
<nav class="toc"><h2>{contents}</h2><ol>{"".join(toc)}</ol></nav>
{"".join(sections)}</body></html>"""


FIGURE = re.compile(r'<span class="(fig[^"]*)" tabindex="0"\s+data-provenance="([^"]*)"\s+title="[^"]*">(.*?)</span>',
                    flags=re.S)
CHAPTER_LINK = re.compile(r'href="([a-z0-9-]+)\.md(#[^"]*)?"')


def for_print(body: str) -> str:
    """Figures carry their provenance as a footnote; links between chapters point inside the PDF."""
    body = FIGURE.sub(r'<span class="\1">\3<span class="provenance">\2</span></span>', body)
    return CHAPTER_LINK.sub(r'href="#bab-\1"', body)


def rendered(document: str, cache_dir: Path) -> bytes:
    key = hashlib.sha256(document.encode("utf-8")).hexdigest()
    cached = cache_dir / f"{key}.pdf"
    if cached.is_file():
        return cached.read_bytes()
    from weasyprint import HTML  # imported only when a PDF is laid out: slow to import

    pdf = HTML(string=document).write_pdf()
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = cached.with_suffix(".part")
    partial.write_bytes(pdf)
    partial.replace(cached)
    return pdf
