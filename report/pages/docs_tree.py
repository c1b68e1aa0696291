"""Write the rendered pages and the site's assets as a MkDocs docs tree (one folder per language)."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from report.chapters.translation import NOTICE_META, STATUS_PAGE, TranslationState, status_page
from report.charts.charts import DrawnChart
from report.pages.blocks import download_path
from report.pages.render import Page
from report.publishing.language_sites import theme_text
from report.publishing.vendor import vendored_files

ASSETS = "assets"


def write_docs_tree(pages: list[Page], charts: dict[tuple[str, str], DrawnChart],
                    translations: list[TranslationState], templates_dir: Path, docs_dir: Path) -> None:
    if docs_dir.exists():
        shutil.rmtree(docs_dir)
    for page in pages:
        path = docs_dir / page.lang / f"{page.slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        front_matter = yaml.safe_dump(theme_meta(page.meta), allow_unicode=True, sort_keys=False)
        path.write_text(f"---\n{front_matter}---\n{page.markdown.lstrip()}", encoding="utf-8")
    shutil.copytree(templates_dir / ASSETS, docs_dir / ASSETS)
    (docs_dir / STATUS_PAGE).parent.mkdir(parents=True, exist_ok=True)
    (docs_dir / STATUS_PAGE).write_text(status_page(translations), encoding="utf-8")
    for (name, lang), chart in charts.items():
        path = docs_dir / lang / download_path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(chart.csv, encoding="utf-8")
    for target, source in vendored_files().items():
        (docs_dir / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, docs_dir / target)


def theme_meta(meta: dict) -> dict:
    """Front matter as MkDocs' theme takes it: the title and description staff wrote, and the original's title
    in a translation notice, escaped (theme_text). The pages keep the plain text for the PDF and the cards."""
    shown = {key: theme_text(value) if key in ("title", "description") else value for key, value in meta.items()}
    if isinstance(notice := meta.get(NOTICE_META), dict):
        shown[NOTICE_META] = {**notice, "title": theme_text(notice.get("title", ""))}
    return shown
