"""`build.py releases`: the data releases kept in data/riwayat/, for staff at the terminal.

    releases                          list every release: when, and per changed file its rows and source
    releases --compare A B            what changed from release A to B ("data" = data/ as it is now)
    releases --restore ID --to DIR    write one release's data files into DIR, to build (--root) or compare
    releases --record                 keep data/ as it is now as a release (after editing it by hand)

Only --record and --restore write, and --restore only where it is told to.
"""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path

from report.errors import CommandError, Problem
from report.i18n import Formatter
from report.inputs.data import load_data
from report.live.history import (
    HISTORY_DIR,
    MANIFEST,
    Release,
    blob_path,
    changes,
    record_release,
    releases,
    restore_release,
)
from report.publishing.change_table import Names, listed, recomputed_illustrative, show
from report.settings import Settings

CURRENT = "data"  # the name --compare gives to data/ as it is now
SHOWN_MANIFEST = f"data/{HISTORY_DIR}/{MANIFEST}"


class HistoryError(CommandError):
    title_id = "Rilis data tidak dapat dibaca atau dipulihkan"
    title_en = "A data release could not be read or restored"


def run_releases(settings: Settings, compare: list[str] | None = None, restore: str | None = None,
                 to: Path | None = None, record: bool = False) -> int:
    lang = settings.message_language
    if record:
        print(record_now(settings, lang))
    elif compare:
        print(compare_text(settings.data_dir, compare[0], compare[1], lang))
    elif restore or to:
        print(restore_to(settings.data_dir, restore, to, lang))
    else:
        print(listing(settings.data_dir, lang))
    return 0


def known_releases(data_dir: Path) -> list[Release]:
    try:
        return releases(data_dir)
    except (ValueError, KeyError, TypeError) as error:  # a manifest edited or cut short by hand
        raise HistoryError([Problem(SHOWN_MANIFEST, f"berkas ini tidak terbaca ({error}); pulihkan dari git.",
                                    f"this file cannot be read ({error}); restore it from git.")]) from None


def find(data_dir: Path, release_id: str) -> Release:
    known = known_releases(data_dir)
    match = next((r for r in known if r.id == release_id), None)
    if match is None:
        ids = ", ".join(r.id for r in known) or "-"
        raise HistoryError([Problem(SHOWN_MANIFEST, f"tidak ada rilis '{release_id}'. Yang tercatat: {ids}"
                                    f" (atau '{CURRENT}' untuk data/ saat ini).",
                                    f"there is no release '{release_id}'. Recorded: {ids}"
                                    f" (or '{CURRENT}' for data/ as it is now).")])
    for name, record in match.files.items():
        if not blob_path(data_dir, name, record.sha256).is_file():
            shown = blob_path(data_dir, name, record.sha256).relative_to(data_dir.parent)
            raise HistoryError([Problem(str(shown), f"isi {name} untuk rilis {release_id} hilang; pulihkan dari git.",
                                        f"the content of {name} for release {release_id} is missing; restore it "
                                        "from git.")])
    return match


# Listing --------------------------------------------------------------------------------------------

def listing(data_dir: Path, lang: str) -> str:
    known = known_releases(data_dir)
    if not known:
        return ("Belum ada rilis di data/riwayat/; `build.py fetch` atau `build.py releases --record` mencatatnya."
                if lang == "id" else
                "No release in data/riwayat/ yet; `build.py fetch` or `build.py releases --record` records one.")
    fmt, lines = Formatter(lang), []
    previous: dict = {}
    for release in known:
        when = release.fetched_at.astimezone(UTC)
        lines.append(f"{release.id}  {fmt.date(when.date())} {when:%H:%M} UTC")
        changed = {n: f for n, f in release.files.items() if previous.get(n) != f}
        for name, record in sorted(changed.items()):
            rows = f"{fmt.number(record.rows)} {'baris' if lang == 'id' else 'rows'}"
            lines.append(f"    {name:<16} {rows:>12}  {record.source}")
        unchanged = len(release.files) - len(changed)
        if unchanged:
            lines.append(f"    ({unchanged} berkas lain tidak berubah)" if lang == "id" else
                         f"    ({unchanged} other files unchanged)")
        previous = release.files
    return "\n".join(lines)


# Comparing ------------------------------------------------------------------------------------------

def compare_text(data_dir: Path, first: str, second: str, lang: str) -> str:
    with tempfile.TemporaryDirectory() as scratch:
        old, new = (data_dir if name == CURRENT else
                    restore_release(data_dir, find(data_dir, name).id, Path(scratch) / f"{index}-{name}")
                    for index, name in enumerate((first, second)))
        found, names = changes(old, new), Names.read(old, new)
    lines = [f"{first} -> {second}"]
    for change in listed(found, names):
        row = show(change, lang, names)
        source = f"{row.source}: {row.note}" if row.note else row.source
        moved = f" ({row.difference})" if row.difference else ""
        lines.append(f"  [{row.kind}] {row.figure}: {row.before} -> {row.after}{moved}" +
                     (f"  ({source})" if source else ""))
    illustrative = recomputed_illustrative(found, names)
    if illustrative:
        lines.append(f"  + {illustrative} angka ilustratif untuk seluruh wilayah dihitung ulang" if lang == "id" else
                     f"  + {illustrative} illustrative figures for the whole area recomputed")
    if len(lines) == 1:
        lines.append("  Tidak ada angka yang berubah." if lang == "id" else "  No figure changed.")
    return "\n".join(lines)


# Restoring and recording ----------------------------------------------------------------------------

def restore_to(data_dir: Path, release_id: str | None, target: Path | None, lang: str) -> str:
    if not release_id or target is None:
        raise HistoryError([Problem("build.py releases", "--restore dan --to harus diberikan bersama, mis. "
                                    "--restore 2025-06-03T020000Z --to /tmp/rilis-lama/data.",
                                    "--restore and --to go together, e.g. "
                                    "--restore 2025-06-03T020000Z --to /tmp/old-release/data.",
                                    column="--restore" if not release_id else "--to")])
    release = find(data_dir, release_id)
    refuse_inside_project(target, data_dir.parent)
    restore_release(data_dir, release.id, target)
    return (f"Rilis {release.id}: {len(release.files)} berkas ditulis ke {target}." if lang == "id" else
            f"Release {release.id}: {len(release.files)} files written to {target}.")


def refuse_inside_project(target: Path, root: Path) -> None:
    """A restored release is for building or comparing apart: written over data/ (or anywhere the build
    reads or writes) it would replace the live data without a release of its own."""
    if not target.resolve().is_relative_to(root.resolve()):
        return
    raise HistoryError([Problem("--to", f"folder {target} ada di dalam proyek ({root}); memulihkan rilis ke sana "
                                "dapat menimpa data/ atau situs yang sedang dipakai. Pilih folder di luar proyek, mis. "
                                "--to /tmp/rilis-lama/data. Untuk memakai data lama sebagai data/, pulihkan dulu ke "
                                "luar proyek, salin, lalu jalankan `build.py releases --record`.",
                                f"the folder {target} is inside the project ({root}); restoring a release there could "
                                "overwrite data/ or the site in use. Choose a folder outside the project, e.g. "
                                "--to /tmp/old-release/data. To use old data as data/, restore it outside the "
                                "project first, copy it, then run `build.py releases --record`.")])


def record_now(settings: Settings, lang: str) -> str:
    """Only data a build accepts becomes a release: a release must always be rebuildable."""
    load_data(settings.data_dir, allow_illustrative=settings.allow_illustrative)
    release = record_release(settings.data_dir, datetime.now(UTC), {}, label="lokal")
    if release is None:
        return ("data/ sama dengan rilis terakhir; tidak ada rilis baru." if lang == "id" else
                "data/ is the same as the latest release; no new release.")
    return (f"Rilis {release.id} dicatat di data/riwayat/." if lang == "id" else
            f"Release {release.id} recorded in data/riwayat/.")

