"""`python build.py new <slug>`: a new chapter in every language, front matter filled in."""

from __future__ import annotations

import re
from pathlib import Path

from .errors import ContentError, Problem

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
TEMPLATE = """---
title: {title}
description: {description}
---

# {title}

{body}
"""
TEXT = {
    "id": ("Ringkasan satu kalimat tentang bab ini.",
           "Tulis isi bab di sini. Angka diambil dari data, misalnya {{ fig.peserta_terbaru }} per "
           "{{ fig.peserta_terbaru.period }}; lihat content/README.md."),
    "en": ("One-sentence summary of this chapter.",
           "Write the chapter here. Figures come from the data, e.g. {{ fig.peserta_terbaru }} as of "
           "{{ fig.peserta_terbaru.period }}; see content/README.md."),
}


def new_chapter(content_dir: Path, slug: str, languages: tuple[str, ...], title: str | None = None) -> list[Path]:
    if not SLUG.match(slug):
        raise ContentError([Problem(slug, "nama bab hanya boleh huruf kecil, angka dan tanda hubung, misalnya "
                                    "bab-7-lampiran.", "a chapter name may only hold lower-case letters, digits and "
                                    "hyphens, e.g. bab-7-lampiran.")])
    paths = [content_dir / lang / f"{slug}.md" for lang in languages]
    existing = [p for p in paths if p.exists()]
    if existing:
        raise ContentError([Problem(f"content/{p.parent.name}/{p.name}", "berkas sudah ada; pilih nama lain.",
                                    "the file already exists; choose another name.") for p in existing])
    shown_title = title or slug.replace("-", " ").capitalize()
    for lang, path in zip(languages, paths):
        description, body = TEXT.get(lang, TEXT["en"])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(TEMPLATE.format(title=shown_title, description=description, body=body), encoding="utf-8")
    return paths
