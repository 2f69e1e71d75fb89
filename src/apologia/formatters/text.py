"""`lint --format text`: a grep-able line a problem, then its context, for people.

Each problem starts with `path:line:col: severity rule-id message` (editors, `grep` and
scripts read that line only). Unless `quiet`, the offending source line follows with the
span underlined and the rule's hint, then one line per file with the steps found (✓) and
missing (✗), then a summary. The same layout is printed plain or, on a terminal, with
Rich colours.

Letter text is untrusted: control characters are shown escaped so a letter cannot move
the cursor, retitle the terminal or fake other output, and Rich never reads it as markup.
Source lines sit behind a `N |` gutter, so a letter cannot forge a problem line either.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from apologia.formatters import StreamingFormatter, broken_file, cue_text, plural, severity_name
from apologia.model import STEP_ORDER, FileReport, Passage, Problem, Report

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

# C0 controls except tab, DEL, C1 controls, and bidi overrides/isolates ("Trojan Source").
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SNIPPET = 60  # characters of passage text shown by --show-steps
_TAB = "    "
_STYLES = {
    "error": "bold red",
    "warning": "yellow",
    "path": "bold",
    "rule": "cyan",
    "gutter": "blue",
    "span": "bold",
    "hint": "bold green",
    "found": "green",
    "missing": "bold red",
    "summary": "bold",
    "skipped": "dim",
}

# One output line: (text, style) segments; the style names a key of _STYLES or is "".
Segment = tuple[str, str]
Line = list[Segment]


def clean(text: str) -> str:
    """`text` with control characters shown as escapes (ESC -> \\x1b)."""
    return _CONTROL.sub(_escape_one, text)


def _escape_one(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def shorten(text: str, limit: int = _SNIPPET) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def cells(text: str) -> int:
    """Terminal columns `text` takes: wide East Asian characters 2, combining marks 0."""
    return sum(_char_cells(ch) for ch in text)


def _char_cells(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _take_left(text: str, room: int) -> str:
    used = 0
    for i, ch in enumerate(text):
        used += _char_cells(ch)
        if used > room:
            return text[:i]
    return text


def _take_right(text: str, room: int) -> str:
    return _take_left(text[::-1], room)[::-1]


class TextFormatter(StreamingFormatter):
    def stream(self, files: Iterable[FileReport], version: str) -> Iterator[str]:
        """Each file's lines as soon as it is judged, then the summary (from counts only)."""
        show_steps, quiet = self.options.show_steps, self.options.quiet
        out: _Output = _RichOutput(self.width) if self.options.color else _PlainOutput()
        counts = [0, 0, 0, 0]  # files, errors, warnings, broken
        for f in files:
            counts[0] += f.error is None  # a file that could not be read was not checked
            counts[1] += f.errors
            counts[2] += f.warnings
            counts[3] += f.error is not None
            self._file(out, f, show_steps=show_steps, quiet=quiet)
            yield out.take()
        if not quiet:
            out.line([(summary_of(*counts), "summary")])
        yield out.take()

    def _file(self, out: _Output, f: FileReport, *, show_steps: bool, quiet: bool) -> None:
        if f.error is not None:
            out.line(_broken_line(f))
            if not quiet:
                out.line([])
            return
        shown = None
        source = f.letter.raw.split("\n") if f.letter is not None and not quiet else []
        for p in f.problems:
            out.line(_head(f.path, p))
            if quiet:
                continue
            # Problems of the whole letter share one span: show its source once.
            span = (p.line, p.column, p.end_line, p.end_column)
            for line in _context(p, source if span != shown else [], self.width):
                out.line(line)
            out.line([])
            shown = span
        if not quiet and (f.skipped is not None or not f.apology):
            why = f.skipped or "not an apology"
            out.line([(clean(f.path), "path"), (f": skipped: {why}", "skipped")])
        if not quiet and f.problems and _has_steps(f) and f.apology:
            out.line(_steps_line(f))
            out.line([])
        if show_steps and _step_rows(f):
            out.steps(f)


# --------------------------------------------------------------------------- layout


def _where(f: FileReport) -> str:
    line, column, _ = broken_file(f)
    where = clean(f.path)
    if line is not None:
        where += f":{line}" + (f":{column}" if column is not None else "")
    return where


def _broken_line(f: FileReport) -> Line:
    return [
        (_where(f), "path"),
        (": ", ""),
        ("error", "error"),
        (f": {clean(broken_file(f)[2])}", ""),
    ]


def _head(path: str, p: Problem) -> Line:
    severity = severity_name(p)
    return [
        (clean(path), "path"),
        (f":{p.line}:{p.column}: ", ""),
        (severity, severity),
        (" ", ""),
        (clean(p.rule), "rule"),
        (f" {clean(p.message)}", ""),
    ]


def _context(p: Problem, lines: list[str], width: int) -> Iterator[Line]:
    """The source line (from `lines`, when given) with the span underlined, then the hint."""
    severity = severity_name(p)
    number = str(p.line)
    pad = " " * len(number)
    if 1 <= p.line <= len(lines):
        raw = lines[p.line - 1].rstrip("\r")
        start = min(max(p.column - 1, 0), len(raw))
        # A span running onto later lines is underlined to the end of this one.
        end = p.end_column - 1 if p.end_line == p.line else len(raw)
        end = min(max(end, start + 1), len(raw))
        room = max(width - len(number) - 5, 20)
        before, span, after = _snippet(raw, start, end, room)
        yield [(f"  {number} | ", "gutter"), (before, ""), (span, "span"), (after, "")]
        yield [
            (f"  {pad} | ", "gutter"),
            (" " * cells(before) + "^" * max(cells(span), 1), severity),
        ]
    if p.hint:
        yield [(f"  {pad} = ", "gutter"), ("hint:", "hint"), (f" {clean(p.hint)}", "")]


def _snippet(raw: str, start: int, end: int, room: int) -> tuple[str, str, str]:
    """(before, span, after) of a source line, cut to `room` columns around the span.

    Only a window of the line around the span is cleaned and measured: a letter may be
    one long line with a problem every sentence, and work per problem must not grow with
    the line. Each character takes at least one column unless it is zero-width, so the
    window holds more than the room there is on either side.
    """
    reach = 4 * room
    lo, hi = max(start - reach, 0), min(end, start + reach)
    top = min(end + reach, len(raw)) if hi == end else end
    before, span, after = (
        clean(part.replace("\t", _TAB)) for part in (raw[lo:start], raw[start:hi], raw[end:top])
    )
    cut_before, cut_after = lo > 0, top < len(raw)
    if not (cut_before or cut_after) and cells(before) + cells(span) + cells(after) <= room:
        return before, span, after
    if hi < end or cells(span) + 2 > room:
        return ("…" if before else ""), _take_left(span, room - 2) + "…", ""
    rest = room - cells(span)
    # A cut side counts one column more than it shows, so it is always marked "…".
    want_before, want_after = cells(before) + cut_before, cells(after) + cut_after
    # Context on the left reads better, but leave the right at least half of what is left.
    keep_before = min(want_before, max(rest - want_after, rest // 2))
    keep_after = min(want_after, rest - keep_before)
    if keep_before < want_before:
        before = "…" + _take_right(before, keep_before - 1)
    if keep_after < want_after:
        after = _take_left(after, keep_after - 1) + "…"
    return before, span, after


def _has_steps(f: FileReport) -> bool:
    # Without the letter or its steps there is nothing to tell found from missing.
    return f.letter is not None or bool(f.steps)


def _steps_line(f: FileReport) -> Line:
    found = {step for p in f.steps for step, _ in p.steps}
    line: Line = [(clean(f.path), "path"), (": steps", "")]
    for step in STEP_ORDER:
        line.append(("  " if len(line) > 2 else " ", ""))
        line.append(("✓" if step in found else "✗", "found" if step in found else "missing"))
        line.append((f" {step.value}", ""))
    return line


def summary(report: Report) -> str:
    broken = len(report.broken)
    return summary_of(len(report.files) - broken, report.errors, report.warnings, broken)


def summary_of(files: int, errors: int, warnings: int, broken: int) -> str:
    problems = errors + warnings
    if problems:
        text = (
            f"{plural(problems, 'problem')} ({plural(errors, 'error')}, "
            f"{plural(warnings, 'warning')}) in {plural(files, 'file')}"
        )
    else:
        text = f"No problems in {plural(files, 'file')}"
    if broken:
        text += f"; {plural(broken, 'file')} could not be checked"
    return text + "."


def _step_rows(f: FileReport) -> list[tuple[str, str, str, str, str]]:
    """(line, step, actor, cue, text) for every passage; "-" where no step was found.

    The actor is who the step is credited to: "we", the "company" in the third person
    or through its people, or no one ("passive").
    """
    from apologia.actor import actor

    passages: tuple[Passage, ...] = f.letter.passages if f.letter is not None else f.steps
    rows = []
    for p in passages:
        steps = ", ".join(s.value for s, _ in p.steps) or "-"
        actors = "-"
        if f.letter is not None and p.steps:
            letter = f.letter
            actors = ", ".join(actor(letter.text, p.start, h, letter.lang) for _, h in p.steps)
        cues = ", ".join(f"\u201c{cue_text(f, h)}\u201d" for _, h in p.steps)
        rows.append((str(p.line), steps, actors, clean(cues), clean(shorten(p.text))))
    return rows


# --------------------------------------------------------------------------- output


class _Output:
    def line(self, segments: Line) -> None:
        raise NotImplementedError

    def steps(self, f: FileReport) -> None:
        raise NotImplementedError

    def text(self) -> str:
        raise NotImplementedError

    def take(self) -> str:
        """The text so far, which is then forgotten."""
        raise NotImplementedError


class _PlainOutput(_Output):
    def __init__(self) -> None:
        self._lines: list[str] = []

    def line(self, segments: Line) -> None:
        self._lines.append("".join(text for text, _ in segments))

    def steps(self, f: FileReport) -> None:
        rows = _step_rows(f)
        header = ("line", "step", "by", "cue", "text")
        widths = [max(len(r[i]) for r in (header, *rows)) for i in range(4)]
        self._lines.append(f"{clean(f.path)}: passages")
        for line, step, by, cue, text in (header, *rows):
            self._lines.append(
                f"  {line:>{widths[0]}}  {step:<{widths[1]}}  {by:<{widths[2]}}  "
                f"{cue:<{widths[3]}}  {text}".rstrip()
            )
        self._lines.append("")

    def text(self) -> str:
        return "".join(line + "\n" for line in self._lines)

    def take(self) -> str:
        text = self.text()
        self._lines.clear()
        return text


class _RichOutput(_Output):
    def __init__(self, width: int) -> None:
        from rich.console import Console

        self._buffer = io.StringIO()
        self._console: Console = Console(
            file=self._buffer,
            force_terminal=True,
            color_system="standard",
            width=width,
            highlight=False,
            emoji=False,
            markup=False,
        )

    def line(self, segments: Line) -> None:
        self._console.print(_rich_text(segments), soft_wrap=True)

    def steps(self, f: FileReport) -> None:
        from rich.table import Table
        from rich.text import Text

        table = Table(title=Text(clean(f.path)), title_justify="left", show_edge=False)
        table.add_column("line", justify="right", style="dim")
        table.add_column("step")
        table.add_column("by", style="dim")
        table.add_column("cue", style="cyan")
        table.add_column("text", overflow="fold")
        for line, step, by, cue, text in _step_rows(f):
            table.add_row(
                Text(line),
                Text(step, style="dim" if step == "-" else "bold"),
                Text(by),
                Text(cue),
                Text(text),
            )
        self._console.print(table)
        self._console.print()

    def text(self) -> str:
        return self._buffer.getvalue()

    def take(self) -> str:
        text = self._buffer.getvalue()
        self._buffer.seek(0)
        self._buffer.truncate()
        return text


def _rich_text(segments: Line) -> Text:
    from rich.text import Text

    out = Text()
    for text, style in segments:
        out.append(text, style=_STYLES.get(style, ""))
    return out
