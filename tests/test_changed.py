"""`apologia lint --changed [REF]` in real temporary git repositories."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from conftest import BLAME, GOOD, git, put, report_json

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

Cli = Any


@pytest.fixture
def repo(in_tmp: Path) -> Path:
    """main: a clean set of letters; feature (checked out): its own changes on top."""
    for name in ("keep.md", "gone.md", "letters/old.md", "letters/edited.md"):
        put(in_tmp, name, GOOD["en"])
    put(in_tmp, "notes.py", "x = 1\n")
    git(in_tmp, "init", "-q")
    git(in_tmp, "add", ".")
    git(in_tmp, "commit", "-qm", "letters")
    git(in_tmp, "switch", "-qc", "feature")
    put(in_tmp, "letters/bad.md", BLAME)  # added, with a blamed courier
    put(in_tmp, "letters/edited.md", GOOD["es"])  # modified
    git(in_tmp, "mv", "letters/old.md", "letters/new.md")  # renamed
    git(in_tmp, "rm", "-q", "gone.md")  # deleted
    put(in_tmp, "notes.py", "x = 2\n")  # changed, but not a letter
    put(in_tmp, ".github/pull_request_template.md", GOOD["en"])  # hidden folder
    git(in_tmp, "add", ".")
    git(in_tmp, "commit", "-qm", "feature work")
    return in_tmp


def linted(result: Any) -> list[str]:
    return [f["path"] for f in report_json(result)["files"]]


FEATURE = ["letters/bad.md", "letters/edited.md", "letters/new.md"]


def test_bare_flag_compares_with_the_merge_base_of_main(cli: Cli, repo: Path) -> None:
    # bare --changed followed by another option: the ref is not swallowed
    r = cli("lint", "--changed", "--format", "json")
    assert r.exit_code == 1, r.stderr
    assert linted(r) == FEATURE  # not keep.md (unchanged), gone.md (deleted), notes.py
    problems = json.loads(r.stdout)["files"][0]["problems"]
    assert [p["rule"] for p in problems] == ["blame-shift"]


def test_bare_flag_at_the_end_of_the_line(cli: Cli, repo: Path) -> None:
    r = cli("lint", "-f", "json", "--changed")
    assert (r.exit_code, linted(r)) == (1, FEATURE)


def test_merge_base_not_the_tip_of_main(cli: Cli, repo: Path) -> None:
    # main moves on after the branch point: its new letters are not this branch's changes
    git(repo, "switch", "-q", "main")
    put(repo, "later-on-main.md", BLAME)
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "main moves on")
    git(repo, "switch", "-q", "feature")
    r = cli("lint", "-f", "json", "--changed")
    assert linted(r) == FEATURE


def test_explicit_ref(cli: Cli, repo: Path) -> None:
    assert linted(cli("lint", "--changed", "main", "-f", "json")) == FEATURE
    assert linted(cli("lint", "--changed=main", "-f", "json")) == FEATURE
    # against HEAD only uncommitted work counts: nothing yet
    r = cli("lint", "--changed", "HEAD", "-f", "json")
    assert r.exit_code == 0 and linted(r) == []
    assert r.stderr == "apologia: no changed letters to lint\n"


def test_staged_unstaged_and_untracked_letters_count(cli: Cli, repo: Path) -> None:
    put(repo, "keep.md", GOOD["ro"])  # unstaged edit
    put(repo, "staged.txt", GOOD["es"])
    git(repo, "add", "staged.txt")  # staged new file
    put(repo, "letters/draft.md", BLAME)  # untracked
    put(repo, "ignored.md", BLAME)
    put(repo, ".gitignore", "ignored.md\n")  # ignored: not a change
    (repo / "letters" / "edited.md").unlink()  # deleted, not yet staged
    r = cli("lint", "--changed", "HEAD", "-f", "json")
    assert linted(r) == ["keep.md", "letters/draft.md", "staged.txt"]


def test_paths_are_relative_to_a_subfolder_and_narrow_the_set(
    cli: Cli, repo: Path, monkeypatch: Any
) -> None:
    put(repo, "top.md", BLAME)  # untracked, outside the subfolder
    monkeypatch.chdir(repo / "letters")
    everything = cli("lint", "--changed", "-f", "json")
    assert linted(everything) == ["../top.md", "bad.md", "edited.md", "new.md"]
    narrowed = cli("lint", ".", "--changed", "-f", "json")
    assert linted(narrowed) == ["bad.md", "edited.md", "new.md"]
    one = cli("lint", "new.md", "--changed", "-f", "json")
    assert (one.exit_code, linted(one)) == (0, ["new.md"])


def test_config_exclude_is_respected(cli: Cli, repo: Path) -> None:
    put(repo, ".apologia.yaml", "exclude:\n  - letters/bad.md\n")
    r = cli("lint", "--changed", "-f", "json")
    assert (r.exit_code, linted(r)) == (0, ["letters/edited.md", "letters/new.md"])


def test_no_default_branch_needs_a_ref(cli: Cli, repo: Path) -> None:
    git(repo, "branch", "-m", "main", "trunk")
    r = cli("lint", "--changed")
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr == (
        "apologia: --changed: no default branch found (origin/HEAD, origin/main, "
        "origin/master, main, master); name one: --changed REF\n"
    )
    assert linted(cli("lint", "--changed", "trunk", "-f", "json")) == FEATURE


def test_origin_head_wins_over_a_local_main(cli: Cli, repo: Path) -> None:
    # CI clones have origin/HEAD; a stale local main must not decide the base.
    git(repo, "update-ref", "refs/remotes/origin/trunk", "feature~1")
    git(repo, "symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/trunk")
    git(repo, "branch", "-f", "main", "feature")  # local main already has the work
    assert linted(cli("lint", "--changed", "-f", "json")) == FEATURE


def test_unknown_ref_is_one_line_exit_2(cli: Cli, repo: Path) -> None:
    r = cli("lint", "--changed", "no-such-branch")
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr == "apologia: --changed: unknown git ref 'no-such-branch'\n"
    # a folder after --changed is read as the ref: the message says how to write it
    r = cli("lint", "--changed", "letters")
    assert r.exit_code == 2 and len(r.stderr.splitlines()) == 1
    assert "apologia lint letters --changed" in r.stderr


def test_ref_cannot_smuggle_a_git_option(cli: Cli, repo: Path) -> None:
    r = cli("lint", "--changed=--output=pwned.txt")
    assert r.exit_code == 2 and "not a git ref" in r.stderr
    assert not (repo / "pwned.txt").exists()


def test_outside_git_exits_2_with_one_line(cli: Cli, in_tmp: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(in_tmp.parent))
    put(in_tmp, "a.md", BLAME)
    r = cli("lint", "--changed")
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr == (
        "apologia: --changed works inside a git repository only; name the letters to lint instead\n"
    )


def test_stdin_and_changed_do_not_mix(cli: Cli, repo: Path) -> None:
    r = cli("lint", "-", "--changed", input=BLAME)
    assert r.exit_code == 2 and "cannot take - (stdin)" in r.stderr


def test_nothing_changed_still_prints_a_valid_sarif_report(cli: Cli, repo: Path) -> None:
    r = cli("lint", "--changed", "HEAD", "--format", "sarif")
    assert r.exit_code == 0
    assert json.loads(r.stdout)["runs"][0]["results"] == []


def test_installed_command(apologia_exe: str, repo: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    r = subprocess.run(
        [apologia_exe, "lint", "--changed", "--quiet"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert r.returncode == 1, r.stderr
    assert r.stdout.startswith("letters/bad.md:7:1: error blame-shift ")
    assert "Traceback" not in r.stderr


def test_parent_folder_as_path(cli: Cli, repo: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(repo / "letters")
    r = cli("lint", "..", "--changed", "-f", "json")
    assert linted(r) == ["bad.md", "edited.md", "new.md"]


def test_shallow_single_branch_clone_says_fetch_depth(
    cli: Cli, repo: Path, tmp_path_factory: Any, monkeypatch: Any
) -> None:
    # A push to main checked out as CI does by default: one branch, one commit deep.
    # The base found is main itself; "no changed letters" would pass without looking.
    clone = tmp_path_factory.mktemp("ci") / "clone"
    git(repo, "switch", "-q", "main")
    git(
        repo.parent,
        "clone",
        "-q",
        "--depth",
        "1",
        "--single-branch",
        "--branch",
        "main",
        f"file://{repo}",
        str(clone),
    )
    monkeypatch.chdir(clone)
    r = cli("lint", "--changed")
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr.startswith("apologia: --changed: the base found (origin/HEAD) is this branch")
    assert "fetch-depth: 0" in r.stderr
    # Naming the ref is an answer the user chose: it runs.
    assert cli("lint", "--changed", "HEAD").exit_code == 0
