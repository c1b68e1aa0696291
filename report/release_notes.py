"""What readers are told about the data's freshness, and the "what changed" page per release.

Both read the history that `build.py fetch` keeps in data/riwayat/ (report/history.py). The page
shows city-level figures only: a change in a desa/kelurahan row could reveal a hidden small cell.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from .compute import CITY
from .errors import ReportError
from .history import Change, changes, data_status, releases, restore_release
from .i18n import Formatter
from .render import Page
from .sources import load_sources

SLUG = "perubahan-data"
TITLES = {"id": ("Perubahan Data", "Apa yang berubah pada setiap rilis data: angka baru, revisi dan yang dihapus."),
          "en": ("Data Changes", "What changed in each data release: new figures, revisions and removals.")}
KINDS = {"baru": {"id": "baru", "en": "new"}, "revisi": {"id": "revisi", "en": "revision"},
         "dihapus": {"id": "dihapus", "en": "removed"}}


def data_notice(data_dir: Path, today: date, stale_after_days: int) -> dict[str, str] | None:
    """The banner line for every page when the latest fetch failed or the data is stale; None otherwise.
    Only data that is fetched can go stale: with every source local there is nothing to refresh."""
    status = data_status(data_dir, today, stale_after_days)
    try:
        fetched = any(source.remote for source in load_sources(data_dir))
    except ReportError:
        fetched = True  # a broken source list is reported by fetch; here it only means "may be stale"
    if not status.last_fetch_failed and not (fetched and status.stale):
        return None
    day = {lang: Formatter(lang).date(status.as_of) if status.as_of else "?" for lang in ("id", "en")}
    if status.last_fetch_failed:
        return {"id": f"Data per {day['id']}; pembaruan terakhir tidak dapat dimuat.",
                "en": f"Data as of {day['en']}; the latest update could not be loaded."}
    return {"id": f"Data per {day['id']}; data ini sudah lebih dari {stale_after_days} hari dan mungkin usang.",
            "en": f"Data as of {day['en']}; it is more than {stale_after_days} days old and may be out of date."}


def changes_pages(data_dir: Path, languages: tuple[str, ...]) -> list[Page]:
    known = releases(data_dir)
    per_release: list[tuple[str, str, list[Change]]] = []
    with tempfile.TemporaryDirectory() as scratch:
        for before, after in zip(known, known[1:]):
            old = restore_release(data_dir, before.id, Path(scratch) / before.id)
            new = restore_release(data_dir, after.id, Path(scratch) / after.id)
            shown = [c for c in changes(old, new) if c.key.get("kode_wilayah") == CITY]
            per_release.append((after.id, after.fetched_at.date().isoformat(), shown))
    return [Page(SLUG, lang, {"title": TITLES[lang][0], "description": TITLES[lang][1]},
                 page_markdown(lang, list(reversed(per_release)), len(known))) for lang in languages]


def page_markdown(lang: str, per_release: list[tuple[str, str, list[Change]]], count: int) -> str:
    fmt = Formatter(lang)
    id_or_en = (lambda i, e: i) if lang == "id" else (lambda i, e: e)  # noqa: E731
    lines = [f"# {TITLES[lang][0]}", "",
             id_or_en("Setiap pembaruan data yang diterima disimpan sebagai rilis bertanggal dengan sidik (checksum), "
                      "jumlah baris dan sumbernya di `data/riwayat/`. Halaman ini membandingkan setiap rilis dengan "
                      "rilis sebelumnya untuk angka tingkat kota. Angka yang diubah disebut **revisi**.",
                      "Every accepted data update is kept as a dated release with its checksum, row count and source "
                      "in `data/riwayat/`. This page compares each release with the one before it, for city-level "
                      "figures. A changed figure is labelled a **revision**."), ""]
    if not per_release:
        lines.append(id_or_en("Belum ada pembaruan data sejak rilis pertama." if count else
                              "Belum ada rilis data yang tercatat; data saat ini adalah data awal situs.",
                              "No data update since the first release." if count else
                              "No data release has been recorded yet; the current data is the site's initial data."))
        return "\n".join(lines) + "\n"
    for release, day, found in per_release:
        lines += [f"## {fmt.date(date.fromisoformat(day))} ({release})", ""]
        if not found:
            lines += [id_or_en("Tidak ada angka tingkat kota yang berubah.", "No city-level figure changed."), ""]
            continue
        lines += ["| " + " | ".join(id_or_en(*h) for h in (("Data", "Data"), ("Kunci", "Key"), ("Kolom", "Column"),
                                                               ("Lama", "Before"), ("Baru", "After"),
                                                               ("Selisih", "Difference"), ("Jenis", "Kind"),
                                                               ("Catatan sumber", "Source note"))) + " |",
                  "|---|---|---|---:|---:|---:|---|---|"]
        for change in found:
            key = ", ".join(f"{k} {v}" for k, v in change.key.items() if k != "kode_wilayah")
            lines.append(f"| {change.dataset} | {key} | {change.column} | {shown(fmt, change.old)} | "
                         f"{shown(fmt, change.new)} | {difference(fmt, change)} | {KINDS[change.kind][lang]} | "
                         f"{change.note.replace('|', '/')} |")
        lines.append("")
    return "\n".join(lines) + "\n"


def shown(fmt: Formatter, value: str | None) -> str:
    if value is None or value == "":
        return "–"
    return fmt.number(int(value)) if value.isdigit() else value.replace("|", "/")


def difference(fmt: Formatter, change: Change) -> str:
    if not (change.old or "").isdigit() or not (change.new or "").isdigit():
        return ""
    delta = int(change.new) - int(change.old)  # type: ignore[arg-type]
    return ("+" if delta > 0 else "") + fmt.number(delta)
