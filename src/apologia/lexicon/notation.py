"""The lexicon's pattern notation (`spec/language.md`), parsed to regular expressions.

- words separated by spaces match any run of white space;
- `(x)` is optional: `refund(ed)`, `we are (so, deeply) sorry`;
- `{a, b}` is one of: `we {have refunded, will refund}`;
- `@name` expands to the named list under `sets:`;
- `#` is an amount of money or a number;
- `...` is a gap of up to five words inside the sentence.

Alongside each regex the parser collects what lets the matcher skip it: the literals
every match must contain (`Need`) and the characters a match can start with (`First`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

_GAP = r"(?:[\s]+[^\s.;!?]+){0,5}?"
# Between two words of a pattern: white space, or none before a clitic, so that
# "@we {are, 're}" reads "we're" as well as "we are".
_SEP = r"(?:\s+|(?='))"
# `#` in a pattern: an amount of money or a number ("£15", "1.200,00 €", "30 de lei", "10%").
# An amount starts where a number starts, never inside one: otherwise "1,1,1,..." is
# tried from every digit to its end, quadratic in the length of the run.
# Its digits are read one way only (runs of digits between single separators,
# possessive): a pattern that can split "111" as 1|11, 11|1 or 1|1|1 tries every split
# before failing, which is exponential in the length of a digit run ("Refund of 1…1x").
_AMOUNT = (
    r"(?:[$£€¥]\s?)?(?<!\d)(?<!\d[.,\u00a0 ])\d++(?:[.,\u00a0 ]\d++)*+"
    r"(?:\s?(?:%|€|£|\$|eur|euros?|usd|gbp|ron|lei|de lei|dollars?|pounds?|gb|mb))?"
)


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
_SET_REF = re.compile(r"@([\w-]+)")
_WORD_ONLY = re.compile(r"\w+")


class _Sequence:
    """One sequence being read (a whole pattern, or one branch of a group).

    `whole`: its words are whole words of the text (not parts of one). Items are
    ("sep", rx) | ("word", rx) | ("opt", rx), each with how it can start.
    """

    def __init__(self, whole: bool) -> None:
        self.whole = whole
        self.items: list[_Item] = []
        self.word: list[str] = []  # the regex pieces of the word being read
        self.only_opt: str | None = None  # the word is one optional group: its inside
        self.only_opt_first: First = (frozenset(), True)  # how the group's inside can start
        self.word_first: set[str] = set()
        self.word_empty = True  # the current word may match nothing so far
        self.need: list[tuple[str, ...]] = []
        self.literal: list[str] = []  # the current run of literal characters
        self.pure = True  # the current word is literal characters only
        self.first: set[str] = set()
        self.empty = True  # every element so far may match nothing

    def starts(self, chars: Iterable[str], nullable: bool) -> None:
        if self.empty:
            self.first.update(chars)
            self.empty = nullable
        if self.word_empty:
            self.word_first.update(chars)
            self.word_empty = nullable

    def end_literal(self, whole_word: bool = False) -> None:
        if self.literal:
            self.need.append((_needed(self.literal, self.whole and whole_word),))
        self.literal.clear()
        self.pure = whole_word

    def end_word(self) -> None:
        self.end_literal(self.pure)
        if self.only_opt is not None:
            self.items.append(("opt", self.only_opt, *self.only_opt_first))
        elif self.word:
            self.items.append(
                ("word", "".join(self.word), frozenset(self.word_first), self.word_empty)
            )
        self.word.clear()
        self.word_first.clear()
        self.word_empty = True
        self.only_opt = None
        self.pure = True

    def char(self, ch: str) -> None:
        self.word.append(re.escape(ch))
        self.literal.append(ch)
        self.starts(ch, False)
        self.only_opt = None

    def separator(self, rx: str) -> None:
        """White space (`_SEP`) or a gap, which replaces the white space before it."""
        self.end_word()
        if rx == _SEP:
            if not self.items or self.items[-1][0] != "sep":
                self.items.append(("sep", _SEP, frozenset(), True))
            return
        if self.items and self.items[-1][0] == "sep":
            self.items.pop()
        self.items.append(("sep", rx, frozenset(), True))

    def result(self) -> tuple[str, Need, First]:
        self.end_word()
        return _join(self.items), tuple(self.need), (frozenset(self.first), self.empty)


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
        return "|".join(a for a, _, _ in alts), any_of(need for _, need, _ in alts), first

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

    def _skip_space(self) -> None:
        while self.i < len(self.p) and self.p[self.i].isspace():
            self.i += 1

    def _sequence(self, stops: str, whole: bool) -> tuple[str, Need, First]:
        seq = _Sequence(whole)
        p = self.p
        while self.i < len(p) and p[self.i] not in stops:
            ch = p[self.i]
            if ch.isspace():
                seq.separator(_SEP)
                self._skip_space()
            elif p.startswith("...", self.i):
                seq.separator(_GAP + r"\s+")
                self.i += 3
                self._skip_space()
            elif ch in "({":
                self._group(seq, ch, stops)
            elif ch == "#":
                seq.end_literal()
                seq.starts(_AMOUNT_FIRST, False)
                seq.word.append(_AMOUNT)
                seq.only_opt = None
                self.i += 1
            elif ch == "@":
                self._set(seq, stops)
            elif ch in ")}":
                raise PatternError(f"unbalanced '{ch}'")
            else:
                seq.char(ch)
                self.i += 1
        return seq.result()

    def _group(self, seq: _Sequence, ch: str, stops: str) -> None:
        """`(optional)` or `{one, of}`: read its branches, then close it."""
        seq.end_literal()
        close = ")" if ch == "(" else "}"
        self.i += 1
        at = self.i
        alone = seq.whole and not seq.word  # the group may be a whole word: see after it
        inner, one_of, (group_first, group_empty) = self._alternatives(close, alone)
        if alone and not self._group_is_word(close, stops):
            self.i = at  # glued to more letters: read its words as parts of one
            inner, one_of, (group_first, group_empty) = self._alternatives(close, False)
        seq.starts(group_first, ch == "(" or group_empty)
        inner = inner.strip()
        if self.i >= len(self.p) or self.p[self.i] != close:
            raise PatternError(f"missing '{close}'")
        self.i += 1
        seq.only_opt = f"(?:{inner})" if ch == "(" and not seq.word else None
        seq.only_opt_first = (group_first, group_empty)
        seq.word.append(f"(?:{inner})" + ("?" if ch == "(" else ""))
        if ch == "{" and one_of:
            seq.need.append(one_of)

    def _set(self, seq: _Sequence, stops: str) -> None:
        """`@name`: the named set's alternatives, and what any of them needs."""
        seq.end_literal()
        m = _SET_REF.match(self.p, self.i)
        if not m or m.group(1) not in self.sets:
            raise PatternError(f"unknown set {self.p[self.i :].split()[0]!r}")
        name = m.group(1)
        seq.word.append(f"(?:{self.sets[name]})")
        self.i = m.end()
        alone = seq.whole and not seq.word[:-1] and self._at_word_end(stops)
        seq.need.extend(self.set_needs.get(name + ("" if alone else "~"), ()))
        seq.starts(*self.set_first.get(name, (frozenset(), True)))
        seq.only_opt = None


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


def _needed(chars: list[str], whole_word: bool) -> str:
    """A needed literal; " w " when it must be a whole word of the text, not a part."""
    literal = "".join(chars)
    return f" {literal} " if whole_word and _WORD_ONLY.fullmatch(literal) else literal


def any_of(needs: Iterable[Need]) -> tuple[str, ...] | None:
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
    fold_fn: Callable[[str], str] | None = None,
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


def may_hold_marks(pattern: str, set_marks: Mapping[str, bool]) -> bool:
    """Whether a match of `pattern` may hold a sentence mark (. ; ! ?).

    Only its own characters (a gap `...` stops at them), an amount (`#`, "1.200") or a
    set it uses can put one in a match.
    """
    bare = pattern.replace("...", " ")
    if any(ch in bare for ch in ".;!?#"):
        return True
    return any(set_marks.get(m.group(1), True) for m in _SET_REF.finditer(bare))
