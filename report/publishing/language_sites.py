"""One site per language, each built from its own docs tree: the default language at the root of site/,
every other language in its own folder (en/).

No i18n plugin does this: an engine that reads mkdocs.yml but runs no MkDocs plugins (Zensical) builds
the same trees with the same settings. What differs per language comes from mkdocs.yml itself
(`extra.languages.<lang>`: site name, description, theme labels, search settings); the language
selector is Material's own (`extra.alternate`), whose partial in templates/overrides links to the same
page in the other language, and templates/overrides/main.html writes the hreflang links.
"""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.utils import yaml_load

from report.settings import CONFIG_FILE

# Each language's docs tree, under the build's work folder (.build/trees/<lang>): what MkDocs builds,
# and what another engine (tests/test_zensical.py) or a bare `mkdocs build` (the benchmark) can build.
TREES = "trees"
# assets/ folders that every language links at the site's root (downloads, the study PDFs, link-preview
# cards, chapter pictures): one copy, not one per language.
SHARED_ASSETS = ("unduh", "kartu", "gambar")
# Folders of the docs tree that belong to the default language's site only (the staff status page).
DEFAULT_ONLY = ("staf",)
# The settings of mkdocs.yml that a language may change (extra.languages.<lang>).
PER_LANGUAGE = ("site_name", "site_description", "theme", "plugins")
# Keys of extra.languages.<lang> that are ours, not MkDocs settings.
OWN_SETTINGS = ("search_synonyms",)


def theme_text(text: object) -> str:
    """Text staff wrote (a title, a description, a site or language name) as the theme's templates take it:
    MkDocs and Material write these into pages unescaped, as HTML, also inside attributes, so a "<" or a '"'
    would become markup that runs or loads something. Every attribute there is in double quotes: "'" stays.
    "&" stays too: a character reference only ever reads as text, and Material escapes a few of these again
    itself (the footer's labels for screen readers), where "Data & Metode" would be read "Data &amp; Metode"."""
    return str(text).replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def site_folder(lang: str, default: str) -> str:
    """Where a language's site sits inside the whole site: '' for the default language, 'en/' otherwise."""
    return "" if lang == default else f"{lang}/"


def read_project_config(root: Path) -> dict[str, Any]:
    """mkdocs.yml with MkDocs' own loader (its tags, such as !ENV, work), as plain data to derive from."""
    with (root / CONFIG_FILE).open(encoding="utf-8") as file:
        return yaml_load(file) or {}


def language_trees(docs_dir: Path, trees_dir: Path, languages: tuple[str, ...]) -> dict[str, Path]:
    """The combined docs tree (docs/<lang>/ pages, docs/assets/, docs/staf/) -> one tree per language.
    Files are hard links where the disk allows, so splitting costs no copying."""
    if trees_dir.exists():
        shutil.rmtree(trees_dir)
    default = languages[0]
    trees = {}
    for lang in languages:
        tree = trees_dir / lang
        _link_tree(docs_dir / lang, tree)
        for entry in sorted(docs_dir.iterdir()):
            if entry.name in languages or (lang != default and entry.name in DEFAULT_ONLY):
                continue
            shared = () if lang == default else SHARED_ASSETS
            _link_tree(entry, tree / entry.name, skip=shared if entry.name == "assets" else ())
        trees[lang] = tree
    return trees


def _link_tree(source: Path, target: Path, skip: tuple[str, ...] = ()) -> None:
    if source.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        link_file(str(source), str(target))
        return
    if source.is_dir():
        shutil.copytree(source, target, copy_function=link_file, dirs_exist_ok=True,
                        ignore=lambda folder, names: [n for n in names if Path(folder) == source and n in skip])


def link_file(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:  # another disk, or a file system without hard links
        shutil.copy2(source, target)


def language_config(project: dict[str, Any], lang: str, languages: tuple[str, ...], site_url: str
                    ) -> dict[str, Any]:
    """The settings that make mkdocs.yml build the site of one language: its name, description, theme
    language and labels, search settings, and where each language's site is, for the selector and
    hreflang. Docs and site folders are the caller's."""
    default = languages[0]
    own = ((project.get("extra") or {}).get("languages") or {}).get(lang) or {}
    config: dict[str, Any] = {key: copy.deepcopy(project[key]) for key in PER_LANGUAGE if key in project}
    for key, value in own.items():
        if key not in OWN_SETTINGS:
            config[key] = _merged(config.get(key), value)
    config["theme"] = {**(config.get("theme") or {}), "language": lang}
    _escape_names(config)
    if project.get("nav"):
        config["nav"] = _text_nav(project["nav"])
    folder = site_folder(lang, default)
    config["site_url"] = site_url + folder
    up = "../" * folder.count("/")  # from this language's root to the whole site's root
    extra = {key: value for key, value in (project.get("extra") or {}).items() if key != "languages"}
    named = {alt.get("lang"): alt for alt in extra.get("alternate") or [] if isinstance(alt, dict)}
    # Every language gets its entry (hreflang needs them all), named as extra.alternate names it.
    extra["alternate"] = [{"name": lang_code, **named.get(lang_code, {}), "lang": lang_code,
                           "link": up + site_folder(lang_code, default), "path": site_folder(lang_code, default)}
                          for lang_code in languages]
    extra["site"] = {"root_url": site_url, "root_path": urlsplit(site_url).path or "/", "up": up,
                     "prefix": folder, "default_language": default}
    for alt in extra["alternate"]:
        alt["name"] = theme_text(alt["name"])
    config["extra"] = extra
    return config


def _text_nav(nav: Any) -> Any:
    """Navigation titles written in mkdocs.yml, as text (theme_text); the pages they lead to as they are."""
    if isinstance(nav, list):
        return [_text_nav(item) for item in nav]
    if isinstance(nav, dict):
        return {theme_text(title): _text_nav(target) for title, target in nav.items()}
    return nav


def _escape_names(config: dict[str, Any]) -> None:
    """The site's name and description and the colour switch's labels, as text (theme_text)."""
    for key in ("site_name", "site_description"):
        if isinstance(config.get(key), str):
            config[key] = theme_text(config[key])
    palette = config["theme"].get("palette")
    for option in palette if isinstance(palette, list) else [palette]:
        toggle = option.get("toggle") if isinstance(option, dict) else None
        if isinstance(toggle, dict) and isinstance(toggle.get("name"), str):
            toggle["name"] = theme_text(toggle["name"])


def _merged(base: Any, override: Any) -> Any:
    """Mappings merge key by key; anything else (a list, a text) is replaced whole."""
    if isinstance(base, dict) and isinstance(override, dict):
        return {**base, **{key: _merged(base.get(key), value) for key, value in override.items()}}
    return copy.deepcopy(override)


# Material's bundle, patched where two of its start-up loads are not needed on a first visit -----------

# The search worker gets its index at once unless the page is opened from disk; this makes it wait, as it
# does there, for the search box to be opened. (minified: `L($(location.protocol!=="file:"),Je("search"))`)
EAGER_SEARCH = re.compile(r'([\w$]+\()location\.protocol!=="file:"(\),[\w$]+\("search"\))')
# The language selector fetches the sitemap of every hreflang address to find the same page there; our
# selector links the same page itself, so it looks for no such links.
ALTERNATE_LOOKUP = '"link[rel=alternate]"'
NO_LOOKUP = '"link[rel=alternate][data-md-lookup]"'
# The search worker (lunr and the index builder) is replaced by a loader of a few hundred bytes that
# fetches it with the first message it gets, which the patched bundle sends when search is opened.
WORKER_LOADER = """// Loads the search worker when the search box is first opened (report/publishing/language_sites.py).
self.onmessage = function (event) {{
  self.onmessage = null;
  importScripts("{full}");
  self.dispatchEvent(new MessageEvent("message", {{ data: event.data }}));
}};
"""


def load_search_on_demand(site_dir: Path) -> bool:
    """The search index and worker (~28 KB gzip) load when a reader first opens search, not on every page.
    False when Material's bundle is not the one these patches were written for (the site still works,
    only heavier); tests/test_weight.py fails then."""
    scripts = site_dir / "assets" / "javascripts"
    bundles = list(scripts.glob("bundle.*.min.js"))
    workers = [w for w in (scripts / "workers").glob("search.*.min.js") if ".full." not in w.name]
    if len(bundles) != 1 or len(workers) != 1:
        return False
    bundle = bundles[0].read_text(encoding="utf-8")
    lazy, found = EAGER_SEARCH.subn(r"\1!1\2", bundle)
    if found != 1 or bundle.count(ALTERNATE_LOOKUP) != 1:
        return False
    bundles[0].write_text(lazy.replace(ALTERNATE_LOOKUP, NO_LOOKUP), encoding="utf-8")
    worker = workers[0]
    full = worker.with_name(worker.name.replace(".min.js", ".full.min.js"))
    worker.replace(full)
    worker.write_text(WORKER_LOADER.format(full=full.name), encoding="utf-8")
    return True


# Search synonyms ------------------------------------------------------------------------------------

SYNONYM_FIELD = "synonyms"


def add_search_synonyms(site_dir: Path, synonyms: dict[str, list[str]]) -> None:
    """`extra.languages.<lang>.search_synonyms` in mkdocs.yml: a word of the text -> other words a
    reader may search for it ("fishers" -> "fishermen"). Each section that uses the word gets them in an
    indexed field of its own, which the search shows nowhere."""
    path = site_dir / "search" / "search_index.json"
    if not synonyms or not path.is_file():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    words = {word.lower(): [str(s) for s in alternatives] for word, alternatives in synonyms.items()}
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b",
                         re.IGNORECASE)
    for doc in index.get("docs", []):
        found = {m.group(1).lower() for m in pattern.finditer(f"{doc.get('title', '')} {doc.get('text', '')}")}
        if found:
            doc[SYNONYM_FIELD] = " ".join(s for word in sorted(found) for s in words[word])
    fields = index.setdefault("config", {}).setdefault("fields", {})
    fields.setdefault(SYNONYM_FIELD, {"boost": 1.0})
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def search_synonyms(project: dict[str, Any], lang: str) -> dict[str, list[str]]:
    own = ((project.get("extra") or {}).get("languages") or {}).get(lang) or {}
    return dict(own.get("search_synonyms") or {})
