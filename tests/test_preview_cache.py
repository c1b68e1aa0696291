"""The preview renders again only the chapters that changed, and never serves a page made from other
data or other templates."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from conftest import DEMO, REPO

from report.charts import make_charts
from report.compute import compute_figures
from report.content import load_content
from report.data import load_data
from report.pipeline import render_stage

LANGUAGES = ("id", "en")


def test_only_what_changed_is_rendered_again(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(REPO / "templates", templates)
    chapters = load_content(DEMO / "content", LANGUAGES)
    tables = load_data(DEMO / "data", allow_illustrative=True)
    figures = compute_figures(tables)
    charts = make_charts(figures, LANGUAGES, tmp_path / "charts")
    first = render_stage(chapters, figures, charts, templates)

    edited = [replace(c, body=c.body + "\nKalimat baru.\n") if c.slug == "glosarium" and c.lang == "id" else c
              for c in chapters]
    second = render_stage(edited, figures, charts, templates)
    for before, after, chapter in zip(first, second, edited):
        if chapter.slug == "glosarium" and chapter.lang == "id":
            assert after.markdown.rstrip().endswith("Kalimat baru.")
        else:
            assert after is before, f"{chapter.shown_path} was rendered again without a change"

    snippet = templates / "figure.html"
    snippet.write_text(snippet.read_text(encoding="utf-8").replace('class="fig', 'class="fig fig--uji', 1),
                       encoding="utf-8")
    third = render_stage(edited, figures, charts, templates)
    assert all(a is not b for a, b in zip(third, second))
    assert "fig--uji" in next(p.markdown for p in third if p.slug == "index")

    other_data = compute_figures(tables)  # equal figures, but another object: a new data read
    fourth = render_stage(edited, other_data, charts, templates)
    assert all(a is not b for a, b in zip(fourth, third))
