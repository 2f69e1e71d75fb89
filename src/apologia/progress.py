"""A progress bar on stderr for batches that take more than a moment.

Shown only when stderr is a terminal (never in a pipe, a log or CI output), never with
`--quiet`, and only once the batch has run for `DELAY` seconds with files still to go:
small batches print nothing and never import Rich. The bar is transient, so it leaves no
trace in the scrollback once the batch is done.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, TextIO, TypeVar

if TYPE_CHECKING:
    from rich.progress import Progress

T = TypeVar("T")

DELAY = 0.5  # seconds before a bar is worth showing

_shown: list[Progress] = []  # the bar on screen, while there is one


def wanted(stream: TextIO, *, quiet: bool) -> bool:
    """A bar on `stream` would be seen by a person and not get in anyone's way."""
    if quiet or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # closed or replaced stream
        return False


def track(
    items: Iterable[T],
    *,
    total: int,
    quiet: bool = False,
    label: str = "Linting",
    stream: TextIO | None = None,
    delay: float | None = None,
) -> Iterator[T]:
    """Yield `items` unchanged, with a bar on stderr once they take longer than `delay`."""
    delay = DELAY if delay is None else delay
    out = stream if stream is not None else sys.stderr
    it = iter(items)
    if total < 2 or not wanted(out, quiet=quiet):
        yield from it
        return
    started = time.monotonic()
    done = 0
    for item in it:
        yield item
        done += 1
        if done < total and time.monotonic() - started >= delay:
            break
    else:
        return
    yield from _with_bar(it, out, label=label, total=total, done=done)


def _with_bar(it: Iterator[T], out: TextIO, *, label: str, total: int, done: int) -> Iterator[T]:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    console = Console(file=out, highlight=False, markup=False, emoji=False)
    columns = (f"{label}", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(label, total=total, completed=done)
        _shown.append(bar)
        try:
            for item in it:
                yield item
                bar.advance(task)
        finally:
            _shown.remove(bar)


class BesideBar:
    """A stream (stdout) that never mixes its lines with the bar on the same terminal.

    Rich's own redirection would send stdout to the bar's console, stderr; this hides the
    bar (transient: erased), writes, and shows the bar again below what was written.
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        try:
            self._terminal = stream.isatty()
        except (AttributeError, ValueError):
            self._terminal = False

    def write(self, text: str) -> int:
        if not (text and self._terminal and _shown):
            return self._stream.write(text)
        bar = _shown[-1]
        bar.stop()
        try:
            written = self._stream.write(text)
            self._stream.flush()
        finally:
            bar.start()
        return written

    def flush(self) -> None:
        self._stream.flush()
