"""Repeat failures across the repository: `apologia history` and the draft's repeat data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from test_incident_fixtures import filled_starter

# The English starter, filled in, as a major failure of customer riverside-cc.
BASE = (
    filled_starter("en")
    .replace("id: INC-0001", "id: INC-2024-031")
    .replace("title: Your order arrived late", "title: TITLE")
    .replace("occurred: 2025-01-15", "occurred: 2024-09-02\n  detected: 2024-09-05")
    .replace("severity: minor", "severity: major")
    .replace("customer:\n", "customer:\n  id: riverside-cc\n")
)


def incident(
    root: Path, number: int, day: str, title: str, prior: list[str], customer: str = "acme-7"
) -> Path:
    text = (
        BASE.replace("id: INC-2024-031", f"id: INC-{number}")
        .replace("title: TITLE", f"title: {title}")
        .replace("occurred: 2024-09-02", f"occurred: {day}")
        .replace("detected: 2024-09-05", f"detected: {day}")
        .replace("prior_incidents: []", f"prior_incidents: [{', '.join(prior)}]")
        .replace("id: riverside-cc", f"id: {customer}")
    )
    path = root / "incidents" / f"inc-{number}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def test_history_lists_a_customers_incidents(cli: Any, in_tmp: Path) -> None:
    incident(in_tmp, 3, "2024-09-02", "Textbooks of the wrong edition", ["INC-1"])
    incident(in_tmp, 1, "2024-03-03", "Missed delivery", [])
    incident(in_tmp, 2, "2024-06-10", "Wrong invoice", [], customer="other-9")
    (in_tmp / "notes.yaml").write_text("acme-7: not an incident\n", "utf-8")
    r = cli("history", "acme-7")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.splitlines() == [
        "2024-03-03  INC-1  major     Missed delivery  [incidents/inc-1.yaml]",
        "2024-09-02  INC-3  major     Textbooks of the wrong edition  [incidents/inc-3.yaml]",
    ]
    doc = json.loads(cli("history", "acme-7", "--format", "json").stdout)
    assert doc["customer"] == "acme-7"
    assert [(i["id"], i["date"], i["prior_incidents"]) for i in doc["incidents"]] == [
        ("INC-1", "2024-03-03", []),
        ("INC-3", "2024-09-02", ["INC-1"]),
    ]
    none = cli("history", "nobody")
    assert (none.exit_code, none.stdout) == (0, "")
    assert "no incidents of customer 'nobody'" in none.stderr


def test_draft_warns_about_unlisted_earlier_incidents_and_dates_the_repeat(
    cli: Any, in_tmp: Path
) -> None:
    incident(in_tmp, 1, "2024-03-03", "Missed delivery", [])
    incident(in_tmp, 2, "2024-06-10", "Wrong invoice", [])
    incident(in_tmp, 4, "2024-12-01", "Later trouble", [])  # after: not "earlier"
    third = incident(in_tmp, 3, "2024-09-02", "Wrong edition shipped", ["INC-1"])
    r = cli("draft", str(third.relative_to(in_tmp)))
    assert r.exit_code == 0, r.stderr
    assert r.stderr == (
        "apologia: incidents/inc-3.yaml: warning: earlier incidents of customer acme-7 are "
        "not in incident.prior_incidents: INC-2 (2024-06-10, Wrong invoice); list them "
        "there so the letter acknowledges the repeat\n"
    )
    # The letter names the earlier failure by its date, never by its internal id.
    assert "the second time we have let you down, after what happened on March 3, 2024." in (
        r.stdout
    )
    assert "INC-1" not in r.stdout.split("---\n", 2)[2]
    # Listed: no warning, and both earlier incidents are named with their dates.
    third = incident(in_tmp, 3, "2024-09-02", "Wrong edition shipped", ["INC-1", "INC-2"])
    r = cli("draft", "incidents/inc-3.yaml")
    assert (r.exit_code, r.stderr) == (0, "")
    dates = "March 3, 2024 and June 10, 2024"
    assert f"the third time we have let you down, after what happened on {dates}." in r.stdout


def test_incidents_glob_from_the_config_narrows_the_search(cli: Any, in_tmp: Path) -> None:
    incident(in_tmp, 1, "2024-03-03", "Missed delivery", [])
    archived = incident(in_tmp / "archive", 2, "2024-06-10", "Wrong invoice", [])
    (in_tmp / ".apologia.yaml").write_text("incidents: ['incidents/*.yaml']\n", "utf-8")
    r = cli("history", "acme-7")
    assert r.exit_code == 0, r.stderr
    assert [line.split()[1] for line in r.stdout.splitlines()] == ["INC-1"]
    assert archived.exists()


def test_a_broken_incident_file_is_a_warning_not_a_crash(cli: Any, in_tmp: Path) -> None:
    incident(in_tmp, 1, "2024-03-03", "Missed delivery", [])
    (in_tmp / "incidents" / "bad.yaml").write_text(
        "apologia: 1\nincident: {id: X\ncustomer:\n  id: acme-7\n", "utf-8"
    )
    r = cli("history", "acme-7")
    assert r.exit_code == 0
    assert [line.split()[1] for line in r.stdout.splitlines()] == ["INC-1"]
    assert r.stderr.startswith("apologia: warning: incidents/bad.yaml:3:")
    assert r.stderr.endswith("not counted in the customer's history\n")
    assert len(r.stderr.splitlines()) == 1
