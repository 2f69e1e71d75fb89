"""The languages apologia has a lexicon for, and the cells a lexicon holds."""

from __future__ import annotations

LANGS: tuple[str, ...] = ("en", "es", "ro")
STEP_CELLS: tuple[str, ...] = ("value", "responsibility", "explanation", "fix", "regret")
FAULT_CELLS: tuple[str, ...] = (
    "blame-shift",
    "denial",
    "party",
    "non-apology",
    "minimizing",
    "passive-responsibility",
    "repeat",
)
SCOPE_CELLS: tuple[str, ...] = ("negator", "contrast", "reporting", "rescue", "concrete")
REGISTER_CELLS: tuple[str, ...] = ("formal", "informal", "plural")
LETTER_CELLS: tuple[str, ...] = ("subject", "greetings", "closings")
ALL_CELLS: tuple[str, ...] = STEP_CELLS + FAULT_CELLS + SCOPE_CELLS + REGISTER_CELLS + LETTER_CELLS
