"""Incident file, schema version 1: the pydantic model that validates a loaded file.

The model is both the validator and the source of `apologia schema`; how its errors
are worded is in `messages`, how a file becomes a model in `loader`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StrictBool,
    Tag,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from apologia.languages import LANGS, listing
from apologia.model import REMEDY_STEPS, STEP_ORDER, Step

SCHEMA_VERSION = 1
STEPS: tuple[str, ...] = tuple(s.value for s in STEP_ORDER)


if TYPE_CHECKING:
    _LangName = str
else:  # the languages of the lexicons, for the schema and its messages
    _LangName = Literal[LANGS]
_StepName = Literal["value", "responsibility", "explanation", "fix", "regret"]
NOT_BLANK = r"\S"
ONE_LINE = r"^[^\x00-\x1f\x7f]+$"

_Line = Annotated[str, Field(pattern=ONE_LINE)]
_Id = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=100)]
_Str = Annotated[str, Field(pattern=NOT_BLANK)]


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

    # Below a quadrillion: a larger amount is a typo, and past Decimal's context Babel
    # cannot format it (it failed as the template's fault).
    amount: Annotated[
        Decimal,
        Field(gt=0, lt=10**15, allow_inf_nan=False, description="Amount, e.g. 1200 or 49.90."),
    ]
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
        custom_error_message=f"expected {listing()}, or a list such as [{', '.join(LANGS[:2])}]",
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


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the incident file (draft 2020-12), for editors and CI."""
    schema = Incident.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
    }
