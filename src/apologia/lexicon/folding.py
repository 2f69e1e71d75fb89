"""Case and accent folding: the form in which letters and patterns are compared.

Folding keeps offsets: `Folded.original` maps an offset in the folded text back to the
letter, so a hit found in the folded text points at the letter's own characters.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'"})


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
    low = base.lower().translate(_QUOTES)
    return low


class Folded(NamedTuple):
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


class Folding(NamedTuple):
    """What a language's lexicon adds to folding: words whose accents decide meaning
    (`keep_accents:`, es `sí`), and letters that inside a word are another letter's old
    spelling (`fold_mid_word:`, ro `î` for `â`)."""

    keep: frozenset[str] = frozenset()
    mid_word: tuple[tuple[str, str], ...] = ()


PLAIN = Folding()


@lru_cache(maxsize=16)
def _mid_word(letter: str) -> re.Pattern[str]:
    return re.compile(f"(?<=\\w)[{re.escape(letter)}{re.escape(letter.upper())}]")


# Every character met so far, folded: learnt once per process, as new ones appear.
_FOLD_SEEN: set[str] = set()
_FOLD_MULTI: set[str] = set()  # characters that fold to none or to several
# Most text folds as `str.lower()` does, then a replace per accented letter (both in C;
# `str.translate` with a table looks each character up in Python objects, 20 times
# slower). Characters for which that would not give their folding take the slow path.
_FOLD_ODD: set[str] = set()
_LOWER_THEN: dict[str, tuple[str, str]] = {}  # char -> (its lower case, that folded)
_PLAIN = frozenset(map(chr, range(128))) - {"`"}  # ASCII that folds as lower() does


def fold(text: str, folding: Folding = PLAIN) -> Folded:
    """Fold case and accents, and what the language's `folding` adds."""
    chars = set(text)
    if not chars <= _FOLD_SEEN:
        _learn(chars - _FOLD_SEEN)
    text_in = text
    for letter, spelt in folding.mid_word:
        if letter in chars or letter.upper() in chars:
            # Inside a word the letter folds as `spelt`; elsewhere as itself.
            as_spelt = _fold_char(spelt).replace("\\", r"\\")  # a template: escape \
            text_in = _mid_word(letter).sub(as_spelt, text_in)
    keep = folding.keep
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
        folded = _fold_char(ch)
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
