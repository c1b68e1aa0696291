"""The whole study as one PDF per language, built with the site: cover, table of contents with page
numbers, every chapter in site order, charts as vector SVG, each figure's provenance as a footnote.

WeasyPrint lays out each chapter on its own and the result is cached under a hash of that chapter's
HTML, so a data update lays out again only the chapters whose figures changed. The chapters are then
joined with pypdf, which also stamps the page numbers and adds a bookmark per chapter.
"""

from __future__ import annotations

import hashlib
import html
import io
import re
from pathlib import Path
from urllib.parse import urljoin

import markdown
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject

from .cache import remembered
from .render import Page

PDF_DIR = "assets/unduh"
PDF_STYLE = "pdf.css"  # in templates/
FRONT_PAGES_GUESS = 2  # cover + contents; checked after layout
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
               mkdocs_yml: dict, templates_dir: Path, docs_dir: Path, cache_dir: Path, site_url: str) -> None:
    """`site_url`: links to downloads and other pages point there, so they work in a PDF saved anywhere."""
    extensions = markdown_extensions(mkdocs_yml)
    style = (templates_dir / PDF_STYLE).read_text(encoding="utf-8")
    by_key = {(p.slug, p.lang): p for p in pages}
    for lang, site_name in site_names.items():
        chapters = [by_key[(slug, lang)] for slug in slugs if (slug, lang) in by_key]
        out = docs_dir / PDF_DIR / pdf_name(lang)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(study_pdf(lang, site_name, as_of[lang], chapters, extensions, style, cache_dir,
                                  public_folder(site_url, lang, default=next(iter(site_names)))))  # first: default


def public_folder(site_url: str, lang: str, default: str) -> str:
    """Where a chapter's docs file sits, as a public address: relative links are resolved against it."""
    return site_url if lang == default else f"{site_url}{lang}/"


def study_pdf(lang: str, site_name: str, as_of: str, chapters: list[Page], extensions: tuple[list[str], dict],
              style: str, cache_dir: Path, base_url: str) -> bytes:
    documents = [document(lang, chapter_html(c, extensions, base_url), style) for c in chapters]
    titles = [str(c.meta["title"]) for c in chapters]
    key = hashlib.sha256("|".join([lang, site_name, as_of, *titles, *documents]).encode()).hexdigest()
    # Nothing changed: the last joined PDF is reused as it is.
    return remembered(cache_dir / f"{key}.joined.pdf", lambda: joined(
        lang, site_name, as_of, titles, [rendered(d, cache_dir) for d in documents], style, cache_dir))


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
CHAPTER_LINK = re.compile(r'<a href="[a-z0-9-]+\.md(?:#[^"]*)?"[^>]*>(.*?)</a>', flags=re.S)
RELATIVE_LINK = re.compile(r'href="(?![a-z]+:|#)([^"]+)"')


def chapter_html(chapter: Page, extensions: tuple[list[str], dict], base_url: str) -> str:
    """Figures carry their provenance as a footnote; links to other chapters become plain text (the
    contents and the bookmarks lead there on paper and on screen); links to downloads become public
    addresses, because a saved PDF has no site beside it."""
    body = markdown.markdown(chapter.markdown, extensions=extensions[0], extension_configs=extensions[1])
    body = FIGURE.sub(r'<span class="\1">\3<span class="provenance">\2</span></span>', body)
    body = CHAPTER_LINK.sub(r"\1", body)
    body = RELATIVE_LINK.sub(lambda link: f'href="{html.escape(urljoin(base_url, html.unescape(link[1])))}"', body)
    return f'<section class="chapter">{body}</section>'


def front_html(lang: str, site_name: str, as_of: str, titles: list[str], starts: list[int]) -> str:
    subtitle, disclaimer, contents, as_of_label = COVER[lang]
    # Each entry links to a placeholder address that joined() turns into a jump to the chapter's page.
    entries = "".join(f'<li><a href="{TOC_LINK}{n}"><span class="toc__title">{html.escape(t)}</span>'
                      f'<span class="toc__page">{n}</span></a></li>' for t, n in zip(titles, starts))
    return (f'<section class="cover"><p class="cover__site">{html.escape(site_name)}</p>'
            f'<h1 class="cover__title">{subtitle}</h1><p class="cover__as-of">{as_of_label} {as_of}</p>'
            f'<p class="cover__note">{disclaimer}</p></section>'
            f'<nav class="toc"><h2>{contents}</h2><ol>{entries}</ol></nav>')


TOC_LINK = "contents:"  # a private scheme: never a web address, even if left behind


def link_contents(writer: PdfWriter, front_pages: int) -> None:
    """The contents' placeholder links become jumps to the page each chapter starts on."""
    for page in writer.pages[:front_pages]:
        for annotation in page.get("/Annots", []):
            action = annotation.get_object().get("/A")
            uri = str(action.get("/URI", "")) if action is not None else ""
            if uri.startswith(TOC_LINK):
                target = writer.pages[int(uri[len(TOC_LINK):]) - 1]
                annotation.get_object()[NameObject("/A")] = DictionaryObject({
                    NameObject("/S"): NameObject("/GoTo"),
                    NameObject("/D"): ArrayObject([target.indirect_reference, NameObject("/Fit")])})


def numbers_html(count: int) -> str:
    """Blank pages whose only content is the page number in the footer, laid over the joined pages."""
    return '<div class="number-page"></div>' * count


def document(lang: str, body: str, style: str) -> str:
    return f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><style>{style}</style></head>' \
           f'<body>{body}</body></html>'


def joined(lang: str, site_name: str, as_of: str, titles: list[str], parts: list[bytes], style: str,
           cache_dir: Path) -> bytes:
    counts = [len(PdfReader(io.BytesIO(part)).pages) for part in parts]
    front_pages = FRONT_PAGES_GUESS
    while True:
        starts = [front_pages + 1 + sum(counts[:i]) for i in range(len(counts))]
        front = rendered(document(lang, front_html(lang, site_name, as_of, titles, starts), style), cache_dir)
        actual = len(PdfReader(io.BytesIO(front)).pages)
        if actual == front_pages:
            break
        front_pages = actual
    total = front_pages + sum(counts)
    numbers = PdfReader(io.BytesIO(rendered(document(lang, numbers_html(total), style), cache_dir)))
    writer = PdfWriter()
    for part in [front, *parts]:
        writer.append(PdfReader(io.BytesIO(part)), import_outline=False)
    for index, page in enumerate(writer.pages):
        if index > 0:  # the cover has no number
            page.merge_page(numbers.pages[index])
    link_contents(writer, front_pages)
    for title, start in zip(titles, starts):
        writer.add_outline_item(title=title, page_number=start - 1)
    writer.add_metadata({"/Title": f"{site_name}: {COVER[lang][0]}", "/Lang": lang})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def rendered(document_html: str, cache_dir: Path) -> bytes:
    key = hashlib.sha256(document_html.encode("utf-8")).hexdigest()
    return remembered(cache_dir / f"{key}.pdf", lambda: laid_out(document_html))


def laid_out(document_html: str) -> bytes:
    from weasyprint import HTML  # imported only when something is laid out: slow to import

    return HTML(string=document_html).write_pdf()
