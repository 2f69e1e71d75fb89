"""The cells a lexicon holds (and the languages there is a lexicon for)."""

from __future__ import annotations

from apologia.languages import LANGS

__all__ = ["ALL_CELLS", "FAULT_CELLS", "LANGS", "LETTER_CELLS", "REGISTER_CELLS", "SCOPE_CELLS"]
STEP_CELLS: tuple[str, ...] = ("value", "responsibility", "explanation", "fix", "regret")
FAULT_CELLS: tuple[str, ...] = (
    "blame-shift",
    "denial",
    "party",
    "non-apology",
    "minimizing",
    "passive-responsibility",
    "repeat",
    "disclaimer",  # "beyond our control": refuses the failure in so many words
    "victim",  # the company as the victim of a crime or attack
    "failure",  # a failure told (gates a party as the actor of one)
    "deflecting",  # regret aimed at feelings or at applying a policy
    "courtesy",  # regret as a courtesy formula (apology.py): "sorry to see you go"
)
SCOPE_CELLS: tuple[str, ...] = (
    "negator",  # negates to the end of its clause (steps.py)
    "near_negator",  # negates the phrase after it: "without", "sin", "fără" (steps.py)
    "contrast",
    "reporting",
    "rescue",
    "concrete",
    "conditional",  # a condition opening a sentence (reading.py)
    "heading",  # a heading announcing the explanation (reading.py)
    "coordinator",  # "and": where a negation's reach stops (steps.py)
)
REGISTER_CELLS: tuple[str, ...] = ("formal", "informal", "plural")
LETTER_CELLS: tuple[str, ...] = ("subject", "greetings", "closings")
ALL_CELLS: tuple[str, ...] = STEP_CELLS + FAULT_CELLS + SCOPE_CELLS + REGISTER_CELLS + LETTER_CELLS
