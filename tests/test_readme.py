"""The README and CHANGELOG tell the truth: the first two commands, the rules table, the
output pasted in the quick start, the incident fields, links, and the version."""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import subprocess
from typing import Any

import pytest
from typer.testing import CliRunner

from apologia import __version__
from apologia.cli import app
from conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
CHANGELOG = REPO / "CHANGELOG.md"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.S | re.M)

INSTALL_AND_RUN = (
    "python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/apologia draft "
    "examples/incidents/northwind-textbooks.yaml && .venv/bin/apologia lint examples/letters/\n"
)
RUN_TESTS = (
    "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/python -m pytest\n"
)


def section(heading: str) -> str:
    """The text under `heading` up to the next heading of the same or a higher level."""
    level = heading.split(" ", 1)[0]
    start = README.index(f"\n{heading}\n") + len(heading) + 2
    m = re.compile(rf"^#{{1,{len(level)}}} ", re.M).search(README, start)
    return README[start : m.start() if m else len(README)]


def table(text: str, header: str) -> list[list[str]]:
    """Rows of the Markdown table that starts with `header`, cells stripped."""
    lines = text[text.index(header) :].splitlines()
    rows = []
    for line in lines[2:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


# --- the first two commands ------------------------------------------------------------


def test_the_first_two_commands_come_first_and_unchanged() -> None:
    blocks = FENCE.findall(README)
    assert blocks[0] == ("sh", INSTALL_AND_RUN)
    assert blocks[1] == ("sh", RUN_TESTS)
    assert README.index(INSTALL_AND_RUN) < README.index("\n## ")


# --- rules -----------------------------------------------------------------------------


def test_rules_table_matches_apologia_rules() -> None:
    r = CliRunner().invoke(app, ["rules", "--format", "json"])
    assert r.exit_code == 0
    expected = [
        [f"`{rule['id']}`", rule["severity"], "yes" if rule["fixable"] else "", rule["summary"]]
        for rule in json.loads(r.stdout)["rules"]
    ]
    rows = table(section("## Rules"), "| id | severity | fixable | summary |")
    assert rows == expected


# --- output pasted in the README is the real output ------------------------------------


def _run(command: str, exe: str) -> subprocess.CompletedProcess[str]:
    args = command.split()
    assert args[0] == ".venv/bin/apologia", command
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "FORCE_COLOR")}
    return subprocess.run(
        [exe, *args[1:]],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _transcripts() -> list[tuple[str, str]]:
    """(command, output) of each ```text block that starts with `$ .venv/bin/apologia`."""
    out = []
    for lang, body in FENCE.findall(README):
        first, _, rest = body.partition("\n")
        if lang == "text" and first.startswith("$ .venv/bin/apologia "):
            out.append((first[2:], rest))
    return out


def test_readme_has_transcripts() -> None:
    commands = [c for c, _ in _transcripts()]
    assert ".venv/bin/apologia lint examples/bad/" in commands
    assert ".venv/bin/apologia lint examples/letters/" in commands


@pytest.mark.parametrize(("command", "output"), _transcripts(), ids=lambda x: str(x)[:40])
def test_transcript_is_what_the_command_prints(
    command: str, output: str, apologia_exe: str
) -> None:
    r = _run(command, apologia_exe)
    assert r.stdout == output, (
        f"README shows stale output for `{command}`; paste the output of the command"
    )


def test_terminal_output_example_is_real(apologia_exe: str) -> None:
    (example,) = [b for lang, b in FENCE.findall(section("### Terminal output")) if lang == "text"]
    real = _run(".venv/bin/apologia lint examples/bad/", apologia_exe).stdout
    assert example in real


# --- the incident file -----------------------------------------------------------------


def _schema() -> dict[str, Any]:
    r = CliRunner().invoke(app, ["schema"])
    assert r.exit_code == 0
    doc: dict[str, Any] = json.loads(r.stdout)
    return doc


def _node(schema: dict[str, Any], path: str) -> tuple[dict[str, Any], bool]:
    """The schema of a dotted field and whether its parent requires it."""
    node: dict[str, Any] = schema
    required = False
    for part in path.split("."):
        while "$ref" in node:
            node = schema["$defs"][node["$ref"].rsplit("/", 1)[1]]
        assert part in node.get("properties", {}), f"{path}: no field {part!r} in the schema"
        required = part in node.get("required", [])
        node = node["properties"][part]
    return node, required


def test_documented_incident_fields_are_the_schema_fields() -> None:
    schema = _schema()
    rows = table(section("### The incident file"), "| field | required | what it holds |")
    documented = []
    for field, required, _ in rows:
        names = re.findall(r"`([a-z_.]+)`", field)
        assert names, field
        for name in names:
            _, is_required = _node(schema, name)
            assert is_required == (required == "yes"), name
            documented.append(name)
    # Every top-level field of the schema is documented.
    assert {name.split(".")[0] for name in documented} == set(schema["properties"])


# --- links -----------------------------------------------------------------------------


def _slug(heading: str) -> str:
    # GitHub's anchors: lower case, punctuation dropped, spaces become hyphens.
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_links_resolve() -> None:
    text = FENCE.sub("", README)
    anchors = {_slug(h) for h in re.findall(r"^#+ (.+)$", text, re.M)}
    for target in re.findall(r"\]\(([^)]+)\)", text):
        if target.startswith(("http://", "https://")):
            continue
        if target.startswith("#"):
            assert target[1:] in anchors, target
        else:
            assert (REPO / target.split("#")[0]).exists(), target


# --- version and changelog -------------------------------------------------------------


def test_version_matches_package_metadata() -> None:
    assert importlib.metadata.version("apologia") == __version__
    r = CliRunner().invoke(app, ["--version"])
    assert (r.exit_code, r.stdout) == (0, f"apologia {__version__}\n")


def test_changelog_keeps_a_changelog_and_names_this_version() -> None:
    text = CHANGELOG.read_text(encoding="utf-8")
    headings = re.findall(r"^## \[([^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?$", text, re.M)
    assert headings[0] == ("Unreleased", "")
    released = headings[1:]
    assert released and released[0][0] == __version__
    assert all(re.fullmatch(r"\d+\.\d+\.\d+", v) and d for v, d in released)
    for version, _ in headings:  # every heading has its link reference at the bottom
        assert re.search(rf"^\[{re.escape(version)}\]: https://", text, re.M), version
