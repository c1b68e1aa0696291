"""The timed half of `build.py benchmark`: every kind of build, interleaved round by round so a change
in the machine's load falls on all of them alike, each a real process measured by the kernel (CPU
seconds and peak memory from wait4), with the issue's budgets as ratios measured in the same run."""

from __future__ import annotations

import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from report.lock import clear_work_dir
from report.pipeline import STAGES
from report.publishing.language_sites import TREES, language_config
from report.settings import CONFIG_FILE, Settings

BUILD_SCRIPT = Path(__file__).resolve().parents[2] / "build.py"
# (label, numerator, denominator, most allowed): issue 14's aims, as ratios of medians of CPU seconds and,
# beside them, of wall seconds.
BUDGETS = (("cold build, no PDF / bare mkdocs", "cold --no-pdf", "bare mkdocs", 1.5),
           ("cold build with PDF / bare mkdocs", "cold", "bare mkdocs", 3.0),
           ("nothing changed / bare mkdocs", "nothing changed", "bare mkdocs", 1.15),
           ("one data figure changed / cold", "one data figure changed", "cold", 0.6),
           ("one chapter edited / cold", "one chapter edited", "cold", 0.4))
SCALES = ((716, "province (716 desa)"), (7000, "7,000 desa"))


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float  # user + system seconds of the process and everything it waited for
    peak_mb: float
    stages: dict[str, float] = field(default_factory=dict)
    stage_peak_mb: dict[str, float] = field(default_factory=dict)  # the build's peak memory once each stage ran


def measured(command: list[str], cwd: Path | None = None) -> Run:
    """One process, run to its end; the kernel's account of it (wait4) rather than a guess from outside."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors)
        try:
            _, status, usage = os.wait4(process.pid, 0)
        except BaseException:  # the benchmark stopped: its build stops too, before the scratch project goes
            stop(process)
            raise
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            raise RuntimeError(f"{' '.join(command)} failed:\n{errors.read().decode(errors='replace')[-2000:]}")
    return Run(time.perf_counter() - started, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def build_run(settings: Settings, keep_cache: bool, *options: str) -> Run:
    if not keep_cache:
        clear_work_dir(settings.work_dir)  # never the lock file another build may hold
    with tempfile.TemporaryDirectory() as scratch:
        timings = Path(scratch) / "timings.json"
        run = measured([sys.executable, str(BUILD_SCRIPT), "build", "--root", str(settings.root), "--quiet",
                        "--timings", str(timings), *options])
        made = json.loads(timings.read_text(encoding="utf-8"))
        return Run(run.wall, run.cpu, run.peak_mb, made["seconds"], made["peak_mb"])


def bare_mkdocs(settings: Settings) -> Run:
    """Plain `python -m mkdocs build` of each language's docs tree our build generated, with the settings
    our build gives that language: the cost MkDocs alone would have. Needs a build's .build/ first."""
    config = settings.root / ".benchmark-mkdocs.yml"  # beside mkdocs.yml: MkDocs resolves custom_dir from there
    project = settings.mkdocs_yml
    runs = []
    for lang in settings.languages:
        with tempfile.TemporaryDirectory(dir=settings.work_dir) as scratch:
            own = {"INHERIT": CONFIG_FILE, **language_config(project, lang, settings.languages, settings.site_url),
                   "docs_dir": str(settings.work_dir / TREES / lang), "site_dir": str(Path(scratch) / "site")}
            config.write_text(yaml.safe_dump(own, allow_unicode=True), encoding="utf-8")
            try:
                runs.append(measured([sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file",
                                      str(config)], cwd=settings.root))
            finally:
                config.unlink()
    return Run(sum(r.wall for r in runs), sum(r.cpu for r in runs), max(r.peak_mb for r in runs))


def edit(settings: Settings, kind: str) -> tuple[Path, str]:
    """The kind of edit staff make: one coverage figure, or one sentence in one chapter. Returns the file
    and what it held, to put back: an Indonesian chapter left edited would leave its translation pending,
    a warning that makes every later build of the round do its work again."""
    path = settings.data_dir / "kepesertaan.csv" if kind == "data" else (
        settings.content_dir / settings.default_language / "bab-3-evaluasi-peraturan.md")
    before = path.read_text(encoding="utf-8")
    if kind == "data":
        lines = before.splitlines()
        with (settings.data_dir / "wilayah.csv").open(encoding="utf-8", newline="") as regions:
            root = next(row["kode"] for row in csv.DictReader(regions) if not row.get("kode_induk"))
        latest = max(i for i, line in enumerate(lines) if f",{root},semua," in line and ",resmi," in line)
        fields = lines[latest].split(",")
        fields[3] = str(int(fields[3]) + 1)
        lines[latest] = ",".join(fields)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    else:
        path.write_text(before + "\nKalimat tambahan untuk pengukuran.\n", encoding="utf-8")
    return path, before


def modes(settings: Settings) -> dict[str, Callable[[], Run]]:
    """In the order one round runs them; each leaves .build/ as the next one expects (a warm PDF build)."""
    def edited(kind: str) -> Run:
        path, before = edit(settings, kind)
        try:
            return build_run(settings, True)
        finally:
            path.write_text(before, encoding="utf-8")
            # Unmeasured: back to the warm build of the unedited project, so the next edit is measured
            # alone, not together with undoing this one.
            build_run(settings, True)
    return {"cold --no-pdf": lambda: build_run(settings, False, "--no-pdf"),
            "cold": lambda: build_run(settings, False),
            "bare mkdocs": lambda: bare_mkdocs(settings),
            "nothing changed": lambda: build_run(settings, True),
            "one data figure changed": lambda: edited("data"),
            "one chapter edited": lambda: edited("content")}


def interleaved(settings: Settings, rounds: int) -> dict[str, list[Run]]:
    runs: dict[str, list[Run]] = {}
    for _ in range(rounds):
        for name, run in modes(settings).items():
            runs.setdefault(name, []).append(run())
    return runs


def print_runs(runs: dict[str, list[Run]]) -> None:
    print(f"\nPerintah utuh / whole commands ({len(next(iter(runs.values())))} interleaved rounds; "
          "median [min-max]; interpreter start included):")
    # wait4's peak is the largest single process's (the build or one PDF layout), not their sum at one moment.
    print(f"  {'':<26} {'CPU s':>22} {'wall s':>22} {'peak MB':>9}")
    for name, measured_runs in runs.items():
        cpu, wall = [r.cpu for r in measured_runs], [r.wall for r in measured_runs]
        print(f"  {name:<26} {spread(cpu):>22} {spread(wall):>22} {max(r.peak_mb for r in measured_runs):9.0f}")
    cold = runs["cold"]
    print("\nBuild dingin per tahap / cold build by stage (median wall seconds, as the build times itself):")
    for stage in STAGES:
        print(f"  {stage:<32} {statistics.median(r.stages.get(stage, 0.0) for r in cold):7.3f} s")


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} [{min(values):.2f}-{max(values):.2f}]"


def print_budgets(runs: dict[str, list[Run]]) -> None:
    """Each aim as a ratio of CPU seconds and, beside it, of wall seconds: the PDF's layouts run in processes
    of their own beside the other stages, which costs a little CPU and saves the time people wait. The
    build waits for every child, so its CPU seconds (wait4) include theirs."""
    print("\nAnggaran / budgets (issue 14; ratio of medians measured side by side, the same aims for both: CPU "
          "seconds, the layout processes included, and wall seconds, what staff and CI wait):")
    print(f"  {'':<36} {'CPU':>20}  {'wall':>20}")
    for label, top, bottom, most in BUDGETS:
        cpu, wall = (budget_cell(ratio(runs, top, bottom, kind), most) for kind in ("cpu", "wall"))
        print(f"  {label:<36} {cpu:>20}  {wall:>20}  (aim <= {most}x)")


def ratio(runs: dict[str, list[Run]], top: str, bottom: str, kind: str) -> float:
    return statistics.median(getattr(r, kind) for r in runs[top]) / statistics.median(
        getattr(r, kind) for r in runs[bottom])


def budget_cell(value: float, most: float) -> str:
    return f"{value:6.2f}x {'lulus / pass' if value <= most else 'gagal / FAIL'}"


def print_suppression_scale() -> None:
    """The suppression alone on made-up linked tables (report/measuring/synthetic.py), each in its own process."""
    print("\nSupresi / suppression at scale (own process: CPU seconds of the check, process peak memory):")
    for desa, label in SCALES:
        script = ("import time\nfrom report.figures.suppress import protect\n"
                  "from report.measuring.synthetic import linked_table\n"
                  f"cells, equations = linked_table({desa})\nstarted = time.process_time()\n"
                  "protect(cells, equations, 4)\nprint(time.process_time() - started)\n")
        run = measured([sys.executable, "-c", script], cwd=BUILD_SCRIPT.parent)
        print(f"  {label:<26} {run.cpu:7.2f} CPU s (process)  {run.peak_mb:7.0f} MB peak  (aim <= 10 s, <= 1024 MB)")
