"""The whole study as one PDF per language, built with the site: cover, table of contents with page
numbers, every chapter in site order, charts as vector SVG, each figure's provenance as a footnote.

The PDF is tagged (PDF/UA-1): headings, paragraphs, lists and tables carry their structure and the
document its language and title, so screen readers read it as they read the site. Tags cannot be joined
across separately made PDFs, so WeasyPrint lays out each language's study in one pass: the contents'
page numbers (CSS target-counter), the page numbers and a bookmark per chapter come from that layout.
The PDF is cached under a hash of its chapters and settings: a build whose chapters did not change reuses it.
Layout is the slowest part of a build, so it runs in child processes beside the other stages
(pdf_layout.py starts and collects them, pdf_child.py is one of them); this module makes the HTML.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from urllib.parse import urljoin

import markdown

from report.chapters.pictures import PICTURE_DIR
from report.chapters.translation import NOTICE_META
from report.pages.render import Page

PDF_DIR = "assets/unduh"
PDF_STYLE = "pdf.css"  # in templates/
COVER = {
    "id": ("Ringkasan publik Naskah Akademik",
           "Teks resmi naskah akademik belum dipublikasikan; dokumen ini merangkum catatan publik dan akan "
           "digantikan oleh teks resmi lengkap setelah diterbitkan.", "Daftar isi", "Data per"),
    "en": ("Public summary of the academic study",
           "The official text of the study is not public yet; this document summarises the public record and "
           "will be replaced by the full official text when it is published.", "Contents", "Data as of"),
}


def pdf_name(lang: str) -> str:
    return f"kajian-pekerja-rentan-{lang}.pdf"


@dataclass(frozen=True)
class PdfDocument:
    """One language's study: the hash its PDF is cached under, and how to make the HTML WeasyPrint lays
    out (only when the cache does not hold the PDF)."""

    lang: str
    key: str
    html: Callable[[], str]

    @property
    def name(self) -> str:
        return pdf_name(self.lang)


def pdf_documents(pages: list[Page], slugs: list[str], site_names: dict[str, str], as_of: dict[str, str],
                  mkdocs_yml: dict, templates_dir: Path, docs_dir: Path, site_url: str) -> list[PdfDocument]:
    """Each language's document; no layout here. Needs the docs tree's pictures (the PDF embeds them).
    `site_url`: links to downloads and other pages point there, so they work in a PDF saved anywhere."""
    extensions = markdown_extensions(mkdocs_yml)
    style = (templates_dir / PDF_STYLE).read_text(encoding="utf-8")
    by_key = {(p.slug, p.lang): p for p in pages}
    documents = []
    for lang, site_name in site_names.items():
        chapters = [by_key[(slug, lang)] for slug in slugs if (slug, lang) in by_key]
        made = (lang, site_name, as_of[lang], chapters, extensions, style,
                public_folder(site_url, lang, default=next(iter(site_names))), docs_dir)  # the first is the default
        documents.append(PdfDocument(lang, input_key(*made), partial(study_html, *made)))
    return documents


def public_folder(site_url: str, lang: str, default: str) -> str:
    """Where a chapter's docs file sits, as a public address: relative links are resolved against it."""
    return site_url if lang == default else f"{site_url}{lang}/"


def study_html(lang: str, site_name: str, as_of: str, chapters: list[Page], extensions: tuple[list[str], dict],
               style: str, base_url: str, docs_dir: Path) -> str:
    titles = [str(c.meta["title"]) for c in chapters]
    body = front_html(lang, site_name, as_of, titles) + "".join(
        embedded_pictures(chapter_html(c, extensions, base_url, number), docs_dir)
        for number, c in enumerate(chapters, 1))
    return document(lang, f"{site_name}: {COVER[lang][0]}", body, style)


def input_key(lang: str, site_name: str, as_of: str, chapters: list[Page], extensions: tuple[list[str], dict],
              style: str, base_url: str, docs_dir: Path) -> str:
    """A hash of everything the document is made from (the code's version names the cache folder), so a
    build whose chapters did not change converts no Markdown to find out. Every picture by its bytes,
    however a chapter refers to it: a picture replaced under the same name is a new document."""
    digest = hashlib.sha256(repr((lang, site_name, as_of, extensions, style, base_url)).encode())
    for chapter in chapters:
        digest.update(repr((str(chapter.meta["title"]), chapter.meta.get(NOTICE_META), chapter.markdown)).encode())
    pictures = docs_dir / "assets" / PICTURE_DIR
    for path in sorted(pictures.rglob("*")) if pictures.is_dir() else ():
        if path.is_file():
            digest.update(str(path.relative_to(pictures)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def markdown_extensions(config: dict) -> tuple[list[str], dict]:
    """The same Markdown extensions MkDocs uses, as mkdocs.yml gives them."""
    names, options = [], {}
    for entry in config.get("markdown_extensions", []):
        name, settings = (next(iter(entry.items())) if isinstance(entry, dict) else (entry, None))
        names.append(name)
        if settings:
            options[name] = settings
    return names, options


FIGURE = re.compile(r'<span class="(fig[^"]*)" tabindex="0"\s+data-provenance="([^"]*)"\s+title="[^"]*">(.*?)</span>',
                    flags=re.S)
# A chart's data table: print hides it (pdf.css), yet WeasyPrint still parses and styles every row of it, which at
# 7,000 desa cost ~4 CPU s per document for nothing on paper. The PDF's HTML leaves it out.
CHART_DATA = re.compile(r'<details class="chart__data">.*?</details>', flags=re.S)
# The page is as wide as a desktop column, so print shows the wide drawing; the narrow one, parsed for nothing,
# was a fifth of the document's bytes.
NARROW_DRAWING = re.compile(r'<div class="chart__drawing chart__drawing--narrow"><svg.*?</svg></div>', flags=re.S)
CHAPTER_LINK = re.compile(r'<a href="[a-z0-9-]+\.md(?:#[^"]*)?"[^>]*>(.*?)</a>', flags=re.S)
RELATIVE_LINK = re.compile(r'href="(?![a-z]+:|#)([^"]+)"')


def chapter_html(chapter: Page, extensions: tuple[list[str], dict], base_url: str, number: int) -> str:
    """Figures carry their provenance as a footnote; links to other chapters become plain text (the
    contents and the bookmarks lead there on paper and on screen); links to downloads become public
    addresses, because a saved PDF has no site beside it."""
    body = markdown.markdown(NARROW_DRAWING.sub("", CHART_DATA.sub("", chapter.markdown)), extensions=extensions[0],
                             extension_configs=extensions[1])
    body = FIGURE.sub(r'<span class="\1">\3<span class="provenance">\2</span></span>', body)
    body = CHAPTER_LINK.sub(r"\1", body)
    body = RELATIVE_LINK.sub(lambda link: f'href="{html.escape(urljoin(base_url, html.unescape(link[1])))}"', body)
    title = html.escape(str(chapter.meta["title"]), quote=True)
    notice = translation_notice(chapter, base_url)
    return f'<section class="chapter" id="{CHAPTER_ID}{number}" data-title="{title}">{notice}{body}</section>'


def translation_notice(chapter: Page, base_url: str) -> str:
    """An untranslated or outdated translation says so on paper as on the site, with the original's address."""
    notice = chapter.meta.get(NOTICE_META)
    if not notice:
        return ""
    link = html.escape(urljoin(base_url, str(notice["link"])), quote=True)
    lang = html.escape(str(notice["lang"]), quote=True)  # a screen reader reads the original's title in its language
    return (f'<div class="admonition translation-notice"><p>{html.escape(str(notice["text"]))} '
            f'<a href="{link}" lang="{lang}">{html.escape(str(notice["title"]))}</a></p></div>')


PICTURE_SOURCE = re.compile(rf'src="(?:\.\./)*(assets/{PICTURE_DIR}/[^"]+)"')


def embedded_pictures(body: str, docs_dir: Path) -> str:
    """Pictures travel inside the document: a PDF has no site beside it."""
    pictures = (docs_dir / "assets" / PICTURE_DIR).resolve()

    def inline(found: re.Match[str]) -> str:
        path = (docs_dir / html.unescape(found[1])).resolve()
        if not path.is_relative_to(pictures) or not path.is_file():
            return found[0]  # "../" out of the pictures' folder: no file of the computer goes into the PDF
        kind = "png" if path.suffix.lower() == ".png" else "jpeg"
        return f'src="data:image/{kind};base64,{base64.b64encode(path.read_bytes()).decode()}"'
    return PICTURE_SOURCE.sub(inline, body)


CHAPTER_ID = "bab-"


def front_html(lang: str, site_name: str, as_of: str, titles: list[str]) -> str:
    subtitle, disclaimer, contents, as_of_label = COVER[lang]
    # Each entry's page number is the page its chapter starts on, filled in by the layout (pdf.css).
    entries = "".join(f'<li><a href="#{CHAPTER_ID}{n}"><span class="toc__title">{html.escape(t)}</span></a></li>'
                      for n, t in enumerate(titles, 1))
    return (f'<section class="cover"><p class="cover__site">{html.escape(site_name)}</p>'
            f'<h1 class="cover__title">{subtitle}</h1><p class="cover__as-of">{as_of_label} {as_of}</p>'
            f'<p class="cover__note">{disclaimer}</p></section>'
            f'<nav class="toc"><h2>{contents}</h2><ol>{entries}</ol></nav>')


def document(lang: str, title: str, body: str, style: str) -> str:
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f'<style>{style}</style></head><body>{body}</body></html>')

