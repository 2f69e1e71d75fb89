"""Blocks of prose and blanking: what every reader of a letter format gives.

A reader (Markdown, plain text, HTML, e-mail) gives a text of the same length as the
file, with what is not prose blanked (`blank`), and the prose blocks in it (`Block`), so
every offset is an offset into the file and every line and column the file's own.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_NEWLINE = re.compile(r"\r\n|\r|\n")
_NOT_NEWLINE = re.compile(r"[^\r\n]")
HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)


class Block(NamedTuple):
    start: int
    end: int
    kind: str  # paragraph | item | heading | quote


def line_starts(text: str) -> tuple[int, ...]:
    return (0, *(m.end() for m in _NEWLINE.finditer(text)))


def blank(text: str) -> str:
    """Same length, line breaks kept, everything else a space."""
    return _NOT_NEWLINE.sub(" ", text)


def blank_matches(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(lambda m: blank(m.group(0)), text)
