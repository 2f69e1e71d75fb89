"""Frozen types shared by the engine, the rules, the formatters and the commands."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, fields
from enum import Enum, StrEnum
from operator import attrgetter
from typing import Any, NamedTuple, TypeVar

from apologia.errors import ApologiaError

_T = TypeVar("_T")


def _pickled_by_fields(cls: type[_T]) -> type[_T]:
    """Pickle instances as `cls(*fields)`.

    The process pool sends every report, with its letter, passages and hits, back to the
    parent. dataclasses' own pickling of slotted classes calls `fields()` and a setattr
    per field for each object unpickled; a constructor call costs about half as much.
    """
    values = attrgetter(*(f.name for f in fields(cls)))  # type: ignore[arg-type]

    def __reduce__(self: _T) -> tuple[type[_T], Any]:
        return type(self), values(self)

    setattr(cls, "__reduce__", __reduce__)  # noqa: B010
    return cls


class Step(str, Enum):
    """The five steps of an apology, in their recommended order."""

    VALUE = "value"
    RESPONSIBILITY = "responsibility"
    EXPLANATION = "explanation"
    FIX = "fix"
    REGRET = "regret"

    @property
    def rank(self) -> int:
        return STEP_ORDER.index(self)


STEP_ORDER: tuple[Step, ...] = tuple(Step)
REMEDY_STEPS: frozenset[Step] = frozenset({Step.VALUE, Step.FIX})


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def weight(self) -> int:
        return 2 if self is Severity.ERROR else 1


def position(line_starts: tuple[int, ...], offset: int) -> tuple[int, int]:
    """1-based (line, column) of an offset, given the offsets where lines start."""
    idx = bisect_right(line_starts, offset) - 1
    return idx + 1, offset - line_starts[idx] + 1


class Hit(NamedTuple):
    """One lexicon cue found in a passage.

    `start`/`end` are offsets into the letter's text; `cell` is a step name or a fault
    name (`blame-shift`, `minimizing`, ...), `cue` the lexicon pattern that matched.
    """

    cell: str
    cue: str
    start: int
    end: int
    weight: float = 1.0


class PassageKind(StrEnum):
    """What a passage is in the letter: body text (a sentence, a list item, a heading)
    or its frame (greeting, closing, subject line) or someone else's words (a quote)."""

    SENTENCE = "sentence"
    ITEM = "item"
    HEADING = "heading"
    GREETING = "greeting"
    CLOSING = "closing"
    QUOTE = "quote"
    SUBJECT = "subject"


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Passage:
    """A sentence, list item or heading of the letter body, with its exact span.

    `start`/`end` are offsets into `Letter.text`; `line`/`column` are 1-based positions of
    `start` in the original file (front matter included).
    """

    index: int
    start: int
    end: int
    line: int
    column: int
    text: str
    kind: PassageKind = PassageKind.SENTENCE
    hits: tuple[Hit, ...] = ()
    step: Step | None = None
    step_hit: Hit | None = None  # the hit that decided `step`
    # Steps found in other clauses of the same sentence (a sentence may both own and refund).
    extra_steps: tuple[tuple[Step, Hit], ...] = ()

    @property
    def steps(self) -> tuple[tuple[Step, Hit], ...]:
        main = (
            ((self.step, self.step_hit),)
            if self.step is not None and self.step_hit is not None
            else ()
        )
        return main + self.extra_steps

    def classified(
        self,
        hits: tuple[Hit, ...],
        step: Step | None = None,
        step_hit: Hit | None = None,
        extra_steps: tuple[tuple[Step, Hit], ...] = (),
    ) -> Passage:
        """This passage with its hits and the steps they make (a constructor call:
        dataclasses.replace costs three times as much, for every sentence)."""
        return Passage(
            self.index,
            self.start,
            self.end,
            self.line,
            self.column,
            self.text,
            self.kind,
            hits,
            step,
            step_hit,
            extra_steps,
        )

    def has_step(self, step: Step) -> bool:
        if self.step is step and self.step_hit is not None:
            return True
        return any(s is step for s, _ in self.extra_steps)


class Edit(NamedTuple):
    """Replace text[start:end] with `replacement` (offsets into the raw file text)."""

    start: int
    end: int
    replacement: str


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Problem:
    line: int
    column: int
    end_line: int
    end_column: int  # 1-based, exclusive of nothing: the column of the last character + 1
    message: str
    rule: str = ""  # rule and severity are stamped by the engine
    severity: Severity | None = None
    step: Step | None = None
    edit: Edit | None = None
    hint: str = ""

    def stamped(self, rule: str, severity: Severity) -> Problem:
        # A constructor call: dataclasses.replace costs three times as much, per problem.
        return Problem(
            self.line,
            self.column,
            self.end_line,
            self.end_column,
            self.message,
            rule,
            severity,
            self.step,
            self.edit,
            self.hint,
        )


class FrontMatter(NamedTuple):
    data: dict[str, object]
    end_line: int = 0  # last line of the front matter block, 0 when there is none


class Letter(NamedTuple):
    """A parsed letter: raw text, language, passages and facts from front matter."""

    path: str
    raw: str  # the file's text as read (after BOM removal); all offsets index it
    lang: str
    passages: tuple[Passage, ...]
    front_matter: FrontMatter
    line_starts: tuple[int, ...] = ()
    # The names the company goes by, lower-cased: `company:` (front matter, else config),
    # else its signature's lines (`actor.company_names`).
    company_names: frozenset[str] = frozenset()

    @property
    def text(self) -> str:
        """The text that passage and cue offsets index: the file as read."""
        return self.raw

    @property
    def severity(self) -> str | None:
        value = self.front_matter.data.get("severity")
        return str(value) if value is not None else None

    @property
    def prior_incidents(self) -> list[str]:
        value = self.front_matter.data.get("prior_incidents")
        if isinstance(value, list):
            return [str(v) for v in value]
        if value:
            return [str(value)]
        return []

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a text offset."""
        return position(self.line_starts, offset)


class FileError(NamedTuple):
    """Why a file could not be judged (exit 2): what, and where when it is known.

    `path` is the file the fault is in: the letter, or another (its config, a lexicon).
    """

    message: str
    path: str | None = None
    line: int | None = None
    column: int | None = None
    field: str | None = None

    @classmethod
    def of(cls, exc: ApologiaError) -> FileError:
        return cls(exc.message, exc.path, exc.line, exc.column, exc.field)

    def __str__(self) -> str:
        """One line: ``path:line:col: field: message`` with the parts that are known."""
        return str(self._error(self.path))

    def detail(self) -> str:
        """The line without its place: ``field: message``."""
        return str(self._error(None))

    def _error(self, path: str | None) -> ApologiaError:
        line = self.line if path is not None else None
        return ApologiaError(
            self.message, path=path, line=line, column=self.column, field=self.field
        )


class FileReport(NamedTuple):
    path: str
    lang: str | None
    steps: tuple[Passage, ...] = ()
    problems: tuple[Problem, ...] = ()
    error: FileError | None = None  # set when the file could not be judged (exit 2)
    letter: Letter | None = None
    # False when the file is not an apology (no regret, apologises for nothing) and was
    # not judged against the five steps (`apologia.apology`)
    apology: bool = True
    # Why a readable file was not judged at all: "empty file", "unsupported language
    # (French), not judged". Not an error: the exit code does not change.
    skipped: str | None = None
    # Warnings about the file that are not problems of the letter (a suppression comment
    # naming an unknown rule id): (line, message), printed as "path:line: warning: ...".
    notices: tuple[tuple[int, str], ...] = ()

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if p.severity is Severity.WARNING)


class Report(NamedTuple):
    files: tuple[FileReport, ...]
    version: str

    @property
    def errors(self) -> int:
        return sum(f.errors for f in self.files)

    @property
    def warnings(self) -> int:
        return sum(f.warnings for f in self.files)

    @property
    def broken(self) -> tuple[FileReport, ...]:
        return tuple(f for f in self.files if f.error is not None)
