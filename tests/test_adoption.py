"""Adopting apologia on a repository that already has letters: the baseline, rule
selection, --exit-zero, --statistics, a report file and the CI job summary."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import BLAME, BLAME_LINE, GOOD, WARN

SECOND_BLAME = "Our courier also lost the spare lamp.\n"


def test_baseline_round_trip(cli: Any, write: Any, in_tmp: Path) -> None:
    write("letters/a.md", BLAME)
    write("letters/b.md", WARN)
    write("letters/good.md", GOOD["en"])
    w = cli("lint", "--write-baseline", "apologia-baseline.json", "letters")
    assert w.exit_code == 0, w.stderr
    assert "wrote 2 problems to the baseline apologia-baseline.json" in w.stderr
    doc = json.loads((in_tmp / "apologia-baseline.json").read_text("utf-8"))
    assert [(e["path"], e["rule"], e["count"]) for e in doc["entries"]] == [
        ("letters/a.md", "blame-shift", 1),
        ("letters/b.md", "minimizing", 1),
    ]
    # Nothing new: green, from any folder (paths are relative to the baseline file).
    r = cli("lint", "--baseline", "apologia-baseline.json", "--fail-on", "warning", "letters")
    assert r.exit_code == 0, r.stdout
    assert r.stdout == "No problems in 3 files.\n"
    # An edit elsewhere in a.md moves the known problem down a line: still matched.
    write("letters/a.md", "Dear Ms. Quinn,\n\n\n" + BLAME.split("\n", 2)[2])
    r = cli("lint", "-q", "--baseline", "apologia-baseline.json", "letters")
    assert (r.exit_code, r.stdout) == (0, "")
    # A new problem is reported; the baseline's entry for it is not reused.
    write("letters/c.md", BLAME)
    r = cli("lint", "-q", "--baseline", "apologia-baseline.json", "letters")
    assert r.exit_code == 1
    assert r.stdout.splitlines() == [
        f"letters/c.md:{BLAME_LINE}:1: error blame-shift blames someone else for the "
        "failure: “Our courier also lost”"
    ]
    # A fixed problem leaves a stale entry, listed for pruning.
    write("letters/b.md", GOOD["en"])
    r = cli("lint", "-q", "--baseline", "apologia-baseline.json", "letters/b.md")
    assert r.exit_code == 0
    # Only the files linted this time: a.md's entry is not called stale.
    assert "1 baseline entry in apologia-baseline.json no longer occurs" in r.stderr
    assert "  letters/b.md minimizing " in r.stderr


def test_a_broken_baseline_is_exit_2(cli: Any, write: Any) -> None:
    write("a.md", BLAME)
    write("base.json", "{not json")
    r = cli("lint", "--baseline", "base.json", "a.md")
    assert r.exit_code == 2
    assert r.stderr.startswith("apologia: base.json:1: not a baseline (JSON)")
    write("base.json", '{"version": 9, "entries": []}')
    r = cli("lint", "--baseline", "base.json", "a.md")
    assert r.exit_code == 2 and "not an apologia baseline" in r.stderr


def test_select_ignore_exit_zero_and_statistics(cli: Any, write: Any) -> None:
    write("a.md", BLAME.replace("We are sorry.", "We are sorry for any inconvenience caused."))
    write("b.md", BLAME)
    both = cli("lint", "-q", "a.md", "b.md")
    rules = sorted({line.split()[2] for line in both.stdout.splitlines()})
    assert rules == ["blame-shift", "minimizing"]
    r = cli("lint", "-q", "--select", "minimizing", "a.md", "b.md")
    assert (r.exit_code, [ln.split()[2] for ln in r.stdout.splitlines()]) == (0, ["minimizing"])
    r = cli("lint", "-q", "--ignore", "blame-shift,minimizing", "a.md", "b.md")
    assert (r.exit_code, r.stdout) == (0, "")
    assert cli("lint", "-q", "--exit-zero", "a.md", "b.md").exit_code == 0
    r = cli("lint", "--statistics", "a.md", "b.md")
    assert (r.exit_code, r.stdout) == (1, "2  blame-shift  (error)\n1  minimizing  (warning)\n")
    doc = json.loads(cli("lint", "--statistics", "--format", "json", "a.md", "b.md").stdout)
    assert doc[0] == {"rule": "blame-shift", "count": 2, "errors": 2, "warnings": 0}
    r = cli("lint", "--select", "blame-shfit", "a.md")
    assert r.exit_code == 2
    assert (
        r.stderr
        == "apologia: --select: unknown rule id 'blame-shfit'; did you mean 'blame-shift'?\n"
    )
    # --exit-zero never hides a file that could not be read.
    assert cli("lint", "--exit-zero", "a.md", "missing.md").exit_code == 2


def test_output_file_keeps_problems_in_the_log_and_summary(
    cli: Any, write: Any, in_tmp: Path
) -> None:
    write("letters/a.md", BLAME)
    write("letters/good.md", GOOD["es"])
    summary = in_tmp / "summary.md"
    summary.write_text("earlier step\n", "utf-8")
    r = cli(
        "lint",
        "--output-file",
        "apologia.sarif",
        "--summary",
        str(summary),
        "./letters",
        env={"GITHUB_ACTIONS": "true"},
    )
    assert r.exit_code == 1
    sarif = json.loads((in_tmp / "apologia.sarif").read_text("utf-8"))
    assert [res["ruleId"] for res in sarif["runs"][0]["results"]] == ["blame-shift"]
    # The log still has the problem, as an annotation on the repository path.
    assert r.stdout.startswith(f"::error file=letters/a.md,line={BLAME_LINE},")
    text = summary.read_text("utf-8")
    assert text.startswith("earlier step\n## apologia: 1 problem (1 errors, 0 warnings) in 2 files")
    assert "| `blame-shift` | 1 | 0 |" in text
    assert "| letters/a.md | 1 | 0 |" in text
