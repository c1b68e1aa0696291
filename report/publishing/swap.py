"""Publish a finished site folder in place of site/ so that site/ is never missing and never half new.

On Linux the two folders trade places in one system call (renameat2 with RENAME_EXCHANGE): readers see
the old site or the new one, and a kill at any instant leaves a whole site/. Where that call is not
offered, two renames do it, and a build killed between them left the last good site under
site.old-build; `recover` puts it back before anything else, so "the previous site was left unchanged"
stays true.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
from pathlib import Path

AT_FDCWD = -100
RENAME_EXCHANGE = 2
ASIDE_SUFFIX = ".old-build"


def aside(site_dir: Path) -> Path:
    return site_dir.with_name(site_dir.name + ASIDE_SUFFIX)


def recover(site_dir: Path) -> None:
    """Finish or undo a swap that a killed build left half-done; refuse a site/ that is not a folder."""
    if site_dir.exists() and not site_dir.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(site_dir))
    old = aside(site_dir)
    if not old.is_dir():
        return
    if site_dir.is_dir():
        shutil.rmtree(old)  # the swap had finished; only the clean-up was cut short
    else:
        old.rename(site_dir)  # killed between the two renames: the last good site comes back


def swap_in(new_site: Path, site_dir: Path) -> None:
    """Replace site_dir by new_site (same disk). new_site is gone afterwards."""
    if site_dir.is_dir() and exchange(new_site, site_dir):
        shutil.rmtree(new_site)  # it now holds the previous site
        return
    old = aside(site_dir)
    if old.exists():
        shutil.rmtree(old)
    if site_dir.exists():
        site_dir.rename(old)
    try:
        new_site.rename(site_dir)
    except BaseException:
        if old.is_dir() and not site_dir.exists():
            old.rename(site_dir)  # e.g. permission refused on the second rename: the old site stays
        raise
    if old.exists():
        shutil.rmtree(old)


def exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically; False where the system or its file system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False  # not Linux, or a C library older than glibc 2.28
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False  # a file system without exchange (some network or overlay mounts)
    raise OSError(code, os.strerror(code), str(second), None, str(first))
