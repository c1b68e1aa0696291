"""`python build.py benchmark`: where a build's time goes and what the heaviest page weighs.

It measures and compares with the aims of issue 14 (bench_timing.py), but fails nothing: the verdicts
are printed for people to weigh, with the machine's load beside them. Figures go in the changelog.
"""

from __future__ import annotations

import gzip
import json
import os
import platform
import re
import shutil
import statistics
import tempfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

from report.measuring.bench_scale import run_scale
from report.measuring.bench_timing import interleaved, print_budgets, print_runs, print_suppression_scale
from report.settings import Settings, load_settings

RUNS = 3
PROJECT_INPUTS = ("content", "data", "templates", "mkdocs.yml")


@dataclass(frozen=True)
class Weight:
    part: str
    raw: int
    gzipped: int


def run_benchmark(settings: Settings, rounds: int = RUNS) -> None:
    """Measures a copy of the project, so the real site/ and caches are left alone."""
    print_machine()
    print_load("before")
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "project"
        for name in PROJECT_INPUTS:
            source = settings.root / name
            (shutil.copytree if source.is_dir() else shutil.copy2)(source, copy / name)
        report(load_settings(copy, show_progress=False), rounds)
    print_load("after")


def run_scale_benchmark(settings: Settings, rounds: int, pdf: bool) -> None:
    """`benchmark --scale`: cold builds of this project, a synthetic province and 7,000 desa (bench_scale.py)."""
    print_machine()
    print_load("before")
    run_scale(settings, rounds, pdf)
    print_load("after")


def print_machine() -> None:
    print(f"Mesin / machine: {platform.machine()}, {os.cpu_count()} core(s), Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}")


def print_load(when: str) -> None:
    """A shared machine's load changes wall-clock times: ratios of CPU seconds measured side by side hold better."""
    one, five, fifteen = os.getloadavg()
    print(f"Beban / load average {when}: {one:.2f} {five:.2f} {fifteen:.2f} (1, 5, 15 min) on {os.cpu_count()} core(s)")


def report(settings: Settings, rounds: int) -> None:
    runs = interleaved(settings, rounds)
    print_runs(runs)
    print_budgets(runs)
    print_suppression_scale()
    pages = sorted(settings.site_dir.rglob("*.html"))
    cold, bare = (statistics.median(r.cpu for r in runs[mode]) for mode in ("cold", "bare mkdocs"))
    print(f"\nPer halaman / per page ({len(pages)} HTML pages, CPU): build.py cold {1000 * cold / len(pages):.0f} ms, "
          f"mkdocs {1000 * bare / len(pages):.0f} ms")
    print_weights(settings, pages)


def print_weights(settings: Settings, pages: list[Path]) -> None:
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
