"""What readers are told about the data's freshness, and the "what changed" page per release.

Both read the history that `build.py fetch` keeps in data/riwayat/ (report/live/history.py). The page also
shows what data/ changed since the latest release (a hand edit, say): the site already shows those
figures, so readers are told before a release records them. Nothing is written to data/ here.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from report.errors import ReportError
from report.i18n import Formatter
from report.live.history import Change, DataStatus, Release, changes, restore_release
from report.live.sources import load_sources
from report.pages.as_text import inline_text
from report.pages.render import Page
from report.publishing.change_table import HEADERS, Names, listed, recomputed_illustrative, show

SLUG = "perubahan-data"
TITLES = {"id": ("Perubahan Data", "Apa yang berubah pada setiap rilis data: angka baru, revisi dan yang dihapus."),
          "en": ("Data Changes", "What changed in each data release: new figures, revisions and removals.")}


def data_notice(data_dir: Path, status: DataStatus, stale_after_days: int, as_of: dict[str, str]
                ) -> dict[str, str] | None:
    """The banner line for every page when the latest fetch failed or the data is stale; None otherwise.
    Only data that is fetched can go stale: with every source local there is nothing to refresh.
    `as_of`: the site's "data as of" per language, as every other place shows it."""
    try:
        fetched = any(source.remote for source in load_sources(data_dir))
    except ReportError:
        fetched = True  # a broken source list is reported by fetch; here it only means "may be stale"
    if not status.last_fetch_failed and not (fetched and status.stale):
        return None
    day = {lang: as_of.get(lang) or "?" for lang in ("id", "en")}
    if status.last_fetch_failed:
        return {"id": f"Data per {day['id']}; pembaruan terakhir tidak dapat dimuat.",
                "en": f"Data as of {day['en']}; the latest update could not be loaded."}
    return {"id": f"Data per {day['id']}; data ini sudah lebih dari {stale_after_days} hari dan mungkin usang.",
            "en": f"Data as of {day['en']}; it is more than {stale_after_days} days old and may be out of date."}


@dataclass(frozen=True)
class Section:
    """The changes one release made to the one before it; release None: data/ since the latest release."""

    release: Release | None
    found: list[Change]
    names: Names


def changes_pages(data_dir: Path, languages: tuple[str, ...], known: list[Release]) -> list[Page]:
    """`known`: the releases in data/riwayat/, as the build read them."""
    with tempfile.TemporaryDirectory() as scratch:
        restored = {r.id: restore_release(data_dir, r.id, Path(scratch) / r.id) for r in known}
        sections = [Section(after, changes(restored[before.id], restored[after.id]),
                            Names.read(restored[before.id], restored[after.id]))
                    for before, after in zip(known, known[1:])]
        if known:
            latest = restored[known[-1].id]
            sections.append(Section(None, changes(latest, data_dir), Names.read(latest, data_dir)))
    unreleased = sections.pop() if known else None
    return [Page(SLUG, lang, {"title": TITLES[lang][0], "description": TITLES[lang][1]},
                 page_markdown(lang, unreleased, list(reversed(sections)), known)) for lang in languages]


def page_markdown(lang: str, unreleased: Section | None, sections: list[Section], known: list[Release]) -> str:
    fmt = Formatter(lang)
    id_or_en = (lambda i, e: i) if lang == "id" else (lambda i, e: e)  # noqa: E731
    lines = [f"# {TITLES[lang][0]}", "",
             id_or_en("Setiap pembaruan data yang diterima disimpan sebagai rilis bertanggal dengan sidik (checksum), "
                      "jumlah baris dan sumbernya. Halaman ini membandingkan setiap rilis dengan "
                      "rilis sebelumnya. Angka baru untuk periode yang belum pernah diterbitkan disebut **Baru**; "
                      "angka yang diubah untuk periode yang sudah diterbitkan disebut **Revisi**.",
                      "Every accepted data update is kept as a dated release with its checksum, row count and "
                      "source. This page compares each release with the one before it. A figure for a "
                      "period not published before is **New**; a changed figure for a period already published is "
                      "a **Revision**."), ""]
    pending = unreleased is not None and bool(listed(unreleased.found, unreleased.names) or
                                                 recomputed_illustrative(unreleased.found, unreleased.names))
    if unreleased and pending:
        day = fmt.date(known[-1].fetched_at.date())
        lines += [id_or_en("## Perubahan yang belum dirilis", "## Changes since the last release"), "",
                  id_or_en(f"Angka berikut sudah diperbarui di situs sejak rilis terakhir ({day}) tetapi belum "
                           "dicatat sebagai rilis bertanggal.",
                           f"These figures have been updated on the site since the last release ({day}) but are "
                           "not yet recorded as a dated release."), "",
                  *section_lines(lang, unreleased)]
    if not sections:
        if pending:  # after the unreleased changes, the releases get a heading of their own
            lines += [id_or_en("## Rilis", "## Releases"), ""]
        lines.append(id_or_en("Belum ada pembaruan data sejak rilis pertama." if known else
                              "Belum ada rilis data yang tercatat; data saat ini adalah data awal situs.",
                              "No data update since the first release." if known else
                              "No data release has been recorded yet; the current data is the site's initial data."))
        return "\n".join(lines) + "\n"
    for section in sections:
        assert section.release is not None
        lines += [f"## {fmt.date(section.release.fetched_at.date())} ({section.release.id})", ""]
        if section.release.reason:  # the gate held it: readers see why a person let it through
            reason = inline_text(section.release.reason)  # typed text, never markup
            lines += [id_or_en(f"Rilis ini menggeser angka resmi lebih dari biasanya dan diterima setelah ditinjau. "
                               f"Alasan: {reason}", "This release moved official figures more than "
                               f"usual and was accepted after review. Reason: {reason}"), ""]
        lines += section_lines(lang, section)
    return "\n".join(lines) + "\n"


def section_lines(lang: str, section: Section) -> list[str]:
    shown = [show(c, lang, section.names) for c in listed(section.found, section.names)]
    illustrative = recomputed_illustrative(section.found, section.names)
    lines: list[str] = []
    if shown:
        lines += ["| " + " | ".join(HEADERS[lang]) + " |", "|---|---:|---:|---:|---|---|"]
        for row in shown:
            source = (f'<a href="{inline_text(row.source_url)}">{cell(row.source)}</a>' if row.source and row.source_url
                      else cell(row.source))
            note = f": {cell(row.note)}" if row.note else ""
            kind = f"**{row.kind}**" if row.kind in ("Revisi", "Revision") else row.kind
            lines.append(f"| {cell(row.figure)} | {cell(row.before)} | {cell(row.after)} | {row.difference} | {kind} | "
                         f"{source}{note} |")
        lines.append("")
    if illustrative:
        lines += [f"{illustrative} angka ilustratif untuk seluruh wilayah dihitung ulang mengikuti angka resmi."
                  if lang == "id" else
                  f"{illustrative} illustrative figures for the whole area were recomputed after the official ones.",
                  ""]
    if not shown and not illustrative:
        lines += ["Tidak ada angka yang berubah." if lang == "id" else "No figure changed.", ""]
    return lines


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell, shown as typed: data/ accepts any text (a fetched source's
    publisher or revision note), and Markdown would make markup or links of it (as_text.py)."""
    return str(inline_text(text))
