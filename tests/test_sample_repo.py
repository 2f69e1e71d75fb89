"""A customer-comms repository as support teams keep one (tests/sample-repo): letters in
Markdown, text, HTML, MJML and .eml, templates with placeholders, a bilingual letter, a
French one, README/CHANGELOG/LICENSE/CONTRIBUTING, notes, and a vendored folder and a
scratch file in .gitignore. `apologia lint .`, the pre-commit hook and the Action's
script must report exactly the problems of its bad letters, and nothing else.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, git

SAMPLE = Path(__file__).resolve().parent / "sample-repo"

# (path, line, rule) of every problem of the bad letters; lines point into the files.
EXPECTED = {
    ("letters/2024/09-lost-parcel.en.eml", 1, "missing-step"),  # responsibility
    ("letters/2024/09-lost-parcel.en.eml", 1, "missing-step"),  # explanation
    ("letters/2024/09-lost-parcel.en.eml", 1, "missing-step"),  # fix
    ("letters/2024/09-lost-parcel.en.eml", 16, "regret-before-remedy"),
    ("letters/2024/09-lost-parcel.en.eml", 18, "blame-shift"),
    ("letters/2024/10-blamed-courier.en.md", 6, "blame-shift"),
    ("letters/2024/11-outage-sorry-first.en.html", 4, "regret-before-remedy"),
    ("letters/2024/11-outage-sorry-first.en.html", 4, "minimizing"),
}
EXPECTED_COUNT = 8
BAD = {path for path, _, _ in EXPECTED}
SKIPPED = {
    "letters/fr/retard.md": "unsupported language (French), not judged",
    "notes/order-confirmation.txt": "not an apology",
    "notes/team-meeting.md": "not an apology",
}


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """The sample repository, committed in a git repository of its own."""
    root = tmp_path / "customer-comms"
    shutil.copytree(SAMPLE, root)
    (root / "gitignore").rename(root / ".gitignore")
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-qm", "letters")
    return root


def test_lint_dot_reports_exactly_the_bad_letters(apologia_exe: str, sample: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "NO_COLOR")}
    done = subprocess.run(
        [apologia_exe, "lint", "--format", "json", "."],
        cwd=sample,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr == ""
    doc = json.loads(done.stdout)
    files = {os.path.normpath(f["path"]): f for f in doc["files"]}
    found = [(path, p["line"], p["rule"]) for path, f in files.items() for p in f["problems"]]
    assert len(found) == EXPECTED_COUNT and set(found) == EXPECTED
    # What is not a letter was never read; what is not judged says why.
    assert not any(p.startswith("vendor") or "README" in p or "CHANGELOG" in p for p in files)
    assert "letters/draft.tmp.md" not in files
    assert {
        p: f.get("skipped") or "not an apology"
        for p, f in files.items()
        if f.get("skipped") or f.get("apology") is False
    } == SKIPPED
    assert {p for p, f in files.items() if f["problems"]} == BAD
    # The good letters in every format were judged, each in its language.
    langs = {p: f["lang"] for p, f in files.items() if not f["problems"] and p not in SKIPPED}
    assert langs == {
        "letters/2024/03-late-parcel.en.md": "en",
        "letters/2024/04-wrong-size.es.txt": "es",
        "letters/2024/05-outage.en.html": "en",
        "letters/2024/06-installer.ro.mjml": "ro",
        "letters/2024/07-invoice.en.eml": "en",
        "letters/2024/08-double-charge.bilingual.md": "en+es",
        "letters/templates/missed-delivery.en.md": "en",
    }


def test_verbose_lists_what_was_skipped(apologia_exe: str, sample: Path) -> None:
    done = subprocess.run(
        [apologia_exe, "lint", "--quiet", "--verbose", "."],
        cwd=sample,
        capture_output=True,
        text=True,
        check=False,
    )
    skipped = dict(
        line.removeprefix("apologia: skipped ").split(": ", 1) for line in done.stderr.splitlines()
    )
    assert skipped["./vendor/"] == "ignored by .gitignore"
    assert skipped["./letters/draft.tmp.md"] == "ignored by .gitignore"
    for doc in ("README.md", "CHANGELOG.md", "LICENSE", "CONTRIBUTING.md"):
        assert skipped[f"./{doc}"].startswith("a repository document, excluded by default")


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_the_actions_script_reports_the_same(sample: Path, tmp_path: Path) -> None:
    from test_integrations import _run_lint_step

    summary = tmp_path / "summary.md"
    runner = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    done, _ = _run_lint_step(sample, tmp_path, env_extra=runner)  # paths: "." by default
    assert done.returncode == 1, done.stderr
    found = []
    for line in done.stdout.splitlines():
        m = re.match(r"::(?:error|warning) file=([^,]+),line=(\d+),.*title=([\w-]+)::", line)
        assert m, line
        found.append((m.group(1), int(m.group(2)), m.group(3)))
    assert len(found) == EXPECTED_COUNT and set(found) == EXPECTED
    assert summary.read_text("utf-8").startswith(
        "## apologia: 8 problems (7 errors, 1 warnings) in 13 files"
    )


@pytest.mark.skipif(
    os.environ.get("APOLOGIA_TRY_REPO") != "1",
    reason="slow, installs apologia with pip: set APOLOGIA_TRY_REPO=1",
)
def test_the_pre_commit_hook_reports_the_same(sample: Path, tmp_path: Path) -> None:
    exe = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
    if not Path(exe).exists():
        pytest.skip("pre-commit is not installed")
    source = tmp_path / "apologia"
    git(tmp_path, "clone", "-q", str(REPO), str(source))
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    env.pop("GITHUB_ACTIONS", None)
    done = subprocess.run(
        [exe, "try-repo", str(source), "apologia-lint", "--all-files"],
        cwd=sample,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    found = [
        (m.group(1), int(m.group(2)), m.group(3))
        for m in re.finditer(r"^(\S+):(\d+):\d+: (?:error|warning) ([\w-]+) ", done.stdout, re.M)
    ]
    assert len(found) == EXPECTED_COUNT and set(found) == EXPECTED, done.stdout


def test_sample_files_are_what_this_test_says(sample: Path) -> None:
    tracked = git(sample, "ls-files").split()
    assert "vendor/mail-theme/sample.html" not in tracked  # .gitignore'd, as in real life
    assert {"README.md", "CHANGELOG.md", "LICENSE", "CONTRIBUTING.md"} <= set(tracked)
