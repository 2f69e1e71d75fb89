"""Rendering: every language and register lints clean with all five steps; Babel formats;
injection, escaping, .eml headers; shipped and overriding templates."""

from __future__ import annotations

import email
import re
import subprocess
import sys
import zipfile
from datetime import date
from decimal import Decimal
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

import pytest

from apologia.engine import lint_text
from apologia.errors import ApologiaError
from apologia.incident import loads
from apologia.model import Step
from apologia.render import html_to_text, render, shipped_templates
from test_incident_fixtures import dump, incident

REPO = Path(__file__).resolve().parent.parent
FIVE = set(Step)


def _steps(report: object) -> set[Step]:
    return {s for p in report.steps for s, _ in p.steps}  # type: ignore[attr-defined]


@pytest.mark.parametrize("fmt", ["md", "txt", "html", "eml"])
@pytest.mark.parametrize("severity", ["minor", "major", "critical"])
@pytest.mark.parametrize("controllable", [True, False])
@pytest.mark.parametrize("formal", [True, False])
@pytest.mark.parametrize("lang", ["en", "es", "ro"])
def test_letters_lint_clean_with_five_steps(
    lang: str, formal: bool, controllable: bool, severity: str, fmt: str
) -> None:
    data = incident(
        lang, formal=formal, incident__severity=severity, incident__within_our_control=controllable
    )
    letter = render(loads(dump(data)).incident, lang, fmt)
    report = lint_text(letter.lint_text, lang=lang, plain=letter.plain)
    assert report.lang == lang
    assert [(p.rule, p.line, p.message) for p in report.problems] == []
    assert _steps(report) == FIVE


@pytest.mark.parametrize("formal", [True, False])
@pytest.mark.parametrize(
    "lang",
    [
        "en",
        pytest.param("es"),
        pytest.param("ro"),
    ],
)
def test_repeat_is_named_as_a_repeat(lang: str, formal: bool) -> None:
    data = incident(
        lang,
        formal=formal,
        incident__prior_incidents=["INC-1", "INC-2"],
        incident__severity="major",
    )
    letter = render(loads(dump(data)).incident, lang, "md")
    assert "INC-1" in letter.text and "INC-2" in letter.text
    report = lint_text(letter.lint_text, lang=lang)
    assert [(p.rule, p.message) for p in report.problems] == []


@pytest.mark.parametrize(
    ("lang", "formal", "must", "must_not"),
    [
        ("en", True, ["Dear Ms. Quinn,", "Sincerely,"], ["Hi "]),
        ("en", False, ["Hi Rosa,", "Best regards,"], ["Dear"]),
        (
            "es",
            True,
            ["Estimada Sra. Quintana:", "Le escribo", "Para compensarle", "Atentamente,"],
            [" tú ", " te ", " ti:"],
        ),
        (
            "es",
            False,
            ["Hola, Rosa:", "Te escribo", "Para compensarte", "Un saludo,"],
            ["usted", "Le escribo"],
        ),
        (
            "ro",
            True,
            ["Stimată doamnă Ionescu,", "Vă scriu", "dumneavoastră", "Cu stimă,"],
            ["Îți", " tu"],
        ),
        (
            "ro",
            False,
            ["Bună, Rodica,", "Îți scriu", "pentru tine", "Toate cele bune,"],
            ["dumneavoastră", "Vă scriu"],
        ),
    ],
)
def test_salutation_closing_and_register(
    lang: str, formal: bool, must: list[str], must_not: list[str]
) -> None:
    text = render(loads(dump(incident(lang, formal=formal))).incident, lang, "txt").text
    for piece in must:
        assert piece in text
    for piece in must_not:
        assert piece not in text


def test_romanian_uses_comma_below_and_no_cedilla() -> None:
    text = render(loads(dump(incident("ro"))).incident, "ro", "md").text
    assert "ș" in text or "ț" in text
    assert not set("şţŞŢ") & set(text)


@pytest.mark.parametrize(
    ("lang", "money", "prose", "day"),
    [
        ("en", "$1,200.50", "credit, worth $1,200.50", "January 15, 2025"),
        ("es", "1.200,50\xa0US$", "credit, por valor de 1.200,50\xa0US$", "15 de enero de 2025"),
        ("ro", "1.200,50\xa0USD", "credit, în valoare de 1.200,50\xa0dolari", "15 ianuarie 2025"),
    ],
)
def test_babel_money_and_dates(lang: str, money: str, prose: str, day: str) -> None:
    from babel.dates import format_date
    from babel.numbers import format_currency

    locale = {"en": "en_US", "es": "es_ES", "ro": "ro_RO"}[lang]
    assert format_currency(Decimal("1200.50"), "USD", locale=locale) == money
    assert format_date(date(2025, 1, 15), format="long", locale=locale) == day
    offer = {"amount": "1200.50", "currency": "USD", "text": "Credit"}
    data = incident(lang, value=[offer], incident__severity="major")
    text = render(loads(dump(data)).incident, lang, "txt").text
    assert prose in text and day in text


def test_critical_offers_direct_contact_and_uncontrollable_is_owned() -> None:
    data = incident("en", incident__severity="critical", incident__within_our_control=False)
    text = render(loads(dump(data)).incident, "en", "txt").text
    assert "please write to me directly at care@lumen.example" in text
    assert "We take full responsibility" in text and "better prepared" in text
    assert "This was our mistake" not in text and "happening again" not in text
    lowered = text.lower()
    assert "beyond our control" not in lowered and "outside our control" not in lowered


def test_template_injection_stays_literal() -> None:
    payload = "{{ 7*7 }} {% for x in range(3) %}x{% endfor %} {{ ''.__class__ }}"
    data = incident("en", regret=payload)
    for fmt in ("md", "txt", "html"):
        text = render(loads(dump(data)).incident, "en", fmt).text
        assert "49" not in text and "xxx" not in text and "<class" not in text
    assert "{{ 7*7 }}" in render(loads(dump(data)).incident, "en", "txt").text


def test_html_is_escaped() -> None:
    data = incident(
        "en", regret="<script>alert('x')</script> & <b>bold</b>", company__name="Lamps & <Co>"
    )
    html = render(loads(dump(data)).incident, "en", "html").text
    assert "<script>" not in html and "<b>bold" not in html
    assert "&lt;script&gt;" in html and "Lamps &amp; &lt;Co&gt;" in html
    assert html.startswith("<!DOCTYPE html>") and '<html lang="en">' in html
    assert "&lt;script&gt;" not in html_to_text(html)


def test_markdown_is_escaped_and_cannot_disable_lint() -> None:
    data = incident("en", regret="<!-- apologia-disable --> *bold* [link](x)")
    text = render(loads(dump(data)).incident, "en", "md").text
    assert re.search(r"(?<!\\)<!--", text) is None
    assert "\\<!-- apologia-disable --\\>" in text
    assert "\\*bold\\*" in text and "\\[link\\]" in text


def test_eml_parses_back_with_safe_headers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1741950000")  # a fixed Date: header
    data = incident(
        "es",
        incident__title="Pedido equivocado\nBcc: victim@example.com",
        company__name="Lámparas Lumen",
    )
    eml = render(loads(dump(data)).incident, "es", "eml").text
    msg = email.message_from_bytes(eml.encode("utf-8"), policy=default)
    assert isinstance(msg, EmailMessage)
    assert msg["Subject"] == "Pedido equivocado Bcc: victim@example.com: le pedimos disculpas"
    assert msg["Bcc"] is None
    assert msg["From"].addresses[0].addr_spec == "care@lumen.example"
    assert msg["From"].addresses[0].display_name == "Lámparas Lumen"
    assert msg["Content-Language"] == "es"
    assert msg.get_content_type() == "multipart/alternative"
    plain = msg.get_body(("plain",))
    html = msg.get_body(("html",))
    assert plain is not None and html is not None
    assert "Estimada Sra. Quintana:" in plain.get_content()
    assert "<p>Estimada Sra. Quintana:</p>" in html.get_content()
    # Deterministic output, so `draft --check` can compare an .eml on disk.
    again = render(loads(dump(data)).incident, "es", "eml").text
    assert again == eml


def test_eml_subject_without_a_title_still_apologises() -> None:
    eml = render(loads(dump(incident("ro"))).incident, "ro", "eml").text
    msg = email.message_from_string(eml, policy=default)
    assert msg["Subject"] == "Vă cerem scuze"
    assert "INC-7" not in msg["Subject"]


def test_override_templates_by_file_name(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "subject.txt.j2").write_text("Custom {{ incident_id }}\n")
    inc = loads(dump(incident("en"))).incident
    eml = render(inc, "en", "eml", templates=tmp_path).text
    assert email.message_from_string(eml, policy=default)["Subject"] == "Custom INC-7"
    # Templates not overridden still come from the shipped folder.
    assert "Dear Ms. Quinn," in render(inc, "en", "md", templates=tmp_path).text


def test_missing_templates_are_input_errors(tmp_path: Path) -> None:
    inc = loads(dump(incident("en"))).incident
    with pytest.raises(ApologiaError, match="no such folder"):
        render(inc, "en", "md", templates=tmp_path / "nope")
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "letter.md.j2").write_text('{% extends "en/missing.j2" %}')
    with pytest.raises(ApologiaError, match=r"en/missing\.j2 not found"):
        render(inc, "en", "md", templates=tmp_path)
    (tmp_path / "en" / "letter.md.j2").write_text("{% if %}")
    with pytest.raises(ApologiaError, match="template syntax error"):
        render(inc, "en", "md", templates=tmp_path)
    (tmp_path / "en" / "letter.md.j2").write_text("{{ nothing_here }}")
    with pytest.raises(ApologiaError, match="nothing_here"):
        render(inc, "en", "md", templates=tmp_path)


def test_sandbox_blocks_unsafe_templates(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "letter.md.j2").write_text("{{ ''.__class__.__mro__ }}")
    with pytest.raises(ApologiaError):
        render(loads(dump(incident("en"))).incident, "en", "md", templates=tmp_path)


def test_shipped_templates_found() -> None:
    root = shipped_templates()
    for lang in ("en", "es", "ro"):
        assert (root / lang / "letter.j2").is_file()
        assert (root / lang / "subject.txt.j2").is_file()
        assert (root / lang / "incident.yaml").is_file()
    for fmt in ("md", "txt", "html"):
        assert (root / "formats" / f"{fmt}.j2").is_file()
    assert (root / "base.j2").is_file()


def test_wheel_ships_templates_and_locale_data(tmp_path: Path) -> None:
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(REPO),
            "-w",
            str(tmp_path),
            "--no-deps",
            "--no-build-isolation",
            "-q",
        ],
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {out.stderr.strip()[-200:]}")
    wheel = next(tmp_path.glob("apologia-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for lang in ("en", "es", "ro"):
        assert f"apologia/templates/{lang}/letter.j2" in names
        assert f"apologia/locale_data/{lang}.yaml" in names
    assert "apologia/templates/base.j2" in names
    assert "apologia/templates/formats/html.j2" in names
