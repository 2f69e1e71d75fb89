"""Running a template: Jinja's sandbox with bounds on what a template may build, a time
budget, and every failure turned into one ApologiaError naming the template and line."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from apologia.errors import ApologiaError
from apologia.render.context import and_list, longdate, money, squash
from apologia.render.loaders import loader

# What a template may build. The shipped letters are a few KiB; these bounds stop a
# template from exhausting memory or time before anything is written.
MAX_OUTPUT = 1024 * 1024  # characters of one rendered template
MAX_SIZE = 100_000  # a number that sizes a string or list (`* n`, `center(n)`, ...)
RENDER_SECONDS = 10.0  # wall-clock budget of one template, where signals allow


class _Sandbox(SandboxedEnvironment):
    """Jinja's sandbox (no dunders, no unsafe callables, `range` capped), plus bounds on
    what operators, methods and filters may allocate."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(n, int):
                    _bounded(len(seq) * max(n, 0), "repetition")
        elif operator == "**":
            if isinstance(left, int) and isinstance(right, int) and abs(left) > 1:
                _bounded(right * abs(left).bit_length() // 8, "power")
        elif operator == "%" and isinstance(left, str):
            _bounded_widths(left, _PRINTF_WIDTHS)  # '%0999999999d' % 1
        elif operator == "+" and all(isinstance(x, (str, list, tuple)) for x in (left, right)):
            _bounded(len(left) + len(right), "concatenation")
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        # 'x'.ljust(10**9), 'x'.zfill(n), '{:>999999999}'.format(1): numbers size results.
        owner, name = getattr(__obj, "__self__", None), getattr(__obj, "__name__", "")
        if isinstance(owner, str) and name in _SIZING_METHODS:
            for value in (*args, *kwargs.values()):
                if isinstance(value, int) and not isinstance(value, bool):
                    _bounded(value, f"{name} argument")
        return super().call(__context, __obj, *args, **kwargs)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        # '{:>999999999}'.format(1), and '{:>{}}'.format(1, 10**9) with a nested width.
        wrapped = super().wrap_str_format(value)
        owner = getattr(value, "__self__", None)
        if wrapped is None or not isinstance(owner, str):
            return wrapped
        _bounded_widths(owner, _FORMAT_WIDTHS)
        if not _NESTED_WIDTH.search(owner):
            return wrapped
        inner = wrapped

        def checked(*args: Any, **kwargs: Any) -> str:
            for arg in (*args, *kwargs.values()):
                if isinstance(arg, int) and not isinstance(arg, bool):
                    _bounded(arg, "format width")
            return inner(*args, **kwargs)

        return checked


_SIZING_METHODS = frozenset({"ljust", "rjust", "center", "zfill", "expandtabs"})
# The width and precision of a printf-style (`%-10.3f`) or str.format (`{:>10.3}`) field.
_PRINTF_WIDTHS = re.compile(r"%[#0 +-]*(\d*)(?:\.(\d*))?")
_FORMAT_WIDTHS = re.compile(r"\{[^{}:]*:[^{}\d]*(\d*)(?:[,_]?\.(\d*))?")
_NESTED_WIDTH = re.compile(r"\{[^{}:]*:[^{}]*\{")


def _bounded_widths(text: str, pattern: re.Pattern[str]) -> None:
    for m in pattern.finditer(text):
        for width in m.groups():
            if width:
                _bounded(int(width), "format width")


def _bounded(size: int, what: str) -> None:
    if size > MAX_SIZE:
        from jinja2.exceptions import SecurityError

        raise SecurityError(f"{what} too large (over {MAX_SIZE:,} items); refused")


def _guard_filter(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    """A built-in filter whose size arguments (width, count, ...) are bounded."""
    import functools

    from jinja2.nodes import EvalContext
    from jinja2.runtime import Context

    @functools.wraps(fn)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        # Some filters take the environment or context first; the value comes next.
        operands = [
            a for a in args if not isinstance(a, (EvalContext, Context, jinja2.Environment))
        ]
        value, rest = (operands[0], operands[1:]) if operands else (None, [])
        for arg in (*rest, *kwargs.values()) if name != "format" else ():
            if isinstance(arg, int) and not isinstance(arg, bool):
                _bounded(arg, f"{name} argument")
        if name == "format" and isinstance(value, str):
            _bounded_widths(value, _PRINTF_WIDTHS)
        if name == "replace" and len(rest) >= 2:
            text, old, new = str(value), str(rest[0]), str(rest[1])
            count = text.count(old) if old else len(text) + 1
            _bounded(len(text) + count * len(new), "replace result")
        return fn(*args, **kwargs)

    return guarded


@cache
def environment(fmt: str, override: Path | None) -> SandboxedEnvironment:
    env = _Sandbox(
        loader=loader(override),
        undefined=jinja2.StrictUndefined,
        autoescape=fmt == "html",
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["money"] = money
    env.filters["longdate"] = longdate
    env.filters["and_list"] = and_list
    env.filters["squash"] = squash
    for name in ("center", "indent", "wordwrap", "truncate", "format", "replace", "batch", "slice"):
        if name in env.filters:
            env.filters[name] = _guard_filter(name, env.filters[name])
    return env


def _template_error(exc: jinja2.TemplateError, name: str) -> ApologiaError:
    if isinstance(exc, jinja2.TemplateNotFound):
        return ApologiaError(
            f"template {exc.name} not found (in --templates or the shipped templates)",
            field="templates",
        )
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return ApologiaError(
            f"template syntax error: {exc.message}",
            path=exc.filename or exc.name or name,
            line=exc.lineno,
        )
    return ApologiaError(f"template {name} failed: {exc}", field="templates")


def run(names: Sequence[str], ctx: dict[str, Any], fmt: str, override: Path | None) -> str:
    """Render the first of `names` that exists; whatever goes wrong in it is one
    ApologiaError (exit 2) naming the template file and line, never a traceback."""
    template = names[0]
    try:
        env = environment(fmt, override)
        compiled = env.select_template(list(names))
    except jinja2.TemplateError as exc:
        raise _template_error(exc, template) from None
    parts: list[str] = []
    size = 0
    try:
        with _deadline(RENDER_SECONDS):
            for chunk in compiled.generate(ctx):
                size += len(chunk)
                if size > MAX_OUTPUT:
                    raise _Stop(f"output too large (over {MAX_OUTPUT:,} characters)")
                parts.append(chunk)
    except ApologiaError:
        raise
    except (jinja2.TemplateNotFound, jinja2.TemplateSyntaxError) as exc:  # an {% include %}
        raise _template_error(exc, template) from None
    except jinja2.TemplateError as exc:
        what = str(getattr(exc, "message", None) or exc)
        raise _failed(exc, compiled.filename, what) from None
    except RecursionError as exc:
        what = "recursion too deep (a macro that calls itself?)"
        raise _failed(exc, compiled.filename, what) from None
    except MemoryError as exc:
        raise _failed(exc, compiled.filename, "out of memory") from None
    except Exception as exc:  # a template is code: any failure in it is its own
        raise _failed(exc, compiled.filename, _exc_text(exc)) from None
    return "".join(parts)


class _Stop(Exception):
    """A template crossed a bound (time, output size)."""


def _exc_text(exc: BaseException) -> str:
    if isinstance(exc, _Stop):
        return str(exc)
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _failed(exc: BaseException, filename: str | None, what: str) -> ApologiaError:
    """'template failed' at the template line Jinja's rewritten traceback points to."""
    import traceback

    path, line = filename, None
    for frame in traceback.extract_tb(exc.__traceback__):
        if not frame.filename.endswith(".py") and not frame.filename.startswith("<"):
            path, line = frame.filename, frame.lineno
    return ApologiaError(f"template failed: {what}", path=path, line=line)


@contextlib.contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Interrupt a runaway template (`{% for %}` in `{% for %}` over big ranges).

    Uses SIGALRM, so only on POSIX in the main thread; elsewhere the size bounds still
    hold and only time is unbounded.
    """
    import signal
    import threading

    if not hasattr(signal, "setitimer") or threading.current_thread() is not (
        threading.main_thread()
    ):
        yield
        return

    def expired(signum: int, frame: Any) -> None:
        raise _Stop(f"took longer than {seconds:g} seconds")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
