"""Issue 10, publish only what is true: every figure in every published artefact of the repository's own
build is an official (`resmi`) figure or one derived from official rows; years stay years; lower bounds
say "lebih dari" everywhere; derived figures name every input's source; breakdowns appear only with data.

The allowed figures are worked out here from data/*.csv with the csv module and the formulas the site
documents, not with the engine, so a wrong figure in the engine cannot vouch for itself. The same checker
run over the demo project, which holds made-up figures, must find them: proof that it can fail."""

from __future__ import annotations

import csv
import functools
import io
import itertools
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from conftest import DEMO, REPO, copy_project, run_build, tree_digest
from openpyxl import load_workbook
from pypdf import PdfReader

from report.i18n import Formatter
from report.inputs.periods import period_key
from report.publishing.columns import column_name

MONTHS = ("Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember|January|"
          "February|March|May|June|July|August|October|December")
WORDS = {"ribu": 1e3, "juta": 1e6, "miliar": 1e9, "triliun": 1e12, "thousand": 1e3, "million": 1e6,
         "billion": 1e9, "trillion": 1e12}
# A number written as a figure: money, a percentage, a number with thousands separators or in words.
FIGURE = re.compile(r"(?P<money>Rp\s?|IDR\s)?(?P<number>\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"
                    r"(?:\s?(?P<percent>%)|\s(?P<word>ribu|juta|miliar|triliun|thousand|million|billion|trillion)\b)?")
VALUE_COLUMNS = ("peserta", "kasus", "nilai_rp", "nilai", "iuran_bulanan_rp", "biaya_tahunan_rp", "persen")
VALUE_COLUMNS += tuple(column_name(name, "en") for name in VALUE_COLUMNS)  # the English downloads' names


@dataclass(frozen=True)
class Shown:
    value: float
    tolerance: float
    percent: bool
    text: str


def read(data: Path, name: str) -> list[dict[str, str]]:
    with (data / f"{name}.csv").open(encoding="utf-8") as file:
        return list(csv.DictReader(file))


def official_values(data: Path) -> tuple[set[float], set[float]]:
    """(amounts and counts, percentages) that the site may show: official rows and what the documented
    formulas derive from them (segment sums, the fee the city pays, cost = people x fee x 12, shares)."""
    people = [r for r in read(data, "kepesertaan") if r["status"] == "resmi"]
    claims = [r for r in read(data, "klaim") if r["status"] == "resmi"]
    statistics = read(data, "statistik")
    fees = read(data, "iuran")
    segments, regions = read(data, "segmen"), read(data, "wilayah")
    counts = {float(r["peserta"]) for r in people} | {float(r["nilai_rp"]) for r in claims}
    counts |= {float(r["kasus"]) for r in claims if r["kasus"]}
    counts |= {float(r["nilai"]) for r in statistics}
    counts |= {float(r["iuran_bulanan_rp"]) for r in fees}
    kinds = [r["jenis"] for r in regions]
    parents = [r["kode_induk"] for r in regions]
    counts |= {parents.count(r["kode"]) for r in regions if r["jenis"] == "kecamatan"}
    counts |= {kinds.count("kecamatan"), kinds.count("desa"), kinds.count("kelurahan"),
               kinds.count("desa") + kinds.count("kelurahan"), len(segments),
               sum(r["pekerja_rentan"] == "ya" for r in segments)}
    vulnerable = {r["kode"]: r["pekerja_rentan"] == "ya" for r in segments}
    city = [r for r in people if r["kode_wilayah"] == "51.71"]
    parts: set[float] = set()
    for _, rows in itertools.groupby(sorted(city, key=lambda r: r["periode"]), key=lambda r: r["periode"]):
        split = [r for r in rows if r["segmen"] != "semua"]
        parts |= {sum(float(r["peserta"]) for r in split if vulnerable[r["segmen"]] == flag) for flag in (True, False)}
        parts.add(sum(float(r["peserta"]) for r in split))
    counts |= parts
    fee = sum(float(r["iuran_bulanan_rp"]) for r in fees if r["ditanggung_pemda"] == "ya")
    latest = max((r for r in city if r["segmen"] == "semua"), key=lambda r: period_key(r["periode"]))
    counts |= {fee, float(latest["peserta"]) * fee, float(latest["peserta"]) * fee * 12}
    counts |= {float(r["peserta"]) * fee * 12 for r in city if r["segmen"] != "semua"}
    counts |= {p * fee * 12 for p in parts}
    percents = {float(r["nilai"]) for r in statistics if r["satuan"] == "persen"}
    percents |= {100 * a / b for a, b in itertools.permutations(counts, 2) if b and a <= b}
    return counts, percents


def parse(match: re.Match[str], lang: str) -> Shown:
    number = match["number"]
    thousands, decimal = (".", ",") if lang == "id" else (",", ".")
    grouped = re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", number)
    plain = number.replace(thousands, "") if grouped or thousands in number else number
    digits = len(plain.split(decimal, 1)[1]) if decimal in plain else 0
    value = float(plain.replace(decimal, "."))
    scale = WORDS.get(match["word"] or "", 1)
    return Shown(value * scale, 0.5 * 10 ** -digits * scale + 1e-9, bool(match["percent"]), match.group())


def allowed(shown: Shown, values: tuple[set[float], set[float]]) -> bool:
    pool = values[1] if shown.percent else values[0]
    return any(abs(shown.value - v) <= shown.tolerance for v in pool)


def figures_in(text: str, lang: str, every_number: bool = False) -> list[Shown]:
    """The figures in a text: only numbers written as figures (money, %, separators, words) unless
    every_number, for text that holds nothing else (a chart's mark label, a table cell)."""
    text = re.sub(rf"\b\d{{1,2}} ({MONTHS}) \d{{4}}\b|\b({MONTHS}) \d{{4}}\b|\b(19|20)\d{{2}}(-\d{{2}}){{0,2}}\b"
                  r"|\b\d{2}\.\d{2}\.\d{2}(\.\d{4})?\b", " ", text)  # dates, periods, region codes
    found = [parse(m, lang) for m in FIGURE.finditer(text)]
    return [s for s in found if every_number or s.text.startswith(("Rp", "IDR")) or s.percent
            or re.search(r"\d[.,]\d{3}", s.text) or any(w in s.text for w in WORDS)]


def on_axis(element: Any) -> bool:
    """An axis's ticks and its description are a scale, not figures."""
    return any("role-axis" in " ".join(p.get("class", [])) for p in [element, *element.parents])


def html_figures(site: Path) -> list[tuple[str, Shown]]:
    out = []
    for page in site.rglob("*.html"):
        lang = "en" if page.relative_to(site).parts[0] == "en" else "id"
        content = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").select_one(".md-content")
        if content is None:
            continue
        for quoted in content.select(".bibliography"):
            quoted.decompose()  # titles of the sources cited, as their publishers wrote them
        for svg in content.select("svg"):
            for mark in svg.select("[aria-label]"):  # a mark's tooltip text, as interactive.js shows it
                if not on_axis(mark):
                    out += [(f"{page.name} tooltip", s) for s in figures_in(mark["aria-label"], lang)]
            for label in svg.find_all("text"):
                if not on_axis(label):
                    out += [(f"{page.name} svg", s) for s in figures_in(label.get_text(), lang, True)]
            svg.decompose()
        for cell in content.select("span.fig, figure.chart td, .headline__figure"):
            out += [(f"{page.name} {cell.name}", s) for s in figures_in(cell.get_text(" "), lang, True)]
        out += [(page.name, s) for s in figures_in(content.get_text(" "), lang)]
    return out


def table_figures(site: Path) -> list[tuple[str, Shown]]:
    """Every value cell of every CSV, XLSX and JSON download, charts' CSVs included."""
    out = []
    for path in list(site.rglob("*.csv")) + list(site.rglob("*.xlsx")) + list(site.rglob("unduh/*.json")):
        if path.name == "datapackage.json":
            continue
        for row in rows_of(path):
            if row.get("status", "resmi") not in ("resmi", "official", ""):
                out.append((f"{path.name} status", Shown(float("nan"), 0, False, str(row["status"]))))
            for column in VALUE_COLUMNS:
                value = row.get(column)
                if value not in (None, "", "[c]"):
                    percent = column in ("persen", column_name("persen", "en"))
                    out.append((f"{path.name} {column}", Shown(float(value), 0.006, percent, str(value))))
    return out


def rows_of(path: Path) -> list[dict]:
    if path.suffix == ".csv":
        return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    if path.suffix == ".json":
        return json.loads(path.read_text(encoding="utf-8"))
    sheet = load_workbook(path, read_only=True).active
    header, *body = [list(row) for row in sheet.iter_rows(values_only=True)]
    return [dict(zip(header, ["" if v is None else v for v in row])) for row in body]


def pdf_figures(site: Path, data: Path) -> list[tuple[str, Shown]]:
    """The PDF's text, less what the HTML checks stand for: chart axes (checked to be axes in the HTML) and
    the cited sources' own titles in the bibliography."""
    skipped = {label.get_text() for page in site.rglob("*.html")
               for label in BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").select("svg text")
               if on_axis(label)}
    skipped |= {s.text for row in read(data, "sumber") for lang in ("id", "en")
                for s in figures_in(" ".join(row.values()), lang, True)}
    out = []
    for pdf in site.rglob("*.pdf"):
        lang = "en" if pdf.stem.endswith("-en") else "id"
        for text in page_texts(pdf):
            out += [(pdf.name, s) for s in figures_in(text, lang) if s.text not in skipped]
    return out


def pdf_text(pdf: Path) -> str:
    return " ".join(" ".join(text.split()) for text in page_texts(pdf))


def page_texts(pdf: Path) -> tuple[str, ...]:
    """Each page's text, extracted once per version of the file: several tests read the same shared PDFs,
    and extraction takes seconds."""
    stat = pdf.stat()
    return extracted(str(pdf), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=8)
def extracted(path: str, modified_ns: int, size: int) -> tuple[str, ...]:
    return tuple(page.extract_text() or "" for page in PdfReader(path).pages)


def unsourced(site: Path, data: Path) -> list[str]:
    values = official_values(data)
    shown = html_figures(site) + table_figures(site) + pdf_figures(site, data)
    return sorted({f"{where}: {s.text}" for where, s in shown if not allowed(s, values)})


def test_every_published_figure_is_official_or_derived_from_official(real_project: Path) -> None:
    found = unsourced(real_project / "site", real_project / "data")
    assert found == []


def test_the_check_finds_the_made_up_figures_of_the_demo_project(site: Path, built_project: Path) -> None:
    found = unsourced(site, built_project / "data")
    # Made-up per-kecamatan totals and monthly points of the demo data are caught in every kind of artefact.
    assert any("kepesertaan-kecamatan.csv" in f for f in found) and any("kepesertaan-desa.xlsx" in f for f in found)
    assert any(f.endswith("status: ilustratif") for f in found)
    assert any(".html svg" in f for f in found) and any("10.716" in f or "10,716" in f for f in found)


# Only sourced data, and breakdowns only with data -----------------------------------------------------

def test_a_public_build_refuses_made_up_rows_and_keeps_the_site(project: Path) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("allow_illustrative: true",
                                                                 "allow_illustrative: false"), encoding="utf-8")
    before = tree_digest(project / "site")
    result = run_build(project)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    first = next(n for n, line in enumerate((project / "data/kepesertaan.csv").read_text().splitlines(), 1)
                 if ",ilustratif," in line)
    assert f'data/kepesertaan.csv, baris {first}, kolom "status": status ilustratif' in result.stderr
    assert "allow_illustrative: true" in result.stderr
    assert tree_digest(project / "site") == before


def test_the_repository_holds_no_made_up_rows() -> None:
    for name in ("kepesertaan", "klaim"):
        assert {row["status"] for row in read(REPO / "data", name)} == {"resmi"}
    assert "allow_illustrative: false" in (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "allow_illustrative: true" in (DEMO / "mkdocs.yml").read_text(encoding="utf-8")


@pytest.mark.slow
def test_without_a_breakdown_by_place_nothing_of_it_is_published(tmp_path: Path) -> None:
    """The province fixture has no count by kecamatan or desa (frozen, so a data update here changes nothing)."""
    root = copy_project(tmp_path / "project", DEMO.parent / "provinsi")
    assert run_build(root, "--strict", "--no-pdf").returncode == 0
    site = root / "site"
    names = {p.name for p in site.rglob("*") if p.is_file()}
    assert not [n for n in names if "kecamatan" in n or "desa" in n]
    package = json.loads((site / "assets/unduh/datapackage.json").read_text(encoding="utf-8"))
    assert all((site / "assets/unduh" / r["path"]).is_file() for r in package["resources"])
    assert "[c]" not in package["description"]
    for page in site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        assert not soup.select(".datasets__suppressed, #grafik-cakupan_desa, #grafik-cakupan_kecamatan")
        for link in soup.select(".md-content a[href*='unduh/']"):
            assert (page.parent / link["href"]).is_file(), f"{page.name}: dead link {link['href']}"


# Years and months ---------------------------------------------------------------------------------------

def test_a_year_is_a_year_in_order_and_in_words() -> None:
    assert sorted(["2025-01", "2024", "2024-12", "2023-09"], key=period_key) == ["2023-09", "2024-12", "2024",
                                                                                  "2025-01"]
    assert Formatter("id").period("2024") == "2024" and Formatter("en").period("2024") == "2024"
    assert Formatter("id").as_of("2024") == "tahun 2024" and Formatter("id").as_of("2025-05") == "per Mei 2025"
    assert Formatter("en").as_of("2024") == "in 2024" and Formatter("en").as_of("") == ""


def test_the_yearly_figure_is_shown_as_its_year_everywhere(built_project: Path) -> None:
    site = built_project / "site"
    year = next(r for r in read(built_project / "data", "kepesertaan") if len(r["periode"]) == 4)
    shown = {"id": Formatter("id").number(int(year["peserta"])), "en": Formatter("en").number(int(year["peserta"]))}
    for lang, prefix in (("id", ""), ("en", "en/")):
        spans = [span for page in (site / prefix).glob("*.html")
                 for span in BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").select("span.fig")
                 if span.get_text() == shown[lang]]
        assert spans and all(span["data-provenance"].endswith(Formatter(lang).as_of(year["periode"]))
                             for span in spans)
        publisher = publishers(built_project / "data", [year["sumber"]])[0]
        footnote = f"{publisher}, {Formatter(lang).as_of(year['periode'])}"
        assert footnote in pdf_text(site / f"assets/unduh/kajian-pekerja-rentan-{lang}.pdf")
        chart = BeautifulSoup((site / prefix / "index.html").read_text(encoding="utf-8"), "lxml").select_one(
            "#grafik-cakupan_waktu")
        tooltips = " ".join(mark["aria-label"] for mark in chart.select("svg [aria-label]"))
        assert shown[lang] in tooltips and "Desember" not in tooltips and "December" not in tooltips
    assert "2024,10714,resmi" in (site / "assets/unduh/kepesertaan-total.csv").read_text(encoding="utf-8")
    chart = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "lxml").select_one("#grafik-cakupan_waktu")
    assert ["2024", "10.714"] == [td.get_text() for td in chart.select("tbody tr")[0].find_all(["th", "td"])][:2]
    assert not chart.select("svg path.mark-line, svg .mark-line"), "points of different sources must not be joined"


# Lower bounds ------------------------------------------------------------------------------------------

BOUND = {"id": "lebih dari Rp145 miliar", "en": "more than IDR 145 billion"}


def test_a_lower_bound_says_so_in_every_artefact(built_project: Path) -> None:
    site = built_project / "site"
    for lang, prefix in (("id", ""), ("en", "en/")):
        page = BeautifulSoup((site / prefix / "bab-2-kajian-teoretis.html").read_text(encoding="utf-8"), "lxml")
        prose = [s.get_text() for s in page.select(".md-content p span.fig--lower-bound")]
        assert prose and all(s.startswith(("lebih dari ", "more than ")) for s in prose)
        chart = page.select_one("#grafik-klaim_program")
        assert BOUND[lang] in [t.get_text() for t in chart.select("svg text")]  # the bar's label
        assert BOUND[lang].replace(" miliar", ".000.000.000").replace(" billion", ",000,000,000") in \
            [td.get_text() for td in chart.select("td")]  # the table: exact amount, still a bound
        tooltips = " ".join(mark["aria-label"] for mark in chart.select("svg [aria-label]"))
        assert BOUND[lang].replace(" miliar", ".000.000.000").replace(" billion", ",000,000,000") in tooltips
        pdf = pdf_text(site / f"assets/unduh/kajian-pekerja-rentan-{lang}.pdf")
        assert {"id": "lebih dari Rp188 miliar", "en": "more than IDR 188 billion"}[lang] in pdf
    downloads = site / "assets/unduh"
    for path in (downloads / "klaim.csv", downloads / "klaim.xlsx", downloads / "klaim.json",
                 site / "unduh/grafik-klaim_program.csv"):
        assert {str(row["lebih_dari"]) for row in rows_of(path)} == {"ya"}, path
    for path in (downloads / "en/klaim.csv", downloads / "en/klaim.xlsx", downloads / "en/klaim.json"):
        assert {str(row["more_than"]) for row in rows_of(path)} == {"yes"}, path
    for folder, column, words in (("", "lebih_dari", "batas bawah"), ("en/", "more_than", "lower bound")):
        package = json.loads((downloads / folder / "datapackage.json").read_text(encoding="utf-8"))
        fields = {f["name"]: f for r in package["resources"] if r["name"] == "klaim" for f in r["schema"]["fields"]}
        assert words in fields[column]["description"]


def test_a_share_of_lower_bounds_has_no_false_decimals_and_names_its_base(built_project: Path) -> None:
    page = BeautifulSoup((built_project / "site/bab-2-kajian-teoretis.html").read_text(encoding="utf-8"), "lxml")
    description = page.select_one("#grafik-klaim_program .chart__subtitle").get_text()
    assert "sekitar 77% dari lebih dari Rp188 miliar klaim seluruhnya" in description  # 145 of the stated 188
    assert not re.search(r"\d+,\d+%", description)


@pytest.mark.slow
def test_typing_more_than_before_a_lower_bound_stops_the_build(project: Path) -> None:
    root = project
    chapter = root / "content/id/index.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nKlaim lebih dari {{ fig.klaim_2024_semua.short }}.\n",
                       encoding="utf-8")
    result = run_build(root, "--no-pdf")
    line = len(chapter.read_text(encoding="utf-8").splitlines())
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f'content/id/index.md, baris {line}: angka di sini sudah ditampilkan dengan "lebih dari"' in result.stderr


# Derived figures, the headline --------------------------------------------------------------------------

def publishers(data: Path, codes: list[str]) -> list[str]:
    names = {row["kode"]: row["penerbit"] for row in read(data, "sumber")}
    return [names[code] for code in codes]


def test_a_derived_figure_names_every_input_and_how_it_was_computed(built_project: Path) -> None:
    data, site = built_project / "data", built_project / "site"
    fees = [r["sumber"] for r in read(data, "iuran") if r["ditanggung_pemda"] == "ya"]
    totals = [r for r in read(data, "kepesertaan") if r["segmen"] == "semua"]
    latest = max(totals, key=lambda r: period_key(r["periode"]))
    fee_publishers, cost_publishers = publishers(data, fees), publishers(data, [latest["sumber"], *fees])
    assert len(set(fee_publishers)) > 1, "the data no longer exercises a figure with several sources"
    page = BeautifulSoup((site / "tentang-data.html").read_text(encoding="utf-8"), "lxml")
    derived = page.select(".md-content span.fig--turunan")
    fee = next(s for s in derived if s.get_text() == "Rp16.800")
    cost = next(s for s in derived if "×" in s["data-provenance"] and "12" not in s["data-provenance"])
    for span, expected in ((fee, fee_publishers), (cost, cost_publishers)):
        for attribute in ("title", "data-provenance"):
            assert all(name in span[attribute] for name in expected), span[attribute]
        assert "dihitung dari angka resmi:" in span["data-provenance"]
    assert not re.search(rf"(per|tahun) ({MONTHS}|\d{{4}})", fee["title"]), "no source dates a fee rate"
    pdf = pdf_text(site / "assets/unduh/kajian-pekerja-rentan-id.pdf")
    assert f"{'; '.join(fee_publishers)}, dihitung dari angka resmi: jumlah iuran" in pdf  # the footnote
    package = json.loads((site / "assets/unduh/datapackage.json").read_text(encoding="utf-8"))
    cost_data = next(r for r in package["resources"] if r["name"] == "biaya-segmen")
    people = [r for r in read(data, "kepesertaan") if r["segmen"] != "semua"]
    breakdown = max(people, key=lambda r: period_key(r["periode"]))["sumber"]
    assert {*fee_publishers, *publishers(data, [breakdown])} <= {s["title"] for s in cost_data["sources"]}
    assert "x 12" in cost_data["description"]


def test_the_headline_says_who_pays_with_the_caveat_beside_it(built_project: Path) -> None:
    config = (built_project / "mkdocs.yml").read_text(encoding="utf-8")
    payer = re.search(r"payer_id: (.+)", config)[1].strip()
    headline = BeautifulSoup((built_project / "site/index.html").read_text(encoding="utf-8"), "lxml").select_one(
        ".md-content .headline")
    assert headline.select_one(".headline__label").get_text() == f"peserta yang iurannya dibayar {payer}"
    caveat = headline.select_one(".headline__caveat")
    other = [r for r in read(built_project / "data", "segmen") if r["pekerja_rentan"] == "tidak"]
    assert caveat is not None and all(r["nama_id"] in caveat.get_text() for r in other)
    assert caveat.select("span.fig--turunan"), "the caveat's numbers carry their provenance"


@pytest.mark.slow
def test_an_official_breakdown_by_place_appears_by_itself(tmp_path: Path) -> None:
    """The demo breakdown, as if a source had published it: charts, datasets and downloads by place appear,
    labelled official, in a build that refuses made-up rows."""
    from report.charts.charts import make_charts
    from report.figures.compute import compute_figures
    from report.inputs.data import load_data
    from report.publishing.datasets import published_datasets

    data = tmp_path / "data"
    shutil.copytree(DEMO / "data", data)
    lines = (data / "kepesertaan.csv").read_text(encoding="utf-8").splitlines()
    official = [line.replace(",ilustratif,", ",resmi,tribunbali-2025-02") for line in lines
                if not line.startswith(("2025-01,51.71,", "2025-03,51.71,", "2025-04,51.71,"))]
    (data / "kepesertaan.csv").write_text("\n".join(official) + "\n", encoding="utf-8")
    figures = compute_figures(load_data(data))
    drawn = make_charts(figures, ("id", "en"))
    for name in ("cakupan_desa", "cakupan_kecamatan"):
        chart = drawn[(name, "id")]
        assert not chart.illustrative and "ilustratif" not in chart.title and "Tribun Bali" not in chart.title
        assert chart.sources == ["tribunbali-2025-02"]
    by_place = {d.name: d for d in published_datasets(figures)}
    for name in ("kepesertaan-kecamatan", "kepesertaan-desa", "kepesertaan-desa-segmen"):
        assert name in by_place and not by_place[name].illustrative(figures) and by_place[name].suppressed(figures)
        assert set(by_place[name].published(figures)["status"]) == {"resmi"}
