"""The shipped lexicons, read once per process: from the cache when it is fresh, else
parsed from their YAML (and the cache written for the next run)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from apologia.errors import ApologiaError
from apologia.lexicon.build import build_lexicon, lexicon_of, load_yaml
from apologia.lexicon.cache import store
from apologia.lexicon.matcher import Cell
from apologia.lexicon.model import Lexicon
from apologia.lexicon.registry import LANGS, LETTER_CELLS


@cache
def shipped_text(lang: str) -> str:
    """The text of `lexicons/<lang>.yaml` as installed."""
    beside = Path(__file__).resolve().parent.parent / "lexicons" / f"{lang}.yaml"
    if beside.is_file():  # the usual install; importlib.resources costs more to import
        return beside.read_text(encoding="utf-8")
    from importlib import resources

    return (resources.files("apologia") / "lexicons" / f"{lang}.yaml").read_text(encoding="utf-8")


def _from_cache(raw: Any) -> tuple[dict[str, Any], dict[str, Cell]] | None:
    """The lexicon data and cells a cache file holds, or None when it holds anything else."""
    try:
        data, cells = raw
        if not isinstance(data, dict) or not isinstance(cells, dict):
            return None
        return data, {str(name): Cell.from_data(str(name), cell) for name, cell in cells.items()}
    except (ValueError, TypeError):
        return None


@cache
def parsed(lang: str) -> tuple[dict[str, Any], dict[str, Cell]]:
    """The shipped lexicon of `lang`: its data and its cells, from the cache if fresh."""
    if lang not in LANGS:
        raise ApologiaError(f"unsupported language {lang!r}; use one of {', '.join(LANGS)}")
    source = f"lexicons/{lang}.yaml"
    text = shipped_text(lang)
    path = store.cache_path(lang, text)
    if path is not None and (found := _from_cache(store.read(path, text))) is not None:
        return found
    data = load_yaml(text, source)
    cells = build_lexicon(data, lang, None, source).cells
    if path is not None:
        # Compiled once here, kept, and rebuilt in a blink by every later process.
        cells = {name: cell.with_forms(name in LETTER_CELLS) for name, cell in cells.items()}
        payload = (data, {name: cell.to_data() for name, cell in cells.items()})
        store.write(path, text, data.get("detect") or {}, payload)
    return data, cells


def detect_section(lang: str) -> Any:
    """The `detect:` section of a shipped lexicon, from the head of its cache file if
    fresh: guessing the language of one letter then loads one lexicon, not three."""
    text = shipped_text(lang)
    path = store.cache_path(lang, text)
    if path is not None:
        detect = store.read_head(path, text)
        if isinstance(detect, dict):
            return detect
    return parsed(lang)[0].get("detect") or {}


@cache
def words(lang: str, key: str) -> tuple[str, ...]:
    """A plain list of a shipped lexicon (e.g. `determiners`), lower-cased, in order."""
    return tuple(str(w).lower() for w in parsed(lang)[0].get(key) or [])


@cache
def word_list(lang: str, key: str) -> frozenset[str]:
    """A plain word list of a shipped lexicon, as a set."""
    return frozenset(words(lang, key))


_LEXICONS: dict[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]], Lexicon] = {}


def get_lexicon(lang: str, extras: Mapping[str, Sequence[str]] | None = None) -> Lexicon:
    """The lexicon of `lang`, with a repository's extra cues; compiled once per process."""
    key = (lang, tuple(sorted((k, tuple(v)) for k, v in (extras or {}).items())))
    lex = _LEXICONS.get(key)
    if lex is None:
        data, cells = parsed(lang)
        if extras:
            lex = build_lexicon(data, lang, extras, f"lexicons/{lang}.yaml")
        else:
            lex = lexicon_of(data, lang, cells)
        _LEXICONS[key] = lex
    return lex
