"""`apologia lint`, `rules`, `explain`, `--version` as a user runs them (spec/cli.md).

Most tests drive the Typer app with CliRunner and check stdout and stderr apart; the
ones at the end run the installed `apologia` command in a subprocess.
"""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest

from apologia import __version__
from conftest import BLAME, BLAME_LINE, GOOD, WARN, sarif_schema_path

RULE_IDS = {
    "regret-before-remedy",
    "blame-shift",
    "missing-step",
    "step-order",
    "non-apology",
    "minimizing",
    "passive-responsibility",
    "compensation-required",
    "repeat-not-acknowledged",
    "mixed-register",
    "ro-cedilla",
}
PLAIN_LINE = re.compile(
    r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning) "
    r"(?P<rule>[a-z-]+) (?P<msg>.+)$"
)


def problem_lines(stdout: str) -> list[tuple[str, int, str, str]]:
    """(path, line, severity, rule) of each `path:line:col: severity rule message` line."""
    out = []
    for line in stdout.splitlines():
        m = PLAIN_LINE.match(line)
        if m:
            out.append((m["path"], int(m["line"]), m["sev"], m["rule"]))
    return out


# --- exit codes and the plain text report ----------------------------------------------


def test_clean_letter_exits_0(cli: Any, write: Any) -> None:
    write("good.md", GOOD["en"])
    r = cli("lint", "good.md")
    assert r.exit_code == 0, r.stdout
    assert problem_lines(r.stdout) == []
    assert r.stderr == ""


def test_error_exits_1_with_plain_lines(cli: Any, write: Any) -> None:
    write("bad.md", BLAME)
    r = cli("lint", "bad.md")
    assert r.exit_code == 1
    assert problem_lines(r.stdout) == [("bad.md", BLAME_LINE, "error", "blame-shift")]
    assert r.stderr == ""
    assert "\x1b[" not in r.stdout  # not a terminal: no colour


def test_warnings_pass_unless_fail_on_warning(cli: Any, write: Any) -> None:
    write("warn.md", WARN)
    r = cli("lint", "warn.md")
    assert r.exit_code == 0
    assert problem_lines(r.stdout) == [("warn.md", 7, "warning", "minimizing")]
    assert cli("lint", "--fail-on", "warning", "warn.md").exit_code == 1
    assert cli("lint", "--fail-on", "error", "warn.md").exit_code == 0


def test_no_color_env_gives_plain_lines(cli: Any, write: Any) -> None:
    write("bad.md", BLAME)
    r = cli("lint", "bad.md", env={"NO_COLOR": "1", "TERM": "xterm-256color"})
    assert "\x1b[" not in r.stdout
    first = r.stdout.splitlines()[0]
    assert first.startswith(f"bad.md:{BLAME_LINE}:1: error blame-shift ")


def test_usage_errors_exit_2(cli: Any, write: Any) -> None:
    write("good.md", GOOD["en"])
    for args in (
        ["lint"],
        ["lint", "--format", "xml", "good.md"],
        ["lint", "--lang", "fr", "good.md"],
        ["lint", "--fail-on", "info", "good.md"],
        ["lint", "--bogus", "good.md"],
    ):
        r = cli(*args)
        assert r.exit_code == 2, args
        assert "Traceback" not in r.stdout + r.stderr
        assert r.stdout == ""


# --- bad input: one stderr line naming the file, exit 2, the batch goes on --------------

BAD_INPUTS = {
    "missing": (None, "missing.md", None),
    "empty-dir": (None, "emptydir", None),
    "not-utf8": (b"We have refunded you.\n\xff\xfe oops\n", "latin.md", 2),
    "binary": (b"We\x00have\x00refunded\n", "blob.md", 1),
    "unclosed-front-matter": (b"---\nlang: en\nWe have refunded you.\n", "open.md", 1),
    "malformed-front-matter": (b"---\nlang: [en\n---\nWe have refunded you.\n", "fm.md", None),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_exits_2_with_one_line(cli: Any, write: Any, in_tmp: Path, case: str) -> None:
    data, name, line = BAD_INPUTS[case]
    if case == "empty-dir":
        (in_tmp / name).mkdir()
        (in_tmp / name / "notes.rst").write_text("not a letter\n")
    elif data is not None:
        write(name, data)
    r = cli("lint", name)
    assert r.exit_code == 2
    assert "Traceback" not in r.stdout + r.stderr
    lines = r.stderr.splitlines()
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith(f"apologia: {name}")
    if line is not None:
        assert lines[0].startswith(f"apologia: {name}:{line}:") or lines[0].startswith(
            f"apologia: {name}:{line} "
        )


@pytest.mark.parametrize("data", [b"", b"  \n\n"])
def test_empty_file_is_skipped_not_a_tool_error(cli: Any, write: Any, data: bytes) -> None:
    write("empty.md", data)
    write("good.md", GOOD["en"])
    r = cli("lint", "empty.md", "good.md")
    assert r.exit_code == 0, r.stderr
    assert r.stderr == ""
    assert "empty.md: skipped: empty file, not judged" in r.stdout
    assert r.stdout.endswith("No problems in 2 files.\n")
    doc = json.loads(cli("lint", "--format", "json", "empty.md").stdout)
    assert doc["files"][0]["skipped"] == "empty file, not judged"


def test_missing_file_is_counted_as_unchecked(cli: Any, write: Any) -> None:
    write("good.md", GOOD["en"])
    r = cli("lint", "good.md", "goood.md")
    assert r.exit_code == 2
    assert r.stdout.endswith("No problems in 1 file; 1 file could not be checked.\n")
    assert r.stderr == "apologia: goood.md: no such file or directory\n"


def test_malformed_front_matter_names_a_front_matter_line(cli: Any, write: Any) -> None:
    write("fm.md", "---\nlang: en\nprior_incidents: [INC-1\n---\nWe have refunded you.\n")
    r = cli("lint", "fm.md")
    assert r.exit_code == 2
    m = re.match(r"apologia: fm\.md:(\d+)", r.stderr)
    assert m and 2 <= int(m.group(1)) <= 4, r.stderr


def test_batch_judges_the_other_files(cli: Any, write: Any) -> None:
    write("a-good.md", GOOD["en"])
    write("b-bad.md", BLAME)
    write("c-broken.md", b"\xff\xfe\n")
    r = cli("lint", "a-good.md", "missing.md", "b-bad.md", "c-broken.md")
    assert r.exit_code == 2  # some input could not be judged
    assert ("b-bad.md", BLAME_LINE, "error", "blame-shift") in problem_lines(r.stdout)
    err = r.stderr.splitlines()
    assert len(err) == 2
    assert any(e.startswith("apologia: missing.md") for e in err)
    assert any(e.startswith("apologia: c-broken.md") for e in err)
    j = cli("lint", "--format", "json", "a-good.md", "missing.md", "b-bad.md")
    assert j.exit_code == 2
    doc = json.loads(j.stdout)
    by_path = {f["path"]: f for f in doc["files"]}
    assert [p["rule"] for p in by_path["b-bad.md"]["problems"]] == ["blame-shift"]
    assert by_path["a-good.md"]["problems"] == []


# --- paths: stdin, folders, exclude -----------------------------------------------------


def test_stdin(cli: Any) -> None:
    r = cli("lint", "-", input=BLAME)
    assert r.exit_code == 1
    assert [(ln, rule) for _, ln, _, rule in problem_lines(r.stdout)] == [
        (BLAME_LINE, "blame-shift")
    ]
    assert cli("lint", "-", input=GOOD["es"]).exit_code == 0


def test_stdin_empty_is_bad_input(cli: Any) -> None:
    r = cli("lint", "-", input="")
    assert r.exit_code == 2
    assert len(r.stderr.splitlines()) == 1
    assert "Traceback" not in r.stderr


def test_directory_recurses_letter_formats_only(cli: Any, write: Any) -> None:
    write("letters/a.md", GOOD["en"])
    write("letters/sub/b.txt", BLAME)
    write("letters/sub/c.rst", BLAME)
    write("letters/notes.html", BLAME)
    r = cli("lint", "--format", "json", "letters")
    assert r.exit_code == 1
    paths = sorted(Path(f["path"]).as_posix() for f in json.loads(r.stdout)["files"])
    assert paths == ["letters/a.md", "letters/notes.html", "letters/sub/b.txt"]


def test_exclude_from_config_is_honoured(cli: Any, write: Any) -> None:
    write("letters/a.md", GOOD["en"])
    write("letters/drafts/b.md", BLAME)
    write(".apologia.yaml", "exclude:\n  - letters/drafts/\n")
    r = cli("lint", "letters")
    assert r.exit_code == 0, r.stdout
    assert "drafts" not in r.stdout


# --- language --------------------------------------------------------------------------


def test_lang_option_and_front_matter(cli: Any, write: Any) -> None:
    write("es.md", GOOD["es"])
    doc = json.loads(cli("lint", "--format", "json", "es.md").stdout)
    assert doc["files"][0]["lang"] == "es"
    # --lang en judges the Spanish letter with English cues: its steps are not found,
    # not even its regret, so it is not taken for an apology
    r = cli("lint", "--format", "json", "--lang", "en", "es.md")
    entry = json.loads(r.stdout)["files"][0]
    assert (entry["lang"], entry["steps"], entry.get("apology")) == ("en", [], False)
    # front matter wins over --lang
    write("fm.md", "---\nlang: es\n---\n" + GOOD["es"])
    r = cli("lint", "--format", "json", "--lang", "en", "fm.md")
    assert json.loads(r.stdout)["files"][0]["lang"] == "es"
    assert r.exit_code == 0


# --- JSON ------------------------------------------------------------------------------


def test_json_shape(cli: Any, write: Any) -> None:
    write("x.md", "---\nlang: en\nincident: INC-1\n---\n" + BLAME)
    r = cli("lint", "--format", "json", "x.md")
    assert r.exit_code == 1
    doc = json.loads(r.stdout)
    assert doc["tool"] == {"name": "apologia", "version": __version__}
    assert doc["summary"] == {"files": 1, "errors": 1, "warnings": 0}
    [f] = doc["files"]
    assert f["path"] == "x.md"
    assert f["lang"] == "en"
    # steps: every classified passage, document order, lines in the file (+4 front matter)
    assert [(s["step"], s["line"]) for s in f["steps"]] == [
        ("value", 7),
        ("responsibility", 8),
        ("explanation", 9),
        ("fix", 10),
        ("regret", 12),
    ]
    [p] = f["problems"]
    assert p["rule"] == "blame-shift"
    assert p["severity"] == "error"
    assert p["line"] == BLAME_LINE + 4
    assert p["column"] == 1
    assert p["end_line"] >= p["line"]
    assert p["end_column"] > p["column"]
    assert isinstance(p["message"], str) and p["message"]
    assert "step" in p
    assert r.stderr == ""


def test_json_counts_warnings(cli: Any, write: Any) -> None:
    write("w.md", WARN)
    write("g.md", GOOD["ro"])
    doc = json.loads(cli("lint", "--format", "json", "w.md", "g.md").stdout)
    assert doc["summary"] == {"files": 2, "errors": 0, "warnings": 1}
    assert doc["files"][0]["problems"][0]["severity"] == "warning"


# --- SARIF -----------------------------------------------------------------------------


def _sarif_validator() -> Any:
    path = sarif_schema_path()
    if path is None:
        pytest.skip("SARIF schema not found in ../shared/spec/")
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(path.read_text(encoding="utf-8"))
    if "properties" not in schema and "Root" in schema.get("definitions", {}):
        schema = {**schema, "$ref": "#/definitions/Root"}
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema)


def test_sarif_is_valid_and_complete(cli: Any, write: Any) -> None:
    validator = _sarif_validator()
    write("letters/bad.md", BLAME)
    write("letters/warn.md", WARN)
    r = cli("lint", "--format", "sarif", "letters")
    assert r.exit_code == 1
    doc = json.loads(r.stdout)
    assert sorted(validator.iter_errors(doc), key=str) == []
    assert list(validator.iter_errors({**doc, "runs": "nope"}))  # the validator can fail
    [run] = doc["runs"]
    assert run["tool"]["driver"]["name"] == "apologia"
    rules = run["tool"]["driver"]["rules"]
    assert {x["id"] for x in rules} == RULE_IDS
    assert all(x.get("shortDescription", {}).get("text") for x in rules)
    assert all("helpUri" in x or "help" in x for x in rules)
    found = {
        (
            x["ruleId"],
            x["level"],
            x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            x["locations"][0]["physicalLocation"]["region"]["startLine"],
        )
        for x in run["results"]
    }
    assert found == {
        ("blame-shift", "error", "letters/bad.md", BLAME_LINE),
        ("minimizing", "warning", "letters/warn.md", 7),
    }
    for x in run["results"]:
        assert x["locations"][0]["physicalLocation"]["region"]["startColumn"] >= 1


# --- GitHub ----------------------------------------------------------------------------


def test_github_format_and_escaping(cli: Any, write: Any) -> None:
    # A path with ',' and ':' and a message quoting text with '%' must be escaped.
    name = "a,b:c.md"
    write(
        name,
        GOOD["en"].replace(
            "We are sorry.\n", "Our courier at 100% load lost your lamp.\nWe are sorry.\n"
        ),
    )
    r = cli("lint", "--format", "github", name)
    assert r.exit_code == 1
    [line] = [ln for ln in r.stdout.splitlines() if ln.startswith("::")]
    m = re.match(
        r"^::error file=([^,]*),line=(\d+),col=(\d+),endLine=(\d+),endColumn=(\d+),"
        r"title=blame-shift::(.*)$",
        line,
    )
    assert m, line
    assert m.group(1) == "a%2Cb%3Ac.md"
    assert m.group(2) == "7"
    message = m.group(6)
    assert "100%25 load" in message  # '%' in the quoted text is escaped as %25
    assert "%" not in message.replace("%25", "")


def test_github_warning_command(cli: Any, write: Any) -> None:
    write("w.md", WARN)
    r = cli("lint", "--format", "github", "w.md")
    assert r.stdout.startswith("::warning file=w.md,line=7,")
    assert "title=minimizing::" in r.stdout


def test_github_actions_env_selects_github_format(cli: Any, write: Any) -> None:
    write("bad.md", BLAME)
    r = cli("lint", "bad.md", env={"GITHUB_ACTIONS": "true"})
    assert r.exit_code == 1
    assert r.stdout.startswith(f"::error file=bad.md,line={BLAME_LINE},")
    # an explicit --format still wins
    r = cli("lint", "--format", "json", "bad.md", env={"GITHUB_ACTIONS": "true"})
    assert json.loads(r.stdout)["summary"]["errors"] == 1


# --- suppression and configuration ------------------------------------------------------


def test_suppression_comment(cli: Any, write: Any) -> None:
    write(
        "s.md",
        BLAME.replace(
            "Our courier also", "<!-- apologia-disable-next-line blame-shift -->\nOur courier also"
        ),
    )
    r = cli("lint", "s.md")
    assert r.exit_code == 0, r.stdout
    assert problem_lines(r.stdout) == []


@pytest.mark.parametrize("kind", ["yaml", "pyproject"])
def test_config_discovered_walking_up(
    cli: Any, write: Any, in_tmp: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    if kind == "yaml":
        write(".apologia.yaml", "rules:\n  blame-shift: warning\n")
    else:
        write("pyproject.toml", '[tool.apologia]\nrules = { blame-shift = "off" }\n')
    write("deep/er/bad.md", BLAME)
    monkeypatch.chdir(in_tmp / "deep" / "er")
    r = cli("lint", "bad.md")
    assert r.exit_code == 0, r.stdout
    expected = [("bad.md", BLAME_LINE, "warning", "blame-shift")] if kind == "yaml" else []
    assert problem_lines(r.stdout) == expected


def test_explicit_config_wins(cli: Any, write: Any) -> None:
    write(".apologia.yaml", "rules:\n  blame-shift: off\n")
    write("strict.yaml", "rules:\n  minimizing: error\n")
    write("bad.md", BLAME)
    write("warn.md", WARN)
    assert cli("lint", "bad.md").exit_code == 0
    r = cli("lint", "--config", "strict.yaml", "bad.md", "warn.md")
    assert r.exit_code == 1
    assert ("warn.md", 7, "error", "minimizing") in problem_lines(r.stdout)
    assert ("bad.md", BLAME_LINE, "error", "blame-shift") in problem_lines(r.stdout)


@pytest.mark.parametrize(
    "config",
    [
        "rules:\n  blame-shift: loud\n",
        "rules:\n  no-such-rule: off\n",
        "rules: [\n",
        "surprise: 1\n",
    ],
    ids=["bad-severity", "unknown-rule", "bad-yaml", "unknown-key"],
)
def test_bad_config_exits_2(cli: Any, write: Any, config: str) -> None:
    write(".apologia.yaml", config)
    write("good.md", GOOD["en"])
    r = cli("lint", "good.md")
    assert r.exit_code == 2
    assert r.stderr.startswith("apologia: .apologia.yaml")
    assert len(r.stderr.splitlines()) == 1
    assert "Traceback" not in r.stderr


def test_missing_explicit_config_exits_2(cli: Any, write: Any) -> None:
    write("good.md", GOOD["en"])
    r = cli("lint", "--config", "nope.yaml", "good.md")
    assert r.exit_code == 2
    assert "nope.yaml" in r.stderr


# --- --fix -----------------------------------------------------------------------------

CEDILLA = (
    "Stimată doamnă Ionescu,\r\n"
    "\r\n"
    "V-am rambursat integral preţul lămpii.\r\n"
    "Culoarea greşită a fost greșeala noastră.\r\n"
    "S-a întâmplat pentru că două cutii din depozit aveau etichetele inversate.\r\n"
    "Am introdus o verificare a etichetelor la masa de ambalare.\r\n"
    "Ne pare rău.\r\n"
)


def test_fix_repairs_cedillas_only(cli: Any, write: Any, in_tmp: Path) -> None:
    path = write("ro.md", CEDILLA)
    os.chmod(path, 0o640)
    before = path.read_bytes()
    r = cli("lint", "ro.md")
    assert r.exit_code == 1
    assert [(ln, rule) for _, ln, _, rule in problem_lines(r.stdout)] == [
        (3, "ro-cedilla"),
        (4, "ro-cedilla"),
    ]
    assert path.read_bytes() == before  # no --fix, no change

    r = cli("lint", "--fix", "ro.md")
    assert r.exit_code == 0, r.stdout
    after = path.read_bytes()
    expected = before.replace("ţ".encode(), "ț".encode()).replace("ş".encode(), "ș".encode())
    assert after == expected  # every other byte, CRLF included, is unchanged
    assert b"\r\n" in after and after.count(b"\n") == after.count(b"\r\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in in_tmp.iterdir()) == ["ro.md"]  # no temporary left behind
    assert cli("lint", "ro.md").exit_code == 0


def test_fix_leaves_unfixable_problems_and_other_files(cli: Any, write: Any) -> None:
    bad = write("bad.md", BLAME)
    good = write("good.md", GOOD["ro"])
    before_bad, before_good = bad.read_bytes(), good.read_bytes()
    good_mtime = good.stat().st_mtime_ns
    r = cli("lint", "--fix", "bad.md", "good.md")
    assert r.exit_code == 1
    assert bad.read_bytes() == before_bad
    assert good.read_bytes() == before_good
    assert good.stat().st_mtime_ns == good_mtime


def test_fix_on_stdin_writes_nothing(cli: Any, in_tmp: Path) -> None:
    # stdin cannot be rewritten: the problem is still reported, and nothing is written
    r = cli("lint", "--fix", "-", input="Vă mulţumim.\n")
    assert "Traceback" not in r.stdout + r.stderr
    assert r.exit_code == 1
    assert ("-", 1, "error", "ro-cedilla") in problem_lines(r.stdout)
    assert list(Path.cwd().iterdir()) == []


# --- rules, explain, --version ---------------------------------------------------------


def test_rules_json_lists_all_eleven(cli: Any) -> None:
    r = cli("rules", "--format", "json")
    assert r.exit_code == 0
    rows = json.loads(r.stdout)["rules"]
    assert [x["id"] for x in rows] == sorted(RULE_IDS, key=[x["id"] for x in rows].index)
    assert {x["id"] for x in rows} == RULE_IDS
    assert {x["id"]: x["severity"] for x in rows}["step-order"] == "warning"


def test_rules_text_lists_every_id(cli: Any) -> None:
    r = cli("rules")
    assert r.exit_code == 0
    assert {line.split()[0] for line in r.stdout.splitlines() if line.strip()} == RULE_IDS


def test_explain_known_rule(cli: Any) -> None:
    r = cli("explain", "blame-shift")
    assert r.exit_code == 0
    assert r.stdout.startswith("blame-shift (error)")
    assert "Bad (es):" in r.stdout and "Good (ro):" in r.stdout


def test_explain_unknown_rule_lists_ids(cli: Any) -> None:
    r = cli("explain", "blame-shit")
    assert r.exit_code == 2
    assert r.stdout == ""
    assert len(r.stderr.splitlines()) == 1
    assert all(rule in r.stderr for rule in RULE_IDS)


def test_version(cli: Any) -> None:
    r = cli("--version")
    assert r.exit_code == 0
    assert r.stdout == f"apologia {__version__}\n"


# --- the installed command --------------------------------------------------------------


def _run(
    exe: str, *args: str, cwd: Path, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("GITHUB_ACTIONS", "NO_COLOR", "FORCE_COLOR")
    }
    full_env.update(env or {})
    return subprocess.run(
        [exe, *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=60,
        check=False,
    )


def test_installed_command_end_to_end(apologia_exe: str, write: Any, in_tmp: Path) -> None:
    write("good.md", GOOD["ro"])
    write("bad.md", BLAME)
    ok = _run(apologia_exe, "lint", "good.md", cwd=in_tmp)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    bad = _run(apologia_exe, "lint", "bad.md", cwd=in_tmp)
    assert bad.returncode == 1
    assert bad.stdout.splitlines()[0].startswith(f"bad.md:{BLAME_LINE}:1: error blame-shift ")
    assert bad.stderr == ""
    piped = _run(apologia_exe, "lint", "-", cwd=in_tmp, stdin=BLAME)
    assert piped.returncode == 1
    gh = _run(apologia_exe, "lint", "bad.md", cwd=in_tmp, env={"GITHUB_ACTIONS": "true"})
    assert gh.stdout.startswith("::error file=bad.md,")
    version = _run(apologia_exe, "--version", cwd=in_tmp)
    assert (version.returncode, version.stdout) == (0, f"apologia {__version__}\n")


def test_installed_command_bad_input_has_no_traceback(
    apologia_exe: str, write: Any, in_tmp: Path
) -> None:
    write("latin.md", b"Le hemos reembolsado el pedido\xf1.\n")
    write("bad.md", BLAME)
    r = _run(apologia_exe, "lint", "latin.md", "missing.md", "bad.md", cwd=in_tmp)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    assert sorted(r.stderr.splitlines()) == sorted(
        [
            ln
            for ln in r.stderr.splitlines()
            if ln.startswith(("apologia: latin.md:1", "apologia: missing.md"))
        ]
    )
    assert len(r.stderr.splitlines()) == 2
    assert f"bad.md:{BLAME_LINE}:1: error blame-shift" in r.stdout
    usage = _run(apologia_exe, "lint", "--format", "xml", "bad.md", cwd=in_tmp)
    assert usage.returncode == 2 and "Traceback" not in usage.stderr
    explain = _run(apologia_exe, "explain", "nope", cwd=in_tmp)
    assert explain.returncode == 2 and "blame-shift" in explain.stderr


def test_python_dash_m_works(write: Any, in_tmp: Path) -> None:
    import sys

    write("bad.md", BLAME)
    r = subprocess.run(
        [sys.executable, "-m", "apologia", "lint", "bad.md"],
        cwd=in_tmp,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert r.returncode == 1
    assert f"bad.md:{BLAME_LINE}:1: error blame-shift" in r.stdout


# --- the shipped examples that the README lints -----------------------------------------


def test_shipped_example_letters_pass_and_the_bad_one_fails(cli: Any) -> None:
    from conftest import REPO

    letters = REPO / "examples" / "letters"
    bad = REPO / "examples" / "bad"
    if not letters.is_dir():
        pytest.skip("examples/letters is not in this checkout")
    r = cli("lint", str(letters))
    assert r.exit_code == 0, r.stdout + r.stderr
    assert len(json.loads(cli("lint", "--format", "json", str(letters)).stdout)["files"]) >= 3
    r = cli("lint", str(bad))
    assert r.exit_code == 1
    assert {rule for *_, rule in problem_lines(r.stdout)} >= {
        "blame-shift",
        "minimizing",
        "passive-responsibility",
        "regret-before-remedy",
    }


def test_unknown_rule_id_in_a_suppression_comment_is_a_warning(cli: Any, write: Any) -> None:
    write(
        "s.md",
        BLAME.replace(
            "Our courier", "<!-- apologia-disable-next-line blame-shfit -->\nOur courier"
        ),
    )
    r = cli("lint", "--quiet", "s.md")
    assert r.exit_code == 1  # the misspelt id hides nothing
    assert f"s.md:{BLAME_LINE + 1}:1: error blame-shift" in r.stdout
    assert r.stderr == (
        f"apologia: s.md:{BLAME_LINE}: warning: unknown rule id 'blame-shfit' in a "
        "suppression comment; did you mean 'blame-shift'?\n"
    )
    gh = cli("lint", "--format", "github", "s.md")
    assert f"::warning file=s.md,line={BLAME_LINE}::unknown rule id 'blame-shfit'" in gh.stdout
