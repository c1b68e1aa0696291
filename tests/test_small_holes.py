"""The smaller holes of issue 11 point 7, each through build.py's command line on real files: the exit
status, the message staff read (file, line), and data/ and site/ byte-identical where promised.

Most run build.py's main() in this process (conftest.run_build); the three that need a process of their
own (no SITE_URL in its environment, root's override dropped before it starts) are also the end-to-end
cases through a real `python build.py`."""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import copy_project, run_build, run_build_process, tree_digest

INTERNAL = "Kesalahan internal"


def run_without_site_url(root: Path, *args: str,
                         before_exec: Callable[[], None] | None = None) -> subprocess.CompletedProcess[str]:
    """build.py as a real process with the repository's own mkdocs.yml address (the preview's 127.0.0.1),
    no SITE_URL in its environment."""
    env = {name: value for name, value in os.environ.items() if name != "SITE_URL"}
    return run_build_process(root, *args, env=env, preexec_fn=before_exec)


def digests(root: Path) -> dict[str, str | None]:
    return {name: tree_digest(root / name) if (root / name).is_dir() else None for name in ("data", "site", "content")}


# --- releases --restore never into the project ---------------------------------------------------------

@pytest.fixture
def recorded(tmp_path: Path) -> tuple[Path, str]:
    root = copy_project(tmp_path / "project")
    result = run_build(root, "releases", "--record")
    assert result.returncode == 0, result.stderr
    release = result.stdout.split()[1]  # "Rilis <id> dicatat di data/riwayat/."
    return root, release


@pytest.mark.parametrize("target", ["data", "site/lama", ".", "data/../content"])
@pytest.mark.slow
def test_restore_into_the_project_is_refused(recorded: tuple[Path, str], target: str) -> None:
    root, release = recorded
    before = digests(root)
    result = run_build(root, "releases", "--restore", release, "--to", str(root / target))
    assert result.returncode == 2, result.stderr
    assert "--to:" in result.stderr and "di dalam proyek" in result.stderr, result.stderr
    assert "Tidak ada berkas yang diubah." in result.stderr
    assert digests(root) == before


@pytest.mark.slow
def test_restore_through_a_link_into_the_project_is_refused(recorded: tuple[Path, str], tmp_path: Path) -> None:
    root, release = recorded
    link = tmp_path / "looks-outside"
    link.symlink_to(root / "data")
    before = digests(root)
    result = run_build(root, "releases", "--restore", release, "--to", str(link))
    assert result.returncode == 2 and "di dalam proyek" in result.stderr, result.stderr
    assert digests(root) == before


@pytest.mark.slow
def test_restore_outside_the_project_still_works(recorded: tuple[Path, str], tmp_path: Path) -> None:
    root, release = recorded
    result = run_build(root, "releases", "--restore", release, "--to", str(tmp_path / "outside"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "outside" / "kepesertaan.csv").read_bytes() == (root / "data" / "kepesertaan.csv").read_bytes()


# --- what the operating system refuses -------------------------------------------------------------------

def test_a_file_where_the_build_folder_belongs_is_named(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    (root / ".build").write_text("not a folder", encoding="utf-8")
    before = digests(root)
    result = run_build(root, "--no-pdf")
    assert result.returncode == 2, result.stderr
    assert ".build: di tempat ini ada sebuah berkas, padahal seharusnya folder" in result.stderr, result.stderr
    assert INTERNAL not in result.stderr and "Traceback" not in result.stderr
    assert digests(root) == before


@pytest.mark.slow
def test_a_file_where_the_site_belongs_is_named_and_kept(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    (root / "site").write_text("a file a colleague saved here", encoding="utf-8")
    result = run_build(root, "--no-pdf", "--english")
    assert result.returncode == 2, result.stderr
    assert "site: there is a file here where a folder should be" in result.stderr, result.stderr
    assert INTERNAL not in result.stderr
    assert (root / "site").read_text(encoding="utf-8") == "a file a colleague saved here"


def test_a_full_disk_is_said_plainly(tmp_path: Path) -> None:
    """/dev/full answers every write with ENOSPC, as a full disk does: here the lock's note of its owner."""
    root = copy_project(tmp_path / "project")
    (root / ".build").mkdir()
    (root / ".build" / "lock.owner").symlink_to("/dev/full")
    before = digests(root)
    result = run_build(root, "new", "bab-9-uji")
    assert result.returncode == 2, result.stderr
    assert "disk penuh" in result.stderr and INTERNAL not in result.stderr, result.stderr
    assert digests(root) == before


def test_the_preview_says_a_full_disk_plainly(tmp_path: Path) -> None:
    """The preview's page says it as build.py does, not "internal error"."""
    from report.serve import Preview, PreviewState
    from report.settings import load_settings

    root = copy_project(tmp_path / "project")
    (root / ".build").mkdir()
    (root / ".build" / "lock.owner").symlink_to("/dev/full")
    state = PreviewState()
    Preview(lambda: load_settings(root, show_progress=False), state, False, False, root).rebuild()
    page = BeautifulSoup(state.current()[1] or "", "lxml").get_text(" ")
    assert "disk penuh" in page and "the disk is full" in page, page
    assert "Kesalahan internal" not in page


def test_a_refusal_while_mkdocs_writes_names_its_path_not_mkdocs_yml(tmp_path: Path) -> None:
    from report.os_errors import system_refused
    from report.publishing.language_sites import language_config
    from report.publishing.publish import build_language
    from report.settings import load_settings

    root = copy_project(tmp_path / "project")
    settings = load_settings(root, show_progress=False, print_pdf=False)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Uji\n", encoding="utf-8")
    (tmp_path / "berkas").write_text("bukan folder", encoding="utf-8")
    overrides = language_config(settings.mkdocs_yml, "id", settings.languages, settings.site_url)
    with pytest.raises(OSError) as refused:
        build_language(settings, "id", overrides, docs, tmp_path / "berkas" / "site", None)
    said = system_refused(refused.value, root).report("id")
    assert "berkas/site: di tempat ini ada sebuah berkas, padahal seharusnya folder" in said, said
    assert "mkdocs.yml" not in said


PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 24, 1, 2


def without_root_override() -> None:
    """In the child, before it runs Python: root keeps its identity but loses the capabilities that let
    it write past a folder's permissions, so a read-only folder refuses it as it refuses staff."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


@pytest.fixture
def unwritable_project(tmp_path: Path) -> Iterator[Path]:
    """A project folder the build may read but not write."""
    root = copy_project(tmp_path / "project")
    root.chmod(0o555)
    try:
        yield root
    finally:
        root.chmod(0o755)


@pytest.mark.slow  # a real process
def test_no_permission_is_said_plainly(unwritable_project: Path) -> None:
    root = unwritable_project
    before = digests(root)
    result = run_without_site_url(root, "--no-pdf", before_exec=without_root_override if os.geteuid() == 0 else None)
    assert result.returncode == 2, result.stderr
    assert ".build: tidak ada izin untuk membaca atau menulis di sini" in result.stderr, result.stderr
    assert INTERNAL not in result.stderr
    assert digests(root) == before


# --- new: the chapter name whole -------------------------------------------------------------------------

@pytest.mark.parametrize("slug", ["bab-7\n", "bab-7\nbab-8", "bab-7 "])
def test_new_refuses_a_name_with_anything_after_it(tmp_path: Path, slug: str) -> None:
    root = copy_project(tmp_path / "project")
    before = digests(root)
    result = run_build(root, "new", slug)
    assert result.returncode == 2, result.stderr
    assert "nama bab hanya boleh huruf kecil" in result.stderr and repr(slug) in result.stderr, result.stderr
    assert digests(root) == before


# --- loops in a chapter ----------------------------------------------------------------------------------

def append_line(path: Path, text: str) -> int:
    """Append a line; its line number in the file."""
    lines = path.read_text(encoding="utf-8").rstrip("\n").split("\n") + ["", text]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def test_a_loop_that_would_not_end_is_a_chapter_error_with_its_line(built_project: Path, tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    shutil.copytree(built_project / ".build" / "cache", root / ".build" / "cache")  # the charts drawn: a quick stop
    huge = append_line(root / "content" / "id" / "index.md", "{% for i in range(100000000) %}x{% endfor %}")
    nested = append_line(root / "content" / "en" / "index.md",
                         "{% for i in range(1000) %}{% for j in range(1000) %}{% endfor %}{% endfor %}")
    result = run_build(root, "--no-pdf")
    assert result.returncode == 2, result.stderr
    assert f"content/id/index.md, baris {huge}: perulangan terlalu panjang" in result.stderr, result.stderr
    assert f"content/en/index.md, baris {nested}: perulangan terlalu panjang" in result.stderr, result.stderr
    assert INTERNAL not in result.stderr and not (root / "site").exists()


# --- site_url and the PDF link -------------------------------------------------------------------------

@pytest.mark.slow  # a real process
def test_a_strict_build_refuses_the_local_address(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    line = next(n for n, text in enumerate((root / "mkdocs.yml").read_text(encoding="utf-8").splitlines(), 1)
                if text.strip().startswith("site_url:"))
    result = run_without_site_url(root, "--strict", "--no-pdf")
    assert result.returncode == 2, result.stderr
    assert f"mkdocs.yml, baris {line}: extra.report.site_url masih http://127.0.0.1:8000/" in result.stderr
    assert not (root / "site").exists()
    given = run_without_site_url(root, "--strict", "--site-url", "http://localhost:8000/")
    assert given.returncode == 2 and "--site-url: extra.report.site_url masih http://localhost:8000/" in given.stderr


def study_pdf_links(site: Path) -> list[Path]:
    """Where the home pages' "download the study" links lead, as files."""
    links = []
    for page in ("index.html", "en/index.html"):
        soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "lxml")
        links += [((site / page).parent / str(a["href"])).resolve() for a in soup.select("a.study-pdf")]
    return links


def test_a_full_build_links_its_pdf(site: Path) -> None:
    links = study_pdf_links(site)
    assert [link.name for link in links] == ["kajian-pekerja-rentan-id.pdf", "kajian-pekerja-rentan-en.pdf"]
    assert all(link.is_file() for link in links)


def test_no_pdf_leaves_no_link_to_a_pdf_and_a_local_address_only_warns(project: Path) -> None:
    assert list((project / "site" / "assets" / "unduh").glob("*.pdf")), "test set-up: the built site has PDFs"
    result = run_without_site_url(project, "--no-pdf")
    assert result.returncode == 0, result.stderr
    assert "Peringatan: mkdocs.yml, baris" in result.stderr and "site_url masih http://127.0.0.1" in result.stderr
    assert not list((project / "site").rglob("*.pdf"))
    assert study_pdf_links(project / "site") == []
