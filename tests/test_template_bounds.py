"""A `--templates` template cannot build more than one operation's bound (100,000
characters or items): joins, `~`, string methods, printing a list, and changing a list
in place are refused before anything is built, and template files have a size limit."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest

from test_incident_fixtures import filled_starter

INCIDENT = filled_starter()
REFUSED = "items); refused"


def draft_with(cli: Any, write: Any, template: str) -> Any:
    write("inc.yaml", INCIDENT)
    write("tpl/en/letter.md.j2", template)
    return cli("draft", "inc.yaml", "--templates", "tpl")


def refused_line(result: Any) -> str:
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 2, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("apologia: tpl/en/letter.md.j2:1: template failed: "), lines[0]
    return lines[0]


@pytest.mark.parametrize(
    "template",
    [
        pytest.param('{{ (["x" * 99999] * 2000) | join }}', id="join-of-a-shared-string"),
        pytest.param('{{ (["ab"] * 9999) | join("-" * 50) }}', id="join-separator"),
        pytest.param('{% set a = "x" * 60000 %}{{ a ~ a }}', id="tilde"),
        pytest.param('{{ ("x" * 60000).replace("x", "yy") }}', id="str-replace"),
        pytest.param('{{ "-".join(["y" * 60000, "z" * 60000]) }}', id="str-join"),
        pytest.param('{{ "{0}{0}{0}".format("x" * 60000) }}', id="str-format-fields"),
        pytest.param('{{ "%(a)s%(a)s" % {"a": "x" * 60000} }}', id="percent-fields"),
        pytest.param('{% set a = ["x" * 50000] %}{{ [a, a, a] }}', id="print-a-list"),
        pytest.param('{% set a = ["x" * 50000] %}{{ [a, a, a] | string }}', id="string-filter"),
        pytest.param('{{ ("x\\n" * 50000) | indent(10) }}', id="indent"),
        pytest.param('{{ ("ab\\tc" * 20000).expandtabs(100) }}', id="expandtabs"),
        pytest.param(
            '{{ range(1000) | map("string") | map("center", 99999) | list | length }}',
            id="list-of-a-lazy-map",
        ),
        pytest.param('{{ range(1000) | map("center", 99999) | join }}', id="join-of-a-lazy-map"),
    ],
)
def test_a_large_result_is_refused_before_it_is_built(cli: Any, write: Any, template: str) -> None:
    assert REFUSED in refused_line(draft_with(cli, write, template))


def test_a_list_cannot_grow_in_place(cli: Any, write: Any) -> None:
    template = '{% set seen = [] %}{{ seen.append("x" * 99999) }}'
    assert "unsafe" in refused_line(draft_with(cli, write, template))


def test_ordinary_joins_and_lists_still_render(cli: Any, write: Any) -> None:
    template = (
        '{{ ["a", "b"] | join(", ") }} {{ "-".join(["c", "d"]) }} {{ "e" ~ "f" }} '
        '{{ "{0}/{0}".format("g") }} {{ [1, 2] }}\n{% extends "en/letter.j2" %}'
    )
    result = draft_with(cli, write, template)
    assert result.exit_code == 0, result.stderr


def test_a_template_file_over_the_size_limit_is_not_read(cli: Any, write: Any) -> None:
    # A comment renders as nothing, so only the file's size can refuse it.
    result = draft_with(cli, write, "{# " + "x" * (300 * 1024) + " #}" + "Hello.\n")
    assert result.exit_code == 2, result.stderr
    line = result.stderr.strip()
    assert line == "apologia: tpl/en/letter.md.j2: template too large (over 256 KiB); refused"


@pytest.mark.skipif(os.name != "posix", reason="RLIMIT_AS is POSIX")
def test_ten_gigabyte_join_is_refused_within_a_small_memory_limit(write: Any) -> None:
    # The reported attack: 99,999 copies of a 99,999-character string, joined. Run with
    # 2 GiB of address space, so a build that tries to make it fails fast, not slowly.
    write("inc.yaml", INCIDENT)
    write("tpl/en/letter.md.j2", '{{ (["x" * 99999] * 99999) | join }}')
    code = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))\n"
        "from apologia.cli import main_entry\n"
        "sys.argv = ['apologia', 'draft', 'inc.yaml', '--templates', 'tpl']\n"
        "main_entry()\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert out.returncode == 2, out.stderr
    assert REFUSED in out.stderr, out.stderr
