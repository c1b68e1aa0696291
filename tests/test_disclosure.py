"""A differential build: two data sets that differ only in cells the site hides as [c] must give
the same published site, byte for byte. Whatever a hidden count flows into (a page, a chart, a
download, the search index), the two builds would differ there, so this catches leaks that tests
looking for one named place cannot. Working a hidden cell out from the published sums is another
matter, which test_open_data.py checks with linear algebra."""

from __future__ import annotations

import csv
import io
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import copy_project, run_build_process

from report.figures.suppress import SUPPRESSED
from report.settings import load_settings

pytestmark = pytest.mark.slow  # every test here runs whole builds or fetches

KEPESERTAAN = Path("data") / "kepesertaan.csv"
DESA_SEGMEN = Path("site") / "assets" / "unduh" / "kepesertaan-desa-segmen.csv"
ARCHIVES = (".zip", ".xlsx")


@dataclass(frozen=True)
class Rectangle:
    """Two desa of one kecamatan and two segments: four cells whose row sums (the desa totals), column
    sums (the segment totals, in the city and in the kecamatan) and grand total are all published."""

    period: str
    desa: tuple[str, str]
    segments: tuple[str, str]
    absorbing: dict[str, str]  # segment -> the desa whose large cell of that segment keeps its city total

    def cells(self) -> list[tuple[str, str]]:
        return [(d, s) for d in self.desa for s in self.segments]


def read_rows(root: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO((root / KEPESERTAAN).read_text(encoding="utf-8"))))


def write_rows(root: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    (root / KEPESERTAAN).write_text(buffer.getvalue(), encoding="utf-8")


def pick_rectangle(rows: list[list[str]], kecamatan_of: dict[str, str], room: int) -> Rectangle:
    """The first two desa of the first kecamatan, in the newest period with a desa breakdown, and the
    first two segments whose largest cell outside those desa can give up `room` participants and still
    be above the threshold (see with_cells)."""
    assert rows[0][:4] == ["periode", "kode_wilayah", "segmen", "peserta"], rows[0]
    villages = [r for r in rows[1:] if r[1] in kecamatan_of]
    assert villages, "the data has no desa breakdown to test with"
    period = max(r[0] for r in villages)
    villages = [r for r in villages if r[0] == period]
    district = min(kecamatan_of[r[1]] for r in villages)
    desa = sorted({r[1] for r in villages if kecamatan_of[r[1]] == district})[:2]
    largest = {}
    for segment in sorted({r[2] for r in villages}):
        code, count = max(((r[1], int(r[3])) for r in villages if r[2] == segment and r[1] not in desa),
                          key=lambda cell: cell[1])
        if count > room:
            largest[segment] = code
    assert len(desa) == 2 and len(largest) >= 2, (desa, largest)
    segments = sorted(largest)[:2]
    return Rectangle(period, (desa[0], desa[1]), (segments[0], segments[1]), {s: largest[s] for s in segments})


def with_cells(rows: list[list[str]], rectangle: Rectangle, values: dict[tuple[str, str], int]) -> list[list[str]]:
    """The rows with the rectangle's cells set to `values`; in each segment a large cell elsewhere takes up
    the difference, so every segment still adds up to the city's official figure (data validation checks it)."""
    out = [list(r) for r in rows]
    index = {(r[1], r[2]): r for r in out[1:] if r[0] == rectangle.period}
    for segment, absorbing in rectangle.absorbing.items():
        for code in rectangle.desa:
            cell, spare = index[(code, segment)], index[(absorbing, segment)]
            spare[3] = str(int(spare[3]) + int(cell[3]) - values[(code, segment)])
            cell[3] = str(values[(code, segment)])
    return out


def published_files(site: Path) -> dict[str, bytes]:
    """Every file of the site by path; an archive (the zip, each XLSX, the XLSX in the zip) opened up
    into its members as well, so a difference is shown where it is."""
    files: dict[str, bytes] = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        add_file(files, str(path.relative_to(site)), path.read_bytes())
    return files


def add_file(files: dict[str, bytes], name: str, content: bytes) -> None:
    files[name] = content
    if not name.endswith(ARCHIVES):
        return
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for member in archive.namelist():
            add_file(files, f"{name}!{member}", archive.read(member))


def differences(first: dict[str, bytes], second: dict[str, bytes]) -> list[str]:
    """What differs, readably: files in one build only, and each changed file around its first change."""
    out = [f"only in one build: {name}" for name in sorted(set(first) ^ set(second))]
    for name in sorted(n for n in set(first) & set(second) if first[n] != second[n]):
        at = next(i for i, (x, y) in enumerate(zip(first[name] + b"\0", second[name] + b"\1")) if x != y)
        one, two = (c[max(0, at - 60):at + 60].decode("utf-8", "replace") for c in (first[name], second[name]))
        out.append(f"{name}, byte {at}:\n  {one!r}\n  {two!r}")
    return out


def test_changing_only_hidden_cells_changes_no_byte_of_the_site(tmp_path: Path) -> None:
    """Two builds whose data differ in four desa x segment cells, each from 1 to the threshold in both:
    (A, s) and (B, t) go up by one, (A, t) and (B, s) down by one. Every desa total, segment total,
    kecamatan total (and kecamatan x segment sum) stays the same, and so does which cells are hidden,
    so a reader of a site without leaks cannot tell the two apart."""
    roots = [copy_project(tmp_path / name) for name in ("first", "second")]
    threshold = load_settings(roots[0]).small_cell_threshold
    assert threshold >= 2, "a threshold below 2 hides no pair of counts that can trade one participant"
    low, high = min(2, threshold - 1), min(3, threshold)  # 2 and 3 at the default threshold of 4
    wilayah = csv.DictReader(io.StringIO((roots[0] / "data" / "wilayah.csv").read_text(encoding="utf-8")))
    rows = read_rows(roots[0])
    rectangle = pick_rectangle(rows, {r["kode"]: r["kode_induk"] for r in wilayah
                                      if r["jenis"] in ("desa", "kelurahan")}, threshold + low + high)
    (a, b), (s, t) = rectangle.desa, rectangle.segments
    first = {(a, s): low, (a, t): high, (b, s): high, (b, t): low}
    second = {(a, s): high, (a, t): low, (b, s): low, (b, t): high}
    write_rows(roots[0], with_cells(rows, rectangle, first))
    write_rows(roots[1], with_cells(rows, rectangle, second))
    assert (roots[0] / KEPESERTAAN).read_bytes() != (roots[1] / KEPESERTAAN).read_bytes()

    with ThreadPoolExecutor(2) as builds:  # two processes side by side: the two cold builds are most of the test
        results = list(builds.map(lambda root: run_build_process(root, "--strict", "--no-pdf"), roots))
    assert all(r.returncode == 0 for r in results), [r.stderr for r in results]

    for root in roots:  # the cells really are hidden, so the comparison below is not empty-handed
        published = {(r["kode_wilayah"], r["segmen"]): r["peserta"]
                     for r in csv.DictReader(io.StringIO((root / DESA_SEGMEN).read_text(encoding="utf-8")))}
        assert [published[cell] for cell in rectangle.cells()] == [SUPPRESSED] * 4, rectangle
    found = differences(*(published_files(root / "site") for root in roots))
    assert not found, f"a hidden count of {rectangle} reaches the site:\n" + "\n".join(found)
