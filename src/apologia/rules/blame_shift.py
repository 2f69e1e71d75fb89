"""Do not shift the blame to someone else.

The customer chose you, not your courier, supplier or bank; naming them as the cause
reads as an excuse and undoes any apology. The same goes for "circumstances beyond our
control" and for singling out one employee. Name a partner only while owning the result
("we chose the courier, and the failure is ours"): that is not blame shift.
"""

from __future__ import annotations

from collections.abc import Iterator

from apologia.model import Letter, Problem, Severity, Step
from apologia.rules._common import at_span, body, quote

ID = "blame-shift"
SEVERITY = Severity.ERROR
FIXABLE = False
SUMMARY = "The failure is attributed to a vendor, courier, partner, employee or circumstances."
EXAMPLES = {
    "en": {"bad": "The delay was caused by our courier.",
           "good": "We chose the courier, and the delay is our responsibility."},
    "es": {"bad": "El retraso se debió a la empresa de transporte.",
           "good": "Elegimos nosotros la empresa de transporte: el error fue nuestro."},
    "ro": {"bad": "Întârzierea s-a datorat curierului.",
           "good": "Noi am ales curierul, iar greșeala ne aparține."},
}


def check(letter: Letter) -> Iterator[Problem]:
    for p in body(letter):
        owned = p.has_step(Step.RESPONSIBILITY) and any(
            h.cell == "responsibility" and h.cue != "negated blame" for h in p.hits
        )
        blames = [h for h in p.hits if h.cell == "blame-shift"]
        denial = [h for h in p.hits if h.cell == "denial"]
        parties = [h for h in p.hits if h.cell == "party"]
        if denial and parties and not blames:
            blames = [denial[0]]
        if not blames or owned:
            continue
        h = blames[0]
        yield at_span(
            letter, h.start, h.end,
            f"blames someone else for the failure: \u201c{quote(letter, h)}\u201d",
            step=p.step,
            hint="own the failure: say what you did or chose, not what they did",
        )
