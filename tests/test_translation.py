"""Translation status: missing, out of date, up to date; the strict gate; the notice a normal build
publishes; the staff status page."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from conftest import REPO, run_build, tree_digest

from report.chapters.content import RESERVED_SLUGS, load_content
from report.chapters.translation import (
    CURRENT,
    MISSING,
    OUTDATED,
    STATE_EN,
    UNTRANSLATED,
    mark_done,
    report_translations,
    source_hash,
    status_page,
    translation_states,
)
from report.publishing.release_notes import SLUG as CHANGES_PAGE

EXIT_INPUT_ERROR = 2


def states_of(root: Path) -> dict[str, str]:
    return {s.slug: s.state for s in translation_states(load_content(root / "content", ("id", "en")), ("id", "en"))}


def test_every_translation_in_the_repository_is_up_to_date() -> None:
    states = states_of(REPO)
    assert states and set(states.values()) == {CURRENT}, {k: v for k, v in states.items() if v != CURRENT}


def test_missing_outdated_and_up_to_date_are_told_apart(project: Path) -> None:
    (project / "content/en/glosarium.md").unlink()
    original = project / "content/id/bab-4-landasan.md"
    original.write_text(original.read_text(encoding="utf-8") + "\nParagraf baru.\n", encoding="utf-8")
    states = states_of(project)
    assert states["glosarium"] == MISSING and states["bab-4-landasan"] == OUTDATED and states["index"] == CURRENT
    mark_done(project / "content/en/bab-4-landasan.md", original)
    assert states_of(project)["bab-4-landasan"] == CURRENT


def test_only_real_edits_make_a_translation_outdated(project: Path) -> None:
    original = project / "content/id/index.md"
    original.write_text(original.read_text(encoding="utf-8").replace("\n", "  \r\n"), encoding="utf-8")
    assert states_of(project)["index"] == CURRENT


def test_strict_build_refuses_an_outdated_translation(project: Path) -> None:
    site_before = tree_digest(project / "site")
    original = project / "content/id/bab-4-landasan.md"
    original.write_text(original.read_text(encoding="utf-8") + "\nParagraf baru.\n", encoding="utf-8")
    result = run_build(project, "--strict")
    assert result.returncode == EXIT_INPUT_ERROR
    assert "content/en/bab-4-landasan.md: terjemahan perlu diperbarui" in result.stderr
    assert "translations --done en/bab-4-landasan" in result.stderr
    assert tree_digest(project / "site") == site_before


def test_normal_build_publishes_pending_translations_with_a_notice(project: Path) -> None:
    (project / "content/en/glosarium.md").unlink()
    original = project / "content/id/bab-4-landasan.md"
    original.write_text(original.read_text(encoding="utf-8") + "\nParagraf baru.\n", encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    for slug, words in (("glosarium", "not been translated"), ("bab-4-landasan", "may be out of date")):
        page = BeautifulSoup((project / "site/en" / f"{slug}.html").read_text(encoding="utf-8"), "lxml")
        notice = page.select_one(".translation-notice")
        assert notice is not None and words in notice.get_text()
        link = notice.find("a")
        assert link["href"] == f"../{slug}.html" and (project / "site" / f"{slug}.html").is_file()
        assert link["lang"] == link["hreflang"] == "id", "the original's title is read as Indonesian"
    current = BeautifulSoup((project / "site/en/index.html").read_text(encoding="utf-8"), "lxml")
    assert current.select_one(".translation-notice") is None
    status = BeautifulSoup((project / "site/staf/terjemahan.html").read_text(encoding="utf-8"), "lxml")
    rows = {row.find("code").get_text(): row.find_all("td")[1].get_text()
            for row in status.select_one("table").select("tbody tr")}
    assert rows["content/en/glosarium.md"].startswith(MISSING)
    assert rows["content/en/bab-4-landasan.md"].startswith(OUTDATED)
    assert rows["content/en/index.md"].startswith(CURRENT)
    assert [ins.get_text() for ins in status.find_all("ins")] == ["Paragraf baru."]  # what changed, not two hashes
    sitemap = (project / "site/sitemap.xml").read_text(encoding="utf-8")
    assert "staf/" not in sitemap


def test_new_creates_a_chapter_in_both_languages_that_builds(project: Path) -> None:
    result = run_build(project, "new", "bab-7-lampiran", "--title", "Lampiran: Data Tambahan")
    assert result.returncode == 0, result.stderr
    for lang, title in (("id", "'Lampiran: Data Tambahan'"), ("en", "'[English title] Lampiran: Data Tambahan'")):
        text = (project / "content" / lang / "bab-7-lampiran.md").read_text(encoding="utf-8")
        assert text.startswith(f"---\ntitle: {title}\ndescription: ")
    assert run_build(project, "new", "bab-8-ya", "--title", "Yes").returncode == 0  # stays text, not true
    assert run_build(project, "new", "bab-7-lampiran").returncode == EXIT_INPUT_ERROR  # never overwrites
    assert run_build(project, "new", "Bab 7").returncode == EXIT_INPUT_ERROR
    taken = run_build(project, "new", CHANGES_PAGE)
    assert taken.returncode == EXIT_INPUT_ERROR and "dipakai situs sendiri" in taken.stderr
    assert "Tidak ada berkas yang diubah" in taken.stderr and "Situs sebelumnya" not in taken.stderr
    listed = run_build(project, "translations")
    assert "content/en/bab-7-lampiran.md: belum diterjemahkan / not yet translated" in listed.stdout
    assert "perlu diperbarui" not in listed.stdout  # a new chapter has not changed since anything
    assert run_build(project, "translations", "--strict").returncode == EXIT_INPUT_ERROR
    unclear = run_build(project, "translations", "--done", "bab-7-lampiran")
    assert unclear.returncode == EXIT_INPUT_ERROR and "tulis bahasa/nama, mis. en/" in unclear.stderr
    done = run_build(project, "translations", "--done", "en/bab-7-lampiran.md", "--done", "en/bab-8-ya")
    assert done.returncode == 0, done.stderr
    assert "content/en/bab-7-lampiran.md" not in done.stdout.split("\n", 2)[2]
    assert run_build(project, "translations", "--strict").returncode == 0
    refused = run_build(project, "--strict")
    assert refused.returncode == EXIT_INPUT_ERROR
    assert ("content/en/bab-7-lampiran.md: judul masih berisi teks contoh dari build.py new; ganti dengan teks bab "
            "yang sebenarnya.") in refused.stderr
    build = run_build(project)
    assert build.returncode == 0, build.stderr
    page = BeautifulSoup((project / "site/bab-7-lampiran.html").read_text(encoding="utf-8"), "lxml")
    assert "10.704" in page.select_one(".md-content").get_text()


def test_done_records_a_fingerprint_of_digits_as_text(project: Path) -> None:
    original, translation = project / "content/id/glosarium.md", project / "content/en/glosarium.md"
    text = original.read_text(encoding="utf-8")
    # About one edit in 280 gives a fingerprint made only of digits, which YAML would read as a number.
    version = next(n for n in range(100_000) if source_hash_of(original, f"{text}\nVersi {n}\n").isdigit())
    original.write_text(f"{text}\nVersi {version}\n", encoding="utf-8")
    mark_done(translation, original)
    assert states_of(project)["glosarium"] == CURRENT


def source_hash_of(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return source_hash(path)


def test_done_explains_what_to_do_first(project: Path) -> None:
    (project / "content/en/glosarium.md").unlink()
    strict = run_build(project, "--strict")
    assert "Salin content/id/glosarium.md ke content/en/glosarium.md" in strict.stderr
    missing = run_build(project, "translations", "--done", "en/glosarium")
    assert missing.returncode == EXIT_INPUT_ERROR
    assert "Salin content/id/glosarium.md ke content/en/glosarium.md" in missing.stderr
    unclosed = project / "content/en/index.md"
    unclosed.write_text(unclosed.read_text(encoding="utf-8").replace("\n---\n", "\n", 1), encoding="utf-8")
    broken = run_build(project, "translations", "--done", "en/index", "--english")
    assert broken.returncode == EXIT_INPUT_ERROR, broken.stderr
    assert "content/en/index.md, line 1: incomplete front matter" in broken.stderr


def test_front_matter_names_a_repeated_key_and_a_reserved_name(project: Path) -> None:
    chapter = project / "content/id/glosarium.md"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("---\n", "---\ntitle: Dua kali\n", 1),
                       encoding="utf-8")
    (project / "content/id" / f"{CHANGES_PAGE}.md").write_text("---\ntitle: X\ndescription: Y\n---\n", "utf-8")
    result = run_build(project)
    assert result.returncode == EXIT_INPUT_ERROR
    assert "content/id/glosarium.md, baris 3: kunci 'title' ditulis dua kali" in result.stderr
    assert f"content/id/{CHANGES_PAGE}.md: nama '{CHANGES_PAGE}' dipakai situs sendiri" in result.stderr
    assert CHANGES_PAGE in RESERVED_SLUGS


def write_chapter(path: Path, title: str, body: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: {title}\ndescription: Ringkas.\n---\n\n{body}\n", encoding="utf-8")
    return path


def test_what_changed_in_the_original_is_shown_paragraph_by_paragraph(tmp_path: Path, capsys) -> None:
    original = write_chapter(tmp_path / "id/index.md", "Beranda", "Paragraf satu.\n\nParagraf dua.\n\nParagraf tiga.")
    translation = write_chapter(tmp_path / "en/index.md", "Home", "Paragraph one.")
    mark_done(translation, original)
    write_chapter(original, "Beranda", "Paragraf satu.\n\nParagraf dua, diubah.\n\nParagraf tiga.\n\nParagraf empat.")
    [state] = translation_states(load_content(tmp_path, ("id", "en")), ("id", "en"))
    assert state.state == OUTDATED
    assert [(c.old, c.new) for c in state.changes] == [("Paragraf dua.", "Paragraf dua, diubah."),
                                                       ("", "Paragraf empat.")]
    page = BeautifulSoup(status_page([state]), "lxml")
    assert [(d.get_text(), i.get_text()) for d, i in zip(page.find_all("del"), page.find_all("ins"))] == [
        ("Paragraf dua.", "Paragraf dua, diubah."), ("—", "Paragraf empat.")]
    assert report_translations(tmp_path, ("id", "en"), []) == 1
    assert capsys.readouterr().out.splitlines() == [
        "content/en/index.md: perlu diperbarui / out of date",
        "  berubah di / changed in content/id/index.md:",
        "    - lama / old: Paragraf dua.",
        "    + baru / new: Paragraf dua, diubah.",
        "    - lama / old: (tidak ada / none)",
        "    + baru / new: Paragraf empat."]


def test_a_translation_never_recorded_is_not_yet_translated(tmp_path: Path) -> None:
    write_chapter(tmp_path / "id/index.md", "Beranda", "Teks.")
    write_chapter(tmp_path / "en/index.md", "'[English title] Beranda'", "Text.")
    [state] = translation_states(load_content(tmp_path, ("id", "en")), ("id", "en"))
    assert state.state == UNTRANSLATED and STATE_EN[state.state] == "not yet translated"


def test_new_prints_the_next_steps(project: Path) -> None:
    result = run_build(project, "new", "bab-7-lampiran", "--title", "Lampiran")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:3] == ["content/id/bab-7-lampiran.md", "content/en/bab-7-lampiran.md",
                                              "Langkah berikutnya / next steps:"]
    assert "python build.py translations --done en/bab-7-lampiran" in result.stdout
    english = (project / "content/en/bab-7-lampiran.md").read_text(encoding="utf-8")
    assert english.startswith("---\ntitle: '[English title] Lampiran'\n")
