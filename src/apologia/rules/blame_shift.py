"""Do not shift the blame to someone else.

The customer chose you, not your courier, supplier or bank; naming them as the cause
reads as an excuse and undoes any apology. The same goes for "circumstances beyond our
control" and for singling out one employee. Name a partner only while owning the result
("we chose the courier, and the failure is ours"): that is not blame shift.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from apologia.lexicon import word_list
from apologia.model import Letter, Passage, PassageKind, Problem, Severity, Step
from apologia.rules._common import at_span, body, quote

ID = "blame-shift"
SEVERITY = Severity.ERROR
FIXABLE = False
SUMMARY = "The failure is attributed to a vendor, courier, partner, employee or circumstances."
EXAMPLES = {
    "en": {
        "bad": "The delay was caused by our courier.",
        "good": "We chose the courier, and the delay is our responsibility.",
    },
    "es": {
        "bad": "El retraso se debió a la empresa de transporte.",
        "good": "Elegimos nosotros la empresa de transporte: el error fue nuestro.",
    },
    "ro": {
        "bad": "Întârzierea s-a datorat curierului.",
        "good": "Noi am ales curierul, iar greșeala ne aparține.",
    },
}


def check(letter: Letter) -> Iterator[Problem]:
    found = False
    for problem in _explicit(letter):
        found = True
        yield problem
    if not found:
        yield from _unowned_agent(letter)


def _owns(p: Passage) -> bool:
    return any(h.cell == "responsibility" and h.cue != "negated blame" for h in p.hits)


def _explicit(letter: Letter) -> Iterator[Problem]:
    passages = letter.passages
    for p in body(letter):
        # Naming a partner and then owning the result is not blame:
        # "A contractor cut the cable. But a single cut should not cut you off. That is on us."
        near = passages[p.index : p.index + 4]
        owned = any(_owns(q) for q in near)
        blames = [h for h in p.hits if h.cell == "blame-shift"]
        denial = [h for h in p.hits if h.cell == "denial"]
        parties = [h for h in p.hits if h.cell == "party"]
        if denial and parties and not blames:
            blames = [denial[0]]
        if not blames or owned:
            continue
        h = blames[0]
        yield at_span(
            letter,
            h.start,
            h.end,
            f"blames someone else for the failure: \u201c{quote(letter, h)}\u201d",
            step=p.step,
            hint="own the failure: say what you did or chose, not what they did",
        )


_CLAUSE = re.compile(r"[;:,—–]\s|^")


def _unowned_agent(letter: Letter) -> Iterator[Problem]:
    """A third party as the subject of a clause, in a letter that never owns the failure.

    "On 2 May, a vendor that sends our emails told us its systems were breached": no
    cause word, but the story makes someone else the actor, and nothing says "ours".
    """
    owns = any(
        h.cell == "responsibility" and h.cue != "negated blame"
        for p in body(letter)
        for h in p.hits
    )
    if owns:
        return
    determiners = word_list(letter.lang, "determiners")
    for p in body(letter):
        if p.kind is PassageKind.SUBJECT or p.has_step(Step.VALUE) or p.has_step(Step.FIX):
            continue  # a partner carrying the remedy ("our courier will bring it") is no excuse
        for h in p.hits:
            if h.cell != "party":
                continue
            head = letter.text[p.start : h.start]
            cut = max((m.end() for m in _CLAUSE.finditer(head)), default=0)
            lead_words = head[cut:].split()
            if len(lead_words) <= 2 and all(w.lower() in determiners for w in lead_words):
                yield at_span(
                    letter,
                    h.start,
                    h.end,
                    f"makes someone else the actor of the failure: \u201c{quote(letter, h)}\u201d, "
                    "and the letter never owns it",
                    step=p.step,
                    hint="say what you did or chose, and that the failure is yours",
                )
                return
