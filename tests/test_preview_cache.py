"""The preview renders again only the chapters that changed, and never serves a page made from other
data or other templates."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import DEMO, REPO, copy_project

from report.chapters.content import load_content
from report.charts.charts import make_charts
from report.figures.compute import compute_figures
from report.inputs.data import load_data
from report.pipeline import render_stage
from report.session import RenderedPages

LANGUAGES = ("id", "en")


@pytest.mark.slow
def test_only_what_changed_is_rendered_again(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(REPO / "templates", templates)
    chapters = load_content(DEMO / "content", LANGUAGES)
    tables = load_data(DEMO / "data", allow_illustrative=True)
    figures = compute_figures(tables)
    charts = make_charts(figures, LANGUAGES, tmp_path / "charts")
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


@pytest.mark.slow
def test_a_session_reuses_data_stages_only_for_the_same_data(tmp_path: Path) -> None:
    """What is reused lives in the caller's session: the same session and data give the same objects,
    another session or other data never do."""
    from report.pipeline import History, Timings, data_stages
    from report.session import BuildSession
    from report.settings import load_settings

    root = copy_project(tmp_path / "project")
    settings = load_settings(root, show_progress=False)
    history, timings, cache = History([], None), Timings(show=False), tmp_path / "cache"
    kept = BuildSession()
    first = data_stages(settings, history, kept, timings, cache)
    assert data_stages(settings, history, kept, timings, cache) is first
    assert data_stages(settings, history, BuildSession(), timings, cache) is not first
    data = root / "data" / "kepesertaan.csv"
    data.write_text(data.read_text(encoding="utf-8").replace(",51.71,semua,10704,", ",51.71,semua,10705,", 1),
                    encoding="utf-8")
    changed = data_stages(settings, history, kept, timings, cache)
    assert changed is not first and changed.figures.scalars["peserta_terbaru"].value == 10705
