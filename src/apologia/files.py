"""Read letters safely, write atomically (which files are letters: apologia.walk)."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import stat
import sys
from collections.abc import Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from apologia.errors import ApologiaError

if TYPE_CHECKING:
    from apologia.walk import Exclusions

MAX_LETTER_BYTES = 10 * 1024 * 1024  # a letter is a page or two; 10 MiB is surely a mistake
# The default `max_file_size`: letters, stdin and incident files alike.
DEFAULT_MAX_FILE_SIZE = MAX_LETTER_BYTES
_BOM = "\ufeff"


def atomic_write(path: Path, data: bytes, *, force: bool, within: Path | None = None) -> None:
    """Write `data` to `path` via a temporary file in the same folder.

    With `force` the temporary file is renamed over the target; without, it is linked to
    the target's name, which fails if the name exists, so two runs cannot both create
    it. Only a regular file is ever replaced (never a device, FIFO or socket), and a
    symlink only to a file inside `within` when it is given. An interrupted write (an
    error, Ctrl-C, SIGTERM, SIGHUP) leaves the old file whole and no temporary file
    behind.
    """
    shown = str(path)
    target, mode = _target(path, shown, force=force, within=within)
    import tempfile  # here: every run imports this module, few write a file

    folder = target.parent if str(target.parent) else Path(".")
    previous = _raise_on_signals()
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp creates 0600; a new file should get the usual umask-derived mode.
        os.chmod(tmp, mode if mode is not None else 0o666 & ~_umask())
        if force:
            os.replace(tmp, target)
        else:
            _create(tmp, target, shown)
    except BaseException as exc:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        _restore(previous)
        if isinstance(exc, _Signalled):
            _die_of(exc.signum)
        if isinstance(exc, OSError):
            raise ApologiaError(f"cannot write: {reason(exc)}", path=shown) from exc
        raise
    _restore(previous)


def _target(path: Path, shown: str, *, force: bool, within: Path | None) -> tuple[Path, int | None]:
    """The file to write (a symlink's target) and the mode to keep, or ApologiaError."""
    if path.is_dir():
        raise ApologiaError("is a directory, not a file", path=shown)
    exists = path.exists() or path.is_symlink()
    if exists and not force:
        raise ApologiaError("file exists; use --force to overwrite it", path=shown)
    if path.is_symlink():
        # Replace what the link points to, so a linked letter stays a link.
        real = os.path.realpath(path)
        if within is not None:
            root = os.path.realpath(within)
            if os.path.commonpath([root, real]) != root:
                raise ApologiaError(f"is a link to {real}, outside {within}; refused", path=shown)
        path = Path(real)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return path, None
    except OSError as exc:
        raise ApologiaError(f"cannot write: {reason(exc)}", path=shown) from exc
    if not stat.S_ISREG(st.st_mode):
        raise ApologiaError("is not a regular file (a device, FIFO or socket); refused", path=shown)
    mode = stat.S_IMODE(st.st_mode)
    if not mode & 0o222 or not os.access(path, os.W_OK):
        raise ApologiaError("is read-only; make it writable to replace it", path=shown)
    return path, mode


def _create(tmp: str, target: Path, shown: str) -> None:
    """Give the written file its name only if no file has it: a hard link fails on an
    existing name, where a rename would replace it."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise ApologiaError("file exists; use --force to overwrite it", path=shown) from None
    except OSError as exc:
        if exc.errno not in _NO_LINKS:
            raise
        _create_exclusive(tmp, target, shown)  # a file system without hard links
    os.unlink(tmp)


# A file system that has no hard links (FAT, some network shares) says so with these.
_NO_LINKS = frozenset(
    {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK, errno.EXDEV, errno.ENOSYS}
)


def _create_exclusive(tmp: str, target: Path, shown: str) -> None:
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, os.stat(tmp).st_mode & 0o777)
    except FileExistsError:
        raise ApologiaError("file exists; use --force to overwrite it", path=shown) from None
    try:
        with os.fdopen(fd, "wb") as out, open(tmp, "rb") as src:
            out.write(src.read())
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(target)  # ours: created above, not yet whole
        raise


class _Signalled(BaseException):
    """SIGTERM or SIGHUP arrived while a temporary file existed."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise_on_signals() -> dict[int, object]:
    """Make SIGTERM and SIGHUP raise while a write is under way, so the temporary file
    is removed before the process ends; their previous handlers, to restore."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return {}

    def raise_(signum: int, frame: object) -> None:
        raise _Signalled(signum)

    previous: dict[int, object] = {}
    for name in ("SIGTERM", "SIGHUP"):
        signum = getattr(signal, name, None)
        if signum is not None and signal.getsignal(signum) is not signal.SIG_IGN:
            previous[signum] = signal.signal(signum, raise_)
    return previous


def _restore(previous: dict[int, object]) -> None:
    import signal

    for signum, handler in previous.items():
        signal.signal(signum, handler)  # type: ignore[arg-type]


def _die_of(signum: int) -> None:
    """End as the signal would have ended the process, now that nothing is left behind."""
    os.kill(os.getpid(), signum)
    raise SystemExit(128 + signum)  # a handler that returned: still stop


def _umask() -> int:
    # os.umask can only be read by setting it; set it back at once.
    current = os.umask(0o022)
    os.umask(current)
    return current


def too_large(path: str, limit: int, size: int | None = None) -> ApologiaError:
    """The one message for a file over `max_file_size`."""
    what = f"{_size(size)}, limit {_size(limit)}" if size is not None else f"over {_size(limit)}"
    return ApologiaError(
        f"too large ({what}); raise max_file_size in the configuration if this is right",
        path=path,
    )


def read_bounded(fh: BinaryIO, path: str, limit: int) -> bytes:
    """At most `limit` bytes of an open file; a bigger file is refused, never read whole.

    The size is checked before reading when the file says it (a regular file); one byte
    past the limit is read so a pipe, FIFO or growing file is bounded too.
    """
    try:
        st = os.fstat(fh.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        st = None
    want = limit + 1
    if st is not None and stat.S_ISREG(st.st_mode):
        if st.st_size > limit:
            raise too_large(path, limit, st.st_size)
        # Its size and one byte more (to see it grew), not `limit + 1`: a read allocates
        # all it asks for, megabytes per letter.
        want = st.st_size + 1
    data = fh.read(want)
    if len(data) == want <= limit:  # grown since it was measured: read on, bounded
        data += fh.read(limit + 1 - want)
    if len(data) > limit:
        raise too_large(path, limit)
    return data


def read_letter(path: str, *, max_bytes: int = MAX_LETTER_BYTES) -> str:
    """Read a letter as text (`-` is stdin), or raise ApologiaError saying why not.

    An empty file reads as "" (it is reported as not judged); empty stdin is an error.
    """
    text = read_text(path, max_bytes, noun="letter")
    if path == "-" and not text.strip():
        raise ApologiaError("empty input: nothing to lint", path=path)
    return text


def read_text(path: str, limit: int, *, noun: str = "file") -> str:
    """A UTF-8 file (byte-order mark dropped) of at most `limit` bytes, as text.

    The one reader of letters, incident files, configuration and letters checked for
    staleness: `-` is stdin; every failure is an ApologiaError naming the file (and the
    line and column of a byte that is not UTF-8).
    """
    if path == "-":
        return _decode(read_bounded(sys.stdin.buffer, "-", limit), "-", noun)
    return _decode(read_bytes(path, max_bytes=limit, noun=noun), path, noun)


def read_bytes(path: str, *, max_bytes: int = MAX_LETTER_BYTES, noun: str = "letter") -> bytes:
    """A file's bytes, bounded, or ApologiaError saying why not (e-mails are read so).

    Only a regular file is read (a FIFO would block, a device never end), and never
    through a symlink that leads out of the repository the file is named in.
    """
    # Opened first and checked with fstat (in read_bounded): one system call per check
    # fewer than stat-then-open, which counts in a batch of thousands of letters.
    # O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError as exc:
        raise ApologiaError("no such file or directory", path=path) from exc
    except IsADirectoryError as exc:
        raise ApologiaError(f"is a directory, not a {noun}", path=path) from exc
    except OSError as exc:
        raise ApologiaError(f"cannot read: {reason(exc)}", path=path) from exc
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise ApologiaError(f"is a directory, not a {noun}", path=path)
        if not stat.S_ISREG(mode):
            raise ApologiaError(
                f"is not a regular file (a FIFO or device?), not a {noun}", path=path
            )
        outside = leaves_repository(path)
        if outside is not None:
            raise ApologiaError(
                f"is a link to {outside}, outside the repository; refused", path=path
            )
        with open(fd, "rb", closefd=False) as fh:
            return read_bounded(fh, path, max_bytes)
    except OSError as exc:
        raise ApologiaError(f"cannot read: {reason(exc)}", path=path) from exc
    finally:
        os.close(fd)


@cache
def git_top(cwd: str) -> str | None:
    """The working tree around `cwd` (the nearest folder holding `.git`), if any."""
    folder = os.path.abspath(cwd)
    while True:
        if os.path.exists(os.path.join(folder, ".git")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def repository_root(cwd: str) -> str:
    """The repository whose files apologia reads: the working tree, else `cwd` itself."""
    return git_top(cwd) or os.path.abspath(cwd)


@cache
def _real_folder(folder: str) -> str:
    return os.path.realpath(folder)


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def leaves_repository(path: str) -> str | None:
    """Where `path` really is, when it is named inside the repository (the one around the
    working folder) but a symlink takes it out; None otherwise.

    A file named outside the repository is the user's own choice and is read; a name
    inside it comes from the repository, which a pull request controls.
    """
    top = repository_root(os.getcwd())
    named = os.path.abspath(path)
    if not _within(named, top):
        return None
    real = real_path(named)
    return None if _within(real, _real_folder(top)) else real


def real_path(path: str) -> str:
    """`os.path.realpath(path)`, its folder's real path kept: one lstat per file, not one
    per folder above it, in a batch of thousands."""
    folder, name = os.path.split(path)
    if name in ("", ".", ".."):
        return os.path.realpath(path)
    # Kept by absolute name (joined, not normalised: realpath reads `link/..` right).
    real = os.path.join(_real_folder(os.path.join(os.getcwd(), folder)), name)
    return os.path.realpath(real) if os.path.islink(real) else real


def _decode(data: bytes, path: str, noun: str) -> str:
    nul = data.find(b"\0")
    if nul != -1:
        line = data.count(b"\n", 0, nul) + 1
        raise ApologiaError(f"binary file (NUL byte), not a {noun}", path=path, line=line)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        column = len(data[line_start : exc.start].decode("utf-8", "replace")) + 1
        raise ApologiaError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the {noun} as UTF-8",
            path=path,
            line=data.count(b"\n", 0, exc.start) + 1,
            column=column,
        ) from exc
    return text.removeprefix(_BOM)


def reason(exc: OSError) -> str:
    """Why a file could not be read or written, in a few words."""
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return exc.strerror or str(exc)


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MiB" if n >= 1024 * 1024 else f"{n} bytes"


def matches_glob(path: Path, patterns: Sequence[str], root: Path) -> bool:
    """Whether `path` matches one of `patterns` (gitignore-style globs, relative to `root`)."""
    return _globs(root, tuple(patterns)).why(path, is_dir=False) is not None


@lru_cache(maxsize=8)
def _globs(root: Path, patterns: tuple[str, ...]) -> Exclusions:
    # Asked once per letter with the same config globs: compile them once, not per file.
    from apologia.walk import Exclusions

    return Exclusions(root, patterns, defaults=False)
