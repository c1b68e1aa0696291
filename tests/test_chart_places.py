"""Charts by place at province scale: at most a readable number of places drawn, said in the title in both
languages, chosen from published counts only; a city's desa draw in full as before."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from conftest import DEMO, REPO

from report.charts import chart_catalogue, charts, places, theme
from report.figures import compute
from report.figures.suppress import HIDDEN
from report.i18n import Formatter
from report.inputs import data

sys.path.insert(0, str(REPO / "tools"))
import make_province  # noqa: E402

DESA = 1200  # enough that a thousands separator shows and the suppression hides hundreds of small counts


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> compute.Figures:
    project = tmp_path_factory.mktemp("province") / "project"
    make_province.make(project, kabkota=2, kecamatan=12, desa=DESA)
    return compute.compute_figures(data.load_data(project / "data", allow_illustrative=True))


def bars(svg: str) -> int:
    return len(re.findall(r'aria-roledescription="bar"', svg))


def drawn_names(svg: str) -> set[str]:
    return set(re.findall(r"Desa Contoh [\d-]+", svg))


def spec_of(figures: compute.Figures, lang: str) -> charts.ChartSpec:
    return chart_catalogue.coverage_by_village(figures, Formatter(lang))


def places_in(spec: charts.ChartSpec) -> set[str]:
    """The places in the data the chart is drawn from (its Vega-Lite datasets), without drawing it."""
    datasets = theme.vega_lite(spec.chart)["datasets"].values()
    return {row["desa"] for rows in datasets for row in rows}


def test_a_chart_over_many_places_says_how_many_it_draws(province: compute.Figures) -> None:
    by_desa = province.tables["cakupan_desa"]
    assert len(by_desa) == DESA and by_desa[HIDDEN].sum() > 100  # the case that matters: many hidden counts
    specs = {lang: spec_of(province, lang) for lang in ("id", "en")}

    for spec in specs.values():
        assert len(places_in(spec)) == places.LARGEST
        assert len(spec.table) == len(spec.download) == DESA  # the table and the download: every place
    assert specs["id"].title == "15 desa/kelurahan dengan peserta terbanyak dari 1.200, November 2025 (ilustratif)"
    assert specs["en"].title == "The 15 villages with most participants (of 1,200), November 2025 (illustrative)"
    assert specs["id"].notes[-1] == ("Hanya jumlah yang diterbitkan yang diurutkan; desa/kelurahan yang jumlahnya "
                                     "[c] tidak ikut diurutkan. Semua 1.200 desa/kelurahan ada di tabel dan "
                                     "unduhan data.")
    assert specs["en"].notes[-1].endswith("All 1,200 villages are in the table and the data download.")


@pytest.mark.slow  # four drawings of a 1,200-desa chart
def test_a_chart_over_many_places_draws_at_most_n_bars(province: compute.Figures) -> None:
    for lang in ("id", "en"):
        chart = charts.draw("cakupan_desa", chart_catalogue.coverage_by_village, province, lang)
        assert bars(chart.svg) == bars(chart.svg_wide) == places.LARGEST
        assert len(chart.rows) == DESA and chart.csv.count("Desa Contoh") == DESA


def test_the_places_drawn_are_the_largest_published_counts(province: compute.Figures) -> None:
    by_desa = province.tables["cakupan_desa"]
    chosen = places.places_to_draw(by_desa)
    published = by_desa[~by_desa[HIDDEN]]

    assert chosen.partial and chosen.total == DESA
    assert not chosen.frame[HIDDEN].any()
    assert list(chosen.frame["peserta"]) == sorted(published["peserta"], reverse=True)[:places.LARGEST]


def hidden_and_leaked(by_place: pd.DataFrame, count: int = 5) -> tuple[pd.Index, pd.DataFrame, pd.DataFrame]:
    """The `count` largest places hidden, as secondary suppression may hide a large count; and the same with
    their true counts leaked into the table as well."""
    largest = by_place["peserta"].astype(float).nlargest(count).index
    hidden = by_place.copy()
    hidden.loc[largest, HIDDEN] = True
    hidden.loc[largest, "peserta"] = pd.NA
    leaked = hidden.copy()
    leaked.loc[largest, "peserta"] = 1_000_000
    return largest, hidden, leaked


def test_a_hidden_count_never_decides_which_places_are_drawn(province: compute.Figures) -> None:
    by_desa = province.tables["cakupan_desa"]
    largest, hidden, leaked = hidden_and_leaked(by_desa)

    chosen, with_leak = places.places_to_draw(hidden), places.places_to_draw(leaked)

    assert list(chosen.frame["kode_wilayah"]) == list(with_leak.frame["kode_wilayah"])
    assert not set(chosen.frame["kode_wilayah"]) & set(by_desa.loc[largest, "kode_wilayah"])
    for frame in (hidden, leaked):
        spec = spec_of(replace(province, tables={**province.tables, "cakupan_desa": frame}), "en")
        assert not places_in(spec) & set(by_desa.loc[largest, "desa"])


@pytest.mark.slow  # draws the chart twice
def test_a_hidden_count_is_not_in_the_drawing(province: compute.Figures) -> None:
    by_desa = province.tables["cakupan_desa"]
    largest, hidden, leaked = hidden_and_leaked(by_desa)
    for frame in (hidden, leaked):
        figures = replace(province, tables={**province.tables, "cakupan_desa": frame})
        svg = charts.draw("cakupan_desa", chart_catalogue.coverage_by_village, figures, "en").svg
        assert not drawn_names(svg) & set(by_desa.loc[largest, "desa"])
        assert "1000000" not in svg and "1,000,000" not in svg


def test_with_no_published_count_the_first_places_as_listed_are_drawn() -> None:
    frame = pd.DataFrame({"kode_wilayah": [f"d{i:03d}" for i in range(places.ALL_PLACES_UP_TO + 1)],
                          "peserta": pd.array([pd.NA] * (places.ALL_PLACES_UP_TO + 1), dtype="Int64"),
                          HIDDEN: True})
    chosen = places.places_to_draw(frame)
    assert not chosen.ranked and list(chosen.frame["kode_wilayah"]) == list(frame["kode_wilayah"][:places.LARGEST])


def test_a_city_draws_every_desa_in_its_kecamatan_panels_as_before() -> None:
    figures = compute.compute_figures(data.load_data(DEMO / "data", allow_illustrative=True))
    chart = charts.draw("cakupan_desa", chart_catalogue.coverage_by_village, figures, "id")
    by_desa = figures.tables["cakupan_desa"]

    assert len(by_desa) <= places.ALL_PLACES_UP_TO and bars(chart.svg) == len(by_desa)
    assert chart.title.startswith("Peserta per desa/kelurahan, ") and not any("diurutkan" in n for n in chart.notes)
    kecamatan = set(by_desa["kecamatan"])
    assert len(kecamatan) > 1 and all(f">{name}<" in chart.svg for name in kecamatan)  # one header per panel


def test_a_desa_name_two_kecamatan_share_is_told_apart_in_a_ranked_chart(province: compute.Figures) -> None:
    by_desa = province.tables["cakupan_desa"].copy()
    top = places.places_to_draw(by_desa).frame.index[:2]
    by_desa.loc[top, "desa"] = "Sanur"
    by_desa.loc[top[1], "kecamatan"] = "Kecamatan Lain"
    drawn = places_in(spec_of(replace(province, tables={**province.tables, "cakupan_desa": by_desa}), "id"))
    assert len(drawn) == places.LARGEST
    assert {f"Sanur ({by_desa.loc[top[0], 'kecamatan']})", "Sanur (Kecamatan Lain)"} <= drawn


def test_the_synthetic_province_shows_its_places_on_a_page(tmp_path: Path) -> None:
    make_province.make(tmp_path / "p", kabkota=1, kecamatan=1, desa=1)
    page = (tmp_path / "p" / "content" / "en" / "wilayah.md").read_text(encoding="utf-8")
    assert 'chart("cakupan_desa")' in page and "translated_from:" in page


def test_most_and_fewest_say_they_compare_published_counts_only(province: compute.Figures) -> None:
    """With hidden counts, the 'fewest' desa is the fewest published one: a [c] may be smaller, so it says so."""
    assert spec_of(province, "id").description.endswith(
        "dari 1.200 desa/kelurahan, di antara jumlah yang diterbitkan (bukan [c]).")
    assert spec_of(province, "en").description.endswith("of 1,200 villages, among the published counts (not [c]).")
    city = compute.compute_figures(data.load_data(DEMO / "data", allow_illustrative=True))
    assert not city.tables["cakupan_desa"][HIDDEN].any()
    assert spec_of(city, "en").description.endswith(" villages.")


def test_with_a_district_hidden_its_summary_gives_no_share_of_a_sum_no_source_gives(
        province: compute.Figures) -> None:
    by_kecamatan = province.tables["cakupan_kecamatan"]
    _, hidden, leaked = hidden_and_leaked(by_kecamatan, 2)
    said = {}
    for name, frame in (("hidden", hidden), ("leaked", leaked)):
        figures = replace(province, tables={**province.tables, "cakupan_kecamatan": frame})
        said[name] = chart_catalogue.coverage_by_district(figures, Formatter("en")).description
    third = by_kecamatan.loc[by_kecamatan["peserta"].astype(float).nlargest(3).index[2]]
    assert said["hidden"] == said["leaked"] == (
        f"Among the published counts (not [c]), the district with most participants is {third['kecamatan']}: "
        f"{Formatter('en').number(int(third['peserta']))} people.")
    full = chart_catalogue.coverage_by_district(province, Formatter("en")).description
    assert full.endswith(f" of {Formatter('en').number(int(by_kecamatan['peserta'].sum()))}).")


@pytest.mark.parametrize(("table", "build"), [("cakupan_desa", chart_catalogue.coverage_by_village),
                                             ("cakupan_kecamatan", chart_catalogue.coverage_by_district)])
def test_with_every_count_hidden_a_summary_names_no_place_and_no_number(
        province: compute.Figures, table: str, build: Callable) -> None:
    """A hidden count is no 0: the summary must not call a place the largest or the smallest "(0)"."""
    every = province.tables[table].copy()
    every[HIDDEN], every["peserta"] = True, pd.NA
    figures = replace(province, tables={**province.tables, table: every})
    for lang, expected in (("id", "disembunyikan ([c])."), ("en", "is hidden ([c]).")):
        summary = build(figures, Formatter(lang)).description
        assert summary.endswith(expected), summary
        assert not re.search(r"\d", summary), summary
