"""Limits on hostile input: YAML alias bombs, deep nesting, oversized files and stdin.

Each test would exhaust memory or recursion (or read a huge file whole) without its
limit, so a regression shows as a failure or a traceback, not as a slow pass.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from apologia.errors import ApologiaError
from apologia.files import read_bounded
from conftest import GOOD
from test_incident_fixtures import filled_starter

INCIDENT = filled_starter()

# "Billion laughs": nine levels of ten aliases each expand to 10**9 strings.
BOMB = 'lol0: &l0 "lol"\n' + "".join(
    f"lol{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]\n" for i in range(1, 10)
)


def one_line(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("apologia: "), stderr
    return lines[0]


def test_incident_alias_bomb_is_refused_at_the_first_alias(cli: Any, write: Any) -> None:
    write("bomb.yaml", INCIDENT + BOMB)
    result = cli("draft", "bomb.yaml")
    assert result.exit_code == 2
    line = one_line(result.stderr)
    first_alias = INCIDENT.count("\n") + 2
    assert line.startswith(f"apologia: bomb.yaml:{first_alias}:12: "), line
    assert "aliases (*name) are not allowed" in line
    assert result.stdout == ""


def test_incident_merge_key_alias_is_refused_too(cli: Any, write: Any) -> None:
    text = INCIDENT.replace("customer:\n", "customer: &c\n").replace(
        "value:", "extra:\n  <<: *c\nvalue:", 1
    )
    write("merge.yaml", text)
    result = cli("draft", "merge.yaml")
    assert result.exit_code == 2
    assert "merge.yaml:" in one_line(result.stderr)
    assert "aliases" in result.stderr


@pytest.mark.parametrize(
    "nest",
    [
        "[" * 5000 + "]" * 5000,  # flow style
        "\n" + "".join("  " * i + "- \n" for i in range(400)),  # block style
        "\n" + "".join("  " * i + f"k{i}:\n" for i in range(400)),  # nested mappings
    ],
    ids=["flow", "block-list", "block-map"],
)
def test_incident_deep_nesting_is_refused_without_recursion_error(
    cli: Any, write: Any, nest: str
) -> None:
    write("deep.yaml", INCIDENT + "regret: " + nest + "\n")
    result = cli("draft", "deep.yaml")
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 2
    line = one_line(result.stderr)
    assert line.startswith("apologia: deep.yaml:")
    assert "nested more than 32 levels deep" in line


def test_incident_nesting_within_the_limit_is_a_schema_error_not_a_limit(
    cli: Any, write: Any
) -> None:
    write("ok.yaml", INCIDENT.replace("  - A full refund", "  - [[[[x]]]]\n  - A full refund"))
    result = cli("draft", "ok.yaml")
    assert result.exit_code == 2
    assert "nested" not in result.stderr
    assert "ok.yaml:" in result.stderr and "value[0]" in result.stderr


def test_front_matter_alias_bomb_is_refused(cli: Any, write: Any) -> None:
    write("a.md", "---\n" + BOMB + "lang: en\n---\n" + GOOD["en"])
    result = cli("lint", "a.md")
    assert result.exit_code == 2
    line = one_line(result.stderr)
    assert line.startswith("apologia: a.md:3:"), line
    assert "front matter: aliases" in line


def test_config_alias_bomb_is_refused(cli: Any, write: Any) -> None:
    write(".apologia.yaml", BOMB + "exclude: *l9\n")
    write("a.md", GOOD["en"])
    result = cli("lint", "a.md")
    assert result.exit_code == 2
    assert one_line(result.stderr).startswith("apologia: .apologia.yaml:2:12: ")


# --------------------------------------------------------------------------- sizes


def test_letter_over_configured_size_is_refused(cli: Any, write: Any) -> None:
    write(".apologia.yaml", "max_file_size: 1 KiB\n")
    write("big.md", GOOD["en"] + "We are sorry.\n" * 100)
    write("small.md", GOOD["en"])
    result = cli("lint", "big.md", "small.md")
    assert result.exit_code == 2
    line = one_line(result.stderr)
    assert line.startswith("apologia: big.md: too large (")
    assert "limit 1024 bytes" in line and "max_file_size" in line
    assert "small.md" not in result.stderr


def test_stdin_over_configured_size_is_refused(cli: Any, write: Any) -> None:
    write(".apologia.yaml", "max_file_size: 100\n")
    result = cli("lint", "-", input=GOOD["en"])
    assert result.exit_code == 2
    assert one_line(result.stderr) == (
        "apologia: -: too large (over 100 bytes); raise max_file_size in the "
        "configuration if this is right"
    )


def test_incident_over_configured_size_is_refused(cli: Any, write: Any) -> None:
    write("pyproject.toml", '[tool.apologia]\nmax_file_size = "2 KiB"\n')
    write("inc.yaml", INCIDENT + "#" * 4096 + "\n")
    result = cli("draft", "inc.yaml")
    assert result.exit_code == 2
    assert one_line(result.stderr).startswith("apologia: inc.yaml: too large (")
    assert result.stdout == ""


def test_default_limit_admits_ordinary_files(cli: Any, write: Any) -> None:
    write("inc.yaml", INCIDENT)
    assert cli("draft", "inc.yaml").exit_code == 0


@pytest.mark.parametrize("value", ["0", "-5", "lots", "1 GiB", "true", "[1]"])
def test_bad_max_file_size_names_the_field(cli: Any, write: Any, value: str) -> None:
    write(".apologia.yaml", f"max_file_size: {value}\n")
    write("a.md", GOOD["en"])
    result = cli("lint", "a.md")
    assert result.exit_code == 2
    assert one_line(result.stderr).startswith("apologia: .apologia.yaml:1:1: max_file_size: ")


class _Endless(io.RawIOBase):
    """A stream that never ends (a FIFO, /dev/zero) and counts what was read of it."""

    def __init__(self) -> None:
        self.served = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = len(buffer)
        buffer[:n] = b"a" * n
        self.served += n
        return n


def test_read_bounded_never_reads_past_the_limit() -> None:
    raw = _Endless()
    with pytest.raises(ApologiaError, match="too large"):
        read_bounded(io.BufferedReader(raw, buffer_size=64), "pipe", 1000)
    assert raw.served <= 1000 + 64


def test_oversized_regular_file_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.md"
    big.write_bytes(b"x" * 5000)
    reads: list[int] = []
    with big.open("rb") as fh:
        real: Callable[..., bytes] = fh.read
        monkeypatch.setattr(fh, "read", lambda n=-1: reads.append(n) or real(n))
        with pytest.raises(ApologiaError, match=r"too large \(5000 bytes, limit 100 bytes\)"):
            read_bounded(fh, str(big), 100)
    assert reads == []


@pytest.mark.parametrize(("grown", "refused"), [(50, False), (5000, True)])
def test_a_file_that_grows_after_it_was_measured_is_read_whole_or_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, grown: int, refused: bool
) -> None:
    # read_bounded asks for the size fstat gave; a file still being written has more.
    letter = tmp_path / "growing.md"
    letter.write_bytes(b"x" * 10 + b"y" * grown)
    real_fstat = os.fstat
    monkeypatch.setattr(
        os, "fstat", lambda fd: os.stat_result((*real_fstat(fd)[:6], 10, *real_fstat(fd)[7:]))
    )
    with letter.open("rb") as fh:
        if refused:
            with pytest.raises(ApologiaError, match=r"too large \(over 1000 bytes"):
                read_bounded(fh, str(letter), 1000)
        else:
            assert read_bounded(fh, str(letter), 1000) == b"x" * 10 + b"y" * grown
