"""Letters changed against a git ref, for `apologia lint --changed [REF]`.

"Changed" means what `git diff REF` shows in the working tree (commits since REF, staged
and unstaged edits) plus untracked letters that git does not ignore: what a pull request
or the next commit would bring. Deleted letters are left out; renamed ones are kept
under their new name. The whole repository is searched wherever apologia runs, and
paths are given relative to the current folder, as `git status` shows them.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

from apologia.errors import ApologiaError
from apologia.walk import SKIP_DIRS, letter_kind

# Tried in order when no REF is given; the first that exists gives the merge base.
DEFAULT_BRANCHES = ("origin/HEAD", "origin/main", "origin/master", "main", "master")


def _git(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            ["git", *args], capture_output=True, text=True, check=False, timeout=120, cwd=cwd
        )
    except FileNotFoundError:
        raise ApologiaError("--changed needs git, and git is not installed") from None
    except subprocess.TimeoutExpired:
        raise ApologiaError(f"--changed: git {args[0]} took too long") from None


def _out(*args: str, cwd: Path | None = None) -> str:
    done = _git(*args, cwd=cwd)
    if done.returncode != 0:
        reason = done.stderr.strip().splitlines()
        raise ApologiaError(f"--changed: git {args[0]} failed: {reason[-1] if reason else '?'}")
    return done.stdout


def _commit(ref: str, cwd: Path) -> str | None:
    done = _git(
        "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}", cwd=cwd
    )
    return done.stdout.strip() if done.returncode == 0 else None


def repo_root() -> Path:
    """The top of the working tree around the current folder; exit 2 outside one."""
    done = _git("rev-parse", "--show-toplevel")
    top = done.stdout.strip()
    if done.returncode != 0 or not top:
        raise ApologiaError(
            "--changed works inside a git repository only; name the letters to lint instead"
        )
    return Path(top)


def resolve_base(ref: str | None, top: Path) -> str:
    """The commit to compare with: REF, else the merge base with the default branch."""
    if ref:
        if ref.startswith("-"):  # never let a "ref" become a git option
            raise ApologiaError(f"not a git ref: {ref!r}", field="--changed")
        commit = _commit(ref, top)
        if commit is None:
            hint = ""
            if Path(ref).exists():
                hint = (
                    f"; {ref!r} is a path: to lint what changed under it, put it before "
                    f"the option (apologia lint {ref} --changed)"
                )
            raise ApologiaError(f"unknown git ref {ref!r}{hint}", field="--changed")
        return commit
    for candidate in DEFAULT_BRANCHES:
        if _commit(candidate, top) is None:
            continue
        done = _git("merge-base", "HEAD", candidate, cwd=top)
        if done.returncode != 0:
            raise ApologiaError(
                f"no common history between HEAD and {candidate} (a shallow clone? fetch "
                "the full history, e.g. actions/checkout with fetch-depth: 0)",
                field="--changed",
            )
        base = done.stdout.strip()
        if base == _commit("HEAD", top) and _shallow(top):
            # A shallow single-branch clone (actions/checkout's default) knows no other
            # branch: the base found is this branch itself, and nothing would be linted.
            raise ApologiaError(
                f"the base found ({candidate}) is this branch itself: a shallow clone has "
                "no other branch to compare with. Fetch the base branch (actions/checkout "
                "with fetch-depth: 0) or name the ref: --changed origin/main",
                field="--changed",
            )
        return base
    raise ApologiaError(
        f"no default branch found ({', '.join(DEFAULT_BRANCHES)}); name one: --changed REF",
        field="--changed",
    )


def _is_letter(name: str) -> bool:
    # The letters `apologia lint <folder>` would find: letter formats outside hidden and
    # vendored folders (exclusions are applied when the paths are expanded).
    parts = name.split("/")
    if any(p.startswith(".") or p in SKIP_DIRS for p in parts):
        return False
    return letter_kind(name) is not None


def _shallow(top: Path) -> bool:
    done = _git("rev-parse", "--is-shallow-repository", cwd=top)
    return done.stdout.strip() == "true"


def _under(path: Path, scopes: Sequence[Path]) -> bool:
    return not scopes or any(path == s or s in path.parents for s in scopes)


def changed_letters(ref: str | None, within: Sequence[str] = ()) -> list[str]:
    """Added, copied, modified, renamed or untracked letters since `ref`, sorted.

    `within` (files or folders) narrows the result to letters at or under them.
    """
    scopes: list[Path] = []
    for given in within:
        if given == "-":
            raise ApologiaError("--changed reads files from git; it cannot take - (stdin)")
        if not os.path.lexists(given):
            raise ApologiaError("no such file or directory", path=given)
        # Resolve folders, not a symlinked letter: git names the link, not its target.
        scope = Path(given)
        scopes.append(scope.resolve() if scope.is_dir() else scope.parent.resolve() / scope.name)
    top = repo_root()
    base = resolve_base(ref, top)
    # -C top: the same answer from any subfolder (ls-files would list the cwd only).
    names = _out(
        "-c",
        "core.quotepath=off",
        "diff",
        "--name-only",
        "--no-ext-diff",
        "--diff-filter=ACMR",
        "-z",
        base,
        "--",
        cwd=top,
    ).split("\0")
    names += _out("ls-files", "--others", "--exclude-standard", "-z", cwd=top).split("\0")
    cwd = Path.cwd().resolve()
    out: set[str] = set()
    for name in names:
        if not name or not _is_letter(name):
            continue
        path = top.resolve() / name
        if path.is_file() and _under(path, scopes):
            out.add(os.path.relpath(path, cwd))
    return sorted(out)


def _unquote(name: str) -> str:
    """A path as `git diff` prints it in a `+++` header: C-quoted when it holds `"`, `\\`
    or a control character (non-ASCII stays as is with core.quotepath=off)."""
    if not name.startswith('"'):
        return name
    raw = name[1:-1].encode("utf-8").decode("unicode_escape")
    return raw.encode("latin-1").decode("utf-8", "replace")


def added_lines(ref: str | None, files: Sequence[str]) -> dict[str, frozenset[int] | None]:
    """For each of `files` (paths as `changed_letters` gives them): the numbers of its
    lines that are new since `ref` (the same base), or None when git does not track the
    file (all of it is new). One `git diff`, read once: linear in the size of the diff."""
    top = repo_root().resolve()
    base = resolve_base(ref, top)
    names = {os.path.relpath(Path(f).resolve(), top).replace(os.sep, "/"): f for f in files}
    if not names:
        return {}
    pathspecs = sorted(names)
    untracked = set(
        _out(
            *("--literal-pathspecs", "ls-files", "--others", "--exclude-standard", "-z"),
            *("--", *pathspecs),
            cwd=top,
        ).split("\0")
    )
    diff = _out(
        *("--literal-pathspecs", "-c", "core.quotepath=off", "diff", "--no-ext-diff"),
        *("--no-color", "--no-renames", "--unified=0", "--src-prefix=a/", "--dst-prefix=b/"),
        *(base, "--", *pathspecs),
        cwd=top,
    )
    added: dict[str, set[int]] = {name: set() for name in names}
    current: set[int] | None = None
    line = 0
    for text in diff.split("\n"):
        if text.startswith("+++ "):
            # git ends a name holding a space with a tab; a real tab would be quoted.
            path = _unquote(text[4:].removesuffix("\t"))
            current = added.get(path[2:]) if path.startswith("b/") else None
        elif text.startswith("@@ ") and current is not None:
            # "@@ -a,b +c,d @@": the new lines are c..c+d-1 (d absent means 1).
            line = int(text.split(" ", 3)[2][1:].split(",")[0])
        elif text.startswith("+") and current is not None:
            current.add(line)
            line += 1
    return {
        given: None if name in untracked else frozenset(added[name])
        for name, given in names.items()
    }
