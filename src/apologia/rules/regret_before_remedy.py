"""Offer a remedy before you say sorry.

Regret that comes before any remedy reads as a formula: the customer hears "sorry" and
then waits to learn whether anything will be done. Put what you restore (a refund, a
credit, a replacement) or what you fixed first, and let the regret close the letter,
once it can be believed. The subject line and greeting do not count; the body does.
"""

from __future__ import annotations

from collections.abc import Iterator

from apologia.model import REMEDY_STEPS, Letter, Problem, Severity, Step
from apologia.rules._common import at_span, first_remedy, first_with, quote

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
    regret = first_with(letter, {Step.REGRET})
    if regret is None:
        return
    remedy = first_remedy(letter)
    cue = next(h for s, h in regret.steps if s is Step.REGRET)
    if remedy is not None and remedy.index < regret.index:
        return
    if remedy is not None and remedy.index == regret.index:
        # One sentence with both: the remedy must come first ("We have refunded you,
        # and we are sorry"), not "We are sorry your refund has taken so long".
        first = min(h.start for s, h in remedy.steps if s in REMEDY_STEPS)
        if first < cue.start:
            return
    where = "before any remedy" if remedy else "and the letter offers no remedy at all"
    yield at_span(
        letter,
        cue.start,
        cue.end,
        f"regret (\u201c{quote(letter, cue)}\u201d) is stated {where}",
        step=Step.REGRET,
        hint="move the apology after the refund, credit or fix",
    )
