"""The lexicon cache is never trusted blindly (issue 17 item 4): a cache file that was
tampered with, or that sits where someone else could have planted it, is not used, and
the verdict is the one a run without any cache gives."""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest

from apologia.lexicon import LANGS
from apologia.lexicon.cache import recompile, store
from apologia.lexicon.load import shipped_text
from conftest import GOOD

# A Spanish letter that blames the courier: blame-shift, exit 1.
LETTER = GOOD["es"] + "\n\nEl retraso fue culpa del mensajero.\n"
NEVER = recompile.form("(?!)")


def lint(folder: Path, cache: str) -> tuple[int, str, str]:
    env = {**os.environ, "APOLOGIA_CACHE_DIR": cache}
    run = subprocess.run(
        [sys.executable, "-m", "apologia", "lint", "-f", "json", "--lang", "es", "a.md"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return run.returncode, run.stdout, run.stderr


@pytest.fixture
def letter(tmp_path: Path) -> Path:
    (tmp_path / "a.md").write_text(LETTER, encoding="utf-8")
    return tmp_path


def filled(folder: Path, letter: Path) -> Path:
    """`folder` as a private cache after one run; the Spanish lexicon's file in it."""
    folder.mkdir(mode=0o700)
    assert lint(letter, str(folder))[0] == 1
    (path,) = folder.glob("lexicon-es-*.marshal")
    assert path.name == store.cache_path("es", shipped_text("es")).name  # type: ignore[union-attr]
    return path


def tampered(path: Path, *, seal: bool) -> bytes:
    """The cache file with every blame-shift cue's compiled code replaced by code that
    never matches, the cue texts kept; its digest recomputed (`seal`) or left as it was."""
    text = shipped_text("es")
    blob = path.read_bytes()
    data, cells = store.read(path, text)
    cues, *rest = cells["blame-shift"]
    cells["blame-shift"] = (tuple((*c[:7], NEVER) for c in cues), *rest)
    body = marshal.dumps((data, cells))
    n = 4 + int.from_bytes(blob[:4], "little") + 32
    end = store._seal(body, text) if seal else blob[-32:]
    return blob[:n] + body + end


def test_a_tampered_cache_is_refused_and_the_verdict_stands(tmp_path: Path, letter: Path) -> None:
    clean = lint(letter, "")
    assert clean[0] == 1 and '"blame-shift"' in clean[1]
    path = filled(tmp_path / "cache", letter)
    assert lint(letter, str(path.parent)) == clean
    path.write_bytes(tampered(path, seal=False))
    assert lint(letter, str(path.parent)) == clean
    # Garbage after a sound head: refused before `marshal` reads it; no crash.
    path.write_bytes(path.read_bytes()[:200] + os.urandom(5000))
    assert lint(letter, str(path.parent)) == clean


def test_the_tamper_is_potent_where_the_cache_is_trusted(tmp_path: Path, letter: Path) -> None:
    # The control for the tests around it: a cache of this user's, sealed as this
    # version seals it, is trusted (that is what a cache is for), so the same tamper
    # turns the verdict; only where it sits and what it holds keep it out.
    path = filled(tmp_path / "cache", letter)
    path.write_bytes(tampered(path, seal=True))
    code, out, _ = lint(letter, str(path.parent))
    assert code == 0 and '"blame-shift"' not in out


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_cache_folder_others_may_write_to_is_not_used(tmp_path: Path, letter: Path) -> None:
    clean = lint(letter, "")
    path = filled(tmp_path / "cache", letter)
    planted = tampered(path, seal=True)
    path.unlink()
    path.parent.chmod(0o775)  # group-writable: anyone in the group could plant a file
    path.write_bytes(planted)
    path.chmod(0o600)
    assert lint(letter, str(path.parent)) == clean
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # nothing written there
    path.parent.chmod(0o700)
    path.chmod(0o620)  # the file itself group-writable
    assert lint(letter, str(path.parent)) == clean


@pytest.mark.skipif(getattr(os, "getuid", lambda: 1)() != 0, reason="needs root to chown")
def test_a_cache_file_or_folder_of_another_user_is_not_used(tmp_path: Path, letter: Path) -> None:
    clean = lint(letter, "")
    path = filled(tmp_path / "cache", letter)
    path.write_bytes(tampered(path, seal=True))
    os.chown(path, 65534, 65534)
    assert lint(letter, str(path.parent)) == clean
    os.chown(path, 0, 0)
    os.chown(path.parent, 65534, 65534)
    assert lint(letter, str(path.parent)) == clean


def test_an_empty_cache_setting_reads_and_writes_no_cache(tmp_path: Path, letter: Path) -> None:
    home = tmp_path / "home"
    env = {**os.environ, "APOLOGIA_CACHE_DIR": "", "HOME": str(home)}
    env["XDG_CACHE_HOME"] = str(tmp_path / "xdg")
    run = subprocess.run(
        [sys.executable, "-m", "apologia", "lint", "--lang", "es", "a.md"],
        cwd=letter,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1, run.stderr
    assert not home.exists() and not (tmp_path / "xdg").exists()
    assert LANGS  # every language is read from its YAML, none from a cache
