"""Formatter registry: a Report in, a string out, no I/O.

Formatter modules are imported only when asked for, so `json` and `github` output never
pays for Rich.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable, Iterator, Sequence
from importlib import import_module
from typing import NamedTuple, Protocol

from apologia.errors import ApologiaError
from apologia.model import FileReport, Hit, Passage, Problem, Report, Severity, Step

# name -> "module:Class" inside this package
FORMATTERS: dict[str, str] = {
    "text": "text:TextFormatter",
    "json": "json:JsonFormatter",
    "sarif": "sarif:SarifFormatter",
    "github": "github:GithubFormatter",
}


class Options(NamedTuple):
    """How a report is shown; each format reads the fields it needs.

    `color`, `show_steps`, `quiet` and `width` shape human output (text); `cwd` is the
    folder that SARIF and GitHub paths are made relative to (default: the current one).
    """

    color: bool = False
    show_steps: bool = False
    quiet: bool = False
    width: int | None = None
    cwd: str | None = None


class RuleInfo(NamedTuple):
    """What a report format needs to know about a rule (SARIF lists every rule)."""

    id: str
    severity: Severity
    summary: str
    rationale: str = ""
    help_uri: str | None = None


class Formatter(Protocol):
    def render(self, report: Report) -> str:
        """The whole output, ending with a newline unless it is empty."""
        ...

    def stream(self, files: Iterable[FileReport], version: str) -> Iterator[str]:
        """The same output as `render`, in pieces written as the files are judged."""
        ...


class BaseFormatter:
    """A format with its `Options`; each format uses the ones it needs."""

    def __init__(self, options: Options, *, rules: Sequence[RuleInfo] | None = None) -> None:
        self._rules = rules
        self.options = options
        self.width = options.width or 100

    # Whether the output reads `FileReport.letter` (cue words, source lines). When it does
    # not, `stream` keeps each report without its letter until the end.
    needs_letter = True

    def render(self, report: Report) -> str:
        raise NotImplementedError

    def stream(self, files: Iterable[FileReport], version: str) -> Iterator[str]:
        """One piece at the end by default; formats that can, print each file as it comes."""
        kept = tuple(f if self.needs_letter else f._replace(letter=None) for f in files)
        yield self.render(Report(kept, version))

    @property
    def rules(self) -> Sequence[RuleInfo]:
        # Read the registry only when a format needs it, and only once.
        if self._rules is None:
            self._rules = registry_rules()
        return self._rules


class StreamingFormatter(BaseFormatter):
    """A format written file by file: `stream` is the real work, `render` its whole text."""

    def render(self, report: Report) -> str:
        return "".join(self.stream(report.files, report.version))


def get(
    name: str, options: Options | None = None, *, rules: Sequence[RuleInfo] | None = None
) -> Formatter:
    """The formatter called `name`; an unknown name is a usage error."""
    try:
        target = FORMATTERS[name]
    except KeyError:
        valid = ", ".join(FORMATTERS)
        raise ApologiaError(f"unknown format {name!r}; valid formats are: {valid}") from None
    module, _, cls = target.partition(":")
    factory = getattr(import_module(f"apologia.formatters.{module}"), cls)
    formatter: Formatter = factory(options or Options(), rules=rules)
    return formatter


def registry_rules() -> tuple[RuleInfo, ...]:
    """RuleInfo for every rule in `apologia.rules.REGISTRY` (id -> module)."""
    registry = getattr(import_module("apologia.rules"), "REGISTRY", {})
    return tuple(
        RuleInfo(
            id=mod.ID,
            severity=mod.SEVERITY,
            summary=mod.SUMMARY,
            rationale=inspect.cleandoc(mod.__doc__ or ""),
            help_uri=getattr(mod, "HELP_URI", None),
        )
        for mod in registry.values()
    )


def severity_name(problem: Problem) -> str:
    # The engine stamps every problem; an unstamped one is treated as blocking.
    return problem.severity.value if problem.severity is not None else Severity.ERROR.value


def step_entries(report: FileReport) -> list[tuple[Passage, Step, Hit, int, int]]:
    """(passage, step, hit, line, column) for each step of each passage, in order.

    With the letter at hand each step points at its cue; otherwise the passage start is
    the best we have.
    """
    letter = report.letter
    locate = letter.position if letter is not None and letter.line_starts else None
    out: list[tuple[Passage, Step, Hit, int, int]] = []
    for passage in report.steps:
        for step, hit in passage.steps:
            line, column = locate(hit.start) if locate else (passage.line, passage.column)
            out.append((passage, step, hit, line, column))
    return out


def cue_text(report: FileReport, hit: Hit) -> str:
    """The words of the letter that matched a cue (the lexicon pattern without the letter)."""
    if report.letter is None:
        return hit.cue
    return " ".join(report.letter.text[hit.start : hit.end].split())


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def broken_file(report: FileReport) -> tuple[int | None, int | None, str]:
    """(line, column, message) of an unjudged file.

    Where the fault is in the file itself, its place is given apart, so outputs that
    print the path do not print it twice; a fault in another file (a config) names it.
    """
    error = report.error
    if error is None:
        return None, None, ""
    if error.path != report.path:
        return None, None, str(error)
    return error.line, error.column if error.line is not None else None, error.detail()
