"""A compiled cue: one pattern of a cell with all the matcher needs of it, as one record.

A record saves itself as plain values (`to_data`) and loads itself back (`from_data`),
checking every field, so the cache store never rebuilds a cue by position and a damaged
record is refused instead of handed to the matcher.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from typing import Any, NamedTuple

from apologia.lexicon.cache.recompile import Form, form

# What a cue needs in a folded text before it can match there: every clause must have
# one of its literals in the text (" w " stands for the whole word w).
FrozenNeed = tuple[frozenset[str], ...]

# Word boundaries: a cue never starts or ends inside a word, and a hyphen joined to a
# letter belongs to the word (ro clitics `v-am`, `ne-am`).
LEFT = r"(?<![\w])(?<![\w]-)"
RIGHT = r"(?![\w])(?!-[\w])"
_LITERAL_HEAD = re.compile(r"(?:\\[^\w\s]|[^\\.^$*+?{}\[\]|()])+")


class CompiledCue(NamedTuple):
    """One cue of a cell: its pattern as written, its weight, and its compiled form."""

    cell: str
    pattern: str  # as the lexicon writes it
    weight: float
    source: str  # its regex, without word boundaries
    need: FrozenNeed
    first: frozenset[str] | None  # what a match can start with (None: unknown, or empty)
    in_sentence: bool  # a match holds none of . ; ! ? (so it lies inside one sentence)
    trigger: int  # the clause of `need` least likely met by a letter (-1: needs none)
    form: Form | None = None  # `bounded()` as `re` compiled it, where the cache kept it

    def bounded(self) -> str:
        """The regex source between word boundaries; group 1 is the cue's match."""
        return cue_pattern(self.source, self.first)

    def with_form(self) -> CompiledCue:
        return self._replace(form=form(self.bounded()))

    def to_data(self) -> tuple[Any, ...]:
        return (
            self.pattern,
            self.weight,
            self.source,
            self.need,
            self.first,
            self.in_sentence,
            self.trigger,
            self.form,
        )

    @classmethod
    def from_data(cls, cell: str, data: Any) -> CompiledCue:
        """The record saved by `to_data`; ValueError when any field is not as saved."""
        _check(isinstance(data, tuple) and len(data) == 8)
        pattern, weight, source, need, first, in_sentence, trigger, kept = data
        _check(isinstance(pattern, str) and isinstance(source, str))
        _check(isinstance(weight, float) and isinstance(in_sentence, bool))
        _check(_is_need(need) and (first is None or _is_words(first)))
        _check(type(trigger) is int and -1 <= trigger < len(need) and (trigger < 0) == (not need))
        _check(kept is None or isinstance(kept, tuple))
        return cls(cell, pattern, weight, source, need, first, in_sentence, trigger, kept)


class CompiledExceptions(NamedTuple):
    """A cell's exception patterns: where one matches, the cell's cues do not count."""

    source: str  # the patterns as one alternation, without word boundaries
    needs: tuple[FrozenNeed, ...]  # what each pattern needs
    first: frozenset[str] | None  # what any match can start with (None: unknown)
    form: Form | None = None

    def bounded(self) -> str:
        return cue_pattern(f"(?:{self.source})", self.first)

    def with_form(self) -> CompiledExceptions:
        return self._replace(form=form(self.bounded()))

    def to_data(self) -> tuple[Any, ...]:
        return (self.source, self.needs, self.first, self.form)

    @classmethod
    def from_data(cls, data: Any) -> CompiledExceptions:
        _check(isinstance(data, tuple) and len(data) == 4)
        source, needs, first, kept = data
        _check(isinstance(source, str) and isinstance(needs, tuple))
        _check(all(_is_need(need) for need in needs))
        _check((first is None or _is_words(first)) and (kept is None or isinstance(kept, tuple)))
        return cls(source, needs, first, kept)


def _check(ok: bool) -> None:
    if not ok:
        raise ValueError("not a compiled cue")


def _is_words(value: object) -> bool:
    return isinstance(value, frozenset) and all(isinstance(w, str) and w for w in value)


def _is_need(value: object) -> bool:
    return isinstance(value, tuple) and all(_is_words(clause) and clause for clause in value)


def met(need: FrozenNeed, present: AbstractSet[str]) -> bool:
    """Whether every clause of a need has one of its literals in `present`."""
    for clause in need:  # noqa: SIM110 - a loop, not a generator: this runs per cue
        if present.isdisjoint(clause):
            return False
    return True


def trigger_clause(need: FrozenNeed, frequent: frozenset[str]) -> int:
    """The clause of `need` least likely met by a letter (-1: it has none)."""
    if not need:
        return -1
    return min(range(len(need)), key=lambda i: _clause_cost(need[i], frequent))


def _clause_cost(clause: frozenset[str], frequent: frozenset[str]) -> float:
    """How likely a clause is met by a letter: more and shorter literals, likelier; a
    frequent word, all but certain."""
    return sum(1.0 if lit.strip() in frequent else 1.0 / len(lit) ** 2 for lit in clause)


def cue_pattern(source: str, first: frozenset[str] | None = None) -> str:
    """One cue between word boundaries; group 1 is the cue's match.

    `LEFT` first would make the regex engine attempt a match at every position of the
    letter. With a literal head first (its boundary checked by a look-behind of the same
    width), or a class of the characters a match can start with, the engine skips ahead
    to the places worth trying. The matches are the same.
    """
    m = _LITERAL_HEAD.match(source)
    head = m.group(0) if m else ""
    if head and source[len(head) : len(head) + 1] in ("*", "+", "?", "{"):
        head = head[:-2] if head[-2:-1] == "\\" else head[:-1]  # the quantifier takes it
    if head:
        rest = source[len(head) :]
        return f"({head}(?<![\\w]{head})(?<![\\w]-{head})(?:{rest})){RIGHT}"
    if first and not any(ch.isspace() for ch in first):
        chars = "[" + "".join(re.escape(ch) for ch in sorted(first)) + "]"
        # Step onto a possible first character, then look back to match from there.
        return f"{chars}(?<={LEFT}(?=((?:{source})){RIGHT}){chars})"
    return f"{LEFT}((?:{source})){RIGHT}"
