"""Suppression comments in a letter -> which (line, rule) problems to hide.

Forms (cli.md): ``<!-- apologia-disable-next-line [IDS] -->``, ``<!-- apologia-disable
[IDS] -->`` ... ``<!-- apologia-enable [IDS] -->``. No id means every rule; ids are
separated by spaces or commas. A disable without an enable runs to the end of the file.
A line that holds a disable or enable comment counts as covered, so inline use
(``text <!-- apologia-disable --> ... <!-- apologia-enable -->``) hides that line.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Collection, Iterator
from typing import NamedTuple

from apologia.model import Problem

# `[^<>]*` cannot run past another tag, so each `<!--` is scanned at most to the next
# `<` or `>`: one linear pass over the text.
_DIRECTIVE = re.compile(
    r"<!--\s*apologia-(disable-next-line|disable|enable)(?=[\s,]|-->)([^<>]*?)-->"
)
_ONLY_DIRECTIVES = re.compile(
    r"\s*(?:<!--\s*apologia-(?:disable-next-line|disable|enable)(?=[\s,]|-->)[^<>]*?-->\s*)+"
)
_SPLIT_IDS = re.compile(r"[\s,]+")


_ALL = ""  # key for "every rule" in next-line suppressions and timelines


class _Timeline:
    """The disable/enable comments that switch one rule (or, under `_ALL`, every rule),
    in file order: the comment's line, its place among all comments, off or on."""

    __slots__ = ("lines", "off", "off_lines", "order")

    def __init__(self) -> None:
        self.lines: list[int] = []
        self.order: list[int] = []
        self.off: list[bool] = []
        self.off_lines: set[int] = set()  # lines holding a comment turning it off

    def add(self, line: int, order: int, off: bool) -> None:
        self.lines.append(line)
        self.order.append(order)
        self.off.append(off)
        if off:
            self.off_lines.add(line)

    def last_before(self, line: int) -> tuple[int, bool]:
        """(order, off) of the last comment on an earlier line; (-1, False) if none."""
        i = bisect_left(self.lines, line) - 1
        return (self.order[i], self.off[i]) if i >= 0 else (-1, False)


_EMPTY = _Timeline()


class Suppressions(NamedTuple):
    # Rule id (or `_ALL`) -> the comments that switch it. A rule is off on a line when
    # the latest comment before the line that names it or every rule turned it off, or
    # when a comment on the line itself turns it off. Built and asked in time linear in
    # the comments, however many share one line.
    timelines: dict[str, _Timeline]
    # (line, rule id or "" for all) hidden by disable-next-line comments.
    next_line: frozenset[tuple[int, str]]
    # Every (line, rule id) named in a comment, so the engine can warn on unknown ids.
    mentioned: tuple[tuple[int, str], ...]

    def hides(self, problem: Problem) -> bool:
        line, rule = problem.line, problem.rule
        if (line, _ALL) in self.next_line or (line, rule) in self.next_line:
            return True
        every, own = self.timelines.get(_ALL, _EMPTY), self.timelines.get(rule, _EMPTY)
        if line in every.off_lines or line in own.off_lines:
            return True
        return max(every.last_before(line), own.last_before(line))[1]


NONE = Suppressions({}, frozenset(), ())


class Directive(NamedTuple):
    """One suppression comment: where it starts and ends, its kind, the ids it names."""

    line: int
    end_line: int
    kind: str  # "disable-next-line", "disable" or "enable"
    ids: tuple[str, ...]  # sorted, each once; empty means every rule


def directives(raw: str) -> Iterator[Directive]:
    """The suppression comments in a letter's raw text, in order, in one linear pass."""
    if "apologia-" not in raw:  # most letters: skip the work
        return
    line, pos = 1, 0
    for m in _DIRECTIVE.finditer(raw):
        line += raw.count("\n", pos, m.start())
        pos = m.start()
        ids = tuple(sorted({i for i in _SPLIT_IDS.split(m.group(2)) if i}))
        yield Directive(line, line + m.group(0).count("\n"), m.group(1), ids)


def parse_suppressions(raw: str) -> Suppressions:
    """Find the suppression comments in a letter's raw text."""
    if "apologia-" not in raw:  # most letters: skip the work
        return NONE
    lines = raw.split("\n")
    # next_content[i]: the first 1-based line after line i+1 that is neither blank nor
    # only suppression comments, so stacked disable-next-line comments all reach it.
    next_content = [0] * (len(lines) + 1)
    upcoming = 0
    for i in range(len(lines) - 1, -1, -1):
        next_content[i] = upcoming
        text = lines[i]
        if text.strip() and not _ONLY_DIRECTIVES.fullmatch(text):
            upcoming = i + 1

    timelines: dict[str, _Timeline] = {}
    next_line: set[tuple[int, str]] = set()
    mentioned: list[tuple[int, str]] = []
    for order, d in enumerate(directives(raw)):
        mentioned.extend((d.line, i) for i in d.ids)
        if d.kind == "disable-next-line":
            target = next_content[d.end_line - 1]
            if target:
                next_line.update((target, i) for i in d.ids or [_ALL])
            continue
        for rule in d.ids or [_ALL]:
            timelines.setdefault(rule, _Timeline()).add(d.line, order, d.kind == "disable")
    return Suppressions(
        timelines=timelines, next_line=frozenset(next_line), mentioned=tuple(mentioned)
    )


def unknown_ids(suppressions: Suppressions, known: Collection[str]) -> list[tuple[int, str]]:
    """(line, message) for each id named in a comment that is not a rule, with the
    nearest rule id when one is close (a typo), as a bad id in the config is reported."""
    from difflib import get_close_matches

    out: list[tuple[int, str]] = []
    for line, rule_id in suppressions.mentioned:
        if rule_id in known:
            continue
        near = get_close_matches(rule_id, list(known), n=1)
        hint = f"; did you mean {near[0]!r}?" if near else f"; rules are: {', '.join(known)}"
        out.append((line, f"unknown rule id {rule_id!r} in a suppression comment{hint}"))
    return out
