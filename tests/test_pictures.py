"""Pictures in chapters: content/gambar/ with alt text in both languages, resized and compressed at build
time, shown in the site and in the PDF."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import DEMO, REPO, run_build, with_pdf
from PIL import Image
from pypdf import PdfReader

from report.chapters.pictures import MAX_WIDTH, compressed, load_pictures
from report.errors import ContentError

WORDS = "alt_id: Peta kota dengan empat kecamatan.\nalt_en: Map of the city with its four districts.\n"


def photo(path: Path, size: tuple[int, int], orientation: int = 1) -> Path:
    """A JPEG as a phone writes it: with camera metadata and, if asked, stored sideways."""
    path.parent.mkdir(parents=True, exist_ok=True)
    exif = Image.Exif()
    exif[0x010F] = "KameraUji"  # make
    exif[0x0112] = orientation
    Image.linear_gradient("L").resize(size).convert("RGB").save(path, quality=95, exif=exif)
    return path


def problems_of(content: Path) -> list[str]:
    with pytest.raises(ContentError) as error:
        load_pictures(content, ("id", "en"))
    return [p.text("en") for p in error.value.problems]


def test_alt_text_is_required_in_both_languages(tmp_path: Path) -> None:
    photo(tmp_path / "gambar/peta.jpg", (40, 30))
    (tmp_path / "gambar/peta.yml").write_text("alt_id: Peta kota.\nalt_en: ''\n", encoding="utf-8")
    photo(tmp_path / "gambar/foto.jpg", (40, 30))
    assert problems_of(tmp_path) == [
        "content/gambar/foto.yml: this file is missing; create it with the picture's alt text in every language:\n"
        "alt_id: ...\nalt_en: ...",
        "content/gambar/peta.yml: 'alt_en' is empty: describe what the picture shows, for readers who cannot see it."]


def test_an_invisible_character_in_alt_text_is_named_with_its_line(tmp_path: Path) -> None:
    photo(tmp_path / "gambar/peta.jpg", (40, 30))
    (tmp_path / "gambar/peta.yml").write_text("alt_id: Peta kota.\nalt_en: Map \u202eof the city.\n", encoding="utf-8")
    assert problems_of(tmp_path) == [
        "content/gambar/peta.yml, line 2: the text holds an invisible character U+202E (RIGHT-TO-LEFT OVERRIDE) at "
        "character 13; such characters reverse or hide text. Delete it (type the value again)."]


def test_other_files_in_the_picture_folder_are_named(tmp_path: Path) -> None:
    (tmp_path / "gambar").mkdir()
    (tmp_path / "gambar/animasi.gif").write_bytes(b"GIF89a")
    (tmp_path / "gambar/lama.yml").write_text(WORDS, encoding="utf-8")
    (tmp_path / "gambar/rusak.png").write_bytes(b"not a picture")
    (tmp_path / "gambar/rusak.yml").write_text(WORDS + "judul: x\n", encoding="utf-8")
    assert problems_of(tmp_path) == [
        "content/gambar/animasi.gif: a picture must be JPEG (.jpg) or PNG (.png); save it again in one of those "
        "formats.",
        "content/gambar/lama.yml: there is no picture by the same name beside it (.jpg or .png).",
        "content/gambar/rusak.yml: unknown key 'judul'; known keys: alt_id, alt_en, keterangan_id, keterangan_en.",
        "content/gambar/rusak.png: this file cannot be opened as a picture; save it again as JPEG or PNG."]


def test_pictures_are_resized_turned_upright_and_stripped_of_metadata(tmp_path: Path) -> None:
    source = photo(tmp_path / "foto.jpg", (3000, 2000), orientation=6)  # stored sideways: shown 2000 x 3000
    made = Image.open(io.BytesIO(compressed(source.read_bytes(), "JPEG")))
    assert made.size == (MAX_WIDTH, 2100)
    assert dict(made.getexif()) == {}, "a photo's metadata can tell where it was taken"
    assert len(compressed(source.read_bytes(), "JPEG")) < source.stat().st_size / 3
    (tmp_path / "foto.yml").write_text(WORDS, encoding="utf-8")
    (tmp_path / "gambar").mkdir()
    shutil.move(tmp_path / "foto.jpg", tmp_path / "gambar/foto.jpg")
    shutil.move(tmp_path / "foto.yml", tmp_path / "gambar/foto.yml")
    loaded = load_pictures(tmp_path, ("id", "en"))["foto.jpg"]
    assert (loaded.width, loaded.height) == (MAX_WIDTH, 2100)  # what the page says before the picture loads


@pytest.mark.slow
def test_a_picture_appears_in_the_site_and_the_pdf(tmp_path: Path) -> None:
    root = tmp_path / "p"
    root.mkdir()
    for name in ("data", "templates", "mkdocs.yml", "build.py"):
        source = (DEMO if name in ("data", "mkdocs.yml") else REPO) / name  # the frozen demo's data, not data/
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, root / name)
    photo(root / "content/gambar/peta.jpg", (2800, 1400))
    (root / "content/gambar/peta.yml").write_text(WORDS + "keterangan_en: Map of the area.\n", encoding="utf-8")
    for lang in ("id", "en"):
        (root / "content" / lang).mkdir(parents=True)
        (root / "content" / lang / "index.md").write_text(
            "---\ntitle: Uji\ndescription: Uji.\n---\n\n# Uji\n\n{{ picture(\"peta.jpg\") }}\n", encoding="utf-8")
    assert run_build(root, "translations", "--done", "en/index").returncode == 0
    result = run_build(with_pdf(root), "--strict")
    assert result.returncode == 0, result.stderr
    site = root / "site"
    for page, alt, src in (("index.html", "Peta kota dengan empat kecamatan.", "assets/gambar/peta.jpg"),
                           ("en/index.html", "Map of the city with its four districts.", "../assets/gambar/peta.jpg")):
        figure = BeautifulSoup((site / page).read_text(encoding="utf-8"), "lxml").select_one("figure.picture")
        image = figure.find("img")
        assert (image["alt"], image["src"], image["width"], image["height"]) == (alt, src, str(MAX_WIDTH), "700")
        assert (figure.find("figcaption") is not None) == page.startswith("en/")
    published = Image.open(site / "assets/gambar/peta.jpg")
    assert published.size == (MAX_WIDTH, 700)
    for lang in ("id", "en"):
        pdf = PdfReader(site / f"assets/unduh/kajian-pekerja-rentan-{lang}.pdf")
        sizes = [picture.image.size for page in pdf.pages for picture in page.images]
        assert (MAX_WIDTH, 700) in sizes


@pytest.mark.slow
def test_a_misspelt_picture_name_is_named_with_a_suggestion(tmp_path: Path) -> None:
    from report.chapters.content import Chapter
    from report.charts import charts
    from report.figures import compute
    from report.inputs import data
    from report.pages import render
    photo(tmp_path / "gambar/peta.jpg", (40, 30))
    (tmp_path / "gambar/peta.yml").write_text(WORDS, encoding="utf-8")
    pictures = load_pictures(tmp_path, ("id", "en"))
    figures = compute.compute_figures(data.load_data(DEMO / "data", allow_illustrative=True))
    chapter = Chapter("uji", "id", Path("content/id/uji.md"), {"title": "Uji"}, '{{ picture("pta.jpg") }}', 1)
    with pytest.raises(ContentError) as error:
        render.render_pages([chapter], figures, charts.make_charts(figures, ("id",)), REPO / "templates", pictures)
    assert error.value.problems[0].text("en") == (
        "content/id/uji.md, line 1: no picture 'pta.jpg' in content/gambar/ (available: peta.jpg). Did you mean "
        "\"peta.jpg\"?")
