"""Every listing of languages, lint formats and draft formats is read from its registry:
the CLI's choices, messages and validation stay in step, and a language is data only."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from apologia import languages
from apologia.cli import app
from apologia.formatters import FORMATTERS
from apologia.render import FORMATS, shipped_templates

PACKAGE = Path(languages.__file__).resolve().parent


def choices(command: str, option: str) -> list[str]:
    group = typer.main.get_command(app)
    cmd = group.commands[command]  # type: ignore[attr-defined]
    (param,) = [p for p in cmd.params if option in p.opts]
    return list(param.type.choices)


def test_cli_choices_are_the_registries() -> None:
    assert choices("lint", "--format") == list(FORMATTERS)
    assert choices("draft", "--format") == list(FORMATS)


def test_languages_are_the_lexicon_files_and_each_has_its_drafting_data() -> None:
    lexicons = sorted(p.stem for p in (PACKAGE / "lexicons").glob("*.yaml"))
    assert list(languages.LANGS) == lexicons == ["en", "es", "ro"]
    for lang in languages.LANGS:
        assert (PACKAGE / "locale_data" / f"{lang}.yaml").is_file(), lang
        assert (shipped_templates() / lang / "letter.j2").is_file(), lang


@pytest.mark.parametrize(
    ("tag", "lang"),
    [("es-MX", "es"), ("en_GB", "en"), ("RO", "ro"), ("ro-RO", "ro"), ("fr-FR", None), ("", None)],
)
def test_a_language_tag_resolves_to_its_base_language(tag: str, lang: str | None) -> None:
    assert languages.base(tag) == lang


def test_messages_name_every_language(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "apologia", "init", "--lang", "fr", str(tmp_path / "i.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 2
    assert run.stderr.strip().endswith("use en, es or ro")


def test_a_new_language_is_a_lexicon_file_and_no_code(tmp_path: Path) -> None:
    # A copy of the package with one more lexicon: lint takes it as a choice and uses it.
    copy = tmp_path / "site" / "apologia"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    en = (PACKAGE / "lexicons" / "en.yaml").read_text(encoding="utf-8")
    (copy / "lexicons" / "xx.yaml").write_text(
        en.replace("lang: en", "lang: xx").replace("  regret:\n", "  regret:\n    - zorry\n", 1),
        encoding="utf-8",
    )
    letter = tmp_path / "a.md"
    letter.write_text("---\nlang: xx\n---\nZorry, Ana.\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site"), "APOLOGIA_CACHE_DIR": ""}
    help_run = subprocess.run(
        [sys.executable, "-m", "apologia", "lint", "--help"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "auto, en, es, ro, xx, or a BCP 47 tag" in " ".join(help_run.stdout.split())
    run = subprocess.run(
        [sys.executable, "-m", "apologia", "lint", "-f", "json", "--show-steps", str(letter)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1, run.stderr  # missing steps
    (judged,) = json.loads(run.stdout)["files"]
    assert judged["lang"] == "xx"
    assert [(s["step"], s["cue"]) for s in judged["steps"]] == [("regret", "Zorry")]
