"""What a person sees in a terminal: colour only on a terminal, context under each problem
line, `--quiet`, the progress bar on stderr, and shell completion."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from apologia import progress
from apologia.formatters.text import cells
from conftest import BLAME, BLAME_LINE, GOOD

SGR = re.compile(r"\x1b\[[0-9;]*m")
ANY_ESCAPE = re.compile(r"\x1b")
PLAIN_LINE = re.compile(r"^[^ :][^:]*:\d+:\d+: (error|warning) [a-z-]+ .+$")


def _terminal_env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("NO_COLOR", "FORCE_COLOR", "GITHUB_ACTIONS", "CI", "COLUMNS")
    }
    env["TERM"] = "xterm-256color"
    env.update(extra)
    return env


# --- the text report in a pipe ---------------------------------------------------------


def test_piped_report_has_context_hint_and_steps_without_colour(cli: Any, write: Any) -> None:
    write("bad.md", BLAME)
    r = cli("lint", "bad.md")
    assert r.exit_code == 1
    assert not ANY_ESCAPE.search(r.stdout)
    lines = r.stdout.splitlines()
    i = next(n for n, line in enumerate(lines) if line.startswith(f"bad.md:{BLAME_LINE}:1: "))
    assert lines[i].startswith(f"bad.md:{BLAME_LINE}:1: error blame-shift ")
    assert lines[i + 1] == f"  {BLAME_LINE} | Our courier also lost the spare lamp."
    assert lines[i + 2] == "    | " + "^" * len("Our courier also lost")
    assert lines[i + 3].startswith("    = hint: ")
    assert "bad.md: steps ✓ value  ✓ responsibility  ✓ explanation  ✓ fix  ✓ regret" in lines
    assert lines[-1] == "1 problem (1 error, 0 warnings) in 1 file."


def test_quiet_prints_only_grepable_problem_lines(cli: Any, write: Any) -> None:
    write("bad.md", BLAME)
    write("worse.md", "We are sorry for any inconvenience.\n")
    r = cli("lint", "--quiet", "bad.md", "worse.md")
    assert r.exit_code == 1
    lines = r.stdout.splitlines()
    assert len(lines) >= 3
    assert all(PLAIN_LINE.match(line) for line in lines), lines
    assert "hint" not in r.stdout and "steps" not in r.stdout


def test_clean_letters_print_only_the_summary(cli: Any, write: Any) -> None:
    for lang, text in GOOD.items():
        write(f"good.{lang}.md", text)
    r = cli("lint", ".")
    assert (r.exit_code, r.stdout, r.stderr) == (0, "No problems in 3 files.\n", "")


def test_letter_text_cannot_forge_a_problem_line(cli: Any, write: Any) -> None:
    # A letter line that looks like a report line is shown behind the gutter, escaped.
    fake = "x.md:1:1: error blame-shift fake\x1b[2J"
    write(
        "bad.md",
        BLAME.replace(
            "Our courier also lost the spare lamp.", f"Our courier also lost the spare lamp. {fake}"
        ),
    )
    r = cli("lint", "bad.md")
    assert not ANY_ESCAPE.search(r.stdout)
    forged = [line for line in r.stdout.splitlines() if "fake" in line]
    assert forged and all(line.startswith(f"  {BLAME_LINE} | ") for line in forged)
    assert "\\x1b[2J" in forged[0]


@pytest.mark.parametrize("env", [{"NO_COLOR": "1"}, {"NO_COLOR": "1", "FORCE_COLOR": "1"}])
def test_no_color_wins(cli: Any, write: Any, env: dict[str, str]) -> None:
    write("bad.md", BLAME)
    r = cli("lint", "bad.md", env=env)
    assert r.exit_code == 1
    assert not ANY_ESCAPE.search(r.stdout)


def test_force_color_colours_a_pipe_with_the_same_layout(cli: Any, write: Any) -> None:
    write("bad.md", BLAME)
    plain = cli("lint", "bad.md").stdout
    r = cli("lint", "bad.md", env={"FORCE_COLOR": "1"})
    assert r.exit_code == 1
    assert "\x1b[1;31merror\x1b[0m" in r.stdout
    assert SGR.sub("", r.stdout) == plain


@pytest.mark.parametrize("fmt", ["json", "sarif", "github"])
def test_machine_formats_are_never_coloured(cli: Any, write: Any, fmt: str) -> None:
    write("bad.md", BLAME)
    r = cli("lint", "--format", fmt, "bad.md", env={"FORCE_COLOR": "1"})
    assert r.exit_code == 1
    assert not ANY_ESCAPE.search(r.stdout)


# --- a real terminal -------------------------------------------------------------------

pty = pytest.importorskip("pty") if os.name == "posix" else None


def _run_on_pty(
    args: list[str],
    cwd: Path,
    env: dict[str, str],
    *,
    stdout_tty: bool,
    stderr_tty: bool,
    code: str | None = None,
) -> tuple[str, str, int]:
    """Run apologia with stdout and/or stderr on a pseudo-terminal; (stdout, stderr, rc)."""
    import select

    assert pty is not None
    master, slave = pty.openpty()
    argv = [
        sys.executable,
        "-c",
        code or "from apologia.cli import main_entry; main_entry()",
        *args,
    ]
    proc = subprocess.Popen(
        argv,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=slave if stdout_tty else subprocess.PIPE,
        stderr=slave if stderr_tty else subprocess.PIPE,
    )
    os.close(slave)
    chunks: list[bytes] = []
    while True:
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the child closed its end
                data = b""
            if data:
                chunks.append(data)
                continue
        if proc.poll() is not None and not ready:
            break
        if ready and not data:
            break
    piped_out = proc.stdout.read() if proc.stdout else b""
    piped_err = proc.stderr.read() if proc.stderr else b""
    rc = proc.wait(timeout=60)
    os.close(master)
    on_tty = b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")
    out = on_tty if stdout_tty else piped_out.decode()
    err = on_tty if stderr_tty else piped_err.decode()
    return out, err, rc


@pytest.mark.skipif(os.name != "posix", reason="needs a pseudo-terminal")
@pytest.mark.parametrize(
    ("env", "coloured"),
    [({}, True), ({"NO_COLOR": "1"}, False), ({"TERM": "dumb"}, False), ({"NO_COLOR": ""}, True)],
)
def test_terminal_output_is_coloured_unless_told_not(
    tmp_path: Path, env: dict[str, str], coloured: bool
) -> None:
    (tmp_path / "bad.md").write_text(BLAME, encoding="utf-8")
    out, err, rc = _run_on_pty(
        ["lint", "bad.md"], tmp_path, _terminal_env(**env), stdout_tty=True, stderr_tty=False
    )
    assert rc == 1, err
    assert bool(SGR.search(out)) is coloured
    plain = SGR.sub("", out).splitlines()
    i = next(n for n, line in enumerate(plain) if "blame-shift" in line)
    assert plain[i + 2].lstrip(" |").startswith("^^^")
    assert "hint:" in plain[i + 3]


@pytest.mark.skipif(os.name != "posix", reason="needs a pseudo-terminal")
def test_source_lines_fit_a_narrow_terminal(tmp_path: Path) -> None:
    long = BLAME.replace(
        "Our courier also lost the spare lamp.",
        "Our courier also lost the spare lamp, " + "and the box went back and forth " * 6 + ".",
    )
    (tmp_path / "bad.md").write_text(long, encoding="utf-8")
    out, _, rc = _run_on_pty(
        ["lint", "bad.md"],
        tmp_path,
        _terminal_env(COLUMNS="60", NO_COLOR="1"),
        stdout_tty=True,
        stderr_tty=False,
    )
    assert rc == 1 and not ANY_ESCAPE.search(out)
    source = [line for line in out.splitlines() if line.startswith(f"  {BLAME_LINE} | ")]
    assert source and source[0].endswith("…")
    # The source and its underline are cut; messages and hints wrap as the terminal does.
    assert all(cells(line) <= 60 for line in out.splitlines() if re.match(r"  [ \d]+ \| ", line))


# --- progress bar ----------------------------------------------------------------------


class _FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal_for_a_slow_batch() -> None:
    screen = _FakeTerminal()
    items = list(progress.track(iter(range(5)), total=5, stream=screen, delay=0))
    assert items == [0, 1, 2, 3, 4]
    assert "Linting" in screen.getvalue()
    assert "/5" in screen.getvalue()


@pytest.mark.parametrize(
    ("stream", "kwargs"),
    [
        (io.StringIO(), {}),  # a pipe or a file
        (_FakeTerminal(), {"quiet": True}),  # --quiet
        (_FakeTerminal(), {"total": 1}),  # one file: nothing to show
        (_FakeTerminal(), {"delay": 60.0}),  # a fast batch
    ],
)
def test_no_progress_bar(stream: io.StringIO, kwargs: dict[str, Any]) -> None:
    args: dict[str, Any] = {"total": 5, "delay": 0, **kwargs}
    assert list(progress.track(range(5), stream=stream, **args)) == [0, 1, 2, 3, 4]
    assert stream.getvalue() == ""


def test_no_progress_bar_on_a_dumb_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "dumb")
    screen = _FakeTerminal()
    assert list(progress.track(range(5), total=5, stream=screen, delay=0)) == list(range(5))
    assert screen.getvalue() == ""


_NO_DELAY = (
    "import apologia.progress as p; p.DELAY = 0.0\n"
    "from apologia.cli import main_entry; main_entry()\n"
)


@pytest.mark.skipif(os.name != "posix", reason="needs a pseudo-terminal")
def test_lint_shows_the_bar_on_stderr_only(tmp_path: Path) -> None:
    for n in range(12):
        (tmp_path / f"l{n:02}.md").write_text(GOOD["en"], encoding="utf-8")
    out, err, rc = _run_on_pty(
        ["lint", "--jobs", "1", "."],
        tmp_path,
        _terminal_env(),
        stdout_tty=False,
        stderr_tty=True,
        code=_NO_DELAY,
    )
    assert rc == 0
    assert out == "No problems in 12 files.\n"  # stdout stays clean for the pipeline
    assert "Linting" in err and "/12" in err
    quiet_out, quiet_err, _ = _run_on_pty(
        ["lint", "-q", "--jobs", "1", "."],
        tmp_path,
        _terminal_env(),
        stdout_tty=False,
        stderr_tty=True,
        code=_NO_DELAY,
    )
    assert quiet_out == "" and "Linting" not in quiet_err


@pytest.mark.skipif(os.name != "posix", reason="needs a pseudo-terminal")
def test_report_lines_never_mix_with_the_bar(tmp_path: Path) -> None:
    # stdout and stderr on one terminal: the bar steps aside for each piece of the report.
    for n in range(30):
        (tmp_path / f"l{n:02}.md").write_text(BLAME if n % 3 == 0 else GOOD["en"], "utf-8")
    screen, _, rc = _run_on_pty(
        ["lint", "--jobs", "1", "."],
        tmp_path,
        _terminal_env(NO_COLOR="1"),
        stdout_tty=True,
        stderr_tty=True,
        code=_NO_DELAY,
    )
    assert rc == 1
    assert "Linting" in screen
    heads = list(re.finditer(r"(\./)?l\d\d\.md:7:1: error blame-shift", screen))
    assert len(heads) == 10
    for m in heads:
        before = screen[: m.start()]
        # Each report line starts a line of its own: after a newline, or after the
        # sequence that erased the bar (ESC [2K), never after the bar's text.
        assert before == "" or before.endswith(("\n", "\x1b[2K")), repr(before[-40:])
    assert screen.rstrip().endswith("10 problems (10 errors, 0 warnings) in 30 files.")


def test_lint_json_does_not_import_rich(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(BLAME, encoding="utf-8")
    code = (
        "import sys\n"
        "from apologia.cli import app\n"
        "try:\n"
        "    app(['lint', '--format', 'json', 'a.md'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m == 'rich' or m.startswith('rich.')),"
        " file=sys.stderr)\n"
    )
    r = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=_terminal_env(),
        timeout=60,
        check=False,
    )
    assert r.stderr.strip().splitlines()[-1] == "[]"


# --- shell completion ------------------------------------------------------------------
# The installed command: completion scripts are named after the program.


def _complete(exe: str, words: str, cword: int) -> list[str]:
    env = _terminal_env(_APOLOGIA_COMPLETE="complete_bash", COMP_WORDS=words, COMP_CWORD=str(cword))
    r = subprocess.run([exe], env=env, capture_output=True, text=True, timeout=60, check=False)
    assert r.returncode == 0, r.stderr
    return r.stdout.split()


def test_bash_completion_completes_commands_and_choices(apologia_exe: str) -> None:
    assert _complete(apologia_exe, "apologia li", 1) == ["lint"]
    assert _complete(apologia_exe, "apologia lint --format ", 3) == [
        "text",
        "json",
        "sarif",
        "github",
    ]
    assert _complete(apologia_exe, "apologia lint --fa", 2) == ["--fail-on"]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_show_completion_prints_a_script(apologia_exe: str, shell: str) -> None:
    # Typer's switch to name the shell instead of detecting the one running the tests.
    env = _terminal_env(_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1")
    r = subprocess.run(
        [apologia_exe, "--show-completion", shell],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert r.returncode == 0, r.stderr
    assert "_APOLOGIA_COMPLETE=complete_" + shell in r.stdout.replace("'", "").replace('"', "")
