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
            where = short_name(self.path)
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        what = f"{self.field}: " if self.field else ""
        return printable(f"{where}{what}{_one_line(self.message)}")


def format_path(path: tuple[str | int, ...]) -> str:
    """A field path as messages name it: ("fix", 1, "es") -> "fix[1].es"."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _one_line(text: str) -> str:
    return " ".join(text.split())


def printable(text: str) -> str:
    """`text` safe to print as one line on a terminal or in a CI log.

    Control characters (ESC sequences, CR, NUL), line and paragraph separators and
    invisible format characters (bidi overrides, zero-width space) are shown as Python
    escapes (`\\x1b`, `\\r`, `\\u202e`), since file names, keys and quoted text in a
    message come from files anyone can write.
    """
    if text.isprintable():
        return text
    return "".join(
        ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode("ascii")
        for ch in text
    )


def os_failure(exc: OSError) -> str:
    """One line for an OSError no command turned into an ApologiaError.

    With a file name, that name (cut short: the error may be that it is too long) and the
    reason; without one, the write to stdout is what failed.
    """
    reason = exc.strerror or type(exc).__name__
    if exc.filename is None:
        return f"cannot write the output: {reason}"
    return printable(f"{short_name(str(exc.filename))}: {reason}")


def short_name(name: str) -> str:
    """A file name fit for one line: one longer than any real path is cut short."""
    return name if len(name) <= 512 else name[:80] + f"… ({len(name)} characters)"
