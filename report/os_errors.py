"""What the operating system refused (no permission, a full disk, a file where a folder belongs), said
in staff words with the path, instead of an "internal error": these are fixed on the computer, not in
the program."""

from __future__ import annotations

import errno
from pathlib import Path

from report.errors import Problem, ReportError

# errno -> (Indonesian, English): what it means and what to do about it.
ADVICE: dict[int, tuple[str, str]] = {
    errno.EACCES: ("tidak ada izin untuk membaca atau menulis di sini. Periksa izin folder ini (atau jalankan "
                   "perintah sebagai pemilik proyek), lalu coba lagi.",
                   "no permission to read or write here. Check this folder's permissions (or run the command as "
                   "the project's owner), then try again."),
    errno.ENOSPC: ("disk penuh. Kosongkan ruang disk (misalnya hapus folder .build/ atau berkas lama), lalu "
                   "coba lagi.", "the disk is full. Free some space (for example delete the .build/ folder or old "
                   "files), then try again."),
    errno.ENOTDIR: ("di tempat ini ada sebuah berkas, padahal seharusnya folder. Pindahkan atau ganti nama "
                    "berkas itu, lalu coba lagi.", "there is a file here where a folder should be. Move or rename "
                    "that file, then try again."),
    errno.EISDIR: ("di tempat ini ada sebuah folder, padahal seharusnya berkas. Pindahkan atau ganti nama folder "
                   "itu, lalu coba lagi.", "there is a folder here where a file should be. Move or rename that "
                   "folder, then try again."),
    errno.ENOENT: ("berkas atau folder ini tidak ada (mungkin dihapus atau dipindahkan saat build berjalan).",
                   "this file or folder does not exist (perhaps it was deleted or moved while the build ran)."),
    errno.EROFS: ("disk ini hanya bisa dibaca. Salin proyek ke folder yang bisa ditulis, lalu coba lagi.",
                  "this disk is read-only. Copy the project to a folder you can write to, then try again."),
}
ADVICE[errno.EPERM] = ADVICE[errno.EACCES]
ADVICE[errno.EDQUOT] = ADVICE[errno.ENOSPC]
ADVICE[errno.EEXIST] = ADVICE[errno.ENOTDIR]  # mkdir over a file


class SystemRefused(ReportError):
    title_id = "Komputer menolak membaca atau menulis berkas"
    title_en = "The computer refused to read or write a file"
    # Which files were already written depends on the step that failed; the message claims nothing.
    outcome_id = outcome_en = ""


def system_refused(error: OSError, root: Path) -> SystemRefused:
    code = error.errno if error.errno is not None else -1
    said_id, said_en = ADVICE.get(code, (f"sistem operasi menolak: {error.strerror or error}.",
                                         f"the operating system refused: {error.strerror or error}."))
    return SystemRefused([Problem(shown_path(error, root), said_id, said_en)])


def shown_path(error: OSError, root: Path) -> str:
    """The path as staff know it: inside the project relative to it, elsewhere whole."""
    name = error.filename if error.filename is not None else error.filename2
    if name is None:
        return "(berkas tidak diketahui / unknown file)"
    path = Path(str(name) if not isinstance(name, bytes) else name.decode(errors="replace"))
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
