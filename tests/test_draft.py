"""`apologia draft`: refusals, bad input, output files, --check, and the real command."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from test_incident_fixtures import dump, incident

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"

Cli = Callable[..., Any]
Write = Callable[..., Path]


def files_in(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("over", "field", "what"),
    [
        (
            {"order": ["responsibility", "regret", "value", "explanation", "fix"]},
            "order",
            "regret comes before the first remedy",
        ),
        (
            {
                "responsibility": "We are deeply sorry.",
                "order": ["responsibility", "value", "explanation", "fix", "regret"],
            },
            "responsibility",
            "states regret in the responsibility step",
        ),
        (
            {"explanation": {"root_cause": "Our courier lost your parcel."}},
            "explanation.root_cause",
            "shifts blame",
        ),
        (
            {"fix": ["Circumstances beyond our control delayed the fix, so we now check twice"]},
            "fix[0]",
            "shifts blame",
        ),
        (
            {"incident__severity": "major", "value": ["Our heartfelt thoughts"]},
            "value",
            "severity is major, and no offer restores concrete value",
        ),
        (
            {"incident__prior_incidents": ["INC-1"], "value": ["Our heartfelt thoughts"]},
            "value",
            "this is a repeat failure",
        ),
    ],
)
def test_refusals_write_nothing(
    cli: Cli, write: Write, in_tmp: Path, over: dict[str, Any], field: str, what: str
) -> None:
    path = write("i.yaml", dump(incident("en", **over)))
    before = files_in(in_tmp)
    result = cli("draft", str(path), "--out-dir", "out")
    assert result.exit_code == 1, result.output
    line = next(x for x in result.stderr.splitlines() if what in x)
    assert line.startswith(f"apologia: refused: {path}:")
    assert f": {field}: " in line
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert files_in(in_tmp) == before


@pytest.mark.parametrize(
    ("lang", "root_cause"),
    [
        pytest.param("es", "La empresa de transporte perdió su paquete."),
        pytest.param("ro", "Curierul a pierdut coletul dumneavoastră."),
    ],
)
def test_blame_refused_in_the_fields_language(
    cli: Cli, write: Write, lang: str, root_cause: str
) -> None:
    path = write("i.yaml", dump(incident(lang, explanation={"root_cause": root_cause})))
    result = cli("draft", str(path))
    assert result.exit_code == 1
    assert "explanation.root_cause: shifts blame" in result.stderr
    assert result.stdout == ""


def test_blame_refused_in_one_translation_names_the_language(cli: Cli, write: Write) -> None:
    data = incident(
        ["en", "es"],
        value=[{"en": "A full refund", "es": "El reembolso íntegro"}],
        explanation={
            "root_cause": {
                "en": "Two bins swapped labels in our warehouse.",
                "es": "El proveedor nos envió cajas mal etiquetadas.",
            }
        },
        fix=[{"en": "A label check at packing", "es": "Un nuevo control de etiquetas"}],
    )
    path = write("i.yaml", dump(data))
    result = cli("draft", str(path), "--lang", "en")
    assert result.exit_code == 1
    assert "explanation.root_cause.es: shifts blame" in result.stderr


def test_lint_error_in_the_rendered_letter_refuses(cli: Cli, write: Write, in_tmp: Path) -> None:
    tpl = in_tmp / "tpl" / "en"
    tpl.mkdir(parents=True)
    # A template that says sorry first and never offers a remedy.
    (tpl / "letter.md.j2").write_text("We are sorry if you feel upset.\n")
    path = write("i.yaml", dump(incident("en")))
    result = cli("draft", str(path), "--templates", str(in_tmp / "tpl"), "-o", "out.md")
    assert result.exit_code == 1
    assert "en letter (md), line" in result.stderr and "missing-step" in result.stderr
    assert not (in_tmp / "out.md").exists()


def test_regret_in_a_late_field_is_fine(cli: Cli, write: Write) -> None:
    path = write("i.yaml", dump(incident("en", regret="We are so sorry.")))
    assert cli("draft", str(path)).exit_code == 0


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("apologia: [\n", ":2:1: malformed YAML"),
        ("- 1\n", ":1:1: expected a mapping"),
        (b"apologia: 1\nx: \xff\n", ":2:4: not valid UTF-8"),
        ("apologia: 1\napologia: 1\n", ":2:1: apologia: key appears twice"),
    ],
)
def test_bad_input_exit_2_without_traceback(
    cli: Cli, write: Write, text: str | bytes, expect: str
) -> None:
    path = write("i.yaml", text)
    result = cli("draft", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"apologia: {path}{expect}")
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_every_schema_error_one_line_each(cli: Cli, write: Write) -> None:
    data = incident("en", apologia=3, order=["value"])
    del data["company"]["name"]
    path = write("i.yaml", dump(data))
    result = cli("draft", str(path))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 3 and all(x.startswith(f"apologia: {path}:") for x in lines)
    assert any("apologia: unsupported schema version 3" in x for x in lines)
    assert any("company.name: required field is missing" in x for x in lines)
    assert any("order: missing responsibility" in x for x in lines)


@pytest.mark.parametrize(
    ("args", "what"),
    [
        (["--lang", "fr"], "fr is not a language of this incident; use en or all"),
        (["--lang", "es"], "es is not a language of this incident"),
        (["-o", "a.md", "--out-dir", "d"], "not both"),
        (["--templates", "no-such-dir"], "no such folder"),
        (["--check", "nope.md"], "no such letter"),
    ],
)
def test_usage_errors(cli: Cli, write: Write, args: list[str], what: str) -> None:
    path = write("i.yaml", dump(incident("en")))
    result = cli("draft", str(path), *args)
    assert result.exit_code == 2, result.output
    assert what in result.stderr


def test_o_with_several_languages_is_a_usage_error(cli: Cli) -> None:
    path = EXAMPLES / "incidents" / "voltaj-instalare-ratata.yaml"
    result = cli("draft", str(path), "-o", "x.md")
    assert result.exit_code == 2 and "-o takes one letter" in result.stderr


# --------------------------------------------------------------------------- output


def test_stdout_by_default(cli: Cli, write: Write) -> None:
    path = write("i.yaml", dump(incident("en")))
    result = cli("draft", str(path))
    assert result.exit_code == 0
    assert result.stdout.startswith("---\nlang: en\n") and "Dear Ms. Quinn," in result.stdout


def test_several_languages_to_stdout_have_headers(cli: Cli) -> None:
    path = EXAMPLES / "incidents" / "voltaj-instalare-ratata.yaml"
    result = cli("draft", str(path), "--format", "txt")
    assert result.exit_code == 0
    assert "==> INC-2025-007.ro.txt <==\nStimate domnule Ionescu," in result.stdout
    assert "==> INC-2025-007.en.txt <==\nDear Mr. Ionescu," in result.stdout


def test_out_dir_naming_overwrite_and_force(cli: Cli, in_tmp: Path) -> None:
    path = EXAMPLES / "incidents" / "voltaj-instalare-ratata.yaml"
    result = cli("draft", str(path), "--lang", "all", "--format", "html", "--out-dir", "out")
    assert result.exit_code == 0, result.output
    assert files_in(in_tmp / "out") == {
        "INC-2025-007.ro.html",
        "INC-2025-007.en.html",
        "INC-2025-007.es.html",
    }
    ro = (in_tmp / "out" / "INC-2025-007.ro.html").read_text("utf-8")
    assert '<html lang="ro">' in ro
    (in_tmp / "out" / "INC-2025-007.ro.html").write_text("old")
    again = cli("draft", str(path), "--format", "html", "--out-dir", "out")
    assert again.exit_code == 2 and "--force" in again.stderr
    assert (in_tmp / "out" / "INC-2025-007.ro.html").read_text() == "old"
    forced = cli("draft", str(path), "--format", "html", "--out-dir", "out", "--force")
    assert forced.exit_code == 0
    assert (in_tmp / "out" / "INC-2025-007.ro.html").read_text("utf-8") == ro
    assert files_in(in_tmp / "out") == {
        "INC-2025-007.ro.html",
        "INC-2025-007.en.html",
        "INC-2025-007.es.html",
    }


def test_one_existing_file_blocks_the_whole_set(cli: Cli, in_tmp: Path) -> None:
    path = EXAMPLES / "incidents" / "voltaj-instalare-ratata.yaml"
    (in_tmp / "out").mkdir()
    (in_tmp / "out" / "INC-2025-007.en.md").write_text("mine")
    result = cli("draft", str(path), "--out-dir", "out")
    assert result.exit_code == 2
    assert files_in(in_tmp / "out") == {"INC-2025-007.en.md"}


def test_output_file_and_subset_of_languages(cli: Cli, in_tmp: Path) -> None:
    path = EXAMPLES / "incidents" / "voltaj-instalare-ratata.yaml"
    result = cli("draft", str(path), "--lang", "en", "-o", "letter.txt", "--format", "txt")
    assert result.exit_code == 0
    assert (in_tmp / "letter.txt").read_text("utf-8").startswith("Dear Mr. Ionescu,")
    assert cli("draft", str(path), "--lang", "en", "-o", "letter.txt").exit_code == 2


def test_atomic_write_leaves_no_temporary_file(
    cli: Cli, write: Write, in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write("i.yaml", dump(incident("en")))
    (in_tmp / "letter.md").write_text("old letter")

    def boom(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    result = cli("draft", str(path), "-o", "letter.md", "--force")
    assert result.exit_code == 2 and "No space left" in result.stderr
    assert (in_tmp / "letter.md").read_text() == "old letter"
    assert files_in(in_tmp) == {"i.yaml", "letter.md"}


def test_check_fresh_and_stale(cli: Cli, write: Write, in_tmp: Path) -> None:
    path = write("i.yaml", dump(incident("en")))
    assert cli("draft", str(path), "-o", "INC-7.en.md").exit_code == 0
    fresh = cli("draft", str(path), "--check", "INC-7.en.md")
    assert fresh.exit_code == 0 and fresh.stdout == ""
    write("i.yaml", dump(incident("en", regret="We know it mattered.")))
    stale = cli("draft", str(path), "--check", "INC-7.en.md")
    assert stale.exit_code == 1
    assert stale.stdout.startswith("--- INC-7.en.md\n+++ INC-7.en.md (rendered)\n")
    assert "+" in stale.stdout and "We know it mattered." in stale.stdout
    assert "stale" in stale.stderr
    assert (in_tmp / "INC-7.en.md").read_text("utf-8").count("mattered") == 0


def test_check_picks_language_and_format_from_the_name(cli: Cli, in_tmp: Path) -> None:
    path = EXAMPLES / "incidents" / "voltaj-instalare-ratata.yaml"
    assert (
        cli(
            "draft", str(path), "--lang", "ro", "--format", "eml", "-o", "INC-2025-007.ro.eml"
        ).exit_code
        == 0
    )
    assert cli("draft", str(path), "--check", "INC-2025-007.ro.eml").exit_code == 0


@pytest.mark.parametrize(
    "incident_file", sorted((EXAMPLES / "incidents").glob("*.yaml")), ids=lambda p: p.stem
)
def test_example_letters_are_fresh(cli: Cli, incident_file: Path) -> None:
    """examples/letters/ is what the examples render to; redraft with --force if this fails."""
    from apologia.incident import load

    inc = load(incident_file).incident
    for lang in inc.langs:
        letter = EXAMPLES / "letters" / f"{inc.incident.id}.{lang}.md"
        result = cli("draft", str(incident_file), "--lang", lang, "--check", str(letter))
        assert result.exit_code == 0, result.stdout + result.stderr


def test_example_letters_lint_clean(cli: Cli) -> None:
    # Only the drafted letters (<id>.<lang>.md); hand-written ones live beside them.
    drafted = sorted(str(p) for p in (EXAMPLES / "letters").glob("INC-*.*.md"))
    assert len(drafted) >= 4
    result = cli("lint", *drafted, "--format", "json")
    assert result.exit_code == 0
    import json

    report = json.loads(result.stdout)
    for entry in report["files"]:
        steps = {s["step"] for s in entry["steps"]}
        assert steps == {"value", "responsibility", "explanation", "fix", "regret"}, entry
        errors = [p for p in entry["problems"] if p["severity"] == "error"]
        assert errors == [], entry


# --------------------------------------------------------------------------- real command


def test_installed_command(apologia_exe: str, tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(dump(incident("es", formal=False)), encoding="utf-8")
    ok = subprocess.run(
        [apologia_exe, "draft", str(good), "--format", "txt"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert ok.returncode == 0 and ok.stdout.startswith("Hola, Rosa:")
    bad = tmp_path / "bad.yaml"
    bad.write_text("apologia: [\n")
    r = subprocess.run(
        [apologia_exe, "draft", str(bad)], capture_output=True, text=True, cwd=tmp_path
    )
    assert r.returncode == 2 and "Traceback" not in r.stderr and r.stdout == ""
    assert r.stderr.startswith(f"apologia: {bad}:2:1: malformed YAML")
    out = subprocess.run(
        [apologia_exe, "draft", str(good), "--out-dir", str(tmp_path / "l")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert out.returncode == 0 and (tmp_path / "l" / "INC-7.es.md").is_file()


def test_a_regional_tag_of_an_incident_language_drafts_that_variant(cli: Cli) -> None:
    # The incident lists es; es-MX drafts its Spanish text in Mexican wording and formats.
    incident = str(EXAMPLES / "incidents" / "brio-cobro-duplicado.yaml")
    spain = cli("draft", incident, "--lang", "es")
    mexico = cli("draft", incident, "--lang", "es-mx")
    assert spain.exit_code == 0 and mexico.exit_code == 0, mexico.stderr
    assert "lang: es-MX" in mexico.stdout
    assert "por valor de 39,90\u00a0€" in spain.stdout
    assert "por un monto de" in mexico.stdout and "por valor de" not in mexico.stdout
    unknown = cli("draft", incident, "--lang", "fr-FR")
    assert unknown.exit_code == 2
    assert "fr-FR is not a language of this incident" in unknown.stderr
