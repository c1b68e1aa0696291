"""Which translations are missing or out of date, and what a build does about it.

Each translated chapter records in its front matter the hash of the Indonesian file it was made
from (`translated_from`). When the Indonesian file changes, the hash no longer matches and the
translation is out of date. `--strict` (CI) refuses to publish then; a normal build publishes the
page with a notice in the page's language that links the original.
"""

from __future__ import annotations

import html
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from report.chapters.content import FRONT_MATTER_FENCE, Chapter, load_content
from report.chapters.prose import placeholder_text, typed_numbers, unclosed_fence
from report.chapters.translation_diff import Change, changed_paragraphs, changes_text, fingerprint, keep_original
from report.errors import CommandError, ContentError, Problem

TRANSLATED_FROM = "translated_from"
MISSING, UNTRANSLATED, OUTDATED, CURRENT = "belum ada", "belum diterjemahkan", "perlu diperbarui", "mutakhir"
STATE_EN = {MISSING: "missing", UNTRANSLATED: "not yet translated", OUTDATED: "out of date", CURRENT: "up to date"}


@dataclass(frozen=True)
class TranslationState:
    slug: str
    lang: str
    state: str  # MISSING | OUTDATED | CURRENT
    source_hash: str  # hash of the original now
    recorded_hash: str  # what the translation says it was made from ("" if nothing)
    changes: tuple[Change, ...] | None = None  # OUTDATED: the original's changed paragraphs, if the old text is kept

    @property
    def shown_path(self) -> str:
        return f"content/{self.lang}/{self.slug}.md"


def source_hash(path: Path) -> str:
    """Hash of the original as staff see it; line endings and trailing spaces do not count."""
    return fingerprint(path.read_text(encoding="utf-8-sig"))


def translation_states(chapters: list[Chapter], languages: tuple[str, ...]) -> list[TranslationState]:
    default = languages[0]
    originals = {c.slug: c for c in chapters if c.lang == default}
    states = []
    for lang in languages[1:]:
        translated = {c.slug: c for c in chapters if c.lang == lang}
        for slug, original in sorted(originals.items()):
            current = source_hash(original.path)
            chapter = translated.get(slug)
            recorded = str(chapter.meta.get(TRANSLATED_FROM, "")) if chapter else ""
            state = (MISSING if chapter is None else UNTRANSLATED if not recorded
                     else CURRENT if recorded == current else OUTDATED)
            changes = None
            if state == OUTDATED:
                found = changed_paragraphs(original.path.parent.parent, lang, slug, recorded, original.path)
                changes = None if found is None else tuple(found)
            states.append(TranslationState(slug, lang, state, current, recorded, changes))
    return states


def next_step(state: TranslationState, default: str) -> tuple[str, str]:
    """What staff do about one translation, in Indonesian and English."""
    original = f"content/{default}/{state.slug}.md"
    done = f"python build.py translations --done {state.lang}/{state.slug}"
    if state.state == MISSING:
        return (f"terjemahan belum ada. Salin {original} ke {state.shown_path}, terjemahkan, lalu jalankan: {done}",
                f"no translation yet. Copy {original} to {state.shown_path}, translate it, then run: {done}")
    if state.state == UNTRANSLATED:
        return (f"belum diterjemahkan. Terjemahkan {original} ke dalam berkas ini, lalu jalankan: {done}",
                f"not yet translated. Translate {original} into this file, then run: {done}")
    return (f"terjemahan perlu diperbarui: {original} berubah sejak diterjemahkan (yang berubah: python build.py "
            f"translations). Perbarui terjemahannya, lalu jalankan: {done}", f"translation out of date: {original} "
            f"changed since it was translated (what changed: python build.py translations). Update the translation, "
            f"then run: {done}")


NOTICE_META = "translation_notice"  # read by templates/overrides/main.html
NOTICES = {
    MISSING: "This page has not been translated yet. Read the Indonesian original:",
    UNTRANSLATED: "This page has not been translated yet. Read the Indonesian original:",
    OUTDATED: "The Indonesian original of this page has changed since it was translated; this translation may "
              "be out of date. Read the Indonesian original:",
}


def with_notices(chapters: list[Chapter], states: list[TranslationState], default: str) -> list[Chapter]:
    """Chapters to publish: a placeholder for each missing translation, a notice on each outdated one.
    The notice travels in the page's metadata, so the chapter's text and line numbers stay as written."""
    by_key = {(c.slug, c.lang): c for c in chapters}
    out = list(chapters)
    for state in states:
        if state.state == CURRENT:
            continue
        original = by_key[(state.slug, default)]
        notice = {"text": NOTICES[state.state], "link": f"../{state.slug}.html", "title": original.meta["title"],
                  "lang": original.lang}  # the original's title is read in its own language
        if state.state == MISSING:
            meta = {**original.meta, NOTICE_META: notice}
            out.append(Chapter(state.slug, state.lang, original.path, meta, f"# {original.meta['title']}\n", 1))
        else:
            chapter = by_key[(state.slug, state.lang)]
            out[out.index(chapter)] = replace(chapter, meta={**chapter.meta, NOTICE_META: notice})
    return out


def mark_done(path: Path, original: Path) -> str:
    """Record in the translation's front matter that it now follows the current original."""
    lines = path.read_text(encoding="utf-8-sig").split("\n")
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == FRONT_MATTER_FENCE), None)
    if lines[0].strip() != FRONT_MATTER_FENCE or end is None:
        raise CommandError([Problem(f"content/{path.parent.name}/{path.name}", "front matter tidak lengkap: berkas "
                                    "harus diawali baris '---', lalu title: dan description:, lalu '---'.",
                                    "incomplete front matter: the file must start with a '---' line, then title: "
                                    "and description:, then '---'.", line=1)])
    current = source_hash(original)
    keep_original(path.parent.parent, path.parent.name, path.stem, original)
    kept = [line for line in lines[1:end] if not line.startswith(f"{TRANSLATED_FROM}:")]
    # Quoted: a fingerprint made only of digits must stay text, not become a number.
    lines[1:end] = kept + [f'{TRANSLATED_FROM}: "{current}"']
    path.write_text("\n".join(lines), encoding="utf-8")
    return current


def done_files(content_dir: Path, languages: tuple[str, ...], entry: str) -> tuple[Path, Path]:
    """The translation and its original named by `en/<name>` (or `en/<name>.md`), or why not."""
    lang, _, name = entry.strip().strip("/").partition("/")
    slug = name.removesuffix(".md")
    if lang not in languages[1:] or not slug:
        raise CommandError([Problem(entry, f"tulis bahasa/nama, mis. {languages[1]}/bab-1-pendahuluan.",
                                    f"write language/name, e.g. {languages[1]}/bab-1-pendahuluan.")])
    translation, original = content_dir / lang / f"{slug}.md", content_dir / languages[0] / f"{slug}.md"
    if not original.is_file():
        raise CommandError([Problem(f"content/{languages[0]}/{slug}.md", "naskah asli tidak ada; periksa nama bab.",
                                    "there is no original by that name; check the chapter name.")])
    if not translation.is_file():
        raise CommandError([Problem(f"content/{lang}/{slug}.md", f"terjemahan belum ada. Salin content/"
                                    f"{languages[0]}/{slug}.md ke content/{lang}/{slug}.md dan terjemahkan dulu.",
                                    f"there is no translation yet. Copy content/{languages[0]}/{slug}.md to "
                                    f"content/{lang}/{slug}.md and translate it first.")])
    return translation, original


STATUS_PAGE = "staf/terjemahan.html"  # for staff: outside the navigation, the sitemap and search


def status_page(states: list[TranslationState]) -> str:
    """A plain page listing every translation, its state and what changed in its original."""
    rows = "".join(
        f"<tr><td><code>{s.shown_path}</code></td><td class=\"{STATE_EN[s.state].replace(' ', '-')}\">{s.state} / "
        f"{STATE_EN[s.state]}</td></tr>" for s in states)
    waiting = sum(s.state != CURRENT for s in states)
    changed = "".join(changes_html(s) for s in states if s.state == OUTDATED)
    return f"""<!doctype html>
<html lang="id"><head><meta charset="utf-8"><meta name="robots" content="noindex">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="../assets/images/favicon.png">
<title>Status terjemahan / Translation status</title>
<style>body{{font-family:system-ui,sans-serif;margin:1rem;line-height:1.4;max-width:60rem}}
table{{border-collapse:collapse}}td,th{{border:1px solid #999;padding:.3em .5em;text-align:left;vertical-align:top}}
.missing,.not-yet-translated,.out-of-date{{color:#8a1c00;font-weight:bold}}
del,ins{{display:block;text-decoration:none;white-space:pre-wrap}}del{{background:#fde8e8}}ins{{background:#e6f4e6}}</style>
</head><body>
<h1>Status terjemahan / Translation status</h1>
<p>{waiting} halaman perlu diterjemahkan atau diperbarui / page(s) need translating or updating.
Daftar yang sama: <code>python build.py translations</code>. Setelah menerjemahkan / after translating:
<code>python build.py translations --done en/&lt;nama&gt;</code>.</p>
<table><thead><tr><th>Berkas / file</th><th>Status</th></tr></thead><tbody>{rows}</tbody></table>
{changed}
</body></html>
"""


def changes_html(state: TranslationState) -> str:
    """The original's changed paragraphs since the translation was made: old beside new."""
    heading = f'<h2 id="{state.lang}-{state.slug}">{state.shown_path}: yang berubah di naskah asli / what changed ' \
              "in the original</h2>"
    if state.changes is None:
        return heading + "<p>Teks lama tidak disimpan; bandingkan seluruh naskah asli. / The earlier text was not " \
                         "kept; compare the whole original.</p>"
    rows = "".join(f"<tr><td><del>{html.escape(c.old) or '—'}</del></td><td><ins>{html.escape(c.new) or '—'}</ins>"
                   "</td></tr>" for c in state.changes)
    return heading + f"<table><thead><tr><th>Lama / old</th><th>Baru / new</th></tr></thead><tbody>{rows}" \
                     "</tbody></table>"


def prepare_chapters(content_dir: Path, languages: tuple[str, ...], strict: bool
                     ) -> tuple[list[Chapter], list[TranslationState], list[Problem]]:
    """The content stage: read the chapters, then refuse (strict) or publish with a notice what is not
    translated, and the same for numbers typed by hand. Returns what a normal build warns about."""
    chapters = load_content(content_dir, languages)
    states = translation_states(chapters, languages)
    pending = [Problem(s.shown_path, *next_step(s, languages[0])) for s in states if s.state != CURRENT]
    typed = [problem for chapter in chapters for problem in chapter_text_problems(chapter)]
    if strict and pending + typed:
        raise ContentError(pending + typed)
    return with_notices(chapters, states, languages[0]), states, pending + typed


def chapter_text_problems(chapter: Chapter) -> list[Problem]:
    return typed_numbers(chapter) + unclosed_fence(chapter) + placeholder_text(chapter)


def report_translations(content_dir: Path, languages: tuple[str, ...], done: list[str]) -> int:
    """`build.py translations [--done en/<name>]`: record finished translations, then list what is left,
    with what changed in each original. Returns how many still need work."""
    # Every name is checked before any file is written, so a typo in the second leaves the first untouched.
    pairs = [done_files(content_dir, languages, entry) for entry in done]
    for translation, original in pairs:
        recorded = mark_done(translation, original)
        print(f"content/{translation.parent.name}/{translation.name}: {TRANSLATED_FROM} = {recorded}")
    states = translation_states(load_content(content_dir, languages), languages)
    waiting = [s for s in states if s.state != CURRENT]
    for state in waiting:
        print(f"{state.shown_path}: {state.state} / {STATE_EN[state.state]}")
        if state.state == OUTDATED:
            print(f"  berubah di / changed in content/{languages[0]}/{state.slug}.md:")
            print("\n".join(changes_text(list(state.changes) if state.changes is not None else None)))
    print(f"{len(waiting)} dari {len(states)} terjemahan perlu dikerjakan / of {len(states)} translations need work",
          file=sys.stderr)
    return len(waiting)
