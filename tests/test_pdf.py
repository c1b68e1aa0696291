"""The whole study as one PDF per language: every chapter, a table of contents with page numbers,
figures with their provenance, charts as vectors, a sane page count."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest
from conftest import DEMO
from pypdf import PdfReader

from report.chapters.content import load_content

EXPECTED = {"id": ("10.704", "Suara Bantas, per Mei 2025", "Daftar isi"),
            "en": ("10,704", "Suara Bantas, as of May 2025", "Contents")}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_each_pdf_has_every_chapter_and_its_provenance(site: Path, lang: str) -> None:
    reader = PdfReader(site / "assets" / "unduh" / f"kajian-pekerja-rentan-{lang}.pdf")
    pages = [page.extract_text() for page in reader.pages]
    text = re.sub(r"\s+", " ", " ".join(pages))
    chapters = sorted((c for c in load_content(DEMO / "content", ("id", "en")) if c.lang == lang),
                      key=lambda c: (c.slug != "index", c.slug))  # the site's order: the summary first
    titles = [str(c.meta["title"]) for c in chapters]
    headline, provenance, contents = EXPECTED[lang]
    assert len(titles) + 2 <= len(pages) <= 120
    for title in titles:
        assert re.sub(r"\s+", " ", title) in text, title
    assert contents in pages[1]
    numbers = [int(n) for n in re.findall(r"^.+ (\d+)$", pages[1], flags=re.M)]
    assert len(numbers) == len(titles) and numbers == sorted(numbers) and numbers[-1] <= len(pages)
    for title, start in zip(titles, numbers):  # the contents point at the page where the chapter starts
        assert pages[start - 1].startswith(" ".join(title.split()[:2]))  # a heading may be longer than its title
        assert pages[start - 1].rstrip().endswith(str(start))  # its printed page number
    outline = [item["/Title"] for item in reader.outline]
    assert outline == titles
    assert headline in text and provenance in text
    assert sum(len(page.images) for page in reader.pages) == 0, "charts must be vectors, not pictures"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_contents_jump_to_chapters_and_links_work_in_a_saved_pdf(site: Path, lang: str) -> None:
    reader = PdfReader(site / "assets" / "unduh" / f"kajian-pekerja-rentan-{lang}.pdf")
    numbers = [int(n) for n in re.findall(r"^.+ (\d+)$", reader.pages[1].extract_text(), flags=re.M)]
    targets = reader.named_destinations
    jumps = [reader.get_destination_page_number(targets[str(a.get_object()["/Dest"])]) + 1
             for a in reader.pages[1].get("/Annots", []) if "/Dest" in a.get_object()]
    assert numbers and sorted(set(jumps)) == numbers
    addresses = [str(a.get_object()["/A"]["/URI"]) for page in reader.pages for a in page.get("/Annots", [])
                 if "/URI" in a.get_object().get("/A", {})]
    package = "assets/unduh/datapackage.json" if lang == "id" else f"assets/unduh/{lang}/datapackage.json"
    assert any(address.endswith(package) for address in addresses)
    assert all(re.match(r"https?://", address) for address in addresses), "relative links break in a saved PDF"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_each_pdf_is_tagged_with_its_language_and_title(site: Path, lang: str) -> None:
    """PDF/UA: a structure tree screen readers follow, the document's language and a title shown as such."""
    reader = PdfReader(site / "assets" / "unduh" / f"kajian-pekerja-rentan-{lang}.pdf")
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == lang
    assert catalog["/MarkInfo"]["/Marked"] == True  # noqa: E712 - a PDF boolean, not a Python one
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    assert reader.metadata is not None and reader.metadata.title
    assert b"pdfuaid:part" in catalog["/Metadata"].get_object().get_data()
    roles = set()
    pending = [catalog["/StructTreeRoot"].get_object()]
    while pending:
        element = pending.pop()
        roles.add(str(element.get("/S", "")))
        kids = element.get("/K", [])
        for kid in kids if isinstance(kids, list) else [kids]:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, dict) and "/S" in kid:
                pending.append(kid)
    assert {"/H1", "/H2", "/P", "/Table", "/TR", "/TH", "/TD", "/L", "/LI", "/Link"} <= roles, sorted(roles)
    for page in reader.pages:
        assert "/StructParents" in page


def test_the_cover_gives_the_period_of_the_newest_figure_the_study_cites(site: Path) -> None:
    """The chapters cite figures up to December 2025 (Bali's coverage), later than the city's May 2025 count."""
    for lang, expected in (("id", "Data per Desember 2025"), ("en", "Data as of December 2025")):
        cover = PdfReader(site / "assets" / "unduh" / f"kajian-pekerja-rentan-{lang}.pdf").pages[0].extract_text()
        assert expected in re.sub(r"\s+", " ", cover)


def test_a_charts_data_table_is_left_out_of_the_pdf_html() -> None:
    """Print hides it anyway; at thousands of desa styling its rows was a large part of the PDF's cost."""
    from report.pages.render import Page
    from report.publishing.pdf import chapter_html

    rows = "".join(f"<tr><td>Desa {n}</td><td>{n}</td></tr>" for n in range(3))
    chart = ('<figure class="chart"><figcaption class="chart__head"><strong class="chart__title">Peserta</strong>'
             '</figcaption>\n<details class="chart__data">\n<summary>Tabel</summary>\n'
             f'<table class="data-table">{rows}</table>\n</details>\n</figure>')
    page = Page("wilayah", "id", {"title": "Wilayah"}, f"# Wilayah\n\n{chart}\n\nSesudahnya.\n")

    body = chapter_html(page, ([], {}), "https://example.org/", 1)

    assert "chart__title" in body and "Sesudahnya." in body
    assert "chart__data" not in body and "Desa 1" not in body


def test_only_the_wide_drawing_of_a_chart_goes_into_the_pdf_html() -> None:
    """The printed page is a desktop column wide; the narrow drawing would be parsed and hidden for nothing."""
    from report.pages.render import Page
    from report.publishing.pdf import chapter_html

    drawings = ('<div class="chart__svg" role="img" aria-label="Peserta"><div class="chart__drawing '
                'chart__drawing--narrow"><svg width="300"><g><text>sempit</text></g></svg></div><div class="chart__'
                'drawing chart__drawing--wide"><svg width="700"><g><text>lebar</text></g></svg></div></div>')
    page = Page("wilayah", "id", {"title": "Wilayah"}, f"# Wilayah\n\n<figure class=\"chart\">{drawings}</figure>\n")

    body = chapter_html(page, ([], {}), "https://example.org/", 1)

    assert "lebar" in body and "chart__drawing--wide" in body
    assert "sempit" not in body and "chart__drawing--narrow" not in body


def test_an_outdated_translation_says_so_in_the_pdf_as_on_the_site() -> None:
    """The site shows the notice above the page; a printed or saved PDF must not pass the old text off as current."""
    from report.chapters.translation import NOTICE_META, NOTICES, OUTDATED
    from report.pages.render import Page
    from report.publishing.pdf import chapter_html

    notice = {"text": NOTICES[OUTDATED], "link": "../bab-3.html", "title": "Evaluasi <Peraturan>", "lang": "id"}
    outdated = Page("bab-3", "en", {"title": "Evaluation", NOTICE_META: notice}, "# Evaluation\n\nOld text.\n")
    current = Page("bab-3", "en", {"title": "Evaluation"}, "# Evaluation\n\nOld text.\n")

    body = chapter_html(outdated, ([], {}), "https://example.org/en/", 3)

    assert "may be out of date" in body
    assert '<a href="https://example.org/bab-3.html" lang="id">Evaluasi &lt;Peraturan&gt;</a>' in body
    assert "translation-notice" not in chapter_html(current, ([], {}), "https://example.org/en/", 3)


def test_a_picture_replaced_under_its_name_makes_a_new_pdf_however_a_chapter_refers_to_it(tmp_path: Path) -> None:
    """The PDF's cache key is taken before Markdown is converted, so it must see a picture written as
    Markdown (![...](...)) as well as one in HTML."""
    from report.chapters.pictures import PICTURE_DIR
    from report.pages.render import Page
    from report.publishing.pdf import input_key

    picture = tmp_path / "assets" / PICTURE_DIR / "pasar.png"
    picture.parent.mkdir(parents=True)
    page = Page("bab-1", "id", {"title": "Bab 1"}, f"# Bab 1\n\n![Pasar](../assets/{PICTURE_DIR}/pasar.png)\n")
    keys = []
    for content in (b"first picture", b"second picture"):
        picture.write_bytes(content)
        keys.append(input_key("id", "Situs", "Mei 2025", [page], ([], {}), "", "https://example.org/", tmp_path))
    assert keys[0] != keys[1]


def test_a_path_out_of_the_pictures_folder_is_never_read_into_the_pdf(tmp_path: Path) -> None:
    from report.chapters.pictures import PICTURE_DIR
    from report.publishing.pdf import embedded_pictures

    (tmp_path / "docs" / "assets" / PICTURE_DIR).mkdir(parents=True)
    (tmp_path / "docs" / "assets" / PICTURE_DIR / "pasar.png").write_bytes(b"picture")
    (tmp_path / "secret.png").write_bytes(b"not for readers")
    body = (f'<img src="assets/{PICTURE_DIR}/../../../secret.png"><img src="../assets/{PICTURE_DIR}/pasar.png">')

    embedded = embedded_pictures(body, tmp_path / "docs")

    assert base64.b64encode(b"not for readers").decode() not in embedded and "secret.png" in embedded
    assert f'src="data:image/png;base64,{base64.b64encode(b"picture").decode()}"' in embedded
