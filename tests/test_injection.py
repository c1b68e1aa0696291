"""Spreadsheet formulas and active HTML: refused where staff type them, and neutralised in every download
whatever validation let through."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest
from conftest import copy_project, run_build, tree_digest
from openpyxl import load_workbook

from report.chapters.chapter_html import unsafe_html
from report.chapters.content import Chapter
from report.errors import DataError
from report.inputs.data import load_data
from report.publishing.datasets import PUBLISHED
from report.publishing.downloads import files_for

FORMULAS = ["=HYPERLINK(\"http://contoh.invalid\",\"klik\")", "=cmd|' /C calc'!A0", "+1+2", "@SUM(A1)", "-2+3"]


# Data -------------------------------------------------------------------------------------------------

def replace_cell(path: Path, line: int, column: str, value: str) -> None:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    rows[line - 1][rows[0].index(column)] = value
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL).writerows(rows)  # a CR inside stays in its cell
    path.write_text(out.getvalue(), encoding="utf-8")


def test_formula_text_in_data_is_refused_with_file_line_and_column(project: Path) -> None:
    site_before = tree_digest(project / "site")
    replace_cell(project / "data" / "segmen.csv", 3, "keterangan_id", FORMULAS[0])
    replace_cell(project / "data" / "segmen.csv", 4, "nama_en", FORMULAS[1])

    result = run_build(project, "--no-pdf")

    assert result.returncode == 2, result.stderr
    assert "data/segmen.csv, baris 3, kolom \"keterangan_id\": teks diawali tanda =, yang dibaca Excel sebagai " \
           "rumus" in result.stderr
    assert "data/segmen.csv, baris 4, kolom \"nama_en\": teks diawali tanda =" in result.stderr
    assert tree_digest(project / "site") == site_before


@pytest.mark.parametrize("value", FORMULAS[2:] + ["\t=1+1", "\rteks"])
def test_every_formula_start_is_refused(tmp_path: Path, value: str) -> None:
    root = copy_project(tmp_path / "project")
    replace_cell(root / "data" / "segmen.csv", 2, "keterangan_en", value)

    with pytest.raises(DataError) as raised:
        load_data(root / "data", allow_illustrative=True)

    texts = [p.text("en") for p in raised.value.problems]
    assert any(t.startswith("data/segmen.csv, line 2, column \"keterangan_en\": ") and "begins with" in t
               for t in texts), texts


def test_a_signed_number_in_a_number_column_is_a_number(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    path = root / "data" / "statistik.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    line = next(n for n, row in enumerate(rows, start=2) if row["satuan"] == "persen")
    replace_cell(path, line, "nilai", "-1.5")

    tables = load_data(root / "data", allow_illustrative=True)

    assert -1.5 in list(tables["statistik"]["nilai"])


# Downloads --------------------------------------------------------------------------------------------

def test_downloads_write_formula_text_as_inert_text() -> None:
    frame = pd.DataFrame({"teks": FORMULAS + ["\tx", "biasa"], "angka": [-5, 1, 2, 3, 4, 5, 6]})
    files = files_for(list(PUBLISHED), {d.name: frame for d in PUBLISHED}, {"README.txt": "x"}, "data.zip")
    name = PUBLISHED[0].name

    written = list(csv.reader(io.StringIO(files[f"{name}.csv"].decode("utf-8"))))
    assert [row[0] for row in written[1:]] == ["'" + f for f in FORMULAS] + ["'\tx", "biasa"]
    assert [row[1] for row in written[1:]] == ["-5", "1", "2", "3", "4", "5", "6"]

    sheet = load_workbook(io.BytesIO(files[f"{name}.xlsx"]), data_only=False).active
    cells = [sheet.cell(row=r, column=1) for r in range(2, 2 + len(FORMULAS))]
    assert [c.value for c in cells] == FORMULAS and {c.data_type for c in cells} == {"s"}
    assert sheet.cell(row=2, column=2).value == -5
    with zipfile.ZipFile(io.BytesIO(files[f"{name}.xlsx"])) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")


# Chapters ---------------------------------------------------------------------------------------------

def chapter(body: str) -> Chapter:
    return Chapter("bab-x", "id", Path("bab-x.md"), {}, body, 1)


def test_active_html_in_a_chapter_stops_the_build_with_file_and_line(project: Path) -> None:
    site_before = tree_digest(project / "site")
    path = next(p for p in sorted((project / "content" / "id").glob("bab-*.md")))
    text = path.read_text(encoding="utf-8")
    start = len(text.splitlines())
    path.write_text(text + "\n<script>alert(1)</script>\n\nFoto <img src=\"a.png\" onerror=\"alert(2)\">\n\n"
                    "[klik](javascript:alert(3)) <iframe src=\"https://contoh.invalid\"></iframe>\n",
                    encoding="utf-8")

    result = run_build(project, "--english", "--no-pdf")

    assert result.returncode == 2, result.stderr
    shown = f"content/id/{path.name}"
    for line, what in ((start + 2, "the <script> tag"), (start + 4, "the onerror attribute on <img>"),
                       (start + 6, "a javascript: address in href"), (start + 6, "the <iframe> tag")):
        assert f"{shown}, line {line}: {what} is not allowed in a chapter" in result.stderr, result.stderr
    assert tree_digest(project / "site") == site_before


@pytest.mark.parametrize("body, found", [
    ("<object data=\"x.swf\"></object>", "the <object> tag"),
    ("## Judul {: onclick=\"alert(1)\" }", "the onclick attribute on <h2>"),
    ("<a href=\" JavaScript:alert(1)\">x</a>", "a javascript: address in href"),
    ("<details ontoggle=\"alert(1)\"><summary>x</summary></details>", "the ontoggle attribute on <details>"),
])
def test_each_kind_of_active_html_is_named(body: str, found: str) -> None:
    problems = unsafe_html(chapter("Teks.\n\n" + body + "\n"))
    assert [p.text("en").split(": ", 1)[1].split(" is not")[0] for p in problems] == [found]
    assert problems[0].line == 3


def test_markdowns_own_html_keeps_working() -> None:
    body = ("# Judul {: #judul .kelas }\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n"
            "<details markdown=\"1\"><summary>Rincian</summary>\n\nIsi *tebal*.\n\n</details>\n\n"
            "Catatan[^1] dan {{ fig.peserta_terbaru }} [tautan](https://contoh.invalid \"judul\") "
            "<abbr title=\"Badan Penyelenggara\">BPJS</abbr> <span class=\"x\" data-id=\"1\">y</span>\n\n"
            "!!! note \"Catatan\"\n    Isi.\n\n[^1]: Kaki.\n")
    assert unsafe_html(chapter(body)) == []


def test_html_built_inside_an_expression_is_judged_too(tmp_path: Path) -> None:
    from report.errors import ContentError
    from report.figures.compute import compute_figures
    from report.pages.render import render_pages

    root = copy_project(tmp_path / "project")
    figures = compute_figures(load_data(root / "data", allow_illustrative=True), 4, {})
    body = "Angka {{ fig.peserta_terbaru }} aman.\n\n{{ \"<scr\" ~ \"ipt>alert(4)</scr\" ~ \"ipt>\" }}\n"

    with pytest.raises(ContentError) as raised:
        render_pages([chapter(body)], figures, {}, root / "templates")

    assert [p.text("en") for p in raised.value.problems] == [
        "content/id/bab-x.md, line 3: the <script> tag is not allowed in a chapter, also when built inside {{ }}."]
    page, = render_pages([chapter("Angka {{ fig.peserta_terbaru }} dan {{ \"a < b\" }}.\n")], figures, {},
                         root / "templates")
    assert "a < b" in page.markdown and "<span" in page.markdown


def test_chart_downloads_are_inert_too() -> None:
    from report.publishing.inert import inert_csv

    frame = pd.DataFrame({"segmen": ["=1+1", "@x", "nelayan"], "peserta": [-3, 0, 7]})
    assert inert_csv(frame).to_csv(index=False) == "segmen,peserta\n'=1+1,-3\n'@x,0\nnelayan,7\n"
    charts = (Path(__file__).resolve().parent.parent / "report" / "charts" / "charts.py").read_text(encoding="utf-8")
    assert "inert_csv(in_language(spec.download, lang)).to_csv(" in charts


@pytest.mark.parametrize("body, found", [
    ("![Peta](https://peta.contoh.invalid/denpasar.png)", "<img> from another site (https://peta.contoh.invalid/denpasar.png)"),
    ("<img src=\"//cdn.contoh.invalid/a.png\" alt=\"a\">", "<img> from another site (//cdn.contoh.invalid/a.png)"),
    ("<span style=\"background: url(https://pelacak.contoh.invalid/p.gif)\">x</span>", "url(...) in a style"),
    ("<span style=\"background: \\75 rl(https://pelacak.contoh.invalid/p.gif)\">x</span>",
     "a backslash (\\) in a style"),
])
def test_what_would_load_from_another_site_is_named_with_what_to_do(body: str, found: str) -> None:
    problem, = unsafe_html(chapter("Teks.\n\n" + body + "\n"))
    said = problem.text("en")
    assert said.split(": ", 1)[1].split(" is not")[0] == found and problem.line == 3
    assert "loads nothing from other sites" in said and "content/gambar/" in said


def test_a_picture_of_the_site_and_a_link_to_another_site_are_kept() -> None:
    body = ("<img src=\"../assets/gambar/peta.png\" alt=\"Peta\"> [sumber](https://contoh.invalid/data.pdf)\n\n"
            "<span style=\"color: #00695c\">x</span>\n")
    assert unsafe_html(chapter(body)) == []


# Titles, descriptions and site names: MkDocs hands them to the theme as HTML ------------------------------

MARKUP = "\"><img src=\"//pelacak.contoh.invalid/p.png\" onerror=\"alert(5)\"><script>alert(6)</script> & 'x'"


def test_front_matter_and_site_names_reach_pages_as_text(tmp_path: Path) -> None:
    from bs4 import BeautifulSoup

    root = copy_project(tmp_path / "project")
    index = root / "content" / "id" / "index.md"
    text = index.read_text(encoding="utf-8")
    quoted = "'" + MARKUP.replace("'", "''") + "'"
    text = text.replace("title: Ringkasan", f"title: {quoted}", 1)
    index.write_text(re.sub(r"^description: .*$", f"description: {quoted}", text, count=1, flags=re.M),
                     encoding="utf-8")
    first = root / "content" / "id" / "bab-1-pendahuluan.md"
    first.write_text(re.sub(r"^title: .*$", "title: Data & Metode", first.read_text(encoding="utf-8"), count=1,
                            flags=re.M), encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "site_name: Kajian Pekerja Rentan Kota Denpasar", f"site_name: {quoted}").replace(
        "      site_name: Study on Vulnerable Workers in Denpasar", f"      site_name: {quoted}").replace(
        "    - name: English\n", f"    - name: {quoted}\n"), encoding="utf-8")

    result = run_build(root, "--no-pdf")

    assert result.returncode == 0, result.stderr
    for page in (root / "site" / "index.html", root / "site" / "glosarium.html", root / "site" / "en" / "index.html"):
        parsed = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert not [img for img in parsed.find_all("img") if "pelacak" in str(img.get("src"))], page
        assert not [e.name for e in parsed.find_all(True) if "onerror" in e.attrs], page
        assert not [s for s in parsed.find_all("script") if "alert" in s.get_text()], page
        assert parsed.title is not None and MARKUP in parsed.title.get_text(), page
        assert MARKUP in [m.get("content") for m in parsed.find_all("meta", property="og:site_name")], page
        assert MARKUP in [a.get_text(strip=True) for a in parsed.select(".md-select__link")], page
    home = BeautifulSoup((root / "site" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.find("meta", attrs={"name": "description"})["content"] == MARKUP
    # Where Material escapes a title once more itself (the footer's labels, read by screen readers), the "&" of
    # the next chapter's "Data & Metode" reads as "&", not "&amp;".
    assert home.select_one(".md-footer__link--next")["aria-label"].endswith(": Data & Metode")


def test_markdown_in_a_source_name_stays_text_inside_a_paragraph(tmp_path: Path) -> None:
    import markdown
    from bs4 import BeautifulSoup

    from report.chapters.chapter_html import EXTENSIONS
    from report.figures.compute import compute_figures
    from report.pages.render import render_pages

    root = copy_project(tmp_path / "project")
    publisher = ("Bali Post ![p](https://pelacak.contoh.invalid/p.png) [klik](javascript:alert(7)) "
                 "*x*{: onclick=alert(8) } <https://contoh.invalid/otomatis> `k` \\_y_ [^1]")
    sources = root / "data" / "sumber.csv"
    codes = [row["kode"] for row in csv.DictReader(io.StringIO(sources.read_text(encoding="utf-8")))]
    for line in range(2, len(codes) + 2):
        replace_cell(sources, line, "penerbit", publisher)
        replace_cell(sources, line, "url", "https://contoh.invalid/a)![u](https://pelacak.contoh.invalid/u.png")
    figures = compute_figures(load_data(root / "data", allow_illustrative=True), 4, {})
    body = (f"Teks {{{{ cite(\"{codes[0]}\") }}}} (lihat), {{{{ fig.peserta_terbaru }}}} dan {{{{ headline() }}}} "
            "lagi.\n\n[^1]: K.\n")

    page, = render_pages([chapter(body)], figures, {}, root / "templates")

    parsed = BeautifulSoup(markdown.markdown(page.markdown, extensions=EXTENSIONS), "html.parser")
    parsed.select_one(".footnote").decompose()  # the chapter's own footnote
    assert parsed.select_one("a.cite").get_text() == f"[{publisher}]"
    assert parsed.select_one(".headline__meta a").get_text() == publisher
    assert publisher in parsed.select_one(".fig")["title"] and publisher in parsed.select_one(".fig")["data-provenance"]
    assert not [a["href"] for a in parsed.find_all("a") if "javascript" in a["href"] or "otomatis" in a["href"]]
    assert not parsed.find_all(["img", "em", "code", "sup"])
    assert not [e for e in parsed.find_all(True) if "onclick" in e.attrs]


def test_a_setting_that_loads_from_another_site_stops_the_build(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"^  font: false.*$", "  logo: //pelacak.contoh.invalid/logo.png", text, count=1, flags=re.M)
    config.write_text(text.replace("extra:\n  generator: false\n", "extra:\n  generator: false\n  analytics:\n"
                                   "    provider: google\n    property: G-CONTOH\n"), encoding="utf-8")
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("situs lama", encoding="utf-8")

    result = run_build(root, "--no-pdf", "--english")

    assert result.returncode == 2, result.stderr
    for address in ("https://fonts.googleapis.com/css", "https://www.googletagmanager.com/gtag/js?id=G-CONTOH",
                    "//pelacak.contoh.invalid/logo.png"):
        assert f"mkdocs.yml: page 404.html would load {address}" in result.stderr, result.stderr
    assert "remove the setting that adds it (e.g. theme.font, extra.analytics" in result.stderr
    assert (root / "site" / "index.html").read_text(encoding="utf-8") == "situs lama"


def test_markdown_in_data_stays_text_on_the_changes_page(tmp_path: Path) -> None:
    import markdown
    from bs4 import BeautifulSoup

    from report.chapters.chapter_html import EXTENSIONS
    from report.live import history
    from report.publishing.release_notes import changes_pages

    root = copy_project(tmp_path / "project")
    data = root / "data"
    history.record_release(data, datetime(2025, 6, 3, tzinfo=UTC), {}, label="lokal")
    line = next(n for n, row in enumerate(csv.DictReader(io.StringIO((data / "statistik.csv").read_text(
        encoding="utf-8"))), start=2) if row["sumber"] == "tribunbali-2026-02")
    replace_cell(data / "statistik.csv", line, "nilai", "54.10")
    sources = data / "sumber.csv"
    line = next(n for n, row in enumerate(csv.DictReader(io.StringIO(sources.read_text(encoding="utf-8"))), start=2)
                if row["kode"] == "tribunbali-2026-02")
    replace_cell(sources, line, "penerbit", "Tribun ![p](https://pelacak.contoh.invalid/p.png) *x*")
    replace_cell(sources, line, "catatan_revisi_id", "Dikoreksi [klik](javascript:alert(9)) | sel")
    replace_cell(sources, line, "url", "https://contoh.invalid/a)![u](https://pelacak.contoh.invalid/u.png")
    history.record_release(data, datetime(2025, 6, 4, tzinfo=UTC), {}, label="lokal",
                           reason="Diperiksa ![r](https://pelacak.contoh.invalid/r.png) `k`")

    page = next(p for p in changes_pages(data, ("id", "en"), history.releases(data)) if p.lang == "id")

    parsed = BeautifulSoup(markdown.markdown(page.markdown, extensions=EXTENSIONS), "html.parser")
    assert not parsed.find_all(["img", "em", "code"])
    assert [a["href"] for a in parsed.find_all("a")] == ["https://contoh.invalid/a)![u](https://pelacak.contoh.invalid/u.png"]
    cells = [td.get_text() for td in parsed.find_all("td")]
    assert "Tribun ![p](https://pelacak.contoh.invalid/p.png) *x*: Dikoreksi [klik](javascript:alert(9)) | sel" in cells
    assert "Alasan: Diperiksa ![r](https://pelacak.contoh.invalid/r.png) `k`" in parsed.get_text()


@pytest.mark.parametrize("value, found", [
    ("Denpasar \u202eSelatan", "U+202E (RIGHT-TO-LEFT OVERRIDE) at character 10"),
    ("Denpasar\u200b", "U+200B (ZERO WIDTH SPACE) at character 9"),
    ("Denpasar\x1b[2J", "U+001B (a control character) at character 9")])
def test_an_invisible_character_in_data_is_refused_by_name(tmp_path: Path, value: str, found: str) -> None:
    root = copy_project(tmp_path / "project")
    replace_cell(root / "data" / "wilayah.csv", 3, "nama", value)

    with pytest.raises(DataError) as raised:
        load_data(root / "data", allow_illustrative=True)

    assert [p.text("en") for p in raised.value.problems] == [
        f"data/wilayah.csv, line 3, column \"nama\": the text holds an invisible character {found}; such characters "
        "reverse or hide text. Delete it (type the value again)."]


def test_an_invisible_character_in_a_chapter_is_refused_with_its_line(tmp_path: Path) -> None:
    from report.chapters.content import load_content
    from report.errors import ContentError

    root = copy_project(tmp_path / "project")
    index = root / "content" / "en" / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("title: ", "title: \u2067", 1) + "\nAkhir\u200d.\n",
                     encoding="utf-8")
    last = len(index.read_text(encoding="utf-8").split("\n")) - 1

    with pytest.raises(ContentError) as raised:
        load_content(root / "content", ("id", "en"))

    assert [p.text("en").split("; such")[0] for p in raised.value.problems] == [
        "content/en/index.md, line 2: the text holds an invisible character U+2067 (RIGHT-TO-LEFT ISOLATE) at "
        "character 8", f"content/en/index.md, line {last}: the text holds an invisible character U+200D "
        "(ZERO WIDTH JOINER) at character 6"]


@pytest.mark.parametrize("address", ["https://contoh.invalid/a\"><script>alert(1)</script>/",
                                     "https://contoh.invalid/laporan here/", "https:///laporan/"])
def test_a_site_address_that_is_not_one_is_refused(tmp_path: Path, address: str) -> None:
    from report.errors import ConfigError
    from report.settings import load_settings

    root = copy_project(tmp_path / "project")

    with pytest.raises(ConfigError) as raised:
        load_settings(root, site_url=address)

    assert [p.text("en").split(": ", 1)[1].split(", not ")[0] for p in raised.value.problems] == [
        "extra.report.site_url must be a web address such as https://name.github.io/report/, without "
        "spaces, quotes, < >, ?, # or &"]
    assert load_settings(root, site_url="https://dinas.contoh.go.id:8443/laporan-2025/").site_url


@pytest.mark.parametrize("body", ["Teks {{ \"!\" }}[peta](https://pelacak.contoh.invalid/p.png) lagi.",
                                  "Teks {{ \"[klik](java\" ~ \"script:alert(1))\" }}.",
                                  "{{ \"[r]: https://pelacak.contoh.invalid/r.png\" }}\n\n![y][r]"])
def test_markdown_built_inside_an_expression_stays_text(tmp_path: Path, body: str) -> None:
    import markdown
    from bs4 import BeautifulSoup

    from report.chapters.chapter_html import EXTENSIONS
    from report.figures.compute import compute_figures
    from report.pages.render import render_pages

    root = copy_project(tmp_path / "project")
    figures = compute_figures(load_data(root / "data", allow_illustrative=True), 4, {})

    page, = render_pages([chapter(body + "\n")], figures, {}, root / "templates")

    parsed = BeautifulSoup(markdown.markdown(page.markdown, extensions=EXTENSIONS), "html.parser")
    assert not parsed.find_all("img") and not [a for a in parsed.find_all("a") if "javascript" in a["href"]]
    page, = render_pages([chapter("{{ fig.peserta_terbaru.period }}: {{ fig.peserta_terbaru.text }} (a < b)\n")],
                         figures, {}, root / "templates")
    assert "(a < b)" in page.markdown and "&#" not in page.markdown


@pytest.mark.parametrize("body, found", [
    ("<{# x #}script>alert(1)</script>", "the <script> tag is not allowed in a chapter"),
    ("!{# x #}[peta](https://pelacak.contoh.invalid/p.png)", "<img> from another site"),
    ("{{ \"<scr\" }}{{ \"ipt>alert(1)</scr\" }}{{ \"ipt>\" }}", "the <script> tag is not allowed in a chapter"),
    ("{% filter replace(\"Q\", \"<\") %}Qimg src=\"https://pelacak.contoh.invalid/b.png\">{% endfilter %}",
     "<img> from another site"),
    ("{{ (\"<scr\" ~ \"ipt>alert(1)</scr\" ~ \"ipt>\") | safe }}", "line 3: this is not allowed in a chapter"),
    ("{{ \"!\" | e }}[peta](https://pelacak.contoh.invalid/e.png)", "line 3: this is not allowed in a chapter"),
    ("{{ fig.peserta_terbaru.short.replace(\"span\", \"script\") }}", "this is not allowed in a chapter"),
    ("Nama {{ \"\\u202eatad\" }}.", "line 3: the invisible character U+202E is not allowed in a chapter, also when "
     "written as a code inside {{ }}"),
    ("{{ \"\\x000\\x00\" }}", "line 3: the invisible character U+0000 is not allowed"),
])
def test_what_jinja_puts_together_is_judged_as_the_file_is(tmp_path: Path, body: str, found: str) -> None:
    from report.errors import ContentError
    from report.figures.compute import compute_figures
    from report.pages.render import render_pages

    root = copy_project(tmp_path / "project")
    figures = compute_figures(load_data(root / "data", allow_illustrative=True), 4, {})

    with pytest.raises(ContentError) as raised:
        render_pages([chapter("Teks.\n\n" + body + "\n")], figures, {}, root / "templates")

    said, = [p.text("en") for p in raised.value.problems]
    assert said.startswith("content/id/bab-x.md") and found in said, said
    page, = render_pages([chapter("{{ headline() }}\n\nTeks {{ fig.peserta_terbaru }}, {{ fig.peserta_terbaru.short }} "
                                  "{{ cite(fig.peserta_terbaru) }} {{ fig.peserta_terbaru.short | upper }}.\n")],
                         figures, {}, root / "templates")
    assert page.markdown.count("<span class=\"fig") == 4 and "\x00" not in page.markdown


def test_jinja_beside_markdown_is_not_read_as_an_attribute_list() -> None:
    assert unsafe_html(chapter("**Catatan**{% if fig.peserta_terbaru.value > 0 %} naik{% endif %}.\n")) == []


def test_a_setting_that_adds_code_to_pages_stops_the_build(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        '- media: "(prefers-color-scheme: light)"', "- media: '(prefers-color-scheme: light)\" onclick=\"alert(1)'", 1)
        .replace("extra:\n  generator: false\n", "extra:\n  generator: false\n  homepage: 'javascript:alert(2)'\n"),
        encoding="utf-8")

    result = run_build(root, "--no-pdf", "--english")

    assert result.returncode == 2, result.stderr
    for what in ("onclick=... <input>", "href=... <a>"):
        assert f"mkdocs.yml: page 404.html holds {what}, which runs code in readers' browsers" in result.stderr


@pytest.mark.parametrize("copyright, found", [
    ("'<script>alert(1)</script>'", "copyright: the <script> tag is not allowed"),
    ("'<img src=\"//pelacak.contoh.invalid/c.png\">'",
     "copyright: <img> from another site (//pelacak.contoh.invalid/c.png)")])
def test_html_in_the_copyright_setting_is_judged_as_a_chapters(tmp_path: Path, copyright: str, found: str) -> None:
    from report.errors import ConfigError
    from report.settings import load_settings

    root = copy_project(tmp_path / "project")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text + f"copyright: {copyright}\n", encoding="utf-8")

    with pytest.raises(ConfigError) as raised:
        load_settings(root)

    assert any(found in p.text("en") for p in raised.value.problems), [p.text("en") for p in raised.value.problems]
    config.write_text(text + "copyright: '&copy; 2025 <a href=\"https://contoh.invalid/\">Pemkot</a>'\n",
                      encoding="utf-8")
    assert load_settings(root)


@pytest.mark.parametrize("synonyms", ["[fishermen, fisher]", "{fishers: fishermen}", "{fishers: [1, 2]}"])
def test_search_synonyms_of_another_shape_are_named(tmp_path: Path, synonyms: str) -> None:
    from report.errors import ConfigError
    from report.settings import load_settings

    root = copy_project(tmp_path / "project")
    config = root / "mkdocs.yml"
    config.write_text(re.sub(r"      search_synonyms:\n(        .*\n)+", f"      search_synonyms: {synonyms}\n",
                             config.read_text(encoding="utf-8")), encoding="utf-8")

    with pytest.raises(ConfigError) as raised:
        load_settings(root)

    assert [p.text("en").split(": ", 1)[1] for p in raised.value.problems] == [
        "extra.languages.en.search_synonyms must hold one word per line with a list of other words, e.g. fishers: "
        "[fishermen, fisherman]."]
