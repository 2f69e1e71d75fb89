"""Which files of a repository are letters: PATH arguments in, letters to judge out.

Folders are searched for the letter formats apologia reads (`LETTER_SUFFIXES`), honouring
`.gitignore` (every one from the repository root down, via `pathspec`), the default
exclusions (a repository's own documents: README, CHANGELOG, LICENSE...), the config's
`exclude` and `--exclude` globs. Files named explicitly are kept whatever their extension,
but default and configured exclusions still apply to them, so a pre-commit hook that
passes README.md by name skips it as a folder run does. All exclusion globs use
gitignore syntax in one list, defaults first: a later `!README.md` lints README.md again.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from apologia.errors import ApologiaError

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

# Suffix -> how the file is read (see apologia.formats).
LETTER_SUFFIXES: dict[str, str] = {
    ".md": "md",
    ".markdown": "md",
    ".txt": "txt",
    ".html": "html",
    ".htm": "html",
    ".mjml": "mjml",
    ".eml": "eml",
}
# Folders that never hold letters and can be huge; skipped when searching a directory.
SKIP_DIRS = frozenset({"node_modules", "__pycache__", "site-packages"})
# A repository's own documents, never letters: skipped by default (any case, any suffix).
DEFAULT_EXCLUDE_NAMES = (
    "README",
    "CHANGELOG",
    "CHANGES",
    "HISTORY",
    "NEWS",
    "LICENSE",
    "LICENCE",
    "COPYING",
    "NOTICE",
    "AUTHORS",
    "CONTRIBUTING",
    "CODE_OF_CONDUCT",
    "SECURITY",
    "SUPPORT",
    "PULL_REQUEST_TEMPLATE",
    "ISSUE_TEMPLATE",
)
MAX_GITIGNORE_BYTES = 1024 * 1024


_DEFAULT_NAMES = frozenset(DEFAULT_EXCLUDE_NAMES)


def _is_repository_document(rel: str) -> bool:
    """Whether a component of `rel` is `NAME` or `NAME.*` in any case, as the gitignore
    patterns `NAME` and `NAME.*` would match: a name test, not a compiled glob set,
    since pathspec costs a one-letter run some 30 ms to compile them."""
    for part in rel.split("/"):
        upper = part.upper()
        if upper in _DEFAULT_NAMES or upper.partition(".")[0] in _DEFAULT_NAMES:
            return True
    return False


def letter_kind(path: str) -> str | None:
    """How a file is read, from its suffix; None when it is not a letter format."""
    return LETTER_SUFFIXES.get(os.path.splitext(path)[1].lower())


@dataclass
class Exclusions:
    """Default, configured and command-line exclusion globs, relative to `root`."""

    root: Path
    patterns: Sequence[str] = ()
    defaults: bool = True
    _spec: GitIgnoreSpec | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.root = self.root.resolve()

    def why(self, path: Path, *, is_dir: bool) -> str | None:
        """Why `path` is excluded, or None when it is not."""
        if not self.patterns and not self.defaults:
            return None
        rel = _relative(path, self.root)
        # The user's globs come after the defaults, so a match there (a `!NAME` included)
        # decides, as gitignore's last matching pattern does.
        if self.patterns:
            if self._spec is None:
                from pathspec import GitIgnoreSpec

                self._spec = GitIgnoreSpec.from_lines(p.replace("\\", "/") for p in self.patterns)
            result = self._spec.check_file(rel + "/" if is_dir else rel)
            if result.include is not None and result.index is not None:
                return f"excluded by {self.patterns[result.index]!r}" if result.include else None
        if self.defaults and _is_repository_document(rel):
            return "a repository document, excluded by default (--exclude '!NAME' lints it)"
        return None


def _relative(path: Path, root: Path) -> str:
    """`path` relative to `root` where it really lies inside it, else as given."""
    from apologia.files import real_path

    try:
        real = real_path(str(path))  # not Path.resolve: it stats every folder of every file
    except OSError:
        real = ""
    # Compared as Path.relative_to compares (without case on Windows).
    folded, top = os.path.normcase(real), os.path.normcase(str(root))
    if folded == top:
        return "."
    inside = top.rstrip(os.sep) + os.sep
    if folded.startswith(inside):
        return real[len(inside) :].replace(os.sep, "/")
    return PurePosixPath(path.as_posix()).as_posix().lstrip("/")


class GitIgnores:
    """The `.gitignore` files that apply to a path, read once each."""

    def __init__(self) -> None:
        self._specs: dict[Path, GitIgnoreSpec | None] = {}
        self._tops: dict[Path, Path] = {}
        self._bare: set[str] = set()  # folders with no .gitignore up to their repository's

    def why(self, path: Path, *, is_dir: bool) -> str | None:
        """'ignored by <.gitignore>' when git would ignore `path`, else None."""
        named = os.path.abspath(path)
        parent = os.path.dirname(named)
        if parent in self._bare:  # most letters, in a folder walk: no Path made
            return None
        absolute = Path(named)
        top = self._top(absolute.parent)
        folder = absolute.parent
        # The deepest .gitignore with a matching pattern decides, as in git.
        bare = True
        while True:
            spec = self._spec(folder)
            if spec is not None:
                bare = False
                rel = absolute.relative_to(folder).as_posix() + ("/" if is_dir else "")
                result = spec.check_file(rel)
                if result.include is not None:
                    return f"ignored by {_shown(folder / '.gitignore')}" if result.include else None
            if folder == top or folder.parent == folder:
                if bare:
                    self._bare.add(parent)
                return None
            folder = folder.parent

    def _top(self, folder: Path) -> Path:
        """The repository root (holding `.git`), or the folder itself outside a repository."""
        if folder not in self._tops:
            top = folder
            for candidate in (folder, *folder.parents):
                if (candidate / ".git").exists():
                    top = candidate
                    break
            self._tops[folder] = top
        return self._tops[folder]

    def _spec(self, folder: Path) -> GitIgnoreSpec | None:
        if folder not in self._specs:
            self._specs[folder] = _read_gitignore(folder / ".gitignore")
        return self._specs[folder]


def _shown(path: Path) -> str:
    rel = os.path.relpath(path)
    return str(path) if rel.startswith("..") else rel


def _read_gitignore(path: Path) -> GitIgnoreSpec | None:
    if path.is_symlink() or not path.is_file():
        return None  # a link could point outside the repository
    from pathspec import GitIgnoreSpec

    from apologia.files import read_bounded

    try:
        with open(path, "rb") as fh:
            data = read_bounded(fh, str(path), MAX_GITIGNORE_BYTES)
    except (OSError, ApologiaError):
        return None
    return GitIgnoreSpec.from_lines(data.decode("utf-8", "replace").splitlines())


Skipped = list[tuple[str, str]]


def expand_paths(
    paths: list[str],
    *,
    exclude: Sequence[str],
    root: Path,
    defaults: bool = True,
    skipped: Skipped | None = None,
    unreadable: list[ApologiaError] | None = None,
) -> list[str]:
    """Turn PATH arguments into the letters to lint, as display paths.

    `skipped`, when given, receives (path, reason) for each file or folder left out.
    A folder that cannot be listed is an error, never a silent skip: raised, or when
    `unreadable` is given, added to it while the rest is still searched.
    """
    rules = Exclusions(root, exclude, defaults)
    ignores = GitIgnores()
    out: list[str] = []
    seen: set[str] = set()
    dropped: Skipped = skipped if skipped is not None else []
    for arg in paths:
        if arg == "-":
            out.append(arg)
            continue
        p = Path(arg)
        if p.is_dir():
            before = len(dropped)
            candidates = list(_walk(arg, rules, ignores, dropped, unreadable))
            if not candidates and rules.why(p, is_dir=True) is None:
                n = len(dropped) - before
                detail = f"; {n} skipped (--verbose says why)" if n else ""
                kinds = ", ".join(dict.fromkeys(LETTER_SUFFIXES.values()))
                raise ApologiaError(f"no letters found ({kinds}){detail}", path=arg)
        elif p.exists():
            reason = rules.why(p, is_dir=False)
            if reason is not None:
                dropped.append((arg, reason))
                continue
            candidates = [arg]
        else:
            raise ApologiaError("no such file or directory", path=arg)
        for c in candidates:
            key = os.path.normpath(c)  # "./a.md" and "a.md" are one letter
            if key not in seen:
                seen.add(key)
                out.append(c)
    return out


def _walk(
    folder: str,
    rules: Exclusions,
    ignores: GitIgnores,
    dropped: Skipped,
    unreadable: list[ApologiaError] | None,
) -> Iterator[str]:
    def failed(exc: OSError) -> None:
        from apologia.files import reason

        error = ApologiaError(f"cannot read the folder: {reason(exc)}", path=exc.filename)
        if unreadable is None:
            raise error
        unreadable.append(error)

    # os.walk with sorted names keeps output order the same on every machine; joining
    # strings (not Path) keeps the folder as the user typed it, e.g. "./letters/a.md".
    for dirpath, dirnames, filenames in os.walk(folder, onerror=failed):
        kept: list[str] = []
        for d in sorted(dirnames):
            if d.startswith(".") or d in SKIP_DIRS:
                continue
            sub = os.path.join(dirpath, d)
            reason = ignores.why(Path(sub), is_dir=True) or rules.why(Path(sub), is_dir=True)
            if reason is not None:
                dropped.append((sub + "/", reason))
            else:
                kept.append(d)
        dirnames[:] = kept
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = os.path.join(dirpath, name)
            named = Path(path)
            reason = ignores.why(named, is_dir=False) or rules.why(named, is_dir=False)
            if reason is None and letter_kind(name) is None:
                reason = "not a letter format"
            if reason is not None:
                dropped.append((path, reason))
            else:
                yield path
