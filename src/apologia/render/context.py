"""What a template sees: the incident's facts for one language tag, escaped for Markdown,
and the locale-aware filters (money in prose, dates, lists) that print them.

The language facts that need logic (salutations that agree in gender and number, "the
third time", money as prose writes it) are resolved here from `locale_data`, so
templates hold wording only. README "Customising templates" lists these names.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from datetime import date
from decimal import Decimal
from typing import Any

import jinja2

from apologia.draftpolicy import CEDILLA
from apologia.history import Record
from apologia.incident import Incident, Money, text_for
from apologia.locales import parse
from apologia.wording import (
    address,
    addressee_form,
    closing,
    contact_kind,
    nth_time,
    wording,
)
from apologia.wording import (
    is_sentence as _is_sentence_text,
)


@jinja2.pass_context
def money(ctx: Any, offer: Mapping[str, Any]) -> str:
    """An amount as prose writes it: "$1,200", "RON 250.50", "250 de lei"."""
    from apologia.money import format_money, romanian_money
    from apologia.wording import wording

    amount, currency = offer["amount"], offer["currency"]
    if ctx["base"] == "ro":
        return romanian_money(amount, currency, wording(ctx["lang"]).data["money_words"])
    return format_money(amount, currency, ctx["locale"])


@jinja2.pass_context
def longdate(ctx: Any, value: date) -> str:
    from babel.dates import format_date

    return str(format_date(value, format="long", locale=ctx["locale"]))


@jinja2.pass_context
def and_list(ctx: Any, items: list[str]) -> str:
    from apologia.wording import join

    return join(list(items), ctx["locale"])


def lcfirst(value: Any) -> Any:
    from markupsafe import Markup

    from apologia.wording import lcfirst

    out = lcfirst(str(value))
    return Markup(out) if isinstance(value, Markup) else out


@jinja2.pass_context
def conj(ctx: Any, word: str, following: Any) -> str:
    """`{{ "y" | conj(next) }}`: Spanish y/e, o/u before the next word; others as is."""
    from apologia.wording import es_conjunction

    return es_conjunction(word, str(following)) if ctx["base"] == "es" else word


def is_sentence(value: Any) -> bool:
    return _is_sentence_text(str(value))


def squash(value: Any) -> Any:
    """One line of text; keeps Markup (already escaped) as Markup."""
    from markupsafe import Markup

    # ASCII whitespace only: Babel's no-break spaces ("1.200,00\xa0€") must survive.
    squashed = one_paragraph(str(value))
    return Markup(squashed) if isinstance(value, Markup) else squashed


# --------------------------------------------------------------------------- context


_ASCII_SPACE = re.compile(r"[ \t\r\n\f\v]+")
# Markdown: what makes markup anywhere in a line, and what only at its start. `&` only
# before an entity name; `_` only at a word edge (snake_case is not emphasis).
_MD_ANYWHERE = re.compile(r"[\\`*\[\]<>]|&(?=#?\w+;)|~~|(?<!\w)_|_(?!\w)")
# At a line's start: a blockquote, or a heading or list marker followed by a space
# ("+52 55 ..." and "#4471" stay as they are).
_MD_LINE_START = re.compile(r"^(>|[#+*-](?=\s|$)|\d+[.)](?=\s|$))")


def one_paragraph(text: str) -> str:
    return _ASCII_SPACE.sub(" ", text).strip()


def md_escape(text: str) -> str:
    """Facts must not become markup, nor an `<!-- apologia-disable -->` comment; escape
    only what Markdown would act on, so a reader of the file sees `Smith & Sons`."""
    text = _MD_ANYWHERE.sub(lambda m: "\\" + m.group(0), text)
    return _MD_LINE_START.sub(r"\\\1", text)


# The customer's earlier incidents found in the repository (apologia.history), set by
# the draft gate around rendering: every draft format reads them through `context`
# without each format's signature carrying them. Outside a draft: none.
PRIOR: ContextVar[tuple[Record, ...]] = ContextVar("apologia_prior", default=())


def context(incident: Incident, lang: str, fmt: str) -> dict[str, Any]:
    """Everything a template may use, resolved for one language tag and escaped for md."""
    esc: Callable[[str], str] = md_escape if fmt == "md" else (lambda s: s)
    tag = parse(lang)
    w = wording(tag.tag)

    # Romanian letters get comma-below ș ț; draft reports the fields it corrected.
    fix_letters = CEDILLA if tag.base == "ro" else {}

    def t(value: Any) -> str | None:
        if value is None:
            return None
        return esc(one_paragraph(text_for(value, lang).translate(fix_letters)))

    inc = incident.incident
    cust = incident.customer
    salutation = t(cust.salutation)
    form = addressee_form(cust.gender, cust.plural)
    greeting = address(
        w,
        formal=cust.formal,
        name=esc(cust.name.translate(fix_letters)),
        salutation=salutation,
        form=form,
    )
    offers: list[dict[str, Any]] = []
    for offer in incident.value:
        if isinstance(offer, Money):
            text = t(offer.text) or ""
            amount: Decimal | None = Decimal(offer.amount)
            currency: str | None = offer.currency
        else:
            text, amount, currency = t(offer) or "", None, None
        offers.append(
            {
                "text": text,
                "amount": amount,
                "currency": currency,
                "sentence": _is_sentence_text(text),
            }
        )
    found = _prior(inc)
    # Earlier failures by date or by what happened, never by id; a date the file leaves
    # out comes from the repository's incident file of that id.
    priors = [
        {"occurred": record.date, "what": None}
        if isinstance(p, str)
        else {"occurred": p.occurred or record.date, "what": t(p.what)}
        for p, record in zip(inc.prior_incidents, found, strict=True)
    ]
    company = incident.company
    contact = company.contact
    time_number = len(inc.prior_incidents) + 1
    return {
        "lang": tag.tag,
        "base": tag.base,
        "fmt": fmt,
        "locale": tag.babel,
        "quotes": list(w.quotes),
        "words": dict(w.words),
        "formal": cust.formal,
        "plural": cust.plural,
        "form": greeting.form,
        "gender": (greeting.form or "")[:1] or None,
        "greeting": greeting.greeting,
        "closing": closing(w, formal=cust.formal),
        "addressee": salutation,
        "severity": inc.severity,
        "within_our_control": inc.within_our_control,
        "repeat": incident.repeat,
        "time_number": time_number,
        "nth_time": nth_time(w, time_number) if incident.repeat else None,
        "priors": priors,
        "prior_incidents": inc.prior_ids,
        # The prior incidents found in the repository: id, date, title (None if unknown);
        # `prior_described`: "INC-3 (Missed delivery, 3 March 2024)", one per incident.
        "prior": [{"id": r.id, "date": r.date, "title": t(r.title_in(lang))} for r in found],
        "prior_described": [_described(r, tag.babel, t) for r in found],
        "incident_id": inc.id,
        "reference": t(inc.reference),
        "title": t(inc.title),
        "occurred": inc.occurred,
        "detected": inc.detected,
        "company": {
            "name": esc(company.name.translate(fix_letters)),
            "signer": esc(company.signer.translate(fix_letters)),
            "role": t(company.role),
            "contact": esc(contact) if contact else None,
            "contact_kind": contact_kind(contact),
        },
        "customer": {"name": esc(cust.name.translate(fix_letters)), "email": cust.email},
        "impact": t(incident.impact),
        "offers": offers,
        "responsibility": t(incident.responsibility),
        "root_cause": t(incident.explanation.root_cause),
        "fix": [t(a) for a in incident.fix],
        "next_steps": [t(s) for s in incident.next_steps],
        "regret": t(incident.regret),
        "order": list(incident.order),
    }


def _prior(info: Any) -> tuple[Record, ...]:
    found = {r.id: r for r in PRIOR.get()}
    return tuple(found.get(i) or Record("", i, None, "", None, ()) for i in info.prior_ids)


def _described(record: Record, locale: str, t: Callable[[Any], str | None]) -> str:
    from babel.dates import format_date

    details = [t(record.title_in(locale.split("_")[0])) if record.title else None]
    if record.date is not None:
        details.append(str(format_date(record.date, format="long", locale=locale)))
    shown = [d for d in details if d]
    return f"{record.id} ({', '.join(shown)})" if shown else record.id
