"""Helpers shared by the rule modules: locating problems, walking hits."""

from __future__ import annotations

from collections.abc import Iterator

from apologia.model import REMEDY_STEPS, Hit, Letter, Passage, PassageKind, Problem, Step

_NOT_BODY = frozenset({PassageKind.GREETING, PassageKind.CLOSING, PassageKind.QUOTE})


def at_span(
    letter: Letter,
    start: int,
    end: int,
    message: str,
    *,
    step: Step | None = None,
    hint: str = "",
) -> Problem:
    line, col = letter.position(start)
    end_line, end_col = letter.position(max(start, end))
    return Problem(line, col, end_line, end_col, message, step=step, hint=hint)


def at_letter(letter: Letter, message: str, *, step: Step | None = None, hint: str = "") -> Problem:
    """A problem of the whole letter, placed on its first body passage."""
    first = next(body(letter), None) or (letter.passages[0] if letter.passages else None)
    start, end = (first.start, first.end) if first else (0, 0)
    return at_span(letter, start, end, message, step=step, hint=hint)


def hits(letter: Letter, cell: str) -> Iterator[tuple[Passage, Hit]]:
    for p in letter.passages:
        for h in p.hits:
            if h.cell == cell:
                yield p, h


def body(letter: Letter) -> Iterator[Passage]:
    """Passages that speak for the company (not greeting, closing or quotation)."""
    return (p for p in letter.passages if p.kind not in _NOT_BODY)


def first_with(letter: Letter, steps: frozenset[Step] | set[Step]) -> Passage | None:
    """First passage of the body with one of `steps`; a subject line does not count."""
    return next(
        (
            p
            for p in letter.passages
            if p.kind is not PassageKind.SUBJECT and any(p.has_step(s) for s in steps)
        ),
        None,
    )


def first_remedy(letter: Letter) -> Passage | None:
    return first_with(letter, REMEDY_STEPS)


def early_regret(letter: Letter) -> tuple[Hit, bool] | None:
    """The first regret cue when it comes before any remedy, with whether a remedy exists.

    Shared by `regret-before-remedy`, which reports it, and `step-order`, which leaves
    it to that rule. In one sentence holding both, the remedy must come first ("We have
    refunded you, and we are sorry"), not "We are sorry your refund has taken so long".
    """
    regret = first_with(letter, {Step.REGRET})
    if regret is None:
        return None
    remedy = first_remedy(letter)
    hit = next(h for s, h in regret.steps if s is Step.REGRET)
    if remedy is not None and remedy.index < regret.index:
        return None
    if remedy is not None and remedy.index == regret.index:
        first = min(h.start for s, h in remedy.steps if s in REMEDY_STEPS)
        if first < hit.start:
            return None
    return hit, remedy is not None


def quote(letter: Letter, h: Hit) -> str:
    text = " ".join(letter.text[h.start : h.end].split())
    return text if len(text) <= 60 else text[:57] + "..."
