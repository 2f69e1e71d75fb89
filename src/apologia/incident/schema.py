"""Incident file, schema version 1: the pydantic model that validates a loaded file.

The model is both the validator and the source of `apologia schema`; how its errors
are worded is in `messages`, how a file becomes a model in `loader`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

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

from apologia import locales
from apologia.languages import listing
from apologia.model import REMEDY_STEPS, STEP_ORDER, Step

SCHEMA_VERSION = 1
STEPS: tuple[str, ...] = tuple(s.value for s in STEP_ORDER)


# A BCP 47 tag: en, es, ro, or one with a region (en-GB, es-MX, es-419).
_LangName = Annotated[str, Field(pattern=locales.TAG_PATTERN)]
_StepName = Literal["value", "responsibility", "explanation", "fix", "regret"]
NOT_BLANK = r"\S"
ONE_LINE = r"^[^\x00-\x1f\x7f]+$"

_Line = Annotated[str, Field(pattern=ONE_LINE)]
_Id = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=100)]
_Str = Annotated[str, Field(pattern=NOT_BLANK)]
EMAIL = r"^[^@\s<>\"(),;:]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$"


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
    missing = [lang for lang in langs if locales.pick(value, lang) is None]
    extra = [key for key in value if not locales.serves(key, langs)]
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


class PriorIncident(_Strict):
    """An earlier failure toward this customer, told by date or by what happened."""

    id: Annotated[_Id, Field(description="The earlier incident's id; never printed.")]
    occurred: Annotated[date | None, Field(description="ISO date; the letter names it.")] = None
    what: Annotated[
        Prose | None,
        Field(description="One sentence saying what happened then, printed as written."),
    ] = None


def _prior_kind(value: Any) -> str | None:
    if isinstance(value, str):
        return "prior-id"
    if isinstance(value, dict):
        return "prior-told"
    return None


_Prior = Annotated[
    Annotated[_Id, Tag("prior-id")] | Annotated[PriorIncident, Tag("prior-told")],
    Discriminator(
        _prior_kind,
        custom_error_type="prior",
        custom_error_message="expected an incident id, or {id, occurred, what}",
    ),
]


class IncidentInfo(_Strict):
    id: Annotated[_Id, Field(description="Letters, digits, '-', '_', '.'; never printed.")]
    reference: Annotated[
        Label | None,
        Field(
            description="A reference the customer knows, as the letter should name it: "
            "'order 4471', 'el pedido 4471', 'comanda 4471'. Printed in the opening."
        ),
    ] = None
    title: Annotated[
        Prose | None,
        Field(description="What went wrong, in the customer's terms; the e-mail subject."),
    ] = None
    occurred: Annotated[date | None, Field(description="ISO date.")] = None
    detected: Annotated[date | None, Field(description="ISO date, on or after occurred.")] = None
    severity: Literal["minor", "major", "critical"]
    within_our_control: Annotated[
        StrictBool, Field(description="Was the cause inside the company's control?")
    ] = True
    prior_incidents: Annotated[
        list[_Prior],
        Field(
            description="Earlier failures toward this customer: ids, or {id, occurred, what} "
            "so the letter can say when or what happened."
        ),
    ] = []

    @property
    def prior_ids(self) -> list[str]:
        return [p if isinstance(p, str) else p.id for p in self.prior_incidents]

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
    gender: Annotated[
        Literal["female", "male"] | None,
        Field(
            description="Whom the letter addresses, for agreement: 'Estimada', 'Stimată'. "
            "Left out, a title in the salutation decides, or a neutral form is used."
        ),
    ] = None
    plural: Annotated[
        StrictBool,
        Field(description="The letter addresses several people (Estimados, Stimați, ustedes)."),
    ] = False
    email: Annotated[
        str | None,
        Field(pattern=EMAIL, description="The customer's e-mail address: the To: of .eml output."),
    ] = None


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
        custom_error_message=f"expected {listing()} (or a tag such as en-GB, es-MX, es-419), "
        "or a list such as [en, es]",
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
    next_steps: Annotated[
        list[Prose],
        Field(
            description="What the customer should do now (what to watch for, whom to contact), "
            "printed after the apology."
        ),
    ] = []
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
    """The text of a Prose/Label field for one language tag (a plain string serves all;
    `es:` serves es-MX unless `es-MX:` is given)."""
    if isinstance(value, str):
        return value
    found = locales.pick(value, lang)
    if found is None:
        raise KeyError(lang)
    return found


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the incident file (draft 2020-12), for editors and CI."""
    schema = Incident.model_json_schema(mode="validation")
    _closed_language_maps(schema)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
    }


def _closed_language_maps(node: Any) -> None:
    """A text-by-language mapping allows language keys only, so an editor tells it apart
    from an {amount, currency, text} offer (and flags `fr:`)."""
    if isinstance(node, dict):
        if "patternProperties" in node:
            node.setdefault("additionalProperties", False)
        for value in node.values():
            _closed_language_maps(value)
    elif isinstance(node, list):
        for value in node:
            _closed_language_maps(value)
