"""Every apology needs all five steps.

A complete apology restores value, accepts responsibility, explains the cause, says what
was fixed, and expresses regret. Leave one out and the customer notices: a refund without
an explanation feels like hush money, an explanation without a fix promises a repeat.
"""

from __future__ import annotations

from collections.abc import Iterator

from apologia.model import STEP_ORDER, Letter, Problem, Severity
from apologia.rules._common import at_letter

ID = "missing-step"
SEVERITY = Severity.ERROR
FIXABLE = False
SUMMARY = "One of the five steps (value, responsibility, explanation, fix, regret) is absent."
EXAMPLES = {
    "en": {
        "bad": "We are sorry about your order.",
        "good": (
            "We have refunded your order. This was our mistake. It happened because "
            "a label was wrong. We now check every label. We are sorry."
        ),
    },
    "es": {
        "bad": "Lamentamos lo ocurrido con su pedido.",
        "good": (
            "Le hemos reembolsado el pedido. Fue un error nuestro. Ocurrió porque una "
            "etiqueta estaba mal. A partir de ahora revisamos cada etiqueta. Lo sentimos."
        ),
    },
    "ro": {
        "bad": "Ne pare rău pentru comanda dumneavoastră.",
        "good": (
            "V-am rambursat comanda. Greșeala ne aparține. S-a întâmplat pentru că o "
            "etichetă era greșită. De acum înainte verificăm fiecare etichetă. "
            "Ne pare rău."
        ),
    },
}

_WHAT = {
    "value": "restore what the customer lost (refund, credit, replacement)",
    "responsibility": "say plainly that the failure is yours",
    "explanation": "explain what went wrong and why",
    "fix": "say what you changed so it does not happen again",
    "regret": "express regret for the harm done",
}


def check(letter: Letter) -> Iterator[Problem]:
    present = {s for p in letter.passages for s, _ in p.steps}
    for step in STEP_ORDER:
        if step not in present:
            yield at_letter(
                letter,
                f"missing step: {step.value}",
                step=step,
                hint=_WHAT[step.value],
            )
