"""A language's lexicon: its cells, and the literals of a letter looked up once for all."""

from __future__ import annotations

import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from apologia.lexicon.folding import Folded, Folding, fold
from apologia.lexicon.matcher import Cell, Found, Scan
from apologia.lexicon.registry import LETTER_CELLS
from apologia.model import Hit

_TOKEN_CACHE = 50_000
# What ends a sentence for `Cell.in_sentence`: a match holding none of these lies
# between two of them.
_SENTENCE_MARKS = re.compile(r"[.;!?]")
_WORDS = re.compile(r"\w+")


@dataclass(frozen=True)
class Lexicon:
    """The cells of one language's lexicon, and what a letter is matched with."""

    lang: str
    name: str
    cells: dict[str, Cell]
    abbreviations: frozenset[str]
    folding: Folding
    data: dict[str, Any] = field(default_factory=dict, repr=False)
    # token -> the lexicon's literals inside it; words recur from letter to letter
    _by_token: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)

    @cached_property
    def literals(self) -> frozenset[str]:
        return frozenset().union(*(cell.literals for cell in self.cells.values()))

    @cached_property
    def _longest(self) -> int:
        return max(map(len, self.literals), default=0)

    @cached_property
    def _triggers(self) -> dict[str, tuple[tuple[str, tuple[int, ...]], ...]]:
        """Literal -> (cell, cue indexes) of every cell's `Cell.triggers`, for one lookup."""
        by_literal: dict[str, list[tuple[str, tuple[int, ...]]]] = {}
        for name, cell in self.cells.items():
            for lit, ks in cell.triggers[0].items():
                by_literal.setdefault(lit, []).append((name, ks))
        return {lit: tuple(v) for lit, v in by_literal.items()}

    def triggered(self, present: AbstractSet[str]) -> dict[str, list[int]]:
        """Per cell, `Cell.triggered` for a letter's `present` literals, in one pass."""
        found: dict[str, set[int]] = {
            name: set(cell.triggers[1]) for name, cell in self.cells.items()
        }
        triggers = self._triggers
        for lit in present:
            for name, ks in triggers.get(lit, ()):
                found[name].update(ks)
        return {name: sorted(ks) for name, ks in found.items()}

    @cached_property
    def _marked(self) -> tuple[str, ...]:
        """Literals holding a sentence mark: found in the whole text, not per sentence."""
        return tuple(lit for lit in self.literals if _SENTENCE_MARKS.search(lit))

    def scan(self, folded: str) -> Scan:
        """The lexicon's literals in `folded` (a folded text), sentence by sentence.

        A literal never holds white space, so it occurs in a sentence exactly when it
        occurs in one of the sentence's white-space separated tokens (a whole word
        " w " likewise); tokens are looked up once each, and remembered from letter to
        letter.
        """
        literals, longest = self.literals, self._longest
        cache = self._by_token
        if len(cache) > _TOKEN_CACHE:
            cache.clear()  # bounded: a long run sees many one-off tokens (numbers, names)
        where: dict[str, int] = {}
        bounds: list[tuple[int, int]] = []
        start = 0
        for end in [m.start() for m in _SENTENCE_MARKS.finditer(folded)] + [len(folded)]:
            part = folded[start:end]
            if part.strip():
                bit = 1 << len(bounds)
                bounds.append((start, end))
                for token in set(part.split()):
                    found = cache.get(token)
                    if found is None:
                        n = len(token)
                        subs = {
                            sub
                            for i in range(n)
                            for j in range(i + 1, min(n, i + longest) + 1)
                            if (sub := token[i:j]) in literals
                        }
                        words = {f" {w} " for w in _WORDS.findall(token)}
                        found = cache[token] = frozenset(subs | (words & literals))
                    for lit in found:
                        where[lit] = where.get(lit, 0) | bit
            start = end + 1
        everywhere = (1 << len(bounds)) - 1
        for lit in self._marked:
            if lit in folded:
                where[lit] = everywhere
        return Scan(folded, where, tuple(bounds))

    @cached_property
    def body_cells(self) -> tuple[str, ...]:
        """The cells looked for in a letter's body: all but the letter's frame (greetings,
        closings, subject), which `opens_with` tries on single blocks."""
        return tuple(name for name in self.cells if name not in LETTER_CELLS)

    def hits(self, text: str, cells: Sequence[str] | None = None) -> list[Hit]:
        """Every cue of `cells` (default: `body_cells`) in `text`, in text order, with
        offsets into `text`; the text is folded and its literals looked up once."""
        folded = self.fold(text)
        found: list[Hit] = []
        scan = self.scan(folded.text)
        triggered = self.triggered(scan.present)
        for name in self.body_cells if cells is None else cells:
            live = triggered.get(name, ())
            for s, e, cue in self.cell(name).finditer(folded.text, scan, live):
                found.append(
                    Hit(name, cue.pattern, folded.original(s), folded.original(e), cue.weight)
                )
        found.sort(key=lambda h: (h.start, -h.end))
        return found

    def fold(self, text: str) -> Folded:
        return fold(text, self.folding)

    def cell(self, name: str) -> Cell:
        return self.cells.get(name) or Cell(name, ())

    def opens_with(self, cell: str, text: str) -> bool:
        """Whether `text` begins with a cue of `cell` (a greeting, a closing formula)."""
        found = self.cell(cell)
        folded = self.fold(text).text
        # One anchored try of the whole-cell regex; the matcher's first match is at 0
        # exactly when this finds a match there that no exception overlaps.
        m = found.regex.match(folded) if found.regex is not None else None
        if m is None:
            return False
        if m.end() == 0:  # an empty match: let the matcher apply re's rules for those
            first = next(found.finditer(folded), None)
            return first is not None and first[0] == 0
        spans = found.exception_spans(folded, found.scan(folded).present)
        return not any(a < m.end() and b > 0 for a, b in spans)

    def find(self, text: str, cell: str) -> list[Found]:
        """All cues of `cell` in `text`, as (start, end, cue) with offsets into `text`."""
        folded = self.fold(text)
        return [
            (folded.original(s), folded.original(e), cue)
            for s, e, cue in self.cell(cell).finditer(folded.text)
        ]
