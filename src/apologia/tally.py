"""Counts per rule and per file, for `--statistics` and the CI job summary.

Kept while the reports stream past; only counts and a bounded list of problems are kept,
so memory does not grow with the number of letters beyond `MAX_ROWS` rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from apologia.formatters.github import repo_path
from apologia.model import FileReport, Severity

MAX_ROWS = 500  # problems listed in the job summary; the counts cover every one
WORST_FILES = 10


class Tally:
    def __init__(self) -> None:
        self.rules: dict[str, list[int]] = {}  # rule -> [errors, warnings]
        self.files: list[tuple[str, int, int]] = []  # path, errors, warnings
        self.checked = 0
        self.unchecked = 0
        self.rows: list[tuple[str, int, str, str, str]] = []  # path, line, severity, rule, msg
        self.more = 0

    def count(self, reports: Iterable[FileReport]) -> Iterator[FileReport]:
        for r in reports:
            if r.error is not None:
                self.unchecked += 1
                yield r
                continue
            self.checked += 1
            path = repo_path(r.path, None)
            if r.problems:
                self.files.append((path, r.errors, r.warnings))
                if len(self.files) > 2 * WORST_FILES:
                    # Only the worst files are shown: keep a bounded list, not one per file.
                    self.files = self._worst()
            for p in r.problems:
                counts = self.rules.setdefault(p.rule, [0, 0])
                counts[0 if p.severity is Severity.ERROR else 1] += 1
                if len(self.rows) < MAX_ROWS:
                    severity = p.severity.value if p.severity else "error"
                    self.rows.append((path, p.line, severity, p.rule, p.message))
                else:
                    self.more += 1
            yield r

    def _worst(self) -> list[tuple[str, int, int]]:
        """The files with most problems (then by path), at most WORST_FILES."""
        return sorted(self.files, key=lambda f: (-f[1] - f[2], f[0]))[:WORST_FILES]

    @property
    def errors(self) -> int:
        return sum(c[0] for c in self.rules.values())

    @property
    def warnings(self) -> int:
        return sum(c[1] for c in self.rules.values())

    def by_count(self) -> list[tuple[str, int, int]]:
        """(rule, errors, warnings), most frequent first, then by id."""
        return sorted(
            ((rule, e, w) for rule, (e, w) in self.rules.items()),
            key=lambda t: (-t[1] - t[2], t[0]),
        )

    def statistics(self, fmt: str) -> str:
        """`--statistics`: one line per rule (count, rule id, severity), or JSON."""
        rows = self.by_count()
        if fmt == "json":
            import json

            doc = [{"rule": r, "count": e + w, "errors": e, "warnings": w} for r, e, w in rows]
            return json.dumps(doc, indent=2) + "\n"
        width = max((len(str(e + w)) for _, e, w in rows), default=1)
        lines = [f"{e + w:>{width}}  {r}  ({'error' if e else 'warning'})" for r, e, w in rows]
        return "".join(line + "\n" for line in lines)

    def markdown(self) -> str:
        """The GitHub job summary: totals, counts per rule, the worst files, the problems."""
        total = self.errors + self.warnings
        files = f"{self.checked} file{'s' if self.checked != 1 else ''}"
        if total:
            head = (
                f"## apologia: {total} problem{'s' if total != 1 else ''} "
                f"({self.errors} errors, {self.warnings} warnings) in {files}"
            )
        else:
            head = f"## apologia: no problems in {files}"
        out = [head, ""]
        if self.unchecked:
            out += [f"{self.unchecked} file(s) could not be checked (see the log).", ""]
        if total:
            out += ["| rule | errors | warnings |", "|---|---:|---:|"]
            out += [f"| `{r}` | {e} | {w} |" for r, e, w in self.by_count()]
            worst = self._worst()
            out += ["", "### Files with the most problems", ""]
            out += ["| file | errors | warnings |", "|---|---:|---:|"]
            out += [f"| {cell(path)} | {e} | {w} |" for path, e, w in worst]
            out += ["", f"<details><summary>All problems ({total})</summary>", ""]
            out += ["| where | severity | rule | message |", "|---|---|---|---|"]
            out += [
                f"| {cell(path)}:{line} | {sev} | `{rule}` | {cell(msg)} |"
                for path, line, sev, rule, msg in self.rows
            ]
            if self.more:
                out += ["", f"… and {self.more} more (see the log or the report file)."]
            out += ["", "</details>"]
        return "\n".join(out) + "\n\n"


_MARKUP = re.compile(r"[<>&|`\[\]*_\\\n\r]")


def cell(text: str) -> str:
    """Text from a letter (a stranger's pull request) as inert Markdown table text."""
    return _MARKUP.sub(lambda m: f"&#{ord(m.group(0))};", text)
