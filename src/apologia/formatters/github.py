"""`lint --format github`: GitHub Actions workflow commands. Standard library only."""

from __future__ import annotations

from apologia.formatters import BaseFormatter, broken_file, severity_name
from apologia.model import Report


class GithubFormatter(BaseFormatter):
    needs_letter = False

    def render(self, report: Report) -> str:
        lines: list[str] = []
        for f in report.files:
            path = escape_property(repo_path(f.path, self.options.cwd))
            if f.error is not None:
                line, column, message = broken_file(f)
                where = f"file={path}"
                if line is not None:
                    where += f",line={line}" + (f",col={column}" if column is not None else "")
                lines.append(f"::error {where}::{escape_data(message)}")
                continue
            for p in f.problems:
                props = ",".join(
                    (
                        f"file={path}",
                        f"line={p.line}",
                        f"col={p.column}",
                        f"endLine={p.end_line}",
                        f"endColumn={p.end_column}",
                        f"title={escape_property(p.rule)}",
                    )
                )
                command = "error" if severity_name(p) == "error" else "warning"
                lines.append(f"::{command} {props}::{escape_data(p.message)}")
            for line, notice in f.notices:  # not a problem of the letter: no rule id
                lines.append(f"::warning file={path},line={line}::{escape_data(notice)}")
        return "".join(line + "\n" for line in lines)


def repo_path(path: str, cwd: str | None) -> str:
    """`path` relative to the working directory (the checkout), with `/`, no `./`.

    GitHub attaches an annotation to the diff only when its path is the file's path in
    the repository; `./letters/a.md` or an absolute path shows on the run page only.
    """
    import os

    if path == "-":
        return path
    base = cwd if cwd is not None else os.getcwd()
    absolute = os.path.normpath(os.path.join(base, path))
    rel = os.path.relpath(absolute, base)
    shown = path if rel.startswith("..") else rel
    return shown.replace(os.sep, "/")


# As @actions/core does (command.ts): `%` first, so the escapes are not escaped again.
# Then any other control or invisible character (ESC sequences, which the Actions log
# renders; bidi overrides) is shown as a visible escape such as `\x1b`.
def escape_data(text: str) -> str:
    from apologia.errors import printable

    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")
