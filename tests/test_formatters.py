"""Formatters: Report in, exact text out (json, sarif, github, text)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from apologia import formatters
from apologia.errors import ApologiaError
from apologia.formatters import RuleInfo
from apologia.formatters.github import escape_data, escape_property
from apologia.formatters.sarif import artifact_uri
from apologia.formatters.text import cells
from apologia.model import (
    FileError,
    FileReport,
    FrontMatter,
    Hit,
    Letter,
    Passage,
    Problem,
    Report,
    Severity,
    Step,
)

SARIF_SCHEMA = Path("/work/shared/spec/sarif-schema-2.1.0.json")

RULES = [
    RuleInfo("blame-shift", Severity.ERROR, "Blames someone else.", "Own the failure."),
    RuleInfo("minimizing", Severity.WARNING, "Shrinks the harm.", "Do not shrink it."),
    RuleInfo("step-order", Severity.WARNING, "Steps out of order.", ""),
]

RAW = (
    "---\n"
    "lang: en\n"
    "---\n"
    "We have refunded your order.\n"
    "Our courier lost your parcel, sorry for any inconvenience.\n"
    "We are sorry.\n"
)


def _line_starts(text: str) -> tuple[int, ...]:
    starts = [0]
    starts.extend(i + 1 for i, ch in enumerate(text) if ch == "\n")
    return tuple(starts)


def make_report() -> Report:
    refund_at = RAW.index("refunded")
    sorry_at = RAW.index("We are sorry")
    value = Passage(
        index=0,
        start=RAW.index("We have"),
        end=RAW.index("order.") + 6,
        line=4,
        column=1,
        text="We have refunded your order.",
        step=Step.VALUE,
        step_hit=Hit("value", "refunded", refund_at, refund_at + 8),
    )
    blame = Passage(
        index=1,
        start=RAW.index("Our"),
        end=RAW.index("inconvenience.") + 14,
        line=5,
        column=1,
        text="Our courier lost your parcel, sorry for any inconvenience.",
    )
    regret = Passage(
        index=2,
        start=sorry_at,
        end=sorry_at + 13,
        line=6,
        column=1,
        text="We are sorry.",
        step=Step.REGRET,
        step_hit=Hit("regret", "we are sorry", sorry_at, sorry_at + 12),
        extra_steps=((Step.RESPONSIBILITY, Hit("responsibility", "we", sorry_at, sorry_at + 2)),),
    )
    letter = Letter(
        path="letters/a.md",
        raw=RAW,
        lang="en",
        passages=(value, blame, regret),
        front_matter=FrontMatter({"lang": "en"}, end_line=3),
        line_starts=_line_starts(RAW),
    )
    problems = (
        Problem(
            5,
            1,
            5,
            12,
            "the failure is blamed on a courier",
            "blame-shift",
            Severity.ERROR,
            Step.EXPLANATION,
            hint="say what we did wrong",
        ),
        Problem(
            5,
            31,
            5,
            58,
            "minimizes the harm",
            "minimizing",
            Severity.WARNING,
            None,
        ),
    )
    good = FileReport("letters/a.md", "en", steps=(value, regret), problems=problems, letter=letter)
    clean = FileReport("letters/b.txt", "es", steps=(), problems=())
    broken = FileReport("letters/bad.md", None, error=FileError("not valid UTF-8"))
    return Report(files=(good, clean, broken), version="1.0.0")


def render(name: str, report: Report | None = None, **kw: Any) -> str:
    fmt = formatters.get(name, formatters.Options(cwd="/work/repo", **kw), rules=RULES)
    return fmt.render(report or make_report())


# --- registry -------------------------------------------------------------------------


def test_registry_names_every_format() -> None:
    assert set(formatters.FORMATTERS) == {"text", "json", "sarif", "github"}
    for name in formatters.FORMATTERS:
        assert callable(formatters.get(name, rules=RULES).render)


def test_unknown_format_is_a_usage_error() -> None:
    with pytest.raises(ApologiaError, match="valid formats are: text, json, sarif, github"):
        formatters.get("xml")


def test_machine_formats_do_not_import_rich() -> None:
    code = (
        "import sys\n"
        "from apologia import formatters\n"
        "from apologia.model import Report\n"
        "for name in ('json', 'github', 'sarif'):\n"
        "    formatters.get(name, rules=[]).render(Report(files=(), version='1'))\n"
        "print(sorted(m for m in sys.modules if m == 'rich' or m.startswith('rich.')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


# --- json -----------------------------------------------------------------------------


def test_json_has_exactly_the_documented_shape() -> None:
    doc = json.loads(render("json"))
    assert list(doc) == ["tool", "files", "summary"]
    assert doc["tool"] == {"name": "apologia", "version": "1.0.0"}
    assert doc["summary"] == {"files": 3, "errors": 1, "warnings": 1}
    first = doc["files"][0]
    assert list(first) == ["path", "lang", "steps", "problems"]
    assert first["path"] == "letters/a.md"
    assert first["lang"] == "en"
    # One entry per (step, cue) pair, placed at the cue, line counted with front matter.
    assert first["steps"] == [
        {"step": "value", "line": 4, "column": 9, "cue": "refunded", "pattern": "refunded"},
        {
            "step": "regret",
            "line": 6,
            "column": 1,
            "cue": "We are sorry",
            "pattern": "we are sorry",
        },
        {"step": "responsibility", "line": 6, "column": 1, "cue": "We", "pattern": "we"},
    ]
    assert first["problems"][0] == {
        "rule": "blame-shift",
        "severity": "error",
        "line": 5,
        "column": 1,
        "end_line": 5,
        "end_column": 12,
        "message": "the failure is blamed on a courier",
        "step": "explanation",
    }
    assert first["problems"][1]["severity"] == "warning"
    assert first["problems"][1]["step"] is None


def test_json_steps_fall_back_to_passage_position_without_letter() -> None:
    report = make_report()
    good = report.files[0]
    bare = FileReport(good.path, good.lang, steps=good.steps, problems=())
    doc = json.loads(render("json", Report((bare,), "1.0.0")))
    assert [(s["line"], s["column"]) for s in doc["files"][0]["steps"]] == [(4, 1), (6, 1), (6, 1)]


def test_json_unjudged_file_has_error_and_no_problems() -> None:
    doc = json.loads(render("json"))
    broken = doc["files"][2]
    assert broken["error"] == "not valid UTF-8"
    assert broken["problems"] == []
    assert broken["steps"] == []


def test_json_keeps_non_ascii_readable() -> None:
    p = Problem(1, 1, 1, 5, "„ne pare rău” înainte de remediu", "step-order", Severity.WARNING)
    out = render("json", Report((FileReport("scrisoare.md", "ro", problems=(p,)),), "1.0.0"))
    assert "„ne pare rău” înainte" in out
    assert out.endswith("}\n")


# --- sarif ----------------------------------------------------------------------------


def _sarif_validator() -> Any:
    if not SARIF_SCHEMA.exists():
        pytest.skip(f"SARIF schema not found at {SARIF_SCHEMA}")
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    # This copy of the schema keeps the root under definitions/Root and has no top-level
    # constraints, so validating against it as-is would accept anything: point at Root.
    if "properties" not in schema and "Root" in schema.get("definitions", {}):
        schema = {**schema, "$ref": "#/definitions/Root"}
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def test_sarif_validates_against_the_official_schema() -> None:
    validator = _sarif_validator()
    doc = json.loads(render("sarif"))
    errors = sorted(validator.iter_errors(doc), key=str)
    assert errors == []
    # The validator must be able to fail, or the test above proves nothing.
    bad = {**doc, "version": "2.0.0"}
    del bad["runs"][0]["tool"]["driver"]["name"]
    assert list(validator.iter_errors(bad))


def test_sarif_run_lists_rules_and_results() -> None:
    doc = json.loads(render("sarif"))
    assert doc["version"] == "2.1.0"
    (run,) = doc["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "apologia"
    assert driver["version"] == "1.0.0"
    assert driver["informationUri"].startswith("https://")
    assert [r["id"] for r in driver["rules"]] == ["blame-shift", "minimizing", "step-order"]
    blame = driver["rules"][0]
    assert blame["shortDescription"] == {"text": "Blames someone else."}
    assert blame["fullDescription"] == {"text": "Own the failure."}
    assert "apologia explain blame-shift" in blame["help"]["text"]
    assert blame["defaultConfiguration"] == {"level": "error"}
    assert driver["rules"][1]["defaultConfiguration"] == {"level": "warning"}

    first, second = run["results"]
    assert first["ruleId"] == "blame-shift"
    assert first["ruleIndex"] == 0
    assert first["level"] == "error"
    assert first["message"] == {"text": "the failure is blamed on a courier"}
    loc = first["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "letters/a.md"}
    assert loc["region"] == {"startLine": 5, "startColumn": 1, "endLine": 5, "endColumn": 12}
    assert (second["ruleId"], second["ruleIndex"], second["level"]) == (
        "minimizing",
        1,
        "warning",
    )


def test_sarif_unjudged_files_become_notifications() -> None:
    (run,) = json.loads(render("sarif"))["runs"]
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "error"
    assert "not valid UTF-8" in note["message"]["text"]
    uri = note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "letters/bad.md"


def test_sarif_clean_run_is_successful_and_valid() -> None:
    validator = _sarif_validator()
    report = Report((FileReport("a.md", "en"),), "1.0.0")
    doc = json.loads(render("sarif", report))
    assert doc["runs"][0]["invocations"][0]["executionSuccessful"] is True
    assert doc["runs"][0]["results"] == []
    assert list(validator.iter_errors(doc)) == []


def test_sarif_describes_a_rule_the_caller_did_not_list() -> None:
    p = Problem(1, 1, 1, 2, "x", "ro-cedilla", Severity.ERROR)
    doc = json.loads(render("sarif", Report((FileReport("a.md", "ro", problems=(p,)),), "1")))
    driver = doc["runs"][0]["tool"]["driver"]
    result = doc["runs"][0]["results"][0]
    assert driver["rules"][result["ruleIndex"]]["id"] == "ro-cedilla"


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("letters/a.md", "letters/a.md"),
        ("./letters//a.md", "letters/a.md"),
        ("/work/repo/letters/a b.md", "letters/a%20b.md"),
        ("/work/repo/scrisori/ștergere#1.md", "scrisori/%C8%99tergere%231.md"),
        ("/elsewhere/x.md", "file:///elsewhere/x.md"),
        ("letters\\win\\a.md", "letters/win/a.md"),
        ("100%.md", "100%25.md"),
    ],
)
def test_sarif_uri_is_relative_with_forward_slashes_and_encoded(path: str, uri: str) -> None:
    assert artifact_uri(path, "/work/repo") == uri


# --- github ---------------------------------------------------------------------------


def test_github_one_command_per_problem() -> None:
    lines = render("github").splitlines()
    assert lines == [
        "::error file=letters/a.md,line=5,col=1,endLine=5,endColumn=12,title=blame-shift"
        "::the failure is blamed on a courier",
        "::warning file=letters/a.md,line=5,col=31,endLine=5,endColumn=58,title=minimizing"
        "::minimizes the harm",
        "::error file=letters/bad.md::not valid UTF-8",
    ]


def test_github_escapes_data_and_properties() -> None:
    p = Problem(2, 3, 2, 9, "50% off\r\nnext: a, b", "blame-shift", Severity.ERROR)
    out = render("github", Report((FileReport("dir,x/a:b%.md", "en", problems=(p,)),), "1"))
    assert out == (
        "::error file=dir%2Cx/a%3Ab%25.md,line=2,col=3,endLine=2,endColumn=9,"
        "title=blame-shift::50%25 off%0D%0Anext: a, b\n"
    )
    assert out.count("\n") == 1  # a newline in a message cannot start a new command


def test_github_escape_functions() -> None:
    assert escape_data("%\r\n:,") == "%25%0D%0A:,"
    assert escape_property("%\r\n:,") == "%25%0D%0A%3A%2C"
    assert escape_data("%0A") == "%250A"  # `%` first: existing escapes are not decoded


def test_github_prints_nothing_when_clean() -> None:
    assert render("github", Report((FileReport("a.md", "en"),), "1")) == ""


# --- text -----------------------------------------------------------------------------


EXPECTED_TEXT = [
    "letters/a.md:5:1: error blame-shift the failure is blamed on a courier",
    "  5 | Our courier lost your parcel, sorry for any inconvenience.",
    "    | ^^^^^^^^^^^",
    "    = hint: say what we did wrong",
    "",
    "letters/a.md:5:31: warning minimizing minimizes the harm",
    "  5 | Our courier lost your parcel, sorry for any inconvenience.",
    "    |                               ^^^^^^^^^^^^^^^^^^^^^^^^^^^",
    "",
    "letters/a.md: steps ✓ value  ✓ responsibility  ✗ explanation  ✗ fix  ✓ regret",
    "",
    "letters/bad.md: error: not valid UTF-8",
    "",
    "2 problems (1 error, 1 warning) in 2 files; 1 file could not be checked.",
]


def test_text_plain_shows_source_span_hint_and_steps() -> None:
    assert render("text").splitlines() == EXPECTED_TEXT


def test_text_quiet_prints_only_problem_lines() -> None:
    assert render("text", quiet=True).splitlines() == [
        "letters/a.md:5:1: error blame-shift the failure is blamed on a courier",
        "letters/a.md:5:31: warning minimizing minimizes the harm",
        "letters/bad.md: error: not valid UTF-8",
    ]


def test_text_same_span_shows_source_once() -> None:
    # Whole-letter problems (missing-step) share the span of the first passage.
    report = make_report()
    good = report.files[0]
    a = Problem(4, 1, 4, 29, "missing step: fix", "missing-step", Severity.ERROR, hint="fix it")
    b = Problem(
        4, 1, 4, 29, "missing step: explanation", "missing-step", Severity.ERROR, hint="explain it"
    )
    one = FileReport(good.path, "en", steps=good.steps, problems=(a, b), letter=good.letter)
    lines = render("text", Report((one,), "1")).splitlines()
    assert lines[:8] == [
        "letters/a.md:4:1: error missing-step missing step: fix",
        "  4 | We have refunded your order.",
        "    | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^",
        "    = hint: fix it",
        "",
        "letters/a.md:4:1: error missing-step missing step: explanation",
        "    = hint: explain it",
        "",
    ]


@pytest.mark.parametrize(
    ("line", "column", "end", "expected"),
    [
        # The span near the end of a long line: the start is cut, the span whole.
        (
            "x" * 150 + " our courier lost it.",
            152,
            163,
            ["  1 | …" + "x" * 72 + " our courier lost it.", "    | " + " " * 74 + "^" * 11],
        ),
        # Near the start: the end is cut.
        (
            "Our courier " + "y" * 200,
            1,
            12,
            ["  1 | Our courier " + "y" * 81 + "…", "    | " + "^" * 11],
        ),
        # A span wider than the room is cut, and so is its underline.
        ("z" * 200, 1, 201, ["  1 | " + "z" * 92 + "…", "    | " + "^" * 93]),
        ("z" * 9000, 1, 9001, ["  1 | " + "z" * 92 + "…", "    | " + "^" * 93]),
        # The span in the middle of a very long line: both sides cut, each marked.
        (
            "a" * 5000 + " our courier lost it. " + "b" * 5000,
            5002,
            5013,
            [
                "  1 | …" + "a" * 39 + " our courier lost it. " + "b" * 31 + "…",
                "    | " + " " * 41 + "^" * 11,
            ],
        ),
        # A tab is shown as four spaces and the carets follow it.
        ("\tOur courier.", 2, 13, ["  1 |     Our courier.", "    |     " + "^" * 11]),
        # Wide characters take two columns.
        ("全角 courier", 4, 11, ["  1 | 全角 courier", "    |      " + "^" * 7]),
    ],
)
def test_text_source_line_fits_the_width(
    line: str, column: int, end: int, expected: list[str]
) -> None:
    letter = Letter("l.md", line + "\n", "en", (), FrontMatter({}), line_starts=(0,))
    p = Problem(1, column, 1, end, "m", "blame-shift", Severity.ERROR)
    out = render("text", Report((FileReport("l.md", "en", problems=(p,), letter=letter),), "1"))
    lines = out.splitlines()
    assert lines[1:3] == expected
    assert all(cells(x) <= 100 for x in lines[1:3])


def test_text_span_past_line_end_and_empty_line() -> None:
    letter = Letter("l.md", "ab\n\n", "en", (), FrontMatter({}), line_starts=(0, 3))
    past = Problem(1, 2, 3, 1, "m", "step-order", Severity.WARNING)  # runs onto later lines
    empty = Problem(2, 1, 2, 1, "m", "step-order", Severity.WARNING)
    report = Report((FileReport("l.md", "en", problems=(past, empty), letter=letter),), "1")
    lines = render("text", report).splitlines()
    assert lines[1:3] == ["  1 | ab", "    |  ^"]
    assert lines[5:7] == ["  2 | ", "    | ^"]


def test_text_without_letter_prints_no_source_and_no_steps_line() -> None:
    p = Problem(3, 1, 3, 4, "m", "minimizing", Severity.WARNING, hint="do x")
    report = Report((FileReport("n.md", "en", problems=(p,)),), "1")
    assert render("text", report).splitlines() == [
        "n.md:3:1: warning minimizing m",
        "    = hint: do x",
        "",
        "1 problem (0 errors, 1 warning) in 1 file.",
    ]


def test_text_no_problems_summary() -> None:
    files = tuple(FileReport(f"{i}.md", "en") for i in range(4))
    assert render("text", Report(files, "1")) == "No problems in 4 files.\n"
    assert render("text", Report(files[:1], "1")) == "No problems in 1 file.\n"


def test_text_plain_has_no_escape_codes() -> None:
    assert "\x1b" not in render("text", show_steps=True)


def test_text_escapes_control_characters_from_letters() -> None:
    evil = "Sorry \x1b[2J\x1b]0;owned\x07 \x9b31m done\u202e"
    p = Problem(1, 1, 1, 5, evil, "minimizing", Severity.WARNING, hint=evil)
    letter = Letter("a.md", evil + "\n", "en", (), FrontMatter({}), line_starts=(0,))
    report = Report((FileReport("a\x1b.md", "en", problems=(p,), letter=letter),), "1")
    plain = render("text", report)
    assert "\x1b" not in plain and "\x07" not in plain and "\x9b" not in plain
    assert "\u202e" not in plain
    assert "Sorry \\x1b[2J\\x1b]0;owned\\x07 \\x9b31m done\\u202e" in plain
    colored = render("text", report, color=True)
    # Rich adds its own SGR codes; the letter's ESC must only appear escaped.
    assert "\x1b[2J" not in colored and "\x1b]0;" not in colored and "\x07" not in colored
    assert "\\x1b[2J" in colored


def test_text_color_shows_source_span_and_hint() -> None:
    out = render("text", color=True)
    assert "\x1b[" in out  # colored
    assert "\x1b[1;31merror" in out and "\x1b[33mwarning" in out
    assert "\x1b[32m✓" in out and "\x1b[1;31m✗" in out
    # The same layout as the plain output, only coloured.
    assert _strip_sgr(out).splitlines() == EXPECTED_TEXT


def test_text_color_does_not_read_letter_as_markup() -> None:
    msg = "[bold red]not markup[/] :smile:"
    p = Problem(1, 1, 1, 2, msg, "minimizing", Severity.WARNING)
    out = _strip_sgr(
        render("text", Report((FileReport("[x].md", "en", problems=(p,)),), "1"), color=True)
    )
    assert "[x].md:1:1: warning minimizing [bold red]not markup[/] :smile:" in out


def test_text_show_steps_plain_table() -> None:
    out = render("text", show_steps=True).splitlines()
    start = out.index("letters/a.md: passages")
    assert out[start + 1].split() == ["line", "step", "by", "cue", "text"]
    rows = [line.split() for line in out[start + 2 : start + 5]]
    assert [r[:3] for r in rows] == [
        ["4", "value", "we"],
        ["5", "-", "-"],
        ["6", "regret,", "responsibility"],
    ]
    assert rows[2][3:5] == ["we,", "we"]  # who each step is credited to
    assert "responsibility" in out[start + 4]
    assert "Our courier lost your parcel" in out[start + 3]


def test_text_show_steps_shortens_long_passages() -> None:
    long = "We have refunded " + "very " * 40 + "much."
    p = Passage(
        0, 0, len(long), 1, 1, long, step=Step.VALUE, step_hit=Hit("value", "refunded", 8, 16)
    )
    out = render("text", Report((FileReport("a.md", "en", steps=(p,)),), "1"), show_steps=True)
    row = out.splitlines()[2]
    assert row.endswith("…")
    assert len(row) < 100


def test_text_show_steps_color_table() -> None:
    plain = _strip_sgr(render("text", color=True, show_steps=True))
    assert "letters/a.md" in plain
    assert "refunded" in plain and "we are sorry" in plain.lower()


def _strip_sgr(text: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def test_text_show_steps_skips_files_without_passages() -> None:
    assert "letters/b.txt" not in render("text", show_steps=True)


def test_unjudged_file_path_is_not_repeated() -> None:
    # The error knows its file and line; outputs that print them print them once.
    error = FileError("not valid UTF-8 (byte 0xff)", path="x.md", line=7)
    broken = FileReport("x.md", None, error=error)
    report = Report((broken,), "1")
    assert render("text", report, quiet=True) == "x.md:7: error: not valid UTF-8 (byte 0xff)\n"
    assert render("github", report) == "::error file=x.md,line=7::not valid UTF-8 (byte 0xff)\n"
    (note,) = json.loads(render("sarif", report))["runs"][0]["invocations"][0][
        "toolExecutionNotifications"
    ]
    assert note["message"]["text"] == "x.md: not valid UTF-8 (byte 0xff)"
    assert note["locations"][0]["physicalLocation"]["region"] == {"startLine": 7}
    assert list(_sarif_validator().iter_errors(json.loads(render("sarif", report)))) == []
    assert (
        json.loads(render("json", report))["files"][0]["error"]
        == "x.md:7: not valid UTF-8 (byte 0xff)"
    )
    plain = FileReport("y.md", None, error=FileError("empty file: nothing to lint", path="y.md"))
    assert render("text", Report((plain,), "1"), quiet=True) == (
        "y.md: error: empty file: nothing to lint\n"
    )


def test_sarif_from_the_real_rule_registry_is_valid() -> None:
    rules_pkg = pytest.importorskip("apologia.rules", reason="rule registry not present")
    infos = formatters.registry_rules()
    assert [r.id for r in infos] == list(rules_pkg.REGISTRY)
    doc = json.loads(formatters.get("sarif").render(make_report()))
    assert list(_sarif_validator().iter_errors(doc)) == []


def test_json_writer_matches_json_dumps_on_awkward_values() -> None:
    from apologia.formatters.json import _dumps

    value = {
        "text": 'quote " backslash \\ tab \t newline \n nul \x00 bell \x07 ș ñ “x” \u2028 😀',
        "numbers": [0, -3, 10**20, 1.5, 1e-9],
        "flags": [True, False, None],
        "empty": [{}, [], ""],
        "nested": {"a": [{"b": [1, {"c": None}]}]},
    }
    assert _dumps(value, 0) == json.dumps(value, ensure_ascii=False, indent=2)


def test_github_paths_are_repository_relative() -> None:
    p = Problem(2, 1, 2, 5, "m", "blame-shift", Severity.ERROR)
    files = (
        FileReport("./letters/a.md", "en", problems=(p,)),
        FileReport("/work/repo/letters/b.md", "en", problems=(p,)),
        FileReport("/elsewhere/c.md", "en", problems=(p,)),
    )
    files_shown = [line.split(",")[0] for line in render("github", Report(files, "1")).splitlines()]
    assert files_shown == [
        "::error file=letters/a.md",
        "::error file=letters/b.md",
        "::error file=/elsewhere/c.md",
    ]
