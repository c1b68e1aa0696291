"""The one declared configuration of a build: every option, its type, default and meaning.

Staff-facing options live in mkdocs.yml under `extra.report`; the command line may override
some of them. Everything is validated in one pass and the result is frozen.
"""

from __future__ import annotations

import dataclasses
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError, Problem

CONFIG_FILE = "mkdocs.yml"


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
    stale_after_days: int = _option(45, "Data accepted longer ago than this many days is flagged as stale on the site.")
    allow_illustrative: bool = _option(False, "Accept data rows with status ilustratif (made-up figures from no "
                                              "source). Only for demo and test projects: a public build refuses them.")
    payer_id: str = _option("Pemda", "Who pays the contributions the headline counts, in Indonesian (e.g. "
                                     "Pemkot Denpasar); the headline reads 'peserta yang iurannya dibayar ...'.")
    payer_en: str = _option("the local government", "The same payer in English; the headline reads "
                                                    "'participants whose contributions are paid by ...'.")

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

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
                 "fetch_backoff_seconds", "fetch_max_bytes", "stale_after_days", "allow_illustrative", "payer_id",
                 "payer_en")
# option -> (smallest allowed value, whole numbers only)
NUMERIC_LIMITS = {"fetch_timeout_seconds": (0.001, False), "fetch_retries": (0, True),
                  "fetch_backoff_seconds": (0, False), "fetch_max_bytes": (1, True), "stale_after_days": (1, True)}
SUPPORTED_LANGUAGES = ("id", "en")


def describe_options() -> dict[str, str]:
    """Option name -> one-line help, for --help and the staff guide."""
    return {f.name: f.metadata["help"] for f in dataclasses.fields(Settings)}


def load_settings(root: Path, **overrides: Any) -> Settings:
    root = root.resolve()
    config_path = root / CONFIG_FILE
    problems: list[Problem] = []
    staff = _read_staff_options(config_path, problems)
    values: dict[str, Any] = {"root": root, **staff}
    if os.environ.get("SITE_URL"):
        values["site_url"] = os.environ["SITE_URL"]
    values.update({k: v for k, v in overrides.items() if v is not None})
    _check(values, problems)
    if problems:
        raise ConfigError(_with_lines(problems, config_path))
    if not values.get("site_url", "/").endswith("/"):
        values["site_url"] += "/"
    return Settings(**values)


def _read_staff_options(config_path: Path, problems: list[Problem]) -> dict[str, Any]:
    name = config_path.name
    if not config_path.is_file():
        problems.append(Problem(name, "berkas tidak ditemukan di folder proyek.",
                                "file not found in the project folder."))
        return {}
    try:
        config = yaml.safe_load(config_path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (kolom {mark.column + 1})" if mark is not None else ""
        where_en = f" (column {mark.column + 1})" if mark is not None else ""
        parser = getattr(exc, "problem", None) or "?"  # the parser's words, for a developer
        problems.append(Problem(name, f"bukan YAML yang valid{where}: periksa titik dua, tanda kutip dan indentasi; "
                                f"nilai yang memuat titik dua harus diberi tanda kutip. [{parser}]",
                                f"not valid YAML{where_en}: check colons, quotes and indentation; a value that "
                                f"holds a colon must be quoted. [{parser}]",
                                line=None if mark is None else mark.line + 1))
        return {}
    options = (config.get("extra") or {}).get("report") or {}
    unknown = sorted(set(options) - set(STAFF_OPTIONS))
    for key in unknown:
        problems.append(Problem(name, f"pengaturan extra.report.{key} tidak dikenal; yang dikenal: "
                                f"{', '.join(STAFF_OPTIONS)}.", f"unknown setting extra.report.{key}; "
                                f"known settings: {', '.join(STAFF_OPTIONS)}."))
    return {k: v for k, v in options.items() if k in STAFF_OPTIONS}


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
    for name, (least, whole) in NUMERIC_LIMITS.items():
        _check_number(name, values.get(name, least), least, whole, problems)
    _check_publishing(values, problems)
    if values.get("message_language", "id") not in SUPPORTED_LANGUAGES:
        problems.append(Problem("build.py", "bahasa pesan harus id atau en.", "message language must be id or en."))


def _check_publishing(values: dict[str, Any], problems: list[Problem]) -> None:
    if not isinstance(values.get("allow_illustrative", False), bool):
        problems.append(Problem(CONFIG_FILE, "extra.report.allow_illustrative harus true atau false, bukan "
                                f"{values['allow_illustrative']!r}.", "extra.report.allow_illustrative must be true "
                                f"or false, not {values['allow_illustrative']!r}."))
    for name in ("payer_id", "payer_en"):
        if not isinstance(values.get(name, "x"), str) or not values.get(name, "x").strip():
            problems.append(Problem(CONFIG_FILE, f"extra.report.{name} harus berisi teks, bukan {values[name]!r}.",
                                    f"extra.report.{name} must be text, not {values[name]!r}."))


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
