"""Lexicons: load per-language cue data, fold text, and find cues on word boundaries.

A lexicon file (`lexicons/<lang>.yaml`) lists patterns per *cell*: the five steps, the
faults (`blame-shift`, `non-apology`, ...), scope words (negators, contrast, reporting
verbs) and register markers. Pattern notation follows `spec/language.md`:

- words separated by spaces match any run of white space;
- `(x)` is optional: `refund(ed)`, `we are (so, deeply) sorry`;
- `{a, b}` is one of: `we {have refunded, will refund}`;
- `@name` expands to the named list under `sets:`;
- `...` is a gap of up to five words inside the sentence.

A cue is a string or a mapping `{cue: "...", weight: 2}`. Each cell compiles once into a
single alternation with one named group per cue, so finding all cues of a cell in a
whole letter is one `finditer` over the folded text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from apologia.errors import ApologiaError

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
# `#` in a pattern: an amount of money or a number ("£15", "1.200,00 €", "30 de lei", "10%").
_AMOUNT = (
    r"(?:[$£€¥]\s?)?\d(?:[\d.,\u00a0 ]?\d)*"
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


def fold(text: str, lang: str | None = None, keep: frozenset[str] = frozenset()) -> Folded:
    """Fold case and accents; `keep` lists words whose accents decide meaning (es `sí`)."""
    chars = set(text)
    table: dict[int, str] = {}
    one_to_one = True
    for ch in chars:
        if lang == "ro" and ch in "îÎ":
            continue  # handled below: mid-word î is the old spelling of â
        folded = _fold_char(ch)
        if folded != ch:
            table[ord(ch)] = folded
        if len(folded) != 1:
            one_to_one = False
    text_in = text
    if lang == "ro" and ("î" in chars or "Î" in chars):
        text_in = _RO_MID_I.sub("a", text.replace("Î", "î"))
    if one_to_one:
        out = text_in.translate(table)
        if lang == "ro":
            out = out.replace("î", "i")
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


class _Parser:
    """Compile the lexicon notation to a regular expression (no backtracking traps:
    only literal words, bounded gaps and optional groups)."""

    def __init__(self, pattern: str, sets: Mapping[str, str]) -> None:
        self.p = pattern
        self.i = 0
        self.sets = sets

    def compile(self) -> str:
        rx = self._sequence(stops="")
        if self.i != len(self.p):
            raise PatternError(f"unbalanced bracket at {self.i + 1}")
        return rx

    def _alternatives(self, stop: str) -> str:
        alts = [self._sequence(stop + ",")]
        while self.i < len(self.p) and self.p[self.i] == ",":
            self.i += 1
            alts.append(self._sequence(stop + ","))
        return "|".join(a for a in alts)

    def _sequence(self, stops: str) -> str:
        # items: ("sep", rx) | ("word", rx) | ("opt", rx)
        items: list[tuple[str, str]] = []
        word: list[str] = []
        only_opt: str | None = None

        def end_word() -> None:
            nonlocal only_opt
            if word:
                items.append(("opt", only_opt) if only_opt is not None else ("word", "".join(word)))
            word.clear()
            only_opt = None

        p = self.p
        while self.i < len(p) and p[self.i] not in stops:
            ch = p[self.i]
            if ch.isspace():
                end_word()
                while self.i < len(p) and p[self.i].isspace():
                    self.i += 1
                if not items or items[-1][0] != "sep":
                    items.append(("sep", r"\s+"))
                continue
            if p.startswith("...", self.i):
                end_word()
                self.i += 3
                if items and items[-1][0] == "sep":
                    items.pop()
                items.append(("sep", _GAP + r"\s+"))
                while self.i < len(p) and p[self.i].isspace():
                    self.i += 1
                continue
            if ch in "({":
                close = ")" if ch == "(" else "}"
                self.i += 1
                inner = self._alternatives(stop=close).strip()
                if self.i >= len(p) or p[self.i] != close:
                    raise PatternError(f"missing '{close}'")
                self.i += 1
                group = f"(?:{inner})" + ("?" if ch == "(" else "")
                only_opt = f"(?:{inner})" if ch == "(" and not word else None
                word.append(group)
                continue
            if ch == "#":
                word.append(_AMOUNT)
                only_opt = None
                self.i += 1
                continue
            if ch == "@":
                m = re.match(r"@([\w-]+)", p[self.i :])
                if not m or m.group(1) not in self.sets:
                    raise PatternError(f"unknown set {p[self.i :].split()[0]!r}")
                word.append(f"(?:{self.sets[m.group(1)]})")
                only_opt = None
                self.i += m.end()
                continue
            if ch in ")}":
                raise PatternError(f"unbalanced '{ch}'")
            word.append(re.escape(ch))
            only_opt = None
            self.i += 1
        end_word()
        return self._join(items)

    @staticmethod
    def _join(items: list[tuple[str, str]]) -> str:
        # A stand-alone optional word carries the white space on one side with it, so
        # "we are (so) sorry" matches "we are sorry" with a single space.
        while items and items[0][0] == "sep":
            items.pop(0)
        while items and items[-1][0] == "sep":
            items.pop()
        out: list[tuple[str, str]] = []
        k = 0
        while k < len(items):
            kind, rx = items[k]
            if kind == "opt":
                if out and out[-1][0] == "sep":
                    sep = out.pop()[1]
                    out.append(("word", f"(?:{sep}{rx})?"))
                elif k + 1 < len(items) and items[k + 1][0] == "sep":
                    out.append(("word", f"(?:{rx}{items[k + 1][1]})?"))
                    k += 1
                else:
                    out.append(("word", f"(?:{rx})?"))
            else:
                out.append((kind, rx))
            k += 1
        return "".join(rx for _, rx in out)


def compile_pattern(pattern: str, sets: Mapping[str, str], fold_fn: Any = None) -> str:
    text = fold_fn(pattern) if fold_fn else pattern
    try:
        return _Parser(text, sets).compile()
    except PatternError as exc:
        raise PatternError(f"{pattern!r}: {exc}") from None


# Word boundaries: a cue never starts or ends inside a word, and a hyphen joined to a
# letter belongs to the word (ro clitics `v-am`, `ne-am`).
_LEFT = r"(?<![\w])(?<![\w]-)"
_RIGHT = r"(?![\w])(?!-[\w])"


@dataclass(frozen=True, slots=True)
class Cue:
    cell: str
    pattern: str
    weight: float


@dataclass(frozen=True)
class Cell:
    name: str
    regex: re.Pattern[str] | None
    cues: tuple[Cue, ...]
    exceptions: re.Pattern[str] | None = None

    def finditer(self, folded: str) -> Iterator[tuple[int, int, Cue]]:
        if self.regex is None:
            return
        exc_spans: list[tuple[int, int]] = []
        if self.exceptions is not None:
            exc_spans = [(m.start(), m.end()) for m in self.exceptions.finditer(folded)]
        for m in self.regex.finditer(folded):
            if m.start() == m.end():
                continue
            if exc_spans and any(s < m.end() and m.start() < e for s, e in exc_spans):
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

    def fold(self, text: str) -> Folded:
        return fold(text, self.lang, self.keep_accents)

    def fold_pattern(self, pattern: str) -> str:
        return fold(pattern, self.lang, self.keep_accents).text

    def cell(self, name: str) -> Cell:
        return self.cells.get(name) or Cell(name, None, ())

    def opens_with(self, cell: str, text: str) -> bool:
        """Whether `text` begins with a cue of `cell` (a greeting, a closing formula)."""
        first = next(self.cell(cell).finditer(self.fold(text).text), None)
        return first is not None and first[0] == 0

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
    keep = frozenset(str(w).lower() for w in data.get("keep_accents", []) or [])

    def fold_p(p: str) -> str:
        return fold(p, lang, keep).text

    try:
        sets: dict[str, str] = {}
        for name, items in (data.get("sets") or {}).items():
            alts = [compile_pattern(p, sets, fold_p) for p, _ in _cue_list(items, f"sets.{name}")]
            sets[str(name)] = "|".join(alts)
        raw_cells: dict[str, list[tuple[str, float]]] = {}
        for section in ("steps", "faults", "scope", "register", "letter"):
            for name, items in (data.get(section) or {}).items():
                raw_cells.setdefault(str(name), []).extend(_cue_list(items, f"{section}.{name}"))
        for name, items in (extras or {}).items():
            raw_cells.setdefault(name, []).extend((p, 1.0) for p in items)
        cells: dict[str, Cell] = {}
        exceptions = data.get("except") or {}
        for name, items in raw_cells.items():
            cues = tuple(Cue(name, p, w) for p, w in items)
            if not cues:
                continue
            groups = "|".join(
                f"(?P<c{k}>{compile_pattern(c.pattern, sets, fold_p)})" for k, c in enumerate(cues)
            )
            exc = None
            if exceptions.get(name):
                exc_rx = "|".join(
                    compile_pattern(p, sets, fold_p)
                    for p, _ in _cue_list(exceptions[name], f"except.{name}")
                )
                exc = re.compile(f"{_LEFT}(?:{exc_rx}){_RIGHT}")
            cells[name] = Cell(name, re.compile(f"{_LEFT}(?:{groups}){_RIGHT}"), cues, exc)
    except (PatternError, re.error) as exc:
        raise ApologiaError(f"bad lexicon pattern: {exc}", path=source) from None
    return Lexicon(
        lang=lang,
        name=str(data.get("name", lang)),
        cells=cells,
        abbreviations=frozenset(str(a).lower().rstrip(".") for a in data.get("abbreviations", [])),
        keep_accents=keep,
        data=dict(data),
    )


@cache
def _shipped(lang: str) -> dict[str, Any]:
    if lang not in LANGS:
        raise ApologiaError(f"unsupported language {lang!r}; use one of {', '.join(LANGS)}")
    ref = resources.files("apologia") / "lexicons" / f"{lang}.yaml"
    return _load_yaml(ref.read_text(encoding="utf-8"), f"lexicons/{lang}.yaml")


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
        lex = build_lexicon(_shipped(lang), lang, extras, f"lexicons/{lang}.yaml")
        _CACHE[key] = lex
    return lex


# ---------------------------------------------------------------- detection

_URLS = re.compile(r"https?://\S+|www\.\S+|\S+@\S+")
_TOKENS = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")


@cache
def _detect_profile(lang: str) -> tuple[frozenset[str], str, str]:
    """Folded function words, signal letters and decisive letters of a language."""
    detect = _shipped(lang).get("detect") or {}
    words = frozenset(fold(str(w)).text for w in detect.get("words", []))
    return words, str(detect.get("letters", "")), str(detect.get("decisive", ""))


def detect_language(text: str) -> tuple[str | None, float]:
    """Guess en/es/ro from letters and function words; (None, 0) when unsure."""
    body = _URLS.sub(" ", text)
    scores: dict[str, float] = {}
    tokens = _TOKENS.findall(body)
    lowered = [t.lower() for t in tokens]
    # Names are capitalised: letters inside them (Timișoara, Álvarez) are no evidence.
    common = [t for t, low in zip(tokens, lowered, strict=True) if not t[:1].isupper()]
    common_text = " ".join(common).lower()
    folded_tokens = fold(" ".join(lowered)).text.split()
    for lang in LANGS:
        words, letters, decisive = _detect_profile(lang)
        hits = sum(1 for t in folded_tokens if t in words)
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
