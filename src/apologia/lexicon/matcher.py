"""The matcher: where a lexicon's literals occur in a letter (`Scan`), and each cell's
cues found cue by cue (`Cell`) exactly as one alternation of them would find them.

Each cue knows the words a match needs, so most cues are ruled out by a set lookup
(which words occur, in which sentences), and the rest run as regexes that skip ahead to
where a match can start, only where a match can lie.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from functools import cached_property

from apologia.lexicon.cache.recompile import Form, form, rebuild
from apologia.lexicon.cue import LEFT, RIGHT, CompiledCue, CompiledExceptions, FrozenNeed, met

_WORDS = re.compile(r"\w+")
# A cue's match found in a folded text: (start, end, cue).
Found = tuple[int, int, CompiledCue]


@dataclass(frozen=True, slots=True)
class Scan:
    """Where literals of a lexicon occur in one folded text, sentence by sentence.

    `where` maps each literal found to a bit mask of the sentences holding it (bit i is
    `bounds[i]`, the span between two of . ; ! ?). A cue whose match stays inside one
    sentence needs a sentence holding a literal of each of its clauses, and its match
    can only lie in such sentences: the mask rules cues out and narrows their search.
    """

    text: str
    where: dict[str, int]
    bounds: tuple[tuple[int, int], ...]
    present: frozenset[str] = field(init=False)  # the keys of `where`, for set algebra

    def __post_init__(self) -> None:
        object.__setattr__(self, "present", frozenset(self.where))

    @classmethod
    def whole(cls, text: str, present: Iterable[str]) -> Scan:
        """A scan that knows presence only, not sentences (one span: the whole text)."""
        return cls(text, dict.fromkeys(present, 1), ((0, len(text)),))

    def window(self, need: tuple[frozenset[str], ...]) -> tuple[int, int] | None:
        """The stretch of text where a match needing `need` inside one sentence can lie:
        from the first to the last sentence that holds a literal of every clause."""
        where, present = self.where, self.present
        mask = -1
        for clause in need:
            hit = 0
            for lit in clause & present:  # walks the smaller set
                hit |= where[lit]
            mask &= hit
            if not mask:
                return None
        if mask == -1:  # needs nothing: anywhere
            return 0, len(self.text)
        first, last = (mask & -mask).bit_length() - 1, mask.bit_length() - 1
        return self.bounds[first][0], self.bounds[last][1]


@dataclass(frozen=True, eq=False)
class Cell:
    """The cues of one cell, matched as one alternation over a whole folded letter.

    Semantics are those of `regex.finditer` (leftmost match; at one position the first cue
    in lexicon order; no overlap), but computed cue by cue: a cue whose needed literals
    are absent from the letter cannot match and is skipped, and each cue's regex is
    built the first time a letter needs it (from its kept form, when the cache has it).
    Each letter runs a few cheap searches, each over the sentences it can match in.
    """

    name: str
    cues: tuple[CompiledCue, ...]
    exceptions: CompiledExceptions | None = None
    regex_form: Form | None = None  # the whole cell's regex, where the cache kept it
    _compiled: dict[int, re.Pattern[str]] = field(default_factory=dict, repr=False)

    def to_data(self) -> tuple[object, ...]:
        exceptions = None if self.exceptions is None else self.exceptions.to_data()
        return (tuple(cue.to_data() for cue in self.cues), exceptions, self.regex_form)

    @classmethod
    def from_data(cls, name: str, data: object) -> Cell:
        """The cell saved by `to_data`; ValueError when it is not as saved."""
        if not (isinstance(data, tuple) and len(data) == 3 and isinstance(data[0], tuple)):
            raise ValueError("not a compiled cell")
        cues, exceptions, whole = data
        return cls(
            name,
            tuple(CompiledCue.from_data(name, cue) for cue in cues),
            None if exceptions is None else CompiledExceptions.from_data(exceptions),
            whole if isinstance(whole, tuple) else None,
        )

    def with_forms(self, whole: bool) -> Cell:
        """The cell with its regexes compiled once, to keep: every cue's, its exceptions',
        and where `whole` (the letter cells: `opens_with`) the whole cell's."""
        pattern = self.whole_pattern() if whole else None
        return replace(
            self,
            cues=tuple(cue.with_form() for cue in self.cues),
            exceptions=None if self.exceptions is None else self.exceptions.with_form(),
            regex_form=None if pattern is None else form(pattern),
            _compiled={},
        )

    @cached_property
    def needs(self) -> tuple[FrozenNeed, ...]:
        return tuple(cue.need for cue in self.cues)

    @cached_property
    def in_sentence(self) -> tuple[bool, ...]:
        return tuple(cue.in_sentence for cue in self.cues)

    @cached_property
    def regex(self) -> re.Pattern[str] | None:
        """The whole cell as one regex: the reference the cue-by-cue search reproduces."""
        pattern = self.whole_pattern()
        return None if pattern is None else rebuild(pattern, self.regex_form)

    def whole_pattern(self) -> str | None:
        if not self.cues:
            return None
        groups = "|".join(f"(?P<c{k}>{cue.source})" for k, cue in enumerate(self.cues))
        return f"{LEFT}(?:{groups}){RIGHT}"

    @cached_property
    def exception_regex(self) -> re.Pattern[str] | None:
        """The exception patterns as one regex; group 1 is a match."""
        exc = self.exceptions
        return None if exc is None else rebuild(exc.bounded(), exc.form)

    def exception_spans(self, folded: str, present: AbstractSet[str]) -> list[tuple[int, int]]:
        """Spans of the exceptions in `folded`, leftmost first, not overlapping.

        Skipped (none) when no exception pattern finds what it needs in `present`.
        """
        exc = self.exceptions
        if exc is None or not any(met(need, present) for need in exc.needs):
            return []
        rx = self.exception_regex
        assert rx is not None
        if exc.first is None:  # a plain regex: finditer's own walk
            return [m.span(1) for m in rx.finditer(folded)]
        spans: list[tuple[int, int]] = []
        pos = 0
        # The regex steps on one character and looks ahead: walk on from each match's end.
        while (m := rx.search(folded, pos)) is not None:
            spans.append(m.span(1))
            pos = m.end(1)
        return spans

    def scan(self, folded: str) -> Scan:
        """This cell's literals found in `folded`, without sentences (`Lexicon.scan` does
        all cells of a letter, sentence by sentence)."""
        words = {f" {w} " for w in _WORDS.findall(folded)}
        return Scan.whole(folded, (lit for lit in self.literals if lit in folded or lit in words))

    def cue_regex(self, k: int) -> re.Pattern[str]:
        rx = self._compiled.get(k)
        if rx is None:
            cue = self.cues[k]
            rx = self._compiled[k] = rebuild(cue.bounded(), cue.form)
        return rx

    @cached_property
    def literals(self) -> frozenset[str]:
        needs = self.needs + (self.exceptions.needs if self.exceptions else ())
        return frozenset(lit for need in needs for clause in need for lit in clause)

    @cached_property
    def triggers(self) -> tuple[dict[str, tuple[int, ...]], tuple[int, ...]]:
        """Literal -> the cues whose trigger clause holds it; and the cues needing nothing.

        A cue's trigger is one clause of its needs, the one least likely met (chosen when
        the lexicon is built: `CompiledCue.trigger`). A letter's present literals then
        name the few cues worth checking, instead of every cue of the cell.
        """
        by_literal: dict[str, list[int]] = {}
        free: list[int] = []
        for k, cue in enumerate(self.cues):
            if cue.trigger < 0:
                free.append(k)
                continue
            for lit in cue.need[cue.trigger]:
                by_literal.setdefault(lit, []).append(k)
        return {lit: tuple(ks) for lit, ks in by_literal.items()}, tuple(free)

    def triggered(self, present: AbstractSet[str]) -> list[int]:
        """Indexes, in lexicon order, of the cues whose trigger clause is met by `present`."""
        by_literal, free = self.triggers
        ks = set(free)
        for lit in present:
            found = by_literal.get(lit)
            if found:
                ks.update(found)
        return sorted(ks)

    def candidates(
        self, scan: Scan, triggered: Sequence[int] | None = None
    ) -> list[tuple[int, int, int]]:
        """(index, start, end) of the cues whose needs are met, and where each may match.

        `triggered` (from `Lexicon.triggered`) narrows the cues to check to those whose
        trigger clause is met. A cue is live when a literal of each clause of its needs
        is present; one that stays inside a sentence needs them all in one sentence, and
        is searched only from the first to the last such sentence.
        """
        present = scan.present
        if triggered is None:
            triggered = self.triggered(present)
        out: list[tuple[int, int, int]] = []
        needs, in_sentence, size = self.needs, self.in_sentence, len(scan.text)
        for k in triggered:
            need = needs[k]
            if in_sentence[k]:
                span = scan.window(need)
                if span is not None:
                    out.append((k, *span))
            elif met(need, present):
                out.append((k, 0, size))
        return out

    def finditer(
        self, folded: str, scan: Scan | None = None, triggered: Sequence[int] | None = None
    ) -> Iterator[Found]:
        """(start, end, cue) of each match in `folded`, in text order."""
        if scan is None:
            scan = self.scan(folded)
        live = self.candidates(scan, triggered)
        if not live:
            return
        found = list(self._matches(folded, live))
        if found and (spans := self.exception_spans(folded, scan.present)):
            # Exception spans do not overlap, so their ends rise with their starts: the
            # last span starting before a match ends is the only one that can overlap it.
            starts = [a for a, _ in spans]
            found = [
                f for f in found if (k := bisect_left(starts, f[1]) - 1) < 0 or spans[k][1] <= f[0]
            ]
        yield from found

    def _matches(self, folded: str, live: list[tuple[int, int, int]]) -> Iterator[Found]:
        # A cue's window: no match of it lies outside, so searching just there is exact.
        nxt = {k: self.cue_regex(k).search(folded, lo, hi) for k, lo, hi in live}
        pos = 0
        while True:
            best: re.Match[str] | None = None
            best_k = -1
            for k, lo, hi in live:
                m = nxt[k]
                if m is not None and m.start(1) < pos:
                    # Its last match began before the previous cell match ended: look again.
                    m = nxt[k] = self.cue_regex(k).search(folded, max(pos, lo), hi)
                if m is not None and (best is None or m.start(1) < best.start(1)):
                    best, best_k = m, k
            if best is None:
                return
            start, end = best.span(1)
            if start == end:
                # An empty match: re's retry rules are subtle; ask the whole-cell regex.
                yield from self._reference(folded, start)
                return
            yield start, end, self.cues[best_k]
            pos = end

    def _reference(self, folded: str, pos: int) -> Iterator[Found]:
        assert self.regex is not None
        for m in self.regex.finditer(folded, pos):
            if m.start() == m.end():
                continue
            name = m.lastgroup
            assert name is not None
            yield m.start(), m.end(), self.cues[int(name[1:])]
