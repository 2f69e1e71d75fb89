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


def check(letter: Letter) -> Iterator[Problem]:
    serious = letter.severity in ("major", "critical")
    repeat = bool(letter.prior_incidents)
    if not (serious or repeat):
        return
    if any(p.has_step(Step.VALUE) for p in letter.passages):
        return
    why = f"severity is {letter.severity}" if serious else "this is a repeat failure"
    yield at_letter(
        letter,
        f"{why}, and the letter restores no concrete value",
        step=Step.VALUE,
        hint="offer a refund, credit, replacement or waived fee",
    )
