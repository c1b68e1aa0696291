"""Every built page through the Nu HTML Checker (vnu.jar from the npm registry, pinned in
tools/vnu/package-lock.json; Java from Debian, both installed by `bash scripts/setup test`): no error
that comes from our templates, and no heading level skipped."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import REPO

VNU = REPO / "tools" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# Errors in Material's own page frame, which we do not override: its menu and search toggles are
# checkboxes with autocomplete="off" (a Firefox workaround). Matched on the markup too, so an input of ours
# with the same error is still reported.
THEME_ERRORS = (("Attribute “autocomplete” is only allowed when the input type is", 'data-md-toggle="'),)


def from_the_theme(message: dict) -> bool:
    return any(message["message"].startswith(text) and markup in message.get("extract", "")
               for text, markup in THEME_ERRORS)


def test_every_page_is_valid_html(site: Path) -> None:
    java = shutil.which("java")
    assert java and VNU.is_file(), "the HTML checker is missing: run `bash scripts/setup test`"
    result = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html",
                             str(site)], capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stderr)["messages"]
    ours = [f"{m['url'].rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages
            if not from_the_theme(m)]
    assert not ours, "\n".join(ours[:20])
    assert [m for m in messages if from_the_theme(m)], "Material fixed its toggles: remove THEME_ERRORS"


def test_no_heading_level_is_skipped(site: Path) -> None:
    for path in sorted(site.rglob("*.html")):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        content = page.select_one(".md-content") or page.body
        level = 0
        for heading in content.find_all(["h1", "h2", "h3", "h4", "h5", "h6"]):
            shown = int(heading.name[1])
            assert shown <= level + 1, f"{path.relative_to(site)}: {heading.name} '{heading.get_text(strip=True)}' " \
                                       f"after h{level}"
            level = shown
