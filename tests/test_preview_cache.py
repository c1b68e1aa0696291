"""The preview renders again only the chapters that changed, and never serves a page made from other
data or other templates."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from conftest import DEMO, REPO, copy_project

from report.chapters.content import load_content
from report.charts.charts import make_charts
from report.figures.compute import Figures, compute_figures, release_date
from report.inputs.data import load_data
from report.pipeline import render_stage
from report.session import RenderedPages

LANGUAGES = ("id", "en")


def drawings(project: Path) -> Path:
    """The shared build's drawn charts (in a copy of its project): a test about rendering draws none."""
    folder, = (project / ".build" / "cache").glob("v-*/charts")
    return folder


def test_only_what_changed_is_rendered_again(project: Path, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(REPO / "templates", templates)
    chapters = load_content(DEMO / "content", LANGUAGES)
    tables = load_data(DEMO / "data", allow_illustrative=True)
    figures = compute_figures(tables)
    charts = make_charts(figures, LANGUAGES, drawings(project))
    kept = RenderedPages()  # what the preview's session keeps between builds
    first = render_stage(chapters, figures, charts, templates, kept)

    edited = [replace(c, body=c.body + "\nKalimat baru.\n") if c.slug == "glosarium" and c.lang == "id" else c
              for c in chapters]
    second = render_stage(edited, figures, charts, templates, kept)
    for before, after, chapter in zip(first, second, edited):
        if chapter.slug == "glosarium" and chapter.lang == "id":
            assert after.markdown.rstrip().endswith("Kalimat baru.")
        else:
            assert after is before, f"{chapter.shown_path} was rendered again without a change"

    snippet = templates / "figure.html"
    snippet.write_text(snippet.read_text(encoding="utf-8").replace('class="fig', 'class="fig fig--uji', 1),
                       encoding="utf-8")
    third = render_stage(edited, figures, charts, templates, kept)
    assert all(a is not b for a, b in zip(third, second))
    assert "fig--uji" in next(p.markdown for p in third if p.slug == "index")

    other_data = compute_figures(tables)  # equal figures, but another object: a new data read
    fourth = render_stage(edited, other_data, charts, templates, kept)
    assert all(a is not b for a, b in zip(fourth, third))


def test_a_session_reuses_data_stages_only_for_the_same_data(project: Path) -> None:
    """What is reused lives in the caller's session: the same session and data give the same objects,
    another session or other data never do."""
    from report.pipeline import History, Timings, data_stages
    from report.session import BuildSession
    from report.settings import load_settings

    root = project
    settings = load_settings(root, show_progress=False)
    history, timings, cache = History([], None), Timings(show=False), drawings(root).parent
    kept = BuildSession()
    first = data_stages(settings, history, kept, timings, cache)
    assert data_stages(settings, history, kept, timings, cache) is first
    assert data_stages(settings, history, BuildSession(), timings, cache) is not first
    data = root / "data" / "kepesertaan.csv"
    data.write_text(data.read_text(encoding="utf-8").replace(",51.71,semua,10704,", ",51.71,semua,10705,", 1),
                    encoding="utf-8")
    changed = data_stages(settings, history, kept, timings, cache)
    assert changed is not first and changed.figures.scalars["peserta_terbaru"].value == 10705


# A data edit in the preview: what its session reuses, and that it still shows the change -----------------

NEWEST_TOTAL = (",51.71,semua,10704,", ",51.71,semua,10705,")  # the demo's latest official total, plus one


def edit_newest_total(root: Path) -> None:
    data = root / "data" / "kepesertaan.csv"
    text = data.read_text(encoding="utf-8")
    assert NEWEST_TOTAL[0] in text
    data.write_text(text.replace(*NEWEST_TOTAL, 1), encoding="utf-8")


def test_a_data_edit_redraws_only_the_charts_whose_data_changed(project: Path) -> None:
    from report.pipeline import History, Timings, data_stages
    from report.session import BuildSession
    from report.settings import load_settings

    root = project
    settings = load_settings(root, show_progress=False)
    history, session, cache = History([], None), BuildSession(), drawings(root).parent
    first = data_stages(settings, history, session, Timings(show=False), cache)
    for kept in (cache / "charts").glob("*.json"):  # a mark that only a drawing read back from the cache has
        drawn = json.loads(kept.read_text(encoding="utf-8"))
        drawn["svg"] = drawn["svg"].replace("<svg", '<svg data-kept="1"', 1)
        kept.write_text(json.dumps(drawn), encoding="utf-8")

    edit_newest_total(root)
    second = data_stages(settings, history, session, Timings(show=False), cache)

    redrawn = {name for (name, _), chart in second.charts.items() if 'data-kept="1"' not in chart.svg}
    assert redrawn == {"cakupan_waktu"}, "only the chart of the edited month's totals is drawn again"
    assert second.charts[("cakupan_waktu", "id")].svg != first.charts[("cakupan_waktu", "id")].svg
    assert any("10.705" in row for row in map(" ".join, second.charts[("cakupan_waktu", "id")].rows))


def figures_of(root: Path) -> tuple[Figures, date]:
    tables = load_data(root / "data", allow_illustrative=True)
    return compute_figures(tables), release_date(tables)


@pytest.mark.slow
def test_a_data_edit_remakes_only_the_workbooks_whose_rows_changed(tmp_path: Path) -> None:
    """The data page's file sizes and the files written are one making per build, and what the session
    reuses is byte for byte what a build without it makes."""
    from report.cache import Memo
    from report.publishing.downloads import file_sizes, keyed_files

    root = copy_project(tmp_path / "project")
    memo = Memo()
    figures, released = figures_of(root)
    sizes = file_sizes(figures, released, "id", memo)
    first = keyed_files(figures, released, "id", memo)[1]()
    assert first is keyed_files(figures, released, "id", memo)[1](), "the download stage writes what was measured"
    assert sizes == {name: len(content) for name, content in first.items()}

    edit_newest_total(root)
    figures, released = figures_of(root)
    second = keyed_files(figures, released, "id", memo)[1]()

    assert second == keyed_files(figures, released, "id", Memo())[1](), "equal to a fresh making"
    workbooks = [name for name in second if name.endswith(".xlsx")]
    changed = {name for name in workbooks if second[name] != first[name]}
    assert changed and len(changed) < len(workbooks)
    assert all(second[name] is first[name] for name in workbooks if name not in changed), "the others are reused"
    assert second[next(n for n in second if n.endswith(".zip"))] != first[next(n for n in first if n.endswith(".zip"))]


def test_a_session_checks_and_compiles_a_chapter_once_but_never_forgets_its_mistakes(tmp_path: Path) -> None:
    """A chapter whose text did not change is not checked or compiled again after a data edit; its
    problems are reported on every build all the same, and it shows the new figures."""
    from report.cache import Memo
    from report.chapters.content import Chapter
    from report.errors import ContentError
    from report.pages.render import render_pages

    def chapter(body: str) -> Chapter:
        return Chapter("bab-x", "id", Path("bab-x.md"), {}, body, 1)

    root = copy_project(tmp_path / "project")
    memo, templates = Memo(), REPO / "templates"
    figures, _ = figures_of(root)
    for body, said in (("Teks.\n\n<script>alert(1)</script>\n", "the <script> tag is not allowed"),
                       ("Angka {{ fig.peserta_terbaru }.\n", "content/id/bab-x.md, line 1"),
                       ("Teks.\n\nAngka {{ fig.peserta_terbaruu }}.\n", "line 3")):
        for _ in range(2):
            with pytest.raises(ContentError) as raised:
                render_pages([chapter(body)], figures, {}, templates, memo=memo)
            assert said in raised.value.problems[0].text("en")

    shown = chapter("Peserta: {{ fig.peserta_terbaru }}.\n")
    page, = render_pages([shown], figures, {}, templates, memo=memo)
    edit_newest_total(root)
    edited, _ = figures_of(root)
    again, = render_pages([shown], edited, {}, templates, memo=memo)
    assert "10.704" in page.markdown and "10.705" in again.markdown


@pytest.mark.slow
def test_the_preview_runs_mkdocs_only_for_the_languages_whose_pages_changed(project: Path) -> None:
    """A language whose MkDocs input is unchanged is linked from the site the preview published; one whose
    input changed is built again, and a one-shot build (a fresh session) builds every language."""
    from report.pipeline import build
    from report.session import BuildSession
    from report.settings import load_settings

    root = project  # the shared build's copy: its charts are drawn, its downloads made (.build/cache)
    settings = load_settings(root, show_progress=False, print_pdf=False, search_index=False,
                             site_folder=".build/preview")
    session, site = BuildSession(), settings.site_dir

    def edit_and_build(lang: str, words: str, kept: BuildSession) -> dict[str, int]:
        chapter = root / "content" / lang / "glosarium.md"
        chapter.write_text(chapter.read_text(encoding="utf-8") + f"\n{words}\n", encoding="utf-8")
        build(settings, kept)
        assert words in (site / ("" if lang == "id" else "en/") / "glosarium.html").read_text(encoding="utf-8")
        return {page: (site / page).stat().st_ino for page in ("index.html", "en/index.html")}

    build(settings, session)
    first = edit_and_build("id", "Kalimat baru di glosarium.", session)  # its translation is now out of date
    after_id = edit_and_build("id", "Kalimat lain.", session)  # and still is: nothing changes in English
    assert after_id["en/index.html"] == first["en/index.html"], "English: taken from the published site"
    assert after_id["index.html"] != first["index.html"]
    after_en = edit_and_build("en", "A new sentence in the glossary.", session)
    assert after_en["index.html"] == after_id["index.html"] and after_en["en/index.html"] != after_id["en/index.html"]
    one_shot = edit_and_build("id", "Kalimat kedua.", BuildSession())
    assert one_shot["en/index.html"] != after_en["en/index.html"], "a fresh session builds every language"


@pytest.mark.slow
def test_a_language_is_never_taken_from_a_site_another_command_published(project: Path) -> None:
    """Two previews of one project share its preview folder: what one published since the other's last
    build must not pass for the other's pages, even when the other's input is back to what it built."""
    from report.pipeline import build
    from report.session import BuildSession
    from report.settings import load_settings

    root = project  # the shared build's copy, its disk cache warm
    settings = load_settings(root, show_progress=False, print_pdf=False, search_index=False,
                             site_folder=".build/preview")
    chapter, page = root / "content" / "en" / "glosarium.md", settings.site_dir / "en" / "glosarium.html"
    before, ours = chapter.read_text(encoding="utf-8"), BuildSession()
    build(settings, ours)
    chapter.write_text(before + "\nA sentence only the other preview saw.\n", encoding="utf-8")
    build(settings, BuildSession())
    chapter.write_text(before, encoding="utf-8")  # saved back before this preview rebuilt
    build(settings, ours)
    assert "only the other preview saw" not in page.read_text(encoding="utf-8")


@pytest.mark.slow
def test_what_a_session_reuses_never_changes_the_site(project: Path, tmp_path: Path) -> None:
    """After a data edit and chapter edits in both languages, the preview's site is the site a fresh build
    makes from the same files: every file, byte for byte. What a session reuses is in memory; both builds
    read drawings and downloads from the same disk cache (kept by content hash), so that is not compared."""
    from conftest import tree_digest

    from report.pipeline import build
    from report.session import BuildSession
    from report.settings import Settings, load_settings

    def preview_settings(root: Path) -> Settings:
        return load_settings(root, show_progress=False, print_pdf=False, search_index=False,
                             site_folder=".build/preview")

    root, session = project, BuildSession()  # the shared build's copy, its disk cache warm
    build(preview_settings(root), session)
    edit_newest_total(root)
    build(preview_settings(root), session)
    for lang in LANGUAGES:
        chapter = root / "content" / lang / "glosarium.md"
        chapter.write_text(chapter.read_text(encoding="utf-8") + "\nKalimat baru.\n", encoding="utf-8")
        build(preview_settings(root), session)

    fresh = copy_project(tmp_path / "fresh")
    for folder in ("content", "data"):
        shutil.rmtree(fresh / folder)
        shutil.copytree(root / folder, fresh / folder)
    shutil.copytree(root / ".build" / "cache", fresh / ".build" / "cache")
    build(preview_settings(fresh), BuildSession())
    assert tree_digest(root / ".build" / "preview") == tree_digest(fresh / ".build" / "preview")
