"""A serious or repeated failure needs concrete value.

Customers judge severe and repeated failures hardest. When the front matter marks the
incident `major` or `critical`, or lists `prior_incidents`, an apology without a refund,
credit, replacement or other concrete value reads as words only.
"""

from __future__ import annotations

from collections.abc import Iterator

from apologia.model import Letter, Problem, Severity, Step
from apologia.rules._common import at_letter

ID = "compensation-required"
SEVERITY = Severity.ERROR
FIXABLE = False
SUMMARY = "A major/critical or repeated incident, and the letter restores no concrete value."
EXAMPLES = {
    "en": {
        "bad": "---\nseverity: major\n---\nThis was our mistake. We are sorry.",
        "good": "---\nseverity: major\n---\nWe have refunded your order. We are sorry.",
    },
    "es": {
        "bad": "---\nseverity: major\n---\nFue un error nuestro. Lo sentimos.",
        "good": "---\nseverity: major\n---\nLe hemos reembolsado el pedido. Lo sentimos.",
    },
    "ro": {
        "bad": "---\nseverity: major\n---\nGreșeala ne aparține. Ne pare rău.",
        "good": "---\nseverity: major\n---\nV-am rambursat comanda. Ne pare rău.",
    },
}


def value_needed(severity: str | None, repeat: bool) -> str | None:
    """Why this incident needs concrete value ("severity is major"), or None if it does not.

    The draft gate asks the same question of an incident file before any letter exists.
    """
    if severity in ("major", "critical"):
        return f"severity is {severity}"
    return "this is a repeat failure" if repeat else None


def check(letter: Letter) -> Iterator[Problem]:
    why = value_needed(letter.severity, bool(letter.prior_incidents))
    if why is None or any(p.has_step(Step.VALUE) for p in letter.passages):
        return
    yield at_letter(
        letter,
        f"{why}, and the letter restores no concrete value",
        step=Step.VALUE,
        hint="offer a refund, credit, replacement or waived fee",
    )
