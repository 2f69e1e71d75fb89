"""Is this file an apology at all?

A repository of customer communications holds more than apologies: order confirmations,
newsletters, maintenance notices. Judging those against the five steps would fail every
one of them. A file that expresses no regret and apologises for nothing (not even
conditionally) is not an apology: the step rules (`missing-step`, `step-order`) skip it,
and the report says so. Front matter `apologia: letter`, or a config `letters:` glob
matching the file, forces judging as a letter.
"""

from __future__ import annotations

from pathlib import Path

from apologia.model import Letter, Step

# Rules that judge a letter against the five steps: skipped for a file that is not an
# apology. Every other rule still runs (a notice may still blame a courier).
STEP_RULES: frozenset[str] = frozenset({"missing-step", "step-order"})
FORCE_KEY = "apologia"
FORCE_VALUE = "letter"


def is_apology(letter: Letter) -> bool:
    """Whether the letter expresses regret or apologises, conditionally or not."""
    for p in letter.passages:
        if p.has_step(Step.REGRET):
            return True
        if any(h.cell in ("non-apology", "deflecting") for h in p.hits):
            return True
    return False


def forced(letter: Letter, letters: tuple[str, ...] = (), root: str | None = None) -> bool:
    """Whether front matter or a config glob says to judge this file as a letter."""
    if letter.front_matter.data.get(FORCE_KEY) == FORCE_VALUE:
        return True
    if not letters or letter.path in ("-", "<text>", "<stdin>"):
        return False
    from apologia.files import matches_glob

    return matches_glob(Path(letter.path), letters, Path(root or "."))


def judged_as_letter(
    letter: Letter, letters: tuple[str, ...] = (), root: str | None = None
) -> bool:
    """Whether the step rules apply: an apology, or a file forced to be judged as one."""
    return is_apology(letter) or forced(letter, letters, root)
