"""Small shared helpers for the end-to-end tests: a CLI runner, the installed command,
the SARIF schema, one clean five-step letter per language, and what the engine finds in
a text (cue matches, problems, steps)."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent

# One clean five-step letter per language (value, responsibility, explanation, fix,
# regret; one step a line, the first on line 3). Written for these tests.
GOOD = {
    "en": (
        "Dear Ms. Quinn,\n"
        "\n"
        "We have refunded the full price of the lamp.\n"
        "The wrong colour was our mistake.\n"
        "It happened because two bins in our warehouse had swapped labels.\n"
        "We have added a label check at the packing desk.\n"
        "We are sorry.\n"
    ),
    "es": (
        "Estimada Sra. Quintana:\n"
        "\n"
        "Le hemos reembolsado el importe completo de la lámpara.\n"
        "El color equivocado fue un error nuestro.\n"
        "Ocurrió porque dos cajas de nuestro almacén tenían las etiquetas cambiadas.\n"
        "Hemos introducido un control de etiquetas en el puesto de embalaje.\n"
        "Lo sentimos mucho.\n"
    ),
    "ro": (
        "Stimată doamnă Ionescu,\n"
        "\n"
        "V-am rambursat integral prețul lămpii.\n"
        "Culoarea greșită a fost greșeala noastră.\n"
        "S-a întâmplat pentru că două cutii din depozit aveau etichetele inversate.\n"
        "Am introdus o verificare a etichetelor la masa de ambalare.\n"
        "Ne pare rău.\n"
    ),
}

# An English letter with exactly one problem: blame-shift (an error) on line 7.
BLAME_LINE = 7
BLAME = GOOD["en"].replace(
    "We are sorry.\n", "Our courier also lost the spare lamp.\nWe are sorry.\n"
)

# An English letter whose only problem is one warning (minimizing, line 7).
WARN = GOOD["en"].replace(
    "We are sorry.\n", "We are sorry for any inconvenience this may have caused.\n"
)


def report_json(result: Any, exit_codes: tuple[int, ...] = (0, 1)) -> Any:
    """The JSON report of a CLI run, after checking it ran: a crash or a usage error
    fails here with its stderr, not later as a JSONDecodeError."""
    import json

    assert result.exit_code in exit_codes, (result.exit_code, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    return json.loads(result.stdout)


def cue_texts(lang: str, text: str, cell: str) -> list[str]:
    """The pieces of `text` that the lexicon cell `cell` of `lang` matches."""
    from apologia.lexicon import get_lexicon

    return [text[s:e] for s, e, _ in get_lexicon(lang).find(text, cell)]


def problems_in(lang: str, text: str) -> list[tuple[str, int]]:
    """(rule id, line) of each problem `lint` reports on `text`."""
    from apologia.engine import lint_text

    return [(p.rule, p.line) for p in lint_text(text, lang=lang).problems]


def steps_in(lang: str, text: str) -> set[str]:
    """The steps `lint` finds anywhere in `text`."""
    from apologia.engine import lint_text

    return {s.value for p in lint_text(text, lang=lang).steps for s, _ in p.steps}


def put(root: Path, name: str, text: str) -> None:
    """Write `text` to `root/name`, making its folders: a file of a test repository."""
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


def git(cwd: Path, *args: str) -> str:
    """Run git in `cwd` with a fixed identity, ignoring the user's and the system's config."""
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    for var in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        env.pop(var, None)
    done = subprocess.run(
        [
            "git",
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "-c",
            "init.defaultBranch=main",
            *args,
        ],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def sarif_schema_path() -> Path | None:
    """The official SARIF 2.1.0 schema, beside the repository in ../shared/spec/."""
    for candidate in (
        REPO.parent / "shared" / "spec" / "sarif-schema-2.1.0.json",
        Path("/work/shared/spec/sarif-schema-2.1.0.json"),
    ):
        if candidate.is_file():
            return candidate
    return None


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in an empty temporary folder, so no configuration file of ours is found."""
    monkeypatch.chdir(tmp_path)
    for var in ("GITHUB_ACTIONS", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(var, raising=False)
    return tmp_path


@pytest.fixture
def write(in_tmp: Path) -> Callable[..., Path]:
    """write("a.md", text) -> the path, relative names inside the temporary folder."""

    def _write(name: str, text: str | bytes) -> Path:
        path = in_tmp / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_bytes(text.encode("utf-8"))
        return path

    return _write


@pytest.fixture
def cli(in_tmp: Path) -> Callable[..., Any]:
    """cli("lint", "a.md", input=..., env=...) through Typer's CliRunner."""
    from typer.testing import CliRunner

    from apologia.cli import app

    def _invoke(
        *args: str, input: str | bytes | None = None, env: dict[str, str] | None = None
    ) -> Any:
        return CliRunner().invoke(app, list(args), input=input, env=env)

    return _invoke


@pytest.fixture(scope="session")
def apologia_exe() -> str:
    """The installed `apologia` console script (next to this Python, else on PATH)."""
    name = "apologia.exe" if os.name == "nt" else "apologia"
    beside = Path(sys.executable).parent / name
    if beside.is_file():
        return str(beside)
    found = shutil.which("apologia")
    if found is None:
        pytest.fail("the apologia command is not installed; run pip install -e '.[test]'")
    return found


def _generator() -> Any:
    """benchmarks/letters.py, the benchmark's letter generator (not an importable package)."""
    path = REPO / "benchmarks" / "letters.py"
    spec = importlib.util.spec_from_file_location("apologia_bench_letters", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# generate(folder, n, seed) -> paths: a mixed en/es/ro set of letters written into folder
generate = _generator().generate
