"""`python build.py benchmark`: where a build's time goes and what the heaviest page weighs.

It measures, it does not judge: no threshold here fails anything. Figures go in the changelog.
"""

from __future__ import annotations

import csv
import gzip
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import yaml

from .language_sites import TREES, language_config
from .lock import clear_work_dir
from .pipeline import STAGES, Stage
from .settings import CONFIG_FILE, Settings, load_settings

RUNS = 3
BUILD_SCRIPT = Path(__file__).resolve().parent.parent / "build.py"
EXTRA_PRODUCTS = (Stage.CARDS, Stage.PDF)
OWN_STAGES = tuple(s for s in STAGES if s not in (Stage.MKDOCS, *EXTRA_PRODUCTS))
PROJECT_INPUTS = ("content", "data", "templates", "mkdocs.yml")


@dataclass(frozen=True)
class Weight:
    part: str
    raw: int
    gzipped: int


def run_benchmark(settings: Settings) -> None:
    """Measures a copy of the project, so the real site/ and caches are left alone."""
    print(f"Mesin / machine: {platform.machine()}, {os.cpu_count()} core(s), Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}")
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "project"
        for name in PROJECT_INPUTS:
            source = settings.root / name
            (shutil.copytree if source.is_dir() else shutil.copy2)(source, copy / name)
        report(load_settings(copy, show_progress=False))


def report(settings: Settings) -> None:
    cold = [build_command(settings, keep_cache=False) for _ in range(RUNS)]
    stages = {name: statistics.median(run[1].get(name, 0.0) for run in cold) for name in STAGES}
    whole = statistics.median(run[0] for run in cold)
    print(f"\nBuild dingin per tahap / cold build by stage (median of {RUNS}, new process, no cache):")
    for name, seconds in stages.items():
        print(f"  {name:<32} {seconds:7.3f} s")
    own, extra, mkdocs_stage = (sum(stages[s] for s in OWN_STAGES), sum(stages[s] for s in EXTRA_PRODUCTS),
                                stages[Stage.MKDOCS])
    print(f"  own stages for the pages       {own:7.3f} s = {100 * own / mkdocs_stage:.0f}% of the mkdocs stage")
    print(f"  extra products (cards, PDF)    {extra:7.3f} s")

    bare = statistics.median(bare_mkdocs(settings) for _ in range(RUNS))
    unchanged = statistics.median(build_command(settings, keep_cache=True)[0] for _ in range(RUNS))
    data_only = [edited_build(settings, "data") for _ in range(RUNS)]
    chapter_only = [edited_build(settings, "content") for _ in range(RUNS)]
    pages = sorted(settings.site_dir.rglob("*.html"))
    print(f"\nPerintah utuh / whole commands (median of {RUNS}, wall clock, interpreter start included):")
    print(f"  python build.py, cold                  {whole:7.3f} s")
    print(f"  python build.py, nothing changed       {unchanged:7.3f} s")
    print(f"  python build.py, one data figure edited {statistics.median(data_only):6.3f} s "
          f"({100 * statistics.median(data_only) / whole:.0f}% of cold)")
    print(f"  python build.py, one chapter edited    {statistics.median(chapter_only):7.3f} s "
          f"({100 * statistics.median(chapter_only) / whole:.0f}% of cold)")
    cold_pages = statistics.median(build_command(settings, False, "--no-pdf")[0] for _ in range(RUNS))
    data_pages = statistics.median(edited_build(settings, "data", "--no-pdf") for _ in range(RUNS))
    print(f"  --no-pdf, cold                         {cold_pages:7.3f} s")
    print(f"  --no-pdf, one data figure edited       {data_pages:7.3f} s "
          f"({100 * data_pages / cold_pages:.0f}% of cold)")
    print(f"  mkdocs build of the same pages         {bare:7.3f} s")
    print(f"  added by the project, cold: {100 * (whole - bare) / bare:.0f}%; nothing changed: "
          f"{100 * (unchanged - bare) / bare:.0f}%")
    print(f"\nPer halaman / per page ({len(pages)} HTML pages): build.py cold {1000 * whole / len(pages):.0f} ms, "
          f"mkdocs {1000 * bare / len(pages):.0f} ms")

    heaviest, weights = heaviest_page(settings.site_dir, pages)
    lightest, light = lightest_page(settings.site_dir, pages)
    for label, page, parts, budget in (("terberat / heaviest", heaviest, weights, 120),
                                       ("teks / text page (lightest)", lightest, light, 80)):
        print(f"\nHalaman {label}: {page.relative_to(settings.site_dir)}, first visit")
        for weight in parts:
            print(f"  {weight.part:<44} {weight.raw / 1024:8.1f} KB raw {weight.gzipped / 1024:8.1f} KB gzip")
        print(f"  {'jumlah / total':<44} {sum(w.raw for w in parts) / 1024:8.1f} KB raw "
              f"{sum(w.gzipped for w in parts) / 1024:8.1f} KB gzip  (budget: {budget} KB gzip)")
    search = search_on_first_use(settings.site_dir)
    print(f"  {search.part:<44} {search.raw / 1024:8.1f} KB raw {search.gzipped / 1024:8.1f} KB gzip")
    print("\nGrafik / charts on that page: drawings and tooltips")
    for weight in interaction_cost(settings.site_dir, heaviest):
        print(f"  {weight.part:<44} {weight.raw / 1024:8.1f} KB raw {weight.gzipped / 1024:8.1f} KB gzip")


def edited_build(settings: Settings, kind: str, *options: str) -> float:
    """Rebuild after the kind of edit staff make: one coverage figure, or one sentence in one chapter."""
    if kind == "data":
        path = settings.data_dir / "kepesertaan.csv"
        lines = path.read_text(encoding="utf-8").splitlines()
        with (settings.data_dir / "wilayah.csv").open(encoding="utf-8", newline="") as regions:
            root = next(row["kode"] for row in csv.DictReader(regions) if not row.get("kode_induk"))
        latest = max(i for i, line in enumerate(lines) if f",{root},semua," in line and ",resmi," in line)
        fields = lines[latest].split(",")
        fields[3] = str(int(fields[3]) + 1)
        lines[latest] = ",".join(fields)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    else:
        path = settings.content_dir / settings.default_language / "bab-3-evaluasi-peraturan.md"
        path.write_text(path.read_text(encoding="utf-8") + "\nKalimat tambahan untuk pengukuran.\n",
                        encoding="utf-8")
    return build_command(settings, True, *options)[0]


def build_command(settings: Settings, keep_cache: bool, *options: str) -> tuple[float, dict[str, float]]:
    """One real `python build.py` run: its wall-clock time and its own per-stage timings."""
    if not keep_cache:
        clear_work_dir(settings.work_dir)
    with tempfile.TemporaryDirectory() as scratch:
        timings = Path(scratch) / "timings.json"
        seconds = timed([sys.executable, str(BUILD_SCRIPT), "build", "--root", str(settings.root), "--quiet",
                         "--timings", str(timings), *options])
        return seconds, json.loads(timings.read_text(encoding="utf-8"))


def timed(command: list[str], cwd: Path | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, cwd=cwd, capture_output=True)
    return time.perf_counter() - started


def bare_mkdocs(settings: Settings) -> float:
    """Plain `mkdocs build` of each language's docs tree our build generated, with the settings our build
    gives that language: the cost MkDocs alone would have."""
    seconds = 0.0
    # Beside mkdocs.yml, because MkDocs resolves relative paths (custom_dir) from the config's folder.
    config = settings.root / ".benchmark-mkdocs.yml"
    project = settings.mkdocs_yml
    for lang in settings.languages:
        with tempfile.TemporaryDirectory(dir=settings.work_dir) as scratch:
            own = {"INHERIT": CONFIG_FILE, **language_config(project, lang, settings.languages, settings.site_url),
                   "docs_dir": str(settings.work_dir / TREES / lang), "site_dir": str(Path(scratch) / "site")}
            config.write_text(yaml.safe_dump(own, allow_unicode=True), encoding="utf-8")
            try:
                mkdocs = Path(sys.executable).with_name("mkdocs")
                seconds += timed([str(mkdocs), "build", "--quiet", "--config-file", str(config)], cwd=settings.root)
            finally:
                config.unlink()
    return seconds


def heaviest_page(site: Path, pages: list[Path]) -> tuple[Path, list[Weight]]:
    measured = [(page, page_weight(site, page)) for page in pages]
    return max(measured, key=lambda item: sum(w.gzipped for w in item[1]))


def lightest_page(site: Path, pages: list[Path]) -> tuple[Path, list[Weight]]:
    """A page of text only: the study's pages (the site's theme, not the staff page) without a chart."""
    texts = {page: page.read_text(encoding="utf-8") for page in pages if page.name != "404.html"}
    measured = [(page, page_weight(site, page)) for page, html in texts.items()
                if 'id="__config"' in html and 'class="chart' not in html]
    return min(measured, key=lambda item: sum(w.gzipped for w in item[1]))


def page_weight(site: Path, page: Path) -> list[Weight]:
    """What a first visit fetches on load: the HTML, every stylesheet, script and image it links, and
    what Material's scripts fetch at once (the search worker's loader; the index and the worker itself
    wait until the search box is opened, see search_on_first_use)."""
    html = page.read_bytes()
    parts: dict[str, list[bytes]] = {"HTML (inline SVG charts included)": [html]}
    collector = LinkedResources()
    collector.feed(html.decode("utf-8"))
    base = "/" + str(page.parent.relative_to(site)).strip(".") + "/"
    config = json.loads(collector.config or "{}")
    found = list(collector.found)
    if config.get("search"):
        found.append(("search worker loader", config["search"]))
    for part, url in found:
        path = local_file(site, base, url or "")
        if path is not None:
            parts.setdefault(part, []).append(path.read_bytes())
    return [Weight(part, sum(len(b) for b in blobs), sum(len(gzip.compress(b, 6)) for b in blobs))
            for part, blobs in parts.items()]


def search_on_first_use(site: Path) -> Weight:
    """What opening the search box fetches once: the language's search index and Material's worker."""
    blobs = [(site / "search" / "search_index.json").read_bytes()]
    blobs += [p.read_bytes() for p in (site / "assets" / "javascripts" / "workers").glob("search.*.full.min.js")]
    return Weight("search on first use (index + worker)", sum(len(b) for b in blobs),
                  sum(len(gzip.compress(b, 6)) for b in blobs))


def interaction_cost(site: Path, page: Path) -> list[Weight]:
    """Bytes the charts cost on this page: the inline SVGs (two widths each) every visit gets, and the
    tooltip script, which reads the marks' labels in those SVGs and loads nothing more."""
    html = page.read_text(encoding="utf-8")
    svgs = re.findall(r'<div class="chart__svg".*?</svg></div></div>', html, flags=re.S)  # both drawings
    script = (site / "assets" / "interactive.js").read_bytes()
    def weight(part: str, blobs: list[bytes]) -> Weight:
        return Weight(part, sum(len(b) for b in blobs), sum(len(gzip.compress(b, 6)) for b in blobs))
    return [weight(f"inline SVG, {len(svgs)} chart(s), on every visit", [s.encode() for s in svgs]),
            weight("tooltip script (interactive.js)", [script])]


class LinkedResources(HTMLParser):
    """Collects (part, url) for stylesheets, scripts, images and icons a page links."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []
        self.config = ""  # Material's __config JSON
        self._in_config = False

    def handle_data(self, data: str) -> None:
        if self._in_config:
            self.config += data

    def handle_endtag(self, tag: str) -> None:
        self._in_config = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        rel = (attributes.get("rel") or "").split()
        if tag == "link" and "stylesheet" in rel:
            self.found.append(("CSS", attributes.get("href") or ""))
        elif tag == "link" and "icon" in rel:
            self.found.append(("images", attributes.get("href") or ""))
        elif tag == "script" and attributes.get("id") == "__config":
            self._in_config = True
        elif tag == "script" and attributes.get("src"):
            self.found.append(("JS", attributes["src"] or ""))
        elif tag == "img" and attributes.get("src"):
            self.found.append(("images", attributes["src"] or ""))


def local_file(site: Path, base: str, url: str) -> Path | None:
    parsed = urlparse(urljoin(base, url))
    if parsed.netloc:
        return None
    path = site / parsed.path.lstrip("/")
    return path if path.is_file() else None
