"""Lexicons: load per-language cue data, fold text, and find cues on word boundaries.

A lexicon file (`lexicons/<lang>.yaml`) lists patterns per *cell*: the five steps, the
faults (`blame-shift`, `non-apology`, ...), scope words (negators, contrast, reporting
verbs) and register markers. Pattern notation follows `spec/language.md`:

- words separated by spaces match any run of white space;
- `(x)` is optional: `refund(ed)`, `we are (so, deeply) sorry`;
- `{a, b}` is one of: `we {have refunded, will refund}`;
- `@name` expands to the named list under `sets:`;
- `...` is a gap of up to five words inside the sentence.

A cue is a string or a mapping `{cue: "...", weight: 2}`. A cell finds its cues in a
whole folded letter as one alternation of them would (`Cell.regex`, kept as the
reference), but cue by cue: each cue knows the words a match needs, so most cues are
ruled out by a set lookup (`Scan`: which words occur, in which sentences), and the rest
run as regexes that skip ahead to where a match can start, only where a match can lie.
Lexicons are parsed once and cached on disk (`cache_dir()`) with each cue's compiled
regex (`recompile`), which later runs rebuild instead of compiling.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import re
import sys
import unicodedata
import zlib
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import Any

from apologia.errors import ApologiaError
from apologia.recompile import form, rebuild

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

_GAP = r"(?:[\s]+[^\s.;!?]+){0,5}?"
# Between two words of a pattern: white space, or none before a clitic, so that
# "@we {are, 're}" reads "we're" as well as "we are".
_SEP = r"(?:\s+|(?='))"
# `#` in a pattern: an amount of money or a number ("£15", "1.200,00 €", "30 de lei", "10%").
# An amount starts where a number starts, never inside one: otherwise "1,1,1,..." is
# tried from every digit to its end, quadratic in the length of the run.
_AMOUNT = (
    r"(?:[$£€¥]\s?)?(?<!\d)(?<!\d[.,\u00a0 ])\d(?:[\d.,\u00a0 ]?\d)*"
    r"(?:\s?(?:%|€|£|\$|eur|euros?|usd|gbp|ron|lei|de lei|dollars?|pounds?|gb|mb))?"
)
_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'"})


# ---------------------------------------------------------------- folding


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
    low = base.lower().translate(_QUOTES)
    return low


@dataclass(frozen=True, slots=True)
class Folded:
    """A case- and accent-folded copy of a text, with offsets mapped back.

    `offsets` is None when every character folded to exactly one character (the usual
    case), so an offset in `text` is the same offset in the original.
    """

    text: str
    offsets: tuple[int, ...] | None = None
    length: int = 0

    def original(self, offset: int) -> int:
        if self.offsets is None:
            return offset
        if offset >= len(self.offsets):
            return self.length
        return self.offsets[offset]


_RO_MID_I = re.compile(r"(?<=\w)î")


# Every character met so far, folded: learnt once per process, as new ones appear.
_FOLD_SEEN: set[str] = set()
_FOLD_MULTI: set[str] = set()  # characters that fold to none or to several
# Most text folds as `str.lower()` does, then a replace per accented letter (both in C;
# `str.translate` with a table looks each character up in Python objects, 20 times
# slower). Characters for which that would not give their folding take the slow path.
_FOLD_ODD: set[str] = set()
_LOWER_THEN: dict[str, tuple[str, str]] = {}  # char -> (its lower case, that folded)
_PLAIN = frozenset(map(chr, range(128))) - {"`"}  # ASCII that folds as lower() does


def fold(text: str, lang: str | None = None, keep: frozenset[str] = frozenset()) -> Folded:
    """Fold case and accents; `keep` lists words whose accents decide meaning (es `sí`)."""
    chars = set(text)
    if not chars <= _FOLD_SEEN:
        _learn(chars - _FOLD_SEEN)
    text_in = text
    if lang == "ro" and ("î" in chars or "Î" in chars):
        # Mid-word î is the old spelling of â; any other î folds to i like everywhere.
        text_in = _RO_MID_I.sub("a", text.replace("Î", "î"))
    if _FOLD_MULTI.isdisjoint(chars) and _FOLD_ODD.isdisjoint(chars):
        out = text_in.lower()
        for ch in chars - _PLAIN:
            pair = _LOWER_THEN.get(ch)
            if pair is not None:
                out = out.replace(*pair)
        if keep:
            out = _restore_kept(text, out, keep)
        return Folded(out, None, len(text))
    # Slow path: some character folds to zero or several characters (NFD input, ligatures).
    parts: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text_in):
        folded = "i" if lang == "ro" and ch == "î" else _fold_char(ch)
        parts.append(folded)
        offsets.extend([i] * len(folded))
    return Folded("".join(parts), tuple(offsets), len(text))


def _learn(chars: Iterable[str]) -> None:
    for ch in chars:
        folded = _fold_char(ch)
        if len(folded) != 1:
            _FOLD_MULTI.add(ch)
        low = ch.lower()
        if len(low) != 1 or _fold_char(low) != folded:
            _FOLD_ODD.add(ch)
        elif low != folded:
            _LOWER_THEN[ch] = (low, folded)
        _FOLD_SEEN.add(ch)


def _restore_kept(original: str, folded: str, keep: frozenset[str]) -> str:
    """Put back the accents of words listed in `keep` (offsets are 1:1 here)."""
    pattern = _kept_pattern(keep)
    pieces: list[str] = []
    last = 0
    for m in pattern.finditer(original):
        pieces.append(folded[last : m.start()])
        pieces.append(m.group(0).lower())
        last = m.end()
    if not pieces:
        return folded
    pieces.append(folded[last:])
    return "".join(pieces)


@lru_cache(maxsize=16)
def _kept_pattern(keep: frozenset[str]) -> re.Pattern[str]:
    words = "|".join(sorted((re.escape(w) for w in keep), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)


# ---------------------------------------------------------------- patterns


class PatternError(ValueError):
    pass


# What a cue needs in a text before it can match there: every clause (a tuple of literal
# strings) must have one of its strings occur in the folded text.
Need = tuple[tuple[str, ...], ...]
# The characters a match can start with, and whether it can match nothing at all.
First = tuple[frozenset[str], bool]
# An element of a sequence while it is parsed: kind, regex, and how a match can start.
_Item = tuple[str, str, frozenset[str], bool]
_AMOUNT_FIRST = frozenset("$£€¥0123456789")


class _Parser:
    """Compile the lexicon notation to a regular expression (no backtracking traps:
    only literal words, bounded gaps and optional groups).

    Alongside the regex it collects the literals every match must contain (words outside
    optional groups; one of the branches of `{a, b}` and of `@set`), so a cue can be
    skipped without running its regex when the letter lacks them, and the characters a
    match can start with (`First`), so the regex engine can skip to them.
    """

    def __init__(
        self,
        pattern: str,
        sets: Mapping[str, str],
        set_needs: Mapping[str, Need] | None = None,
        set_first: Mapping[str, First] | None = None,
        whole: bool = True,
    ) -> None:
        self.p = pattern
        self.i = 0
        self.sets = sets
        # a set's needs as a word of its own (`name`) and inside a longer word (`name~`)
        self.set_needs = set_needs or {}
        self.set_first = set_first or {}
        self.whole = whole

    def compile(self) -> str:
        return self.parse()[0]

    def parse(self) -> tuple[str, Need, First]:
        rx, need, first = self._sequence(stops="", whole=self.whole)
        if self.i != len(self.p):
            raise PatternError(f"unbalanced bracket at {self.i + 1}")
        return rx, need, first

    def _alternatives(self, stop: str, whole: bool) -> tuple[str, tuple[str, ...] | None, First]:
        alts = [self._sequence(stop + ",", whole)]
        while self.i < len(self.p) and self.p[self.i] == ",":
            self.i += 1
            alts.append(self._sequence(stop + ",", whole))
        first = (
            frozenset().union(*(f[0] for _, _, f in alts)),
            any(f[1] for _, _, f in alts),
        )
        return "|".join(a for a, _, _ in alts), _any_of(need for _, need, _ in alts), first

    def _at_word_end(self, stops: str) -> bool:
        """Whether the word being read ends here (so what it holds is a whole word)."""
        p, i = self.p, self.i
        return i >= len(p) or p[i].isspace() or p[i] in stops or p.startswith("...", i)

    def _group_is_word(self, close: str, stops: str) -> bool:
        if self.i >= len(self.p) or self.p[self.i] != close:
            return False  # unbalanced: reported by the caller
        self.i += 1
        try:
            return self._at_word_end(stops)
        finally:
            self.i -= 1

    def _sequence(self, stops: str, whole: bool) -> tuple[str, Need, First]:
        """`whole`: this sequence's words are whole words of the text (not parts of one)."""
        # items: ("sep", rx) | ("word", rx) | ("opt", rx), each with how it can start
        items: list[_Item] = []
        word: list[str] = []
        only_opt: str | None = None
        only_opt_first: First = (frozenset(), True)  # how the group's inside can start
        word_first: set[str] = set()
        word_empty = True  # the current word may match nothing so far
        need: list[tuple[str, ...]] = []
        literal: list[str] = []  # the current run of literal characters
        pure = True  # the current word is literal characters only
        first: set[str] = set()
        empty = True  # every element so far may match nothing

        def starts(chars: Iterable[str], nullable: bool) -> None:
            nonlocal empty, word_empty
            if empty:
                first.update(chars)
                empty = nullable
            if word_empty:
                word_first.update(chars)
                word_empty = nullable

        def end_literal(whole_word: bool = False) -> None:
            nonlocal pure
            if literal:
                need.append((_needed(literal, whole and whole_word),))
            literal.clear()
            pure = whole_word

        def end_word() -> None:
            nonlocal only_opt, pure, word_empty
            end_literal(pure)
            if only_opt is not None:
                items.append(("opt", only_opt, *only_opt_first))
            elif word:
                items.append(("word", "".join(word), frozenset(word_first), word_empty))
            word.clear()
            word_first.clear()
            word_empty = True
            only_opt = None
            pure = True

        p = self.p
        while self.i < len(p) and p[self.i] not in stops:
            ch = p[self.i]
            if ch.isspace():
                end_word()
                while self.i < len(p) and p[self.i].isspace():
                    self.i += 1
                if not items or items[-1][0] != "sep":
                    items.append(("sep", _SEP, frozenset(), True))
                continue
            if p.startswith("...", self.i):
                end_word()
                self.i += 3
                if items and items[-1][0] == "sep":
                    items.pop()
                items.append(("sep", _GAP + r"\s+", frozenset(), True))
                while self.i < len(p) and p[self.i].isspace():
                    self.i += 1
                continue
            if ch in "({":
                end_literal()
                close = ")" if ch == "(" else "}"
                self.i += 1
                at = self.i
                alone = whole and not word  # the group may be a whole word: see after it
                inner, one_of, (group_first, group_empty) = self._alternatives(close, alone)
                if alone and not self._group_is_word(close, stops):
                    self.i = at  # glued to more letters: read its words as parts of one
                    inner, one_of, (group_first, group_empty) = self._alternatives(close, False)
                starts(group_first, ch == "(" or group_empty)
                inner = inner.strip()
                if self.i >= len(p) or p[self.i] != close:
                    raise PatternError(f"missing '{close}'")
                self.i += 1
                group = f"(?:{inner})" + ("?" if ch == "(" else "")
                only_opt = f"(?:{inner})" if ch == "(" and not word else None
                only_opt_first = (group_first, group_empty)
                word.append(group)
                if ch == "{" and one_of:
                    need.append(one_of)
                continue
            if ch == "#":
                end_literal()
                starts(_AMOUNT_FIRST, False)
                word.append(_AMOUNT)
                only_opt = None
                self.i += 1
                continue
            if ch == "@":
                end_literal()
                m = re.match(r"@([\w-]+)", p[self.i :])
                if not m or m.group(1) not in self.sets:
                    raise PatternError(f"unknown set {p[self.i :].split()[0]!r}")
                word.append(f"(?:{self.sets[m.group(1)]})")
                self.i += m.end()
                alone = whole and not word[:-1] and self._at_word_end(stops)
                self.i -= m.end()
                need.extend(self.set_needs.get(m.group(1) + ("" if alone else "~"), ()))
                starts(*self.set_first.get(m.group(1), (frozenset(), True)))
                only_opt = None
                self.i += m.end()
                continue
            if ch in ")}":
                raise PatternError(f"unbalanced '{ch}'")
            word.append(re.escape(ch))
            literal.append(ch)
            starts(ch, False)
            only_opt = None
            self.i += 1
        end_word()
        return self._join(items), tuple(need), (frozenset(first), empty)

    @staticmethod
    def _join(items: list[_Item]) -> str:
        # A stand-alone optional word carries the white space on one side with it, so
        # "we are (so) sorry" matches "we are sorry" with a single space.
        while items and items[0][0] == "sep":
            items.pop(0)
        while items and items[-1][0] == "sep":
            items.pop()
        out: list[tuple[str, str]] = []
        k = 0
        while k < len(items):
            kind, rx, _, _ = items[k]
            if kind == "opt":
                if out and out[-1][0] == "sep":
                    sep = out.pop()[1]
                    out.append(("word", f"(?:{sep}{rx})?"))
                elif k + 1 < len(items) and items[k + 1][0] == "sep":
                    after = items[k + 2] if k + 2 < len(items) else None
                    sep = _sep_before(after) if items[k + 1][1] == _SEP else items[k + 1][1]
                    out.append(("word", f"(?:{rx}{sep})?"))
                    k += 1
                else:
                    out.append(("word", f"(?:{rx})?"))
            elif kind == "sep" and rx == _SEP:
                # what follows this separator: a word, or the inside of an optional word
                # that takes the separator in (above)
                out.append((kind, _sep_before(items[k + 1], inner=True)))
            else:
                out.append((kind, rx))
            k += 1
        return "".join(rx for _, rx in out)


def _sep_before(item: _Item | None, inner: bool = False) -> str:
    """The separator before `item`: `_SEP`, or plain white space where it is the same.

    `_SEP` lets a clitic ("'re") follow a word with no space. Before an element that
    must match something that cannot start with an apostrophe, that branch never leads
    to a match; without it the regex compiles and runs faster and matches the same.
    `inner`: an optional word counts by its inside (it takes the separator in).
    """
    if item is None or (item[0] == "opt" and not inner) or item[0] == "sep":
        return _SEP
    _, _, first, empty = item
    return r"\s+" if not empty and "'" not in first else _SEP


_WORD_ONLY = re.compile(r"\w+")
_WORDS = re.compile(r"\w+")


def _needed(chars: list[str], whole_word: bool) -> str:
    """A needed literal; " w " when it must be a whole word of the text, not a part."""
    literal = "".join(chars)
    return f" {literal} " if whole_word and _WORD_ONLY.fullmatch(literal) else literal


def _any_of(needs: Iterable[Need]) -> tuple[str, ...] | None:
    """One clause met when any branch is: one clause of each branch, joined (None: unknown)."""
    out: list[str] = []
    for need in needs:
        if not need:
            return None  # a branch that needs nothing: the group tells nothing
        best: tuple[str, ...] = min(need, key=_selectivity)
        out.extend(best)
    return tuple(dict.fromkeys(out))


def _selectivity(clause: tuple[str, ...]) -> float:
    # How often the clause is met, roughly: short words ("a", "de") are everywhere, so
    # one long word beats one short word, and a few long words can beat one short word.
    return sum(1 / len(lit.strip()) ** 2 for lit in clause)


def parse_pattern(
    pattern: str,
    sets: Mapping[str, str],
    fold_fn: Any = None,
    set_needs: Mapping[str, Need] | None = None,
    set_first: Mapping[str, First] | None = None,
    whole: bool = True,
) -> tuple[str, Need, First]:
    """The regex of a pattern, the literals a match needs and how a match can start.

    `whole`: the pattern is matched as words of their own (a cue, or a set used alone).
    """
    text = fold_fn(pattern) if fold_fn else pattern
    try:
        return _Parser(text, sets, set_needs, set_first, whole).parse()
    except PatternError as exc:
        raise PatternError(f"{pattern!r}: {exc}") from None


def compile_pattern(pattern: str, sets: Mapping[str, str], fold_fn: Any = None) -> str:
    return parse_pattern(pattern, sets, fold_fn)[0]


# Word boundaries: a cue never starts or ends inside a word, and a hyphen joined to a
# letter belongs to the word (ro clitics `v-am`, `ne-am`).
_LEFT = r"(?<![\w])(?<![\w]-)"
_RIGHT = r"(?![\w])(?!-[\w])"


@dataclass(frozen=True, slots=True)
class Cue:
    cell: str
    pattern: str
    weight: float


_TOKEN_CACHE = 50_000
# What ends a sentence for `Cell.in_sentence`: a match holding none of these lies
# between two of them.
_SENTENCE_MARKS = re.compile(r"[.;!?]")
_LITERAL_HEAD = re.compile(r"(?:\\[^\w\s]|[^\\.^$*+?{}\[\]|()])+")


def _met(need: tuple[frozenset[str], ...], present: AbstractSet[str]) -> bool:
    """Whether every clause of a need has one of its literals in `present`."""
    for clause in need:  # noqa: SIM110 - a loop, not a generator: this runs per cue
        if present.isdisjoint(clause):
            return False
    return True


def trigger_clauses(
    needs: Sequence[tuple[frozenset[str], ...]], frequent: frozenset[str]
) -> tuple[int, ...]:
    """For each need, its clause least likely met by a letter (-1: it has none)."""
    return tuple(
        min(range(len(need)), key=lambda i: _clause_cost(need[i], frequent)) if need else -1
        for need in needs
    )


def _clause_cost(clause: frozenset[str], frequent: frozenset[str]) -> float:
    """How likely a clause is met by a letter: more and shorter literals, likelier; a
    frequent word, all but certain."""
    return sum(1.0 if lit.strip() in frequent else 1.0 / len(lit) ** 2 for lit in clause)


def _cue_pattern(source: str, first: frozenset[str] | None = None) -> str:
    """One cue between word boundaries; group 1 is the cue's match.

    `_LEFT` first would make the regex engine attempt a match at every position of the
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
        return f"({head}(?<![\\w]{head})(?<![\\w]-{head})(?:{rest})){_RIGHT}"
    if first and not any(ch.isspace() for ch in first):
        chars = "[" + "".join(re.escape(ch) for ch in sorted(first)) + "]"
        # Step onto a possible first character, then look back to match from there.
        return f"{chars}(?<={_LEFT}(?=((?:{source})){_RIGHT}){chars})"
    return f"{_LEFT}((?:{source})){_RIGHT}"


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
    cues: tuple[Cue, ...]
    sources: tuple[str, ...] = ()  # the regex of each cue, without word boundaries
    needs: tuple[tuple[frozenset[str], ...], ...] = ()
    exception_source: str | None = None
    # the characters each cue's match can start with (None: unknown, or it may be empty)
    firsts: tuple[frozenset[str] | None, ...] = ()
    # whether each cue's match stays inside one sentence (holds none of . ; ! ?)
    in_sentence: tuple[bool, ...] = ()
    # what a match of each exception pattern needs, and what any can start with
    exception_needs: tuple[tuple[frozenset[str], ...], ...] = ()
    exception_first: frozenset[str] | None = None
    # the clause of each cue's needs that triggers it (see `triggers`; -1: needs none)
    trigger_clauses: tuple[int, ...] = ()
    # each cue's regex as `re` compiled it (recompile.form), where the cache kept it;
    # likewise the exceptions' regex and the whole cell's
    forms: tuple[Any, ...] = ()
    exception_form: Any = None
    regex_form: Any = None
    _compiled: dict[int, re.Pattern[str]] = field(default_factory=dict, repr=False)

    @cached_property
    def regex(self) -> re.Pattern[str] | None:
        """The whole cell as one regex: the reference the cue-by-cue search reproduces."""
        pattern = self.whole_pattern()
        return None if pattern is None else rebuild(pattern, self.regex_form)

    def whole_pattern(self) -> str | None:
        if not self.sources:
            return None
        groups = "|".join(f"(?P<c{k}>{src})" for k, src in enumerate(self.sources))
        return f"{_LEFT}(?:{groups}){_RIGHT}"

    @cached_property
    def exceptions(self) -> re.Pattern[str] | None:
        """The exception patterns as one regex; group 1 is a match."""
        pattern = self.exception_pattern()
        return None if pattern is None else rebuild(pattern, self.exception_form)

    def exception_pattern(self) -> str | None:
        if self.exception_source is None:
            return None
        return _cue_pattern(f"(?:{self.exception_source})", self.exception_first)

    def exception_spans(self, folded: str, present: AbstractSet[str]) -> list[tuple[int, int]]:
        """Spans of the exceptions in `folded`, leftmost first, not overlapping.

        Skipped (none) when no exception pattern finds what it needs in `present`.
        """
        rx = self.exceptions
        if rx is None or not any(_met(need, present) for need in self.exception_needs):
            return []
        if self.exception_first is None:  # a plain regex: finditer's own walk
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

    def cue_pattern(self, k: int) -> str:
        """The regex source of cue `k` between word boundaries; group 1 is its match."""
        return _cue_pattern(self.sources[k], self.firsts[k] if k < len(self.firsts) else None)

    def cue_regex(self, k: int) -> re.Pattern[str]:
        rx = self._compiled.get(k)
        if rx is None:
            kept = self.forms[k] if k < len(self.forms) else None
            rx = self._compiled[k] = rebuild(self.cue_pattern(k), kept)
        return rx

    @cached_property
    def literals(self) -> frozenset[str]:
        needs = self.needs + self.exception_needs
        return frozenset(lit for need in needs for clause in need for lit in clause)

    @cached_property
    def triggers(self) -> tuple[dict[str, tuple[int, ...]], tuple[int, ...]]:
        """Literal -> the cues whose trigger clause holds it; and the cues needing nothing.

        A cue's trigger is one clause of its needs, the one least likely met (chosen when
        the lexicon is built: `trigger_clauses`). A letter's present literals then name
        the few cues worth checking, instead of every cue of the cell.
        """
        chosen = self.trigger_clauses
        if len(chosen) != len(self.needs):
            chosen = trigger_clauses(self.needs, frozenset())
        by_literal: dict[str, list[int]] = {}
        free: list[int] = []
        for k, (need, i) in enumerate(zip(self.needs, chosen, strict=True)):
            if i < 0:
                free.append(k)
                continue
            for lit in need[i]:
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
            if k < len(in_sentence) and in_sentence[k]:
                span = scan.window(need)
                if span is not None:
                    out.append((k, *span))
            elif _met(need, present):
                out.append((k, 0, size))
        return out

    def finditer(
        self, folded: str, scan: Scan | None = None, triggered: Sequence[int] | None = None
    ) -> Iterator[tuple[int, int, Cue]]:
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

    def _matches(
        self, folded: str, live: list[tuple[int, int, int]]
    ) -> Iterator[tuple[int, int, Cue]]:
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

    def _reference(self, folded: str, pos: int) -> Iterator[tuple[int, int, Cue]]:
        assert self.regex is not None
        for m in self.regex.finditer(folded, pos):
            if m.start() == m.end():
                continue
            name = m.lastgroup
            assert name is not None
            yield m.start(), m.end(), self.cues[int(name[1:])]


@dataclass(frozen=True)
class Lexicon:
    lang: str
    name: str
    cells: dict[str, Cell]
    abbreviations: frozenset[str]
    keep_accents: frozenset[str]
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

    def fold(self, text: str) -> Folded:
        return fold(text, self.lang, self.keep_accents)

    def fold_pattern(self, pattern: str) -> str:
        return fold(pattern, self.lang, self.keep_accents).text

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

    def find(self, text: str, cell: str) -> list[tuple[int, int, Cue]]:
        """All cues of `cell` in `text`, as (start, end, cue) with offsets into `text`."""
        folded = self.fold(text)
        return [
            (folded.original(s), folded.original(e), cue)
            for s, e, cue in self.cell(cell).finditer(folded.text)
        ]


def _load_yaml(text: str, source: str) -> dict[str, Any]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ApologiaError(
            f"malformed lexicon: {getattr(exc, 'problem', exc)}",
            path=source,
            line=mark.line + 1 if mark else None,
        ) from None
    if not isinstance(data, dict):
        raise ApologiaError("a lexicon must be a mapping", path=source)
    return data


def _cue_list(raw: object, where: str) -> list[tuple[str, float]]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise PatternError(f"{where}: expected a list of cues")
    out: list[tuple[str, float]] = []
    for item in raw:
        if isinstance(item, str):
            out.append((item, 1.0))
        elif isinstance(item, dict) and isinstance(item.get("cue"), str):
            out.append((item["cue"], float(item.get("weight", 1.0))))
        else:
            raise PatternError(f"{where}: a cue is a string or {{cue: ..., weight: ...}}")
    return out


def build_lexicon(
    data: Mapping[str, Any],
    lang: str,
    extras: Mapping[str, Sequence[str]] | None = None,
    source: str = "",
) -> Lexicon:
    keep = _keep_accents(data)

    def fold_p(p: str) -> str:
        return fold(p, lang, keep).text

    # Words in most letters: never a cue's trigger where it has a rarer clause.
    frequent = frozenset(fold_p(str(w)) for w in data.get("frequent") or ())
    try:
        sets: dict[str, str] = {}
        set_needs: dict[str, Need] = {}
        set_first: dict[str, First] = {}
        set_marks: dict[str, bool] = {}
        for name, items in (data.get("sets") or {}).items():
            parsed = [
                parse_pattern(p, sets, fold_p, set_needs, set_first)
                for p, _ in _cue_list(items, f"sets.{name}")
            ]
            sets[str(name)] = "|".join(rx for rx, _, _ in parsed)
            one_of = _any_of(need for _, need, _ in parsed)
            set_needs[str(name)] = (one_of,) if one_of else ()
            # Used inside a longer word (`@name'd`), its words may be parts of that word.
            glued = [
                parse_pattern(p, sets, fold_p, set_needs, set_first, whole=False)[1]
                for p, _ in _cue_list(items, f"sets.{name}")
            ]
            one_of = _any_of(glued)
            set_needs[f"{name}~"] = (one_of,) if one_of else ()
            set_first[str(name)] = (
                frozenset().union(*(f[0] for _, _, f in parsed)),
                any(f[1] for _, _, f in parsed),
            )
            set_marks[str(name)] = any(
                _may_hold_marks(fold_p(p), set_marks) for p, _ in _cue_list(items, name)
            )
        raw_cells: dict[str, list[tuple[str, float]]] = {}
        for section in ("steps", "faults", "scope", "register", "letter"):
            for name, items in (data.get(section) or {}).items():
                raw_cells.setdefault(str(name), []).extend(_cue_list(items, f"{section}.{name}"))
        shipped = {name: len(items) for name, items in raw_cells.items()}
        for name, items in (extras or {}).items():
            raw_cells.setdefault(name, []).extend((p, 1.0) for p in items)
        cells: dict[str, Cell] = {}
        exceptions = data.get("except") or {}
        for name, items in raw_cells.items():
            cues = tuple(Cue(name, p, w) for p, w in items)
            if not cues:
                continue
            parsed = [parse_pattern(c.pattern, sets, fold_p, set_needs, set_first) for c in cues]
            excepted = [
                parse_pattern(p, sets, fold_p, set_needs, set_first)
                for p, _ in _cue_list(exceptions.get(name) or [], f"except.{name}")
            ]
            exc_first: frozenset[str] | None = None
            if excepted and not any(empty for _, _, (_, empty) in excepted):
                exc_first = frozenset().union(*(chars for _, _, (chars, _) in excepted))
            needs = _frozen_needs(need for _, need, _ in parsed)
            cell = Cell(
                name,
                cues,
                tuple(rx for rx, _, _ in parsed),
                needs,
                "|".join(rx for rx, _, _ in excepted) if excepted else None,
                tuple(None if empty else chars for _, _, (chars, empty) in parsed),
                tuple(not _may_hold_marks(fold_p(c.pattern), set_marks) for c in cues),
                _frozen_needs(need for _, need, _ in excepted),
                exc_first or None,
                trigger_clauses(needs, frequent),
            )
            # Shipped cues compile when first needed; a repository's extras now, so a
            # broken one is reported as the config's fault before any letter is read.
            for k in range(shipped.get(name, 0), len(cues)):
                cell.cue_regex(k)
            cells[name] = cell
    except (PatternError, re.error) as exc:
        raise ApologiaError(f"bad lexicon pattern: {exc}", path=source) from None
    return _lexicon(data, lang, cells)


_SET_REF = re.compile(r"@([\w-]+)")


def _frozen_needs(needs: Iterable[Need]) -> tuple[tuple[frozenset[str], ...], ...]:
    return tuple(tuple(frozenset(clause) for clause in need) for need in needs)


def _may_hold_marks(pattern: str, set_marks: Mapping[str, bool]) -> bool:
    """Whether a match of `pattern` may hold a sentence mark (. ; ! ?).

    Only its own characters (a gap `...` stops at them), an amount (`#`, "1.200") or a
    set it uses can put one in a match.
    """
    bare = pattern.replace("...", " ")
    if any(ch in bare for ch in ".;!?#"):
        return True
    return any(set_marks.get(m.group(1), True) for m in _SET_REF.finditer(bare))


def _lexicon(data: Mapping[str, Any], lang: str, cells: dict[str, Cell]) -> Lexicon:
    return Lexicon(
        lang=lang,
        name=str(data.get("name", lang)),
        cells=cells,
        abbreviations=frozenset(str(a).lower().rstrip(".") for a in data.get("abbreviations", [])),
        keep_accents=_keep_accents(data),
        data=dict(data),
    )


def _keep_accents(data: Mapping[str, Any]) -> frozenset[str]:
    return frozenset(str(w).lower() for w in data.get("keep_accents", []) or [])


# ---------------------------------------------------------------- parsed-lexicon cache

# Reading a lexicon (YAML, then some 400 patterns through the parser) takes longer than
# linting a letter. Its parsed form (plain data, each cue's regex source and needs) is
# kept in the user's cache folder with `marshal` (plain values only: loading runs no
# code), keyed by the lexicon's text, this module's source and the Python version, so
# a one-letter run reads it back in a few milliseconds instead. The file starts with
# the lexicon's `detect:` section on its own (its length in 4 bytes, then it), so that
# guessing a letter's language reads just that much of the other languages' files.
_CACHE_FORMAT = b"apologia-lexicon-5"
_Payload = tuple[dict[str, Any], dict[str, tuple[Any, ...]]]


def cache_dir() -> Path | None:
    """$APOLOGIA_CACHE_DIR (empty: no cache), else $XDG_CACHE_HOME/apologia, ~/.cache/apologia."""
    env = os.environ.get("APOLOGIA_CACHE_DIR")
    if env is not None:
        return Path(env) if env else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "apologia"


@cache
def _parsed(lang: str) -> tuple[dict[str, Any], dict[str, Cell]]:
    """The shipped lexicon of `lang`: its data and its cells, from the cache if fresh."""
    if lang not in LANGS:
        raise ApologiaError(f"unsupported language {lang!r}; use one of {', '.join(LANGS)}")
    source = f"lexicons/{lang}.yaml"
    text = _lexicon_text(lang)
    path = _cache_path(lang, text)
    if path is not None:
        try:
            blob = path.read_bytes()
            skip = 4 + int.from_bytes(blob[:4], "little")  # the `detect:` section
            data, raw = marshal.loads(memoryview(blob)[skip:])
            cells = {
                name: Cell(name, tuple(Cue(name, p, w) for p, w in cues), *rest)
                for name, (cues, *rest) in raw.items()
            }
            return data, cells
        except (OSError, EOFError, ValueError, TypeError):
            pass  # absent, stale or damaged: parse again
    data = _load_yaml(text, source)
    cells = build_lexicon(data, lang, None, source).cells
    if path is not None:
        # Compiled once here, kept, and rebuilt in a blink by every later process.
        cells = {name: _with_forms(cell) for name, cell in cells.items()}
        payload: _Payload = (
            data,
            {
                name: (
                    tuple((c.pattern, c.weight) for c in cell.cues),
                    cell.sources,
                    cell.needs,
                    cell.exception_source,
                    cell.firsts,
                    cell.in_sentence,
                    cell.exception_needs,
                    cell.exception_first,
                    cell.trigger_clauses,
                    cell.forms,
                    cell.exception_form,
                    cell.regex_form,
                )
                for name, cell in cells.items()
            },
        )
        _store(path, data.get("detect") or {}, payload)
    return data, cells


def _with_forms(cell: Cell) -> Cell:
    """The cell with its regexes compiled once, to keep: every cue's, its exceptions', and
    for the letter cells (greetings, closings: `opens_with`) the whole cell's."""
    exceptions = cell.exception_pattern()
    whole = cell.whole_pattern() if cell.name in LETTER_CELLS else None
    return replace(
        cell,
        forms=tuple(form(cell.cue_pattern(k)) for k in range(len(cell.cues))),
        exception_form=None if exceptions is None else form(exceptions),
        regex_form=None if whole is None else form(whole),
    )


def _cache_path(lang: str, text: str) -> Path | None:
    folder = cache_dir()
    return folder / f"lexicon-{lang}-{_digest(text)}.marshal" if folder else None


@cache
def _lexicon_text(lang: str) -> str:
    beside = Path(__file__).with_name("lexicons") / f"{lang}.yaml"
    if beside.is_file():  # the usual install; importlib.resources costs more to import
        return beside.read_text(encoding="utf-8")
    from importlib import resources

    return (resources.files("apologia") / "lexicons" / f"{lang}.yaml").read_text(encoding="utf-8")


@cache
def _digest(text: str) -> str:
    """A key that changes with the lexicon, this module (the parser) or the Python version.

    CRC-32 and length of each: enough to notice an edit; the cache is the user's own.
    """
    parts = [_CACHE_FORMAT, sys.version.encode(), text.encode()]
    with contextlib.suppress(OSError):
        parts.append(Path(__file__).read_bytes())  # a changed parser changes what is cached
    return "_".join(f"{zlib.crc32(part):08x}{len(part):x}" for part in parts)


def _store(path: Path, detect: dict[str, Any], payload: _Payload) -> None:
    """Write the cache file atomically; a cache that cannot be written is only slower."""
    import tempfile

    try:
        head = marshal.dumps(detect)
        blob = len(head).to_bytes(4, "little") + head + marshal.dumps(payload)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
        os.replace(tmp, path)
        lang_prefix = path.name.rsplit("-", 1)[0] + "-"
        for old in path.parent.glob(f"{lang_prefix}*.marshal"):
            if old != path:
                old.unlink(missing_ok=True)
    except (OSError, ValueError):
        with contextlib.suppress(OSError, UnboundLocalError):
            os.unlink(tmp)


def _shipped(lang: str) -> dict[str, Any]:
    return _parsed(lang)[0]


@cache
def word_list(lang: str, key: str) -> frozenset[str]:
    """A plain word list of a shipped lexicon (e.g. `determiners`), lower-cased."""
    return frozenset(str(w).lower() for w in _shipped(lang).get(key) or [])


_CACHE: dict[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]], Lexicon] = {}


def get_lexicon(lang: str, extras: Mapping[str, Sequence[str]] | None = None) -> Lexicon:
    """The lexicon of `lang`, with a repository's extra cues; compiled once per process."""
    key = (lang, tuple(sorted((k, tuple(v)) for k, v in (extras or {}).items())))
    lex = _CACHE.get(key)
    if lex is None:
        data, cells = _parsed(lang)
        if extras:
            lex = build_lexicon(data, lang, extras, f"lexicons/{lang}.yaml")
        else:
            lex = _lexicon(data, lang, cells)
        _CACHE[key] = lex
    return lex


# ---------------------------------------------------------------- detection

_URLS = re.compile(r"https?://\S+|www\.\S+|(?<!\S)\S+@\S+")  # not from inside a word
_TOKENS = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")


@cache
def _detect_profile(lang: str) -> tuple[frozenset[str], str, str]:
    """Folded function words, signal letters and decisive letters of a language."""
    detect = _detect_section(lang)
    words = frozenset(fold(str(w)).text for w in detect.get("words", []))
    return words, str(detect.get("letters", "")), str(detect.get("decisive", ""))


def _detect_section(lang: str) -> Any:
    """The `detect:` section of a shipped lexicon, from the head of its cache file if
    fresh: guessing the language of one letter then loads one lexicon, not three."""
    path = _cache_path(lang, _lexicon_text(lang))
    if path is not None:
        try:
            with path.open("rb") as fh:
                detect = marshal.loads(fh.read(int.from_bytes(fh.read(4), "little")))
            if isinstance(detect, dict):
                return detect
        except (OSError, EOFError, ValueError, TypeError):
            pass  # absent, stale or damaged: read the lexicon (which writes the file)
    return _shipped(lang).get("detect") or {}


def detect_language(text: str) -> tuple[str | None, float]:
    """Guess en/es/ro from letters and function words; (None, 0) when unsure."""
    # A link or address needs one of these; most letters have none (and the regex
    # tries every word).
    body = _URLS.sub(" ", text) if ("@" in text or "://" in text or "www." in text) else text
    scores: dict[str, float] = {}
    tokens = _TOKENS.findall(body)
    # Names are capitalised: letters inside them (Timișoara, Álvarez) are no evidence.
    common_text = " ".join(t for t in tokens if not t[:1].isupper()).lower()
    counts = Counter(fold(" ".join(tokens).lower()).text.split())
    for lang in LANGS:
        words, letters, decisive = _detect_profile(lang)
        hits = sum(counts[w] for w in words.intersection(counts))
        letter_hits = sum(common_text.count(ch) for ch in letters) if letters else 0
        score = hits + 0.5 * letter_hits
        if decisive and any(ch in common_text for ch in decisive):
            score += 8 + len(tokens) * 0.05
        scores[lang] = score
    best = max(scores, key=lambda k: scores[k])
    ranked = sorted(scores.values(), reverse=True)
    if ranked[0] < 3 or ranked[0] == ranked[1]:
        return None, 0.0
    return best, ranked[0] - ranked[1]
