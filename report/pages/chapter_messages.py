"""What went wrong in a chapter's {{ }} and {% %}, in the words of the staff who wrote it.

Jinja's and Python's own wording ("'dict object' has no attribute", "unexpected char", "unsafe")
never reaches staff: each known case is named with its fix, and a misspelt name gets a suggestion.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import traceback
from dataclasses import dataclass
from pathlib import Path

import jinja2
from jinja2.sandbox import SecurityError

from report.chapters.content import Chapter
from report.errors import Problem
from report.pages.loop_limit import ChapterLimit

GUIDE_ID, GUIDE_EN = "Lihat daftar nama di content/README.md.", "See the list of names in content/README.md."
UNKNOWN_FIGURE = re.compile(r"'dict object' has no attribute '([^']+)'")
UNKNOWN_ATTRIBUTE = re.compile(r"ShownFigure object' has no attribute '([^']+)'")
OTHER_ATTRIBUTE = re.compile(r"object' has no attribute '([^']+)'")
UNKNOWN_NAME = re.compile(r"'([^']+)' is undefined")
NOT_CALLABLE = re.compile(r"'ShownFigure' object is not callable")
BAD_ARGUMENTS = re.compile(r"(\w+)\(\) (?:takes|missing|got)")
BLOCK_TAG = re.compile(r"{%-?\s*(\w+)")
OPENERS = {"if", "for", "macro", "call", "filter", "block", "raw", "with"}
CURLY_QUOTES = "“”‘’„«»"
FIGURE_PARTS = ("text", "short", "period", "value")  # what {{ fig.x.<part> }} may name (content/README.md)
# How each helper is written, for a message about one written wrongly.
USAGE = {"chart": 'chart("cakupan_segmen")', "cite": 'cite("kode-sumber") / cite(fig.peserta_terbaru)',
         "picture": 'picture("peta.jpg")'}
NOT_ALLOWED_ID = ("ini tidak diizinkan di dalam bab: di antara {{ }} hanya boleh angka (fig.nama) dan blok yang "
                  "ada di content/README.md.")
NOT_ALLOWED_EN = ("this is not allowed in a chapter: between {{ }} only figures (fig.name) and the helpers listed in "
                  "content/README.md may be used.")


@dataclass(frozen=True)
class Vocabulary:
    """The names a chapter may use, for "did you mean"."""

    figures: tuple[str, ...]
    helpers: tuple[str, ...]
    charts: tuple[str, ...]


def closest(name: str, known: tuple[str, ...]) -> str | None:
    found = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    return found[0] if found else None


def did_you_mean(suggestion: str | None) -> tuple[str, str]:
    return (f" Maksud Anda {suggestion}?", f" Did you mean {suggestion}?") if suggestion else ("", "")


def is_staff_mistake(exc: Exception) -> bool:
    """A TypeError or OverflowError raised by the call the chapter wrote, not deeper in our own code."""
    if isinstance(exc, jinja2.TemplateError):
        return True
    engine = Path(__file__).resolve().parents[1]
    frames = traceback.extract_tb(exc.__traceback__)
    return bool(frames) and not Path(frames[-1].filename).resolve().is_relative_to(engine)


def error_line(exc: Exception) -> int | None:
    line = getattr(exc, "lineno", None)
    if line is None:
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == "<template>"]
        line = frames[-1].lineno if frames else None
    return line


def template_problem(chapter: Chapter, exc: Exception, words: Vocabulary) -> Problem:
    line = error_line(exc)
    carried = getattr(exc, "problem", None)  # a helper's refusal (blocks.HelperError) carries its Problem
    if isinstance(carried, Problem):
        return dataclasses.replace(carried, file=chapter.shown_path, line=line)
    message = str(getattr(exc, "message", None) or exc).rstrip(".")
    if isinstance(exc, ChapterLimit):  # a loop past its budget (report/pages/loop_limit.py): its own words
        return Problem(chapter.shown_path, exc.message_id, exc.message_en, line=line)
    if isinstance(exc, jinja2.UndefinedError):
        return unknown_name_problem(chapter, message, line, words)
    if isinstance(exc, SecurityError) and " / " in message:  # chapter_html.guard_output, written for staff
        indonesian, _, english = message.partition(" / ")
        return Problem(chapter.shown_path, f"{indonesian}.", f"{english}.", line=line)
    if isinstance(exc, SecurityError | OverflowError) or message.startswith("No filter named"):
        return Problem(chapter.shown_path, NOT_ALLOWED_ID, NOT_ALLOWED_EN, line=line)
    if isinstance(exc, TypeError):
        return wrong_call_problem(chapter, message, line)
    return syntax_problem(chapter, message, line)


def syntax_problem(chapter: Chapter, message: str, line: int | None) -> Problem:
    lines = chapter.body.split("\n")
    curly = next((n for n, text in enumerate(lines, 1) if any(q in text for q in CURLY_QUOTES)
                  and ("{{" in text or "{%" in text)), None)
    if "unexpected char" in message and any(q in message for q in CURLY_QUOTES) and curly:
        fixed = straight_quotes(lines[curly - 1])
        return Problem(chapter.shown_path, "tanda kutip melengkung “ ” (seperti yang ditulis Word) di dalam "
                       f"{{{{ }}}}; ganti dengan tanda kutip lurus \": {fixed}",
                       f"curly quotes “ ” (as Word writes them) inside {{{{ }}}}; use straight quotes \" "
                       f"instead: {fixed}", line=curly)
    if unclosed := unclosed_delimiter(chapter.body):
        opener, closer, opened = unclosed
        return Problem(chapter.shown_path, f"{opener} di baris ini tidak pernah ditutup dengan {closer}; tambahkan "
                       f"{closer} di akhir.", f"the {opener} on this line is never closed with {closer}; add {closer} "
                       "at its end.", line=opened)
    if line and (bracket := unbalanced_bracket(lines[line - 1])):
        left, right = bracket
        return Problem(chapter.shown_path, f"tanda kurung {left} di antara {{{{ }}}} tidak ditutup dengan {right}; "
                       f"mis. {{{{ headline() }}}}.", f"a bracket {left} between {{{{ }}}} is never closed with "
                       f"{right}; e.g. {{{{ headline() }}}}.", line=line)
    if "Unexpected end of template" in message and (block := unclosed_block(chapter.body)):
        tag, opened = block
        return Problem(chapter.shown_path, f"blok {{% {tag} %}} di baris ini tidak pernah ditutup; tambahkan "
                       f"{{% end{tag} %}} di tempat blok itu berakhir.", f"the {{% {tag} %}} block on this line "
                       f"is never closed; add {{% end{tag} %}} where the block ends.", line=opened)
    return Problem(chapter.shown_path, "tulisan di antara {{ }} atau {% %} di baris ini tidak dapat dibaca; tulis "
                   "seperti contoh di content/README.md, mis. {{ fig.peserta_terbaru }}.", "what is written between "
                   "{{ }} or {% %} on this line cannot be read; write it as in the examples in content/README.md, "
                   "e.g. {{ fig.peserta_terbaru }}.", line=line)


def straight_quotes(text: str) -> str:
    return re.sub(r"\{\{.*?\}\}|\{%.*?%\}", lambda part: re.sub("[“”„«»]", '"', re.sub("[‘’]", "'", part.group())),
                  text).strip()


def unbalanced_bracket(text: str) -> tuple[str, str] | None:
    for inside in re.findall(r"\{\{(.*?)\}\}", text):
        for opener, closer in ("()", "[]"):
            if inside.count(opener) > inside.count(closer):
                return opener, closer
    return None


def unclosed_delimiter(body: str) -> tuple[str, str, int] | None:
    """The first {{ or {% with no closing }} or %} before the next opening one (or the end)."""
    for found in re.finditer(r"\{\{|\{%", body):
        closer = "}}" if found.group() == "{{" else "%}"
        rest = body[found.end():]
        next_open = re.search(r"\{\{|\{%", rest)
        end = rest.find(closer)
        if end < 0 or (next_open is not None and next_open.start() < end):
            return found.group(), closer, body[:found.start()].count("\n") + 1
    return None


def unclosed_block(body: str) -> tuple[str, int] | None:
    """The innermost {% if %}/{% for %}/... that has no end tag, with its line."""
    stack: list[tuple[str, int]] = []
    for number, text in enumerate(body.split("\n"), start=1):
        for tag in BLOCK_TAG.findall(text):
            if tag in OPENERS:
                stack.append((tag, number))
            elif tag.startswith("end") and stack and stack[-1][0] == tag[3:]:
                stack.pop()
    return stack[-1] if stack else None


def wrong_call_problem(chapter: Chapter, message: str, line: int | None) -> Problem:
    if NOT_CALLABLE.search(message):
        return Problem(chapter.shown_path, "angka fig.… ditulis tanpa tanda kurung ( ); hapus ( ) di belakangnya.",
                       "a figure fig.… is written without brackets ( ); remove the ( ) after it.", line=line)
    called = BAD_ARGUMENTS.search(message)
    name = called.group(1) if called else ""
    usage = USAGE.get(name, f"{name}()")
    return Problem(chapter.shown_path, f"{name}(…) ditulis dengan isi yang salah; tulis seperti ini: {usage}",
                   f"{name}(…) is written with the wrong contents; write it like this: {usage}", line=line)


def unknown_name_problem(chapter: Chapter, message: str, line: int | None, words: Vocabulary) -> Problem:
    if figure := UNKNOWN_FIGURE.search(message):
        name = figure.group(1)
        hint_id, hint_en = did_you_mean(f"fig.{found}" if (found := closest(name, words.figures)) else None)
        return Problem(chapter.shown_path, f"angka fig.{name} tidak dikenal: namanya salah ketik atau angkanya "
                       f"tidak ada di data/.{hint_id} {GUIDE_ID}", f"fig.{name} is not a known figure: a typo, or "
                       f"the figure is not in data/.{hint_en} {GUIDE_EN}", line=line)
    if attribute := UNKNOWN_ATTRIBUTE.search(message):
        return unknown_part_problem(chapter, attribute.group(1), line)
    if attribute := OTHER_ATTRIBUTE.search(message):
        return not_a_figure_part(chapter, attribute.group(1), line)
    if unknown := UNKNOWN_NAME.search(message):
        return unknown_word_problem(chapter, unknown.group(1), line, words)
    # Our own helpers raise messages written for staff, as "Indonesian / English".
    indonesian, _, english = message.partition(" / ")
    return Problem(chapter.shown_path, sentence(indonesian), sentence(english or indonesian), line=line)


def sentence(text: str) -> str:
    return text if text.endswith(("?", "!", ".")) else f"{text}."


def unknown_part_problem(chapter: Chapter, part: str, line: int | None) -> Problem:
    lines = chapter.body.split("\n")
    written = re.search(rf"fig\.(\w+)\.{re.escape(part)}\b", lines[line - 1] if line else "")
    shown = f"fig.{written.group(1)}.{part}" if written else f".{part}"
    parts = ", ".join(f".{p}" for p in FIGURE_PARTS)
    hint_id, hint_en = did_you_mean(f".{found}" if (found := closest(part, FIGURE_PARTS)) else None)
    return Problem(chapter.shown_path, f"{shown}: angka tidak punya bagian .{part}. Yang ada: {parts} (atau tanpa "
                   f"apa pun untuk angka lengkap).{hint_id}", f"{shown}: a figure has no part .{part}. It has: "
                   f"{parts} (or nothing, for the full figure).{hint_en}", line=line)


def not_a_figure_part(chapter: Chapter, part: str, line: int | None) -> Problem:
    parts = ", ".join(f".{p}" for p in FIGURE_PARTS)
    return Problem(chapter.shown_path, f".{part} tidak ada di sini: hanya angka (fig.nama) yang punya bagian, yaitu "
                   f"{parts}. {GUIDE_ID}", f".{part} does not exist here: only a figure (fig.name) has parts, namely "
                   f"{parts}. {GUIDE_EN}", line=line)


def unknown_word_problem(chapter: Chapter, name: str, line: int | None, words: Vocabulary) -> Problem:
    if name in words.charts:
        return Problem(chapter.shown_path, f"nama grafik harus diapit tanda kutip lurus: chart(\"{name}\").",
                       f"a chart's name goes in straight quotes: chart(\"{name}\").", line=line)
    if name in words.figures:
        return Problem(chapter.shown_path, f"angka ditulis dengan fig. di depannya: {{{{ fig.{name} }}}}.",
                       f"a figure is written with fig. in front: {{{{ fig.{name} }}}}.", line=line)
    found = closest(name, words.helpers)
    hint_id, hint_en = did_you_mean(f"{found}(…)" if found else None)
    helpers = ", ".join(words.helpers)
    return Problem(chapter.shown_path, f"{name} tidak dikenal.{hint_id} Blok yang ada: {helpers}; angka ditulis "
                   f"fig.nama. {GUIDE_ID}", f"{name} is not a known name.{hint_en} The helpers are: {helpers}; "
                   f"figures are written fig.name. {GUIDE_EN}", line=line)
