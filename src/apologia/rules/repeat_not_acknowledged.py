"""Acknowledge a repeat failure as a repeat.

When the front matter lists `prior_incidents`, the customer remembers the last time. A
letter that reads as if this were the first failure tells them nobody looked. Say that
it has happened before, and what is different now.
"""

from __future__ import annotations

from collections.abc import Iterator

from apologia.model import Letter, Problem, Severity
from apologia.rules._common import at_letter, hits

ID = "repeat-not-acknowledged"
SEVERITY = Severity.WARNING
FIXABLE = False
SUMMARY = "Front matter lists prior incidents, and the letter does not say this happened before."
EXAMPLES = {
    "en": {
        "bad": "---\nprior_incidents: [INC-7]\n---\nWe have refunded your order.",
        "good": (
            "---\nprior_incidents: [INC-7]\n---\nThis is the second time this has "
            "happened, and we have refunded your order."
        ),
    },
    "es": {
        "bad": "---\nprior_incidents: [INC-7]\n---\nLe hemos reembolsado el pedido.",
        "good": (
            "---\nprior_incidents: [INC-7]\n---\nEs la segunda vez que ocurre, y le "
            "hemos reembolsado el pedido."
        ),
    },
    "ro": {
        "bad": "---\nprior_incidents: [INC-7]\n---\nV-am rambursat comanda.",
        "good": (
            "---\nprior_incidents: [INC-7]\n---\nEste a doua oară când se întâmplă, "
            "iar v-am rambursat comanda."
        ),
    },
}


def check(letter: Letter) -> Iterator[Problem]:
    if not letter.prior_incidents:
        return
    if next(hits(letter, "repeat"), None) is not None:
        return
    prior = ", ".join(letter.prior_incidents)
    yield at_letter(
        letter,
        f"prior incidents ({prior}) are not acknowledged: say this has happened before",
        hint="name it as a repeat and say what is different this time",
    )
