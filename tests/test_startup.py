"""Start-up: a command imports only what it needs (a test of behaviour, not of time).

`python -X importtime` lists every module a run imports; a module on the deny list
fails the test by name, so a stray top-level import shows up here before it shows up
in a benchmark.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# Heavy libraries no lint run needs unless its letters or options ask for them.
HEAVY = ("rich", "jinja2", "babel", "pydantic", "pydantic_core")


def imported(args: list[str], cwd: Path, cache: Path) -> set[str]:
    """Top-level names of every module `python -m apologia ARGS` imports."""
    env = {**os.environ, "APOLOGIA_CACHE_DIR": str(cache)}
    for var in ("FORCE_COLOR", "GITHUB_ACTIONS", "TYPER_USE_RICH"):
        env.pop(var, None)
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "apologia", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode in (0, 1), run.stderr[-2000:]
    names = set()
    for line in run.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    assert "apologia" in names, run.stderr[-2000:]  # the listing was read at all
    return names


@pytest.fixture
def warm(tmp_path: Path) -> tuple[Path, Path]:
    """(folder with a.txt and a.md, lexicon cache) after one run has filled the cache."""
    letters = tmp_path / "letters"
    letters.mkdir()
    text = (
        "Dear Ms Quinn,\n\nWe have refunded the full price of the lamp. The wrong colour "
        "was our mistake. We are sorry.\n\nKind regards,\nAna\n"
    )
    (letters / "a.txt").write_text(text, encoding="utf-8")
    (letters / "a.md").write_text(text.replace("lamp", "*lamp*"), encoding="utf-8")
    numbered = text.replace("The wrong", "\n1. The wrong")  # an ordered list: structure
    (letters / "numbered.md").write_text(numbered, encoding="utf-8")
    cache = tmp_path / "cache"
    imported(["lint", "--format", "json", "a.txt"], letters, cache)
    return letters, cache


def test_version_imports_nothing_heavy(warm: tuple[Path, Path]) -> None:
    names = imported(["--version"], *warm)
    assert names.isdisjoint({*HEAVY, "yaml", "markdown_it"}), sorted(names)


def test_json_lint_of_a_plain_text_letter_imports_nothing_heavy(warm: tuple[Path, Path]) -> None:
    # Plain text needs no Markdown parser; a warm lexicon cache needs no YAML.
    names = imported(["lint", "--format", "json", "a.txt"], *warm)
    assert names.isdisjoint({*HEAVY, "yaml", "markdown_it"}), sorted(names)


def test_json_lint_of_markdown_paragraphs_needs_no_markdown_parser(
    warm: tuple[Path, Path],
) -> None:
    # Only paragraphs (inline emphasis aside): nothing for a Markdown parser to find.
    names = imported(["lint", "--format", "json", "a.md"], *warm)
    assert names.isdisjoint({*HEAVY, "yaml", "markdown_it"}), sorted(names)


def test_json_lint_of_an_ordered_list_imports_only_the_markdown_parser(
    warm: tuple[Path, Path],
) -> None:
    names = imported(["lint", "--format", "json", "numbered.md"], *warm)
    assert "markdown_it" in names
    assert names.isdisjoint({*HEAVY, "yaml"}), sorted(names)


def test_a_cold_cache_costs_yaml_but_still_no_heavy_library(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("We are sorry.\n", encoding="utf-8")
    names = imported(["lint", "--format", "json", "a.txt"], tmp_path, tmp_path / "cold")
    assert "yaml" in names  # the lexicons are read from YAML once, then from the cache
    assert names.isdisjoint(HEAVY), sorted(names)
    assert list((tmp_path / "cold").glob("lexicon-*.marshal"))
