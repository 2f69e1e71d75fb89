"""Issue 14, point 1: the company's own name (front matter or config `company:`, else
the signature) is the company acting, never a blamed third party. Sentences written
for these tests; names invented."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

# (lang, the company's name, a sentence where the name is a party the lexicon knows)
NAMED = [
    ("en", "Harbour Couriers", "Harbour Couriers lost your parcel between depots on Tuesday."),
    ("es", "Mensajería Brisa", "Mensajería Brisa entregó su pedido con tres días de retraso."),
    ("ro", "Curierul Voltaj", "Curierul Voltaj a pierdut coletul dumneavoastră marți."),
]
CLOSING = {"en": "Kind regards,", "es": "Atentamente,", "ro": "Cu stimă,"}
GREETING = {"en": "Dear customer,", "es": "Estimado cliente:", "ro": "Stimate client,"}
SORRY = {"en": "We are sorry.", "es": "Lo sentimos.", "ro": "Ne pare rău."}


def _blames(cli: Callable[..., Any], *args: str) -> int:
    result = cli("lint", "--format", "json", *args)
    assert result.exit_code in (0, 1), result.output
    return result.output.count('"blame-shift"')


@pytest.mark.parametrize(("lang", "name", "sentence"), NAMED)
def test_without_the_name_a_party_is_blamed(
    cli: Callable[..., Any], in_tmp: Path, lang: str, name: str, sentence: str
) -> None:
    (in_tmp / "a.md").write_text(f"{GREETING[lang]}\n\n{sentence} {SORRY[lang]}\n", "utf-8")
    assert _blames(cli, "a.md") == 1


@pytest.mark.parametrize(("lang", "name", "sentence"), NAMED)
def test_front_matter_names_the_company(
    cli: Callable[..., Any], in_tmp: Path, lang: str, name: str, sentence: str
) -> None:
    text = f"---\ncompany: {name}\n---\n{GREETING[lang]}\n\n{sentence} {SORRY[lang]}\n"
    (in_tmp / "a.md").write_text(text, "utf-8")
    assert _blames(cli, "a.md") == 0


@pytest.mark.parametrize(("lang", "name", "sentence"), NAMED)
def test_config_names_the_company(
    cli: Callable[..., Any], in_tmp: Path, lang: str, name: str, sentence: str
) -> None:
    (in_tmp / ".apologia.yaml").write_text(f"company: {name}\n", "utf-8")
    (in_tmp / "a.md").write_text(f"{GREETING[lang]}\n\n{sentence} {SORRY[lang]}\n", "utf-8")
    assert _blames(cli, "a.md") == 0


@pytest.mark.parametrize(("lang", "name", "sentence"), NAMED)
def test_the_signature_names_the_company(
    cli: Callable[..., Any], in_tmp: Path, lang: str, name: str, sentence: str
) -> None:
    text = f"{GREETING[lang]}\n\n{sentence} {SORRY[lang]}\n\n{CLOSING[lang]}\n{name}\n"
    (in_tmp / "a.md").write_text(text, "utf-8")
    assert _blames(cli, "a.md") == 0


def test_the_company_beside_a_blamed_vendor(cli: Callable[..., Any], in_tmp: Path) -> None:
    text = (
        "---\ncompany: Harbour Couriers\n---\nDear customer,\n\n"
        "We are sorry. The delay was caused by our supplier Rapido, "
        "who sent the wrong stock to Harbour Couriers.\n"
    )
    (in_tmp / "a.md").write_text(text, "utf-8")
    assert _blames(cli, "a.md") == 1


@pytest.mark.parametrize("value", ["''", "[1, 2]", "7"])
def test_a_company_that_is_no_name_is_refused(
    cli: Callable[..., Any], in_tmp: Path, value: str
) -> None:
    (in_tmp / "a.md").write_text(f"---\ncompany: {value}\n---\nDear customer,\n", "utf-8")
    result = cli("lint", "a.md")
    assert result.exit_code == 2
    assert "a.md:2" in result.output and "company" in result.output
    (in_tmp / "b.md").write_text("Dear customer,\n", "utf-8")
    (in_tmp / ".apologia.yaml").write_text(f"company: {value}\n", "utf-8")
    result = cli("lint", "b.md")
    assert result.exit_code == 2
    assert ".apologia.yaml" in result.output and "company" in result.output


# (lang, name, a sentence with the name as the subject of a remedy, the step it gives)
ACTING = [
    ("en", "Larkspur", "Larkspur has replaced the cracked boiler at no charge.", "fix"),
    ("es", "Brisa", "Brisa ha reembolsado el importe íntegro de la reserva.", "value"),
    ("ro", "Voltaj", "Voltaj a înlocuit contorul defect încă de luni.", "fix"),
]


def _steps(cli: Callable[..., Any]) -> str:
    result = cli("lint", "--show-steps", "a.md")
    assert result.exit_code in (0, 1), result.output
    return "\n".join(line for line in result.output.splitlines() if "company" in line)


@pytest.mark.parametrize(("lang", "name", "sentence", "step"), ACTING)
def test_the_named_company_acting_counts_as_the_company(
    cli: Callable[..., Any], in_tmp: Path, lang: str, name: str, sentence: str, step: str
) -> None:
    (in_tmp / "a.md").write_text(f"---\nlang: {lang}\n---\n{sentence}\n", "utf-8")
    assert step not in _steps(cli)
    (in_tmp / "a.md").write_text(f"---\nlang: {lang}\ncompany: {name}\n---\n{sentence}\n", "utf-8")
    assert step in _steps(cli)
    (in_tmp / ".apologia.yaml").write_text(f"company: {name}\n", "utf-8")
    (in_tmp / "a.md").write_text(f"---\nlang: {lang}\n---\n{sentence}\n", "utf-8")
    assert step in _steps(cli)


@pytest.mark.parametrize(("lang", "name", "sentence", "step"), ACTING)
def test_the_company_named_by_its_signature_acting_counts_as_the_company(
    cli: Callable[..., Any], in_tmp: Path, lang: str, name: str, sentence: str, step: str
) -> None:
    body = f"---\nlang: {lang}\n---\n{GREETING[lang]}\n\n{sentence} {SORRY[lang]}\n\n"
    (in_tmp / "a.md").write_text(body + f"{CLOSING[lang]}\nDana Ilie\n", "utf-8")
    assert step not in _steps(cli)  # signed by a person only: the name is no one here
    (in_tmp / "a.md").write_text(body + f"{CLOSING[lang]}\nDana Ilie\n{name}\n", "utf-8")
    assert step in _steps(cli)
