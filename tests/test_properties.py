"""Property-based tests: generated hostile input through the real command-line entry point.

Every run must end with exit 0, 1 or 2, never a traceback; exit 2 always comes with
messages on stderr, one line each, that name the file. Examples are derandomized (the
same inputs on every run, no example database), so CI is reproducible. Scale the budget
with APOLOGIA_PROPERTY_SCALE (default 1.0; e.g. 0.2 for a quick run, 10 for a soak).
"""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from apologia.cli import app
from conftest import GOOD, sarif_schema_path
from test_incident_fixtures import filled_starter

SCALE = float(os.environ.get("APOLOGIA_PROPERTY_SCALE", "1"))

# Generated inputs and timing ratios: minutes, not seconds; `pytest -m "not slow"` skips them.
pytestmark = pytest.mark.slow


def budget(n: int) -> Any:
    return settings(
        max_examples=max(1, int(n * SCALE)),
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )


INCIDENT_TEXT = filled_starter()
INCIDENT: dict[str, Any] = yaml.safe_load(INCIDENT_TEXT)


@contextmanager
def workdir() -> Iterator[Path]:
    """A fresh empty folder as the working directory (no configuration file found)."""
    old = os.getcwd()
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)
        try:
            yield Path(tmp)
        finally:
            os.chdir(old)


ENV = {"GITHUB_ACTIONS": None, "NO_COLOR": "1", "FORCE_COLOR": None, "COLUMNS": "100"}


def invoke(*args: str, input: bytes | None = None) -> Any:
    return CliRunner().invoke(app, list(args), input=input, env=ENV)


def check_contract(result: Any, name: str, *, one_file: bool = True) -> None:
    """Exit 0/1/2, no traceback; on exit 2 every stderr line is one message naming `name`."""
    exc = result.exception
    assert exc is None or isinstance(exc, SystemExit), f"crashed: {exc!r}"
    assert result.exit_code in (0, 1, 2), result.exit_code
    out = result.stdout + result.stderr
    assert "Traceback (most recent call last)" not in out
    if result.exit_code == 2:
        lines = result.stderr.splitlines()
        assert lines, "exit 2 without a message"
        if one_file:
            assert len(lines) == 1, result.stderr
        for line in lines:
            assert line.startswith(f"apologia: {name}"), (name, line)


# --------------------------------------------------------------------------- pieces

# Every Unicode plane, control characters and surrogate-free code points alike.
any_char = st.characters(codec="utf-8")
any_text = st.text(any_char, max_size=60)
huge_text = st.builds(
    lambda c, n: c * n,
    st.sampled_from(["a", "é", "\u202e", "😀", " ", "{{"]),
    st.integers(1000, 60_000),
)
controls = st.text(st.characters(max_codepoint=0x9F, categories=["Cc"]), min_size=1, max_size=5)
texty = st.one_of(
    any_text,
    controls,
    huge_text,
    st.sampled_from(
        [
            "",
            " ",
            "\t",
            "~",
            "null",
            "yes",
            "2024-13-45",
            "0x1F",
            ".inf",
            "{{ 7*7 }}",
            "<!-- apologia-disable -->",
            "\x1b[31mred\x1b[0m",
            "../../etc/x",
            "a/b",
            "INC-1",
        ]
    ),
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    texty,
    st.dates(),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(texty, st.integers()), inner, max_size=4),
    ),
    max_leaves=12,
)


def deep(n: int) -> Any:
    out: Any = "x"
    for i in range(n):
        out = [out] if i % 2 else {"k": out}
    return out


KEY_PATHS = [
    ("apologia",),
    ("lang",),
    ("incident",),
    ("incident", "id"),
    ("incident", "title"),
    ("incident", "occurred"),
    ("incident", "severity"),
    ("incident", "within_our_control"),
    ("incident", "prior_incidents"),
    ("company",),
    ("company", "name"),
    ("company", "signer"),
    ("company", "contact"),
    ("customer",),
    ("customer", "name"),
    ("customer", "salutation"),
    ("customer", "formal"),
    ("impact",),
    ("value",),
    ("responsibility",),
    ("explanation",),
    ("explanation", "root_cause"),
    ("fix",),
    ("regret",),
    ("order",),
]


@st.composite
def mutated_incident(draw: Any) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(json.dumps(INCIDENT, default=str))
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(KEY_PATHS))
        parent: Any = doc
        for part in path[:-1]:
            parent = parent.get(part) if isinstance(parent, dict) else None
        if not isinstance(parent, dict):
            continue
        action = draw(st.sampled_from(["delete", "value", "text", "deep", "extra", "lang"]))
        key = path[-1]
        if action == "delete":
            parent.pop(key, None)
        elif action == "value":
            parent[key] = draw(values)
        elif action == "text":
            parent[key] = draw(texty)
        elif action == "deep":
            parent[key] = deep(draw(st.integers(1, 60)))
        elif action == "extra":
            parent[draw(texty)] = draw(values)
        else:
            parent[key] = {draw(st.sampled_from(["en", "es", "ro", "de"])): draw(texty)}
    if draw(st.booleans()):
        doc["lang"] = draw(st.sampled_from(["en", "es", "ro", ["en", "es"], ["ro"], "xx"]))
    return doc


def dump(doc: Any) -> bytes:
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False).encode("utf-8")


@st.composite
def mangled_bytes(draw: Any, base: bytes) -> bytes:
    """Byte-level damage: BOM, NUL, line endings, truncation, flips, inserted junk."""
    data = base
    for _ in range(draw(st.integers(0, 3))):
        op = draw(st.sampled_from(["bom", "nul", "crlf", "cr", "cut", "flip", "insert", "tab"]))
        pos = draw(st.integers(0, len(data)))
        if op == "bom":
            data = b"\xef\xbb\xbf" + data
        elif op == "nul":
            data = data[:pos] + b"\0" + data[pos:]
        elif op == "crlf":
            data = data.replace(b"\n", b"\r\n")
        elif op == "cr":
            data = data[:pos] + data[pos:].replace(b"\n", b"\r", 3)
        elif op == "cut":
            data = data[:pos]
        elif op == "flip" and data:
            i = min(pos, len(data) - 1)
            data = data[:i] + bytes([draw(st.integers(0, 255))]) + data[i + 1 :]
        elif op == "insert":
            junk = draw(
                st.sampled_from(
                    [
                        b"&a ",
                        b"*a",
                        b"!!python/object:os.system ",
                        b"- ",
                        b": ",
                        b"{",
                        b"[",
                        b"'",
                        b'"',
                        b"\t",
                        b"%YAML 1.1\n",
                        b"---\n",
                        b"...\n",
                        b"<<: *a\n",
                        b"? ",
                    ]
                )
            )
            data = data[:pos] + junk + data[pos:]
        elif op == "tab":
            data = data.replace(b"  ", b"\t", 1)
    return data


# --------------------------------------------------------------------------- incidents


@budget(300)
@given(doc=mutated_incident(), fmt=st.sampled_from(["md", "txt", "html", "eml"]))
def test_draft_survives_mutated_incident_files(doc: dict[str, Any], fmt: str) -> None:
    with workdir():
        Path("inc.yaml").write_bytes(dump(doc))
        result = invoke("draft", "inc.yaml", "--format", fmt)
        check_contract(result, "inc.yaml", one_file=False)
        if result.exit_code != 0:
            assert result.stdout == ""


@budget(300)
@given(data=st.data())
def test_draft_survives_damaged_incident_bytes(data: Any) -> None:
    base = INCIDENT_TEXT.encode("utf-8")
    raw = data.draw(st.one_of(mangled_bytes(base), st.binary(max_size=300)))
    with workdir():
        Path("inc.yaml").write_bytes(raw)
        check_contract(invoke("draft", "inc.yaml"), "inc.yaml", one_file=False)


@budget(200)
@given(doc=mutated_incident(), data=st.data())
def test_draft_to_out_dir_writes_all_or_nothing(doc: dict[str, Any], data: Any) -> None:
    doc["lang"] = data.draw(st.sampled_from(["en", ["en", "es"]]))
    doc.setdefault("incident", {})
    if isinstance(doc["incident"], dict) and data.draw(st.booleans()):
        doc["incident"]["id"] = data.draw(texty)
    with workdir() as tmp:
        Path("inc.yaml").write_bytes(dump(doc))
        result = invoke("draft", "inc.yaml", "--out-dir", "out")
        check_contract(result, "inc.yaml", one_file=False)
        written = sorted(p.relative_to(tmp).as_posix() for p in tmp.rglob("*") if p.is_file())
        outside = [w for w in written if w != "inc.yaml" and not w.startswith("out/")]
        assert outside == [], written
        letters = [w for w in written if w.startswith("out/")]
        if result.exit_code == 0:
            assert letters and all("/" not in w[4:] for w in letters)
            assert not any(Path(w).name.startswith(".") for w in letters), letters
        else:
            assert letters == []


# --------------------------------------------------------------------------- letters

LINE_END = st.sampled_from(["\n", "\r\n", "\r"])
MD_PIECES = st.sampled_from(
    [
        "---\n",
        "---\nlang: en\n",
        "---\nlang: [en\n---\n",
        "---\nlang: xx\n---\n",
        "---\n&a [1]\n---\n",
        "---\nprior_incidents: 3\n---\n",
        "...\n",
        "```\n",
        "~~~python\n",
        "    code\n",
        "<!--",
        "-->",
        "<!-- <!-- nested --> -->",
        "<!-- apologia-disable -->",
        "<!-- apologia-enable blame-shift -->",
        "<!-- apologia-disable-next-line x,y -->",
        "# ",
        "## Heading\n",
        "> ",
        "- ",
        "1. ",
        "* ",
        "| a | b |\n|---|---|\n",
        "[link](",
        "](http://x)",
        "<https://x>",
        "`",
        "``",
        "**",
        "__",
        "\\",
        "<b>",
        "</b>",
        "&amp;",
        "Dear Ms. Quinn,\n",
        "We are sorry.",
        "We have refunded the full price.",
        "Our courier lost it.",
        "Sincerely,\nDana\n",
        "P.S. ",
        "...",
        "Lo sentimos.",
        "Ne pare rău.",
        "\u200b",
        "\u202e",
        "\ufeff",
        "\x1b[2J",
        "\x07",
        "\x00",
        "\t",
        " " * 50,
        "\u0301",
        "ș",
        "ş",
        "İ",
        "ß",
        "😀",
        "\U000e0001",
        "\U0010fffd",
    ]
)


@st.composite
def letters(draw: Any) -> bytes:
    parts = draw(
        st.lists(
            st.one_of(MD_PIECES, any_text, LINE_END, st.sampled_from(list(GOOD.values()))),
            max_size=25,
        )
    )
    if draw(st.integers(0, 9)) == 0:
        parts.append(draw(st.sampled_from(["word ", "ab", "x"])) * draw(st.integers(2000, 40000)))
    text = "".join(parts)
    data = text.encode("utf-8", "surrogatepass")
    return draw(mangled_bytes(data)) if draw(st.booleans()) else data


@functools.cache
def sarif_validator() -> Any:
    path = sarif_schema_path()
    if path is None:
        return None
    import jsonschema

    schema = json.loads(path.read_text("utf-8"))
    return jsonschema.validators.validator_for(schema)(schema)


GITHUB_LINE = re.compile(
    r"::(error|warning) file=[^,:\r\n]*(,line=\d+(,col=\d+)?)?"
    r"(,endLine=\d+,endColumn=\d+,title=[^,:]+)?::[^\r\n]*"
)


def check_output(fmt: str, stdout: str) -> None:
    """Machine formats stay valid whatever the letter holds."""
    if fmt == "json":
        doc = json.loads(stdout)
        assert doc["summary"]["files"] == 1
    elif fmt == "sarif":
        doc = json.loads(stdout)
        validator = sarif_validator()
        if validator is not None:
            validator.validate(doc)
    elif fmt == "github":
        for line in stdout.splitlines():
            assert GITHUB_LINE.fullmatch(line), line
            assert line.isprintable(), line


@budget(400)
@given(
    data=letters(),
    fmt=st.sampled_from(["text", "json", "sarif", "github"]),
    name=st.sampled_from(["a.md", "a.txt", "b c.md", "ü%,:.md"]),
)
def test_lint_survives_any_letter(data: bytes, fmt: str, name: str) -> None:
    with workdir():
        Path(name).write_bytes(data)
        result = invoke("lint", name, "--format", fmt)
        check_contract(result, name)
        check_output(fmt, result.stdout)
        assert Path(name).read_bytes() == data  # lint never writes without --fix


@budget(150)
@given(data=letters())
def test_lint_survives_any_stdin(data: bytes) -> None:
    with workdir():
        result = invoke("lint", "-", "--format", "json", input=data)
        check_contract(result, "-")
        check_output("json", result.stdout)


@budget(250)
@given(data=letters(), crlf=st.booleans(), mode=st.sampled_from([0o644, 0o600, 0o664]))
def test_fix_never_loses_a_letter(data: bytes, crlf: bool, mode: int) -> None:
    if crlf:
        data = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    with workdir() as tmp:
        path = Path("a.md")
        path.write_bytes(data)
        path.chmod(mode)
        result = invoke("lint", "a.md", "--fix")
        check_contract(result, "a.md")
        after = path.read_bytes()
        assert [p.name for p in tmp.iterdir()] == ["a.md"]  # no temporary file left
        assert (path.stat().st_mode & 0o777) == mode
        if after != data:
            assert result.exit_code in (0, 1) and "fixed" in result.stderr
            assert after.count(b"\r\n") == data.count(b"\r\n")


# --------------------------------------------------------------------------- config


@budget(150)
@given(
    doc=st.dictionaries(
        st.sampled_from(["rules", "exclude", "templates", "lexicon", "max_file_size", "other"]),
        values,
        max_size=4,
    ),
    damage=st.booleans(),
    data=st.data(),
)
def test_lint_survives_any_configuration(doc: dict[str, Any], damage: bool, data: Any) -> None:
    raw = yaml.safe_dump(doc, allow_unicode=True).encode("utf-8")
    if damage:
        raw = data.draw(mangled_bytes(raw))
    with workdir():
        Path(".apologia.yaml").write_bytes(raw)
        Path("a.md").write_text(GOOD["en"], "utf-8")
        result = invoke("lint", "a.md")
        check_contract(result, ".apologia.yaml")


# --------------------------------------------------------------------------- templates

JINJA = st.sampled_from(
    [
        "{{ ",
        " }}",
        "{% ",
        " %}",
        "{# ",
        " #}",
        "{% for x in fix %}",
        "{% endfor %}",
        "{% if regret %}",
        "{% endif %}",
        "{{ title }}",
        "{{ offers[0] }}",
        "{{ company.name }}",
        "|money",
        "|longdate",
        "|and_list",
        "|squash",
        "|upper",
        "|center(99)",
        "*",
        "**",
        "(",
        ")",
        "'x'",
        "9" * 12,
        "range(",
        "loop.index",
        "{% macro m() %}{{ m() }}{% endmacro %}",
        "{{ m() }}",
        "{% set x = ",
        "{% include 'en/letter.md.j2' %}",
        "{% extends 'base.j2' %}",
        "__class__",
        ".",
        "[0]",
        "{% raw %}",
        "{% endraw %}",
        "namespace(",
        "{{ none.x }}",
    ]
)


@budget(250)
@given(parts=st.lists(st.one_of(JINJA, any_text), max_size=20))
def test_draft_survives_any_template(parts: list[str]) -> None:
    with workdir():
        Path("inc.yaml").write_text(INCIDENT_TEXT, "utf-8")
        Path("tpl/en").mkdir(parents=True)
        Path("tpl/en/letter.md.j2").write_text("".join(parts), "utf-8", errors="surrogatepass")
        result = invoke("draft", "inc.yaml", "--templates", "tpl")
        check_contract(result, "", one_file=False)
        if result.exit_code == 2:
            assert result.stderr.startswith(("apologia: tpl/", "apologia: templates"))


# --------------------------------------------------------------------------- real process


def test_console_script_on_hostile_inputs(apologia_exe: str, tmp_path: Path) -> None:
    """A few of the same inputs through the installed command, in a real process."""
    cases: list[tuple[list[str], str, Callable[[Path], None]]] = [
        (["lint", "a.md"], "a.md", lambda d: (d / "a.md").write_bytes(b"\xff\xfe\0bad")),
        (
            ["lint", "a.md"],
            "a.md",
            lambda d: (d / "a.md").write_bytes(b"---\nx: &a [1]\ny: [*a, *a]\n---\nHello.\n"),
        ),
        (
            ["draft", "i.yaml"],
            "i.yaml",
            lambda d: (d / "i.yaml").write_text("a: " + "[" * 3000 + "]" * 3000 + "\n"),
        ),
        (
            ["draft", "i.yaml"],
            "i.yaml",
            lambda d: (d / "i.yaml").write_bytes(
                INCIDENT_TEXT.encode() + b"\nlol: &a [x]\nlol2: [*a, *a]\n"
            ),
        ),
        (
            ["lint", "a.md", "--format", "sarif"],
            "",
            lambda d: (d / "a.md").write_text(
                GOOD["en"] + "\x1b]0;owned\x07 Our courier lost it.\n"
            ),
        ),
    ]
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    for args, name, setup in cases:
        setup(tmp_path)
        proc = subprocess.run(
            [apologia_exe, *args], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=60
        )
        assert proc.returncode in (0, 1, 2), (args, proc.returncode, proc.stderr)
        assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
        if proc.returncode == 2:
            lines = proc.stderr.splitlines()
            assert lines and all(ln.startswith(f"apologia: {name}") for ln in lines), lines
        if "sarif" in args:
            json.loads(proc.stdout)
