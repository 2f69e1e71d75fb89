"""Values Python cannot build (impossible dates, integers over 4,300 digits, sizes that
overflow) and templates nested past Python's limits: exit 2 with one line naming the
file and line, never a traceback read as "problems found" (exit 1)."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import GOOD
from test_incident_fixtures import filled_starter

INCIDENT = filled_starter()
HUGE = "9" * 5000  # Python refuses to convert more than 4,300 digits


def one_line(result: Any) -> str:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("apologia: "), lines[0]
    return lines[0]


@pytest.mark.parametrize("value", ["2024-02-30", "0000-01-01", HUGE])
def test_front_matter_value_python_cannot_build(cli: Any, write: Any, value: str) -> None:
    write("a.md", f"---\nlang: en\ndate: {value}\n---\n{GOOD['en']}")
    line = one_line(cli("lint", "a.md"))
    assert line.startswith("apologia: a.md:3:7: front matter: "), line
    assert ("invalid date" if "-" in value else "number too long") in line


@pytest.mark.parametrize(
    ("value", "message"),
    [("2024-02-30", "invalid date '2024-02-30'"), (HUGE, "number too long")],
)
def test_incident_value_python_cannot_build(cli: Any, write: Any, value: str, message: str) -> None:
    write("inc.yaml", INCIDENT.replace("apologia: 1", f"apologia: 1\nextra: {value}", 1))
    line = one_line(cli("draft", "inc.yaml"))
    assert line.startswith("apologia: inc.yaml:"), line
    assert message in line


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("templates: 2024-02-30\n", ".apologia.yaml:1:12: invalid date"),
        (f"max_file_size: {HUGE}\n", ".apologia.yaml:1:16: number too long"),
        ("max_file_size: 99999999999999999999999\n", "max_file_size: too large"),
        ('max_file_size: "99999999999999999999 MiB"\n', "max_file_size: too large"),
    ],
)
def test_config_value_python_cannot_use(cli: Any, write: Any, config: str, message: str) -> None:
    write(".apologia.yaml", config)
    write("a.md", GOOD["en"])
    assert message in one_line(cli("lint", "a.md"))


def test_toml_integer_over_the_digit_limit(cli: Any, write: Any) -> None:
    write("pyproject.toml", f"[tool.apologia]\nmax_file_size = {HUGE}\n")
    write("a.md", GOOD["en"])
    line = one_line(cli("lint", "a.md"))
    assert line.startswith("apologia: pyproject.toml"), line
    assert "number too long" in line


def test_date_in_config_is_named_as_a_date(cli: Any, write: Any) -> None:
    write(".apologia.yaml", "templates: 2024-01-01\n")
    write("a.md", GOOD["en"])
    line = one_line(cli("lint", "a.md"))
    assert line.endswith("templates: expected a folder path, got 2024-01-01 (a date)"), line


@pytest.mark.parametrize("depth", [5000, 200])
def test_deeply_nested_template(cli: Any, write: Any, depth: int) -> None:
    write("inc.yaml", INCIDENT)
    write("tpl/en/letter.md.j2", "{% if true %}" * depth + "x" + "{% endif %}" * depth)
    line = one_line(cli("draft", "inc.yaml", "--templates", "tpl"))
    assert line.startswith("apologia: tpl/en/letter.md.j2"), line
    assert "nested too deeply" in line
