"""The build cache keeps one build's worth: what a data update replaced is swept, what a build
skipped is kept."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import REPO, run_build, with_pdf


def cache_dir(root: Path) -> Path:
    """The cache folder of the code that built last (one per code version)."""
    folders = list((root / ".build" / "cache").glob("v-*"))
    assert len(folders) == 1, "the caches of one code version only"
    return folders[0]


def kept(root: Path, folder: str) -> set[str]:
    return {p.name for p in (cache_dir(root) / folder).iterdir() if p.is_file()}


def test_a_data_update_sweeps_the_drawings_it_replaced(project: Path) -> None:
    """The project's cache is the shared build's, the PDF included; one build without the PDF after a
    data edit replaces the drawings the edit touched and keeps the PDFs it did not make."""
    charts_before, pdf_before = kept(project, "charts"), kept(project, "pdf")
    assert len(pdf_before) == 2, "the shared build's PDF, one per language"
    data = project / "data" / "kepesertaan.csv"
    data.write_text(data.read_text(encoding="utf-8").replace(",51.71,semua,10704,", ",51.71,semua,10705,", 1),
                    encoding="utf-8")
    assert run_build(project, "--no-pdf").returncode == 0
    charts_after = kept(project, "charts")
    assert charts_after != charts_before and len(charts_after) == len(charts_before), "one drawing per chart"
    downloads = [p for p in (cache_dir(project) / "downloads").iterdir() if not p.name.startswith(".")]
    assert len(downloads) == 2, "one set of download files per language: the current ones"
    assert kept(project, "pdf") == pdf_before, "a build without the PDF keeps the PDF cache"


def stages_run(root: Path, *options: str) -> dict[str, float]:
    timings = root / ".build-timings.json"
    result = run_build(root, "--timings", str(timings), *options)
    assert result.returncode == 0, result.stderr
    made = json.loads(timings.read_text(encoding="utf-8"))
    # The peak memory once each stage had run: a high-water mark, so it never falls from one stage to the next.
    peaks = list(made["peak_mb"].values())
    assert list(made["peak_mb"]) == list(made["seconds"]) and peaks == sorted(peaks) and all(p > 20 for p in peaks)
    return made["seconds"]


def test_mkdocs_runs_only_when_its_input_changed(project: Path) -> None:
    site = project / "site"
    assert "mkdocs" in stages_run(with_pdf(project)), "a first build"  # its PDF the shared build's, from the cache
    assert list(site.rglob("*.pdf"))
    index = site / "index.html"
    built = index.stat().st_mtime_ns
    assert stages_run(project) == {}, "nothing changed: the site as it is, no stage run"
    assert index.stat().st_mtime_ns == built
    guide = project / "content" / "README.md"  # the staff guide's place, read by no page: the same pages
    guide.write_text("# Panduan\n\nCatatan.\n", encoding="utf-8")
    stages = stages_run(project)
    assert "templat / templates" in stages and "mkdocs" not in stages, "the same pages: MkDocs is not run"
    assert index.stat().st_mtime_ns == built
    assert "mkdocs" in stages_run(project, "--no-pdf"), "the PDF taken off the site: MkDocs runs again"
    assert not list(site.rglob("*.pdf"))
    chapter = project / "content" / "id" / "index.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nKalimat baru untuk uji.\n", encoding="utf-8")
    assert "mkdocs" in stages_run(project, "--no-pdf")
    assert "Kalimat baru untuk uji." in index.read_text(encoding="utf-8")


def test_the_sweep_keeps_what_this_build_touched_and_one_code_version(tmp_path: Path) -> None:
    """A code change starts an empty cache folder and the sweep drops the old one; inside the current
    one, a folder the build used keeps only what it touched, and a folder it skipped keeps all."""
    import os
    import time

    from report.cache import file_clock, remembered, sweep, versioned
    from report.session import BuildSession

    old, new = versioned(tmp_path, "a" * 64), versioned(tmp_path, "b" * 64)
    for path in (old / "charts" / "x.json", new / "charts" / "stale.json", new / "charts" / "reused.json",
                 new / "pdf" / "skipped.pdf", new / "pdf" / ".killed.pdf.x1y2.tmp"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"kept before")
        os.utime(path, (time.time() - 3600, time.time() - 3600))
    started = file_clock(new)
    assert remembered(new / "charts" / "reused.json", lambda: b"never made") == b"kept before"
    assert remembered(new / "charts" / "drawn.json", lambda: b"made now") == b"made now"
    sweep(new, started)
    assert not old.exists()
    assert {p.name for p in (new / "charts").iterdir()} == {"reused.json", "drawn.json"}
    assert (new / "pdf" / "skipped.pdf").is_file()
    assert not (new / "pdf" / ".killed.pdf.x1y2.tmp").exists(), "half a file a killed build wrote goes anyway"
    assert len(BuildSession().code_version) == 64 and BuildSession().code_version == BuildSession().code_version


def test_a_build_with_nothing_changed_loads_no_engine(project: Path) -> None:
    """Settings and the check that nothing changed load none of the engine's heavy libraries (pandas, Altair,
    MkDocs' build, WeasyPrint, the HTML checks): a scheduled build with unchanged input takes a fraction of a
    second."""
    assert run_build(project, "--no-pdf").returncode == 0
    heavy = ("pandas", "altair", "mkdocs.commands.build", "weasyprint", "nh3", "vl_convert")
    probe = ("import runpy, sys\n"
             "sys.argv = ['build.py', '--root', sys.argv[1], '--no-pdf', '--quiet']\n"
             "try:\n    runpy.run_path('build.py', run_name='__main__')\n"
             "except SystemExit as end:\n    assert end.code in (0, None), end.code\n"
             f"print(sorted(m for m in {heavy!r} if m in sys.modules))\n")
    result = subprocess.run([sys.executable, "-c", probe, str(project)], cwd=project, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]", result.stdout
