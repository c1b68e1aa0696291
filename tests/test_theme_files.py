"""MkDocs copies the same theme files when the theme's loader lists only visible ones (theme_files.py)."""

from __future__ import annotations

from pathlib import Path

from conftest import copy_project
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from report.publishing.theme_files import VisibleThemeFiles
from report.settings import load_settings, mkdocs_config


def theme_files(config: MkDocsConfig) -> list[tuple[str, str]]:
    files = Files([])
    files.add_files_from_theme(config.theme.get_env(), config)
    return [(file.src_uri, file.abs_src_path or "") for file in files]


def test_the_theme_files_mkdocs_copies_are_the_same_without_walking_hidden_folders(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    (root / "templates" / "overrides" / ".hidden").mkdir()
    (root / "templates" / "overrides" / ".hidden" / "skip.js").write_text("", encoding="utf-8")
    (root / "templates" / "overrides" / "assets").mkdir(exist_ok=True)
    (root / "templates" / "overrides" / "assets" / "extra.js").write_text("", encoding="utf-8")
    (root / "templates" / "overrides" / "assets" / ".skip.js").write_text("", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    settings = load_settings(root, show_progress=False)
    config = mkdocs_config(settings, docs_dir=str(tmp_path / "docs"), site_dir=str(tmp_path / "site"))
    expected = theme_files(config)
    listed_by_mkdocs = config.theme.get_env().list_templates()

    VisibleThemeFiles().on_config(config)

    assert theme_files(config) == expected
    assert ("assets/extra.js", str(root / "templates" / "overrides" / "assets" / "extra.js")) in expected
    listed = config.theme.get_env().list_templates()
    assert set(listed) < set(listed_by_mkdocs) and len(listed) * 10 < len(listed_by_mkdocs)
    assert not any(part.startswith(".") for name in listed for part in name.split("/"))
