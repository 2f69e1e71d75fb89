"""Incident errors in a user's words: pydantic's error records -> one line per field."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from apologia import locales
from apologia.errors import ApologiaError
from apologia.incident.schema import EMAIL, NOT_BLANK, ONE_LINE, Incident
from apologia.yamlsafe import PathT


class InvalidIncident(ApologiaError):
    """Every problem found in one incident file; `errors` holds one ApologiaError each."""

    def __init__(self, errors: Sequence[ApologiaError]) -> None:
        first = errors[0]
        super().__init__(
            first.message,
            path=first.path,
            line=first.line,
            column=first.column,
            field=first.field,
        )
        self.errors = tuple(errors)

    def __str__(self) -> str:
        # The CLI prefixes the first line with "apologia: "; keep that for every line.
        return "\napologia: ".join(ApologiaError.__str__(e) for e in self.errors)


# Discriminator tags pydantic puts in an error's location; they are not field names.
_TAGS = {"plain", "by-language", "money", "one", "several", "prior-id", "prior-told", "[key]"}


def loc_path(loc: tuple[str | int, ...]) -> PathT:
    return tuple(p for p in loc if not (isinstance(p, str) and p in _TAGS))


def _allowed_keys(path: PathT) -> list[str] | None:
    """Field names of the model at `path` (for 'unknown key' messages)."""
    model: Any = Incident
    for part in path:
        if isinstance(part, int):
            continue
        field = getattr(model, "model_fields", {}).get(part)
        if field is None:
            return None
        ann = field.annotation
        model = next(
            (a for a in _flatten(ann) if isinstance(a, type) and issubclass(a, BaseModel)), None
        )
        if model is None:
            return None
    return list(model.model_fields) if model is not None else None


def _flatten(ann: Any) -> Iterator[Any]:
    yield ann
    for arg in getattr(ann, "__args__", ()) or ():
        yield from _flatten(arg)
    meta = getattr(ann, "__metadata__", None)
    if meta is not None:
        yield from _flatten(getattr(ann, "__origin__", None))


_KINDS: tuple[tuple[type | tuple[type, ...], str], ...] = (
    (bool, "a boolean"),
    ((int, float, Decimal), "a number"),
    (str, "text"),
    (dict, "a mapping"),
    (list, "a list"),
    (date, "a date"),
)


def describe(value: Any) -> str:
    if value is None:
        return "nothing"
    return next((name for t, name in _KINDS if isinstance(value, t)), type(value).__name__)


def _unknown_key(path: PathT) -> str:
    name = str(path[-1])
    allowed = _allowed_keys(path[:-1])
    if len(path) >= 2 and isinstance(path[-2], str) and allowed is None:
        return f"unknown key {name!r}"
    hint = f"; valid keys here: {', '.join(allowed)}" if allowed else ""
    return f"unknown key {name!r}{hint}"


def _pattern(value: Any, ctx: dict[str, Any], path: PathT) -> str:
    pattern = ctx.get("pattern")
    name = str(path[-1]) if path else ""
    if pattern == NOT_BLANK:
        return "must not be empty"
    if pattern == ONE_LINE:
        return "must be one line of text"
    if pattern == locales.TAG_PATTERN:
        return f"{value} is not valid; use en, es or ro, or a tag such as en-GB, es-MX, es-419"
    if pattern == EMAIL:
        return f"{value!r} is not an e-mail address"
    if name == "id" or "prior_incidents" in path:
        return f"{value!r} is not a valid id; use letters, digits, '-', '_', '.'"
    if name == "currency":
        return f"{value!r} is not a currency code; use ISO 4217 such as USD, EUR, RON"
    return f"{value!r} does not match {pattern}"


# pydantic error type -> message, from the value and the error's context.
_SIMPLE: dict[str, Any] = {
    "missing": lambda v, c: "required field is missing",
    "literal_error": lambda v, c: f"{v!r} is not valid; use {c.get('expected', '')}".replace(
        "'", ""
    ),
    "string_type": lambda v, c: f"expected text, got {describe(v)}",
    "bool_type": lambda v, c: f"expected true or false, got {describe(v)}",
    "list_type": lambda v, c: f"expected a list, got {describe(v)}",
    "model_type": lambda v, c: f"expected a mapping, got {describe(v)}",
    "model_attributes_type": lambda v, c: f"expected a mapping, got {describe(v)}",
    "dict_type": lambda v, c: f"expected a mapping, got {describe(v)}",
    "too_short": lambda v, c: "needs at least one item",
    "greater_than": lambda v, c: f"must be greater than {c.get('gt')}",
    "string_too_long": lambda v, c: f"too long; at most {c.get('max_length')} characters",
}


def message(err: Any, path: PathT) -> str:
    """One pydantic error record at `path`, in plain words."""
    kind = err["type"]
    value = err.get("input")
    ctx = err.get("ctx") or {}
    if kind in _SIMPLE:
        return str(_SIMPLE[kind](value, ctx))
    if kind == "extra_forbidden":
        return _unknown_key(path)
    if kind == "string_pattern_mismatch":
        return _pattern(value, ctx, path)
    if kind.startswith("date_"):
        return f"expected a date (YYYY-MM-DD), got {value!r}"
    if kind.startswith("decimal_"):
        return f"expected a number, got {describe(value)}"
    return str(err["msg"])
