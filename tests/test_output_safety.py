"""Output safety: quoted letter text cannot drive a terminal or a CI log, GitHub
annotations and SARIF stay valid for any text, and .eml headers cannot be injected."""

from __future__ import annotations

import email
import json
from email.policy import default
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apologia.errors import ApologiaError, printable
from apologia.formatters.github import escape_data, escape_property
from conftest import GOOD, sarif_schema_path
from test_incident_fixtures import filled_starter

HOSTILE = "Our \x1b[2J\x1b]0;owned\x07courier\x1f\u202e lost it.\r\n::error::fake"
LETTER = GOOD["en"].replace("We are sorry.", "Our courier\x1flost it \x1b[31mtoday.\nWe are sorry.")
INCIDENT = filled_starter()


def test_text_report_escapes_control_sequences_in_quoted_text(cli: Any, write: Any) -> None:
    write("a.md", LETTER)
    result = cli("lint", "a.md", "--show-steps")
    assert result.exit_code == 1
    assert "\x1b" not in result.stdout and "\x1f" not in result.stdout
    assert "\\x1b[31m" in result.stdout  # shown, harmlessly
    assert "blame-shift" in result.stdout


def test_github_annotations_stay_one_command_a_problem(cli: Any, write: Any) -> None:
    write("a,b:c%.md", LETTER)
    result = cli("lint", "a,b:c%.md", "--format", "github")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("::error file=a%2Cb%3Ac%25.md,line=7,col=")
    assert "title=blame-shift::" in lines[0]
    assert "\x1b" not in lines[0] and "\x1f" not in lines[0]


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.text(st.characters(codec="utf-8"), max_size=80))
def test_github_escaping_leaves_no_command_breaking_character(text: str) -> None:
    data, prop = escape_data(text), escape_property(text)
    for out in (data, prop):
        assert out.isprintable()
        assert "\r" not in out and "\n" not in out
    assert ":" not in prop and "," not in prop
    # For ordinary text the %-escapes round-trip as the Actions runner decodes them.
    if all(ch.isprintable() or ch in "\r\n" for ch in text):
        assert data.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%") == text


def test_sarif_is_valid_for_hostile_text_and_names(cli: Any, write: Any) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema_path = sarif_schema_path()
    if schema_path is None:
        pytest.skip("SARIF schema not available")
    write("we ird#?%.md", LETTER.replace("lost it", HOSTILE))
    write("broken.md", b"\xff\xfe\x00")
    result = cli("lint", "we ird#?%.md", "broken.md", "--format", "sarif")
    assert result.exit_code == 2
    doc = json.loads(result.stdout)
    jsonschema.validate(doc, json.loads(schema_path.read_text("utf-8")))
    uris = [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in doc["runs"][0]["results"]
    ]
    assert uris and all(u == "we%20ird%23%3F%25.md" for u in uris)


def test_error_messages_escape_control_characters() -> None:
    exc = ApologiaError("bad \x1b[2J value\u2028x", path="a\rb.md", line=2, field="k\x00")
    text = str(exc)
    assert text == "a\\rb.md:2: k\\x00: bad \\x1b[2J value x"
    assert printable("Ma\u202eria") == "Ma\\u202eria"
    assert printable("plain é 😀 text") == "plain é 😀 text"


def test_unknown_key_with_a_carriage_return_is_one_escaped_line(cli: Any, write: Any) -> None:
    write("inc.yaml", INCIDENT + '"\\r\\x1b[2J": 1\n')
    result = cli("draft", "inc.yaml")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("apologia: inc.yaml:")
    assert "\\r\\x1b[2J: unknown key" in lines[0]


@pytest.mark.parametrize(
    "title",
    [
        "Late\\r\\nBcc: evil@example.com",
        "Late\\nBcc: evil@example.com\\n\\nInjected body",
        "=?utf-8?q?Bcc=3A_evil=40example=2Ecom?=",
        "Late\\x1b[2J\\u2028Bcc: evil@example.com",
    ],
)
def test_eml_headers_cannot_be_injected(cli: Any, write: Any, title: str) -> None:
    text = INCIDENT.replace("title: Your order arrived late", f'title: "{title}"')
    text = text.replace("name: Example Company", 'name: "Example, Company <x@evil.example>"')
    write("inc.yaml", text)
    result = cli("draft", "inc.yaml", "--format", "eml")
    assert result.exit_code == 0, result.stderr
    raw = result.stdout.encode("utf-8")
    head = raw.split(b"\n\n", 1)[0]
    assert b"\nBcc:" not in head and not head.startswith(b"Bcc:")
    msg = email.message_from_bytes(raw, policy=default)
    assert msg["Bcc"] is None
    assert list(msg.keys()).count("Subject") == 1
    assert "\n" not in str(msg["Subject"]) and "\r" not in str(msg["Subject"])
    sender = msg["From"].addresses[0]
    assert (sender.username, sender.domain) == ("care", "lumen.example")
    assert msg.get_content_type() == "multipart/alternative"
