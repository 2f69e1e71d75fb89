"""A lexicon built from its YAML data: sets expanded, every cue parsed and compiled."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from apologia.errors import ApologiaError
from apologia.lexicon.cue import CompiledCue, CompiledExceptions, FrozenNeed, trigger_clause
from apologia.lexicon.folding import Folding, fold
from apologia.lexicon.matcher import Cell
from apologia.lexicon.model import Lexicon
from apologia.lexicon.notation import (
    First,
    Need,
    PatternError,
    any_of,
    may_hold_marks,
    parse_pattern,
)

# The sections of a lexicon file that hold cells, by the cell names they hold.
CELL_SECTIONS = ("steps", "faults", "scope", "register", "letter")


def load_yaml(text: str, source: str) -> dict[str, Any]:
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


class _Sets:
    """The `sets:` of a lexicon, parsed in order (a set may use the sets before it)."""

    def __init__(self, fold_p: Any) -> None:
        self.fold_p = fold_p
        self.regex: dict[str, str] = {}
        self.needs: dict[str, Need] = {}  # as a word of its own, and (`name~`) inside one
        self.first: dict[str, First] = {}
        self.marks: dict[str, bool] = {}  # whether a match may hold a sentence mark

    def parse(self, pattern: str, whole: bool = True) -> tuple[str, Need, First]:
        return parse_pattern(pattern, self.regex, self.fold_p, self.needs, self.first, whole)

    def add(self, name: str, items: object) -> None:
        patterns = [p for p, _ in _cue_list(items, f"sets.{name}")]
        parsed = [self.parse(p) for p in patterns]
        self.regex[name] = "|".join(rx for rx, _, _ in parsed)
        one_of = any_of(need for _, need, _ in parsed)
        self.needs[name] = (one_of,) if one_of else ()
        # Used inside a longer word (`@name'd`), its words may be parts of that word.
        one_of = any_of(self.parse(p, whole=False)[1] for p in patterns)
        self.needs[f"{name}~"] = (one_of,) if one_of else ()
        self.first[name] = (
            frozenset().union(*(f[0] for _, _, f in parsed)),
            any(f[1] for _, _, f in parsed),
        )
        self.marks[name] = any(may_hold_marks(self.fold_p(p), self.marks) for p in patterns)


def build_lexicon(
    data: Mapping[str, Any],
    lang: str,
    extras: Mapping[str, Sequence[str]] | None = None,
    source: str = "",
) -> Lexicon:
    folding = folding_of(data)

    def fold_p(p: str) -> str:
        return fold(p, folding).text

    # Words in most letters: never a cue's trigger where it has a rarer clause.
    frequent = frozenset(fold_p(str(w)) for w in data.get("frequent") or ())
    try:
        sets = _Sets(fold_p)
        for name, items in (data.get("sets") or {}).items():
            sets.add(str(name), items)
        raw_cells: dict[str, list[tuple[str, float]]] = {}
        for section in CELL_SECTIONS:
            for name, items in (data.get(section) or {}).items():
                raw_cells.setdefault(str(name), []).extend(_cue_list(items, f"{section}.{name}"))
        shipped = {name: len(items) for name, items in raw_cells.items()}
        for name, items in (extras or {}).items():
            raw_cells.setdefault(name, []).extend((p, 1.0) for p in items)
        exceptions = data.get("except") or {}
        cells: dict[str, Cell] = {}
        for name, items in raw_cells.items():
            if not items:
                continue
            excepted = _cue_list(exceptions.get(name) or [], f"except.{name}")
            cell = Cell(
                name,
                tuple(_cue(name, p, w, sets, frequent) for p, w in items),
                _exceptions([p for p, _ in excepted], sets),
            )
            # Shipped cues compile when first needed; a repository's extras now, so a
            # broken one is reported as the config's fault before any letter is read.
            for k in range(shipped.get(name, 0), len(items)):
                cell.cue_regex(k)
            cells[name] = cell
    except (PatternError, re.error) as exc:
        raise ApologiaError(f"bad lexicon pattern: {exc}", path=source) from None
    return lexicon_of(data, lang, cells)


def _cue(
    name: str, pattern: str, weight: float, sets: _Sets, frequent: frozenset[str]
) -> CompiledCue:
    rx, need, (first, empty) = sets.parse(pattern)
    frozen = _frozen(need)
    return CompiledCue(
        cell=name,
        pattern=pattern,
        weight=weight,
        source=rx,
        need=frozen,
        first=None if empty else first,
        in_sentence=not may_hold_marks(sets.fold_p(pattern), sets.marks),
        trigger=trigger_clause(frozen, frequent),
    )


def _exceptions(patterns: list[str], sets: _Sets) -> CompiledExceptions | None:
    if not patterns:
        return None
    parsed = [sets.parse(p) for p in patterns]
    first: frozenset[str] | None = None
    if not any(empty for _, _, (_, empty) in parsed):
        first = frozenset().union(*(chars for _, _, (chars, _) in parsed)) or None
    return CompiledExceptions(
        "|".join(rx for rx, _, _ in parsed), tuple(_frozen(need) for _, need, _ in parsed), first
    )


def _frozen(need: Need) -> FrozenNeed:
    return tuple(frozenset(clause) for clause in need)


def lexicon_of(data: Mapping[str, Any], lang: str, cells: dict[str, Cell]) -> Lexicon:
    return Lexicon(
        lang=lang,
        name=str(data.get("name", lang)),
        cells=cells,
        abbreviations=frozenset(str(a).lower().rstrip(".") for a in data.get("abbreviations", [])),
        folding=folding_of(data),
        data=dict(data),
    )


def folding_of(data: Mapping[str, Any]) -> Folding:
    """The lexicon's additions to folding (`keep_accents:`, `fold_mid_word:`)."""
    mid_word = data.get("fold_mid_word") or {}
    if not all(len(str(k)) == len(str(v)) == 1 for k, v in mid_word.items()):
        raise ApologiaError("fold_mid_word: one letter for one letter", field="fold_mid_word")
    return Folding(
        keep=frozenset(str(w).lower() for w in data.get("keep_accents", []) or []),
        mid_word=tuple((str(k).lower(), str(v)) for k, v in mid_word.items()),
    )
