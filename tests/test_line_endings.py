"""Letters from Windows checkouts (`core.autocrlf`: CRLF) and old Mac files (CR only)
are read as the same letter with LF: front matter included."""

from __future__ import annotations

import json
from typing import Any

import pytest

from conftest import BLAME, GOOD

ENDINGS = {"LF": "\n", "CRLF": "\r\n", "CR": "\r"}


def problems(cli: Any, write: Any, text: str, newline: str) -> tuple[int, list[Any]]:
    write("letter.md", text.replace("\n", newline).encode("utf-8"))
    result = cli("lint", "--format", "json", "letter.md")
    report = json.loads(result.stdout)["files"][0]
    assert "error" not in report or not report["error"], report
    found = [(p["rule"], p["line"], p["column"]) for p in report["problems"]]
    return result.exit_code, found


@pytest.mark.parametrize("ending", ["CRLF", "CR"])
def test_front_matter_reads_the_same_with_any_line_ending(
    cli: Any, write: Any, ending: str
) -> None:
    # Unread front matter would be judged as the letter's first lines, moving every line.
    text = "---\nlang: en\nseverity: minor\n---\n" + BLAME
    expected = problems(cli, write, text, "\n")
    assert expected[0] == 1 and expected[1]  # the blame is found, on its own line
    assert problems(cli, write, text, ENDINGS[ending]) == expected


@pytest.mark.parametrize("ending", ["CRLF", "CR"])
def test_bad_front_matter_is_placed_on_its_line_with_any_line_ending(
    cli: Any, write: Any, ending: str
) -> None:
    newline = ENDINGS[ending]
    write("letter.md", ("---\nlang: xx\n---\n" + GOOD["en"]).replace("\n", newline).encode())
    result = cli("lint", "letter.md")
    assert result.exit_code == 2
    assert result.stderr.startswith("apologia: letter.md:2:"), result.stderr
    assert "never closed" not in result.stderr
