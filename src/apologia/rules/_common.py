"""Helpers shared by the rule modules: locating problems, walking hits."""

from __future__ import annotations

from collections.abc import Iterator

from apologia.model import REMEDY_STEPS, Hit, Letter, Passage, Problem, Step


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


def at_passage(letter: Letter, p: Passage, message: str, **kw: object) -> Problem:
    return at_span(letter, p.start, p.end, message, step=p.step, **kw)  # type: ignore[arg-type]


def hits(letter: Letter, cell: str) -> Iterator[tuple[Passage, Hit]]:
    for p in letter.passages:
        for h in p.hits:
            if h.cell == cell:
                yield p, h


def body(letter: Letter) -> Iterator[Passage]:
    """Passages that speak for the company (not greeting, closing or quotation)."""
    return (p for p in letter.passages if p.kind not in ("greeting", "closing", "quote"))


def first_with(letter: Letter, steps: frozenset[Step] | set[Step]) -> Passage | None:
    """First passage of the body with one of `steps`; a subject line does not count."""
    return next(
        (p for p in letter.passages if p.kind != "subject" and any(p.has_step(s) for s in steps)),
        None,
    )


def first_remedy(letter: Letter) -> Passage | None:
    return first_with(letter, REMEDY_STEPS)


def quote(letter: Letter, h: Hit) -> str:
    text = " ".join(letter.text[h.start : h.end].split())
    return text if len(text) <= 60 else text[:57] + "..."
