"""CI and editor integration: check-drafts, the pre-commit hooks, the GitHub Action,
the examples/ci files and the automatic `github` format."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import BLAME, BLAME_LINE, GOOD, REPO, WARN, git

Cli = Any
INCIDENT = REPO / "examples" / "incidents" / "voltaj-instalare-ratata.yaml"  # ro and en
ID = "INC-2025-007"


# --- check-drafts ----------------------------------------------------------------------


@pytest.fixture
def drafted(cli: Cli, in_tmp: Path) -> Path:
    """incidents/voltaj.yaml with its two letters freshly drafted into letters/."""
    (in_tmp / "incidents").mkdir()
    shutil.copy(INCIDENT, in_tmp / "incidents" / "voltaj.yaml")
    r = cli("draft", "incidents/voltaj.yaml", "--lang", "all", "--out-dir", "letters")
    assert r.exit_code == 0, r.stderr
    return in_tmp


def test_fresh_letters_pass(cli: Cli, drafted: Path) -> None:
    r = cli("check-drafts", "incidents/voltaj.yaml", "--letters", "letters")
    assert (r.exit_code, r.stdout) == (0, "")
    assert r.stderr == "apologia: 3 letters up to date\n"


def test_stale_letter_fails_with_a_diff(cli: Cli, drafted: Path) -> None:
    letter = drafted / "letters" / f"{ID}.en.md"
    letter.write_text(letter.read_text("utf-8").replace("\n", "\nAn added line.\n", 1), "utf-8")
    r = cli("check-drafts", "incidents/voltaj.yaml", "--letters", "letters")
    assert r.exit_code == 1
    assert f"--- letters/{ID}.en.md\n" in r.stdout and "\n-An added line.\n" in r.stdout
    assert f"letters/{ID}.en.md: stale" in r.stderr
    assert f"{ID}.ro.md" not in r.stdout + r.stderr  # the fresh one is not reported


def test_missing_letter_fails_unless_allowed(cli: Cli, drafted: Path) -> None:
    (drafted / "letters" / f"{ID}.ro.md").unlink()
    r = cli("check-drafts", "incidents/voltaj.yaml", "--letters", "letters")
    assert r.exit_code == 1 and r.stdout == ""
    assert r.stderr == (
        f"apologia: incidents/voltaj.yaml: no ro letter (letters/{ID}.ro.md); draft it with: "
        "apologia draft incidents/voltaj.yaml --lang ro --out-dir letters\n"
    )
    allowed = cli(
        "check-drafts", "incidents/voltaj.yaml", "--letters", "letters", "--allow-missing"
    )
    assert allowed.exit_code == 0 and "2 letters up to date" in allowed.stderr


def test_letters_beside_the_incident_in_any_format(cli: Cli, drafted: Path) -> None:
    r = cli(
        "draft",
        "incidents/voltaj.yaml",
        "--lang",
        "ro",
        "--format",
        "txt",
        "--out-dir",
        "incidents",
    )
    assert r.exit_code == 0, r.stderr
    ok = cli("check-drafts", "incidents/voltaj.yaml", "--allow-missing")
    assert ok.exit_code == 0 and "1 letter up to date" in ok.stderr
    txt = drafted / "incidents" / f"{ID}.ro.txt"
    txt.write_text(txt.read_text("utf-8") + "P.S.\n", "utf-8")
    stale = cli("check-drafts", "incidents/voltaj.yaml", "--allow-missing")
    assert stale.exit_code == 1 and f"{ID}.ro.txt: stale" in stale.stderr


def test_a_broken_incident_exits_2_and_the_others_are_still_checked(
    cli: Cli, drafted: Path
) -> None:
    (drafted / "incidents" / "broken.yaml").write_text("apologia: [\n", "utf-8")
    (drafted / "letters" / f"{ID}.ro.md").write_text("old\n", "utf-8")
    r = cli(
        "check-drafts", "incidents/broken.yaml", "incidents/voltaj.yaml", "--letters", "letters"
    )
    assert r.exit_code == 2
    lines = r.stderr.splitlines()
    assert lines[0].startswith("apologia: incidents/broken.yaml:")
    assert f"apologia: letters/{ID}.ro.md: stale" in r.stderr  # still judged
    assert "Traceback" not in r.stderr


def test_letters_folder_must_exist(cli: Cli, drafted: Path) -> None:
    r = cli("check-drafts", "incidents/voltaj.yaml", "--letters", "nowhere")
    assert r.exit_code == 2
    assert r.stderr == "apologia: nowhere: --letters: no such folder\n"


# --- the github format is chosen by itself on GitHub Actions ---------------------------


def test_github_actions_selects_annotations_and_format_text_wins(cli: Cli, write: Any) -> None:
    write("bad.md", BLAME)
    auto = cli("lint", "bad.md", env={"GITHUB_ACTIONS": "true"})
    assert auto.exit_code == 1
    assert auto.stdout.startswith(f"::error file=bad.md,line={BLAME_LINE},col=1,")
    assert all(line.startswith("::") for line in auto.stdout.splitlines())
    text = cli("lint", "--format", "text", "bad.md", env={"GITHUB_ACTIONS": "true"})
    assert text.stdout.startswith(f"bad.md:{BLAME_LINE}:1: error blame-shift ")
    assert "::error" not in text.stdout
    elsewhere = cli("lint", "bad.md", env={"GITHUB_ACTIONS": "false"})
    assert elsewhere.stdout.startswith(f"bad.md:{BLAME_LINE}:1: ")


# --- the pre-commit hook manifest ------------------------------------------------------

HOOK_KEYS = {"id", "name", "entry", "language", "pass_filenames"}


def _hooks() -> dict[str, dict[str, Any]]:
    data = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert isinstance(data, list)
    return {h["id"]: h for h in data}


def test_hook_manifest_structure() -> None:
    hooks = _hooks()
    assert set(hooks) == {"apologia-lint", "apologia-draft-check"}
    for hook in hooks.values():
        assert hook.keys() >= HOOK_KEYS
        assert hook["language"] == "python" and hook["pass_filenames"] is True
        assert "files" in hook or "types" in hook or "types_or" in hook
    assert hooks["apologia-lint"]["entry"] == "apologia lint"
    assert hooks["apologia-draft-check"]["entry"] == "apologia check-drafts"
    # File names follow `--`: pre-commit appends them after `args`.
    assert all(hook["args"][-1:] == ["--"] for hook in hooks.values())


def _example_args() -> dict[str, list[str]]:
    config = yaml.safe_load((EXAMPLES_CI / ".pre-commit-config.yaml").read_text("utf-8"))
    hooks = _hooks()
    return {h["id"]: h.get("args", hooks[h["id"]]["args"]) for h in config["repos"][0]["hooks"]}


@pytest.mark.parametrize("source", ["manifest", "example config"])
def test_a_file_named_like_an_option_is_a_file_to_the_hook(
    tmp_path: Path, apologia_exe: str, source: str
) -> None:
    """The argv pre-commit builds (entry, args, file names) with a file named
    `--config=cfg.md`: read as a letter, never as the option that would switch rules off."""
    import shlex

    hook = _hooks()["apologia-lint"]
    args = hook["args"] if source == "manifest" else _example_args()["apologia-lint"]
    (tmp_path / "cfg.md").write_text("rules:\n  blame-shift: off\n", "utf-8")
    (tmp_path / "--config=cfg.md").write_text(BLAME, "utf-8")
    (tmp_path / "bad.md").write_text(BLAME, "utf-8")
    argv = [*shlex.split(hook["entry"]), *args, "--config=cfg.md", "bad.md"]
    argv[0] = apologia_exe
    done = subprocess.run(argv, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"bad.md:{BLAME_LINE}:1: error blame-shift" in done.stdout
    assert f"--config=cfg.md:{BLAME_LINE}:1: error blame-shift" in done.stdout


def test_every_example_hook_ends_its_args_with_a_double_dash() -> None:
    assert all(args[-1:] == ["--"] for args in _example_args().values())


def test_hook_file_patterns() -> None:
    import re

    hooks = _hooks()
    letters = re.compile(hooks["apologia-lint"]["files"])
    assert [bool(letters.search(n)) for n in ("a.md", "d/B.TXT", "a.py", "a.md.j2")] == [
        True,
        True,
        False,
        False,
    ]
    incidents = re.compile(hooks["apologia-draft-check"]["files"])
    assert [
        bool(incidents.search(n))
        for n in (
            "incidents/a.yaml",
            "x/incidents/b.yml",
            ".github/workflows/ci.yaml",
            ".apologia.yaml",
        )
    ] == [True, True, False, False]


def test_hook_manifest_is_valid_for_pre_commit() -> None:
    clientlib = pytest.importorskip("pre_commit.clientlib")
    clientlib.load_manifest(str(REPO / ".pre-commit-hooks.yaml"))  # raises when invalid


@pytest.mark.skipif(
    os.environ.get("APOLOGIA_TRY_REPO") != "1",
    reason="slow, installs apologia with pip: set APOLOGIA_TRY_REPO=1",
)
def test_pre_commit_try_repo(tmp_path: Path) -> None:
    """The real thing: pre-commit installs this repository's HEAD and runs the hooks.

    A clone of HEAD, not the working tree: try-repo would also pick up uncommitted work.
    """
    exe = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
    if not Path(exe).exists():
        pytest.skip("pre-commit is not installed")
    letters = tmp_path / "letters"
    letters.mkdir()
    (letters / "good.md").write_text(GOOD["es"], "utf-8")
    git(letters, "init", "-q")
    git(letters, "add", ".")
    git(letters, "commit", "-qm", "letters")
    source = tmp_path / "apologia"
    git(tmp_path, "clone", "-q", str(REPO), str(source))
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    env.pop("GITHUB_ACTIONS", None)

    def try_repo() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [exe, "try-repo", str(source), "apologia-lint", "--all-files"],
            cwd=letters,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )

    clean = try_repo()
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "apologia lint" in clean.stdout and "Passed" in clean.stdout
    (letters / "bad.md").write_text(BLAME, "utf-8")
    git(letters, "add", "bad.md")
    blamed = try_repo()
    assert blamed.returncode == 1
    assert "Failed" in blamed.stdout
    assert f"bad.md:{BLAME_LINE}:1: error blame-shift" in blamed.stdout
    # A file named like an option is a letter, not `--config` switching the rule off.
    (letters / "bad.md").write_text(GOOD["en"], "utf-8")
    (letters / "cfg.md").write_text("rules:\n  blame-shift: off\n", "utf-8")
    (letters / "--config=cfg.md").write_text(BLAME, "utf-8")
    git(letters, "add", "--", "bad.md", "cfg.md", "--config=cfg.md")
    injected = try_repo()
    assert injected.returncode == 1, injected.stdout
    assert f"--config=cfg.md:{BLAME_LINE}:1: error blame-shift" in injected.stdout


# --- the GitHub Action -----------------------------------------------------------------


def _action() -> dict[str, Any]:
    data = yaml.safe_load((REPO / "action.yml").read_text("utf-8"))
    assert isinstance(data, dict)
    return data


def test_action_structure() -> None:
    action = _action()
    assert action["name"] and action["description"]
    assert {"paths", "fail-on", "format", "version"} <= action["inputs"].keys()
    for spec in action["inputs"].values():
        assert spec["description"] and "default" in spec
    assert action["runs"]["using"] == "composite"
    for step in action["runs"]["steps"]:
        assert ("run" in step) != ("uses" in step)
        if "run" in step:
            assert step["shell"] == "bash"
            assert "${{" not in step["run"]  # inputs arrive as env variables only
    assert action["outputs"]["report"]["value"] == "${{ steps.lint.outputs.report }}"


def _run_lint_step(
    cwd: Path, tmp: Path, env_extra: dict[str, str] | None = None, **inputs: str
) -> tuple[Any, dict[str, str]]:
    """Run the action's lint step as the runner would (bash -eo pipefail)."""
    step = next(s for s in _action()["runs"]["steps"] if s.get("id") == "lint")
    script = tmp / "lint-step.sh"
    script.write_text(step["run"], "utf-8")
    outputs = tmp / "github-output"
    outputs.write_text("")
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    env.update(
        {
            "APOLOGIA_PYTHON": sys.executable,
            "RUNNER_TEMP": str(tmp),
            "GITHUB_OUTPUT": str(outputs),
            "INPUT_PATHS": ".",
            "INPUT_CHANGED": "",
            "INPUT_FAIL_ON": "error",
            "INPUT_FORMAT": "github",
            "INPUT_BASELINE": "",
        }
    )
    env.update({f"INPUT_{k.upper()}": v for k, v in inputs.items()})
    env.update(env_extra or {})
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    pairs = dict(line.split("=", 1) for line in outputs.read_text().splitlines())
    return done, pairs


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    ws = tmp_path / "workspace"
    (ws / "letters").mkdir(parents=True)
    (ws / "letters" / "good.md").write_text(GOOD["ro"], "utf-8")
    (ws / "letters" / "bad.md").write_text(BLAME, "utf-8")
    (ws / "notes").mkdir()
    (ws / "notes" / "warn.md").write_text(WARN, "utf-8")
    return ws


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_action_annotates(workspace: Path, tmp_path: Path) -> None:
    done, outputs = _run_lint_step(workspace, tmp_path, paths="letters/good.md\nletters/bad.md")
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()  # good.md has nothing to say
    assert lines and all(ln.startswith("::error file=letters/bad.md,") for ln in lines)
    assert outputs == {"report": ""}
    # warnings alone pass with fail-on error, fail with fail-on warning
    ok, _ = _run_lint_step(workspace, tmp_path, paths="notes")
    assert ok.returncode == 0 and ok.stdout.startswith("::warning file=notes/warn.md,")
    strict, _ = _run_lint_step(workspace, tmp_path, paths="notes", fail_on="warning")
    assert strict.returncode == 1


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_action_writes_sarif_to_the_report_output(workspace: Path, tmp_path: Path) -> None:
    summary = tmp_path / "step-summary.md"
    on_runner = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    done, outputs = _run_lint_step(
        workspace, tmp_path, env_extra=on_runner, paths="letters", format="sarif"
    )
    assert done.returncode == 1
    report = Path(outputs["report"])
    assert report == tmp_path / "apologia.sarif"
    results = json.loads(report.read_text("utf-8"))["runs"][0]["results"]
    assert {r["ruleId"] for r in results} == {"blame-shift"}
    # The log still annotates the problem, and the job summary counts it.
    assert done.stdout.startswith(f"::error file=letters/bad.md,line={BLAME_LINE},")
    text = summary.read_text("utf-8")
    assert text.startswith("## apologia: 1 problem (1 errors, 0 warnings) in 2 files")
    assert "| `blame-shift` | 1 | 0 |" in text


@pytest.mark.skipif(
    shutil.which("bash") is None or shutil.which("git") is None, reason="bash and git are needed"
)
def test_action_changed_auto(workspace: Path, tmp_path: Path) -> None:
    git(workspace, "init", "-q")
    git(workspace, "add", ".")
    git(workspace, "commit", "-qm", "letters")
    git(workspace, "switch", "-qc", "pr")
    (workspace / "letters" / "new.md").write_text(BLAME, "utf-8")
    done, _ = _run_lint_step(workspace, tmp_path, changed="auto", format="json")
    report = json.loads((tmp_path / "apologia.json").read_text("utf-8"))
    assert [f["path"] for f in report["files"]] == ["letters/new.md"]
    assert done.returncode == 1


# --- examples/ci -----------------------------------------------------------------------

EXAMPLES_CI = REPO / "examples" / "ci"


def test_examples_ci_parse_and_use_real_inputs() -> None:
    names = sorted(p.name for p in EXAMPLES_CI.iterdir())
    assert names == [
        ".gitlab-ci.yml",
        ".pre-commit-config.yaml",
        "github-annotations.yml",
        "github-sarif.yml",
    ]
    inputs = _action()["inputs"].keys()
    for name in ("github-annotations.yml", "github-sarif.yml"):
        flow = yaml.safe_load((EXAMPLES_CI / name).read_text("utf-8"))
        assert flow[True] and flow["jobs"]  # `on:` reads as True in YAML 1.1
        steps = [s for job in flow["jobs"].values() for s in job["steps"]]
        ours = [s for s in steps if s.get("uses", "").startswith("OWNER/apologia@")]
        assert ours and all(set(s["with"]) <= inputs for s in ours)
    sarif = yaml.safe_load((EXAMPLES_CI / "github-sarif.yml").read_text("utf-8"))
    assert any(
        s.get("uses", "").startswith("github/codeql-action/upload-sarif@")
        for s in sarif["jobs"]["sarif"]["steps"]
    )
    gitlab = yaml.safe_load((EXAMPLES_CI / ".gitlab-ci.yml").read_text("utf-8"))
    assert "apologia lint" in "\n".join(gitlab["apologia"]["script"])


def test_example_pre_commit_config_names_real_hooks_and_options(cli: Cli) -> None:
    config = yaml.safe_load((EXAMPLES_CI / ".pre-commit-config.yaml").read_text("utf-8"))
    hooks = config["repos"][0]["hooks"]
    assert {h["id"] for h in hooks} == set(_hooks())
    check = next(h for h in hooks if h["id"] == "apologia-draft-check")
    assert check["args"][0] in cli("check-drafts", "--help").stdout


def test_readme_shows_the_example_pre_commit_config() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    example = (EXAMPLES_CI / ".pre-commit-config.yaml").read_text("utf-8")
    body = "".join(ln for ln in example.splitlines(keepends=True) if not ln.startswith("#"))
    assert body in readme
