"""Point 9 of issue 14: a file that is not an apology is not judged against the steps.

A file with no regret that apologises for nothing (an order confirmation, a newsletter)
gets no `missing-step` and no `step-order`; the text report says it was skipped in one
line, the JSON report marks it, and the exit code is 0. Front matter `apologia: letter`
or a config `letters:` glob forces judging. Sentences written for these tests.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from apologia.engine import lint_text

NOTICE = {
    "en": (
        "Hello Sam,\n\nThank you for your order 4471. It will be packed tomorrow and "
        "you can follow it from your account page.\n\nKind regards,\nThe Lamp Shop\n"
    ),
    "es": (
        "Hola, Marta:\n\nGracias por tu pedido 4471. Lo prepararemos mañana y podrás "
        "seguirlo desde tu cuenta.\n\nUn saludo,\nLa Tienda de Lámparas\n"
    ),
    "ro": (
        "Bună ziua,\n\nVă mulțumim pentru comanda 4471. O pregătim mâine și o puteți "
        "urmări din contul dumneavoastră.\n\nCu stimă,\nMagazinul de lămpi\n"
    ),
}
APOLOGY_MISSING_STEPS = {
    "en": "Dear Sam,\n\nWe are sorry that your lamp arrived broken.\n",
    "es": "Estimado Sr. Gómez:\n\nLamentamos que su lámpara llegara rota.\n",
    "ro": "Stimate domnule Popa,\n\nNe pare rău că lampa a ajuns spartă.\n",
}
CONDITIONAL_ONLY = {
    "en": "Dear Sam,\n\nWe are sorry if you were upset by the delay.\n",
    "es": "Estimado Sr. Gómez:\n\nLamentamos si se ha sentido molesto por el retraso.\n",
    "ro": "Stimate domnule Popa,\n\nNe pare rău dacă v-ați simțit deranjat de întârziere.\n",
}


@pytest.mark.parametrize("lang", ["en", "es", "ro"])
def test_a_notice_is_not_judged_against_the_steps(lang: str) -> None:
    report = lint_text(NOTICE[lang])
    assert report.lang == lang
    assert report.apology is False
    assert report.problems == ()


@pytest.mark.parametrize("lang", ["en", "es", "ro"])
def test_an_apology_missing_steps_still_fails(lang: str) -> None:
    report = lint_text(APOLOGY_MISSING_STEPS[lang], lang=lang)
    assert report.apology is True
    missing = {p.step.value for p in report.problems if p.rule == "missing-step" and p.step}
    assert missing == {"value", "responsibility", "explanation", "fix"}


@pytest.mark.parametrize("lang", ["en", "es", "ro"])
def test_a_conditional_apology_is_still_an_apology(lang: str) -> None:
    report = lint_text(CONDITIONAL_ONLY[lang], lang=lang)
    assert report.apology is True
    rules = {p.rule for p in report.problems}
    assert {"non-apology", "missing-step"} <= rules


def test_text_report_says_skipped_and_exits_0(
    cli: Callable[..., Any], write: Callable[..., Path]
) -> None:
    write("order.md", NOTICE["en"])
    result = cli("lint", "order.md")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "order.md: skipped: not an apology"
    assert "missing-step" not in result.stdout
    quiet = cli("lint", "--quiet", "order.md")
    assert quiet.exit_code == 0
    assert "skipped" not in quiet.stdout


def test_json_marks_the_file(cli: Callable[..., Any], write: Callable[..., Path]) -> None:
    write("order.md", NOTICE["es"])
    write("sorry.md", APOLOGY_MISSING_STEPS["es"])
    result = cli("lint", "--format", "json", "order.md", "sorry.md")
    assert result.exit_code == 1
    files = {f["path"]: f for f in json.loads(result.stdout)["files"]}
    assert files["order.md"]["apology"] is False
    assert files["order.md"]["problems"] == []
    assert "apology" not in files["sorry.md"]


def test_front_matter_forces_judging(cli: Callable[..., Any], write: Callable[..., Path]) -> None:
    write("order.md", "---\napologia: letter\n---\n" + NOTICE["ro"])
    result = cli("lint", "--format", "json", "order.md")
    assert result.exit_code == 1
    (entry,) = json.loads(result.stdout)["files"]
    assert "apology" not in entry
    assert {p["rule"] for p in entry["problems"]} == {"missing-step"}


def test_unknown_front_matter_kind_is_bad_input(
    cli: Callable[..., Any], write: Callable[..., Path]
) -> None:
    write("order.md", "---\napologia: notice\n---\n" + NOTICE["en"])
    result = cli("lint", "order.md")
    assert result.exit_code == 2
    assert "order.md:2" in result.stderr and "apologia" in result.stderr
    assert "Traceback" not in result.stderr


def test_config_glob_forces_judging(cli: Callable[..., Any], write: Callable[..., Path]) -> None:
    write(".apologia.yaml", "letters: ['apologies/**']\n")
    write("apologies/order.md", NOTICE["en"])
    write("mail/order.md", NOTICE["en"])
    result = cli("lint", "--format", "json", "apologies", "mail")
    files = {Path(f["path"]).parts[0]: f for f in json.loads(result.stdout)["files"]}
    assert "apology" not in files["apologies"]
    assert files["mail"]["apology"] is False
    assert result.exit_code == 1


def test_config_letters_must_be_strings(
    cli: Callable[..., Any], write: Callable[..., Path]
) -> None:
    write(".apologia.yaml", "letters: 3\n")
    write("order.md", NOTICE["en"])
    result = cli("lint", "order.md")
    assert result.exit_code == 2
    assert "letters" in result.stderr
