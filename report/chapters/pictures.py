"""Pictures staff place in chapters: content/gambar/<name>.jpg|png, each with <name>.yml beside it
holding its alt text in every language (and an optional caption). One shared folder, because a
picture is the same in both languages; only its words differ.

Pictures are resized to the text column's width at twice its density and compressed at build time,
with their metadata (camera, GPS position) dropped, and kept under a hash of what they were made from.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

import yaml

from report.cache import remembered
from report.errors import ContentError, Problem
from report.inputs.invisible import invisible_problem

PICTURE_DIR = "gambar"  # content/gambar/, published as assets/gambar/
FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG"}
MAX_WIDTH = 1400  # px: the widest text column (about 700 px) on a screen of double density
JPEG_QUALITY = 80
REQUIRED_KEYS = ("alt_id", "alt_en")
OPTIONAL_KEYS = ("keterangan_id", "keterangan_en")
ENCODING_VERSION = "1"  # change when the way pictures are resized or compressed changes


@dataclass(frozen=True)
class Picture:
    name: str  # file name in content/gambar/, e.g. peta.jpg
    path: Path
    alt: dict[str, str]  # per language
    caption: dict[str, str]  # per language, "" when none
    width: int  # as published, after resizing
    height: int


def load_pictures(content_dir: Path, languages: tuple[str, ...]) -> dict[str, Picture]:
    folder = content_dir / PICTURE_DIR
    if not folder.is_dir():
        return {}
    problems: list[Problem] = []
    pictures = {}
    for path in sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")):
        shown = f"content/{PICTURE_DIR}/{path.name}"
        if path.suffix.lower() in FORMATS:
            picture = read_picture(path, shown, languages, problems)
            if picture is not None:
                pictures[path.name] = picture
        elif path.suffix.lower() == ".yml":
            if not any(path.with_suffix(suffix).is_file() for suffix in FORMATS):
                problems.append(Problem(shown, "tidak ada gambar bernama sama di sebelahnya (.jpg atau .png).",
                                        "there is no picture by the same name beside it (.jpg or .png)."))
        else:
            problems.append(Problem(shown, "gambar harus berformat JPEG (.jpg) atau PNG (.png); simpan ulang dalam "
                                    "salah satu format itu.", "a picture must be JPEG (.jpg) or PNG (.png); save it "
                                    "again in one of those formats."))
    if problems:
        raise ContentError(problems)
    return pictures


def read_picture(path: Path, shown: str, languages: tuple[str, ...], problems: list[Problem]) -> Picture | None:
    words = read_words(path.with_suffix(".yml"), f"content/{PICTURE_DIR}/{path.stem}.yml", languages, problems)
    size = image_size(path, shown, problems)
    if words is None or size is None:
        return None
    width, height = published_size(*size)
    return Picture(path.name, path, *words, width, height)


def read_words(path: Path, shown: str, languages: tuple[str, ...], problems: list[Problem]
               ) -> tuple[dict[str, str], dict[str, str]] | None:
    """Alt text is required in every language: a reader who cannot see the picture reads it instead."""
    example = "\n".join(f"alt_{lang}: ..." for lang in languages)
    if not path.is_file():
        problems.append(Problem(shown, f"berkas ini belum ada; buat dengan teks pengganti gambar dalam setiap bahasa:"
                                f"\n{example}", f"this file is missing; create it with the picture's alt text in "
                                f"every language:\n{example}"))
        return None
    try:
        text = path.read_text(encoding="utf-8-sig")
        meta = yaml.safe_load(text) or {}
    except (yaml.YAMLError, UnicodeDecodeError):
        text, meta = "", None
    hidden = [found for number, line in enumerate(text.split("\n"), start=1)
              if (found := invisible_problem(line, shown, line=number))]
    problems += hidden
    if not isinstance(meta, dict):
        problems.append(Problem(shown, "tulis setiap baris sebagai kunci: nilai, mis. alt_id: Peta Wilayah.",
                                "write each line as key: value, e.g. alt_en: Map of the area."))
        return None
    missing = [f"alt_{lang}" for lang in languages if not str(meta.get(f"alt_{lang}") or "").strip()]
    unknown = [str(key) for key in meta if key not in REQUIRED_KEYS + OPTIONAL_KEYS]
    for key in missing:
        problems.append(Problem(shown, f"'{key}' belum diisi: tulis apa yang tampak di gambar, untuk pembaca yang "
                                "tidak dapat melihatnya.", f"'{key}' is empty: describe what the picture shows, for "
                                "readers who cannot see it."))
    for key in unknown:
        problems.append(Problem(shown, f"kunci '{key}' tidak dikenal; yang dikenal: "
                                f"{', '.join(REQUIRED_KEYS + OPTIONAL_KEYS)}.", f"unknown key '{key}'; known keys: "
                                f"{', '.join(REQUIRED_KEYS + OPTIONAL_KEYS)}."))
    if missing or unknown or hidden:
        return None
    return ({lang: str(meta[f"alt_{lang}"]).strip() for lang in languages},
            {lang: str(meta.get(f"keterangan_{lang}") or "").strip() for lang in languages})


def image_size(path: Path, shown: str, problems: list[Problem]) -> tuple[int, int] | None:
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            # A phone photo taken upright is stored sideways with a note to turn it: turn it first.
            turned = ImageOps.exif_transpose(image) if image.getexif().get(0x0112, 1) != 1 else image
            return turned.size
    except (UnidentifiedImageError, OSError):
        problems.append(Problem(shown, "berkas ini tidak dapat dibuka sebagai gambar; simpan ulang sebagai JPEG atau "
                                "PNG.", "this file cannot be opened as a picture; save it again as JPEG or PNG."))
        return None


def published_size(width: int, height: int) -> tuple[int, int]:
    if width <= MAX_WIDTH:
        return width, height
    return MAX_WIDTH, max(1, round(height * MAX_WIDTH / width))


def write_pictures(pictures: dict[str, Picture], out_dir: Path, cache_dir: Path) -> None:
    for picture in pictures.values():
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / picture.name).write_bytes(published_bytes(picture, cache_dir))


def published_bytes(picture: Picture, cache_dir: Path) -> bytes:
    source, suffix = picture.path.read_bytes(), picture.path.suffix.lower()
    key = hashlib.sha256(source + f"|{MAX_WIDTH}|{JPEG_QUALITY}|{ENCODING_VERSION}".encode()).hexdigest()
    return remembered(cache_dir / f"{key}{suffix}", lambda: compressed(source, FORMATS[suffix]))


def compressed(source: bytes, kind: str) -> bytes:
    """Turned upright, no wider than MAX_WIDTH, metadata dropped (a photo's EXIF can hold where it was taken)."""
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(source)) as opened:
        image = ImageOps.exif_transpose(opened)
        if image.width > MAX_WIDTH:
            image = image.resize(published_size(*image.size), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        if kind == "JPEG":
            image.convert("RGB").save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
        else:
            image.save(out, "PNG", optimize=True)
        return out.getvalue()
