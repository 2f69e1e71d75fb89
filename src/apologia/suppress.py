"""Suppression comments in a letter -> which (line, rule) problems to hide.

Forms (cli.md): ``<!-- apologia-disable-next-line [IDS] -->``, ``<!-- apologia-disable
[IDS] -->`` ... ``<!-- apologia-enable [IDS] -->``. No id means every rule; ids are
separated by spaces or commas. A disable without an enable runs to the end of the file.
A line that holds a disable or enable comment counts as covered, so inline use
(``text <!-- apologia-disable --> ... <!-- apologia-enable -->``) hides that line.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Collection
from dataclasses import dataclass, field

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


@dataclass(frozen=True, slots=True)
class _State:
    """Which rules are off. With `all_off`, `names` are the rules turned back on."""

    all_off: bool = False
    names: frozenset[str] = frozenset()

    def off(self, rule: str) -> bool:
        return self.all_off != (rule in self.names)

    def disable(self, ids: frozenset[str]) -> _State:
        if not ids:
            return _State(True)
        return _State(self.all_off, self.names - ids if self.all_off else self.names | ids)

    def enable(self, ids: frozenset[str]) -> _State:
        if not ids:
            return _State(False)
        return _State(self.all_off, self.names | ids if self.all_off else self.names - ids)


_ALL = ""  # key for "every rule" in next-line suppressions


@dataclass(frozen=True, slots=True)
class Suppressions:
    # Lines (1-based) that hold a disable/enable comment, ascending; `on_line[i]` are the
    # states seen along that line, `after[i]` the state from the next line on.
    change_lines: tuple[int, ...] = ()
    on_line: tuple[tuple[_State, ...], ...] = ()
    after: tuple[_State, ...] = ()
    # (line, rule id or "" for all) hidden by disable-next-line comments.
    next_line: frozenset[tuple[int, str]] = frozenset()
    # Every (line, rule id) named in a comment, so the engine can warn on unknown ids.
    mentioned: tuple[tuple[int, str], ...] = field(default=())

    def hides(self, problem: Problem) -> bool:
        line, rule = problem.line, problem.rule
        if (line, _ALL) in self.next_line or (line, rule) in self.next_line:
            return True
        i = bisect_right(self.change_lines, line) - 1
        if i < 0:
            return False
        if self.change_lines[i] == line:
            return any(s.off(rule) for s in self.on_line[i])
        return self.after[i].off(rule)


NONE = Suppressions()


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

    change_lines: list[int] = []
    on_line: list[tuple[_State, ...]] = []
    after: list[_State] = []
    next_line: set[tuple[int, str]] = set()
    mentioned: list[tuple[int, str]] = []
    state = _State()
    line, pos = 1, 0
    for m in _DIRECTIVE.finditer(raw):
        line += raw.count("\n", pos, m.start())
        pos = m.start()
        kind = m.group(1)
        ids = frozenset(i for i in _SPLIT_IDS.split(m.group(2)) if i)
        mentioned.extend((line, i) for i in sorted(ids))
        if kind == "disable-next-line":
            end_line = line + m.group(0).count("\n")
            target = next_content[end_line - 1]
            if target:
                next_line.update((target, i) for i in ids or {_ALL})
            continue
        if not change_lines or change_lines[-1] != line:
            change_lines.append(line)
            on_line.append((state,))
            after.append(state)
        state = state.disable(ids) if kind == "disable" else state.enable(ids)
        on_line[-1] = (*on_line[-1], state)
        after[-1] = state
    return Suppressions(
        change_lines=tuple(change_lines),
        on_line=tuple(on_line),
        after=tuple(after),
        next_line=frozenset(next_line),
        mentioned=tuple(mentioned),
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
