"""Files: atomic writes, interrupted writes, read-only and escaping destinations, --fix
keeping mode and line endings."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest

from apologia import files
from conftest import GOOD
from test_incident_fixtures import filled_starter

INCIDENT = filled_starter()
OLD = b"the old letter, whole\n"
posix_only = pytest.mark.skipif(os.name == "nt", reason="POSIX modes and symlinks")


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), KeyboardInterrupt])
def test_draft_interrupted_mid_write_leaves_the_old_file_whole(
    cli: Any, write: Any, in_tmp: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException
) -> None:
    write("inc.yaml", INCIDENT)
    old = write("out/INC-0001.en.md", OLD)

    def failing_fsync(fd: int) -> None:  # the data is half on its way to the disk
        raise failure

    monkeypatch.setattr(files.os, "fsync", failing_fsync)
    result = cli("draft", "inc.yaml", "--out-dir", "out", "--force")
    assert old.read_bytes() == OLD
    assert listing(in_tmp / "out") == ["INC-0001.en.md"]  # no temporary file left
    if isinstance(failure, OSError):
        assert result.exit_code == 2
        assert result.stderr == (
            "apologia: out/INC-0001.en.md: cannot write: No space left on device\n"
        )
    else:
        assert result.exit_code == 130
        assert result.stderr == "apologia: interrupted\n"


def test_failing_replace_leaves_old_file_and_no_temp(
    write: Any, in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = write("a.md", OLD)

    def failing_replace(src: str, dst: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(files.os, "replace", failing_replace)
    with pytest.raises(files.ApologiaError, match="cannot write: Input/output error"):
        files.atomic_write(old, b"new", force=True)
    assert old.read_bytes() == OLD
    assert listing(in_tmp) == ["a.md"]


@posix_only
def test_read_only_destination_file_is_refused(cli: Any, write: Any, in_tmp: Path) -> None:
    write("inc.yaml", INCIDENT)
    old = write("out/INC-0001.en.md", OLD)
    old.chmod(0o444)
    result = cli("draft", "inc.yaml", "--out-dir", "out", "--force")
    assert result.exit_code == 2
    assert result.stderr == (
        "apologia: out/INC-0001.en.md: is read-only; make it writable to replace it\n"
    )
    assert old.read_bytes() == OLD


@posix_only
@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes anyway")
def test_read_only_destination_folder_is_refused(cli: Any, write: Any, in_tmp: Path) -> None:
    write("inc.yaml", INCIDENT)
    (in_tmp / "out").mkdir()
    (in_tmp / "out").chmod(0o555)
    try:
        result = cli("draft", "inc.yaml", "--out-dir", "out")
    finally:
        (in_tmp / "out").chmod(0o755)
    assert result.exit_code == 2
    assert result.stderr.startswith("apologia: out/INC-0001.en.md: cannot write: ")
    assert listing(in_tmp / "out") == []


@posix_only
@pytest.mark.parametrize("force", [False, True])
def test_symlink_in_out_dir_pointing_outside_is_refused(
    cli: Any, write: Any, in_tmp: Path, force: bool
) -> None:
    write("inc.yaml", INCIDENT)
    victim = write("victim.txt", OLD)
    (in_tmp / "out").mkdir()
    (in_tmp / "out" / "INC-0001.en.md").symlink_to(victim)
    args = ["draft", "inc.yaml", "--out-dir", "out"] + (["--force"] if force else [])
    result = cli(*args)
    assert result.exit_code == 2
    assert result.stderr.startswith("apologia: out/INC-0001.en.md: ")
    assert len(result.stderr.splitlines()) == 1
    if force:
        assert "outside --out-dir; refused" in result.stderr
    assert victim.read_bytes() == OLD
    assert (in_tmp / "out" / "INC-0001.en.md").is_symlink()


@pytest.mark.parametrize("ident", ["../../etc/x", "a/b", "..", "a\\b", "/abs"])
def test_incident_id_with_path_separators_is_refused(
    cli: Any, write: Any, in_tmp: Path, ident: str
) -> None:
    write("inc.yaml", INCIDENT.replace("id: INC-0001", f"id: '{ident}'"))
    result = cli("draft", "inc.yaml", "--out-dir", "out")
    assert result.exit_code == 2
    assert result.stderr.startswith("apologia: inc.yaml:11:7: incident.id: ")
    assert "is not a valid id" in result.stderr
    assert not (in_tmp / "out").exists()


def test_out_dir_check_refuses_a_name_with_a_separator(in_tmp: Path) -> None:
    # Defence in depth: even a model that let a separator through cannot escape.
    from apologia.commands.draft import _check_inside
    from apologia.incident import loads

    loaded = loads(INCIDENT, "inc.yaml")
    with pytest.raises(files.ApologiaError, match="cannot name a file inside --out-dir"):
        _check_inside(Path("out"), [(Path("out") / "../../x.en.md", None)], loaded)  # type: ignore[list-item]


@posix_only
@pytest.mark.parametrize("mode", [0o600, 0o640, 0o755])
def test_fix_keeps_mode_and_crlf(cli: Any, write: Any, mode: int) -> None:
    from conftest import GOOD

    text = GOOD["ro"].replace("ț", "ţ").replace("\n", "\r\n")  # a cedilla: fixable
    letter = write("a.md", text.encode())
    letter.chmod(mode)
    result = cli("lint", "a.md", "--fix")
    assert "fixed" in result.stderr, result.stderr
    after = letter.read_bytes()
    assert after != text.encode()
    assert after.count(b"\r\n") == text.count("\r\n") and b"\n" not in after.replace(b"\r\n", b"")
    assert stat.S_IMODE(letter.stat().st_mode) == mode


@posix_only
def test_fix_through_a_symlink_keeps_the_link(cli: Any, write: Any, in_tmp: Path) -> None:
    from conftest import GOOD

    real = write("real/a.md", GOOD["ro"].replace("ț", "ţ"))
    (in_tmp / "link.md").symlink_to(real)
    result = cli("lint", "link.md", "--fix")
    assert "fixed" in result.stderr
    assert (in_tmp / "link.md").is_symlink()
    assert "ţ" not in real.read_text("utf-8")


def test_check_letter_over_the_size_limit_is_refused_unread(cli: Any, write: Any) -> None:
    write(".apologia.yaml", "max_file_size: 64 KiB\n")
    write("inc.yaml", INCIDENT)
    write("old.md", b"x" * (65 * 1024))
    result = cli("draft", "inc.yaml", "--check", "old.md")
    assert result.exit_code == 2
    assert result.stderr.startswith("apologia: old.md: too large (66560 bytes, limit 65536 bytes)")
    assert result.stdout == ""


@pytest.mark.parametrize("change", ["delete", "binary"])
def test_fix_leaves_a_letter_that_changed_since_it_was_judged(
    write: Any, in_tmp: Path, change: str
) -> None:
    from apologia.commands.lint import apply_fixes
    from apologia.engine import DEFAULT_CONFIG, lint_path
    from conftest import GOOD

    letter = write("a.md", GOOD["ro"].replace("ț", "ţ"))
    report = lint_path("a.md", lang=None, config=DEFAULT_CONFIG)
    assert any(p.edit for p in report.problems)
    if change == "delete":
        letter.unlink()
    else:
        letter.write_bytes(b"\xff\xfe")
    assert apply_fixes([report]) == 0
    assert listing(in_tmp) == ([] if change == "delete" else ["a.md"])


@posix_only
def test_a_symlink_loop_in_a_folder_is_an_unreadable_letter(
    cli: Any, write: Any, in_tmp: Path
) -> None:
    write("good.md", GOOD["en"])
    (in_tmp / "b.md").symlink_to("c.md")
    (in_tmp / "c.md").symlink_to("b.md")
    result = cli("lint", ".")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "apologia: ./b.md: cannot read: Too many levels of symbolic links",
        "apologia: ./c.md: cannot read: Too many levels of symbolic links",
    ]
    assert "No problems in 1 file; 2 files could not be checked." in result.stdout
