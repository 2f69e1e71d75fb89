"""The lexicon cache keeps each cell as records that load themselves back, is keyed by
every module that shapes it, and can be bypassed: what a letter gets is the same."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from apologia.engine import DEFAULT_CONFIG, lexicon_for
from apologia.lexicon import LANGS, Cell
from apologia.lexicon.cache import recompile, store
from conftest import GOOD

PACKAGE = Path(store.__file__).resolve().parent.parent


@pytest.mark.parametrize("lang", LANGS)
def test_every_cell_loads_back_from_its_saved_form_and_finds_the_same(lang: str) -> None:
    lexicon = lexicon_for(lang, DEFAULT_CONFIG)
    folded = lexicon.fold(GOOD[lang]).text
    found = 0
    for name, cell in lexicon.cells.items():
        again = Cell.from_data(name, cell.with_forms(True).to_data())
        assert [c.to_data()[:7] for c in again.cues] == [c.to_data()[:7] for c in cell.cues]
        want = [(s, e, c.pattern) for s, e, c in cell.finditer(folded)]
        assert [(s, e, c.pattern) for s, e, c in again.finditer(folded)] == want, name
        found += len(want)
    assert found  # the letter holds cues: the comparison is not empty


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d[:2],  # a record cut short
        lambda d: ((d[0][0][:7], *d[0][1:]), *d[1:]),  # a cue missing a field
        lambda d: (tuple((p, "1", *rest) for p, _, *rest in d[0]), *d[1:]),  # weight a str
        lambda d: (tuple((*c[:6], 99, c[7]) for c in d[0]), *d[1:]),  # trigger out of range
    ],
)
def test_a_damaged_cell_record_is_refused(damage: object) -> None:
    cell = lexicon_for("en", DEFAULT_CONFIG).cells["regret"]
    with pytest.raises(ValueError):
        Cell.from_data("regret", damage(cell.to_data()))  # type: ignore[operator]


def test_the_cache_key_covers_every_module_of_the_lexicon_package() -> None:
    modules = sorted(PACKAGE.rglob("*.py"))
    assert {"notation.py", "cue.py", "matcher.py", "build.py", "store.py", "recompile.py"} <= {
        m.name for m in modules
    }
    assert store._shapers() == tuple(m.read_bytes() for m in modules)


def test_the_rebuild_switch_compiles_every_regex(monkeypatch: pytest.MonkeyPatch) -> None:
    pattern = r"(we)\s+(?:are|were)\s+sorry"
    kept = recompile.form(pattern)
    assert kept is not None
    compiled: list[str] = []
    real = re.compile

    def counting(p: str, flags: int = 0) -> re.Pattern[str]:
        compiled.append(p)
        return real(p, flags)

    monkeypatch.setattr(re, "compile", counting)
    recompile.rebuild(pattern, kept)
    assert compiled == []  # from the kept form
    monkeypatch.setenv("APOLOGIA_NO_REBUILD", "1")
    assert recompile.rebuild(pattern, kept).search("so we are sorry") is not None
    assert compiled == [pattern]


def test_lint_output_is_the_same_from_a_cold_cache_a_warm_one_and_none(tmp_path: Path) -> None:
    letter = tmp_path / "a.md"
    letter.write_text(GOOD["es"] + "\n\nFue culpa del mensajero.\n", encoding="utf-8")
    runs = []
    cold_warm_none_compiled = [
        (tmp_path / "c", {}),
        (tmp_path / "c", {}),
        ("", {}),
        (tmp_path / "c", {"APOLOGIA_NO_REBUILD": "1"}),
    ]
    for cache, extra in cold_warm_none_compiled:
        env = {**os.environ, "APOLOGIA_CACHE_DIR": str(cache), **extra}
        run = subprocess.run(
            [sys.executable, "-m", "apologia", "lint", "--format", "json", str(letter)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert run.stderr == ""
        runs.append((run.returncode, run.stdout))
    assert list((tmp_path / "c").glob("lexicon-es-*.marshal"))
    assert runs[0][0] == 1  # the blame is found
    assert runs.count(runs[0]) == len(runs)
