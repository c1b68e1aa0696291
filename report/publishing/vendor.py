"""Third-party JavaScript the site uses, vendored from the npm registry: pinned, checked, served
from the site itself (no CDN).

`python -m report.vendor` (run by scripts/setup) downloads each pinned tarball once, checks its
sha512 against the integrity recorded here and keeps the listed files in .vendor/. The build only
copies them from there, so building and testing need no network.
"""

from __future__ import annotations

import base64
import hashlib
import io
import sys
import tarfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from report.errors import ConfigError, Problem

VENDOR_DIR = ".vendor"
# The engine's own folder: vendored scripts belong to the installed engine, not to a content project.
ENGINE_ROOT = Path(__file__).resolve().parents[2]
SITE_DIR = "assets/vendor"  # where the files land in the built site
TIMEOUT_SECONDS = 60


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    integrity: str  # npm's dist.integrity for the tarball
    files: tuple[str, ...]  # paths inside the tarball's package/ folder

    @property
    def tarball(self) -> str:
        return f"https://registry.npmjs.org/{self.name}/-/{self.name}-{self.version}.tgz"


PACKAGES = (
    # Material's bundle loads this from a CDN in browsers without ResizeObserver (old phones);
    # publish.py points it here instead.
    Package("resize-observer-polyfill", "1.5.1",
            "sha512-LwZrotdHOo12nQuZlHEmtuXdqGoOD0OhaxopaNFxWzInpEgaLWoVuAMbTzixuosCx2nEG58ngzW3vxdWoxIgdg==",
            ("dist/ResizeObserver.js", "LICENSE")),
)


def script_path(name: str) -> str:
    """Where a vendored package's script lands in the built site."""
    package = next(p for p in PACKAGES if p.name == name)
    script = next(Path(f).name for f in package.files if f.endswith(".js"))
    return f"{SITE_DIR}/{package.name}/{script}"


def package_dir(root: Path, package: Package) -> Path:
    return root / VENDOR_DIR / f"{package.name}-{package.version}"


def install(root: Path) -> None:
    for package in PACKAGES:
        target = package_dir(root, package)
        if all((target / Path(f).name).is_file() for f in package.files):
            continue
        with urllib.request.urlopen(package.tarball, timeout=TIMEOUT_SECONDS) as response:
            content = response.read()
        algorithm, expected = package.integrity.split("-", 1)
        found = base64.b64encode(hashlib.new(algorithm, content).digest()).decode()
        if found != expected:
            raise SystemExit(f"{package.name}@{package.version}: integrity check failed (got {algorithm}-{found})")
        partial = target.with_name(target.name + ".part")
        partial.mkdir(parents=True, exist_ok=True)
        with tarfile.open(fileobj=io.BytesIO(content), mode="r:gz") as archive:
            for name in package.files:
                member = archive.extractfile(f"package/{name}")
                if member is None:
                    raise SystemExit(f"{package.name}@{package.version}: {name} is not in the package")
                (partial / Path(name).name).write_bytes(member.read())
        partial.replace(target)
        print(f"vendored {package.name}@{package.version}", file=sys.stderr)


def vendored_files(root: Path = ENGINE_ROOT) -> dict[str, Path]:
    """Site path -> vendored file, or a ConfigError telling staff how to get the files."""
    files, missing = {}, []
    for package in PACKAGES:
        for name in package.files:
            source = package_dir(root, package) / Path(name).name
            target = f"{SITE_DIR}/{package.name}/{Path(name).name}"  # script_path() for the .js
            if source.is_file():
                files[target] = source
            else:
                missing.append(f"{package.name}@{package.version}")
    if missing:
        names = ", ".join(sorted(set(missing)))
        raise ConfigError([Problem(VENDOR_DIR, f"skrip pihak ketiga belum dipasang ({names}). Jalankan: bash "
                                   "scripts/setup", f"third-party scripts are not installed ({names}). Run: bash "
                                   "scripts/setup")])
    return files


if __name__ == "__main__":
    install(Path(sys.argv[1]) if len(sys.argv) > 1 else ENGINE_ROOT)
