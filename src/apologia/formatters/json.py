"""`lint --format json`: the document shape fixed by cli.md. Standard library only."""

from __future__ import annotations

import json
from typing import Any

from apologia.formatters import BaseFormatter, cue_text, severity_name, step_entries
from apologia.model import FileReport, Problem, Report


class JsonFormatter(BaseFormatter):
    def render(
        self, report: Report, *, color: bool = False, show_steps: bool = False, quiet: bool = False
    ) -> str:
        # color/show_steps/quiet shape human output only; the document is always whole.
        doc = {
            "tool": {"name": "apologia", "version": report.version},
            "files": [_file(f) for f in report.files],
            "summary": {
                "files": len(report.files),
                "errors": report.errors,
                "warnings": report.warnings,
            },
        }
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _file(report: FileReport) -> dict[str, Any]:
    out: dict[str, Any] = {"path": report.path, "lang": report.lang}
    if report.error is not None:
        out["error"] = report.error
        out["steps"] = []
        out["problems"] = []
        return out
    out["steps"] = [
        {
            "step": step.value,
            "line": line,
            "column": column,
            "cue": cue_text(report, hit),
            "pattern": hit.cue,
        }
        for _, step, hit, line, column in step_entries(report)
    ]
    out["problems"] = [_problem(p) for p in report.problems]
    return out


def _problem(p: Problem) -> dict[str, Any]:
    return {
        "rule": p.rule,
        "severity": severity_name(p),
        "line": p.line,
        "column": p.column,
        "end_line": p.end_line,
        "end_column": p.end_column,
        "message": p.message,
        "step": p.step.value if p.step is not None else None,
    }
