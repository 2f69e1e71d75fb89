"""`lint --format text`: one line a problem for people and editors; Rich when colored.

Letter text is untrusted: control characters are shown escaped so a letter cannot move
the cursor, retitle the terminal or fake other output, and Rich never reads it as markup.
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING

from apologia.formatters import BaseFormatter, broken_file, cue_text, plural, severity_name
from apologia.model import FileReport, Passage, Problem, Report

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

# C0 controls except tab, DEL, C1 controls, and bidi overrides/isolates ("Trojan Source").
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SNIPPET = 60  # characters of passage text shown by --show-steps
_STYLES = {"error": "bold red", "warning": "yellow"}


def clean(text: str) -> str:
    """`text` with control characters shown as escapes (ESC -> \\x1b)."""
    return _CONTROL.sub(_escape_one, text)


def _escape_one(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def shorten(text: str, limit: int = _SNIPPET) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


class TextFormatter(BaseFormatter):
    def render(
        self, report: Report, *, color: bool = False, show_steps: bool = False, quiet: bool = False
    ) -> str:
        if color:
            return self._render_rich(report, show_steps=show_steps, quiet=quiet)
        lines: list[str] = []
        for f in report.files:
            if f.error is not None:
                lines.append(f"{_where(f)}: error: {clean(broken_file(f)[2])}")
                continue
            lines.extend(_problem_line(f.path, p) for p in f.problems)
            if show_steps and _step_rows(f):
                lines.extend(_plain_steps(f))
        if not quiet:
            lines.append(summary(report))
        return "".join(line + "\n" for line in lines)

    def _render_rich(self, report: Report, *, show_steps: bool, quiet: bool) -> str:
        from rich.console import Console

        buffer = io.StringIO()
        console = Console(
            file=buffer,
            force_terminal=True,
            color_system="standard",
            width=self.width,
            highlight=False,
            emoji=False,
            markup=False,
        )
        for f in report.files:
            if f.error is not None:
                console.print(_rich_broken(f), soft_wrap=True)
                continue
            source = f.letter.raw.split("\n") if f.letter is not None else None
            for p in f.problems:
                _rich_problem(console, f.path, p, source)
            if show_steps and _step_rows(f):
                _rich_steps(console, f)
        if not quiet:
            console.print(summary(report), soft_wrap=True, style="bold")
        return buffer.getvalue()


def _where(f: FileReport) -> str:
    line, column, _ = broken_file(f)
    where = clean(f.path)
    if line is not None:
        where += f":{line}" + (f":{column}" if column is not None else "")
    return where


def _problem_line(path: str, p: Problem) -> str:
    return (
        f"{clean(path)}:{p.line}:{p.column}: {severity_name(p)} {clean(p.rule)} {clean(p.message)}"
    )


def summary(report: Report) -> str:
    files = len(report.files)
    problems = report.errors + report.warnings
    broken = len(report.broken)
    if problems:
        text = (
            f"{plural(problems, 'problem')} ({plural(report.errors, 'error')}, "
            f"{plural(report.warnings, 'warning')}) in {plural(files, 'file')}"
        )
    else:
        text = f"No problems in {plural(files, 'file')}"
    if broken:
        text += f"; {plural(broken, 'file')} could not be checked"
    return text + "."


def _step_rows(f: FileReport) -> list[tuple[str, str, str, str]]:
    """(line, step, cue, text) for every passage; "-" where no step was found."""
    passages: tuple[Passage, ...] = f.letter.passages if f.letter is not None else f.steps
    rows = []
    for p in passages:
        steps = ", ".join(s.value for s, _ in p.steps) or "-"
        cues = ", ".join(f"\u201c{cue_text(f, h)}\u201d" for _, h in p.steps)
        rows.append((str(p.line), steps, clean(cues), clean(shorten(p.text))))
    return rows


def _plain_steps(f: FileReport) -> list[str]:
    rows = _step_rows(f)
    header = ("line", "step", "cue", "text")
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(3)]
    out = [f"{clean(f.path)}: passages"]
    for line, step, cue, text in (header, *rows):
        out.append(
            f"  {line:>{widths[0]}}  {step:<{widths[1]}}  {cue:<{widths[2]}}  {text}".rstrip()
        )
    return out


def _rich_broken(f: FileReport) -> Text:
    from rich.text import Text

    out = Text(_where(f))
    out.append(": ")
    out.append("error", style=_STYLES["error"])
    out.append(f": {clean(broken_file(f)[2])}")
    return out


def _rich_problem(console: Console, path: str, p: Problem, source: list[str] | None) -> None:
    from rich.cells import cell_len
    from rich.text import Text

    severity = severity_name(p)
    head = Text(f"{clean(path)}:{p.line}:{p.column}: ")
    head.append(severity, style=_STYLES.get(severity, ""))
    head.append(" ")
    head.append(clean(p.rule), style="cyan")
    head.append(f" {clean(p.message)}")
    console.print(head, soft_wrap=True)
    if source is not None and 1 <= p.line <= len(source):
        raw = source[p.line - 1].rstrip("\r")
        end = p.end_column - 1 if p.end_line == p.line else len(raw)
        start = min(max(p.column - 1, 0), len(raw))
        end = min(max(end, start + 1), len(raw)) if raw else start
        # Tabs become spaces so the carets line up with what the terminal shows.
        before = clean(raw[:start].replace("\t", "    "))
        span = clean(raw[start:end].replace("\t", "    "))
        after = clean(raw[end:].replace("\t", "    "))
        line = Text("  ")
        line.append(before)
        line.append(span, style="underline")
        line.append(after)
        console.print(line, soft_wrap=True)
        marks = Text("  " + " " * cell_len(before))
        marks.append("^" * max(cell_len(span), 1), style=_STYLES.get(severity, ""))
        console.print(marks, soft_wrap=True)
    if p.hint:
        hint = Text("  ")
        hint.append("hint:", style="bold green")
        hint.append(f" {clean(p.hint)}")
        console.print(hint, soft_wrap=True)


def _rich_steps(console: Console, f: FileReport) -> None:
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(clean(f.path)), title_justify="left", show_edge=False)
    table.add_column("line", justify="right", style="dim")
    table.add_column("step")
    table.add_column("cue", style="cyan")
    table.add_column("text", overflow="fold")
    for line, step, cue, text in _step_rows(f):
        table.add_row(
            Text(line), Text(step, style="dim" if step == "-" else "bold"), Text(cue), Text(text)
        )
    console.print(table)
