"""`python build.py benchmark --scale`: one cold build per scale, each stage's time and the build's peak memory.

The scales: this project (1x); the same with its study chapters copied until it has about ten times the
pages, so that the cost per page can be seen to stay flat (or not) as pages grow; a synthetic province (9
kab/kota, 57 kecamatan, 716 desa) and 7,000 desa, both made by tools/make_province.py from
tests/fixtures/provinsi. Each build is its own process in a scratch folder, measured by the kernel
(bench_timing.measured); nothing here judges, it prints for people to weigh.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from report.measuring.bench_timing import BUILD_SCRIPT, Run, build_run
from report.pipeline import STAGES
from report.settings import Settings, load_settings

MAKE_PROVINCE = BUILD_SCRIPT.parent / "tools" / "make_province.py"
PROJECT_INPUTS = ("content", "data", "templates", "mkdocs.yml")
STUDY_CHAPTERS = "bab-*.md"  # the chapters copied for the many-pages scale: the study's body, as staff add more
PAGES_TIMES = 10
OWN_PAGES = 2  # the pages each language has beside its chapters: not found, and what changed in the data


@dataclass(frozen=True)
class Scale:
    label: str
    desa: int | None = None  # a synthetic province of this many desa; None: the project the benchmark started on
    pages_times: int = 1  # the project's study chapters copied until it has about this many times its pages


SCALES = (Scale("1x (this project)"), Scale(f"1x, ~{PAGES_TIMES}x the pages", pages_times=PAGES_TIMES),
          Scale("province, 716 desa", 716), Scale("7,000 desa", 7000))


def run_scale(settings: Settings, rounds: int, pdf: bool) -> None:
    options = () if pdf else ("--no-pdf",)
    results: dict[str, tuple[list[Run], int]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for number, scale in enumerate(SCALES):
            label = scale.label
            root = make_project(settings, Path(scratch) / f"scale-{number}", scale)
            scaled = load_settings(root, show_progress=False)
            try:
                runs = [build_run(scaled, False, *options) for _ in range(rounds)]
            except RuntimeError as failure:  # one scale's failed build is a finding; the other scales still count
                print(f"\nSkala / scale {label}: build gagal / failed: {last_line(str(failure))}")
                continue
            results[label] = runs, len(list(scaled.site_dir.rglob("*.html")))
    print_scale(results, pdf, rounds)


def last_line(failure: str) -> str:
    """The build's own message (its last lines in English), not the whole captured stderr."""
    lines = [line for line in failure.splitlines() if line.strip()]
    return " ".join(lines[-2:])[:400]


def make_project(settings: Settings, target: Path, scale: Scale) -> Path:
    if scale.desa is None:
        target.mkdir()
        for name in PROJECT_INPUTS:
            source = settings.root / name
            (shutil.copytree if source.is_dir() else shutil.copy2)(source, target / name)
        copy_chapters(target / "content", settings.languages, scale.pages_times)
    else:
        subprocess.run([sys.executable, str(MAKE_PROVINCE), str(target), "--desa", str(scale.desa)], check=True,
                       stdout=subprocess.DEVNULL)
    return target


def copy_chapters(content: Path, languages: tuple[str, ...], times: int) -> None:
    """Copies of every study chapter, in each language and with the kept original a translation follows (its
    fingerprint still matches), until the site has about `times` its pages: a page per chapter per language."""
    chapters = sorted(p.name for p in (content / languages[0]).glob(STUDY_CHAPTERS))
    pages = len(list((content / languages[0]).glob("*.md"))) + OWN_PAGES
    copies = -(-pages * (times - 1) // len(chapters)) if chapters and times > 1 else 0  # rounded up
    folders = [content / lang for lang in languages] + [content / ".asli" / lang for lang in languages[1:]]
    for folder in (f for f in folders if f.is_dir()):
        for name in chapters:
            text = (folder / name).read_text(encoding="utf-8")
            for n in range(copies):
                (folder / f"{name.removesuffix('.md')}-{n + 2}.md").write_text(text, encoding="utf-8")


def print_scale(results: dict[str, tuple[list[Run], int]], pdf: bool, rounds: int) -> None:
    labels = list(results)
    print(f"\nSkala / scale: cold build{'' if pdf else ' without the PDF'}, median of {rounds} "
          "(stages: wall seconds as the build times itself, and the build's peak memory in MB once the stage "
          "had run; whole process: kernel's CPU seconds and peak memory)")
    print(f"  {'':<32}" + "".join(f"{label:>22}" for label in labels))
    for stage in STAGES:
        print(f"  {stage:<32}" + "".join(stage_cell(results[label][0], stage) for label in labels))
    rows = (("process CPU s", lambda runs, pages: statistics.median(r.cpu for r in runs)),
            ("process wall s", lambda runs, pages: statistics.median(r.wall for r in runs)),
            ("peak memory MB", lambda runs, pages: max(r.peak_mb for r in runs)),
            ("HTML pages", lambda runs, pages: pages),
            ("CPU ms per page", lambda runs, pages: per_page(runs, pages)))
    for name, value in rows:
        print(f"  {name:<32}" + "".join(f"{value(*results[label]):>22.1f}" for label in labels))
    if labels:  # flat cost per page reads as 1.00 across: each scale against the first one measured
        first = per_page(*results[labels[0]])
        print(f"  {'cost per page vs ' + labels[0].split()[0]:<32}"
              + "".join(f"{per_page(*results[label]) / first:>21.2f}x" for label in labels))


def stage_cell(runs: list[Run], stage: str) -> str:
    """The stage's median seconds and the build's peak memory once it had run; a dash where it did not run
    (the PDF in a build without it): no 0 MB, which would read as a measurement."""
    ran = [r for r in runs if stage in r.stages]
    if not ran:
        return f"{'-':>22}"
    seconds, peak = statistics.median(r.stages[stage] for r in ran), max(r.stage_peak_mb.get(stage, 0.0) for r in ran)
    return f"{seconds:>9.2f} s {peak:>7.0f} MB"


def per_page(runs: list[Run], pages: int) -> float:
    """Build CPU milliseconds per published HTML page (404 pages and the staff page included: built all the same)."""
    return 1000 * statistics.median(r.cpu for r in runs) / pages
