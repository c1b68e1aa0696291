"""The exact words staff read when a chapter is wrong, run in-process against the stage that says them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DEMO, REPO, copy_project, run_build

from report.chapters.content import Chapter, load_content
from report.chapters.prose import typed_numbers
from report.charts import charts
from report.errors import ContentError, Problem
from report.figures import compute
from report.inputs import data
from report.pages import render


@pytest.fixture(scope="module")
def drawn() -> tuple[compute.Figures, dict]:
    figures = compute.compute_figures(data.load_data(DEMO / "data", allow_illustrative=True))
    return figures, charts.make_charts(figures, ("id", "en"))


def chapter(body: str, lang: str = "id") -> Chapter:
    return Chapter("uji", lang, Path(f"content/{lang}/uji.md"), {"title": "Uji"}, body, 1)


def render_problem(drawn: tuple[compute.Figures, dict], body: str) -> Problem:
    with pytest.raises(ContentError) as error:
        render.render_pages([chapter(body)], *drawn, REPO / "templates")
    assert len(error.value.problems) == 1
    return error.value.problems[0]


# --- point 10: the typed-number check knows legal prose -----------------------------------------------

@pytest.mark.parametrize("line", [
    "Menurut UU 12 Tahun 2011 dan PP 44 Tahun 2015, Pasal 56 ayat (2) UUD 1945 berlaku.",
    "Sejak COVID-19, negara G20 mengejar SDG 8; layanan 24 jam di abad ke-21.",
    "1. Butir pertama", "2) Butir kedua", "## 3.1 Bagian", "Catatan kaki[^1].", "[^2]: Isi catatan.",
    "UU Nomor 40 Tahun 2004, Permenaker 5/2021, Kepmendagri No 300.2.2-2138 Tahun 2025.",
    "Law 12 of 2011, Article 56 paragraph (2), the 21st century, 24 hours a day.",
    "Dikutip apa adanya: 17 pekerja {# angka sengaja: kutipan berita #}",
])
def test_named_numbers_are_not_flagged(line: str) -> None:
    assert typed_numbers(chapter(f"\n{line}\n")) == []


@pytest.mark.parametrize("line, number", [
    ("Ada 10.704 peserta.", "10.704"), ("Pada 2024 klaim naik.", "2024"), ("Iuran Rp16.800 per bulan.", "16.800"),
    ("Naik 53% setahun.", "53"), ("IDR 16,800 a month", "16,800"), ("Sekitar 1.500 jam kerja.", "1.500"),
    ("3. Ada 12 desa.", "12"),
])
def test_figures_are_flagged_with_their_line(line: str, number: str) -> None:
    problems = typed_numbers(chapter(f"\n{line}\n"))
    assert [p.text("id") for p in problems] == [
        f"content/id/uji.md, baris 2: angka '{number}' diketik langsung; ambil dari data dengan {{{{ fig.nama }}}} "
        "agar ikut diperbarui (lihat content/README.md)."]


# --- point 11: template mistakes in staff words --------------------------------------------------------

MESSAGES = {
    "attribute typo": ("\n{{ fig.peserta_terbaru.shrot }}", 2,
                       "fig.peserta_terbaru.shrot: a figure has no part .shrot. It has: .text, .short, .period, "
                       ".value (or nothing, for the full figure). Did you mean .short?"),
    "figure typo": ("{{ fig.peserta_terbaur }}", 1,
                    "fig.peserta_terbaur is not a known figure: a typo, or the figure is not in data/. Did you mean "
                    "fig.peserta_terbaru? See the list of names in content/README.md."),
    "helper typo": ("{{ chrat('cakupan_segmen') }}", 1,
                    "chrat is not a known name. Did you mean chart(…)? The helpers are: chart, cite, headline, "
                    "bibliography, segment_table, events_table, region_table, dataset_catalogue, picture; figures "
                    "are written fig.name. See the list of names in content/README.md."),
    "chart typo": ("{{ chart('cakupan_segmn') }}", 1,
                   "no chart 'cakupan_segmn' (available: biaya_segmen, cakupan_desa, cakupan_kecamatan, "
                   "cakupan_segmen, cakupan_waktu, klaim_program, porsi_rentan). Did you mean \"cakupan_segmen\"?"),
    "curly quotes": ("\n\n{{ chart(“cakupan_segmen”) }}", 3,
                     "curly quotes “ ” (as Word writes them) inside {{ }}; use straight quotes \" instead: "
                     "{{ chart(\"cakupan_segmen\") }}"),
    "unclosed {{": ("Teks.\n{{ fig.peserta_terbaru\nlagi\n\nlagi\n", 2,
                    "the {{ on this line is never closed with }}; add }} at its end."),
    "sandbox": ("\n{{ fig.peserta_terbaru.__class__ }}", 2,
                "this is not allowed in a chapter: between {{ }} only figures (fig.name) and the helpers listed in "
                "content/README.md may be used."),
    "helper without brackets": ("{{ headline }}", 1,
                                "headline is a helper and is written with brackets: {{ headline() }}."),
    "chart name without quotes": ("{{ chart(cakupan_segmen) }}", 1,
                                  "a chart's name goes in straight quotes: chart(\"cakupan_segmen\")."),
    "wrong arguments": ("{{ chart('cakupan_segmen', 3) }}", 1,
                        "chart(…) is written with the wrong contents; write it like this: chart(\"cakupan_segmen\")"),
    "figure called": ("{{ fig.peserta_terbaru() }}", 1,
                      "a figure fig.… is written without brackets ( ); remove the ( ) after it."),
}


@pytest.mark.parametrize("case", MESSAGES)
def test_template_mistakes_are_named_in_staff_words(drawn: tuple[compute.Figures, dict], case: str) -> None:
    body, line, words = MESSAGES[case]
    problem = render_problem(drawn, body)
    assert (problem.file, problem.line, problem.message_en) == ("content/id/uji.md", line, words)
    assert problem.message_id and problem.message_id != problem.message_en


def test_curly_quotes_are_named_in_indonesian_too(drawn: tuple[compute.Figures, dict]) -> None:
    assert render_problem(drawn, "{{ chart(“cakupan_segmen”) }}").message_id == (
        "tanda kutip melengkung “ ” (seperti yang ditulis Word) di dalam {{ }}; ganti dengan tanda kutip lurus \": "
        "{{ chart(\"cakupan_segmen\") }}")


# --- point 11: front matter ----------------------------------------------------------------------------

FRONT_MATTER = {
    "tab": ("title: Bab\n\tdescription: Ringkas.", 3,
            "this line holds a tab character; front matter may only use spaces. Remove the tab."),
    "unclosed quote": ('title: "Bab I\ndescription: Ringkas.', 2,
                       "the quote opened on this line is never closed; add the closing quote at the end of the value."),
    "colon": ("title: Bab I\ndescription: Lampiran: data dan grafik", 3,
              'the value of description holds a colon; put the value in quotes, e.g. description: "Lampiran: data '
              'dan grafik"'),
    "indented": ("title: Bab I\n  description: Ringkas.", 3,
                 "this line is indented; every front matter key starts at the beginning of the line."),
}


@pytest.mark.parametrize("case", FRONT_MATTER)
def test_front_matter_errors_name_the_cause_and_line(tmp_path: Path, case: str) -> None:
    front, line, words = FRONT_MATTER[case]
    for lang in ("id", "en"):
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "index.md").write_text(f"---\n{front}\n---\n\nTeks.\n", encoding="utf-8")
    with pytest.raises(ContentError) as error:
        load_content(tmp_path, ("id", "en"))
    problem = error.value.problems[0]
    assert (problem.file, problem.line, problem.message_en) == ("content/id/index.md", line, words)


def test_python_build_py_works_outside_the_virtual_environment(tmp_path: Path) -> None:
    """Staff type `python build.py`; with the project's .venv beside it, that must run, not fail on imports."""
    root = tmp_path / "project"
    root.mkdir()
    (root / "build.py").write_bytes((REPO / "build.py").read_bytes())
    (root / ".venv").symlink_to(Path(sys.prefix))
    base = getattr(sys, "_base_executable", sys.executable)  # the interpreter without the project's packages
    assert subprocess.run([base, "-c", "import mkdocs"], capture_output=True).returncode != 0
    result = subprocess.run([base, "build.py", "--help"], capture_output=True, text=True, cwd=root, timeout=60)
    assert result.returncode == 0 and "perintah / commands" in result.stdout, result.stderr
    (root / ".venv").unlink()
    result = subprocess.run([base, "build.py", "--help"], capture_output=True, text=True, cwd=root, timeout=60)
    assert result.returncode == 2
    assert "Run first: bash scripts/site (it creates .venv and installs them)" in result.stderr


# --- point 12: nothing silently ignored ----------------------------------------------------------------

def small_project(root: Path, chapters: dict[str, str]) -> Path:
    """The demo project's data, templates and settings; only the chapters given (name -> body, same in both
    languages)."""
    shutil.rmtree(copy_project(root) / "content")
    for lang in ("id", "en"):
        for name, body in chapters.items():
            path = root / "content" / lang / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"---\ntitle: {name}\ndescription: Uji.\n---\n\n{body}\n", encoding="utf-8")
    return root


@pytest.mark.parametrize("name, words", [
    ("bab-7.md.txt", "a chapter must end in .md to be published; rename it to bab-7.md."),
    ("bab-7.MD", "a chapter must end in .md to be published; rename it to bab-7.md."),
    ("bab-7.markdown", "a chapter must end in .md to be published; rename it to bab-7.md."),
    ("Bab 7 Lampiran.md", "a chapter's name may only hold lower-case letters, digits and hyphens (it becomes the "
                          "page's address); rename it to bab-7-lampiran.md."),
])
def test_near_miss_chapter_files_are_named(tmp_path: Path, name: str, words: str) -> None:
    for lang in ("id", "en"):
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "index.md").write_text("---\ntitle: A\ndescription: B\n---\n", encoding="utf-8")
    (tmp_path / "id" / name).write_text("---\ntitle: A\ndescription: B\n---\n", encoding="utf-8")
    with pytest.raises(ContentError) as error:
        load_content(tmp_path, ("id", "en"))
    assert f"content/id/{name}: {words}" in [p.text("en") for p in error.value.problems]


def test_two_names_differing_only_in_case_are_named(tmp_path: Path) -> None:
    for lang in ("id", "en"):
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "index.md").write_text("---\ntitle: A\ndescription: B\n---\n", encoding="utf-8")
    (tmp_path / "id" / "bab-7.md").write_text("---\ntitle: A\ndescription: B\n---\n", encoding="utf-8")
    (tmp_path / "id" / "Bab-7.md").write_text("---\ntitle: A\ndescription: B\n---\n", encoding="utf-8")
    if len(list((tmp_path / "id").iterdir())) < 3:
        pytest.fail("this file system does not tell names apart by case")
    with pytest.raises(ContentError) as error:
        load_content(tmp_path, ("id", "en"))
    assert ("content/id/Bab-7.md: this name differs from bab-7.md only in capitals; delete or merge one of them."
            in [p.text("en") for p in error.value.problems])


def test_an_unclosed_code_fence_is_reported_where_it_opens() -> None:
    from report.chapters.prose import unclosed_fence
    assert unclosed_fence(chapter("Teks.\n\n```\nkode\n```\n\n~~~~\nkode")) == [Problem(
        "content/id/uji.md", "blok kode yang dibuka dengan ~~~~ di baris ini tidak pernah ditutup, sehingga sisa bab "
        "tampil sebagai kode. Tambahkan baris ~~~~ di akhir blok itu, atau hapus baris ini.",
        "the code block opened with ~~~~ on this line is never closed, so the rest of the chapter shows as code. Add "
        "a ~~~~ line where the block ends, or remove this line.", line=7)]
    assert unclosed_fence(chapter("```python\nkode\n```")) == []


def test_sample_text_from_new_is_named(tmp_path: Path) -> None:
    from report.chapters.prose import placeholder_text
    from report.chapters.scaffold import new_chapter
    new_chapter(tmp_path, "bab-7", ("id", "en"), "Lampiran")
    for lang in ("id", "en"):
        (tmp_path / lang / "index.md").write_text("---\ntitle: A\ndescription: B\n---\n", encoding="utf-8")
    found = {c.lang: [p.text("en") for p in placeholder_text(c)]
             for c in load_content(tmp_path, ("id", "en")) if c.slug == "bab-7"}
    assert found["id"] == [
        "content/id/bab-7.md: the description is still the sample text from build.py new; replace it with the "
        "chapter's own text.",
        "content/id/bab-7.md, line 8: the text is still the sample text from build.py new; replace it with the "
        "chapter's own text."]
    assert found["en"][0] == ("content/en/bab-7.md: the title is still the sample text from build.py new; replace it "
                              "with the chapter's own text.")


@pytest.mark.parametrize("message, words", [
    ("Doc file 'index.md' contains a link 'bab-9.md', but the target 'bab-9.md' is not found among documentation "
     "files.", "content/id/index.md, line 6: the link to 'bab-9.md' leads to a page that does not exist; check the "
     "file name (e.g. bab-1-pendahuluan.md)."),
    ("Doc file 'index.md' contains a link 'glosarium.md#hilang', but the doc 'glosarium.md' does not contain an "
     "anchor '#hilang'.", "content/id/index.md, line 6: the link to 'glosarium.md#hilang' leads to a part #hilang that "
     "is not on that page; check the heading (a part's address is made from its heading: lower case, spaces become "
     "hyphens)."),
    ("Doc file 'index.md' contains a link '#atas', but there is no such anchor on this page.",
     "content/id/index.md, line 6: the link to '#atas' leads to a part #atas that is not on that page; check the "
     "heading (a part's address is made from its heading: lower case, spaces become hyphens)."),
])
def test_mkdocs_link_warnings_are_said_in_staff_words(tmp_path: Path, message: str, words: str) -> None:
    from report.publishing.publish import staff_problem
    (tmp_path / "content/id").mkdir(parents=True)
    (tmp_path / "content/id/index.md").write_text(
        "---\ntitle: A\ndescription: B\n---\n\n[a](bab-9.md) [b](glosarium.md#hilang) [c](#atas)\n", encoding="utf-8")
    assert staff_problem(message, tmp_path / "content", "id").text("en") == words


@pytest.mark.slow
def test_broken_links_and_anchors_warn_and_stop_a_strict_build(tmp_path: Path) -> None:
    root = small_project(tmp_path / "p", {"index.md": "# Beranda\n\n## Ada\n\n[ke bagian](#ada) [hilang](#tidak-ada) "
                                                      "[bab](bab-9.md)"})
    normal = run_build(root, "--no-pdf")
    assert normal.returncode == 0, normal.stderr
    assert ("Peringatan: content/id/index.md, baris 10: tautan ke '#tidak-ada' menuju bagian #tidak-ada yang tidak "
            "ada di halaman itu") in normal.stderr
    assert "content/id/index.md, baris 10: tautan ke 'bab-9.md' menuju halaman yang tidak ada" in normal.stderr
    assert "'#ada'" not in normal.stderr
    assert run_build(root, "translations", "--done", "en/index").returncode == 0
    strict = run_build(root, "--no-pdf", "--strict", "--english")
    assert strict.returncode == 2
    assert ("  - content/id/index.md, line 10: the link to '#tidak-ada' leads to a part #tidak-ada that is not on that "
            "page") in strict.stderr


def test_an_unclosed_bracket_is_named(drawn: tuple[compute.Figures, dict]) -> None:
    problem = render_problem(drawn, "\n{{ headline( }}")
    assert (problem.line, problem.message_en) == (2, "a bracket ( between {{ }} is never closed with ); e.g. "
                                                     "{{ headline() }}.")


@pytest.mark.parametrize("body, words", [
    ("{{ fig }}", "fig is the list of every figure; write one figure by its name, e.g. {{ fig.peserta_terbaru }}."),
    ("{{ fig.peserta_terbaru.value.besar }}", ".besar does not exist here: only a figure (fig.name) has parts, namely "
                                              ".text, .short, .period, .value. See the list of names in "
                                              "content/README.md."),
])
def test_python_words_never_reach_staff(drawn: tuple[compute.Figures, dict], body: str, words: str) -> None:
    assert render_problem(drawn, body).message_en == words


def test_a_value_starting_with_a_bracket_needs_quotes(tmp_path: Path) -> None:
    for lang in ("id", "en"):
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "index.md").write_text("---\ntitle: [English title] Beranda\ndescription: B\n---\n",
                                                  encoding="utf-8")
    with pytest.raises(ContentError) as error:
        load_content(tmp_path, ("id", "en"))
    assert error.value.problems[0].text("en") == (
        "content/id/index.md, line 2: the value of title starts with [, which has a special meaning in front matter; "
        "put the whole value in quotes, e.g. title: \"[English title] Beranda\"")


def test_the_preview_banner_says_what_ci_would_refuse() -> None:
    from bs4 import BeautifulSoup

    from report.serve import inject_banner, warning_banner
    assert warning_banner([]) == ""
    problem = Problem("content/id/index.md", "angka '12' diketik langsung.", "the number '12' is typed by hand.",
                      line=3)
    page = BeautifulSoup(inject_banner(b"<html><body class='x'><p>Isi</p></body></html>", warning_banner([problem])),
                         "lxml")
    banner = page.body.contents[0]
    assert banner["class"] == ["preview-warnings"] and banner["role"] == "status"
    assert banner.p.get_text() == ("Peringatan (1): halaman tetap dibangun, tetapi CI (build --strict) akan "
                                   "menolaknya. Warnings: the site is built, but CI (a strict build) would refuse it.")
    assert banner.li.get_text() == ("content/id/index.md, baris 3: angka '12' diketik langsung."
                                    "the number '12' is typed by hand.")


def test_a_chapter_saved_beside_the_staff_guide_is_named(tmp_path: Path) -> None:
    for lang in ("id", "en"):
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "index.md").write_text("---\ntitle: A\ndescription: B\n---\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("# Panduan\n", encoding="utf-8")
    (tmp_path / "bab-7.md").write_text("---\ntitle: A\ndescription: B\n---\n", encoding="utf-8")
    with pytest.raises(ContentError) as error:
        load_content(tmp_path, ("id", "en"))
    assert [p.text("en") for p in error.value.problems] == [
        "content/bab-7.md: a chapter must be saved in its language's folder (content/id/ / content/en/); move this "
        "file."]


def test_a_header_wider_than_every_row_gives_the_same_count_in_both_languages() -> None:
    """A blank line under the header is skipped: the count said is the data rows' own, in either language."""
    problems: list[Problem] = []
    data.parse_rows("periode,kode_wilayah,peserta\n\n2025,5171\n2024,5171\n", "data/kepesertaan.csv", problems)
    assert [(p.line, p.message_id, p.message_en) for p in problems] == [(
        1, "baris judul berisi 3 kolom, tetapi setiap baris data berisi 2 nilai. Periksa nama kolom di baris judul.",
        "the header row has 3 columns but every data row has 2 values. Check the column names in the header row.")]
