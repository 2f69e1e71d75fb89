"""files.py: atomic writes, reading letters, expanding PATH arguments."""

from __future__ import annotations

import io
import os
import stat
import sys
from pathlib import Path

import pytest

from apologia import files
from apologia.errors import ApologiaError
from apologia.files import atomic_write, read_letter
from apologia.walk import expand_paths


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# --- atomic_write ---------------------------------------------------------------------


def test_atomic_write_creates_file(tmp_path: Path) -> None:
    target = tmp_path / "letter.md"
    atomic_write(target, "Stimată doamnă\n".encode(), force=False)
    assert target.read_text(encoding="utf-8") == "Stimată doamnă\n"
    assert _leftovers(tmp_path) == []


def test_atomic_write_refuses_overwrite_without_force(tmp_path: Path) -> None:
    target = tmp_path / "letter.md"
    target.write_text("old\n")
    with pytest.raises(ApologiaError, match="--force") as info:
        atomic_write(target, b"new\n", force=False)
    assert info.value.path == str(target)
    assert target.read_text() == "old\n"


def test_atomic_write_overwrites_with_force_and_keeps_mode(tmp_path: Path) -> None:
    target = tmp_path / "letter.md"
    target.write_text("old\n")
    target.chmod(0o640)
    atomic_write(target, b"new\n", force=True)
    assert target.read_text() == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert _leftovers(tmp_path) == []


def test_atomic_write_new_file_is_not_private(tmp_path: Path) -> None:
    # mkstemp makes 0600 files; a drafted letter should get the umask's usual mode.
    old = os.umask(0o022)
    try:
        atomic_write(tmp_path / "x.md", b"x", force=False)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "x.md").stat().st_mode) == 0o644


def test_atomic_write_refuses_a_directory(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    with pytest.raises(ApologiaError, match="directory"):
        atomic_write(tmp_path / "out", b"x", force=True)


def test_failed_replace_keeps_old_file_and_leaves_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "letter.md"
    target.write_text("old\n")

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", broken_replace)
    with pytest.raises(ApologiaError, match="No space left") as info:
        atomic_write(target, b"new\n", force=True)
    assert info.value.path == str(target)
    assert target.read_text() == "old\n"
    assert _leftovers(tmp_path) == []


def test_interrupted_write_leaves_no_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(files.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(tmp_path / "letter.md", b"new\n", force=False)
    assert list(tmp_path.iterdir()) == []


def test_atomic_write_in_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(ApologiaError) as info:
        atomic_write(tmp_path / "nope" / "a.md", b"x", force=False)
    assert info.value.path == str(tmp_path / "nope" / "a.md")


# --- read_letter ----------------------------------------------------------------------


def test_read_letter_strips_bom(tmp_path: Path) -> None:
    f = tmp_path / "a.md"
    f.write_bytes("\ufeffLo sentimos.\n".encode())
    assert read_letter(str(f)) == "Lo sentimos.\n"


@pytest.mark.parametrize(
    ("content", "message", "line"),
    [
        (b"Dear customer,\n\nWe\x00 lost it.\n", "binary", 3),
        (b"Dear customer,\nWe are sorr\xff\n", "not valid UTF-8", 2),
    ],
)
def test_read_letter_rejects_bad_content(
    tmp_path: Path, content: bytes, message: str, line: int | None
) -> None:
    f = tmp_path / "a.md"
    f.write_bytes(content)
    with pytest.raises(ApologiaError, match=message) as info:
        read_letter(str(f))
    assert info.value.path == str(f)
    assert info.value.line == line


@pytest.mark.parametrize("content", [b"", b"  \n\t\n"])
def test_read_letter_empty_file_reads_as_blank(tmp_path: Path, content: bytes) -> None:
    f = tmp_path / "a.md"
    f.write_bytes(content)
    assert read_letter(str(f)).strip() == ""


def test_read_letter_missing_and_directory(tmp_path: Path) -> None:
    with pytest.raises(ApologiaError, match="no such file or directory"):
        read_letter(str(tmp_path / "missing.md"))
    with pytest.raises(ApologiaError, match="is a directory"):
        read_letter(str(tmp_path))


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root reads all")
def test_read_letter_permission_denied(tmp_path: Path) -> None:
    f = tmp_path / "a.md"
    f.write_text("hello\n")
    f.chmod(0)
    try:
        with pytest.raises(ApologiaError, match="permission denied"):
            read_letter(str(f))
    finally:
        f.chmod(0o644)


def test_read_letter_size_limit_checked_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    f = tmp_path / "big.md"
    f.write_bytes(b"a" * 2048)
    opened: list[Path] = []
    real_open = Path.open

    def spy(self: Path, *args: object, **kwargs: object) -> object:
        opened.append(self)
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", spy)
    with pytest.raises(ApologiaError, match="too large"):
        read_letter(str(f), max_bytes=1024)
    assert opened == []
    assert read_letter(str(f), max_bytes=4096) == "a" * 2048
    assert files.MAX_LETTER_BYTES == 10 * 1024 * 1024


def test_read_letter_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = io.TextIOWrapper(io.BytesIO("\ufeffNe pare rău.\n".encode()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    assert read_letter("-") == "Ne pare rău.\n"


def test_read_letter_stdin_bad_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = io.TextIOWrapper(io.BytesIO(b"ok\n\xc3("), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    with pytest.raises(ApologiaError, match="UTF-8") as info:
        read_letter("-")
    assert info.value.line == 2


# --- expand_paths ---------------------------------------------------------------------


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for rel in [
        "letters/b.md",
        "letters/a.txt",
        "letters/notes.rst",
        "letters/sub/c.md",
        "letters/drafts/d.md",
        "letters/archive/old.md",
        "letters/x.tmp.md",
        "letters/.git/e.md",
        "letters/node_modules/f.md",
        "letters/.venv/g.md",
        "empty/readme.rst",
    ]:
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("Hello.\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_expand_directory_sorted_and_filtered(tree: Path) -> None:
    assert expand_paths(["letters"], exclude=[], root=tree) == [
        "letters/a.txt",
        "letters/b.md",
        "letters/x.tmp.md",
        "letters/archive/old.md",
        "letters/drafts/d.md",
        "letters/sub/c.md",
    ]


def test_expand_excludes_gitignore_like(tree: Path) -> None:
    # `drafts/**` is anchored at root; `*.tmp.md` and `archive/` match at any depth.
    root = tree / "letters"
    got = expand_paths(["letters"], exclude=["drafts/**", "*.tmp.md", "archive/"], root=root)
    assert got == ["letters/a.txt", "letters/b.md", "letters/sub/c.md"]


def test_expand_exclude_relative_to_root(tree: Path) -> None:
    # Anchored at root: "letters/drafts/**" matches, a bare "sub/**" anchored elsewhere does not.
    got = expand_paths(["letters"], exclude=["letters/drafts/**", "sub/**"], root=tree)
    assert "letters/drafts/d.md" not in got
    assert "letters/sub/c.md" in got
    got = expand_paths(["letters"], exclude=["sub/**"], root=tree / "letters")
    assert "letters/sub/c.md" not in got


def test_expand_explicit_file_any_extension_and_stdin(tree: Path) -> None:
    assert expand_paths(["letters/notes.rst", "-"], exclude=[], root=tree) == [
        "letters/notes.rst",
        "-",
    ]


def test_expand_explicit_file_still_excluded(tree: Path) -> None:
    assert expand_paths(["letters/x.tmp.md"], exclude=["*.tmp.md"], root=tree) == []


def test_expand_keeps_paths_as_given_and_dedups(tree: Path) -> None:
    got = expand_paths(["./letters/sub", "letters/sub/c.md"], exclude=[], root=tree)
    assert got == ["./letters/sub/c.md"]
    absolute = str(tree / "letters" / "sub")
    assert expand_paths([absolute], exclude=[], root=tree) == [absolute + "/c.md"]


def test_expand_missing_path(tree: Path) -> None:
    with pytest.raises(ApologiaError, match="no such file or directory") as info:
        expand_paths(["nope.md"], exclude=[], root=tree)
    assert info.value.path == "nope.md"


def test_expand_directory_without_letters(tree: Path) -> None:
    with pytest.raises(ApologiaError, match=r"no letters found .*1 skipped") as info:
        expand_paths(["empty"], exclude=[], root=tree)
    assert info.value.path == "empty"


def test_read_letter_permission_error_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Same path as the chmod test, for runs as root (where chmod 0 does not stop reads).
    f = tmp_path / "a.md"
    f.write_text("hello\n")

    def denied(path: str, *args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr("apologia.files.open", denied, raising=False)
    with pytest.raises(ApologiaError, match="permission denied") as info:
        read_letter(str(f))
    assert info.value.path == str(f)


def test_expand_honours_gitignore_files_from_the_top_down(tree: Path) -> None:
    import shutil

    shutil.rmtree(tree / "letters" / ".git")  # one repository, rooted at tree
    (tree / ".git").mkdir()
    (tree / ".gitignore").write_text("archive/\n*.tmp.md\n")
    (tree / "letters" / ".gitignore").write_text("drafts/\n!x.tmp.md\n")
    skipped: list[tuple[str, str]] = []
    got = expand_paths(["letters"], exclude=[], root=tree, skipped=skipped)
    assert got == ["letters/a.txt", "letters/b.md", "letters/x.tmp.md", "letters/sub/c.md"]
    reasons = dict(skipped)
    assert reasons["letters/archive/"] == "ignored by .gitignore"
    assert reasons["letters/drafts/"] == "ignored by letters/.gitignore"
    assert reasons["letters/notes.rst"] == "not a letter format"


def test_expand_skips_repository_documents_unless_negated(tree: Path) -> None:
    for name in ("README.md", "CHANGELOG.md", "LICENSE", "contributing.txt"):
        (tree / "letters" / name).write_text("Hello.\n")
    skipped: list[tuple[str, str]] = []
    got = expand_paths(["letters"], exclude=[], root=tree, skipped=skipped)
    assert not any(Path(g).name.upper().startswith(("README", "CHANGELOG")) for g in got)
    assert "letters/contributing.txt" not in got
    assert "excluded by default" in dict(skipped)["letters/README.md"]
    # Named explicitly (as pre-commit does), still skipped; a negation lints it again.
    assert expand_paths(["letters/README.md"], exclude=[], root=tree) == []
    assert expand_paths(["letters/README.md"], exclude=["!README.md"], root=tree) == [
        "letters/README.md"
    ]
    got = expand_paths(["letters"], exclude=[], root=tree, defaults=False)
    assert "letters/README.md" in got


def test_expand_names_the_pattern_that_excluded(tree: Path) -> None:
    skipped: list[tuple[str, str]] = []
    expand_paths(["letters/b.md"], exclude=["b.*"], root=tree, skipped=skipped)
    assert skipped == [("letters/b.md", "excluded by 'b.*'")]


def test_expand_reads_html_mjml_and_eml_letters(tree: Path) -> None:
    for name in ("c.html", "d.mjml", "e.eml", "f.json"):
        (tree / "letters" / name).write_text("x\n")
    got = expand_paths(["letters"], exclude=[], root=tree)
    assert {"letters/c.html", "letters/d.mjml", "letters/e.eml"} <= set(got)
    assert "letters/f.json" not in got


@pytest.mark.skipif(os.name == "nt", reason="symlinks")
def test_real_path_is_realpath(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # files.real_path keeps each folder's real path; it must answer as realpath does.
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "x.md").write_text("x", encoding="utf-8")
    (tmp_path / "link").symlink_to(tmp_path / "a" / "b")
    (tmp_path / "a" / "y.md").symlink_to(tmp_path / "a" / "b" / "x.md")
    monkeypatch.chdir(tmp_path / "a")
    names = ["b/x.md", "y.md", "../link/x.md", "../link/../y.md", "b/../y.md", "b", "b/.", ".."]
    for name in names + [str(tmp_path / n) for n in names] + ["missing/z.md", "/"]:
        assert files.real_path(name) == os.path.realpath(name), name
