"""The parsed-lexicon cache: one file per language in the user's cache folder.

Reading a lexicon (YAML, then some 400 patterns through the parser) takes longer than
linting a letter. Its parsed form (plain data, and each cell's compiled cues as records
that save themselves) is kept with `marshal` (plain values only: loading runs no code),
keyed by the lexicon's text, the source of every module that shapes what is kept and the
Python version, so a one-letter run reads it back in a few milliseconds instead. The
file starts with the lexicon's `detect:` section on its own (its length in 4 bytes, then
it), so that guessing a letter's language reads just that much of the other languages'
files.

A cache is never trusted blindly: it is read and written only in a folder of this
user's that no one else can change (`trust`), and each part of the file (the head, the
rest) is followed by a keyed digest of what it must hold: the key is made of the
lexicon's text, the source of the package and the Python version, so a part that was
damaged, or made for another lexicon or version, is refused before `marshal` reads it,
and the lexicon is parsed afresh.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
from functools import cache
from pathlib import Path
from typing import Any

from apologia.lexicon.cache.trust import open_private, private_folder

try:  # the C module itself: hashlib would import OpenSSL, a few ms at each start
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b

FORMAT = b"apologia-lexicon-7"
# The package whose modules parse, compile and save what is cached.
_PACKAGE = Path(__file__).resolve().parent.parent
# What the file holds after its head: (lexicon data, {cell name: Cell.to_data()}).
Payload = tuple[dict[str, Any], dict[str, Any]]
_SIZE = 32  # bytes of each part's digest
_MAX_HEAD = 1 << 20  # a `detect:` section is a few hundred bytes


def cache_dir() -> Path | None:
    """$APOLOGIA_CACHE_DIR (empty: no cache), else $XDG_CACHE_HOME/apologia, ~/.cache/apologia."""
    env = os.environ.get("APOLOGIA_CACHE_DIR")
    if env is not None:
        return Path(env) if env else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "apologia"


def cache_path(lang: str, text: str) -> Path | None:
    """Where the cache of the lexicon `lang` with this `text` lives (None: no cache)."""
    folder = cache_dir()
    return folder / f"lexicon-{lang}-{_key(text)[:16].hex()}.marshal" if folder else None


@cache
def _shapers() -> tuple[bytes, ...]:
    """The source of every module of the lexicon package: a change to any of them (the
    parser, the compiled records, the cache format) changes what is cached."""
    out = []
    for path in sorted(_PACKAGE.rglob("*.py")):
        with contextlib.suppress(OSError):
            out.append(path.read_bytes())
    return tuple(out)


@cache
def _key(text: str) -> bytes:
    """What a cache of the lexicon `text` is bound to: the lexicon, the lexicon package
    and the Python version (it names the file and keys each part's digest)."""
    hasher = blake2b(FORMAT + sys.version.encode(), digest_size=64)
    hasher.update(text.encode())
    for source in _shapers():
        hasher.update(len(source).to_bytes(8, "little") + source)
    return hasher.digest()


def _seal(part: bytes, text: str) -> bytes:
    return blake2b(part, key=_key(text), digest_size=_SIZE).digest()


def _read(path: Path, whole: bool) -> bytes | None:
    """The file's bytes (`whole`), or just what its head needs; None when untrusted."""
    fd = open_private(path)
    if fd is None:
        return None
    with os.fdopen(fd, "rb") as fh:
        if whole:
            return fh.read()
        size = fh.read(4)
        n = int.from_bytes(size, "little")
        return size + fh.read(n + _SIZE) if len(size) == 4 and n <= _MAX_HEAD else None


def _head(blob: bytes, text: str) -> tuple[bytes, int] | None:
    """The head's bytes and where the rest begins, when its digest holds."""
    n = int.from_bytes(blob[:4], "little")
    head, seal = blob[4 : 4 + n], blob[4 + n : 4 + n + _SIZE]
    if len(head) != n or seal != _seal(head, text):
        return None
    return head, 4 + n + _SIZE


def read_head(path: Path, text: str) -> Any:
    """The `detect:` section at the head of a cache file (None: absent or refused)."""
    try:
        blob = _read(path, whole=False)
        found = None if blob is None else _head(blob, text)
        return None if found is None else marshal.loads(found[0])
    except (OSError, EOFError, ValueError, TypeError):
        return None


def read(path: Path, text: str) -> Any:
    """What `write` kept after the head (None: absent or refused)."""
    try:
        blob = _read(path, whole=True)
        found = None if blob is None else _head(blob, text)
        if blob is None or found is None:
            return None
        rest, seal = blob[found[1] : -_SIZE], blob[-_SIZE:]
        if len(blob) < found[1] + _SIZE or seal != _seal(rest, text):
            return None
        return marshal.loads(rest)
    except (OSError, EOFError, ValueError, TypeError):
        return None


def write(path: Path, text: str, head: dict[str, Any], payload: Payload) -> None:
    """Write the cache file atomically, in a private folder only; a cache that cannot be
    written is only slower."""
    import tempfile

    try:
        first, rest = marshal.dumps(head), marshal.dumps(payload)
        blob = b"".join(
            (len(first).to_bytes(4, "little"), first, _seal(first, text), rest, _seal(rest, text))
        )
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not private_folder(path.parent):
            return
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
        os.replace(tmp, path)
        lang_prefix = path.name.rsplit("-", 1)[0] + "-"
        for old in path.parent.glob(f"{lang_prefix}*.marshal"):
            if old != path:
                old.unlink(missing_ok=True)
    except (OSError, ValueError):
        with contextlib.suppress(OSError, UnboundLocalError):
            os.unlink(tmp)
