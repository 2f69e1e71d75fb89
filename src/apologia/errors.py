"""The one error type for input that cannot be judged (exit 2)."""

from __future__ import annotations


class ApologiaError(Exception):
    """Bad input: unreadable file, malformed YAML, schema or usage error.

    `str()` gives one line: ``path:line:col: field: message`` with the parts that are known.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        self.field = field

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = self.path
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        what = f"{self.field}: " if self.field else ""
        return f"{where}{what}{_one_line(self.message)}"


class Refusal(Exception):
    """Content that was judged and failed in a way that stops a command (exit 1)."""


def _one_line(text: str) -> str:
    return " ".join(text.split())
