"""The parsed-lexicon cache: one file per language in the user's cache folder.

Reading a lexicon (YAML, then some 400 patterns through the parser) takes longer than
linting a letter. Its parsed form (plain data, and each cell's compiled cues as records
that save themselves) is kept with `marshal` (plain values only: loading runs no code),
keyed by the lexicon's text, the source of every module that shapes what is kept and the
Python version, so a one-letter run reads it back in a few milliseconds instead. The
file starts with the lexicon's `detect:` section on its own (its length in 4 bytes, then
it), so that guessing a letter's language reads just that much of the other languages'
files.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
import zlib
from functools import cache
from pathlib import Path
from typing import Any

FORMAT = b"apologia-lexicon-6"
# The package whose modules parse, compile and save what is cached.
_PACKAGE = Path(__file__).resolve().parent.parent
# What the file holds after its head: (lexicon data, {cell name: Cell.to_data()}).
Payload = tuple[dict[str, Any], dict[str, Any]]


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
    return folder / f"lexicon-{lang}-{_digest(text)}.marshal" if folder else None


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
def _digest(text: str) -> str:
    """A key that changes with the lexicon, the lexicon package or the Python version.

    CRC-32 and length of each: enough to notice an edit (the file's contents are checked
    on their own when read).
    """
    parts = [FORMAT, sys.version.encode(), text.encode(), b"".join(_shapers())]
    return "_".join(f"{zlib.crc32(part):08x}{len(part):x}" for part in parts)


def read_head(path: Path) -> Any:
    """The `detect:` section at the head of a cache file (None: absent or damaged)."""
    try:
        with path.open("rb") as fh:
            return marshal.loads(fh.read(int.from_bytes(fh.read(4), "little")))
    except (OSError, EOFError, ValueError, TypeError):
        return None


def read(path: Path) -> Any:
    """What `write` kept after the head (None: absent or damaged)."""
    try:
        blob = path.read_bytes()
        skip = 4 + int.from_bytes(blob[:4], "little")  # the `detect:` section
        return marshal.loads(memoryview(blob)[skip:])
    except (OSError, EOFError, ValueError, TypeError):
        return None


def write(path: Path, head: dict[str, Any], payload: Payload) -> None:
    """Write the cache file atomically; a cache that cannot be written is only slower."""
    import tempfile

    try:
        first = marshal.dumps(head)
        blob = len(first).to_bytes(4, "little") + first + marshal.dumps(payload)
        path.parent.mkdir(parents=True, exist_ok=True)
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
