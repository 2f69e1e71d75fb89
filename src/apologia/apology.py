"""Is this file an apology at all?

A repository of customer communications holds more than apologies: order confirmations,
newsletters, maintenance notices. Judging those against the five steps would fail every
one of them. A file that expresses no regret and apologises for nothing (not even
conditionally) is not an apology: the step rules (`missing-step`, `step-order`) skip it,
and the report says so. Front matter `apologia: letter`, or a config `letters:` glob
matching the file, forces judging as a letter.

Regret said out of courtesy is not an apology either, when the file tells of no failure:
"we apologise for any inconvenience the works may cause" in a maintenance notice, "sorry
to see you go", "sorry we missed you" (the lexicons' `courtesy` cell). Such a file is not
judged on how it apologises either (`regret-before-remedy`, `minimizing`). The same
formula in a file that tells of a failure (a delay, an outage, someone blamed) is an
apology.
"""

from __future__ import annotations

from pathlib import Path

from apologia.model import Letter, Step

# Rules that judge a letter against the five steps: skipped for a file that is not an
# apology. Every other rule still runs (a notice may still blame a courier).
STEP_RULES: frozenset[str] = frozenset({"missing-step", "step-order"})
# Rules on how a letter apologises: skipped too when the file tells of no failure either
# (a courtesy formula in a notice; "a short delay" in an incident update is still judged).
FORM_RULES: frozenset[str] = frozenset({"regret-before-remedy", "minimizing"})
# Hits that tell of a failure: with one, even a courtesy formula is an apology.
_FAILURE_CELLS = frozenset(
    {"failure", "blame-shift", "disclaimer", "victim", "responsibility", "passive-responsibility"}
)
FORCE_KEY = "apologia"
FORCE_VALUE = "letter"


def is_apology(letter: Letter) -> bool:
    """Whether the letter expresses regret or apologises, conditionally or not (regret
    out of courtesy counts only in a letter that tells of a failure)."""
    courtesy = False
    for p in letter.passages:
        if any(h.cell in ("non-apology", "deflecting") for h in p.hits):
            return True
        for step, cue in p.steps:
            if step is not Step.REGRET:
                continue
            polite = (h for h in p.hits if h.cell == "courtesy")
            if any(h.start < cue.end and cue.start < h.end for h in polite):
                courtesy = True
            else:
                return True
    return courtesy and _tells_failure(letter)


def skipped_rules(letter: Letter, judged: bool) -> frozenset[str]:
    """The rules that do not judge `letter`: none for a letter judged as an apology."""
    if judged:
        return frozenset()
    return STEP_RULES if _tells_failure(letter) else STEP_RULES | FORM_RULES


def _tells_failure(letter: Letter, cells: frozenset[str] = _FAILURE_CELLS) -> bool:
    """Whether some passage tells of a failure outside its courtesy formulas ("sorry we
    missed you" tells of no failure of ours)."""
    for p in letter.passages:
        polite = [(h.start, h.end) for h in p.hits if h.cell == "courtesy"]
        for h in p.hits:
            if h.cell in cells and not any(a <= h.start < b for a, b in polite):
                return True
    return False


# A failure told in so many words (a cause named is not one: "closed due to the holiday").
_TOLD = frozenset({"failure", "victim", "responsibility", "passive-responsibility"})


def tells_of_failure(letter: Letter) -> bool:
    """Whether the letter tells of a failure; a notice that tells of none blames no one
    ("due to high demand, delivery may take five days")."""
    return _tells_failure(letter, _TOLD)


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
