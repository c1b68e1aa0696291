"""The one declared configuration of a build: every option, its type, default and meaning.

Staff-facing options live in mkdocs.yml under `extra.report`; the command line may override
some of them. Everything is validated in one pass and the result is frozen.
"""

from __future__ import annotations

import copy
import dataclasses
import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError
from mkdocs.utils.yaml import get_yaml_loader, yaml_load

from report.errors import ConfigError, Problem

CONFIG_FILE = "mkdocs.yml"
MKDOCS_LOG = logging.getLogger("mkdocs.config")


def _option(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    root: Path = _option(Path("."), "Folder of the project (where mkdocs.yml is).")
    languages: tuple[str, ...] = _option(("id", "en"), "Languages, default first: id at /, en at /en/.")
    site_url: str = _option("http://127.0.0.1:8000/", "Public address of the site, for the sitemap and hreflang "
                                                      "links (env SITE_URL overrides).")
    small_cell_threshold: int = _option(4, "Counts from 1 to this number at desa/kelurahan level are hidden as [c].")
    strict: bool = _option(False, "Treat every warning as an error (CI uses this).")
    message_language: str = _option("id", "Language of error messages: id or en.")
    show_progress: bool = _option(True, "Print each stage and its duration.")
    site_folder: str = _option("site", "Where the built site goes, inside the project folder; the live preview "
                                       "uses .build/preview so it never replaces the published site/.")
    print_pdf: bool = _option(True, "Lay out the whole study as one PDF per language (several seconds when a "
                                    "chapter or figure changed); the live preview and --no-pdf skip it.")
    search_index: bool = _option(True, "Build the site's search index; the live preview skips it to reload a "
                                       "chapter edit within a second (its search box is then hidden).")
    fetch_timeout_seconds: float = _option(30.0, "Seconds `build.py fetch` allows one whole download before it "
                                           "counts as timed out.")
    fetch_retries: int = _option(3, "How many more times a download is tried after a network error, timeout or "
                                 "HTTP 5xx.")
    fetch_backoff_seconds: float = _option(2.0, "Wait before the first retry; it doubles for each retry after it.")
    fetch_max_bytes: int = _option(50_000_000, "Largest download accepted, in bytes; anything bigger is refused.")
    hold_change_share: float = _option(0.5, "A fetched release that moves an already-published official figure by "
                                       "more than this share (0.5 = 50 %), or removes an official row, is held "
                                       "for review until `build.py fetch --accept \"reason\"`.")
    data_folder: str = _option("data", "Where the data is read, inside the project folder; fetch builds a candidate "
                                       "release from its own staging folder before it may replace data/.")
    stale_after_days: int = _option(45, "Data accepted longer ago than this many days is flagged as stale on the site.")
    # Not an option: mkdocs.yml as MkDocs' own loader read it, once, for every stage that needs it.
    mkdocs_yml: dict[str, Any] = field(default_factory=dict, compare=False, repr=False, metadata={
        "help": "mkdocs.yml as read once by MkDocs' loader (its tags such as !ENV work).", "option": False})
    allow_illustrative: bool = _option(False, "Accept data rows with status ilustratif (made-up figures from no "
                                              "source). Only for demo and test projects: a public build refuses them.")
    payer_id: str = _option("Pemda", "Who pays the contributions the headline counts, in Indonesian (the "
                                     "government of the kabupaten, kota or provinsi); the headline reads 'peserta "
                                     "yang iurannya dibayar ...'.")
    payer_en: str = _option("the local government", "The same payer in English; the headline reads "
                                                    "'participants whose contributions are paid by ...'.")
    download_name: str = _option("", "Name of the open-data files: the zip is data-<name>.zip and the data package "
                                     "is <name> (lower-case letters, digits, '-'); empty: the region's name from "
                                     "wilayah.csv in lower case, words joined by -.")

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def data_dir(self) -> Path:
        return self.root / self.data_folder

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def site_dir(self) -> Path:
        return self.root / self.site_folder

    @property
    def work_dir(self) -> Path:
        """Scratch space on the same disk as site/, so the final swap is a rename."""
        return self.root / ".build"

    @property
    def default_language(self) -> str:
        return self.languages[0]


STAFF_OPTIONS = ("site_url", "small_cell_threshold", "fetch_timeout_seconds", "fetch_retries",
                 "fetch_backoff_seconds", "fetch_max_bytes", "stale_after_days", "hold_change_share",
                 "allow_illustrative", "payer_id", "payer_en", "download_name", "print_pdf")
# option -> (smallest allowed value, whole numbers only)
NUMERIC_LIMITS = {"fetch_timeout_seconds": (0.001, False), "fetch_retries": (0, True),
                  "fetch_backoff_seconds": (0, False), "fetch_max_bytes": (1, True), "stale_after_days": (1, True),
                  "hold_change_share": (0.001, False)}
SUPPORTED_LANGUAGES = ("id", "en")


def describe_options() -> dict[str, str]:
    """Option name -> one-line help, for --help and the staff guide."""
    return {f.name: f.metadata["help"] for f in dataclasses.fields(Settings) if f.metadata.get("option", True)}


def load_settings(root: Path, **overrides: Any) -> Settings:
    root = root.resolve()
    config_path = root / CONFIG_FILE
    problems: list[Problem] = []
    config = read_mkdocs_yml(config_path, problems)
    staff = _staff_options(config, config_path.name, problems)
    values: dict[str, Any] = {"root": root, **staff, "mkdocs_yml": config}
    if os.environ.get("SITE_URL"):
        values["site_url"] = os.environ["SITE_URL"]
    values.update({k: v for k, v in overrides.items() if v is not None})
    _check(values, problems)
    if problems:
        raise ConfigError(_with_lines(problems, config_path))
    if not values.get("site_url", "/").endswith("/"):
        values["site_url"] += "/"
    return Settings(**values)


def read_mkdocs_yml(config_path: Path, problems: list[Problem]) -> dict[str, Any]:
    """mkdocs.yml read by MkDocs' own loader, so what MkDocs accepts (!ENV, Material's
    !!python/name: for emoji, INHERIT) is accepted here too."""
    name = config_path.name
    if not config_path.is_file():
        problems.append(Problem(name, "berkas tidak ditemukan di folder proyek.",
                                "file not found in the project folder."))
        return {}
    try:
        with config_path.open("rb") as source:
            config = yaml_load(source, get_yaml_loader())
    except ConfigurationError as exc:
        problems.append(_yaml_problem(name, exc))
        return {}
    if not isinstance(config, dict):
        problems.append(Problem(name, "isi berkas harus berupa daftar pengaturan (nama: nilai).",
                                "the file must hold settings (name: value)."))
        return {}
    return config


def _yaml_problem(name: str, exc: ConfigurationError) -> Problem:
    # MkDocs wraps the parser's error; its mark (line, column) is what staff need.
    cause = exc.__context__ if isinstance(exc.__context__, yaml.YAMLError) else None
    mark = getattr(cause, "problem_mark", None)
    where = f" (kolom {mark.column + 1})" if mark is not None else ""
    where_en = f" (column {mark.column + 1})" if mark is not None else ""
    parser = getattr(cause, "problem", None) or "?"  # the parser's words, for a developer
    return Problem(name, f"bukan YAML yang valid{where}: periksa titik dua, tanda kutip dan indentasi; "
                   f"nilai yang memuat titik dua harus diberi tanda kutip. [{parser}]",
                   f"not valid YAML{where_en}: check colons, quotes and indentation; a value that "
                   f"holds a colon must be quoted. [{parser}]",
                   line=None if mark is None else mark.line + 1)


def _staff_options(config: dict[str, Any], name: str, problems: list[Problem]) -> dict[str, Any]:
    extra = config.get("extra") or {}
    options = (extra.get("report") if isinstance(extra, dict) else None) or {}
    if not isinstance(options, dict):
        problems.append(Problem(name, "extra.report harus berisi pengaturan (nama: nilai).",
                                "extra.report must hold settings (name: value)."))
        return {}
    unknown = sorted(set(options) - set(STAFF_OPTIONS))
    for key in unknown:
        problems.append(Problem(name, f"pengaturan extra.report.{key} tidak dikenal; yang dikenal: "
                                f"{', '.join(STAFF_OPTIONS)}.", f"unknown setting extra.report.{key}; "
                                f"known settings: {', '.join(STAFF_OPTIONS)}."))
    return {k: v for k, v in options.items() if k in STAFF_OPTIONS}


def mkdocs_config(settings: Settings, **overrides: Any) -> MkDocsConfig:
    """MkDocs' validated configuration from the mkdocs.yml read at load time, not read again; as
    mkdocs.config.load_config does after reading the file (log, then abort on errors)."""
    config = MkDocsConfig(config_file_path=str(settings.root / CONFIG_FILE))
    config.load_dict(copy.deepcopy(settings.mkdocs_yml))
    config.load_dict({k: v for k, v in overrides.items() if v is not None})
    errors, warnings = config.validate()
    for config_name, warning in warnings:
        MKDOCS_LOG.warning(f"Config value '{config_name}': {warning}")
    for config_name, error in errors:
        MKDOCS_LOG.error(f"Config value '{config_name}': {error}")
    if errors:
        raise Abort("Aborted with a configuration error!")
    if config.strict and warnings:
        raise Abort(f"Aborted with {len(warnings)} configuration warnings in 'strict' mode!")
    return config


# Pages write the address into attributes (hreflang, link previews) and the sitemap into XML: only what an address
# needs, so no value can close an attribute and start markup.
SITE_ADDRESS = re.compile(r"^https?://[A-Za-z0-9.-]+(:[0-9]+)?(/[A-Za-z0-9._~!$()*+,;=:@%/-]*)?$")


def _check(values: dict[str, Any], problems: list[Problem]) -> None:
    threshold = values.get("small_cell_threshold", 4)
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 0:
        problems.append(Problem(CONFIG_FILE, f"extra.report.small_cell_threshold harus bilangan bulat 0 "
                                f"atau lebih, bukan {threshold!r}.", "extra.report.small_cell_threshold "
                                f"must be a whole number 0 or more, not {threshold!r}."))
    url = values.get("site_url", "http://")
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        problems.append(Problem(CONFIG_FILE, f"extra.report.site_url harus diawali http:// atau https://, "
                                f"bukan {url!r}.", f"extra.report.site_url must start with http:// or "
                                f"https://, not {url!r}."))
    elif not SITE_ADDRESS.match(url):
        problems.append(Problem(CONFIG_FILE, "extra.report.site_url harus berupa alamat web seperti "
                                "https://nama.github.io/laporan/, tanpa spasi, tanda kutip, < >, ?, # atau &, "
                                f"bukan {url!r}.", "extra.report.site_url must be a web address such as "
                                "https://name.github.io/report/, without spaces, quotes, < >, ?, # or &, "
                                f"not {url!r}."))
    for name, (least, whole) in NUMERIC_LIMITS.items():
        _check_number(name, values.get(name, least), least, whole, problems)
    _check_publishing(values, problems)
    _check_copyright((values.get("mkdocs_yml") or {}).get("copyright"), problems)
    _check_synonyms(values.get("mkdocs_yml") or {}, problems)
    if values.get("message_language", "id") not in SUPPORTED_LANGUAGES:
        problems.append(Problem("build.py", "bahasa pesan harus id atau en.", "message language must be id or en."))


def _check_publishing(values: dict[str, Any], problems: list[Problem]) -> None:
    for flag in ("allow_illustrative", "print_pdf"):
        if not isinstance(values.get(flag, False), bool):
            problems.append(Problem(CONFIG_FILE, f"extra.report.{flag} harus true atau false, bukan {values[flag]!r}.",
                                    f"extra.report.{flag} must be true or false, not {values[flag]!r}."))
    name = values.get("download_name", "")
    if not isinstance(name, str) or not re.fullmatch(r"([a-z0-9]+(-[a-z0-9]+)*)?", name):
        problems.append(Problem(CONFIG_FILE, "extra.report.download_name hanya boleh huruf kecil, angka dan '-', "
                                f"bukan {name!r}.", "extra.report.download_name may hold only lower-case letters, "
                                f"digits and '-', not {name!r}."))
    for name in ("payer_id", "payer_en"):
        if not isinstance(values.get(name, "x"), str) or not values.get(name, "x").strip():
            problems.append(Problem(CONFIG_FILE, f"extra.report.{name} harus berisi teks, bukan {values[name]!r}.",
                                    f"extra.report.{name} must be text, not {values[name]!r}."))


def _check_synonyms(config: dict[str, Any], problems: list[Problem]) -> None:
    """extra.languages.<lang>.search_synonyms: a word of the text -> the other words that find it."""
    extra = config.get("extra")
    languages = extra.get("languages") if isinstance(extra, dict) else None
    for lang, own in languages.items() if isinstance(languages, dict) else []:
        synonyms = own.get("search_synonyms") if isinstance(own, dict) else None
        if synonyms is None or (isinstance(synonyms, dict) and all(
                isinstance(word, str) and isinstance(others, list) and all(isinstance(o, str) for o in others)
                for word, others in synonyms.items())):
            continue
        problems.append(Problem(CONFIG_FILE, f"extra.languages.{lang}.search_synonyms harus berisi satu kata per "
                                "baris dengan daftar kata lainnya, mis. fishers: [fishermen, fisherman].",
                                f"extra.languages.{lang}.search_synonyms must hold one word per line with a list of "
                                "other words, e.g. fishers: [fishermen, fisherman]."))


def _check_copyright(text: Any, problems: list[Problem]) -> None:
    """Material prints `copyright` into every page as HTML: it is judged as a chapter's HTML is."""
    if not isinstance(text, str) or "<" not in text:
        return  # no tag: nothing to judge, and a build with nothing changed loads no HTML checker for it
    from report.chapters.chapter_html import elements, refused  # the chapters' rules, for one setting

    for element in elements(text):
        for refusal in refused(element):
            problems.append(Problem(CONFIG_FILE, f"copyright: {refusal.said_id} tidak diizinkan: {refusal.why_id}",
                                    f"copyright: {refusal.said_en} is not allowed: {refusal.why_en}"))


def _check_number(name: str, value: Any, least: float, whole: bool, problems: list[Problem]) -> None:
    kinds = (int,) if whole else (int, float)
    if not isinstance(value, bool) and isinstance(value, kinds) and value >= least:
        return
    what_id = "bilangan bulat" if whole else "angka"
    what_en = "a whole number" if whole else "a number"
    problems.append(Problem(CONFIG_FILE, f"extra.report.{name} harus {what_id} {least:g} atau lebih, bukan "
                            f"{value!r}.", f"extra.report.{name} must be {what_en} {least:g} or more, not {value!r}."))


def _with_lines(problems: list[Problem], config_path: Path) -> list[Problem]:
    """Point each extra.report problem at the line of mkdocs.yml where that option is written."""
    lines = _option_lines(config_path)
    found = []
    for problem in problems:
        key = re.search(r"extra\.report\.(\w+)", problem.message_en)
        if problem.line is None and key and key.group(1) in lines:
            problem = dataclasses.replace(problem, line=lines[key.group(1)])
        found.append(problem)
    return found


def _option_lines(config_path: Path) -> dict[str, int]:
    try:
        root = yaml.compose(config_path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return {}
    node = root
    for name in ("extra", "report"):
        if not isinstance(node, yaml.MappingNode):
            return {}
        node = next((value for key, value in node.value if key.value == name), None)
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(key.value): key.start_mark.line + 1 for key, _ in node.value}
