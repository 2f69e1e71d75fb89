"""`lint --format json`: the document shape fixed by cli.md. Standard library only."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from apologia.formatters import StreamingFormatter, cue_text, severity_name, step_entries
from apologia.model import FileReport, Problem


class JsonFormatter(StreamingFormatter):
    def stream(self, files: Iterable[FileReport], version: str) -> Iterator[str]:
        """The document `json.dumps(doc, indent=2)` would print, one file entry at a time.

        Only the counts are kept, so memory stays flat however many letters there are.
        The options of human output (color, steps, quiet) do not apply: the document is
        always whole.
        """
        tool = _dumps({"name": "apologia", "version": version}, 1)
        yield f'{{\n  "tool": {tool},\n  "files": ['
        count = errors = warnings = 0
        for f in files:
            yield ("\n    " if count == 0 else ",\n    ") + _dumps(_file(f), 2)
            count += 1
            errors += f.errors
            warnings += f.warnings
        summary = _dumps({"files": count, "errors": errors, "warnings": warnings}, 1)
        yield ("\n  ]" if count else "]") + f',\n  "summary": {summary}\n}}\n'


def _dumps(value: object, level: int) -> str:
    """`value` as `json.dumps(..., indent=2)` writes it nested `level` deep.

    Written out here because json.dumps with an indent falls back to its pure-Python
    encoder, which costs more than the rest of a JSON report; strings still go through
    json's own (C) escaping.
    """
    if isinstance(value, dict):
        if not value:
            return "{}"
        pad = "\n" + "  " * (level + 1)
        items = [f"{pad}{_encode_string(k)}: {_dumps(v, level + 1)}" for k, v in value.items()]
        return "{" + ",".join(items) + "\n" + "  " * level + "}"
    if isinstance(value, list):
        if not value:
            return "[]"
        pad = "\n" + "  " * (level + 1)
        return (
            "[" + ",".join([pad + _dumps(v, level + 1) for v in value]) + "\n" + "  " * level + "]"
        )
    if isinstance(value, str):
        return _encode_string(value)
    if type(value) is int:  # not bool: json writes True as true
        return repr(value)
    return json.dumps(value)


# What json.dumps(..., ensure_ascii=False) does to a string, called directly (C).
_encode_string: Callable[[str], str] = (
    getattr(json.encoder, "c_encode_basestring", None) or json.encoder.py_encode_basestring
)


def _file(report: FileReport) -> dict[str, Any]:
    out: dict[str, Any] = {"path": report.path, "lang": report.lang}
    if report.error is not None:
        out["error"] = str(report.error)
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
    if not report.apology:
        # not an apology (no regret, apologises for nothing): not judged on the steps
        out["apology"] = False
    if report.skipped is not None:
        out["skipped"] = report.skipped  # empty, or a language with no lexicon
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
