"""Unit tests, one group per stage of the pipeline, on the project's real data and small inputs."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import altair as alt
import pandas as pd
import pytest
from bs4 import BeautifulSoup
from conftest import DEMO, REPO, copy_project

from report import i18n, settings
from report.chapters import content
from report.charts import charts, theme
from report.errors import ConfigError, ContentError, DataError
from report.figures import compute, suppress
from report.inputs import data, schema
from report.pages import render
from report.publishing import swap


@pytest.fixture(scope="module")
def tables() -> data.Tables:
    return data.load_data(DEMO / "data", allow_illustrative=True)


@pytest.fixture(scope="module")
def figures(tables: data.Tables) -> compute.Figures:
    return compute.compute_figures(tables)


@pytest.fixture(scope="module")
def drawn(figures: compute.Figures) -> dict:
    return charts.make_charts(figures, ("id", "en"))


# --- settings -----------------------------------------------------------------------------------------

def test_settings_read_staff_options_from_mkdocs_yml() -> None:
    loaded = settings.load_settings(DEMO)
    assert loaded.languages == ("id", "en")
    assert loaded.small_cell_threshold == 4
    assert loaded.site_url.endswith("/")
    assert loaded.print_pdf is False  # the demo's own setting; --no-pdf only ever turns the PDF off
    assert settings.load_settings(DEMO, print_pdf=None).print_pdf is False


def test_settings_reject_bad_values_all_at_once(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("extra:\n  report:\n    small_cell_threshold: -1\n"
                                         "    site_url: ftp://x\n    warna: biru\n    print_pdf: ya\n",
                                         encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        settings.load_settings(tmp_path)
    text = error.value.report("en")
    assert "small_cell_threshold" in text and "site_url" in text and "extra.report.warna" in text
    assert "extra.report.print_pdf must be true or false, not 'ya'" in text
    assert 'mkdocs.yml, line 3: extra.report.small_cell_threshold must be' in text


def test_settings_read_mkdocs_yml_with_mkdocs_own_tags(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Material's documented emoji setting and !ENV are what MkDocs accepts, so settings accept them too,
    and the one object read is what the MkDocs build is configured from."""
    monkeypatch.setenv("LAPORAN_URL", "https://contoh.go.id/kajian")
    monkeypatch.delenv("SITE_URL", raising=False)  # conftest's public address would override mkdocs.yml
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Contoh\nmarkdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n"
        "extra:\n  report:\n    site_url: !ENV LAPORAN_URL\n", encoding="utf-8")
    loaded = settings.load_settings(tmp_path)
    assert loaded.site_url == "https://contoh.go.id/kajian/"
    emoji = loaded.mkdocs_yml["markdown_extensions"][0]["pymdownx.emoji"]
    assert emoji["emoji_index"].__name__ == "twemoji"
    (tmp_path / "docs").mkdir()
    config = settings.mkdocs_config(loaded, docs_dir=str(tmp_path / "docs"), site_dir=str(tmp_path / "site"))
    assert config["site_name"] == "Contoh" and "pymdownx.emoji" in config["markdown_extensions"]


def test_settings_name_line_and_column_of_a_yaml_mistake(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: Kajian\nsite_description: Ringkasan: data\n", encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        settings.load_settings(tmp_path)
    assert "mkdocs.yml, line 2: not valid YAML (column 28)" in error.value.report("en")


def test_every_setting_has_help() -> None:
    assert all(help_text for help_text in settings.describe_options().values())


# --- languages ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang, number, money, day, percent, period", [
    ("id", "10.704", "Rp16.800", "16 Mei 2025", "53,88%", "Mei 2025"),
    ("en", "10,704", "IDR 16,800", "16 May 2025", "53.88%", "May 2025"),
])
def test_formats_follow_the_language(lang: str, number: str, money: str, day: str, percent: str,
                                     period: str) -> None:
    fmt = i18n.Formatter(lang)
    assert fmt.number(10704) == number
    assert fmt.rupiah(16800) == money
    assert fmt.date(date(2025, 5, 16)) == day
    assert fmt.percent(53.88) == percent
    assert fmt.period("2025-05") == period


def test_every_label_exists_in_both_languages() -> None:
    assert all(set(texts) == {"id", "en"} and all(texts.values()) for texts in i18n.LABELS.values())


# --- data -------------------------------------------------------------------------------------------

def test_data_loads_typed(tables: data.Tables) -> None:
    assert str(tables["kepesertaan"]["peserta"].dtype) == "Int64"
    assert len(tables["wilayah"]) == 48
    assert isinstance(tables["peristiwa"]["tanggal"].iloc[0], date)


def test_illustrative_rows_add_up_to_the_official_totals(tables: data.Tables) -> None:
    frame = tables["kepesertaan"]
    desa = frame[(frame["periode"] == "2025-02") & (frame["kode_wilayah"].str.count(r"\.") == 3)]
    assert (desa["status"] == "ilustratif").all()
    city = frame[(frame["periode"] == "2025-02") & (frame["kode_wilayah"] == "51.71") & (frame["segmen"] != "semua")]
    assert int(desa["peserta"].sum()) == int(city["peserta"].sum())


def test_data_without_a_file_names_it(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p")
    (root / "data/klaim.csv").unlink()
    with pytest.raises(DataError) as error:
        data.load_data(root / "data")
    assert error.value.problems[0].file == "data/klaim.csv"


@pytest.mark.parametrize("column", ["nik", "NIK", "Nama Peserta", "nama_lengkap", "nama", "No. HP", "telepon",
                                    "E-mail", "Alamat Rumah", "Tgl Lahir", "tanggal-lahir", "no_kk", "KK", "NPWP",
                                    "no_kpj", "nomor_rekening"])
def test_personal_data_columns_are_recognised_however_they_are_typed(column: str) -> None:
    assert schema.looks_personal(column, schema.dataset("kepesertaan"))


@pytest.mark.parametrize("dataset,column", [("wilayah", "nama"), ("segmen", "nama_id"), ("segmen", "nama_en"),
                                            ("kepesertaan", "nama_wilayah"), ("kepesertaan", "jumlah_kk"),
                                            ("kepesertaan", "catatan"), ("kepesertaan", "teknik")])
def test_ordinary_columns_are_not_taken_for_personal_data(dataset: str, column: str) -> None:
    assert not schema.looks_personal(column, schema.dataset(dataset))


# --- figures ------------------------------------------------------------------------------------------

def test_headline_is_the_latest_official_total(figures: compute.Figures) -> None:
    latest = figures.scalars["peserta_terbaru"]
    assert (latest.value, latest.periode, latest.source) == (10704, "2025-05", "suarabantas-2025-05")


def test_contribution_cost_is_people_times_fee_times_twelve(figures: compute.Figures) -> None:
    assert figures.scalars["iuran_ditanggung_pemda"].value == 10000 + 6800
    assert figures.scalars["biaya_tahunan_terbaru"].value == 10704 * 16800 * 12
    assert figures.scalars["biaya_tahunan_terbaru"].status == "turunan"


def test_segments_add_up_to_the_february_total(figures: compute.Figures) -> None:
    by_segment = figures.tables["cakupan_segmen"]
    assert len(by_segment) == 12
    assert int(by_segment["peserta"].sum()) == figures.scalars["peserta_2025_02"].value == 10717
    assert figures.scalars["peserta_rentan_rincian"].value + figures.scalars["peserta_bukan_rentan_rincian"].value \
        == 10717


# --- charts -------------------------------------------------------------------------------------------

@pytest.mark.slow
def test_every_chart_is_drawn_in_both_languages(drawn: dict) -> None:
    expected = {"cakupan_segmen", "cakupan_waktu", "cakupan_kecamatan", "cakupan_desa", "porsi_rentan",
                "biaya_segmen", "klaim_program"}
    assert set(drawn) == {(name, lang) for name in expected for lang in ("id", "en")}
    for chart in drawn.values():
        assert chart.svg.lstrip().startswith("<svg")
        assert chart.title and chart.description and chart.rows and chart.csv.count("\n") > 1


def test_chart_axis_numbers_follow_the_language(drawn: dict) -> None:
    def ticks(lang: str) -> list[str]:
        svg = BeautifulSoup(drawn[("cakupan_segmen", lang)].svg, "lxml-xml")
        return [t.get_text() for t in svg.find_all("text")]
    assert "5.302" in ticks("id") and "5,302" in ticks("en")
    months = [t.get_text() for t in BeautifulSoup(drawn[("cakupan_waktu", "id")].svg, "lxml-xml").find_all("text")]
    assert any("Mei" in t for t in months)


def test_claims_programmes_are_named_in_the_page_language(drawn: dict) -> None:
    def words(lang: str) -> set[str]:
        chart = drawn[("klaim_program", lang)]
        svg = BeautifulSoup(chart.svg, "lxml-xml")
        return {t.get_text() for t in svg.find_all("text")} | {row[0] for row in chart.rows}
    assert "Scholarships" in words("en") and not [w for w in words("en") if "beasiswa" in w.lower()]
    assert "Beasiswa" in words("id") and "JHT" in words("en")


def formats_set_by(spec: object) -> list[str]:
    """Every "format" or "labelExpr" a chart sets itself, outside the theme's config."""
    if isinstance(spec, dict):
        own = [f"{k}={v}" for k, v in spec.items() if k in ("format", "labelExpr")]
        return own + [f for k, v in spec.items() if k != "config" for f in formats_set_by(v)]
    return [f for item in spec for f in formats_set_by(item)] if isinstance(spec, list) else []


def test_axis_formats_live_in_the_one_theme(figures: compute.Figures) -> None:
    for name, entry in charts.catalogue().items():
        spec = theme.vega_lite(entry.builder(figures, i18n.Formatter("en")).chart)
        assert formats_set_by(spec) == [], f"{name} sets its own axis format; theme.py holds them"
        assert spec["config"]["axisQuantitative"]["format"] == theme.NUMBER_FORMAT


@pytest.mark.slow
def test_the_engine_leaves_altair_global_theme_alone(figures: compute.Figures) -> None:
    assert alt.theme.active != theme.THEME_NAME
    charts.make_charts(figures, ("id",))
    assert alt.theme.active != theme.THEME_NAME


def test_chart_description_comes_from_the_data(drawn: dict) -> None:
    assert "Pegawai non-ASN" in drawn[("cakupan_segmen", "id")].description
    assert "10.717" in drawn[("cakupan_segmen", "id")].description
    assert drawn[("cakupan_waktu", "en")].illustrative and drawn[("cakupan_desa", "id")].illustrative
    assert not drawn[("cakupan_segmen", "en")].illustrative


@pytest.mark.slow
def test_charts_are_redrawn_only_when_their_inputs_change(tmp_path: Path, figures: compute.Figures) -> None:
    cache = tmp_path / "cache"
    first = charts.make_charts(figures, ("id",), cache)
    entries = sorted(cache.iterdir())
    assert len(entries) == len(first)
    changed_claims = figures.tables["klaim_program"].assign(nilai_rp=lambda f: f["nilai_rp"] * 2)
    changed = compute.Figures(figures.scalars, {**figures.tables, "klaim_program": changed_claims}, figures.data)
    second = charts.make_charts(changed, ("id",), cache)
    new_entries = sorted(set(cache.iterdir()) - set(entries))
    assert len(new_entries) == 1, "only the claims chart reads klaim_program"
    assert second[("klaim_program", "id")].svg != first[("klaim_program", "id")].svg
    assert second[("cakupan_segmen", "id")] == first[("cakupan_segmen", "id")]


# --- small cells ----------------------------------------------------------------------------------

def test_a_hidden_count_is_shown_as_c_by_one_function() -> None:
    assert suppress.published_count(7) == 7
    assert suppress.published_count(7, hidden=True) == "[c]"
    assert suppress.published_count(float("nan"), write=str) == "[c]"
    assert suppress.published_count(12345, write=i18n.Formatter("id").number) == "12.345"


def test_small_cells_are_hidden_with_secondary_suppression() -> None:
    frame = pd.DataFrame({"kecamatan": ["a", "a", "a", "b", "b"], "segmen": ["x"] * 5, "peserta": [3, 10, 20, 50, 0]})
    out = suppress.suppress_small_cells(frame, "peserta", [("kecamatan", "segmen")], threshold=4)
    assert list(out[suppress.HIDDEN]) == [True, True, False, False, False]
    assert out["peserta"].isna().sum() == 2 and out["peserta"][4] == 0  # zero is not a small cell
    zeros = pd.DataFrame({"kecamatan": ["a"] * 3, "segmen": ["x"] * 3, "peserta": [3, 0, 0]})
    hidden = suppress.suppress_small_cells(zeros, "peserta", [("kecamatan", "segmen")], threshold=4)
    assert hidden[suppress.HIDDEN].sum() == 2, "beside visible zeros, the total would give the hidden cell away"


def test_no_group_hides_exactly_one_cell(figures: compute.Figures) -> None:
    published = figures.tables["desa_segmen"]
    assert published[suppress.HIDDEN].any()
    for columns in (["kode_wilayah"], ["kode_kecamatan", "segmen"]):
        hidden_per_group = published.groupby(columns)[suppress.HIDDEN].sum()
        assert not (hidden_per_group == 1).any(), columns
    shown = published["peserta"].dropna()
    assert not ((shown >= 1) & (shown <= 4)).any()


# --- content and templates ----------------------------------------------------------------------------

def write_chapter(folder: Path, slug: str, body: str, title: str = "Judul") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{slug}.md").write_text(f"---\ntitle: {title}\ndescription: Uji.\n---\n{body}\n", encoding="utf-8")


def test_a_translation_without_an_original_is_named(tmp_path: Path) -> None:
    write_chapter(tmp_path / "id", "index", "# Ringkasan")
    write_chapter(tmp_path / "en", "index", "# Summary")
    write_chapter(tmp_path / "en", "bab-1", "# Chapter")
    with pytest.raises(ContentError) as error:
        content.load_content(tmp_path, ("id", "en"))
    assert error.value.problems[0].file == "content/en/bab-1.md"


def test_figures_render_per_language_with_provenance(tmp_path: Path, figures: compute.Figures, drawn: dict) -> None:
    for lang in ("id", "en"):
        write_chapter(tmp_path / lang, "index", "# T\n\n{{ fig.peserta_terbaru }} / {{ fig.iuran_ditanggung_pemda }}"
                      " / {{ fig.tanggal_penyerahan_naskah }} / {{ fig.klaim_2024_semua.short }}")
    chapters = content.load_content(tmp_path, ("id", "en"))
    pages = {p.lang: p for p in render.render_pages(chapters, figures, drawn, REPO / "templates")}
    texts = {lang: BeautifulSoup(page.markdown, "lxml").get_text(" ", strip=True) for lang, page in pages.items()}
    assert "10.704 / Rp16.800 / 16 Mei 2025 / lebih dari Rp188 miliar" in texts["id"]  # the source says "lebih"
    assert "10,704 / IDR 16,800 / 16 May 2025 / more than IDR 188 billion" in texts["en"]
    first = BeautifulSoup(pages["id"].markdown, "lxml").find("span", class_="fig")
    assert "Suara Bantas" in first["title"] and "Mei 2025" in first["title"]


def test_a_figures_bare_value_compares_but_never_prints(tmp_path: Path, figures: compute.Figures, drawn: dict) -> None:
    """Printed, fig.x.value would drop the source and the "lebih dari" of a lower bound (188000000000 for
    "more than IDR 188 billion"): a chapter error with its line; comparing with it still works."""
    for lang in ("id", "en"):
        write_chapter(tmp_path / lang, "index", "# T\n\n{% if fig.klaim_2024_semua.value > 10 ** 9 %}ya{% endif %}"
                      " / {{ fig.klaim_2024_semua.value // 10 ** 9 }}")
    pages = render.render_pages(content.load_content(tmp_path, ("id", "en")), figures, drawn, REPO / "templates")
    assert "ya / 188" in pages[0].markdown  # a calculation is the chapter's own, as with any arithmetic
    for lang in ("id", "en"):
        write_chapter(tmp_path / lang, "index", "# T\n\nKlaim {{ fig.klaim_2024_semua.value }}.")
    with pytest.raises(ContentError) as error:
        render.render_pages(content.load_content(tmp_path, ("id", "en")), figures, drawn, REPO / "templates")
    problem = error.value.problems[0]
    assert (problem.file, problem.line) == ("content/id/index.md", 7)
    assert "tanpa .value" in problem.message_id and "without .value" in problem.message_en
    assert "188000000000" not in problem.message_id


def test_the_segment_tables_caption_names_every_source_and_period(tmp_path: Path, figures: compute.Figures,
                                                                   drawn: dict) -> None:
    """A row from another source or month must not pass under the first row's."""
    segments = figures.tables["cakupan_segmen"].copy()
    segments.loc[segments.index[-1], ["sumber", "periode"]] = ["balipost-2024-02", "2024-02"]
    mixed = replace(figures, tables={**figures.tables, "cakupan_segmen": segments})
    for lang in ("id", "en"):
        write_chapter(tmp_path / lang, "index", "# T\n\n{{ segment_table() }}")
    pages = render.render_pages(content.load_content(tmp_path, ("id", "en")), mixed, drawn, REPO / "templates")
    caption = BeautifulSoup(pages[0].markdown, "lxml").find("caption").get_text(" ", strip=True)
    publishers = {row["kode"]: row["penerbit"] for row in figures.data["sumber"].to_dict("records")}
    assert f"{publishers['tribunbali-2025-02']}, Februari 2025" in caption, caption
    assert f"{publishers['balipost-2024-02']}, Februari 2024" in caption, caption


def test_an_unknown_name_stops_with_file_and_line(tmp_path: Path, figures: compute.Figures, drawn: dict) -> None:
    for lang in ("id", "en"):
        write_chapter(tmp_path / lang, "index", "# T\n\nsatu\n\n{{ fig.tidak_ada }}")
    chapters = content.load_content(tmp_path, ("id", "en"))
    with pytest.raises(ContentError) as error:
        render.render_pages(chapters, figures, drawn, REPO / "templates")
    problem = error.value.problems[0]
    assert (problem.file, problem.line) == ("content/id/index.md", 9)
    assert "tidak_ada" in problem.message_id


def test_a_chart_used_twice_on_a_page_gets_unique_ids(tmp_path: Path, figures: compute.Figures,
                                                      drawn: dict) -> None:
    for lang in ("id", "en"):
        write_chapter(tmp_path / lang, "index", '{{ chart("porsi_rentan") }}\n\n{{ chart("klaim_program") }}\n\n'
                      '{{ chart("porsi_rentan") }}')
    chapters = content.load_content(tmp_path, ("id", "en"))
    for page in render.render_pages(chapters, figures, drawn, REPO / "templates"):
        ids = [figure["id"] for figure in BeautifulSoup(page.markdown, "lxml").select("figure.chart")]
        assert ids == ["grafik-porsi_rentan", "grafik-klaim_program", "grafik-porsi_rentan-2"]


def test_templates_are_sandboxed(tmp_path: Path, figures: compute.Figures, drawn: dict) -> None:
    for lang in ("id", "en"):
        write_chapter(tmp_path / lang, "index", "{{ fig.peserta_terbaru.__class__.__init__.__globals__ }}")
    chapters = content.load_content(tmp_path, ("id", "en"))
    with pytest.raises(ContentError):
        render.render_pages(chapters, figures, drawn, REPO / "templates")


# --- publish ------------------------------------------------------------------------------------------

def test_swap_in_replaces_the_site_whole(tmp_path: Path) -> None:
    old, new = tmp_path / "site", tmp_path / ".build" / "site"
    old.mkdir()
    (old / "stale.html").write_text("old")
    new.mkdir(parents=True)
    (new / "index.html").write_text("new")
    swap.swap_in(new, old)
    assert sorted(p.name for p in old.iterdir()) == ["index.html"]
    assert not new.exists() and not (tmp_path / "site.old-build").exists()


def test_cite_follows_a_figure_to_its_own_source(tmp_path: Path, figures: compute.Figures, drawn: dict) -> None:
    for lang in ("id", "en"):
        write_chapter(tmp_path / lang, "index", "# T\n\n{{ fig.peserta_terbaru }} {{ cite(fig.peserta_terbaru) }} "
                      "{{ cite(fig.segmen_petani) }}")
    chapters = content.load_content(tmp_path, ("id", "en"))
    page = next(p for p in render.render_pages(chapters, figures, drawn, REPO / "templates") if p.lang == "id")
    links = [a.get_text() for a in BeautifulSoup(page.markdown, "lxml").select("a.cite")]
    assert links == ["[Suara Bantas]", "[Tribun Bali]"]


def test_data_as_of_has_one_definition() -> None:
    """A fetch date when every file behind it was fetched, otherwise the newest period it holds; the
    site's cover and notice and each dataset use this one function."""
    from report.publishing.datasets import data_as_of

    fetched = {"klaim.csv": date(2025, 6, 2), "kepesertaan.csv": date(2025, 6, 9)}
    assert data_as_of(fetched, ["klaim.csv", "kepesertaan.csv"], "2025-05") == "2025-06-09"
    assert data_as_of(fetched, ["klaim.csv", "sumber.csv"], "2025-05") == "2025-05"
    assert data_as_of({}, [], "2024") == "2024"


def test_a_chart_the_renderer_cannot_draw_is_named_for_staff() -> None:
    frame = pd.DataFrame({"a": [1, 2]})
    chart = alt.Chart(frame).mark_bar().encode(x="a:Q")
    chart.mark = "nonsense"  # a mark the renderer does not know: it gives up as it does on a chart too large
    spec = charts.ChartSpec(chart, "Grafik uji", "", frame, frame, ())
    with pytest.raises(DataError) as raised:
        charts.svg_of(spec, "en")
    assert raised.value.problems[0].message_en == ("the chart \"Grafik uji\" cannot be drawn from this data (2 rows); "
                                                   "reduce the breakdown or remove that chart from the chapter.")
