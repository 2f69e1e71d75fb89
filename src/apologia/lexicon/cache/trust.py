"""Whether a cache folder or file may be trusted, as OpenSSH judges its own files.

A cache file hands compiled regexes straight to the regex engine, so whoever can write
it can change a verdict or crash the process. A folder is used only when it is this
user's own and no one else may write to it, nor replace it: every folder above it is
this user's or root's, and one that others may write to is sticky (as /tmp is). A file
is read only when it is a regular file of this user's that no one else may write to.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_OTHERS_WRITE = stat.S_IWGRP | stat.S_IWOTH


def _uid() -> int | None:
    getuid = getattr(os, "getuid", None)  # None on Windows: its ACLs are not checked here
    return None if getuid is None else int(getuid())


def private_folder(folder: Path) -> bool:
    """Whether `folder` (existing) is a directory only this user can change."""
    uid = _uid()
    try:
        real = folder.resolve(strict=True)
        st = os.stat(real)
        if not stat.S_ISDIR(st.st_mode):
            return False
        if uid is None:
            return True
        if st.st_uid != uid or st.st_mode & _OTHERS_WRITE:
            return False
        for parent in real.parents:
            up = os.stat(parent)
            if up.st_uid not in (uid, 0):
                return False
            if up.st_mode & _OTHERS_WRITE and not up.st_mode & stat.S_ISVTX:
                return False
    except (OSError, RuntimeError):
        return False
    return True


def private_file(fd: int) -> bool:
    """Whether the open file `fd` is a regular file only this user can change."""
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        return False
    uid = _uid()
    return uid is None or (st.st_uid == uid and not st.st_mode & _OTHERS_WRITE)


def open_private(path: Path) -> int | None:
    """`path` opened for reading when it is a private file in a private folder, else None
    (a link is not followed)."""
    if not private_folder(path.parent):
        return None
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    if private_file(fd):
        return fd
    os.close(fd)
    return None
