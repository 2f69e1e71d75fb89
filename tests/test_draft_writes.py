"""`draft -o` writes only regular files inside the output's folder, leaves no temporary
file behind when killed by SIGTERM or SIGHUP, and never replaces a file that another run
created after this one looked."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from apologia.errors import ApologiaError
from apologia.files import atomic_write
from test_incident_fixtures import filled_starter

INCIDENT = filled_starter()
posix = pytest.mark.skipif(os.name != "posix", reason="FIFOs, symlinks and signals are POSIX")


def exit_2(result: Any, message: str) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 2, result.stderr
    assert message in result.stderr, result.stderr
    assert "wrote" not in result.stderr


@posix
def test_force_never_replaces_a_fifo(cli: Any, write: Any, in_tmp: Path) -> None:
    write("inc.yaml", INCIDENT)
    os.mkfifo(in_tmp / "pipe")
    exit_2(cli("draft", "inc.yaml", "-o", "pipe", "--force"), "not a regular file")
    assert (in_tmp / "pipe").is_fifo()


@posix
def test_force_never_writes_through_a_link_out_of_the_folder(
    cli: Any, write: Any, in_tmp: Path
) -> None:
    write("inc.yaml", INCIDENT)
    outside = write("elsewhere/keep.txt", "precious\n")
    (in_tmp / "letters").mkdir()
    (in_tmp / "letters" / "a.md").symlink_to(outside)
    exit_2(cli("draft", "inc.yaml", "-o", "letters/a.md", "--force"), "outside letters")
    assert outside.read_text() == "precious\n"
    assert sorted(p.name for p in (in_tmp / "letters").iterdir()) == ["a.md"]


@posix
def test_force_writes_through_a_link_inside_the_folder(cli: Any, write: Any, in_tmp: Path) -> None:
    write("inc.yaml", INCIDENT)
    real = write("letters/real.md", "old\n")
    (in_tmp / "letters" / "a.md").symlink_to("real.md")
    result = cli("draft", "inc.yaml", "-o", "letters/a.md", "--force")
    assert result.exit_code == 0, result.stderr
    assert (in_tmp / "letters" / "a.md").is_symlink()
    assert real.read_text().startswith("---\nlang: en\n")


def test_a_file_created_after_the_check_is_not_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Another draft creates the letter while this one is writing its temporary file.
    target = tmp_path / "a.md"
    real_fsync = os.fsync

    def other_run_wins(fd: int) -> None:
        real_fsync(fd)
        target.write_text("the other run's letter\n")

    monkeypatch.setattr(os, "fsync", other_run_wins)
    with pytest.raises(ApologiaError, match="file exists"):
        atomic_write(target, b"this run's letter\n", force=False)
    assert target.read_text() == "the other run's letter\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


# The child blocks inside the write (in fsync, with the temporary file open) and says so.
CHILD = """
import os, sys, time
from pathlib import Path
def stuck(fd):
    Path("writing").touch()
    time.sleep(60)
os.fsync = stuck
from apologia.cli import main_entry
sys.argv = ["apologia", "draft", "inc.yaml", "-o", "letter.md"]
main_entry()
"""


@posix
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_during_the_write_leaves_no_temporary_file(tmp_path: Path, signum: int) -> None:
    (tmp_path / "inc.yaml").write_text(INCIDENT)
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD], cwd=tmp_path, stderr=subprocess.PIPE, text=True
    )
    try:
        for _ in range(600):  # until the child is inside the write (or gone)
            if (tmp_path / "writing").exists() or child.poll() is not None:
                break
            time.sleep(0.05)
        assert (tmp_path / "writing").exists(), child.communicate()[1]
        child.send_signal(signum)
        _, stderr = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signum, stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inc.yaml", "writing"]
