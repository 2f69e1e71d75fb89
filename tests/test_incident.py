"""Incident loading: schema v1, every bad input named by file, line, column and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from apologia.errors import ApologiaError
from apologia.incident import InvalidIncident, format_path, load, loads
from test_incident_fixtures import dump, incident

REPO = Path(__file__).resolve().parent.parent


def errors_of(text: str) -> list[str]:
    with pytest.raises(ApologiaError) as info:
        loads(text, "i.yaml")
    exc = info.value
    items = exc.errors if isinstance(exc, InvalidIncident) else (exc,)
    return [ApologiaError.__str__(e) for e in items]


def test_examples_load() -> None:
    for path in sorted((REPO / "examples" / "incidents").glob("*.yaml")):
        loaded = load(path)
        assert loaded.incident.incident.id


def test_defaults() -> None:
    inc = loads(dump(incident())).incident
    assert inc.order == ["value", "responsibility", "explanation", "fix", "regret"]
    assert inc.customer.formal is True
    assert inc.incident.within_our_control is True
    assert inc.langs == ("en",)


def test_format_path() -> None:
    assert format_path(("fix", 1, "es")) == "fix[1].es"
    assert format_path(("explanation", "root_cause")) == "explanation.root_cause"


def test_all_errors_with_line_column_and_field() -> None:
    text = (
        "apologia: 2\n"  # 1
        "lang: [en, ro]\n"  # 2
        "incident:\n"  # 3
        "  id: INC 1\n"  # 4
        "  severity: huge\n"  # 5
        "  occured: 2024-01-01\n"  # 6
        "company: {name: X, signer: Y}\n"  # 7
        "customer: {name: Z, formal: 3}\n"  # 8
        "value:\n"  # 9
        "  - {en: a}\n"  # 10
        "explanation: {root_cause: {en: x, ro: ''}}\n"  # 11
        "fix: []\n"  # 12
        "order: [value, fix, fix]\n"  # 13
    )
    got = errors_of(text)
    expected = [
        ("i.yaml:1:11: apologia:", "unsupported schema version 2"),
        ("i.yaml:4:7: incident.id:", "not a valid id"),
        ("i.yaml:5:13: incident.severity:", "minor, major or critical"),
        ("i.yaml:6:3: incident.occured:", "unknown key 'occured'; valid keys here: id,"),
        ("i.yaml:8:29: customer.formal:", "expected true or false"),
        ("i.yaml:10:5: value[0]:", "missing the ro text"),
        ("i.yaml:11:39: explanation.root_cause.ro:", "must not be empty"),
        ("i.yaml:12:6: fix:", "at least one"),
        ("i.yaml:13:8: order:", "repeated fix"),
    ]
    assert len(got) == len(expected), got
    for line, (where, what) in zip(got, expected, strict=True):
        assert line.startswith(where) and what in line, line


@pytest.mark.parametrize(
    ("text", "where", "what"),
    [
        ("apologia: [\n", "i.yaml:2:1", "malformed YAML"),
        ("- a\n- b\n", "i.yaml:1:1", "expected a mapping"),
        ("", "i.yaml:1:1", "empty"),
        ("apologia: 1\napologia: 1\n", "i.yaml:2:1: apologia", "twice"),
        ("a: 1\n---\nb: 2\n", "i.yaml:2:1", "malformed YAML"),
        ("apologia: 1\nincident: {occurred: 2024-13-45}\n", "i.yaml:2:22", "invalid date"),
        ("apologia: '1'\n", "i.yaml:1:11: apologia", "unsupported schema version '1'"),
        ("apologia: true\n", "i.yaml:1:11: apologia", "unsupported schema version True"),
        ('apologia: 1\nbell: "\x07"\n', "i.yaml:2", "not allowed"),
    ],
)
def test_bad_yaml(text: str, where: str, what: str) -> None:
    got = errors_of(text)
    assert any(line.startswith(where) and what in line for line in got), got


def test_missing_required_fields_named() -> None:
    data = incident()
    del data["company"]["signer"]
    del data["explanation"]["root_cause"]
    del data["fix"]
    got = errors_of(dump(data))
    fields = {line.split(": ")[1] for line in got}
    assert fields == {"company.signer", "explanation.root_cause", "fix"}
    assert all("required field is missing" in line for line in got)


def test_unknown_language_and_translation_rules() -> None:
    data = incident(lang="en", regret={"fr": "Pardon"})
    assert "unknown language 'fr'" in errors_of(dump(data))[0]
    data = incident(lang="en", regret={"es": "Lo sentimos."})
    assert "regret: missing the en text" in errors_of(dump(data))[0]
    data = incident(lang="en", regret={"en": "Sorry.", "es": "Lo sentimos."})
    assert "es is not one of the file's languages" in errors_of(dump(data))[0]
    data = incident(lang=["en", "es"])
    got = errors_of(dump(data))
    assert any("value[0]: a plain string serves a one-language file" in g for g in got)
    # A label (a name or title) may be a plain string in a multi-language file.
    data = incident(
        lang=["en", "es"],
        value=[{"en": "A refund", "es": "Un reembolso"}],
        explanation={"root_cause": {"en": "A bug.", "es": "Un fallo."}},
        fix=[{"en": "A new check", "es": "Un nuevo control"}],
    )
    assert loads(dump(data)).incident.customer.salutation == "Ms. Quinn"


@pytest.mark.parametrize(
    ("over", "what"),
    [
        ({"lang": "fr"}, "lang: fr is not valid; use en, es or ro"),
        ({"lang": ["en", "en"]}, "lang: en is listed twice"),
        ({"lang": 3}, "lang: expected en, es or ro"),
        ({"order": ["value", "fix"]}, "order: missing responsibility, explanation, regret"),
        (
            {"order": ["value", "fix", "sorry", "responsibility", "explanation"]},
            "order[2]: sorry is not valid",
        ),
        (
            {"value": [{"amount": 5, "currency": "XYZ", "text": "A credit"}]},
            "value[0].currency: XYZ is not an ISO 4217",
        ),
        (
            {"value": [{"amount": 5, "text": "A credit"}]},
            "value[0].currency: required field is missing",
        ),
        ({"value": [7]}, "value[0]: expected text, a mapping"),
        ({"impact": ["a"]}, "impact: expected text, or a mapping"),
        ({"incident__detected": "2025-01-01"}, "detected (2025-01-01) is before occurred"),
        ({"incident__prior_incidents": "INC-1"}, "expected a list"),
        ({"company__name": "A\nB"}, "company.name: must be one line"),
    ],
)
def test_schema_errors(over: dict[str, object], what: str) -> None:
    got = errors_of(dump(incident(**over)))
    assert any(what in line for line in got), got


def test_wrong_encoding_and_missing_file(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes("apologia: 1\ntitle: caf\xe9\n".encode("latin-1"))
    with pytest.raises(ApologiaError) as info:
        load(bad)
    assert str(info.value).startswith(f"{bad}:2:11:") and "not valid UTF-8" in str(info.value)
    with pytest.raises(ApologiaError, match="no such file"):
        load(tmp_path / "nope.yaml")
    with pytest.raises(ApologiaError, match="is a directory"):
        load(tmp_path)


def test_bom_is_accepted() -> None:
    assert loads("\ufeff" + dump(incident())).incident.incident.id == "INC-7"


def test_free_texts_know_their_step_and_line() -> None:
    loaded = loads(dump(incident(regret="We know it mattered.", impact="You waited.")))
    fields = {f.field: (f.step.value if f.step else None, f.line) for f in loaded.free_texts()}
    assert fields["value[0]"][0] == "value"
    assert fields["explanation.root_cause"][0] == "explanation"
    assert fields["regret"][0] == "regret" and fields["impact"][0] == "regret"
    assert fields["fix[0]"][1] > fields["value[0]"][1]
