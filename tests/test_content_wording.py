"""The chapters as staff wrote them: what they may say, and that the English says the same thing block by
block. These read content/ itself: the wording is what is under test, not the engine."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import REPO

CONTENT = REPO / "content"
CHAPTERS = sorted(p.name for p in (CONTENT / "id").glob("*.md"))
EXPRESSION = re.compile(r"\{\{.*?\}\}")


def blocks(path: Path) -> list[str]:
    """Non-empty lines after the front matter: a paragraph, heading, list item, table row or helper each."""
    body = path.read_text(encoding="utf-8").split("---\n", 2)[2]
    return [line.strip() for line in body.splitlines() if line.strip()]


def kind(block: str) -> str:
    return block[:2] if block[0] in "#-|!{" else "paragraph"


@pytest.mark.parametrize("name", CHAPTERS)
def test_the_english_says_the_same_block_by_block(name: str) -> None:
    original, translation = blocks(CONTENT / "id" / name), blocks(CONTENT / "en" / name)
    assert [kind(b) for b in original] == [kind(b) for b in translation], f"{name}: blocks differ"
    for number, (block_id, block_en) in enumerate(zip(original, translation), 1):
        assert sorted(EXPRESSION.findall(block_id)) == sorted(EXPRESSION.findall(block_en)), \
            f"{name}, block {number}: the two languages cite or show different figures"


@pytest.mark.parametrize("name", CHAPTERS)
def test_no_chapter_shows_a_breakdown_by_place_or_made_up_figures(name: str) -> None:
    for lang in ("id", "en"):
        text = (CONTENT / lang / name).read_text(encoding="utf-8")
        assert not re.search(r'chart\("cakupan_(kecamatan|desa)"\)', text), f"{lang}/{name}"
        assert not re.search(r"ilustratif|illustrative", text, re.IGNORECASE), f"{lang}/{name}"


# Colloquial or self-referential phrasing point 8 of issue 10 names; the summary speaks as its authors
# ("penyusun", "ringkasan ini", "laman ini"), not as a website.
INFORMAL = re.compile(r"situs ini|tidak menebak|bercampur|tampaknya|dimaksudkan menjadi dasar", re.IGNORECASE)


@pytest.mark.parametrize("name", CHAPTERS)
def test_the_indonesian_keeps_a_formal_register(name: str) -> None:
    found = INFORMAL.findall((CONTENT / "id" / name).read_text(encoding="utf-8"))
    assert not found, f"id/{name}: {found}"


def test_one_spelling_of_kelian_outside_the_glossary_note() -> None:
    for lang in ("id", "en"):
        for name in CHAPTERS:
            for number, block in enumerate(blocks(CONTENT / lang / name), 1):
                if re.search(r"\b(klian|kelihan)\b", block, re.IGNORECASE):
                    assert name == "glosarium.md" and re.search(r"\bkelian\b", block), \
                        f"{lang}/{name}, block {number}: write kelian"
