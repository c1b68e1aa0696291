"""A small golden site: one page per language built from the demo project's data and the real templates; the text of
its article must match the stored expectation exactly. After an intended change, regenerate with
UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py and review the diff."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import DEMO, REPO, run_build

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def golden_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("golden") / "project"
    root.mkdir()
    for name in ("data", "templates", "mkdocs.yml", "build.py"):
        source = (DEMO if name in ("data", "mkdocs.yml") else REPO) / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, root / name)
    shutil.copytree(GOLDEN / "content", root / "content")
    result = run_build(root, "--strict", "--no-pdf")
    assert result.returncode == 0, result.stderr
    return root / "site"


def article_text(page: Path) -> str:
    article = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").select_one(".md-content article")
    lines = [" ".join(line.split()) for line in article.get_text("\n").splitlines()]
    return "\n".join(line for line in lines if line) + "\n"


@pytest.mark.parametrize("lang, page", [("id", "index.html"), ("en", "en/index.html")])
def test_golden_page(golden_site: Path, lang: str, page: str) -> None:
    expected = GOLDEN / f"expected-{lang}.txt"
    actual = article_text(golden_site / page)
    if os.environ.get("UPDATE_GOLDEN"):
        expected.write_text(actual, encoding="utf-8")
    assert actual == expected.read_text(encoding="utf-8")
