#!/usr/bin/env python3
"""Build the bilingual report site: content/ + data/ -> site/.

Perintah / commands:
  python build.py               bangun situs ke site/ (build the site into site/)
  python build.py --strict      seperti CI: setiap peringatan menghentikan build
  python build.py benchmark     ukur waktu tiap tahap dan bobot halaman (measure stages and page weight)

Jika ada kesalahan, build berhenti dengan pesan yang menyebut berkas, baris dan kolom, dan
site/ tetap seperti sebelumnya. On an error the build stops, names the file, line and column,
and leaves site/ exactly as it was.
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from pathlib import Path

EXIT_OK, EXIT_INPUT_ERROR, EXIT_INTERNAL_ERROR, EXIT_INTERRUPTED = 0, 2, 70, 130


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="build.py", description=__doc__.split("\n\n")[0],
        epilog="Panduan staf / staff guide: content/README.md, data/README.md",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", nargs="?", default="build", choices=["build", "benchmark"],
                        help="build (bawaan/default) atau/or benchmark")
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent,
                        help="folder proyek / project folder (default: folder of build.py)")
    parser.add_argument("--strict", action="store_true", default=None,
                        help="peringatan = kesalahan, seperti di CI / warnings are errors, as in CI")
    parser.add_argument("--english", action="store_const", const="en", dest="message_language",
                        help="pesan kesalahan dalam bahasa Inggris / error messages in English")
    parser.add_argument("--quiet", action="store_false", dest="show_progress", default=None,
                        help="jangan tampilkan kemajuan tiap tahap / do not print each stage")
    parser.add_argument("--site-url", help="alamat publik situs / public address of the site (or env SITE_URL)")
    parser.add_argument("--timings", type=Path, metavar="FILE",
                        help="tulis durasi tiap tahap sebagai JSON (untuk benchmark) / write stage timings as JSON")
    parser.add_argument("--debug", action="store_true", help="tampilkan traceback untuk pengembang / show tracebacks")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from report.errors import ReportError
    from report.settings import load_settings

    lang = args.message_language or "id"
    try:
        settings = load_settings(args.root, strict=args.strict, message_language=args.message_language,
                                 show_progress=args.show_progress, site_url=args.site_url)
        if args.command == "benchmark":
            from report.benchmark import run_benchmark
            run_benchmark(settings)
        else:
            from report.pipeline import build
            timings = build(settings)
            if args.timings:
                args.timings.write_text(json.dumps(timings.stages), encoding="utf-8")
            print(("Selesai: situs ada di " if lang == "id" else "Done: the site is in ")
                  + f"{settings.site_dir}/index.html", file=sys.stderr)
    except ReportError as error:
        print("\n" + error.report(lang), file=sys.stderr)
        return EXIT_INPUT_ERROR
    except KeyboardInterrupt:
        print("\nDihentikan; site/ tidak diubah. / Interrupted; site/ was not changed.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as error:  # noqa: BLE001 - the last line of defence: no traceback for staff
        if args.debug:
            traceback.print_exc()
        print(f"\nKesalahan internal ({type(error).__name__}: {error}). site/ tidak diubah. Laporkan ke tim "
              "pengembang dengan perintah yang dijalankan; --debug menampilkan detailnya.\n"
              f"Internal error ({type(error).__name__}). site/ was not changed. Please report it to the developers; "
              "--debug shows details.", file=sys.stderr)
        return EXIT_INTERNAL_ERROR
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
