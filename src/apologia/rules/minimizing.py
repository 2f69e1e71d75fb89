"""Do not shrink the harm.

"Any inconvenience this may have caused" tells the customer that you are not sure
anything happened, and "a minor issue" that it did not matter. Name the harm as the
customer lived it: the missed flight, the lost evening, the week without internet.
"""

from __future__ import annotations

from collections.abc import Iterator

from apologia.model import Letter, Problem, Severity
from apologia.rules._common import at_span, body, quote

ID = "minimizing"
SEVERITY = Severity.WARNING
FIXABLE = False
SUMMARY = "The harm is shrunk: any inconvenience, may have caused, a minor issue."
EXAMPLES = {
    "en": {
        "bad": "We apologize for any inconvenience this may have caused.",
        "good": "We are sorry that you spent your Saturday waiting for a delivery.",
    },
    "es": {
        "bad": "Disculpe las molestias que le haya podido ocasionar.",
        "good": "Lamentamos que pasara el sábado esperando una entrega.",
    },
    "ro": {
        "bad": "Ne cerem scuze pentru orice neplăcere.",
        "good": "Ne pare rău că ați așteptat toată ziua de sâmbătă livrarea.",
    },
}


def check(letter: Letter) -> Iterator[Problem]:
    for p in body(letter):
        found = [h for h in p.hits if h.cell == "minimizing"]
        if not found:
            continue
        start, end = min(h.start for h in found), max(h.end for h in found)
        text = " ".join(letter.text[start:end].split())
        if len(text) > 60:
            text = quote(letter, found[0])
        yield at_span(
            letter,
            start,
            end,
            f"minimizes the harm: \u201c{text}\u201d",
            step=p.step,
            hint="name the harm as the customer lived it",
        )
