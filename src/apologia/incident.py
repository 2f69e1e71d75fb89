"""Incident file, schema version 1: YAML with line marks kept -> validated `Incident`.

`load()` reads with PyYAML `safe_load` semantics but keeps the node tree, so every error
names the file, line, column and field path (`fix[1].es`). The pydantic model below is
both the validator and the source of `apologia schema`. All errors of a file are
collected and raised together as one `InvalidIncident`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StrictBool,
    Tag,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from apologia.errors import ApologiaError
from apologia.files import DEFAULT_MAX_FILE_SIZE
from apologia.model import REMEDY_STEPS, STEP_ORDER, Step
from apologia.yamlsafe import ALIAS_MESSAGE, DEPTH_MESSAGE, MAX_DEPTH, YamlLimit
from apologia.yamlsafe import position as yaml_position

SCHEMA_VERSION = 1
LANGS: tuple[str, ...] = ("en", "es", "ro")
STEPS: tuple[str, ...] = tuple(s.value for s in STEP_ORDER)
SEVERITIES: tuple[str, ...] = ("minor", "major", "critical")

PathT = tuple[str | int, ...]


# --------------------------------------------------------------------------- errors


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


def format_path(path: PathT) -> str:
    """("fix", 1, "es") -> "fix[1].es"."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


# --------------------------------------------------------------------------- types


_LangName = Literal["en", "es", "ro"]
_StepName = Literal["value", "responsibility", "explanation", "fix", "regret"]
_NOT_BLANK = r"\S"
_ONE_LINE = r"^[^\x00-\x1f\x7f]+$"

_Line = Annotated[str, Field(pattern=_ONE_LINE)]
_Id = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=100)]
_Str = Annotated[str, Field(pattern=_NOT_BLANK)]


def _text_kind(value: Any) -> str | None:
    if isinstance(value, str):
        return "plain"
    if isinstance(value, dict):
        return "by-language"
    return None


def _check_langs(value: str | dict[str, str], info: ValidationInfo, *, prose: bool) -> Any:
    """A multi-language file needs every language of every free-text field."""
    langs = (info.context or {}).get("langs")
    if not langs:
        return value
    if isinstance(value, str):
        if prose and len(langs) > 1:
            raise PydanticCustomError(
                "translation",
                "a plain string serves a one-language file; give {want}",
                {"want": ", ".join(f"{lang}: ..." for lang in langs)},
            )
        return value
    missing = [lang for lang in langs if lang not in value]
    extra = [lang for lang in value if lang not in langs]
    if missing:
        raise PydanticCustomError(
            "translation",
            "missing the {missing} text; the file's languages are {langs}",
            {"missing": ", ".join(missing), "langs": ", ".join(langs)},
        )
    if extra:
        raise PydanticCustomError(
            "translation",
            "{extra} is not one of the file's languages ({langs})",
            {"extra": ", ".join(extra), "langs": ", ".join(langs)},
        )
    return value


def _prose(value: str | dict[str, str], info: ValidationInfo) -> Any:
    return _check_langs(value, info, prose=True)


def _label(value: str | dict[str, str], info: ValidationInfo) -> Any:
    return _check_langs(value, info, prose=False)


_TEXT_ERROR = "expected text, or a mapping from language to text such as {en: ..., es: ...}"

_TextUnion = Annotated[
    Annotated[_Str, Tag("plain")] | Annotated[dict[_LangName, _Str], Tag("by-language")],
    Discriminator(_text_kind, custom_error_type="text", custom_error_message=_TEXT_ERROR),
]
# Prose: sentences of the letter; in a multi-language file, one text per language.
Prose = Annotated[_TextUnion, AfterValidator(_prose)]
# Label: a name or title; a plain string may serve every language.
Label = Annotated[_TextUnion, AfterValidator(_label)]
Text = str | Mapping[Any, str]  # keys are language codes


def _valid_currency(code: str) -> str:
    from babel.numbers import is_currency

    if not is_currency(code):
        raise PydanticCustomError(
            "currency",
            "{code} is not an ISO 4217 currency code (USD, EUR, RON, ...)",
            {"code": code},
        )
    return code


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Money(_Strict):
    """An offer that carries money, rendered in the locale's currency format."""

    amount: Annotated[Decimal, Field(gt=0, description="Amount, e.g. 1200 or 49.90.")]
    currency: Annotated[
        str,
        Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 code: USD, EUR, RON, ..."),
        AfterValidator(_valid_currency),
    ]
    text: Annotated[Prose, Field(description="What the money is: 'A credit on your next order'.")]


def _offer_kind(value: Any) -> str | None:
    if isinstance(value, dict) and {"amount", "currency", "text"} & set(value):
        return "money"
    return _text_kind(value)


Offer = Annotated[
    Annotated[_Str, AfterValidator(_prose), Tag("plain")]
    | Annotated[dict[_LangName, _Str], AfterValidator(_prose), Tag("by-language")]
    | Annotated[Money, Tag("money")],
    Discriminator(
        _offer_kind,
        custom_error_type="offer",
        custom_error_message="expected text, a mapping from language to text, "
        "or {amount, currency, text}",
    ),
]


class IncidentInfo(_Strict):
    id: Annotated[_Id, Field(description="Letters, digits, '-', '_', '.'.")]
    title: Annotated[Prose | None, Field(description="Short title; the e-mail subject.")] = None
    occurred: Annotated[date | None, Field(description="ISO date.")] = None
    detected: Annotated[date | None, Field(description="ISO date, on or after occurred.")] = None
    severity: Literal["minor", "major", "critical"]
    within_our_control: Annotated[
        StrictBool, Field(description="Was the cause inside the company's control?")
    ] = True
    prior_incidents: Annotated[
        list[_Id], Field(description="Ids of earlier failures toward this customer.")
    ] = []

    @model_validator(mode="after")
    def _detected_after_occurred(self) -> IncidentInfo:
        if self.occurred and self.detected and self.detected < self.occurred:
            raise PydanticCustomError(
                "dates",
                "detected ({detected}) is before occurred ({occurred})",
                {"detected": str(self.detected), "occurred": str(self.occurred)},
            )
        return self


class Company(_Strict):
    name: _Line
    signer: _Line
    role: Label | None = None
    contact: Annotated[_Line | None, Field(description="E-mail or phone, optional.")] = None


class Customer(_Strict):
    id: Annotated[_Id | None, Field(description="Links incidents of one customer.")] = None
    name: _Line
    salutation: Annotated[
        Label | None,
        Field(
            description="Whom the letter addresses: 'Dr. Alvarez', 'Sra. Álvarez', "
            "'doamnă Popescu'; a first name when informal."
        ),
    ] = None
    formal: Annotated[StrictBool, Field(description="Formal register (usted, dumneavoastră).")] = (
        True
    )


class Explanation(_Strict):
    root_cause: Prose


def _lang_kind(value: Any) -> str | None:
    if isinstance(value, str):
        return "one"
    if isinstance(value, list):
        return "several"
    return None


def _unique_langs(value: list[str]) -> list[str]:
    dupes = sorted({lang for lang in value if value.count(lang) > 1})
    if dupes:
        raise PydanticCustomError("lang", "{dupes} is listed twice", {"dupes": ", ".join(dupes)})
    return value


_LangField = Annotated[
    Annotated[_LangName, Tag("one")]
    | Annotated[
        list[_LangName], Field(min_length=1), AfterValidator(_unique_langs), Tag("several")
    ],
    Discriminator(
        _lang_kind,
        custom_error_type="lang",
        custom_error_message="expected en, es or ro, or a list such as [en, es]",
    ),
]


class Incident(_Strict):
    """One service failure toward one customer: the facts; templates supply the wording."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        title="apologia incident file, schema version 1",
    )

    apologia: Annotated[Literal[1], Field(description="Schema version; required.")]
    lang: Annotated[_LangField, Field(description="en | es | ro, or a list such as [en, es].")]
    incident: IncidentInfo
    company: Company
    customer: Customer
    impact: Annotated[
        Prose | None, Field(description="What the customer suffered, in their terms.")
    ] = None
    value: Annotated[list[Offer], Field(min_length=1, description="Step 1: at least one offer.")]
    responsibility: Annotated[
        Prose | None, Field(description="Words added to the template's own.")
    ] = None
    explanation: Explanation
    fix: Annotated[list[Prose], Field(min_length=1, description="Step 4: at least one action.")]
    regret: Annotated[Prose | None, Field(description="Words added to the template's own.")] = None
    order: Annotated[
        list[_StepName],
        Field(description="A permutation of the five steps; regret after the first remedy."),
    ] = ["value", "responsibility", "explanation", "fix", "regret"]

    @field_validator("order")
    @classmethod
    def _permutation(cls, value: list[str]) -> list[str]:
        missing = [s for s in STEPS if s not in value]
        twice = sorted({s for s in value if value.count(s) > 1})
        if missing or twice:
            parts = []
            if missing:
                parts.append("missing " + ", ".join(missing))
            if twice:
                parts.append("repeated " + ", ".join(twice))
            raise PydanticCustomError(
                "order",
                "{what}; name each of {steps} once",
                {"what": "; ".join(parts), "steps": ", ".join(STEPS)},
            )
        return value

    # ----------------------------------------------------------------- helpers

    @property
    def langs(self) -> tuple[str, ...]:
        return (self.lang,) if isinstance(self.lang, str) else tuple(self.lang)

    @property
    def steps(self) -> tuple[Step, ...]:
        return tuple(Step(s) for s in self.order)

    @property
    def repeat(self) -> bool:
        return bool(self.incident.prior_incidents)

    def first_remedy_index(self) -> int:
        return min(i for i, s in enumerate(self.steps) if s in REMEDY_STEPS)


def text_for(value: Text, lang: str) -> str:
    """The text of a Prose/Label field in one language (a plain string serves all)."""
    if isinstance(value, str):
        return value
    return value[lang]


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
    marks: dict[PathT, tuple[tuple[int, int] | None, tuple[int, int]]]

    def where(self, path: PathT, *, key: bool = False) -> tuple[int, int]:
        return _lookup(self.marks, path, key=key)

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


# --------------------------------------------------------------------------- YAML


class _Loader(yaml.SafeLoader):
    """SafeLoader whose bad dates are YAML errors with a mark, not bare ValueErrors, and
    which refuses aliases and deep nesting as it composes (see `apologia.yamlsafe`)."""

    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent):
            raise YamlLimit(ALIAS_MESSAGE, *yaml_position(event.start_mark))
        if isinstance(event, yaml.CollectionStartEvent):
            if self._depth >= MAX_DEPTH:
                raise YamlLimit(DEPTH_MESSAGE, *yaml_position(event.start_mark))
            self._depth += 1
            try:
                return super().compose_node(parent, index)
            finally:
                self._depth -= 1
        return super().compose_node(parent, index)

    def construct_yaml_timestamp(self, node: yaml.Node) -> Any:
        try:
            return super().construct_yaml_timestamp(node)  # type: ignore[arg-type]
        except ValueError as exc:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"invalid date {node.value!r} ({exc}); write YYYY-MM-DD",
                node.start_mark,
            ) from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)

_Mark = tuple[int, int]
_Marks = dict[PathT, tuple[_Mark | None, _Mark]]


def _pos(mark: yaml.Mark) -> _Mark:
    return mark.line + 1, mark.column + 1


def _scalar_key(node: yaml.Node) -> Any:
    if not isinstance(node, yaml.ScalarNode):
        return None
    try:
        return yaml.constructor.SafeConstructor().construct_object(node)
    except (yaml.YAMLError, ValueError):
        return node.value


def _walk(
    node: yaml.Node, path: PathT, key: _Mark | None, marks: _Marks, dupes: list[tuple[PathT, _Mark]]
) -> None:
    marks[path] = (key, _pos(node.start_mark))
    if isinstance(node, yaml.MappingNode):
        seen: set[Any] = set()
        for k_node, v_node in node.value:
            k = _scalar_key(k_node)
            if k == "<<" and k_node.tag == "tag:yaml.org,2002:merge":
                continue
            try:
                hash(k)
            except TypeError:
                continue
            child = (*path, k if isinstance(k, (str, int)) else str(k))
            if k in seen:
                dupes.append((child, _pos(k_node.start_mark)))
            seen.add(k)
            _walk(v_node, child, _pos(k_node.start_mark), marks, dupes)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, (*path, i), None, marks, dupes)


def _lookup(marks: _Marks, path: PathT, *, key: bool = False) -> _Mark:
    """The mark of `path`, or of its nearest ancestor present in the file."""
    probe = path
    while probe not in marks and probe:
        probe = probe[:-1]
        key = False
    entry = marks.get(probe)
    if entry is None:
        return 1, 1
    key_mark, value_mark = entry
    return key_mark if key and key_mark else value_mark


def _yaml_error(exc: yaml.YAMLError, path: str, text: str) -> ApologiaError:
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or "malformed YAML"
        if exc.context and exc.problem:
            what = f"{exc.context}, {exc.problem}"
        line, col = _pos(mark) if mark else (None, None)
        return ApologiaError(f"malformed YAML: {what}", path=path, line=line, column=col)
    if isinstance(exc, yaml.reader.ReaderError):
        before = text[: exc.position]
        line = before.count("\n") + 1
        col = exc.position - (before.rfind("\n") + 1) + 1
        return ApologiaError(
            f"character {exc.character!r} is not allowed in YAML",
            path=path,
            line=line,
            column=col,
        )
    return ApologiaError(f"malformed YAML: {exc}", path=path)


def _read_text(file: Path, max_bytes: int) -> str:
    from apologia.files import read_bounded

    shown = str(file)
    try:
        with file.open("rb") as fh:
            data = read_bounded(fh, shown, max_bytes)
    except FileNotFoundError:
        raise ApologiaError("no such file", path=shown) from None
    except IsADirectoryError:
        raise ApologiaError("is a folder, expected an incident file (YAML)", path=shown) from None
    except OSError as exc:
        raise ApologiaError(f"cannot read: {exc.strerror or exc}", path=shown) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ApologiaError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
            path=shown,
            line=line,
            column=col,
        ) from None


def parse_yaml(text: str, path: str) -> tuple[Any, _Marks]:
    """`safe_load` of one document, plus a mark for every path; duplicate keys are errors."""
    try:
        loader = _Loader(text)  # the reader rejects control characters right here
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, path, text) from None
    try:
        node = loader.get_single_node()
        if node is None:
            raise ApologiaError(
                "the file is empty; expected a mapping (apologia: 1, ...)",
                path=path,
                line=1,
                column=1,
            )
        marks: _Marks = {}
        dupes: list[tuple[PathT, _Mark]] = []
        _walk(node, (), None, marks, dupes)
        if dupes:
            raise InvalidIncident(
                [
                    ApologiaError(
                        "key appears twice; keep one",
                        path=path,
                        line=line,
                        column=col,
                        field=format_path(p),
                    )
                    for p, (line, col) in dupes
                ]
            )
        data = loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, path, text) from None
    except YamlLimit as exc:
        raise ApologiaError(exc.message, path=path, line=exc.line, column=exc.column) from None
    finally:
        loader.dispose()
    return data, marks


# --------------------------------------------------------------------------- validation


_TAGS = {"plain", "by-language", "money", "one", "several", "[key]"}


def _loc_path(loc: tuple[str | int, ...]) -> PathT:
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


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float, Decimal)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, date):
        return "a date"
    return type(value).__name__


def _message(err: Any, path: PathT) -> str:
    kind = err["type"]
    value = err.get("input")
    ctx = err.get("ctx") or {}
    name = str(path[-1]) if path else ""
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        allowed = _allowed_keys(path[:-1])
        if len(path) >= 2 and isinstance(path[-2], str) and allowed is None:
            return f"unknown key {name!r}"
        hint = f"; valid keys here: {', '.join(allowed)}" if allowed else ""
        return f"unknown key {name!r}{hint}"
    if kind == "literal_error":
        return f"{value!r} is not valid; use {ctx.get('expected', '')}".replace("'", "")
    if kind in ("string_type", "str_type"):
        return f"expected text, got {_describe(value)}"
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern")
        if pattern == _NOT_BLANK:
            return "must not be empty"
        if pattern == _ONE_LINE:
            return "must be one line of text"
        if name in ("id",) or "prior_incidents" in path:
            return f"{value!r} is not a valid id; use letters, digits, '-', '_', '.'"
        if name == "currency":
            return f"{value!r} is not a currency code; use ISO 4217 such as USD, EUR, RON"
        return f"{value!r} does not match {pattern}"
    if kind == "bool_type":
        return f"expected true or false, got {_describe(value)}"
    if kind in ("list_type",):
        return f"expected a list, got {_describe(value)}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"expected a mapping, got {_describe(value)}"
    if kind == "too_short":
        return "needs at least one item"
    if kind.startswith("date_") or kind == "date_type":
        return f"expected a date (YYYY-MM-DD), got {value!r}"
    if kind.startswith("decimal_") or kind in ("greater_than",):
        if kind == "greater_than":
            return f"must be greater than {ctx.get('gt')}"
        return f"expected a number, got {_describe(value)}"
    if kind == "string_too_long":
        return f"too long; at most {ctx.get('max_length')} characters"
    return str(err["msg"])


def _file_langs(data: Any) -> list[str] | None:
    lang = data.get("lang") if isinstance(data, dict) else None
    if isinstance(lang, str) and lang in LANGS:
        return [lang]
    if (
        isinstance(lang, list)
        and lang
        and all(isinstance(x, str) and x in LANGS for x in lang)
        and len(set(lang)) == len(lang)
    ):
        return list(lang)
    return None


def validate(data: Any, marks: _Marks, path: str) -> Loaded:
    """Check `data` (from `parse_yaml`) against schema v1; raises InvalidIncident."""
    errors: list[tuple[tuple[int, int], ApologiaError]] = []

    def add(p: PathT, message: str, *, key: bool = False) -> None:
        line, col = _lookup(marks, p, key=key)
        errors.append(
            (
                (line, col),
                ApologiaError(
                    message,
                    path=path,
                    line=line,
                    column=col,
                    field=format_path(p) or None,
                ),
            )
        )

    if not isinstance(data, dict):
        add(
            (), f"expected a mapping of fields (apologia: 1, lang: ..., ...), got {_describe(data)}"
        )
        raise InvalidIncident([e for _, e in errors])

    version = data.get("apologia")
    version_ok = type(version) is int and version == SCHEMA_VERSION
    if "apologia" in data and not version_ok:
        add(
            ("apologia",),
            f"unsupported schema version {version!r}; this apologia reads version {SCHEMA_VERSION}",
        )

    model: Incident | None = None
    try:
        model = Incident.model_validate(data, context={"langs": _file_langs(data)})
    except ValidationError as exc:
        for err in exc.errors():
            p = _loc_path(err["loc"])
            if p == ("apologia",) and "apologia" in data:
                continue  # reported above in plainer words
            if err["loc"] and err["loc"][-1] == "[key]":
                add(p, f"unknown language {p[-1]!r}; use en, es or ro", key=True)
                continue
            add(p, _message(err, p), key=err["type"] == "extra_forbidden")
    if errors:
        errors.sort(key=lambda e: e[0])
        raise InvalidIncident([e for _, e in errors])
    assert model is not None
    return Loaded(model, path, marks)


def load(file: Path, *, max_bytes: int = DEFAULT_MAX_FILE_SIZE) -> Loaded:
    """Read, parse and validate an incident file; raises ApologiaError/InvalidIncident."""
    shown = str(file)
    text = _read_text(file, max_bytes)
    data, marks = parse_yaml(text, shown)
    return validate(data, marks, shown)


def loads(text: str, path: str = "<incident>") -> Loaded:
    data, marks = parse_yaml(text, path)
    return validate(data, marks, path)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the incident file (draft 2020-12), for editors and CI."""
    schema = Incident.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
    }
