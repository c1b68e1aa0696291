"""`python build.py new <slug>`: a new chapter in every language, front matter filled in."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from report.chapters.content import RESERVED_SLUGS
from report.errors import CommandError, Problem

SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
TEMPLATE = """---
{front_matter}---

# {title}

{body}
"""
# The English file's title until someone translates it; a strict build refuses it (prose.placeholder_text).
ENGLISH_TITLE = "[English title] {title}"
TEXT = {
    "id": ("Ringkasan satu kalimat tentang bab ini.",
           "Tulis isi bab di sini. Angka diambil dari data, misalnya {{ fig.peserta_terbaru }} per "
           "{{ fig.peserta_terbaru.period }}; lihat content/README.md."),
    "en": ("One-sentence summary of this chapter.",
           "Write the chapter here. Figures come from the data, e.g. {{ fig.peserta_terbaru }} as of "
           "{{ fig.peserta_terbaru.period }}; see content/README.md."),
}


def new_chapter(content_dir: Path, slug: str, languages: tuple[str, ...], title: str | None = None) -> list[Path]:
    if not SLUG.fullmatch(slug):  # whole: match() with $ would let "bab-7\n" through
        shown = slug if slug.isprintable() and slug == slug.strip() else repr(slug)  # an invisible end shows
        raise CommandError([Problem(shown, "nama bab hanya boleh huruf kecil, angka dan tanda hubung, misalnya "
                                    "bab-7-lampiran.", "a chapter name may only hold lower-case letters, digits and "
                                    "hyphens, e.g. bab-7-lampiran.")])
    if slug in RESERVED_SLUGS:
        raise CommandError([Problem(slug, f"nama '{slug}' dipakai situs sendiri ({RESERVED_SLUGS[slug][0]}); pilih "
                                    "nama lain.", f"the name '{slug}' is used by the site itself "
                                    f"({RESERVED_SLUGS[slug][1]}); choose another name.")])
    paths = [content_dir / lang / f"{slug}.md" for lang in languages]
    existing = [p for p in paths if p.exists()]
    if existing:
        raise CommandError([Problem(f"content/{p.parent.name}/{p.name}", "berkas sudah ada; pilih nama lain.",
                                    "the file already exists; choose another name.") for p in existing])
    original_title = title or slug.replace("-", " ").capitalize()
    for lang, path in zip(languages, paths):
        description, body = TEXT.get(lang, TEXT["en"])
        shown_title = original_title if lang == languages[0] else ENGLISH_TITLE.format(title=original_title)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Quoted by YAML where needed: a title such as "Lampiran: Data" or "2025" stays text.
        front_matter = yaml.safe_dump({"title": shown_title, "description": description}, allow_unicode=True,
                                      sort_keys=False, width=1000)
        path.write_text(TEMPLATE.format(front_matter=front_matter, title=shown_title, body=body), encoding="utf-8")
    return paths


def next_steps(slug: str, languages: tuple[str, ...]) -> str:
    """What staff do after `new`, printed under the files it wrote."""
    original, others = f"content/{languages[0]}/{slug}.md", [f"{lang}/{slug}" for lang in languages[1:]]
    translations = ", ".join(f"content/{name}.md" for name in others)
    done = " ".join(f"--done {name}" for name in others)
    return "\n".join([
        "Langkah berikutnya / next steps:",
        f"  1. Tulis babnya di {original}: ganti judul, description dan teks contoh. / Write the chapter in "
        f"{original}: replace the title, description and sample text.",
        "  2. Lihat hasilnya / preview it: python build.py serve",
        f"  3. Terjemahkan ke {translations} (judul, description dan isi), lalu jalankan / translate it into "
        f"{translations} (title, description and text), then run: python build.py translations {done}",
        "  Sebelum itu, build --strict (CI) menolak teks contoh yang tersisa. / Until then, a strict build (CI) "
        "refuses the sample text left in them."])
