"""The template sandbox holds with user-supplied `--templates`: every attack ends in exit 2
with one line naming the template file and line, and incident text stays data."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from apologia.render import sandbox
from test_incident_fixtures import filled_starter

INCIDENT = filled_starter()


def draft_with(cli: Any, write: Any, template: str) -> Any:
    write("inc.yaml", INCIDENT)
    write("tpl/en/letter.md.j2", template)
    return cli("draft", "inc.yaml", "--templates", "tpl")


def refused(result: Any, message: str) -> str:
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 2, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert message in lines[0], lines[0]
    return lines[0]


ATTACKS = {
    "dunder-class": ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "unsafe"),
    "dunder-globals": ("{{ lipsum.__globals__['os'] }}", "unsafe"),
    "self-init": ("{{ self.__init__.__globals__ }}", "unsafe"),
    "cycler-init": ("{{ cycler.__init__.__globals__.os.system('id') }}", "unsafe"),
    "context-attr": ("{{ company.__class__.__base__ }}", "unsafe"),
    "huge-range": ("{% for i in range(10**9) %}x{% endfor %}", "Range too big"),
    "string-repeat": ("{{ 'x' * 10**9 }}", "repetition too large"),
    "list-repeat": ("{{ [0] * 10**9 }}", "repetition too large"),
    "power": ("{{ 10 ** 100000000 }}", "power too large"),
    "printf-width": ("{{ '%0999999999d' % 1 }}", "format width too large"),
    "format-width": ("{{ '{:>999999999}'.format(1) }}", "format width too large"),
    "nested-width": ("{{ '{:>{}}'.format(1, 10**9) }}", "format width too large"),
    "ljust": ("{{ 'x'.ljust(10**9) }}", "ljust argument too large"),
    "center-filter": ("{{ 'x'|center(10**9) }}", "center argument too large"),
    "replace-filter": (
        "{% set s = 'x' * 90000 %}{{ s|replace('x', s) }}",
        "replace result too large",
    ),
    "recursion": ("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}", "recursion too deep"),
    "division": ("{{ 1 / 0 }}", "ZeroDivisionError"),
    "undefined": ("{{ no_such_name }}", "'no_such_name' is undefined"),
    "output-size": (
        "{% for i in range(99999) %}{{ 'x' * 99 }}{% endfor %}",
        "output too large",
    ),
}


@pytest.mark.parametrize("name", list(ATTACKS))
def test_attack_ends_in_exit_2_naming_the_template(cli: Any, write: Any, name: str) -> None:
    template, message = ATTACKS[name]
    line = refused(draft_with(cli, write, "\n\n" + template), message)
    assert line.startswith("apologia: tpl/en/letter.md.j2:"), line
    if name != "output-size":
        assert line.startswith("apologia: tpl/en/letter.md.j2:3: template failed: "), line


@pytest.mark.parametrize(
    "template",
    ["{% import 'os' as os %}", "{% include '/etc/passwd' %}", "{% include '../inc.yaml' %}"],
)
def test_import_and_include_tricks_find_no_file(cli: Any, write: Any, template: str) -> None:
    refused(draft_with(cli, write, template), "not found (in --templates or the shipped")


def test_nested_loops_are_stopped_by_the_time_budget(
    cli: Any, write: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sandbox, "RENDER_SECONDS", 0.3)
    loops = "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}"
    line = refused(draft_with(cli, write, loops), "took longer than 0.3 seconds")
    assert line.startswith("apologia: tpl/en/letter.md.j2:1: template failed: ")


@pytest.mark.skipif(os.name == "nt", reason="symlinks need privileges on Windows")
def test_symlink_out_of_the_templates_folder_is_refused(cli: Any, write: Any, in_tmp: Path) -> None:
    secret = write("secret.txt", "TOKEN=hunter2\n")
    write("inc.yaml", INCIDENT)
    (in_tmp / "tpl" / "en").mkdir(parents=True)
    (in_tmp / "tpl" / "en" / "letter.md.j2").symlink_to(secret)
    result = cli("draft", "inc.yaml", "--templates", "tpl")
    refused(result, "link to a file outside the --templates folder")
    assert "hunter2" not in result.stdout + result.stderr


def test_template_that_is_not_utf8_is_refused(cli: Any, write: Any) -> None:
    write("inc.yaml", INCIDENT)
    write("tpl/en/letter.md.j2", b"\xff\xfe{{ title }}")
    line = refused(cli("draft", "inc.yaml", "--templates", "tpl"), "not UTF-8")
    assert line.startswith("apologia: tpl/en/letter.md.j2: ")


def test_ordinary_numbers_and_formats_are_not_refused(cli: Any, write: Any) -> None:
    # Large amounts and printf/format fields with small widths are everyday template code.
    shipped = '{% extends "en/letter.j2" %}\n'
    extra = "{{ '{:,}'.format(1200000) }} {{ 'Ref 1234567: %05d' % 1500000 }}\n"
    result = draft_with(cli, write, extra + shipped)
    assert result.exit_code == 0, result.stderr
    assert "1,200,000 Ref 1234567: 1500000" in result.stdout


def test_incident_text_stays_data(cli: Any, write: Any) -> None:
    hostile = "{{ 7*7 }} {% for x in range(3) %}X{% endfor %} {{ ''.__class__ }}"
    write("inc.yaml", INCIDENT.replace("We know you were counting on that date.", f'"{hostile}"'))
    write("tpl/en/letter.md.j2", '{% extends "en/letter.j2" %}\n')
    result = cli("draft", "inc.yaml", "--templates", "tpl", "--format", "txt")
    assert result.exit_code == 0, result.stderr
    assert "49" not in result.stdout and "XXX" not in result.stdout
    assert hostile in result.stdout
