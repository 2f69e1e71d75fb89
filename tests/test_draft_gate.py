"""The draft gate cannot be talked past from inside an incident file: text in a field is
never a suppression comment, in any format, and an amount the letter prints as zero is
not value."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from test_incident_fixtures import filled_starter

INCIDENT = filled_starter()
CAUSE = "A scheduling error in our warehouse held your parcel for three days."
BLAME = "The courier lost your parcel, not us."


def refused(result: Any, folder: Path, *needles: str) -> str:
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 1, result.stderr
    assert "apologia: nothing was written" in result.stderr
    assert list(folder.iterdir()) == []
    for needle in needles:
        assert needle in result.stderr, result.stderr
    return str(result.stderr)


@pytest.mark.parametrize("fmt", ["md", "txt", "html", "eml"])
@pytest.mark.parametrize(
    "comment", ["<!-- apologia-disable -->", "<!-- apologia-disable blame-shift -->"]
)
def test_a_suppression_comment_in_a_field_suppresses_nothing(
    cli: Any, write: Any, in_tmp: Path, fmt: str, comment: str
) -> None:
    write("inc.yaml", INCIDENT.replace(CAUSE, f"{comment} {BLAME}"))
    (in_tmp / "out").mkdir()
    result = cli("draft", "inc.yaml", "--format", fmt, "--out-dir", "out")
    refused(result, in_tmp / "out", "explanation.root_cause", "shifts blame")


@pytest.mark.parametrize("fmt", ["txt", "eml"])
def test_a_comment_split_across_fields_suppresses_nothing(
    cli: Any, write: Any, in_tmp: Path, fmt: str
) -> None:
    # A disable in one field and the blame in another: each field is clean alone.
    text = INCIDENT.replace(
        "  We promised a date and did not keep it.", "  <!-- apologia-disable -->"
    ).replace(CAUSE, BLAME)
    write("inc.yaml", text)
    (in_tmp / "out").mkdir()
    result = cli("draft", "inc.yaml", "--format", fmt, "--out-dir", "out")
    refused(result, in_tmp / "out", "shifts blame")


MONEY = """value:
  - amount: {amount}
    currency: {currency}
    text: A goodwill gesture
"""


def serious(amount: str, currency: str = "USD") -> str:
    text = INCIDENT.replace("severity: minor ", "severity: major ")
    start = text.index("value:")
    end = text.index("responsibility:")
    return text[:start] + MONEY.format(amount=amount, currency=currency) + text[end:]


@pytest.mark.parametrize(("amount", "currency"), [("0.001", "USD"), ("0.4", "JPY")])
def test_an_amount_that_rounds_to_zero_is_not_value(
    cli: Any, write: Any, in_tmp: Path, amount: str, currency: str
) -> None:
    write("inc.yaml", serious(amount, currency))
    (in_tmp / "out").mkdir()
    result = cli("draft", "inc.yaml", "--out-dir", "out")
    refused(result, in_tmp / "out", f"value[0].amount: {amount} {currency} rounds to nothing")


def test_a_small_amount_that_shows_is_value(cli: Any, write: Any) -> None:
    write("inc.yaml", serious("0.01"))
    result = cli("draft", "inc.yaml")
    assert result.exit_code == 0, result.stderr
    assert "$0.01" in result.stdout


@pytest.mark.parametrize("amount", ['"' + "9" * 40 + '"', "1e400", "0.005"])
def test_any_amount_is_judged_without_a_traceback(cli: Any, write: Any, amount: str) -> None:
    # Longer than the decimal context's 28 digits, or exactly half a cent (printed 0.00).
    write("inc.yaml", serious(amount))
    result = cli("draft", "inc.yaml")
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code in (1, 2), result.stderr
    assert len(result.stderr.splitlines()) <= 2, result.stderr
    if amount == "0.005":
        assert "rounds to nothing" in result.stderr
