"""Cue regexes rebuilt from their kept compiled form behave as freshly compiled ones, the
lexicon cache keeps those forms, and a form that cannot be used falls back to compiling."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from apologia.engine import DEFAULT_CONFIG, lexicon_for
from apologia.lexicon import LANGS
from apologia.lexicon.cache import recompile
from conftest import GOOD

LETTERS = Path(__file__).resolve().parent / "letters"


def spans(rx: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], ...]]:
    return [tuple(m.span(g) for g in range(rx.groups + 1)) for m in rx.finditer(text)]


@pytest.mark.parametrize("lang", LANGS)
def test_every_rebuilt_cue_matches_as_the_compiled_one(
    lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    lexicon = lexicon_for(lang, DEFAULT_CONFIG)
    texts = [lexicon.fold(GOOD[lang]).text] + [
        lexicon.fold(p.read_text(encoding="utf-8")).text for p in LETTERS.glob(f"{lang}-*")
    ]
    patterns = [cue.bounded() for cell in lexicon.cells.values() for cue in cell.cues]
    compiled = [re.compile(p) for p in patterns]
    forms = [recompile.form(p) for p in patterns]
    assert all(f is not None for f in forms)  # this Python's internals are the known ones

    def no_compiling(*args: object, **kwargs: object) -> None:
        raise AssertionError("rebuild compiled a pattern instead of using its form")

    monkeypatch.setattr(re, "compile", no_compiling)
    matched = 0
    for pattern, want, kept in zip(patterns, compiled, forms, strict=True):
        rx = recompile.rebuild(pattern, kept)
        assert (rx.pattern, rx.flags, rx.groups) == (want.pattern, want.flags, want.groups)
        for text in texts:
            found = spans(rx, text)
            assert found == spans(want, text), pattern
            matched += bool(found)
    assert matched > len(texts)  # the texts do hold cues: the comparison is not empty


def test_a_form_that_cannot_be_used_falls_back_to_compiling() -> None:
    pattern = r"(we)\s+(?:are|were)\s+sorry"
    for kept in (None, ("junk",), (32, b"\xff\xff", 0, {}, (None,))):
        rx = recompile.rebuild(pattern, kept)
        assert rx.pattern == pattern
        assert rx.search("yes, we are sorry") is not None


def test_the_lexicon_cache_keeps_the_forms_and_later_runs_use_them(tmp_path: Path) -> None:
    # A fresh process fills the cache; a second reads it and rebuilds every cue without
    # compiling one.
    script = (
        "import re\n"
        "from apologia.engine import DEFAULT_CONFIG, lexicon_for\n"
        "lexicon = lexicon_for('es', DEFAULT_CONFIG)\n"
        "cells = list(lexicon.cells.values())\n"
        "assert all(cue.form is not None for c in cells for cue in c.cues)\n"
        "def refuse(*a, **k): raise AssertionError('compiled')\n"
        "re.compile = refuse\n"
        "n = sum(bool(c.cue_regex(k)) for c in cells for k in range(len(c.cues)))\n"
        "print(n)\n"
    )
    env = {**os.environ, "APOLOGIA_CACHE_DIR": str(tmp_path)}
    first = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert list(tmp_path.glob("lexicon-es-*.marshal"))
    second = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert second.returncode == 0, second.stderr
    assert int(second.stdout) > 300  # every cue of the Spanish lexicon
