"""Make a synthetic province project, to measure and test the build at province scale.

    .venv/bin/python tools/make_province.py DIR                 # 9 kab/kota, 57 kecamatan, 716 desa
    .venv/bin/python tools/make_province.py DIR --desa 7000     # the large scale
    .venv/bin/python tools/make_province.py DIR --kabkota 2 --kecamatan 4 --desa 30   # small, for a test
    .venv/bin/python build.py --root DIR --no-pdf --strict      # then build it

It copies the province edition tests/fixtures/provinsi (its chapters, sources, settings and its one
sourced figure) into DIR, replaces the list of areas by made-up kab/kota, kecamatan and desa, and breaks the
province's newest official segment figure down by desa. The areas' names and codes and every desa count are
made up: the rows are marked `ilustratif` and the edition's mkdocs.yml has `allow_illustrative: true`, so no
public site can carry them. The desa counts add up exactly to the sourced figure, as data/README.md requires;
with many desa most counts are small and hidden as [c], which is the suppression's heaviest case.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # the engine records the chapter's translation as done, as staff would
FIXTURE = REPO / "tests" / "fixtures" / "provinsi"
# The repository's templates: the fixture has none of its own, a project needs them beside mkdocs.yml.
SHARED = ("templates",)


def split(total: int, parts: int) -> list[int]:
    """`total` things into `parts` groups whose sizes differ by one at most."""
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def regions(root: str, kabkota: int, kecamatan: int, desa: int) -> list[list[str]]:
    """wilayah.csv rows below the root: kab/kota, their kecamatan, their desa (codes as Kemendagri writes them)."""
    rows: list[list[str]] = []
    per_kab = split(kecamatan, kabkota)
    per_kec = split(desa, kecamatan)
    kec_index = 0
    for k, kecamatan_count in enumerate(per_kab, start=1):
        kab = f"{root}.{k:02d}"
        rows.append([kab, f"Kabupaten Contoh {k}", "kabupaten", root, "", ""])
        for c in range(1, kecamatan_count + 1):
            kec = f"{kab}.{c:02d}"
            rows.append([kec, f"Kecamatan Contoh {k}-{c}", "kecamatan", kab, "", ""])
            for d in range(1, per_kec[kec_index] + 1):
                rows.append([f"{kec}.{2000 + d}", f"Desa Contoh {k}-{c}-{d}", "desa", kec, "", ""])
            kec_index += 1
    return rows


def counts(total: int, places: int, seed: int) -> list[int]:
    """`places` made-up counts adding up to `total` exactly, unevenly as real ones would."""
    rng = random.Random(seed)
    weights = [rng.paretovariate(1.5) for _ in range(places)]
    scale = total / sum(weights)
    shares = [int(w * scale) for w in weights]
    for i in rng.sample(range(places), total - sum(shares)):
        shares[i] += 1
    return shares


def breakdown(data: Path, desa_codes: list[str], seed: int) -> list[list[str]]:
    """Desa rows for the root's newest period: every official segment figure of that period, split by desa."""
    with (data / "kepesertaan.csv").open(encoding="utf-8", newline="") as source:
        rows = list(csv.DictReader(source))
    root = {row["kode"] for row in read(data / "wilayah.csv") if not row["kode_induk"]}
    official = [r for r in rows if r["kode_wilayah"] in root and r["status"] == "resmi" and r["segmen"] != "semua"]
    newest = max(r["periode"] for r in official)
    out: list[list[str]] = []
    for n, figure in enumerate(r for r in official if r["periode"] == newest):
        for code, count in zip(desa_codes, counts(int(figure["peserta"]), len(desa_codes), seed + n)):
            out.append([newest, code, figure["segmen"], str(count), "ilustratif", ""])
    return out


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as source:
        return list(csv.DictReader(source))


def append(path: Path, rows: list[list[str]]) -> None:
    with path.open("a", encoding="utf-8", newline="") as target:
        csv.writer(target, lineterminator="\n").writerows(rows)


def make(target: Path, kabkota: int = 9, kecamatan: int = 57, desa: int = 716, seed: int = 0) -> None:
    if not kabkota <= kecamatan <= desa:
        raise ValueError("need kab/kota <= kecamatan <= desa")
    shutil.copytree(FIXTURE, target)
    for name in SHARED:
        shutil.copytree(REPO / name, target / name)
    data = target / "data"
    areas = read(data / "wilayah.csv")
    root = next(row for row in areas if not row["kode_induk"])
    with (data / "wilayah.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(list(root))
        writer.writerow(list(root.values()))
    places = regions(root["kode"], kabkota, kecamatan, desa)
    append(data / "wilayah.csv", places)
    append(data / "kepesertaan.csv", breakdown(data, [p[0] for p in places if p[2] == "desa"], seed))
    write_place_chapter(target / "content")


# A page with the by-place charts and their tables: the part of a site that grows with the desa.
PLACE_CHAPTER = {
    "id": ("Per Wilayah", "Peserta per kecamatan dan per desa/kelurahan.", "Peserta per Wilayah",
           "Angka per wilayah di edisi ini dibuat-buat untuk menguji mesin laporan."),
    "en": ("By Area", "Participants by district and by village.", "Participants by Area",
           "The figures by area in this edition are made up to test the report engine."),
}


def write_place_chapter(content: Path, slug: str = "wilayah") -> None:
    from report.chapters.translation import mark_done

    for lang, (title, description, heading, note) in PLACE_CHAPTER.items():
        (content / lang / f"{slug}.md").write_text(
            f"---\ntitle: {title}\ndescription: {description}\n---\n\n# {heading}\n\n{note}\n\n"
            '{{ chart("cakupan_kecamatan") }}\n\n{{ chart("cakupan_desa") }}\n', encoding="utf-8")
    mark_done(content / "en" / f"{slug}.md", content / "id" / f"{slug}.md")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", type=Path, help="new folder for the project (must not exist)")
    parser.add_argument("--kabkota", type=int, default=9)
    parser.add_argument("--kecamatan", type=int, default=57)
    parser.add_argument("--desa", type=int, default=716)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.target.exists():
        print(f"{args.target} sudah ada / already exists: choose a new folder", file=sys.stderr)
        return 2
    try:
        make(args.target, args.kabkota, args.kecamatan, args.desa, args.seed)
    except ValueError as problem:
        print(f"Jumlah wilayah / area counts: {problem}", file=sys.stderr)
        return 2
    print(f"{args.target}: {args.kabkota} kab/kota, {args.kecamatan} kecamatan, {args.desa} desa")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
