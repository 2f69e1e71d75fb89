"""Offer a remedy before you say sorry.

Regret that comes before any remedy reads as a formula: the customer hears "sorry" and
then waits to learn whether anything will be done. Put what you restore (a refund, a
credit, a replacement) or what you fixed first, and let the regret close the letter,
once it can be believed. The subject line and greeting do not count; the body does.
"""

from __future__ import annotations

from collections.abc import Iterator

from apologia.model import Letter, Problem, Severity, Step
from apologia.rules._common import at_span, early_regret, quote

ID = "regret-before-remedy"
SEVERITY = Severity.ERROR
FIXABLE = False
SUMMARY = "Regret is stated before the letter has offered any remedy (value or fix)."
EXAMPLES = {
    "en": {
        "bad": "We are sorry. We have refunded your order.",
        "good": "We have refunded your order. We are sorry.",
    },
    "es": {
        "bad": "Lo sentimos. Le hemos reembolsado el pedido.",
        "good": "Le hemos reembolsado el pedido. Lo sentimos.",
    },
    "ro": {
        "bad": "Ne pare rău. V-am rambursat comanda.",
        "good": "V-am rambursat comanda. Ne pare rău.",
    },
}


def check(letter: Letter) -> Iterator[Problem]:
    early = early_regret(letter)
    if early is None:
        return
    hit, has_remedy = early
    where = "before any remedy" if has_remedy else "and the letter offers no remedy at all"
    yield at_span(
        letter,
        hit.start,
        hit.end,
        f"regret (\u201c{quote(letter, hit)}\u201d) is stated {where}",
        step=Step.REGRET,
        hint="name what you will do for the customer (refund, credit, fix) before saying sorry",
    )
