"""The exact words staff read when a chapter is wrong, run in-process against the stage that says them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from report import charts, compute, data, render
from report.content import Chapter, load_content
from report.errors import ContentError, Problem
from report.prose import typed_numbers


@pytest.fixture(scope="module")
def drawn() -> tuple[compute.Figures, dict]:
    figures = compute.compute_figures(data.load_data(REPO / "data"))
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
