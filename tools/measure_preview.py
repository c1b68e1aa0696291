"""Measure the live preview: seconds from saving a file to the open page having reloaded with the change.

    .venv/bin/python tools/measure_preview.py [--runs 7]

It copies the project to a temporary folder, starts `build.py serve` there as staff would, opens the
home page in headless Chromium and, for a chapter edit and a data edit, saves the file and waits for
the page to reload by itself. The end point is read from the reloaded page's own navigation timing
(DOMContentLoaded and load, as wall-clock time), so the figure does not include how often this script
polls. It measures, it does not judge: nothing here fails on a threshold.
"""

from __future__ import annotations

import argparse
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

REPO = Path(__file__).resolve().parent.parent
PROJECT_INPUTS = ("content", "data", "templates", "mkdocs.yml")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
LATEST_ROW = "2025-05,51.71,semua,"
# Wall-clock end of the reloaded page's DOMContentLoaded and load events, in seconds since the epoch.
NAVIGATION_TIMES = """() => { const nav = performance.getEntriesByType("navigation")[0];
  return [performance.timeOrigin + nav.domContentLoadedEventEnd, performance.timeOrigin + nav.loadEventEnd]
         .map((ms) => ms / 1000); }"""
IDLE_SECONDS = 1.0  # between runs, so each save meets an idle server


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="edits of each kind (default 7)")
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory(prefix="measure-preview-") as folder:
        root = copy_project(Path(folder) / "project")
        log = Path(folder) / "serve.log"
        server, url = start_server(root, log)
        try:
            wait_until_answering(server, url, log)
            results = measure(root, url, runs)
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        rebuilds = [float(s) for s in re.findall(r"rebuilt: ([0-9.]+) s", log.read_text(encoding="utf-8"))]
    report(results, rebuilds)
    return 0


def copy_project(root: Path) -> Path:
    root.mkdir(parents=True)
    for name in PROJECT_INPUTS:
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, root / name)
    return root


def start_server(root: Path, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with log.open("wb") as sink:
        server = subprocess.Popen([sys.executable, str(REPO / "build.py"), "serve", "--root", str(root),
                                   "--port", str(port)], stdout=sink, stderr=subprocess.STDOUT)
    return server, f"http://127.0.0.1:{port}/"


def wait_until_answering(server: subprocess.Popen[bytes], url: str, log: Path) -> None:
    # The port is open before the first build ends; requests wait in the queue until it does.
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"serve stopped:\n{log.read_text(encoding='utf-8')}")
        try:
            urllib.request.urlopen(url, timeout=10).close()
            return
        except urllib.error.HTTPError as error:
            sys.exit(f"the project does not build (HTTP {error.code}):\n{log.read_text(encoding='utf-8')}")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    sys.exit("serve did not answer within 300 s")


def measure(root: Path, url: str, runs: int) -> dict[str, list[tuple[float, float]]]:
    index, data = root / "content/id/index.md", root / "data/kepesertaan.csv"
    chapter_text, data_text = index.read_text(encoding="utf-8"), data.read_text(encoding="utf-8")
    row = next(line for line in data_text.splitlines() if line.startswith(LATEST_ROW))
    total = int(row.split(",")[3])
    results: dict[str, list[tuple[float, float]]] = {"chapter edit": [], "data edit": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(url)
        for run in range(1, runs + 1):
            sentence = f"Kalimat ukur nomor {run}."
            results["chapter edit"].append(save_and_wait(page, index, f"{chapter_text}\n{sentence}\n",
                                                         "article", sentence))
            new_row = row.replace(f",{total},", f",{total + run},")
            results["data edit"].append(save_and_wait(page, data, data_text.replace(row, new_row),
                                                      ".headline__figure", f"{total + run:,}".replace(",", ".")))
        browser.close()
    return results


def save_and_wait(page: Page, file: Path, text: str, selector: str, expected: str) -> tuple[float, float]:
    time.sleep(IDLE_SECONDS)
    file.write_text(text, encoding="utf-8")
    saved = time.time()
    expect(page.locator(selector)).to_contain_text(expected, timeout=60_000)
    page.wait_for_load_state("load")
    ready, loaded = page.evaluate(NAVIGATION_TIMES)
    return ready - saved, loaded - saved


def report(results: dict[str, list[tuple[float, float]]], rebuilds: list[float]) -> None:
    print("Simpan -> halaman dimuat ulang / save -> page reloaded (seconds; median, min-max, all runs):")
    for kind, times in results.items():
        for label, column in (("DOMContentLoaded", 0), ("load", 1)):
            values = [t[column] for t in times]
            print(f"  {kind:<13} {label:<17} median {statistics.median(values):.3f}  "
                  f"({min(values):.3f}-{max(values):.3f})  [{', '.join(f'{v:.2f}' for v in values)}]")
    if rebuilds:
        chapter, data = rebuilds[0::2], rebuilds[1::2]
        print("Pembangunan ulang di server / rebuild inside the server (pipeline only):")
        print(f"  chapter edit  median {statistics.median(chapter):.3f}  [{', '.join(f'{v:.2f}' for v in chapter)}]")
        print(f"  data edit     median {statistics.median(data):.3f}  [{', '.join(f'{v:.2f}' for v in data)}]")


if __name__ == "__main__":
    sys.exit(main())
