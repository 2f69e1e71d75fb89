"""`apologia init`: a commented starter that `draft` accepts as it is, never overwritten."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Cli = Callable[..., Any]


@pytest.mark.parametrize("lang", ["en", "es", "ro"])
def test_starter_is_accepted_by_draft(cli: Cli, in_tmp: Path, lang: str) -> None:
    result = cli("init", "--lang", lang)
    assert result.exit_code == 0, result.output
    text = (in_tmp / "incident.yaml").read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=incident.schema.json\n")
    assert "apologia schema > incident.schema.json" in text
    assert f"lang: {lang}" in text
    drafted = cli("draft", "incident.yaml")
    assert drafted.exit_code == 0, drafted.stderr
    assert drafted.stdout.startswith(f"---\nlang: {lang}\n")


def test_named_file_and_never_overwrite(cli: Cli, in_tmp: Path) -> None:
    assert cli("init", "mine.yaml").exit_code == 0
    (in_tmp / "mine.yaml").write_text("edited")
    again = cli("init", "mine.yaml", "--lang", "es")
    assert again.exit_code == 2 and "never overwrites" in again.stderr
    assert (in_tmp / "mine.yaml").read_text() == "edited"


def test_unknown_language(cli: Cli, in_tmp: Path) -> None:
    result = cli("init", "--lang", "fr")
    assert result.exit_code == 2 and "use en, es or ro" in result.stderr
    assert not (in_tmp / "incident.yaml").exists()
