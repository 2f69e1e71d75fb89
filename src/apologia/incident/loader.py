"""Incident file -> validated `Loaded`: read bounded, parse with line marks, validate.

Every error names the file, line, column and field path (`fix[1].es`); all errors of a
file are collected and raised together as one `InvalidIncident`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from apologia import locales
from apologia.errors import ApologiaError, format_path
from apologia.files import DEFAULT_MAX_FILE_SIZE, read_text
from apologia.incident.messages import InvalidIncident, describe, loc_path, message
from apologia.incident.schema import SCHEMA_VERSION, Incident, Money, Text
from apologia.languages import listing
from apologia.model import Step
from apologia.yamlsafe import TWICE_MESSAGE, Document, Mark, PathT, YamlError, lookup
from apologia.yamlsafe import read as read_yaml

Marks = dict[PathT, tuple[Mark | None, Mark]]


@dataclass(frozen=True, slots=True)
class FreeText:
    """One free-text field of a loaded incident, where it sits in the letter and file."""

    path: PathT
    step: Step | None  # the letter step it is rendered in; None: subject/heading
    value: Text
    line: int
    column: int

    @property
    def field(self) -> str:
        return format_path(self.path)


@dataclass(frozen=True, slots=True)
class Loaded:
    """A validated incident with the file's marks, so later checks can name lines."""

    incident: Incident
    path: str
    marks: Marks

    def where(self, path: PathT, *, key: bool = False) -> Mark:
        return lookup(self.marks, path, key=key)

    def error(self, path: PathT, message: str) -> ApologiaError:
        line, col = self.where(path)
        return ApologiaError(
            message, path=self.path, line=line, column=col, field=format_path(path) or None
        )

    def free_texts(self) -> Iterator[FreeText]:
        """Every prose field, with the step of the letter it is rendered in."""
        inc = self.incident

        def item(path: PathT, step: Step | None, value: Text | None) -> Iterator[FreeText]:
            if value is not None:
                line, col = self.where(path)
                yield FreeText(path, step, value, line, col)

        yield from item(("incident", "title"), None, inc.incident.title)
        for i, prior in enumerate(inc.incident.prior_incidents):
            if not isinstance(prior, str):
                path = ("incident", "prior_incidents", i, "what")
                yield from item(path, Step.RESPONSIBILITY, prior.what)
        for i, offer in enumerate(inc.value):
            if isinstance(offer, Money):
                yield from item(("value", i, "text"), Step.VALUE, offer.text)
            else:
                yield from item(("value", i), Step.VALUE, offer)
        yield from item(("responsibility",), Step.RESPONSIBILITY, inc.responsibility)
        yield from item(("explanation", "root_cause"), Step.EXPLANATION, inc.explanation.root_cause)
        for i, action in enumerate(inc.fix):
            yield from item(("fix", i), Step.FIX, action)
        yield from item(("impact",), Step.REGRET, inc.impact)
        yield from item(("regret",), Step.REGRET, inc.regret)
        for i, step in enumerate(inc.next_steps):
            yield from item(("next_steps", i), None, step)


def parse_yaml(text: str, path: str) -> Document:
    """One YAML document with a mark for every path; duplicate keys are errors."""
    try:
        doc = read_yaml(text)
    except YamlError as exc:
        raise ApologiaError(exc.message, path=path, line=exc.line, column=exc.column) from None
    if doc.data is None:
        raise ApologiaError(
            "the file is empty; expected a mapping (apologia: 1, ...)", path=path, line=1, column=1
        )
    if doc.twice:
        raise InvalidIncident(
            [
                ApologiaError(
                    TWICE_MESSAGE,
                    path=path,
                    line=line,
                    column=col,
                    field=format_path(p),
                )
                for p, (line, col) in doc.twice
            ]
        )
    return doc


def _file_langs(data: Any) -> list[str] | None:
    lang = data.get("lang") if isinstance(data, dict) else None
    if isinstance(lang, str) and locales.is_tag(lang):
        return [lang]
    if (
        isinstance(lang, list)
        and lang
        and all(isinstance(x, str) and locales.is_tag(x) for x in lang)
        and len(set(lang)) == len(lang)
    ):
        return list(lang)
    return None


def validate(doc: Document, path: str) -> Loaded:
    """Check a parsed document against schema v1; raises InvalidIncident."""
    data, marks = doc.data, doc.marks
    errors: list[ApologiaError] = []

    def add(p: PathT, text: str, *, key: bool = False) -> None:
        line, col = lookup(marks, p, key=key)
        field = format_path(p) or None
        errors.append(ApologiaError(text, path=path, line=line, column=col, field=field))

    if not isinstance(data, dict):
        add((), f"expected a mapping of fields (apologia: 1, lang: ..., ...), got {describe(data)}")
        raise InvalidIncident(errors)

    version = data.get("apologia")
    if "apologia" in data and not (type(version) is int and version == SCHEMA_VERSION):
        add(
            ("apologia",),
            f"unsupported schema version {version!r}; this apologia reads version {SCHEMA_VERSION}",
        )

    model: Incident | None = None
    try:
        model = Incident.model_validate(data, context={"langs": _file_langs(data)})
    except ValidationError as exc:
        for err in exc.errors():
            p = loc_path(err["loc"])
            if p == ("apologia",) and "apologia" in data:
                continue  # reported above in plainer words
            if err["loc"] and err["loc"][-1] == "[key]":
                what = f"unknown language {p[-1]!r}; use {listing()}, or a tag such as es-MX"
                add(p, what, key=True)
                continue
            add(p, message(err, p), key=err["type"] == "extra_forbidden")
    if errors:
        errors.sort(key=lambda e: (e.line or 0, e.column or 0))
        raise InvalidIncident(errors)
    assert model is not None
    return Loaded(model, path, marks)


def load(file: Path, *, max_bytes: int = DEFAULT_MAX_FILE_SIZE) -> Loaded:
    """Read, parse and validate an incident file; raises ApologiaError/InvalidIncident."""
    shown = str(file)
    text = read_text(shown, max_bytes, noun="incident file")
    return validate(parse_yaml(text, shown), shown)


def loads(text: str, path: str = "<incident>") -> Loaded:
    return validate(parse_yaml(text, path), path)
