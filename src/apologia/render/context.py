"""What a template sees: the incident's facts for one language, escaped for Markdown,
and the locale-aware filters (money, dates, lists) that print them."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

import jinja2

from apologia.errors import ApologiaError
from apologia.history import Record
from apologia.incident import Incident, Money, text_for


@dataclass(frozen=True, slots=True)
class LocaleData:
    lang: str
    locale: str
    quotes: tuple[str, ...]
    address: Mapping[str, Mapping[str, str]]


@cache
def locale_data(lang: str) -> LocaleData:
    import yaml

    node = resources.files("apologia") / "locale_data" / f"{lang}.yaml"
    try:
        raw = yaml.safe_load(node.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ApologiaError(f"no locale data for {lang!r}: {exc}") from None
    return LocaleData(
        lang=lang,
        locale=str(raw["locale"]),
        quotes=tuple(raw.get("quotes") or ()),
        address={str(k).casefold(): v for k, v in (raw.get("address") or {}).items()},
    )


def address(salutation: str | None, lang: str) -> tuple[str | None, str | None]:
    """(gender, addressee) from customer.salutation: 'doamna Pop' -> ('f', 'doamnă Pop')."""
    if not salutation:
        return None, None
    first, _, rest = salutation.partition(" ")
    entry = locale_data(lang).address.get(first.casefold())
    if entry is None:
        return None, salutation
    return str(entry["gender"]), f"{entry['form']} {rest}".strip()


@jinja2.pass_context
def money(ctx: Any, offer: Mapping[str, Any]) -> str:
    from babel.numbers import format_currency

    return str(format_currency(offer["amount"], offer["currency"], locale=ctx["locale"]))


@jinja2.pass_context
def longdate(ctx: Any, value: date) -> str:
    from babel.dates import format_date

    return str(format_date(value, format="long", locale=ctx["locale"]))


@jinja2.pass_context
def and_list(ctx: Any, items: list[str]) -> str:
    from babel.lists import format_list

    return str(format_list(list(items), locale=ctx["locale"]))


def squash(value: Any) -> Any:
    """One line of text; keeps Markup (already escaped) as Markup."""
    from markupsafe import Markup

    # ASCII whitespace only: Babel's no-break spaces ("1.200,00\xa0€") must survive.
    squashed = _ASCII_SPACE.sub(" ", str(value)).strip()
    return Markup(squashed) if isinstance(value, Markup) else squashed


# --------------------------------------------------------------------------- context


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>&#|~])")


def _md_escape(text: str) -> str:
    # Facts must not become markup, nor an `<!-- apologia-disable -->` comment.
    return _MD_SPECIAL.sub(r"\\\1", text)


_ASCII_SPACE = re.compile(r"[ \t\r\n\f\v]+")


def _one_paragraph(text: str) -> str:
    return _ASCII_SPACE.sub(" ", text).strip()


# The customer's earlier incidents found in the repository (apologia.history), set by
# the draft gate around rendering: every draft format reads them through `context`
# without each format's signature carrying them. Outside a draft: none.
PRIOR: ContextVar[tuple[Record, ...]] = ContextVar("apologia_prior", default=())


def context(incident: Incident, lang: str, fmt: str) -> dict[str, Any]:
    """Everything a template may use, resolved for one language and escaped for md."""
    esc = _md_escape if fmt == "md" else (lambda s: s)

    def t(value: Any) -> str | None:
        if value is None:
            return None
        return esc(_one_paragraph(text_for(value, lang)))

    inc = incident.incident
    gender, addressee = address(
        _one_paragraph(text_for(incident.customer.salutation, lang))
        if incident.customer.salutation is not None
        else None,
        lang,
    )
    offers: list[dict[str, Any]] = []
    for offer in incident.value:
        if isinstance(offer, Money):
            offers.append(
                {"text": t(offer.text), "amount": Decimal(offer.amount), "currency": offer.currency}
            )
        else:
            offers.append({"text": t(offer), "amount": None, "currency": None})
    company = incident.company
    contact = company.contact
    return {
        "lang": lang,
        "fmt": fmt,
        "locale": locale_data(lang).locale,
        "quotes": list(locale_data(lang).quotes),
        "formal": incident.customer.formal,
        "severity": inc.severity,
        "within_our_control": inc.within_our_control,
        "repeat": incident.repeat,
        "prior_incidents": list(inc.prior_incidents),
        # The prior incidents found in the repository: id, date, title (None if unknown);
        # `prior_described`: "INC-3 (Missed delivery, 3 March 2024)", one per incident.
        "prior": [{"id": r.id, "date": r.date, "title": t(r.title_in(lang))} for r in _prior(inc)],
        "prior_described": [_described(r, lang, t) for r in _prior(inc)],
        "incident_id": inc.id,
        "title": t(inc.title),
        "occurred": inc.occurred,
        "detected": inc.detected,
        "company": {
            "name": esc(company.name),
            "signer": esc(company.signer),
            "role": t(company.role),
            "contact": esc(contact) if contact else None,
        },
        "customer": {"name": esc(incident.customer.name)},
        "addressee": esc(addressee) if addressee else None,
        "gender": gender,
        "impact": t(incident.impact),
        "offers": offers,
        "responsibility": t(incident.responsibility),
        "root_cause": t(incident.explanation.root_cause),
        "fix": [t(a) for a in incident.fix],
        "regret": t(incident.regret),
        "order": list(incident.order),
    }


def _prior(info: Any) -> tuple[Record, ...]:
    found = {r.id: r for r in PRIOR.get()}
    return tuple(found.get(i) or Record("", i, None, "", None, ()) for i in info.prior_incidents)


def _described(record: Record, lang: str, t: Callable[[Any], str | None]) -> str:
    from babel.dates import format_date

    details = [t(record.title_in(lang)) if record.title else None]
    if record.date is not None:
        details.append(
            str(format_date(record.date, format="long", locale=locale_data(lang).locale))
        )
    shown = [d for d in details if d]
    return f"{record.id} ({', '.join(shown)})" if shown else record.id
