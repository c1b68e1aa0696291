"""What a fetched release must pass before it may replace data/, beyond the data contract.

    plausible: no already-published official figure moves by more than extra.report.hold_change_share,
               and no official row disappears; otherwise the release is HELD for a person to review
               (its files are kept in data/riwayat/tertahan/ for that review) until
               `build.py fetch --accept "reason"` accepts it, the reason recorded with the release
    builds:    the whole strict build, chapters rendered against the staged data, succeeds
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from report.cache import write_atomic
from report.errors import FetchError, Problem, ReportError
from report.live import history
from report.publishing.change_table import Names, show
from report.settings import Settings

HELD_DIR = "tertahan"
HELD_NOTE = "tertahan.json"
EXIT_HELD = 3  # distinct from 2 (bad input), so the scheduled job can open a pull request instead


class ReleaseHeld(ReportError):
    """The release moved published figures too far: kept aside for review, data/ unchanged."""

    title_id = "Rilis data ditahan untuk ditinjau; data/ tidak diubah"
    title_en = "The data release is held for review; data/ was not changed"
    outcome_id = (" Berkasnya disimpan di data/riwayat/tertahan/. Jika angka-angka ini benar, terima dengan: "
                  "build.py fetch --accept \"alasan\".")
    outcome_en = (" Its files are kept in data/riwayat/tertahan/. If these figures are right, accept them with: "
                  "build.py fetch --accept \"reason\".")
    exit_status = EXIT_HELD


@dataclass(frozen=True)
class Move:
    """An official figure the release would change too much, or remove."""

    change: history.Change
    share: float | None  # |new - old| / |old|; None when the row is removed


def held_dir(data_dir: Path) -> Path:
    return history.history_dir(data_dir) / HELD_DIR


def moves(data_dir: Path, staging: Path, limit: float) -> list[Move]:
    found = []
    for change in history.changes(data_dir, staging):
        if not change.official or change.column not in history.COMPARED[change.dataset][0]:
            continue
        if change.kind == "dihapus":
            found.append(Move(change, None))
        elif change.kind == "revisi" and (share := moved_share(change.old, change.new)) is not None and share > limit:
            found.append(Move(change, share))
    return found


def moved_share(old: str | None, new: str | None) -> float | None:
    try:
        before, after = float(old or ""), float(new or "")
    except ValueError:
        return None  # a date or text: not a quantity that can move by a share
    if before == 0:
        return 0.0 if after == 0 else float("inf")
    return abs(after - before) / abs(before)


def check_plausible(settings: Settings, staging: Path, changed: list[str], accept: str, now: datetime) -> None:
    """Raise ReleaseHeld, keeping the candidate files for review, unless nothing moved too far or a person
    has accepted it. An accepted release must be the one that was held, if one was."""
    data_dir, limit = settings.data_dir, settings.hold_change_share
    if accept:
        check_same_as_held(data_dir, staging, changed)
        return
    found = moves(data_dir, staging, limit)
    if not found:
        return
    keep_held(data_dir, staging, changed, found, now)
    names = Names.read(data_dir, staging)
    raise ReleaseHeld([move_problem(m, names, limit) for m in found])


def move_problem(move: Move, names: Names, limit: float) -> Problem:
    change = move.change
    shown = {lang: show(change, lang, names) for lang in ("id", "en")}
    where = ", ".join(f"{k}={v}" for k, v in change.key.items())
    if move.share is None:
        return Problem(f"data/{change.dataset}.csv", f"angka resmi {shown['id'].figure} ({where}) = {change.old} "
                       "dihapus dari sumber.", f"the official figure {shown['en'].figure} ({where}) = {change.old} "
                       "is removed by the source.", column=change.column)
    share = "tak hingga" if move.share == float("inf") else f"{move.share:.0%}"
    share_en = "infinitely" if move.share == float("inf") else f"{move.share:.0%}"
    return Problem(f"data/{change.dataset}.csv", f"angka resmi {shown['id'].figure} ({where}) berubah dari "
                   f"{change.old} menjadi {change.new} ({share}), lebih dari batas {limit:.0%} "
                   "(extra.report.hold_change_share).", f"the official figure {shown['en'].figure} ({where}) moves "
                   f"from {change.old} to {change.new} ({share_en}), more than the limit of {limit:.0%} "
                   "(extra.report.hold_change_share).", column=change.column)


def keep_held(data_dir: Path, staging: Path, changed: list[str], found: list[Move], now: datetime) -> None:
    """The candidate files, for the pull request or the person who reviews them."""
    folder = held_dir(data_dir)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name in changed:
        shutil.copyfile(staging / name, folder / name)
    note = {"fetched_at": now.isoformat(), "files": changed,
            "moves": [{"dataset": m.change.dataset, "key": m.change.key, "column": m.change.column,
                       "old": m.change.old, "new": m.change.new, "share": m.share} for m in found]}
    write_atomic(folder / HELD_NOTE, (json.dumps(note, indent=1, ensure_ascii=False, default=str) + "\n").encode())


def check_same_as_held(data_dir: Path, staging: Path, changed: list[str]) -> None:
    folder = held_dir(data_dir)
    if not folder.is_dir():
        return  # nothing was held: the reason covers whatever this fetch moves
    held = sorted(p.name for p in folder.glob("*.csv"))
    if held != sorted(changed) or any((folder / n).read_bytes() != (staging / n).read_bytes() for n in held):
        raise FetchError([Problem(f"data/{history.HISTORY_DIR}/{HELD_DIR}/", "sumber sudah berubah lagi sejak rilis "
                                  "ini ditahan; yang ditinjau bukan yang akan diterima. Jalankan build.py fetch tanpa "
                                  "--accept untuk meninjau rilis yang baru.", "the source has changed again since "
                                  "this release was held; what was reviewed is not what would be accepted. Run "
                                  "build.py fetch without --accept to review the new release.")])


def clear_held(data_dir: Path) -> None:
    shutil.rmtree(held_dir(data_dir), ignore_errors=True)


def check_builds(settings: Settings, staging: Path) -> None:
    """The strict build of the whole site from the staged data, into scratch space; site/ is not touched."""
    from report.pipeline import build  # the build imports much; only a fetch with changes needs it

    link = staging / history.HISTORY_DIR
    if history.history_dir(settings.data_dir).is_dir() and not link.exists():
        link.symlink_to(history.history_dir(settings.data_dir).resolve())  # fetch dates, the changes page
    trial = dataclasses.replace(settings, data_folder=str(staging.relative_to(settings.root)),
                                site_folder=str((staging / "site").relative_to(settings.root)),
                                strict=True, show_progress=False)
    try:
        build(trial)
    except ReportError as error:
        raise FetchError([dataclasses.replace(p, message_id=f"{p.message_id} (build dengan data baru gagal)",
                                              message_en=f"{p.message_en} (the build with the new data failed)")
                          for p in error.problems]) from None
    finally:
        if link.is_symlink():
            link.unlink()
