"""What one template operation may build: every string or list an operator, method,
filter, `~` or `{{ }}` makes is sized before it is made, and refused over `MAX_SIZE`.

A template can make a list that is cheap to hold and costly to print: `["x" * 99999] *
99999` holds one string 99,999 times, and joining or printing it builds 10 GB in one C
call that no deadline interrupts. So sizes here are *printed* sizes (`size()` counts
every character and item, a shared one each time it appears), measured with an early
stop, so measuring costs at most `MAX_SIZE` steps.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from typing import Any

import jinja2
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.nodes import Concat, EvalContext
from jinja2.runtime import Context

# The shipped letters are a few KiB; these bounds stop a template from exhausting memory
# or time before anything is written.
MAX_OUTPUT = 1024 * 1024  # characters of one rendered template
MAX_SIZE = 100_000  # characters and items one operation may build (`* n`, `join`, ...)

_SIZING_METHODS = frozenset({"ljust", "rjust", "center", "zfill", "expandtabs"})
# Filters whose number arguments size what they build.
_SIZING_FILTERS = frozenset({"center", "indent", "wordwrap", "truncate", "batch", "slice"})
# The width and precision of a printf-style (`%-10.3f`) or str.format (`{:>10.3}`) field.
_PRINTF_WIDTHS = re.compile(r"%[#0 +-]*(\d*)(?:\.(\d*))?")
_FORMAT_WIDTHS = re.compile(r"\{[^{}:]*:[^{}\d]*(\d*)(?:[,_]?\.(\d*))?")
_NESTED_WIDTH = re.compile(r"\{[^{}:]*:[^{}]*\{")


def bounded(size: int, what: str) -> None:
    if size > MAX_SIZE:
        raise SecurityError(f"{what} too large (over {MAX_SIZE:,} items); refused")


def size(value: Any, limit: int = MAX_SIZE) -> int:
    """Characters and items `value` prints as, counting a shared item each time; stops
    counting once over `limit`."""
    total = 0
    stack = [value]
    while stack and total <= limit:
        item = stack.pop()
        if isinstance(item, str):
            total += len(item)
        elif isinstance(item, (list, tuple, set, frozenset, dict)):
            total += len(item)
            if total <= limit:
                stack.extend(item.items() if isinstance(item, dict) else item)
        else:
            total += 1
    return total


def _int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _widths(text: str, pattern: re.Pattern[str]) -> None:
    for m in pattern.finditer(text):
        for width in m.groups():
            if width:
                bounded(int(width), "format width")


def check_binop(operator: str, left: Any, right: Any) -> None:
    if operator == "*":
        for seq, n in ((left, right), (right, left)):
            if isinstance(seq, (str, list, tuple)) and _int(n) and n > 0:
                bounded(size(seq) * n, "repetition")
    elif operator == "**":
        if _int(left) and _int(right) and abs(left) > 1:
            bounded(right * abs(left).bit_length() // 8, "power")
    elif operator == "%" and isinstance(left, str):
        _widths(left, _PRINTF_WIDTHS)  # '%0999999999d' % 1
        _fields(left, "%", (right,))
    elif operator == "+" and all(isinstance(x, (str, list, tuple)) for x in (left, right)):
        bounded(size(left) + size(right), "concatenation")


def check_call(fn: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """A method of a string: 'x'.ljust(10**9), ','.join(big), s.replace('x', s)."""
    owner, name = getattr(fn, "__self__", None), getattr(fn, "__name__", "")
    if not isinstance(owner, str):
        return
    values = (*args, *kwargs.values())
    if name in _SIZING_METHODS:
        for value in values:
            if _int(value):
                bounded(value, f"{name} argument")
        if name == "expandtabs" and values and _int(values[0]):
            bounded(len(owner) + owner.count("\t") * values[0], "expandtabs result")
    elif name == "join" and values:
        _join(owner, values[0])
    elif name == "replace" and len(values) >= 2:
        _replace(owner, values[0], values[1])
    elif name in ("format", "format_map"):
        _fields(owner, "{", values)


def _fields(template: str, mark: str, values: tuple[Any, ...]) -> None:
    """Each field of a format string may print the largest value again: '{0}{0}{0}'."""
    largest = max((size(v) for v in values), default=0)
    bounded(len(template) + template.count(mark) * largest, "formatted string")


def _join(sep: Any, items: Any) -> None:
    if isinstance(items, (list, tuple, str, set, frozenset, dict)):
        bounded(size(items) + len(str(sep)) * len(items), "join result")


def _replace(text: Any, old: Any, new: Any) -> None:
    text, old, new = str(text), str(old), str(new)
    count = text.count(old) if old else len(text) + 1
    bounded(len(text) + count * len(new), "replace result")


def checked_format(value: Any, wrapped: Callable[..., str] | None) -> Callable[..., str] | None:
    """'{:>999999999}'.format(1), '{:>{}}'.format(1, 10**9) and '{0}{0}{0}'.format(s)."""
    owner = getattr(value, "__self__", None)
    if wrapped is None or not isinstance(owner, str):
        return wrapped
    _widths(owner, _FORMAT_WIDTHS)
    inner = wrapped
    nested = _NESTED_WIDTH.search(owner) is not None

    def checked(*args: Any, **kwargs: Any) -> str:
        values = (*args, *kwargs.values())
        if nested:
            for arg in values:
                if _int(arg):
                    bounded(arg, "format width")
        _fields(owner, "{", values)
        return inner(*args, **kwargs)

    return checked


def printed(value: Any) -> Any:
    """`{{ value }}`: a list or mapping is sized before it becomes text."""
    if not isinstance(value, str):
        bounded(size(value), "printed value")
    return value


def guard_filter(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    """A filter whose inputs are sized and whose size arguments (width, count, separator,
    replacement) are bounded before it runs."""

    @functools.wraps(fn)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        # Some filters take the environment or context first; the value comes next.
        at = next((i for i, a in enumerate(args) if not isinstance(a, _CONTEXTS)), len(args))
        if at < len(args) and isinstance(args[at], Iterator):
            # A lazy `map`/`select` result: built here, item by item, within the bound,
            # since a filter that consumes it (list, join, sort) would build it unbounded.
            args = (*args[:at], _bounded_list(args[at], name), *args[at + 1 :])
        value, rest = (args[at], list(args[at + 1 :])) if at < len(args) else (None, [])
        bounded(size(value), f"{name} input")
        for arg in (*rest, *kwargs.values()):
            if not _int(arg):
                bounded(size(arg), f"{name} argument")
            elif name in _SIZING_FILTERS:
                bounded(arg, f"{name} argument")
        _amplified(name, value, rest, kwargs)
        return fn(*args, **kwargs)

    return guarded


_CONTEXTS = (EvalContext, Context, jinja2.Environment)


def _bounded_list(items: Iterator[Any], name: str) -> list[Any]:
    out, total = [], 0
    for item in items:
        total += 1 + size(item)
        bounded(total, f"{name} input")
        out.append(item)
    return out


def _amplified(name: str, value: Any, rest: list[Any], kwargs: dict[str, Any]) -> None:
    """Filters whose result can be much larger than their inputs."""
    if name == "join":
        _join(rest[0] if rest else kwargs.get("d", ""), value)
    elif name == "replace" and len(rest) >= 2:
        _replace(value, rest[0], rest[1])
    elif name == "format" and isinstance(value, str):
        _widths(value, _PRINTF_WIDTHS)
        _fields(value, "%", (*rest, *kwargs.values()))
    elif name in ("indent", "wordwrap") and isinstance(value, str):
        # indent: the width (a number or a string) on every line; wordwrap: the wrap
        # string at every break, at most one break a character.
        extra = rest[0] if name == "indent" and rest else kwargs.get("width", 4)
        if name == "wordwrap":
            extra = rest[2] if len(rest) >= 3 else kwargs.get("wrapstring") or "\n"
        per_line = extra if _int(extra) else len(str(extra))
        breaks = value.count("\n") + 1 if name == "indent" else len(value) + 1
        bounded(len(value) + per_line * breaks, f"{name} result")


class BoundedCodeGenerator(CodeGenerator):
    """Compiles `a ~ b` to a call the environment bounds: Jinja joins the parts in one
    C call, which no operator hook sees."""

    def visit_Concat(self, node: Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile:
            func_name = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            func_name = "markup_join"
        else:
            func_name = "str_join"
        self.write(f"environment.bounded_join({func_name}, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")
