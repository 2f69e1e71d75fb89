"""Do not shift the blame to someone else.

The customer chose you, not your courier, supplier or bank; naming them as the cause
reads as an excuse and undoes any apology. The same goes for "circumstances beyond our
control" and for singling out one employee. Name a partner only while owning the result
("we chose the courier, and the failure is ours"): that is not blame shift.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from apologia.apology import is_apology, tells_of_failure
from apologia.lexicon import word_list
from apologia.model import Hit, Letter, Passage, PassageKind, Problem, Severity, Step
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
    # A notice that tells of no failure and only looks ahead ("closed on Monday due to the
    # holiday", "due to high demand, delivery may take five days") blames no one.
    ahead = not is_apology(letter) and not tells_of_failure(letter)
    owns = _owns_anywhere(letter)
    selves = _self_names(letter) | letter.company_names
    found = False
    for problem in _explicit(letter, owns, selves):
        if ahead and _looks_ahead(letter, problem.line):
            continue
        found = True
        yield problem
    if not found and not owns and not ahead:
        yield from _unowned_agent(letter, selves)


_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def _looks_ahead(letter: Letter, line: int) -> bool:
    """Whether the sentence at `line` speaks of what may or will happen (a modal, a
    future or a forecast: the lexicon's `prospective` words, and `prospective_endings`
    for a future tense read from its ending, "abrirá", "cerrarán")."""
    ahead = word_list(letter.lang, "prospective")
    endings = tuple(word_list(letter.lang, "prospective_endings"))

    def is_ahead(w: str) -> bool:
        w = w.lower()
        return w in ahead or (bool(endings) and len(w) > 4 and w.endswith(endings))

    return any(
        p.line <= line < p.line + p.text.count("\n") + 1
        and any(is_ahead(w) for w in _WORD.findall(p.text))
        for p in body(letter)
    )


def _owns(p: Passage) -> bool:
    return any(h.cell == "responsibility" and h.cue != "negated blame" for h in p.hits)


def _owns_anywhere(letter: Letter) -> bool:
    return any(_owns(p) for p in body(letter))


# How each kind of blame is cleared by the letter's own ownership of the failure:
# - an event named as the cause ("due to the storm") is cleared by ownership anywhere in
#   the letter ("the storm started it, but we fell short"), before or after;
# - a partner, vendor or employee named as the cause is cleared by ownership around it
#   ("we chose the courier, and that is on us"), not by owning some other failure;
# - a disclaimer ("beyond our control", "we cannot assume responsibility") refuses the
#   failure in so many words: only ownership right there answers it ("we could not stop
#   the flood, but having no backup plan was our failure");
# - the company as the victim of a crime or attack is blame when nothing owns its part.
_BEFORE = {"blame-shift": 0, "disclaimer": 1}
_AFTER = {"blame-shift": 4, "disclaimer": 2}
# `X-caused` names someone else as the cause ("the vendor-caused outage"); `self-` owns it.
# The word before "-caused" is bounded: a search tries it from every word start, and an
# unbounded run ("a&a&a&...") would be scanned to its end from each, quadratic.
_CAUSED = re.compile(r"\b([^\W\d_][\w.&]{0,60})-caused\b")
_OWN_CAUSE = frozenset({"self", "user", "customer", "we", "us"})


_ACTS = frozenset({"regret", "value", "fix", "responsibility"})
_SELF_GAP = 30  # characters between a name and the verb it is the subject of


def _self_names(letter: Letter) -> frozenset[str]:
    """Words for a party that the letter uses for the company itself: a company writes of
    itself in the third person ("the airline regrets", "compania își cere scuze"), so a
    party noun that is the subject of regret, a remedy or ownership is the company."""
    names: set[str] = set()
    for p in body(letter):
        hits = sorted(p.hits, key=lambda h: h.start)
        for i, h in enumerate(hits):
            if h.cell != "party" or h.cue in ("@hazard", "@circumstance"):
                continue
            after = next((q for q in hits[i + 1 :] if q.start >= h.end), None)
            if after is not None and after.cell in _ACTS and after.start - h.end <= _SELF_GAP:
                names.add(_name(letter, h))
    return frozenset(names)


def _name(letter: Letter, h: Hit) -> str:
    return " ".join(letter.text[h.start : h.end].lower().split())


def _is_company(letter: Letter, h: Hit, selves: frozenset[str]) -> bool:
    """Whether the party `h` is, or is part of, a name the company goes by ("Northwind
    Couriers" when the company is Northwind Couriers)."""
    name = _name(letter, h)
    return any(name == s or name in s.split() or f" {name}" in f" {s}" for s in selves) or any(
        _around(letter, h, s) for s in selves
    )


def _around(letter: Letter, h: Hit, name: str) -> bool:
    """Whether the company's `name` is written where `h` stands (it covers the hit)."""
    lo = max(0, h.end - len(name) - 1)
    text = " ".join(letter.text[lo : h.start + len(name) + 1].lower().split())
    return bool(name) and name in text and _name(letter, h) in name


def _is_self(letter: Letter, p: Passage, h: Hit, selves: frozenset[str]) -> bool:
    """Whether every party named inside the blame `h` is the company itself."""
    inside = [
        q
        for q in p.hits
        if q.cell == "party"
        and q.start < h.end
        and q.end > h.start
        and q.cue not in ("@hazard", "@circumstance")
    ]
    return bool(inside) and all(_is_company(letter, q, selves) for q in inside)


def _explicit(letter: Letter, owns: bool, selves: frozenset[str]) -> Iterator[Problem]:
    passages = letter.passages
    for p in body(letter):
        blames = [h for h in p.hits if h.cell in ("blame-shift", "disclaimer", "victim")]
        denial = [h for h in p.hits if h.cell == "denial"]
        parties = [h for h in p.hits if h.cell == "party"]
        if denial and parties and not blames:
            blames = [denial[0]]
        for h in blames:
            if selves and h.cell == "blame-shift" and _is_self(letter, p, h, selves):
                continue
            if owns and (h.cell == "victim" or (h.cell == "blame-shift" and _event(p, h))):
                continue
            lo = max(0, p.index - _BEFORE.get(h.cell, 0))
            near = passages[lo : p.index + _AFTER.get(h.cell, 4)]
            if any(_owns(q) for q in near):
                continue
            yield _problem(letter, p, h.start, h.end)
            break
        else:
            if letter.lang == "en" and not owns:
                m = _CAUSED.search(letter.text, p.start, p.end)
                if m and m.group(1).lower() not in _OWN_CAUSE:
                    yield _problem(letter, p, m.start(), m.end())


def _event(p: Passage, h: Hit) -> bool:
    """Whether a blame cue names an event as the cause (a storm, a strike: the lexicon's
    `hazard`), not a party or a person."""
    inside = [q.cue for q in p.hits if q.cell == "party" and q.start < h.end and q.end > h.start]
    return "@hazard" in inside and all(c in ("@hazard", "@circumstance") for c in inside)


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


def _unowned_agent(letter: Letter, selves: frozenset[str]) -> Iterator[Problem]:
    """A third party as the subject of a failing clause, in a letter that never owns it.

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
            if _is_company(letter, h, selves):
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
