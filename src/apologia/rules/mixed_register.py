"""Keep one register: formal or informal, not both.

Spanish and Romanian address a customer formally (usted; dumneavoastră) or informally
(tú; tu). Switching within one letter reads as careless, as if pieces were pasted from
different templates. English has no such distinction, so this rule never fires for it.
"""

from __future__ import annotations

from collections.abc import Iterator

from apologia.lexicon import words
from apologia.model import Hit, Letter, Problem, Severity
from apologia.rules._common import at_span, body, quote

ID = "mixed-register"
SEVERITY = Severity.WARNING
FIXABLE = False
SUMMARY = "Formal and informal address mixed (usted/tú, dumneavoastră/tu)."
EXAMPLES = {
    "en": {"bad": "", "good": "We have refunded you. Thank you for your patience."},
    "es": {
        "bad": "Usted recibirá el reembolso mañana. Si tienes dudas, escríbenos.",
        "good": "Usted recibirá el reembolso mañana. Si tiene dudas, escríbanos.",
    },
    "ro": {
        "bad": "V-am rambursat comanda dumneavoastră. Dacă ai întrebări, scrie-ne.",
        "good": "V-am rambursat comanda dumneavoastră. Dacă aveți întrebări, scrieți-ne.",
    },
}


def check(letter: Letter) -> Iterator[Problem]:
    # Cells of polite address, in order of preference (`polite_register:` of the lexicon).
    polite_cells = words(letter.lang, "polite_register")
    if not polite_cells:
        return
    found: dict[str, list[Hit]] = {"informal": [], **{cell: [] for cell in polite_cells}}
    for p in body(letter):
        for h in p.hits:
            if h.cell in found:
                found[h.cell].append(h)
    informal = found["informal"]
    polite = next((found[cell] for cell in polite_cells if found[cell]), [])
    if not informal or not polite:
        return
    # Report the minority register where the letter switches to it.
    if len(informal) <= len(polite):
        h, other = informal[0], "formal"
    else:
        h, other = polite[0], "informal"
    yield at_span(
        letter,
        h.start,
        h.end,
        f"register switches: \u201c{quote(letter, h)}\u201d in a letter that is mostly {other}",
        hint=f"use {other} address throughout",
    )
