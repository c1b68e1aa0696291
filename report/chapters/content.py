"""Find the chapters in content/<lang>/, read their front matter and pair the translations."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from report.errors import ContentError, Problem
from report.inputs.invisible import invisible_problem

FRONT_MATTER_FENCE = "---"
FRONT_MATTER_FIELDS: dict[str, tuple[type, bool, str]] = {
    # key: (type, required, what it is for, shown in the staff guide)
    "title": (str, True, "judul halaman di navigasi dan tab peramban / page title in navigation and browser tab"),
    "description": (str, True, "ringkasan satu kalimat untuk mesin pencari dan pratinjau tautan / "
                               "one-sentence summary for search engines and link previews"),
    "translated_from": (str, False, "hanya di terjemahan: sidik naskah asli yang diterjemahkan, diisi oleh "
                                    "python build.py translations --done / translations only: fingerprint of the "
                                    "original it was made from, written by python build.py translations --done"),
}


# Names the build gives its own pages and folders; a chapter by one of these names would be lost or hide them.
RESERVED_SLUGS = {
    "perubahan-data": ("halaman perubahan data", "the what-changed page"),
    "404": ("halaman tidak ditemukan", "the not-found page"),
    "staf": ("folder halaman staf", "the staff pages' folder"),
    "assets": ("folder berkas situs", "the site's files folder"),
    "search": ("folder pencarian", "the search folder"),
    "en": ("folder versi Inggris", "the English version's folder"),
}


@dataclass(frozen=True)
class Chapter:
    slug: str  # file name without .md, the same in every language
    lang: str
    path: Path
    meta: dict[str, Any]
    body: str  # Markdown + Jinja, with the front matter replaced by blank lines
    body_first_line: int

    @property
    def shown_path(self) -> str:
        return f"content/{self.lang}/{self.path.name}"


def load_content(content_dir: Path, languages: tuple[str, ...]) -> list[Chapter]:
    problems: list[Problem] = []
    chapters = [chapter for lang in languages
                for path in sorted((content_dir / lang).glob("*.md"))
                if (chapter := read_chapter(path, lang, problems)) is not None]
    on_disk = {lang: {p.stem for p in (content_dir / lang).glob("*.md")} for lang in languages}
    check_pairs(on_disk, languages, problems)
    for lang in languages:
        problems.extend(near_misses(content_dir / lang))
    problems.extend(misplaced_chapters(content_dir, languages))
    for lang in languages:
        for slug in sorted(on_disk[lang] & RESERVED_SLUGS.keys()):
            problems.append(Problem(f"content/{lang}/{slug}.md", f"nama '{slug}' dipakai situs sendiri "
                                    f"({RESERVED_SLUGS[slug][0]}); ganti nama berkas ini.", f"the name '{slug}' is "
                                    f"used by the site itself ({RESERVED_SLUGS[slug][1]}); rename this file."))
    if problems:
        raise ContentError(problems)
    return chapters


def read_chapter(path: Path, lang: str, problems: list[Problem]) -> Chapter | None:
    shown = f"content/{lang}/{path.name}"
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        problems.append(Problem(shown, "berkas bukan teks UTF-8; simpan ulang dengan pengodean UTF-8.",
                                "the file is not UTF-8 text; save it again with UTF-8 encoding."))
        return None
    problems += [found for number, line in enumerate(text.split("\n"), start=1)
                 if (found := invisible_problem(line, shown, line=number))]
    meta, body, first_line = split_front_matter(text, shown, problems)
    if meta is None:
        return None
    lines = key_lines(text)
    check_front_matter(meta, dict(lines), shown, problems)
    seen: set[str] = set()
    for key, line in lines:
        if key in seen:
            problems.append(Problem(shown, f"kunci '{key}' ditulis dua kali di front matter; hapus salah satunya.",
                                    f"the key '{key}' is written twice in the front matter; remove one.", line=line))
        seen.add(key)
    return Chapter(path.stem, lang, path, meta, body, first_line)


def split_front_matter(text: str, shown: str, problems: list[Problem]) -> tuple[dict[str, Any] | None, str, int]:
    lines = text.split("\n")
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        problems.append(Problem(shown, "bab harus diawali front matter: baris '---', lalu title: dan description:, "
                                "lalu '---'.", "a chapter must start with front matter: a '---' line, then "
                                "title: and description:, then '---'.", line=1))
        return None, "", 1
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == FRONT_MATTER_FENCE)
    except StopIteration:
        problems.append(Problem(shown, "front matter tidak ditutup dengan baris '---'.",
                                "the front matter is not closed with a '---' line.", line=1))
        return None, "", 1
    try:
        meta = yaml.safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as exc:
        problems.append(yaml_problem(exc, lines[1:end], shown))
        return None, "", 1
    if not isinstance(meta, dict):
        problems.append(Problem(shown, "front matter harus berisi pasangan kunci: nilai.",
                                "the front matter must hold key: value pairs.", line=2))
        return None, "", 1
    # Blank lines keep template line numbers equal to file line numbers.
    body = "\n" * (end + 1) + "\n".join(lines[end + 1:])
    return meta, body, end + 2


SPECIAL_STARTS = set("[]{}*&!%@`|>")  # a YAML value starting with one of these is not plain text


def yaml_problem(exc: yaml.YAMLError, front_matter: list[str], shown: str) -> Problem:
    """YAML's own words ("mapping values are not allowed here") mean nothing to staff: name the cause."""
    mark = getattr(exc, "problem_mark", None)
    index = mark.line if mark is not None else 0
    text = front_matter[index] if index < len(front_matter) else ""
    problem, context = str(getattr(exc, "problem", "")), str(getattr(exc, "context", ""))
    if "\t" in problem or "\t" in text:
        says = ("baris ini memuat karakter tab; front matter hanya boleh memakai spasi. Hapus tab itu.",
                "this line holds a tab character; front matter may only use spaces. Remove the tab.")
    elif "quoted scalar" in context:
        opened = getattr(exc, "context_mark", None)
        index = opened.line if opened is not None else index
        says = ("tanda kutip yang dibuka di baris ini tidak pernah ditutup; tambahkan tanda kutip penutup di akhir "
                "nilainya.", "the quote opened on this line is never closed; add the closing quote at the end of "
                "the value.")
    elif (value := text.partition(":")[2].strip())[:1] in SPECIAL_STARTS and value:
        key = text.partition(":")[0].strip()
        says = (f"nilai {key} diawali {value[0]}, yang punya arti khusus di front matter; apit seluruh nilainya "
                f"dengan tanda kutip, mis. {key}: \"{value}\"", f"the value of {key} starts with {value[0]}, which "
                f"has a special meaning in front matter; put the whole value in quotes, e.g. {key}: \"{value}\"")
    elif text[:1].isspace():
        says = ("baris ini menjorok ke dalam; setiap kunci front matter ditulis di awal baris, tanpa spasi di depan.",
                "this line is indented; every front matter key starts at the beginning of the line.")
    elif "mapping values" in problem:
        key, _, value = text.partition(":")
        says = (f"nilai {key.strip()} memuat titik dua; apit nilainya dengan tanda kutip, mis. {key.strip()}: "
                f"\"{value.strip()}\"", f"the value of {key.strip()} holds a colon; put the value in quotes, e.g. "
                f"{key.strip()}: \"{value.strip()}\"")
    else:
        says = ("front matter bukan YAML yang valid: tulis setiap baris sebagai kunci: nilai.",
                "the front matter is not valid YAML: write each line as key: value.")
    return Problem(shown, *says, line=index + 2)


def key_lines(text: str) -> list[tuple[str, int]]:
    """Each front matter key with its file line, in order and repeats included, so a message can point at it."""
    lines = text.split("\n")
    end = next(i for i in range(1, len(lines)) if lines[i].strip() == FRONT_MATTER_FENCE)
    node = yaml.compose("\n".join(lines[1:end]))
    if not isinstance(node, yaml.MappingNode):
        return []
    return [(str(key.value), key.start_mark.line + 2) for key, _ in node.value]


def check_front_matter(meta: dict[str, Any], lines: dict[str, int], shown: str, problems: list[Problem]) -> None:
    for key, value in meta.items():
        if key not in FRONT_MATTER_FIELDS:
            problems.append(Problem(shown, f"kunci front matter '{key}' tidak dikenal; yang dikenal: "
                                    f"{', '.join(FRONT_MATTER_FIELDS)}.", f"unknown front matter key '{key}'; "
                                    f"known keys: {', '.join(FRONT_MATTER_FIELDS)}.", line=lines.get(str(key), 2)))
        elif not isinstance(value, FRONT_MATTER_FIELDS[key][0]) or not str(value).strip():
            problems.append(Problem(shown, f"'{key}' harus berupa teks yang tidak kosong.",
                                    f"'{key}' must be non-empty text.", line=lines.get(str(key), 2)))
    for key, (_, required, _) in FRONT_MATTER_FIELDS.items():
        if required and key not in meta:
            problems.append(Problem(shown, f"front matter tidak memuat '{key}'.", f"the front matter has no '{key}'.",
                                    line=2))


CHAPTER_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")  # what `build.py new` accepts: the page's address
ALMOST_MARKDOWN = re.compile(r"\.(md|markdown|mdown|mkd|mkdn)(\.txt)?$", flags=re.I)


def near_misses(folder: Path) -> list[Problem]:
    """Files staff meant as chapters that would otherwise be skipped, or published under an odd address."""
    names = sorted(p.name for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []
    found = [(name, says) for name in names if not name.startswith(".") and ALMOST_MARKDOWN.search(name)
             and (says := near_miss(name, names))]
    return [Problem(f"content/{folder.name}/{name}", *says) for name, says in found]


def misplaced_chapters(content_dir: Path, languages: tuple[str, ...]) -> list[Problem]:
    """A chapter saved in content/ itself, beside the staff guide, belongs in a language's folder."""
    folders = " / ".join(f"content/{lang}/" for lang in languages)
    stray = sorted(p.name for p in content_dir.glob("*") if p.is_file() and ALMOST_MARKDOWN.search(p.name)
                   and p.name.lower() != "readme.md" and not p.name.startswith("."))
    return [Problem(f"content/{name}", f"bab harus disimpan di folder bahasanya ({folders}); pindahkan berkas ini.",
                    f"a chapter must be saved in its language's folder ({folders}); move this file.") for name in stray]


def near_miss(name: str, names: list[str]) -> tuple[str, str] | None:
    wanted = re.sub(r"[^a-z0-9]+", "-", ALMOST_MARKDOWN.sub("", name).lower()).strip("-") + ".md"
    twins = [other for other in names if other != name and other.lower() == name.lower()]
    if twins:
        return (f"nama ini hanya berbeda huruf besar/kecil dari {twins[0]}; hapus atau gabungkan salah satunya.",
                f"this name differs from {twins[0]} only in capitals; delete or merge one of them.")
    if not name.endswith(".md"):
        return (f"bab harus berakhiran .md agar terbit; ganti namanya menjadi {wanted}.",
                f"a chapter must end in .md to be published; rename it to {wanted}.")
    if not CHAPTER_NAME.match(name.removesuffix(".md")):
        return (f"nama bab hanya boleh huruf kecil, angka dan tanda hubung (nama ini menjadi alamat halaman); "
                f"ganti namanya menjadi {wanted}.", "a chapter's name may only hold lower-case letters, digits and "
                f"hyphens (it becomes the page's address); rename it to {wanted}.")
    return None


def check_pairs(slugs: dict[str, set[str]], languages: tuple[str, ...], problems: list[Problem]) -> None:
    """By the files on disk: an original that fails to parse is reported once, not also as missing."""
    default = languages[0]
    if "index" not in slugs[default]:
        problems.append(Problem(f"content/{default}/", "halaman depan index.md tidak ada.",
                                "the home page index.md is missing."))
    for lang in languages[1:]:  # a missing translation is translation.py's business, an orphan is an error
        for slug in sorted(slugs[lang] - slugs[default]):
            problems.append(Problem(f"content/{lang}/{slug}.md", f"tidak ada halaman asli content/{default}/{slug}.md.",
                                    f"no original page content/{default}/{slug}.md."))
