"""Faults inside a batch: one letter the engine fails on, a worker that dies, a parent
killed while its workers run, an unbounded --jobs. Each is reported, never a traceback,
never a truncated report, never a process left behind."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from apologia import engine
from apologia.commands.lint import PARALLEL_THRESHOLD
from conftest import GOOD

COUNT = PARALLEL_THRESHOLD + 12
fork_only = pytest.mark.skipif(
    multiprocessing.get_start_method() != "fork",
    reason="the workers must inherit the patched engine (fork start method)",
)


@pytest.fixture
def letters(in_tmp: Path) -> list[str]:
    names = [f"{k:03d}.md" for k in range(COUNT)]
    for name in names:
        (in_tmp / name).write_text(GOOD["en"], encoding="utf-8")
    return names


def failing_on(name: str, fault: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The engine fails on the letter `name`: a bug of ours, or the process dies."""
    real = engine.lint_path

    def lint_path(path: str, **kwargs: Any) -> Any:
        if os.path.basename(path) == name:
            if fault == "dies":
                os._exit(70)  # as a crash in C or the OOM killer would: no reply
            raise RecursionError("maximum recursion depth exceeded")
        return real(path, **kwargs)

    monkeypatch.setattr(engine, "lint_path", lint_path)


def judged(stdout: str) -> tuple[list[str], dict[str, str]]:
    files = json.loads(stdout)["files"]  # the whole report, not cut off
    good = [os.path.basename(f["path"]) for f in files if not f.get("error")]
    bad = {os.path.basename(f["path"]): f["error"] for f in files if f.get("error")}
    return good, bad


@pytest.mark.parametrize("jobs", ["1", "2"], ids=["serial", "pool"])
@fork_only
def test_one_letter_the_engine_fails_on_is_reported_and_the_rest_judged(
    cli: Any, letters: list[str], monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    failing_on("020.md", "raises", monkeypatch)
    result = cli("lint", "--format", "json", "--jobs", jobs, ".")
    assert result.exit_code == 2, result.stderr
    good, bad = judged(result.stdout)
    assert list(bad) == ["020.md"]
    assert "could not be judged (RecursionError" in bad["020.md"]
    assert len(good) == COUNT - 1
    assert "Traceback" not in result.stderr


@fork_only
def test_a_worker_that_dies_is_reported_with_the_letters_it_held(
    cli: Any, letters: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    failing_on("020.md", "dies", monkeypatch)
    result = cli("lint", "--format", "json", "--jobs", "2", ".")
    assert result.exit_code == 2, (result.stderr, result.exception)
    good, bad = judged(result.stdout)
    assert "020.md" in bad
    assert all("the worker process judging this letter" in m for m in bad.values())
    assert "died" in bad["020.md"]
    # Only the dead worker's batch is lost: every other letter is judged, in order.
    assert 1 <= len(bad) <= 16 and len(good) + len(bad) == COUNT
    assert sorted([*good, *bad]) == letters
    assert "Traceback" not in result.stderr


def test_jobs_has_an_upper_bound(cli: Any, letters: list[str]) -> None:
    result = cli("lint", "--jobs", "100000", ".")
    assert result.exit_code == 2
    assert "--jobs" in result.stderr and "64" in result.stderr


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.append(int(entry.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_end_when_the_parent_is_killed(in_tmp: Path, apologia_exe: str) -> None:
    # Letters enough that the workers are still busy when the parent is killed.
    text = GOOD["en"] * 40
    for k in range(400):
        (in_tmp / f"{k:03d}.md").write_text(text, encoding="utf-8")
    parent = subprocess.Popen(
        [apologia_exe, "lint", "--jobs", "2", "--format", "json", "."],
        cwd=in_tmp,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: list[int] = []
    for _ in range(600):  # up to a minute for the pool to start
        workers = _children(parent.pid)
        if len(workers) >= 2 or parent.poll() is not None:
            break
        time.sleep(0.1)
    assert parent.poll() is None and workers, "the pool never started"
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    for _ in range(300):  # the watch notices within a second; allow a busy machine
        if not any(_alive(w) for w in workers):
            break
        time.sleep(0.1)
    left = [w for w in workers if _alive(w)]
    for w in left:
        os.kill(w, signal.SIGKILL)
    assert not left, f"workers {left} outlived their parent"


@pytest.mark.parametrize("jobs", ["1", "2"], ids=["serial", "pool"])
def test_a_bad_extra_pattern_is_reported_on_each_letter_of_its_language(
    cli: Any, letters: list[str], in_tmp: Path, jobs: str
) -> None:
    # The pool loads every lexicon before it starts its workers: a lexicon that cannot
    # be built there is still reported letter by letter, and the other languages judged.
    (in_tmp / ".apologia.yaml").write_text(
        'lexicon:\n  es:\n    regret:\n      - "{lo sentimos"\n', encoding="utf-8"
    )
    for k in range(3):
        (in_tmp / f"es{k}.md").write_text(GOOD["es"], encoding="utf-8")
    result = cli("lint", "--format", "json", "--jobs", jobs, ".")
    assert result.exit_code == 2, result.stderr
    good, bad = judged(result.stdout)
    assert sorted(good) == letters
    assert sorted(bad) == ["es0.md", "es1.md", "es2.md"]
    assert all(
        m.endswith("lexicon.es: bad lexicon pattern: '{lo sentimos': missing '}'")
        for m in bad.values()
    ), bad
    assert "Traceback" not in result.stderr
