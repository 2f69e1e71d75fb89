"""Letters changed against a git ref, for `apologia lint --changed [REF]`."""

from __future__ import annotations

import subprocess
from pathlib import Path

from apologia.errors import ApologiaError

LETTER_SUFFIXES = (".md", ".txt")


def _git(*args: str) -> str:
    try:
        done = subprocess.run(
            ["git", *args], capture_output=True, text=True, check=False, timeout=60
        )
    except FileNotFoundError:
        raise ApologiaError("--changed needs git, and git is not installed") from None
    if done.returncode != 0:
        raise ApologiaError(f"git {' '.join(args)}: {done.stderr.strip() or 'failed'}")
    return done.stdout


def default_base() -> str:
    """The merge base with the default branch (origin/HEAD, main or master)."""
    for candidate in ("origin/HEAD", "origin/main", "origin/master", "main", "master"):
        try:
            _git("rev-parse", "--verify", "--quiet", candidate)
        except ApologiaError:
            continue
        return _git("merge-base", "HEAD", candidate).strip()
    raise ApologiaError("--changed: no default branch found; name a ref: --changed REF")


def changed_letters(ref: str | None) -> list[str]:
    """Added, copied, modified or renamed letters since `ref`, plus untracked ones."""
    try:
        _git("rev-parse", "--is-inside-work-tree")
    except ApologiaError:
        raise ApologiaError("--changed works inside a git repository only") from None
    base = ref or default_base()
    top = Path(_git("rev-parse", "--show-toplevel").strip())
    names = _git("diff", "--name-only", "--diff-filter=ACMR", "-z", base, "--").split("\0")
    names += _git("ls-files", "--others", "--exclude-standard", "--full-name", "-z").split("\0")
    out: list[str] = []
    cwd = Path.cwd().resolve()
    for name in names:
        if not name.endswith(LETTER_SUFFIXES):
            continue
        path = (top / name).resolve()
        if not path.is_file():
            continue
        try:
            out.append(str(path.relative_to(cwd)))
        except ValueError:
            out.append(str(path))
    return sorted(set(out))
