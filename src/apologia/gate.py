"""The draft gate: may letters be drafted from this incident, and do they pass the lint?

Judged on the incident's own fields first (an order with regret before the first
remedy, blame in any field, regret stated before a remedy, a serious or repeated
failure with no concrete value, an amount that rounds to nothing), then on each
rendered letter: every error-level problem of the shared engine refuses it. The
checks are the rules' own (`blame-shift`, `compensation-required`), run by the same
engine `apologia lint` runs. Nothing here writes: `draft` and `check-drafts` decide what
to do with the letters and the refusals.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from apologia.config import Config
from apologia.errors import format_path
from apologia.incident import FreeText, Loaded, Money
from apologia.model import FileReport, Severity, Step
from apologia.render import Rendered, render


@dataclass(frozen=True, slots=True)
class Refused:
    """One reason a draft is refused, printed as one line on stderr."""

    where: str  # "path:line:col: field" or "path: es letter, line 12"
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(frozen=True, slots=True)
class Drafts:
    """The letters of one incident and every reason to refuse them (none: they pass)."""

    letters: tuple[Rendered, ...]
    refusals: tuple[Refused, ...]
    # Warnings that refuse nothing: earlier incidents of the customer not listed in
    # prior_incidents (apologia.history)
    notices: tuple[str, ...] = ()


def templates_for(config: Config, option: Path | None) -> Path | None:
    """The templates folder: `--templates` wins over the configuration's `templates`."""
    if option is None and config.templates:
        return Path(config.templates)
    return option


def draft(
    loaded: Loaded, langs: Sequence[str], fmt: str, config: Config, templates: Path | None
) -> Drafts:
    """Render the letters of `loaded` in `langs` and judge fields and letters.

    The customer's other incidents in the repository give the repeat paragraph the
    dates and titles of the prior ones; earlier ones not listed become notices.
    """
    from apologia.history import describe, for_incident
    from apologia.render.context import PRIOR

    refusals = check_fields(loaded, config)
    repeat = for_incident(loaded, config)
    token = PRIOR.set(repeat.prior)
    try:
        letters = tuple(render(loaded.incident, lang, fmt, templates=templates) for lang in langs)
    finally:
        PRIOR.reset(token)
    for letter in letters:
        refusals.extend(check_letter(loaded, letter, config))
    notices: tuple[str, ...] = ()
    if repeat.unlisted:
        lang = langs[0] if langs else "en"
        named = ", ".join(describe(r, lang) for r in repeat.unlisted)
        customer = loaded.incident.customer.id
        notices = (
            f"{loaded.path}: warning: earlier incidents of customer {customer} are not in "
            f"incident.prior_incidents: {named}; list them there so the letter "
            "acknowledges the repeat",
        )
    return Drafts(letters, tuple(refusals), notices)


def _lint(text: str, lang: str, config: Config | None, *, plain: bool = True) -> FileReport:
    """The shared engine, the same one `apologia lint` runs; no inline suppression
    comment counts, so text from an incident field can never switch a rule off."""
    from apologia.engine import lint_text

    return lint_text(text, path="<draft>", lang=lang, config=config, plain=plain, suppress=False)


def _field_langs(field: FreeText, langs: Iterable[str]) -> list[tuple[str, str]]:
    from apologia.incident import text_for

    # `es:` serves an es-MX letter: text_for picks by tag.
    return [(lang, text_for(field.value, lang)) for lang in langs]


def check_fields(loaded: Loaded, config: Config | None) -> list[Refused]:
    """Refusals judged on the incident's own text, before any template is involved."""
    from apologia import draftpolicy

    inc = loaded.incident
    out = _order(loaded)
    out.extend(_starter(loaded))
    steps = inc.steps
    first_remedy = inc.first_remedy_index()
    concrete = False
    cause_outside = not inc.incident.within_our_control
    for field in loaded.free_texts():
        at = f"{loaded.path}:{field.line}:{field.column}: {field.field}"
        for lang, text in _field_langs(field, inc.langs):
            where = at if isinstance(field.value, str) else f"{at}.{lang}"
            report = _lint(text, lang, config)
            out.extend(
                Refused(
                    where,
                    f"shifts blame ({p.message}); own the failure, name no one else as its cause",
                )
                for p in report.problems
                if p.rule == "blame-shift"
                # A cause outside our control, named by a text that owns our part.
                and not (
                    cause_outside
                    and field.path == ("explanation", "root_cause")
                    and draftpolicy.owns_share(text, lang)
                )
            )
            states_regret = any(s.has_step(Step.REGRET) for s in report.steps)
            if states_regret and field.step is not None and steps.index(field.step) < first_remedy:
                out.append(
                    Refused(
                        where,
                        f"states regret in the {field.step.value} step, before the letter has "
                        "offered a remedy; move the regret to the regret field",
                    )
                )
            if (
                field.step is Step.VALUE
                and any(s.has_step(Step.VALUE) for s in report.steps)
                and not draftpolicy.vague_offer(text, lang)  # "we will look into ..."
            ):
                concrete = True
    out.extend(_amounts(loaded))
    concrete = concrete or any(_worth_something(o) for o in inc.value if isinstance(o, Money))
    out.extend(_value_needed(loaded, concrete))
    return out


def _starter(loaded: Loaded) -> list[Refused]:
    """The `apologia init` starter's placeholders, still in the file."""
    from apologia.draftpolicy import starter_leftovers
    from apologia.incident import format_path

    out = []
    for finding in starter_leftovers(loaded):
        line, col = loaded.where(finding.path)
        out.append(
            Refused(f"{loaded.path}:{line}:{col}: {format_path(finding.path)}", finding.message)
        )
    return out


def _order(loaded: Loaded) -> list[Refused]:
    """An order with regret before the first remedy is refused outright."""
    steps = loaded.incident.steps
    first_remedy = loaded.incident.first_remedy_index()
    if steps.index(Step.REGRET) > first_remedy:
        return []
    return [
        _at(
            loaded,
            ("order",),
            f"regret comes before the first remedy ({steps[first_remedy].value}); "
            "put value or fix before regret",
        )
    ]


def _worth_something(offer: Money) -> bool:
    """False for an amount that the letter would print as zero (0.001 USD is "$0.00")."""
    from babel.numbers import get_currency_precision

    # Babel rounds half to even, so half a cent prints as 0.00 too. A comparison, not
    # quantize(), which fails on amounts longer than the decimal context's 28 digits.
    half_unit = Decimal(5).scaleb(-get_currency_precision(offer.currency) - 1)
    return offer.amount > half_unit


def _amounts(loaded: Loaded) -> list[Refused]:
    return [
        _at(
            loaded,
            ("value", i, "amount"),
            f"{offer.amount} {offer.currency} rounds to nothing in the letter; "
            "offer an amount the customer can see",
        )
        for i, offer in enumerate(loaded.incident.value)
        if isinstance(offer, Money) and not _worth_something(offer)
    ]


def _value_needed(loaded: Loaded, concrete: bool) -> list[Refused]:
    """`compensation-required`, asked of the incident before any letter exists."""
    from apologia.rules.compensation_required import value_needed

    inc = loaded.incident
    why = value_needed(inc.incident.severity, inc.repeat)
    if why is None or concrete:
        return []
    return [
        _at(
            loaded,
            ("value",),
            f"{why}, and no offer restores concrete value (a promise to consider one is "
            "not value); add a refund, credit, replacement or an amount (amount, currency, text)",
        )
    ]


def _at(loaded: Loaded, path: tuple[str | int, ...], message: str) -> Refused:
    """A refusal at a field of the incident file: `path:line:col: field`."""
    line, col = loaded.where(path)
    return Refused(f"{loaded.path}:{line}:{col}: {format_path(path)}", message)


def check_letter(loaded: Loaded, letter: Rendered, config: Config | None) -> list[Refused]:
    """Every error-level lint problem of a rendered letter refuses it."""
    report = _lint(letter.lint_text, letter.lang, config, plain=letter.plain)
    return [
        Refused(
            f"{loaded.path}: {letter.lang} letter ({letter.fmt}), line {p.line}",
            f"{p.rule}: {p.message}",
        )
        for p in report.problems
        if p.severity is Severity.ERROR
    ]
