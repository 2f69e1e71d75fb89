"""`lint --format sarif`: SARIF 2.1.0 for GitHub code scanning and other viewers."""

from __future__ import annotations

import json
import os
import posixpath
from pathlib import PurePath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from apologia.formatters import BaseFormatter, RuleInfo, broken_file, severity_name
from apologia.model import FileReport, Problem, Report, Severity

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/apologia/"


class SarifFormatter(BaseFormatter):
    needs_letter = False

    def render(self, report: Report) -> str:
        cwd = self.options.cwd if self.options.cwd is not None else os.getcwd()
        rules = list(self.rules)
        index = {r.id: i for i, r in enumerate(rules)}
        # A problem from a rule the caller did not describe still needs a descriptor,
        # or its ruleIndex would point nowhere.
        for f in report.files:
            for p in f.problems:
                if p.rule not in index:
                    index[p.rule] = len(rules)
                    rules.append(RuleInfo(p.rule, p.severity or Severity.ERROR, p.rule or "rule"))

        results = [
            _result(p, index[p.rule], artifact_uri(f.path, cwd))
            for f in report.files
            if f.error is None
            for p in f.problems
        ]
        notifications = [_notification(f, cwd) for f in report.broken]
        run: dict[str, Any] = {
            "tool": {
                "driver": {
                    "name": "apologia",
                    "version": report.version,
                    "semanticVersion": report.version,
                    "informationUri": INFORMATION_URI,
                    "rules": [_descriptor(r) for r in rules],
                }
            },
            "invocations": [
                {
                    "executionSuccessful": not notifications,
                    "toolExecutionNotifications": notifications,
                }
            ],
            # Columns count code points, as Python string offsets do.
            "columnKind": "unicodeCodePoints",
            "results": results,
        }
        doc = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _descriptor(rule: RuleInfo) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": rule.id,
        "shortDescription": {"text": rule.summary or rule.id},
        "fullDescription": {"text": rule.rationale or rule.summary or rule.id},
        "help": {
            "text": f"{rule.rationale or rule.summary}\n\nRun `apologia explain {rule.id}`.",
        },
        "defaultConfiguration": {"level": rule.severity.value},
    }
    if rule.help_uri:
        out["helpUri"] = rule.help_uri
    return out


def _result(p: Problem, rule_index: int, uri: str) -> dict[str, Any]:
    start_line, start_column = max(p.line, 1), max(p.column, 1)
    end_line = max(p.end_line, start_line)
    end_column = max(p.end_column, 1)
    if end_line == start_line:
        end_column = max(end_column, start_column)
    return {
        "ruleId": p.rule,
        "ruleIndex": rule_index,
        "level": severity_name(p),
        "message": {"text": p.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": uri},
                    "region": {
                        "startLine": start_line,
                        "startColumn": start_column,
                        "endLine": end_line,
                        "endColumn": end_column,
                    },
                }
            }
        ],
    }


def _notification(f: FileReport, cwd: str) -> dict[str, Any]:
    line, column, message = broken_file(f)
    physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(f.path, cwd)}}
    if line is not None and line >= 1:
        physical["region"] = {"startLine": line}
        if column is not None and column >= 1:
            physical["region"]["startColumn"] = column
    return {
        "level": "error",
        "message": {"text": f"{f.path}: {message}"},
        "locations": [{"physicalLocation": physical}],
    }


def artifact_uri(path: str, cwd: str) -> str:
    """A URI reference for `path`: relative to `cwd` with forward slashes when inside it,
    else an absolute file URI; reserved characters percent-encoded."""
    if path == "-":
        return "stdin"
    windows = "\\" in path or PureWindowsPath(path).drive != ""
    pure: PurePath = PureWindowsPath(path) if windows else PurePath(path)
    if pure.is_absolute():
        base = PureWindowsPath(cwd) if windows else PurePath(cwd)
        try:
            rel = pure.relative_to(base)
        except ValueError:
            posix = pure.as_posix()
            if not posix.startswith("/"):
                posix = "/" + posix  # file:///C:/x, not file://C:/x
            return "file://" + quote(posix, safe="/:")
        return quote(rel.as_posix(), safe="/")
    rel_text = posixpath.normpath(pure.as_posix())
    return quote(rel_text, safe="/")
