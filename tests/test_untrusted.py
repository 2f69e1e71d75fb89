"""A repository's files come from strangers' pull requests: links, FIFOs and config.

`lint`, `draft --check` and `check-drafts` never follow a symlink from inside the
repository to a file outside it (the letter, a template folder, a config), never block
on a FIFO, and look for a config no higher than the repository's root.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from conftest import GOOD, git
from test_incident_fixtures import filled_starter

INCIDENT = filled_starter()
SECRET = "TOKEN=hunter2-not-for-letters"
posix_only = pytest.mark.skipif(os.name == "nt", reason="symlinks and FIFOs")


@pytest.fixture
def secret(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A readable file outside the repository (the working folder)."""
    path = tmp_path_factory.mktemp("elsewhere") / "secret.md"
    path.write_text(f"Dear Ms Quinn,\n\n{SECRET}\n", encoding="utf-8")
    return path


def refused(result: Any, *words: str) -> str:
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert SECRET not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr
    return str(result.stderr)


@posix_only
@pytest.mark.parametrize("command", ["check-drafts", "draft --check"])
def test_a_letter_linked_out_of_the_repository_is_not_printed(
    cli: Any, write: Any, in_tmp: Path, secret: Path, command: str
) -> None:
    write("inc.yaml", INCIDENT)
    (in_tmp / "INC-0001.en.md").symlink_to(secret)
    if command == "check-drafts":
        result = cli("check-drafts", "inc.yaml")
    else:
        result = cli("draft", "inc.yaml", "--check", "INC-0001.en.md")
    line = refused(result, "INC-0001.en.md: is a link to", "outside the repository; refused")
    assert str(secret) in line
    assert result.stdout == ""  # no diff at all


@posix_only
@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="Linux /proc")
def test_a_letter_linked_to_the_process_environment_is_not_printed(
    in_tmp: Path, apologia_exe: str
) -> None:
    (in_tmp / "inc.yaml").write_text(INCIDENT, encoding="utf-8")
    (in_tmp / "INC-0001.en.md").symlink_to("/proc/self/environ")
    env = {**os.environ, "APOLOGIA_TEST_SECRET": SECRET}
    done = subprocess.run(
        [apologia_exe, "check-drafts", "inc.yaml"],
        cwd=in_tmp,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    assert SECRET not in done.stdout + done.stderr
    assert "outside the repository; refused" in done.stderr


@posix_only
@pytest.mark.parametrize("named", ["linked.md", "."], ids=["by name", "in a folder"])
def test_lint_does_not_print_a_linked_file_outside(
    cli: Any, write: Any, in_tmp: Path, secret: Path, named: str
) -> None:
    write("good.md", GOOD["en"])
    (in_tmp / "linked.md").symlink_to(secret)
    result = cli("lint", "--", named)
    refused(result, "linked.md: is a link to", "outside the repository")
    if named == ".":
        assert "good.md" not in result.stderr  # the other letter was still judged


@posix_only
def test_links_inside_the_repository_are_followed(cli: Any, write: Any, in_tmp: Path) -> None:
    write("letters/good.md", GOOD["en"])
    (in_tmp / "alias.md").symlink_to(in_tmp / "letters" / "good.md")
    result = cli("lint", "alias.md")
    assert result.exit_code == 0, result.stderr


@posix_only
def test_a_file_named_outside_the_repository_is_the_users_choice(
    cli: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("mine") / "good.md"
    outside.write_text(GOOD["en"], encoding="utf-8")
    assert cli("lint", str(outside)).exit_code == 0


@posix_only
def test_a_templates_folder_linked_out_of_the_repository_is_refused(
    cli: Any, write: Any, in_tmp: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    elsewhere = tmp_path_factory.mktemp("tpl")
    (elsewhere / "en").mkdir()
    (elsewhere / "en" / "letter.md.j2").write_text(SECRET + "\n", encoding="utf-8")
    write("inc.yaml", INCIDENT)
    (in_tmp / "tpl").symlink_to(elsewhere)
    write(".apologia.yaml", "templates: tpl\n")
    refused(cli("draft", "inc.yaml"), "tpl: is a link to", "outside the repository")


@posix_only
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs")
def test_a_fifo_given_as_a_letter_is_refused_not_waited_on(in_tmp: Path, apologia_exe: str) -> None:
    os.mkfifo(in_tmp / "pipe.md")
    (in_tmp / "good.md").write_text(GOOD["en"], encoding="utf-8")
    done = subprocess.run(
        [apologia_exe, "lint", "pipe.md", "good.md"],
        cwd=in_tmp,
        capture_output=True,
        text=True,
        timeout=60,  # a blocking open would wait for a writer for ever
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 2
    assert (
        done.stderr
        == "apologia: pipe.md: is not a regular file (a FIFO or device?), not a letter\n"
    )
    assert "1 file could not be checked" in done.stdout


def test_config_discovery_stops_at_the_repository_root(
    cli: Any, write: Any, in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A config above the repository (a CI runner's home) would turn a rule off.
    write(".apologia.yaml", "rules:\n  blame-shift: off\n")
    blaming = GOOD["en"].replace("We are sorry.\n", "Our courier lost the box.\nWe are sorry.\n")
    repo, plain = in_tmp / "checkout", in_tmp / "folder"
    for folder in (repo, plain):
        folder.mkdir()
        (folder / "a.md").write_text(blaming, encoding="utf-8")
    git(repo, "init", "-q")
    monkeypatch.chdir(repo)
    result = cli("lint", "a.md")
    assert result.exit_code == 1, result.stdout
    assert "blame-shift" in result.stdout
    # Outside a repository the search still walks up, as before.
    monkeypatch.chdir(plain)
    assert cli("lint", "a.md").exit_code == 0


def unreadable_folder(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """letters/private cannot be listed: by its mode, or (as root, who reads anything)
    by the listing call failing as it would for anyone else."""
    private = in_tmp / "letters" / "private"
    private.mkdir(parents=True)
    (private / "hidden.md").write_text(GOOD["en"], encoding="utf-8")
    private.chmod(0)
    if os.access(private, os.R_OK):  # root
        real = os.scandir

        def scandir(path: Any = ".") -> Any:
            if os.path.abspath(path) == str(private):
                raise PermissionError(13, "Permission denied", str(path))
            return real(path)

        monkeypatch.setattr(os, "scandir", scandir)


@posix_only
def test_an_unreadable_subfolder_is_reported_not_skipped(
    cli: Any, write: Any, in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write("letters/good.md", GOOD["en"])
    unreadable_folder(in_tmp, monkeypatch)
    try:
        result = cli("lint", "letters")
    finally:
        (in_tmp / "letters" / "private").chmod(0o755)
    assert result.exit_code == 2, result.stdout
    assert result.stderr == (
        "apologia: letters/private: cannot read the folder: permission denied\n"
    )
    assert "1 file could not be checked" in result.stdout
    assert "No problems in 1 file;" in result.stdout  # the readable letter was judged


def test_the_check_drafts_diff_shows_control_characters_as_escapes(
    cli: Any, write: Any, in_tmp: Path
) -> None:
    write("inc.yaml", INCIDENT)
    assert cli("draft", "inc.yaml", "--out-dir", ".").exit_code == 0
    letter = in_tmp / "INC-0001.en.md"
    letter.write_bytes(letter.read_bytes() + b"\x1b]0;owned\x07\x1b[2J\r\n")
    result = cli("check-drafts", "inc.yaml")
    assert result.exit_code == 1
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "-\\x1b]0;owned\\x07\\x1b[2J\\x0d" in result.stdout


def test_a_non_ascii_contact_makes_no_invalid_from_header(cli: Any, write: Any) -> None:
    from email.parser import BytesParser
    from email.policy import default

    write("inc.yaml", INCIDENT.replace("care@lumen.example", "josé@lumen.example"))
    assert "josé@lumen.example" in (Path("inc.yaml")).read_text("utf-8")
    assert cli("draft", "inc.yaml", "--format", "eml", "-o", "out.eml").exit_code == 0
    raw = Path("out.eml").read_bytes()
    head = raw.split(b"\n\n", 1)[0]
    assert head.isascii() and b"=?utf-8?q?jos" not in head.lower()
    message = BytesParser(policy=default).parsebytes(raw)
    assert message["From"] is None  # not an address a mail system can send from
    # An ASCII address still becomes the sender.
    write("inc.yaml", INCIDENT)
    assert cli("draft", "inc.yaml", "--format", "eml", "-o", "ok.eml").exit_code == 0
    sent = BytesParser(policy=default).parsebytes(Path("ok.eml").read_bytes())
    assert sent["From"].addresses[0].addr_spec == "care@lumen.example"


def test_a_bad_extra_lexicon_pattern_names_the_config_file(cli: Any, write: Any) -> None:
    write(".apologia.yaml", 'lexicon:\n  en:\n    regret:\n      - "{we regret"\n')
    write("good.md", GOOD["en"])
    result = cli("lint", "good.md")
    assert result.exit_code == 2
    assert result.stderr == (
        "apologia: .apologia.yaml: lexicon.en: bad lexicon pattern: '{we regret': missing '}'\n"
    )


@posix_only
def test_a_config_linked_out_of_the_repository_is_refused(
    cli: Any, write: Any, in_tmp: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("conf") / "apologia.yaml"
    outside.write_text("rules:\n  blame-shift: off\n", encoding="utf-8")
    (in_tmp / ".apologia.yaml").symlink_to(outside)
    write("good.md", GOOD["en"])
    result = cli("lint", "good.md")
    refused(result, ".apologia.yaml: is a link to", "outside the repository")
