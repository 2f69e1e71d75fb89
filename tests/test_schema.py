"""`apologia schema`: the JSON Schema of the incident file agrees with the loader."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from test_incident_fixtures import incident

REPO = Path(__file__).resolve().parent.parent
Cli = Callable[..., Any]


def as_json(value: Any) -> Any:
    """What an editor sees: YAML dates as ISO strings."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


@pytest.fixture
def schema(cli: Cli) -> dict[str, Any]:
    result = cli("schema")
    assert result.exit_code == 0
    data: dict[str, Any] = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(data)
    return data


def test_examples_and_starters_validate(schema: dict[str, Any]) -> None:
    files = [
        *(REPO / "examples" / "incidents").glob("*.yaml"),
        *(REPO / "templates").glob("*/incident.yaml"),
    ]
    assert len(files) >= 6
    for path in files:
        data = as_json(yaml.safe_load(path.read_text("utf-8")))
        jsonschema.validate(data, schema)


@pytest.mark.parametrize(
    "over",
    [
        {"severity_typo": 1},
        {"value": []},
        {"apologia": 2},
        {"order": ["value", "oops"]},
        {"incident__severity": "huge"},
    ],
)
def test_schema_rejects_bad_files(schema: dict[str, Any], over: dict[str, Any]) -> None:
    data = as_json(incident("en", **over))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_schema_rejects_unknown_language(schema: dict[str, Any]) -> None:
    data = as_json(incident("fr"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_required_fields_match_the_spec(schema: dict[str, Any]) -> None:
    assert set(schema["required"]) == {
        "apologia",
        "lang",
        "incident",
        "company",
        "customer",
        "value",
        "explanation",
        "fix",
    }
    assert schema["additionalProperties"] is False
