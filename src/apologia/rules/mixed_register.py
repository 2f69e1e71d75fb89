"""Keep one register: formal or informal, not both.

Spanish and Romanian address a customer formally (usted; dumneavoastră) or informally
(tú; tu). Switching within one letter reads as careless, as if pieces were pasted from
different templates. English has no such distinction, so this rule never fires for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

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
    polite = next((found[cell] for cell in polite_cells if found[cell]), [])
    if not polite:
        return  # one register (or none): the verbs need not be read
    informal = sorted(found["informal"] + _informal_verbs(letter), key=lambda h: h.start)
    if not informal:
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


_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def _informal_verbs(letter: Letter) -> list[Hit]:
    """Second-person singular verbs told by their endings ("llegaste", "esperabas",
    "primești"): the informal register shows in verbs as much as in pronouns.

    The endings and the words that merely end like them live in the lexicon
    (`informal_endings`, `informal_endings_except`); capitalised words are names
    ("București"), not verbs.
    """
    endings, exceptions = _endings(letter.lang)
    if not endings:
        return []
    out: list[Hit] = []
    for p in body(letter):
        for m in _WORD.finditer(letter.text, p.start, p.end):
            word = m.group(0)
            if word[:1].isupper() and m.start() != p.start:
                continue
            low = word.lower()
            if low.endswith(endings) and low not in exceptions and len(low) > 4:
                out.append(Hit("informal", "informal verb ending", m.start(), m.end()))
    return out


@cache
def _endings(lang: str) -> tuple[tuple[str, ...], frozenset[str]]:
    return words(lang, "informal_endings"), frozenset(words(lang, "informal_endings_except"))
