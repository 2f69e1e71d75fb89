"""Do not shift the blame to someone else.

The customer chose you, not your courier, supplier or bank; naming them as the cause
reads as an excuse and undoes any apology. The same goes for "circumstances beyond our
control" and for singling out one employee. Name a partner only while owning the result
("we chose the courier, and the failure is ours"): that is not blame shift.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from apologia.apology import is_apology
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
    owns = _owns_anywhere(letter)
    found = False
    for problem in _explicit(letter, owns):
        found = True
        yield problem
    if not found and not owns and is_apology(letter):
        yield from _unowned_agent(letter)


def _owns(p: Passage) -> bool:
    return any(h.cell == "responsibility" and h.cue != "negated blame" for h in p.hits)


def _owns_anywhere(letter: Letter) -> bool:
    return any(_owns(p) for p in body(letter))


# How each kind of blame is cleared by the letter's own ownership of the failure:
# - a cause named ("due to the storm", "the supplier mishandled the fish") is cleared by
#   ownership anywhere in the letter ("we chose them, so it is on us", before or after);
# - a disclaimer ("beyond our control", "we cannot assume responsibility") refuses the
#   failure in so many words: only ownership right there answers it ("we could not stop
#   the flood, but having no backup plan was our failure");
# - the company as the victim of a crime or attack is blame when nothing owns its part.
_NEAR = {"blame-shift": 4, "disclaimer": 2}
# `X-caused` names someone else as the cause ("the vendor-caused outage"); `self-` owns it.
_CAUSED = re.compile(r"\b([^\W\d_][\w.&]*)-caused\b")
_OWN_CAUSE = frozenset({"self", "user", "customer", "we", "us"})


def _explicit(letter: Letter, owns: bool) -> Iterator[Problem]:
    passages = letter.passages
    for p in body(letter):
        blames = [h for h in p.hits if h.cell in ("blame-shift", "disclaimer", "victim")]
        denial = [h for h in p.hits if h.cell == "denial"]
        parties = [h for h in p.hits if h.cell == "party"]
        if denial and parties and not blames:
            blames = [denial[0]]
        for h in blames:
            if h.cell == "victim" or h.cell == "blame-shift":
                if owns and (h.cell == "victim" or h.cue != "@circumstance"):
                    continue
            near = passages[p.index : p.index + _NEAR.get(h.cell, 4)]
            if any(_owns(q) for q in near):
                continue
            yield _problem(letter, p, h.start, h.end)
            break
        else:
            if letter.lang == "en" and not owns:
                m = _CAUSED.search(letter.text, p.start, p.end)
                if m and m.group(1).lower() not in _OWN_CAUSE:
                    yield _problem(letter, p, m.start(), m.end())


def _problem(letter: Letter, p: Passage, start: int, end: int) -> Problem:
    text = " ".join(letter.text[start:end].split())
    text = text if len(text) <= 60 else text[:57] + "..."
    return at_span(
        letter,
        start,
        end,
        f"blames someone else for the failure: \u201c{text}\u201d",
        step=p.step,
        hint="own the failure: say what you did or chose, not what they did",
    )


_CLAUSE = re.compile(r"[;:,—–]\s|^")


def _unowned_agent(letter: Letter) -> Iterator[Problem]:
    """A third party as the subject of a failing clause, in an apology that never owns it.

    "On 2 May, a vendor that sends our emails told us its systems were breached": no
    cause word, but the story makes someone else the actor of the failure, and nothing
    says "ours". A party that only carries the remedy or is simply named ("our courier
    will collect it") is no excuse: the clause must tell a failure.
    """
    determiners = word_list(letter.lang, "determiners")
    for p in body(letter):
        if p.kind is PassageKind.SUBJECT or p.has_step(Step.VALUE) or p.has_step(Step.FIX):
            continue  # a partner carrying the remedy ("our courier will bring it") is no excuse
        failures = [h.start for h in p.hits if h.cell == "failure"]
        for h in p.hits:
            if h.cell != "party" or not any(f >= h.end for f in failures):
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
