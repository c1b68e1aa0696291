"""Shared fixtures: a throwaway copy of the project, a built site, and running build.py for real."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PROJECT_INPUTS = ("content", "data", "templates", "mkdocs.yml", "build.py")


def copy_project(target: Path) -> Path:
    """The files a build reads, copied so a test may break them freely."""
    target.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_INPUTS:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy2(source, target / name)
    return target


def run_build(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """build.py exactly as staff run it: a real process, its exit status and its messages."""
    return subprocess.run([sys.executable, str(root / "build.py"), "--root", str(root), "--quiet", *args],
                          capture_output=True, text=True, timeout=300, cwd=root)


def tree_digest(folder: Path) -> str:
    """One hash over every file's path and bytes: equal digests mean byte-for-byte equal trees."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="session")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project, built once with --strict as CI builds it."""
    root = copy_project(tmp_path_factory.mktemp("built") / "project")
    result = run_build(root, "--strict")
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture(scope="session")
def site(built_project: Path) -> Path:
    return built_project / "site"


@pytest.fixture
def project(built_project: Path, tmp_path: Path) -> Path:
    """A private copy of the built project (its site/ included) for a test to change."""
    root = tmp_path / "project"
    shutil.copytree(built_project, root, ignore=shutil.ignore_patterns(".build"))
    return root
