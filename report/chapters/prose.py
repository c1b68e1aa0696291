"""Checks on what staff wrote in a chapter's text: numbers typed by hand, a code fence never closed,
sample text left by `build.py new`. Each returns problems; the content stage decides whether
they warn (a normal build) or stop the build (--strict, as CI).
"""

from __future__ import annotations

import re

from report.chapters.content import Chapter
from report.errors import Problem

# What may hold digits without stating a figure: Jinja (where figures come from), link targets,
# HTML tags and entities, footnote markers.
NOT_PROSE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\]\([^)]*\)|<[^>]*>|&#?\w+;|\[\^[^\]]*\]", flags=re.S)

# Names, not quantities: laws and their parts, acronyms with a number in them, ordinals, idioms.
# Each alternative is one kind, so a reader can see what is let through and why.
NAMED_NUMBERS = re.compile("|".join([
    r"\b[\d.]+(?:/[\dA-Z.]+)+",                                    # UU 24/2011, 24/7
    r"\b(?:No\.?|Nomor|Number)\s*[\d.-]+(?:\s+(?:Tahun|of|Year)\s+\d{4})?",  # Nomor 40 Tahun 2004
    r"\b(?:UUD|UU|PP|Perpres|Perppu|Perda|Perwali|Perwal|Pergub|Inpres|Keppres|Kepres|Permen[a-z]*|Kepmen[a-z]*"
    r"|Kepwal|SE|Law|Regulation|Decree|Instruction)\s+(?:(?:No\.?|Nomor|Number)\s*)?[\d.-]*\d"
    r"(?:/\d{4}|\s+(?:Tahun|of|Year)\s+\d{4})?",                          # UU 12 Tahun 2011, PP 44 Tahun 2015, UUD 1945
    r"\b(?:Pasal|ayat|huruf|angka|Article|paragraph|point|Bab|Chapter|Lampiran|Annex)\s*\(?\d+[A-Z]?\)?",
    r"\b(?!Rp\d)[A-Z][A-Za-z]*-?\d+[A-Za-z]*\b",                   # COVID-19, G20, H5N1 (not Rp16.800)
    r"\bSDGs?\s+\d{1,2}\b",                                        # SDG 8
    r"\bke-\d+\b|\b\d+(?:st|nd|rd|th)\b",                          # abad ke-21, 21st century
    r"\b\d{1,2}\s+(?:jam|hours?)\b",                               # layanan 24 jam
]))
LIST_MARKER = re.compile(r"^\s*(?:#+\s*)?\d+(?:\.\d+)*[.)]?(?=\s)")  # 1. / 2) / ## 3.1 at the start of a line
DIGITS = re.compile(r"\d[\d.,]*")
# The escape for the rare exception, written on the same line: {# angka ... #} (or {# number ... #}).
KEPT_ON_PURPOSE = re.compile(r"\{#-?\s*(?:angka|number)\b.*?#\}", flags=re.I)


def typed_numbers(chapter: Chapter) -> list[Problem]:
    """Numbers typed into a chapter by hand: they would not follow the data when it is updated."""
    prose = NOT_PROSE.sub(lambda kept: "\n" * kept.group().count("\n"), chapter.body)
    problems = []
    for number, (line, written) in enumerate(zip(prose.split("\n"), chapter.body.split("\n")), start=1):
        if KEPT_ON_PURPOSE.search(written):
            continue
        found = DIGITS.search(NAMED_NUMBERS.sub(" ", LIST_MARKER.sub(" ", line)))
        if found:
            problems.append(Problem(chapter.shown_path, f"angka '{found.group()}' diketik langsung; ambil dari data "
                                    "dengan {{ fig.nama }} agar ikut diperbarui (lihat content/README.md).",
                                    f"the number '{found.group()}' is typed by hand; take it from the data with "
                                    "{{ fig.name }} so it follows updates (see content/README.md).", line=number))
    return problems


FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def unclosed_fence(chapter: Chapter) -> list[Problem]:
    """A ``` with no closing ``` turns the rest of the chapter into one code block, silently."""
    opened: tuple[str, int] | None = None
    for number, text in enumerate(chapter.body.split("\n"), start=1):
        found = FENCE.match(text)
        if not found:
            continue
        fence = found.group(1)
        if opened is None:
            opened = (fence, number)
        elif fence[0] == opened[0][0] and len(fence) >= len(opened[0]) and not text[found.end():].strip():
            opened = None
    if opened is None:
        return []
    fence, line = opened
    return [Problem(chapter.shown_path, f"blok kode yang dibuka dengan {fence} di baris ini tidak pernah ditutup, "
                    f"sehingga sisa bab tampil sebagai kode. Tambahkan baris {fence} di akhir blok itu, atau hapus "
                    "baris ini.", f"the code block opened with {fence} on this line is never closed, so the rest of "
                    f"the chapter shows as code. Add a {fence} line where the block ends, or remove this line.",
                    line=line)]


def placeholder_text(chapter: Chapter) -> list[Problem]:
    """What `build.py new` wrote for staff to replace must not reach the public site unnoticed."""
    from report.chapters.scaffold import ENGLISH_TITLE, TEXT

    left: list[tuple[str, str, int | None]] = []
    if str(chapter.meta.get("title", "")).startswith(ENGLISH_TITLE.split("{")[0]):
        left.append(("judul", "the title", None))
    if chapter.meta.get("description") in {description for description, _ in TEXT.values()}:
        left.append(("description", "the description", None))
    for _, body in TEXT.values():
        if body in chapter.body:
            left.append(("isi bab", "the text", chapter.body[:chapter.body.index(body)].count("\n") + 1))
    return [Problem(chapter.shown_path, f"{where_id} masih berisi teks contoh dari build.py new; ganti dengan teks "
                    "bab yang sebenarnya.", f"{where_en} is still the sample text from build.py new; replace it with "
                    "the chapter's own text.", line=line) for where_id, where_en, line in left]
