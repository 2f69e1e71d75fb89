"""Regexes rebuilt from what `re` compiled them to, instead of compiled again.

`re.compile` parses and compiles in pure Python; for the lexicons' thousand cue regexes
that costs more than linting hundreds of letters, and every process (each worker of the
pool too) paid it again. The compiled form (the engine's code words and group tables) is
plain data: it is kept in the lexicon cache, which is keyed by the Python version, and
handed back to the C engine the way `re._compiler.compile` hands it over.

This leans on `re`'s internals (`re._parser`, `re._compiler`, `_sre.compile`). Wherever
they differ from what is expected here, `form` gives None and `rebuild` falls back to
`re.compile`: slower, never different. Tests check every rebuilt cue against a fresh
compile of its pattern.
"""

from __future__ import annotations

import os
import re
from array import array
from typing import Any

# (flags, code words as bytes, number of groups, group index, index group)
Form = tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]

_WORD = "I"  # the engine's code word is 32 bits


def form(pattern: str) -> Form | None:
    """What `re.compile(pattern)` hands to the C engine, as plain data (or None)."""
    try:
        from re import _compiler, _parser  # type: ignore[attr-defined]

        if array(_WORD).itemsize != 4:
            return None
        parsed = _parser.parse(pattern, 0)
        code = array(_WORD, [int(word) for word in _compiler._code(parsed, 0)])
        state = parsed.state
        groupindex = {str(name): int(i) for name, i in state.groupdict.items()}
        indexgroup: list[str | None] = [None] * state.groups
        for name, i in groupindex.items():
            indexgroup[i] = name
        return (int(state.flags), code.tobytes(), state.groups - 1, groupindex, tuple(indexgroup))
    except Exception:  # another Python's internals: keep the source only
        return None


def rebuild(pattern: str, kept: Any) -> re.Pattern[str]:
    """The regex of `pattern` from its kept form; `re.compile` when that cannot be used,
    or when $APOLOGIA_NO_REBUILD is set (a switch to rule this path out)."""
    if kept is not None and not os.environ.get("APOLOGIA_NO_REBUILD"):
        try:
            import _sre  # type: ignore[import-not-found]

            flags, code, groups, groupindex, indexgroup = kept
            words = array(_WORD)
            words.frombytes(code)
            rx: re.Pattern[str] = _sre.compile(
                pattern, flags, words.tolist(), groups, groupindex, indexgroup
            )
            return rx
        except Exception:
            pass  # a form from elsewhere, or an engine that changed: compile afresh
    return re.compile(pattern)
