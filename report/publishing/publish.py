"""Build each language's docs tree with MkDocs into a scratch folder, then swap it in for site/ atomically.

site/ is only touched by the final swap (report/publishing/swap.py), so a failed build leaves the last good site
as it was.
"""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

import jinja2
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.exceptions import MkDocsException
from mkdocs.plugins import BasePlugin, PluginCollection

from report.errors import Problem, PublishError
from report.pages.render import site_template_problem
from report.publishing.kept_languages import LanguageOutputs, language_key, take_published
from report.publishing.language_sites import (
    TREES,
    add_search_synonyms,
    language_config,
    language_trees,
    load_search_on_demand,
    search_synonyms,
    site_folder,
)
from report.publishing.off_site import refuse_off_site_loads
from report.publishing.pdf import PDF_DIR, pdf_name
from report.publishing.theme_files import VisibleThemeFiles
from report.publishing.vendor import script_path
from report.settings import CONFIG_FILE, Settings, mkdocs_config


class TemplateCache(BasePlugin):
    """Keeps Material's compiled Jinja templates between builds (MkDocs compiles ~100 of them per
    language on every build); the cache lives in .build/, so it also serves the next process."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        folder.mkdir(parents=True, exist_ok=True)
        self.cache = jinja2.FileSystemBytecodeCache(str(folder))

    def on_env(self, env: jinja2.Environment, /, *, config: object, files: object) -> jinja2.Environment:
        env.bytecode_cache = self.cache
        return env


def without_search(plugins: PluginCollection) -> None:
    """Indexing every page is a fifth of a rebuild; the preview does without (Material then hides the
    search box). A plugin's event handlers are registered apart from it, so they go too."""
    search = plugins.pop("material/search", None)
    for handlers in plugins.events.values():
        handlers[:] = [h for h in handlers if getattr(h, "__self__", None) is not search]


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_site(settings: Settings, docs_dir: Path, out_dir: Path, notice: dict[str, str] | None = None,
               outputs: LanguageOutputs | None = None) -> list[Problem]:
    """One MkDocs site per language from its own tree: the default language into out_dir, the others
    into out_dir/<lang>/ (report/publishing/language_sites.py). `notice`: the data-freshness line per language that
    every page shows in its banner, if any. `outputs`: the preview's, to take a language whose input is
    unchanged from the site it published (kept_languages.py). Returns MkDocs' warnings in staff words (a
    strict build turns them into errors instead)."""
    if out_dir.exists():  # left by a build that was interrupted
        shutil.rmtree(out_dir)
    outputs = outputs if outputs is not None else LanguageOutputs()
    outputs.made = {}
    project = settings.mkdocs_yml  # read once, when the settings were loaded
    # Beside this build's docs tree, in its own scratch folder (report/lock.py).
    trees = language_trees(docs_dir, docs_dir.parent / TREES, settings.languages)
    pdfs = study_pdfs(docs_dir, settings.languages)
    warnings: list[Problem] = []
    for lang in settings.languages:  # the default first: its build empties out_dir
        site = out_dir / site_folder(lang, settings.default_language)
        overrides = language_config(project, lang, settings.languages, settings.site_url)
        key = language_key(settings, trees[lang], overrides, [notice, pdfs.get(lang)])
        if outputs.holds(lang, key, settings.site_dir) and take_published(settings, lang, site):
            outputs.made[lang] = key
            continue
        found = build_language(settings, lang, overrides, trees[lang], site, notice, pdfs.get(lang))
        no_third_party_scripts(site)
        others = tuple(site_folder(other, settings.default_language) for other in settings.languages if other != lang)
        refuse_off_site_loads(site, settings.site_url, skip=tuple(folder for folder in others if folder))
        load_search_on_demand(site)
        add_search_synonyms(site, search_synonyms(project, lang))
        if not found:
            outputs.made[lang] = key
        warnings += found
    return warnings


def build_language(settings: Settings, lang: str, overrides: dict, docs_dir: Path, out_dir: Path,
                   notice: dict[str, str] | None, study_pdf: str | None = None) -> list[Problem]:
    """`study_pdf`: the study PDF's path from the site's root, when this build made it."""
    collector = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    level = logger.level  # MkDocs' level is the process's, not ours: set for this build, then put back
    logger.setLevel(logging.WARNING)
    try:
        config = mkdocs_config(settings, docs_dir=str(docs_dir), site_dir=str(out_dir), strict=settings.strict,
                               **overrides)
        config.extra["data_notice"] = notice
        config.extra["study_pdf"] = study_pdf
        config.plugins["laporan-template-cache"] = TemplateCache(settings.work_dir / "cache" / "jinja")
        config.plugins["laporan-theme-files"] = VisibleThemeFiles()
        if not settings.search_index:
            without_search(config.plugins)
        mkdocs_build(config)
    except MkDocsException as exc:  # an OSError is the computer's refusal: build.py names its path (os_errors.py)
        details = collector.messages or [str(exc)]
        raise PublishError([staff_problem(m, settings.content_dir, lang) for m in details]) from None
    except jinja2.TemplateError as exc:  # in templates/overrides/, which Material's pages extend
        problem = site_template_problem(exc, settings.templates_dir)
        if problem is None:
            raise
        raise PublishError([problem]) from None
    finally:
        logger.removeHandler(collector)
        logger.setLevel(level)
    return [staff_problem(m, settings.content_dir, lang) for m in collector.messages]


def study_pdfs(docs_dir: Path, languages: tuple[str, ...]) -> dict[str, str]:
    """Language -> the study PDF's path, for the languages whose PDF this build made: pages link only
    to a PDF that is there (--no-pdf and the preview make none)."""
    return {lang: f"{PDF_DIR}/{pdf_name(lang)}" for lang in languages
            if (docs_dir / PDF_DIR / pdf_name(lang)).is_file()}


BROKEN_LINK = re.compile(r"Doc file '(?P<page>[^']+)' contains a link '(?P<link>[^']+)', "
                         r"but the target (.* )?is not found")
MISSING_ANCHOR = re.compile(r"Doc file '(?P<page>[^']+)' contains a link '(?P<link>[^']+)', "
                            r"but (?:the doc '[^']+' does not contain an anchor|there is no such anchor on this page)")
ODD_LINK = re.compile(r"Doc file '(?P<page>[^']+)' contains an unrecognized relative link '(?P<link>[^']+)'")


def staff_problem(message: str, content_dir: Path, lang: str) -> Problem:
    """MkDocs speaks of its own docs tree; staff edit content/. Say the common cases in their words."""
    if link := BROKEN_LINK.search(message):
        return link_problem(link, content_dir, lang, (
            "menuju halaman yang tidak ada; periksa nama berkasnya (misalnya bab-1-pendahuluan.md).",
            "leads to a page that does not exist; check the file name (e.g. bab-1-pendahuluan.md)."))
    if link := MISSING_ANCHOR.search(message):
        anchor = link["link"].partition("#")[2]
        return link_problem(link, content_dir, lang, (
            f"menuju bagian #{anchor} yang tidak ada di halaman itu; periksa judul bagiannya (alamat bagian dibuat "
            "dari judulnya: huruf kecil, spasi menjadi tanda hubung).", f"leads to a part #{anchor} that is not on "
            "that page; check the heading (a part's address is made from its heading: lower case, spaces become "
            "hyphens)."))
    if link := ODD_LINK.search(message):
        return link_problem(link, content_dir, lang, (
            "tidak menuju bab mana pun; tautan ke bab ditulis dengan nama berkasnya, mis. bab-1-pendahuluan.md.",
            "does not lead to any chapter; link a chapter by its file name, e.g. bab-1-pendahuluan.md."))
    return Problem(CONFIG_FILE, f"MkDocs melaporkan: {message}", f"MkDocs reports: {message}",
                   line=setting_line(message, content_dir.parent / CONFIG_FILE))


def link_problem(link: re.Match[str], content_dir: Path, lang: str, says: tuple[str, str]) -> Problem:
    page, target = f"content/{lang}/{link['page']}", link["link"]
    path = content_dir / lang / link["page"]
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    line = next((n for n, text in enumerate(lines, 1) if f"({target}" in text), None)
    return Problem(page, f"tautan ke '{target}' {says[0]}", f"the link to '{target}' {says[1]}", line=line)


# A script address written whole in Material's bundle, which it loads from a CDN on demand: the
# ResizeObserver polyfill for old browsers, mermaid for diagrams.
THIRD_PARTY_SCRIPT = re.compile(r'"https?://[^"/]+/(?P<package>[a-z-]+)[^"]*"')
# Resolved against the bundle's own address, so it works from every language folder and from file://.
VENDORED_SCRIPTS = {name: f'new URL("../../{script_path(name)}",'
                          'document.querySelector(\'script[src*="javascripts/bundle."]\').src).href'
                    for name in ("resize-observer-polyfill",)}
EMPTY_SCRIPT = '"data:text/javascript,"'  # a feature the site does not offer (diagrams) loads nothing


def no_third_party_scripts(out_dir: Path) -> None:
    """The bundle loads what it needs from the site itself (vendored) or not at all, never from a CDN."""
    for bundle in (out_dir / "assets" / "javascripts").glob("bundle.*.min.js"):
        script = bundle.read_text(encoding="utf-8")
        local = THIRD_PARTY_SCRIPT.sub(lambda m: VENDORED_SCRIPTS.get(m["package"], EMPTY_SCRIPT), script)
        if local != script:
            bundle.write_text(local, encoding="utf-8")


CONFIG_VALUE = re.compile(r"Config value '([\w.-]+)'")


def setting_line(message: str, config_file: Path) -> int | None:
    """The line of mkdocs.yml that holds the setting MkDocs complains about, when it names one."""
    setting = CONFIG_VALUE.search(message)
    if not setting or not config_file.is_file():
        return None
    key = setting.group(1).split(".")[-1]
    lines = config_file.read_text(encoding="utf-8").splitlines()
    return next((n for n, text in enumerate(lines, 1) if re.match(rf"\s*-?\s*{re.escape(key)}\s*:", text)), None)


