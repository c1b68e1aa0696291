"""Errors meant for communications staff: each says what, where and how to fix, in two languages.

Library code raises these; only build.py turns them into an exit status, never a traceback.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

# More than this many problems usually share one cause; the rest would only bury it.
SHOWN_PROBLEMS = 40


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as precisely as we can."""

    file: str
    message_id: str
    message_en: str
    line: int | None = None
    column: str | None = None

    def text(self, lang: str = "id") -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"{'baris' if lang == 'id' else 'line'} {self.line}")
        if self.column is not None:
            where.append(f"{'kolom' if lang == 'id' else 'column'} \"{self.column}\"")
        return f"{', '.join(where)}: {self.message_id if lang == 'id' else self.message_en}"


class ReportError(Exception):
    """Base of every error the build reports to a person instead of crashing."""

    title_id = "Build dihentikan"
    title_en = "Build stopped"
    outcome_id = " Situs sebelumnya tidak diubah."
    outcome_en = " The previous site was left unchanged."

    def __init__(self, problems: list[Problem]):
        super().__init__(problems[0].text("en") if problems else self.title_en)
        self.problems = problems

    def report(self, lang: str = "id") -> str:
        title = self.title_id if lang == "id" else self.title_en
        count = len(self.problems)
        if lang == "id":
            header = f"{title}: {count} masalah ditemukan.{self.outcome_id}"
        else:
            header = f"{title}: {count} problem(s) found.{self.outcome_en}"
        lines = [header] + [f"  - {p.text(lang)}" for p in self.problems[:SHOWN_PROBLEMS]]
        if count > SHOWN_PROBLEMS:
            hidden = count - SHOWN_PROBLEMS
            lines.append(f"  ... dan {hidden} masalah lain; perbaiki yang di atas dulu." if lang == "id" else
                         f"  ... and {hidden} more; fix the ones above first.")
        return "\n".join(lines)


class ConfigError(ReportError):
    title_id = "Pengaturan tidak valid"
    title_en = "Invalid settings"


class DataError(ReportError):
    title_id = "Data tidak valid"
    title_en = "Invalid data"


class ContentError(ReportError):
    title_id = "Bab tidak dapat diproses"
    title_en = "A chapter could not be processed"


class FetchError(ReportError):
    """A remote source could not be fetched or failed validation; data/ was left as it was."""

    title_id = "Pengambilan data gagal; data tidak diubah (kegagalan dicatat di data/riwayat/status.json)"
    title_en = "Fetching the data failed; the data was not changed (the failure is noted in data/riwayat/status.json)"
    outcome_id = outcome_en = ""  # a fetch never touches the site; the title says what it kept


class CommandError(ReportError):
    """A staff command (new, translations) refused its input before writing anything."""

    title_id = "Perintah tidak dijalankan"
    title_en = "Command not carried out"
    outcome_id = " Tidak ada berkas yang diubah."
    outcome_en = " No file was changed."


class PublishError(ReportError):
    title_id = "Situs tidak dapat diterbitkan"
    title_en = "The site could not be published"


def print_warnings(problems: list[Problem], lang: str) -> None:
    """What a normal build publishes anyway, and a strict build (CI) would refuse."""
    label = "Peringatan" if lang == "id" else "Warning"
    for problem in problems:
        print(f"{label}: {problem.text(lang)}", file=sys.stderr)


def single(error_type: type[ReportError], file: str, message_id: str, message_en: str,
           line: int | None = None, column: str | None = None) -> ReportError:
    """Shorthand for an error with one problem."""
    return error_type([Problem(file, message_id, message_en, line, column)])


def caused_by_ctrl_c(exc: BaseException) -> bool:
    """Python wraps an exception raised inside some hooks (e.g. a Ctrl-C during a class's __set_name__
    while a module is first imported) in RuntimeError; staff pressed Ctrl-C, so the preview must stop."""
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, KeyboardInterrupt):
            return True
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return False
