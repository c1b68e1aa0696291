#!/usr/bin/env python3
"""Build the bilingual report site: content/ + data/ -> site/.

Perintah / commands:
  python build.py               bangun situs ke site/ (build the site into site/)
  python build.py --strict      seperti CI: setiap peringatan menghentikan build
  python build.py benchmark     ukur waktu tiap tahap dan bobot halaman (measure stages and page weight)
  python build.py fetch         ambil data dari sumber jarak jauh ke data/ (fetch remote data into data/)
  python build.py releases      daftar rilis data; --compare A B, --restore ID --to FOLDER, --record

Jika ada kesalahan, build berhenti dengan pesan yang menyebut berkas, baris dan kolom, dan
site/ tetap seperti sebelumnya. On an error the build stops, names the file, line and column,
and leaves site/ exactly as it was.
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

EXIT_OK, EXIT_INPUT_ERROR, EXIT_INTERNAL_ERROR, EXIT_INTERRUPTED = 0, 2, 70, 130


def run_build(settings, args: argparse.Namespace) -> int:  # noqa: ANN001 - Settings imported lazily
    from report.errors import ConfigError, print_warnings
    from report.publishing.site_address import local_address_problem
    from report.site_stamp import build_key, is_current

    local = local_address_problem(settings, "--site-url" if getattr(args, "site_url", None) else None)
    if local and settings.strict:
        raise ConfigError([local])
    timings: dict[str, dict[str, float]] = {"seconds": {}, "peak_mb": {}}
    if not is_current(settings, build_key(settings), "build"):  # nothing changed: no need to load the engine
        from report.pipeline import build

        measured = build(settings)
        timings = {"seconds": measured.stages, "peak_mb": measured.peak_mb}
    if getattr(args, "timings", None):
        args.timings.write_text(json.dumps(timings), encoding="utf-8")
    if local:
        print_warnings([local], settings.message_language)
    done = "Selesai: situs ada di " if settings.message_language == "id" else "Done: the site is in "
    print(f"{done}{settings.site_dir}/index.html", file=sys.stderr)
    return EXIT_OK


def run_benchmark(settings, args: argparse.Namespace) -> int:  # noqa: ANN001
    from report.measuring.benchmark import run_benchmark as benchmark
    from report.measuring.benchmark import run_scale_benchmark

    if args.scale:
        run_scale_benchmark(settings, args.runs, settings.print_pdf)
    else:
        benchmark(settings, args.runs)
    return EXIT_OK


def run_serve(settings, args: argparse.Namespace) -> int:  # noqa: ANN001
    from report.serve import serve

    return serve(settings, port=args.port, site_url=getattr(args, "site_url", None),
                 debug=getattr(args, "debug", False))


def run_fetch(settings, args: argparse.Namespace) -> int:  # noqa: ANN001
    from report.live.fetch import run_fetch as fetch

    return fetch(settings, accept=getattr(args, "accept", None) or "")


def run_releases(settings, args: argparse.Namespace) -> int:  # noqa: ANN001
    from report.live.releases import run_releases as releases

    return releases(settings, compare=args.compare, restore=args.restore, to=args.to, record=args.record)


def run_translations(settings, args: argparse.Namespace) -> int:  # noqa: ANN001
    from report.chapters.translation import report_translations

    waiting = report_translations(settings.content_dir, settings.languages, args.done or [])
    return EXIT_INPUT_ERROR if settings.strict and waiting else EXIT_OK  # --strict, as CI: pending work fails


def run_new(settings, args: argparse.Namespace) -> int:  # noqa: ANN001
    from report.chapters.scaffold import new_chapter, next_steps

    for path in new_chapter(settings.content_dir, args.slug, settings.languages, args.title):
        print(path.relative_to(settings.root))
    print(next_steps(args.slug, settings.languages))
    return EXIT_OK


def add_translation_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--done", action="append", metavar="LANG/NAME",
                        help="catat bahwa terjemahan sudah diperbarui, mis. en/bab-1-pendahuluan / record that a "
                             "translation now follows its original")


def add_new_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("slug", help="nama berkas bab tanpa .md, mis. bab-7-lampiran / chapter file name")
    parser.add_argument("--title", help="judul bab / chapter title")


def add_release_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--compare", nargs=2, metavar=("A", "B"),
                        help="apa yang berubah dari rilis A ke B; 'data' = data/ saat ini / what changed from "
                             "release A to B; 'data' = data/ as it is now")
    parser.add_argument("--restore", metavar="ID",
                        help="tulis berkas data rilis ini ke folder --to / write this release's data files to --to")
    parser.add_argument("--to", type=Path, metavar="FOLDER", help="folder tujuan --restore / where --restore writes")
    parser.add_argument("--record", action="store_true",
                        help="catat data/ saat ini sebagai rilis (setelah diubah manual) / record data/ as it is "
                             "now as a release (after a hand edit)")


def add_build_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--timings", type=Path, metavar="FILE",
                        help="tulis durasi dan puncak memori tiap tahap sebagai JSON / write each stage's "
                             "seconds and the peak memory after it as JSON")
    parser.add_argument("--no-pdf", action="store_false", dest="print_pdf", default=None,  # None: mkdocs.yml says
                        help="lewati PDF kajian (lebih cepat) / skip the study PDF (faster)")


def add_benchmark_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--runs", type=int, default=3, metavar="N",
                        help="putaran tiap jenis build, bergantian / interleaved rounds of each kind of build "
                             "(default 3; with --scale: cold builds per scale)")
    parser.add_argument("--scale", action="store_true",
                        help="build dingin proyek ini, proyek ini dengan ~10x halaman, provinsi sintetis (716 desa) "
                             "dan 7.000 desa: waktu tiap tahap, memori puncak, biaya per halaman / cold builds at 1x, "
                             "~10x the pages, a synthetic province and 7,000 desa: each stage's time, peak memory and "
                             "cost per page (tools/make_province.py)")
    parser.add_argument("--no-pdf", action="store_false", dest="print_pdf", default=None,  # None: mkdocs.yml says
                        help="dengan --scale: tanpa PDF / with --scale: skip the study PDF")


# name -> (help, add the command's own options, run). Each command imports its module only when run.
Command = tuple[str, Callable[[argparse.ArgumentParser], object], Callable[..., int]]
COMMANDS: dict[str, Command] = {
    "build": ("bangun situs ke site/ (bawaan) / build the site into site/ (default)", add_build_options, run_build),
    "benchmark": ("ukur waktu tiap tahap dan bobot halaman / measure stages and page weight",
                  add_benchmark_options, run_benchmark),
    "serve": ("pratinjau langsung di 127.0.0.1, dimuat ulang setiap kali berkas disimpan / "
              "live preview on 127.0.0.1, reloaded on every save",
              lambda p: p.add_argument("--port", type=int, default=8000,
                                       help="port di 127.0.0.1 (bawaan 8000) / port on 127.0.0.1 (default 8000)"),
              run_serve),
    "fetch": ("ambil sumber data jarak jauh (data/sumber_data.csv), periksa, lalu simpan ke data/ / "
              "fetch the remote data sources, validate them, then write them to data/",
              lambda p: p.add_argument("--accept", metavar="ALASAN", help="terima rilis yang ditahan pemeriksaan "
                                       "kewajaran; alasannya dicatat di rilis / accept a release the plausibility "
                                       "check holds; the reason is recorded with it"),
              run_fetch),
    "releases": ("daftar rilis data di data/riwayat/, bandingkan, pulihkan atau catat rilis / list the data "
                 "releases in data/riwayat/, compare, restore or record one", add_release_options, run_releases),
    "translations": ("daftar terjemahan yang belum ada atau perlu diperbarui / list translations to do",
                     add_translation_options, run_translations),
    "new": ("buat bab baru di semua bahasa / create a new chapter in every language", add_new_options, run_new),
}


def writes_project(args: argparse.Namespace) -> bool:
    """Commands that write .build/, site/ or data/ run one at a time (report/lock.py). The preview takes
    the lock for each rebuild; the benchmark's builds are processes that take it themselves."""
    return (args.command in ("build", "fetch", "new") or bool(getattr(args, "record", False))
            or bool(getattr(args, "done", None)))


def run_command(settings, args: argparse.Namespace) -> int:  # noqa: ANN001
    if not writes_project(args):
        return COMMANDS[args.command][2](settings, args)
    from report.lock import exclusive

    with exclusive(settings.work_dir, args.command):
        return COMMANDS[args.command][2](settings, args)


def common_options() -> argparse.ArgumentParser:
    # SUPPRESS: an option given before the command is not reset by the command's own parser.
    common = argparse.ArgumentParser(add_help=False, argument_default=argparse.SUPPRESS)
    common.add_argument("--root", type=Path, help="folder proyek / project folder (default: folder of build.py)")
    common.add_argument("--strict", action="store_true",
                        help="peringatan = kesalahan, seperti di CI / warnings are errors, as in CI")
    common.add_argument("--english", action="store_const", const="en", dest="message_language",
                        help="pesan dalam bahasa Inggris / messages in English")
    common.add_argument("--quiet", action="store_false", dest="show_progress",
                        help="jangan tampilkan kemajuan tiap tahap / do not print each stage")
    common.add_argument("--site-url", dest="site_url",
                        help="alamat publik situs / public address of the site (or env SITE_URL)")
    common.add_argument("--debug", action="store_true", help="tampilkan traceback untuk pengembang / show tracebacks")
    return common


def parse_args(argv: list[str]) -> argparse.Namespace:
    common = common_options()
    parser = argparse.ArgumentParser(
        prog="build.py", description=__doc__.split("\n\n")[0], parents=[common],
        epilog="Panduan staf / staff guide: content/README.md, data/README.md",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", metavar="{" + ",".join(COMMANDS) + "}",
                                     title="perintah / commands")
    for name, (help_text, add_options, _) in COMMANDS.items():
        add_options(commands.add_parser(name, help=help_text, description=help_text, parents=[common]))
    if not any(arg in COMMANDS for arg in argv) and not {"-h", "--help"} & set(argv):
        argv = ["build", *argv]  # building is what staff mean when they name no command
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from report.errors import ReportError
    from report.settings import load_settings
    from report.stopping import stop_request_as_ctrl_c

    lang = getattr(args, "message_language", "id")
    root = getattr(args, "root", Path(__file__).resolve().parent)
    try:
        settings = load_settings(root,
                                 strict=getattr(args, "strict", None),
                                 message_language=getattr(args, "message_language", None),
                                 show_progress=getattr(args, "show_progress", None),
                                 site_url=getattr(args, "site_url", None),
                                 print_pdf=getattr(args, "print_pdf", None))
        # A cancelled CI job stops a command as Ctrl-C does: scratch folders, staging and child processes go.
        with stop_request_as_ctrl_c():
            return run_command(settings, args)
    except ReportError as error:
        print("\n" + error.report(lang), file=sys.stderr)
        return getattr(error, "exit_status", EXIT_INPUT_ERROR)  # a held data release: 3
    except OSError as error:  # permission, a full disk, a file where a folder belongs: not a fault of ours
        from report.os_errors import system_refused

        print("\n" + system_refused(error, root).report(lang), file=sys.stderr)
        return EXIT_INPUT_ERROR
    except KeyboardInterrupt:
        print("\nDihentikan; site/ tidak diubah. / Interrupted; site/ was not changed.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as error:  # noqa: BLE001 - the last line of defence: no traceback for staff
        from report.errors import caused_by_ctrl_c

        if caused_by_ctrl_c(error):  # a Ctrl-C while a module was first imported arrives wrapped
            print("\nDihentikan; site/ tidak diubah. / Interrupted; site/ was not changed.", file=sys.stderr)
            return EXIT_INTERRUPTED
        if getattr(args, "debug", False):
            traceback.print_exc()
        print(f"\nKesalahan internal ({type(error).__name__}: {error}). site/ tidak diubah. Laporkan ke tim "
              "pengembang dengan perintah yang dijalankan; --debug menampilkan detailnya.\n"
              f"Internal error ({type(error).__name__}). site/ was not changed. Please report it to the developers; "
              "--debug shows details.", file=sys.stderr)
        return EXIT_INTERNAL_ERROR


REQUIRED_PACKAGES = ("jinja2", "mkdocs", "material", "pandas", "yaml")


def ensure_environment() -> None:
    """Staff type `python build.py`; the packages live in .venv beside it. Run there instead of failing."""
    import importlib.util
    import os

    if all(importlib.util.find_spec(name) for name in REQUIRED_PACKAGES):
        return
    venv = Path(__file__).resolve().parent / ".venv"
    python = venv / "bin" / "python"
    # Compared by prefix: the venv's python is a link to the same interpreter, only its prefix differs.
    if python.is_file() and Path(sys.prefix).resolve() != venv.resolve():
        os.execv(str(python), [str(python), str(Path(__file__).resolve()), *sys.argv[1:]])
    print("Paket Python untuk situs ini belum terpasang. Jalankan dulu: bash scripts/site (membuat .venv dan "
          "memasangnya), lalu ulangi perintah ini.\nThe Python packages for this site are not installed. Run "
          "first: bash scripts/site (it creates .venv and installs them), then run this command again.",
          file=sys.stderr)
    sys.exit(EXIT_INPUT_ERROR)


if __name__ == "__main__":
    ensure_environment()
    sys.exit(main())
