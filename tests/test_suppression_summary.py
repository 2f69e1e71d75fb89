"""The job summary lists suppression comments: those a change adds with `--changed`
(found in the diff against the same base), every one without it."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import GOOD, git, put

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

ADDED = "### Suppressions added by this change"
HELD = "### Suppressions in these letters"
TOP = "<!-- apologia-disable-next-line no-blame, vague-apology -->\n"


@pytest.fixture
def repo(in_tmp: Path) -> Path:
    """main: two letters, one already holding a suppression; feature checked out."""
    put(in_tmp, "letters/old.md", TOP + GOOD["en"])
    put(in_tmp, "letters/edit.md", GOOD["en"])
    git(in_tmp, "init", "-q")
    git(in_tmp, "add", ".")
    git(in_tmp, "commit", "-qm", "letters")
    git(in_tmp, "switch", "-qc", "feature")
    return in_tmp


def section(summary: Path, title: str) -> str:
    text = summary.read_text("utf-8")
    assert title in text, text
    return text[text.index(title) :]


def lint_summary(cli: Any, root: Path, *extra: str) -> str:
    summary = root / "summary.md"
    r = cli("lint", "--summary", str(summary), "--format", "json", *extra)
    assert r.exit_code in (0, 1), r.stderr
    return summary.read_text("utf-8")


def test_a_change_that_adds_a_disable_comment_lists_it_with_file_and_line(
    cli: Any, repo: Path
) -> None:
    lines = GOOD["en"].splitlines(keepends=True)
    # A block disable in the middle of an edited letter, and a new letter disabling all.
    put(repo, "letters/edit.md", "".join([*lines[:2], "<!-- apologia-disable -->\n", *lines[2:]]))
    put(repo, "letters/new.md", "Hello.\n<!-- apologia-disable-next-line no-blame -->\n")
    # A name git quotes in its diff (a quote, a space, a non-ASCII letter), committed.
    put(repo, 'letters/we"ird é.md', "Hi.\n<!-- apologia-disable-next-line hedging -->\n")
    git(repo, "add", 'letters/we"ird é.md')
    git(repo, "add", "letters/edit.md")
    git(repo, "commit", "-qm", "silence")  # one committed, one untracked
    text = lint_summary(cli, repo, "--changed", "main")
    added = text[text.index(ADDED) :]
    assert "| letters/edit.md:3 | disable | all rules |" in added
    assert "| letters/new.md:2 | disable-next-line | no-blame |" in added
    assert '| letters/we"ird é.md:2 | disable-next-line | hedging |' in added
    # The suppression main already had is in a letter this change did not touch.
    assert "old.md" not in added


def test_an_unchanged_suppression_in_an_edited_letter_is_not_listed_as_added(
    cli: Any, repo: Path
) -> None:
    put(repo, "letters/old.md", TOP + GOOD["en"] + "\nOne more line of our own.\n")
    text = lint_summary(cli, repo, "--changed", "main")
    assert "in 1 file" in text.split(ADDED)[0]  # old.md was linted ...
    added = text[text.index(ADDED) :]
    assert "None: this change adds no `apologia-disable` comments." in added  # ... not listed
    # Editing the comment (here: one more rule silenced) makes it new: it is listed.
    put(repo, "letters/old.md", TOP.replace("no-blame,", "no-blame, hedging,") + GOOD["en"])
    (repo / "summary.md").unlink()
    added = lint_summary(cli, repo, "--changed", "main").split(ADDED)[1]
    assert "| letters/old.md:1 | disable-next-line | hedging, no-blame, vague-apology |" in added


def test_without_changed_every_suppression_is_listed(cli: Any, repo: Path) -> None:
    text = lint_summary(cli, repo, "letters")
    held = text[text.index(HELD) :]
    assert "| letters/old.md:1 | disable-next-line | no-blame, vague-apology |" in held
    assert "edit.md" not in held
    assert ADDED not in text


def test_no_suppressions_says_none(cli: Any, repo: Path) -> None:
    put(repo, "letters/edit.md", GOOD["en"] + "\nA new closing line.\n")
    text = lint_summary(cli, repo, "--changed", "main")
    assert "None: this change adds no `apologia-disable` comments." in text
    put(repo, "plain/a.md", GOOD["en"])
    (repo / "summary.md").unlink()
    text = lint_summary(cli, repo, "plain")
    assert "None: these letters hold no `apologia-disable` comments." in text


def test_the_list_is_bounded_and_ids_are_inert_markdown(cli: Any, repo: Path) -> None:
    many = "".join(f"<!-- apologia-disable a|b`{i} -->\n" for i in range(250))
    put(repo, "letters/many.md", GOOD["en"] + many)
    text = lint_summary(cli, repo, "--changed", "main").split(ADDED)[1]
    rows = [line for line in text.splitlines() if line.startswith("| letters/many.md:")]
    assert len(rows) == 200
    assert "… and 50 more." in text
    assert "a&#124;b&#96;0" in rows[0] and "`0" not in rows[0]
