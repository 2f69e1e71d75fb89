"""What the system refuses is one line and exit 2, never a traceback read as exit 1:
a name longer than it allows, stdout on a full device."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from conftest import GOOD
from test_incident_fixtures import filled_starter

INCIDENT = filled_starter()
LONG = "n" * 5000  # past NAME_MAX (255) and PATH_MAX (4096) on every common system


@pytest.mark.parametrize(
    "args",
    [
        ["lint", f"{LONG}.md"],
        ["lint", "--config", f"{LONG}.yaml", "good.md"],
        ["lint", "--changed", LONG],
        ["draft", "inc.yaml", "-o", f"{LONG}.md"],
        ["draft", f"{LONG}.yaml"],
        ["check-drafts", f"{LONG}.yaml"],
    ],
    ids=["letter", "config", "ref", "output", "incident", "check-drafts"],
)
def test_a_name_longer_than_the_system_allows_is_one_line(
    cli: Any, write: Any, args: list[str]
) -> None:
    write("good.md", GOOD["en"])
    write("inc.yaml", INCIDENT)
    result = cli(*args)
    assert result.exit_code == 2, (result.stdout, result.stderr, result.exception)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("apologia: "), result.stderr
    assert len(lines[0]) < 700  # the name is cut short, not printed whole
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize(
    "args",
    [
        ["lint", "good.md"],
        ["lint", "--format", "json", "good.md"],
        ["draft", "inc.yaml"],
        ["rules"],
    ],
    ids=["lint text", "lint json", "draft", "rules"],
)
def test_a_failed_write_to_stdout_is_one_line(
    in_tmp: Path, apologia_exe: str, args: list[str]
) -> None:
    (in_tmp / "good.md").write_text(GOOD["en"], encoding="utf-8")
    (in_tmp / "inc.yaml").write_text(INCIDENT, encoding="utf-8")
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [apologia_exe, *args], cwd=in_tmp, stdout=full, stderr=subprocess.PIPE, text=True
        )
    assert done.returncode == 2
    assert done.stderr == "apologia: cannot write the output: No space left on device\n"


@pytest.mark.parametrize("amount", ["1e400", "9" * 40, ".inf"])
def test_an_amount_too_large_to_format_is_the_incident_files_fault(
    cli: Any, write: Any, amount: str
) -> None:
    offer = f"  - amount: {amount}\n    currency: USD\n    text: A refund of the fee\n"
    write("inc.yaml", INCIDENT.replace("  - A full refund of the shipping cost\n", offer))
    result = cli("draft", "inc.yaml")
    assert result.exit_code == 2
    assert result.stderr.startswith("apologia: inc.yaml:"), result.stderr
    assert "value[0].amount:" in result.stderr and "template" not in result.stderr
