"""What changed in an original since it was translated, paragraph by paragraph, old and new.

`build.py translations --done` keeps a copy of the original it recorded, in content/.asli/<lang>/<name>.md
(beside its fingerprint in the translation's front matter), so a later edit can be shown as the
paragraphs that changed rather than as two fingerprints.
"""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass
from pathlib import Path

KEPT_ORIGINALS = ".asli"  # in content/; hidden, so neither a chapter nor a preview trigger
HASH_LENGTH = 12


@dataclass(frozen=True)
class Change:
    old: str  # "" when the paragraph is new
    new: str  # "" when the paragraph was removed


def normalised(text: str) -> str:
    """The original as staff see it; line endings and trailing spaces do not count."""
    return "\n".join(line.rstrip() for line in text.lstrip("\ufeff").splitlines()).strip()


def fingerprint(text: str) -> str:
    return hashlib.sha256(normalised(text).encode("utf-8")).hexdigest()[:HASH_LENGTH]


def kept_original_path(content_dir: Path, lang: str, slug: str) -> Path:
    return content_dir / KEPT_ORIGINALS / lang / f"{slug}.md"


def keep_original(content_dir: Path, lang: str, slug: str, original: Path) -> None:
    path = kept_original_path(content_dir, lang, slug)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(normalised(original.read_text(encoding="utf-8-sig")) + "\n", encoding="utf-8")


def paragraphs(text: str) -> list[str]:
    return [block.strip() for block in normalised(text).split("\n\n") if block.strip()]


def changed_paragraphs(content_dir: Path, lang: str, slug: str, recorded: str, original: Path) -> list[Change] | None:
    """The changes since the recorded translation; None when the text it was made from was not kept."""
    kept = kept_original_path(content_dir, lang, slug)
    if not recorded or not kept.is_file():
        return None
    before = kept.read_text(encoding="utf-8")
    if fingerprint(before) != recorded:  # kept by an older --done, or edited by hand: not what was translated
        return None
    old, new = paragraphs(before), paragraphs(original.read_text(encoding="utf-8-sig"))
    changes = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag != "equal":
            changes.append(Change("\n\n".join(old[i1:i2]), "\n\n".join(new[j1:j2])))
    return changes


def changes_text(changes: list[Change] | None, indent: str = "    ") -> list[str]:
    """For the terminal: each changed paragraph, old then new."""
    if changes is None:
        return [f"{indent}(teks lama tidak disimpan; bandingkan seluruh naskah / the earlier text was not kept; "
                "compare the whole original)"]
    lines = []
    for change in changes:
        for mark, label, text in (("-", "lama / old", change.old), ("+", "baru / new", change.new)):
            shown = " ".join(text.split()) or "(tidak ada / none)"
            lines.append(f"{indent}{mark} {label}: {shown}")
    return lines
