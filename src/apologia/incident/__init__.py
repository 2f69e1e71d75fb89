"""Incident files: `schema` (the model), `messages` (errors in plain words), `loader`."""

from apologia.errors import format_path
from apologia.incident.loader import FreeText, Loaded, load, loads, parse_yaml, validate
from apologia.incident.messages import InvalidIncident
from apologia.incident.schema import (
    SCHEMA_VERSION,
    STEPS,
    Incident,
    Money,
    Text,
    json_schema,
    text_for,
)
from apologia.languages import LANGS

__all__ = [
    "LANGS",
    "SCHEMA_VERSION",
    "STEPS",
    "FreeText",
    "Incident",
    "InvalidIncident",
    "Loaded",
    "Money",
    "Text",
    "format_path",
    "json_schema",
    "load",
    "loads",
    "parse_yaml",
    "text_for",
    "validate",
]
