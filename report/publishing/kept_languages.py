"""The preview runs MkDocs only for the languages whose input changed.

A chapter edit in one language leaves the other language's docs tree as it was, and MkDocs would make the
same files again: a third of a chapter edit's rebuild. The preview's session keeps, per language, a hash of all
that language's MkDocs build reads, for the site it last published (and only when that language's build
gave no warning, so warnings are shown again on every build). A language whose hash is unchanged is taken
from that site as hard links. A one-shot build has a fresh session, so it runs MkDocs for every language.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from report.publishing.language_sites import link_file, site_folder
from report.settings import Settings
from report.site_stamp import code_version, tree_digest


@dataclass
class LanguageOutputs:
    """Language -> the hash of the MkDocs input whose output the published site holds for it."""

    published: dict[str, str] = field(default_factory=dict)
    made: dict[str, str] = field(default_factory=dict)  # this build's, true once its site is swapped in
    # The site folder this session swapped in: another command (a second preview of the project) may have
    # swapped in a site of its own since, which `published` says nothing about.
    site: tuple[int, int, int] | None = None

    def swapped_in(self, site_dir: Path) -> None:
        self.published, self.made, self.site = self.made, {}, folder_identity(site_dir)

    def holds(self, lang: str, key: str, site_dir: Path) -> bool:
        """Whether the site in `site_dir` is the one this session published, with `lang` made from `key`."""
        return self.published.get(lang) == key and self.site is not None and self.site == folder_identity(site_dir)


def folder_identity(folder: Path) -> tuple[int, int, int] | None:
    """A swap puts a folder made beside the old one in its place: a new inode (and time), never the old."""
    try:
        found = folder.stat()
    except OSError:
        return None
    return found.st_dev, found.st_ino, found.st_mtime_ns


def language_key(settings: Settings, tree: Path, config: dict[str, Any], extra: list[Any]) -> str:
    """`config`: the language's MkDocs settings; `extra`: what else its pages show (the data notice, the PDF)."""
    options = [settings.mkdocs_yml, settings.strict, settings.search_index, str(settings.site_dir), config, extra,
               code_version(), date.today()]  # the sitemap's dates
    digest = hashlib.sha256(json.dumps(options, sort_keys=True, default=str).encode())
    for folder in (tree, settings.templates_dir):
        digest.update(folder.name.encode())
        tree_digest(digest, folder)
    return digest.hexdigest()


def take_published(settings: Settings, lang: str, out: Path) -> bool:
    """The language's site as last published, linked into `out`; False when it is not there. The default
    language's site holds the others' folders: those are not its own."""
    default = settings.default_language
    source = settings.site_dir / site_folder(lang, default)
    if not source.is_dir():
        return False
    others = {site_folder(other, default).rstrip("/") for other in settings.languages if other != default}
    skip = others if lang == default else set()
    shutil.copytree(source, out, copy_function=link_file, dirs_exist_ok=True,
                    ignore=lambda folder, names: [n for n in names if Path(folder) == source and n in skip])
    return True
