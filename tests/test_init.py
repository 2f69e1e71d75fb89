"""`apologia init`: a commented starter, never overwritten, that `draft` accepts once its
placeholders are replaced."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Cli = Callable[..., Any]


@pytest.mark.parametrize("lang", ["en", "es", "ro"])
def test_starter_is_refused_until_its_placeholders_are_replaced(
    cli: Cli, in_tmp: Path, lang: str
) -> None:
    result = cli("init", "--lang", lang)
    assert result.exit_code == 0, result.output
    text = (in_tmp / "incident.yaml").read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=incident.schema.json\n")
    assert "apologia schema > incident.schema.json" in text
    assert f"lang: {lang}" in text
    unedited = cli("draft", "incident.yaml")
    assert unedited.exit_code == 1 and unedited.stdout == ""
    lines = text.splitlines()
    for field, key in (("company.signer", "  signer:"), ("company.contact", "  contact:")):
        line = next(i for i, row in enumerate(lines, 1) if row.startswith(key))
        assert f"incident.yaml:{line}:" in unedited.stderr and f": {field}: " in unedited.stderr
    assert "starter" in unedited.stderr
    # Replaced as a user would: the same file drafts.
    from test_incident_fixtures import filled_starter

    (in_tmp / "incident.yaml").write_text(filled_starter(lang), "utf-8")
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


def test_hint_to_create_the_schema_the_first_line_points_at(cli: Cli, in_tmp: Path) -> None:
    (in_tmp / "incidents").mkdir()
    first = cli("init", "incidents/a.yaml")
    assert first.exit_code == 0
    assert first.stderr.splitlines()[-1] == (
        "apologia: for completion in editors, run: apologia schema > incidents/incident.schema.json"
    )
    schema = cli("schema")
    (in_tmp / "incidents" / "incident.schema.json").write_text(schema.stdout, "utf-8")
    second = cli("init", "incidents/b.yaml")
    assert second.exit_code == 0 and "apologia schema" not in second.stderr
    assert len(second.stderr.splitlines()) == 1


def test_the_schema_validates_the_starter(cli: Cli, in_tmp: Path) -> None:
    """What the editor does with the first line: the starter is valid against the schema."""
    jsonschema = pytest.importorskip("jsonschema")
    import json

    import yaml

    assert cli("init", "--lang", "ro").exit_code == 0

    class Loader(yaml.SafeLoader):
        """Dates stay strings, as in JSON and in the editor."""

    Loader.yaml_implicit_resolvers = {
        k: [r for r in v if r[0] != "tag:yaml.org,2002:timestamp"]
        for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    data = yaml.load((in_tmp / "incident.yaml").read_text("utf-8"), Loader=Loader)
    schema = json.loads(cli("schema").stdout)
    jsonschema.validate(data, schema)
    data["incident"]["severity"] = "catastrophic"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)
