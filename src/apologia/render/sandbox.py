"""Running a template: Jinja's sandbox with bounds on what a template may build, a time
budget, and every failure turned into one ApologiaError naming the template and line."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedEnvironment

from apologia.errors import ApologiaError
from apologia.render import bounds
from apologia.render.bounds import MAX_OUTPUT
from apologia.render.context import and_list, conj, is_sentence, lcfirst, longdate, money, squash
from apologia.render.loaders import loader

RENDER_SECONDS = 10.0  # wall-clock budget of one template, where signals allow


class _Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's sandbox (no dunders, no unsafe callables, `range` capped, no changing a
    list or dict in place), plus bounds on what operators, methods, filters, `~` and
    printing may build: see `bounds`."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})
    code_generator_class = bounds.BoundedCodeGenerator

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        bounds.check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        bounds.check_call(__obj, args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        return bounds.checked_format(value, super().wrap_str_format(value))

    def bounded_join(self, join: Callable[[Any], str], parts: tuple[Any, ...]) -> str:
        """`a ~ b ~ c`, compiled by `bounds.BoundedCodeGenerator` to call this."""
        bounds.bounded(sum(bounds.size(p) for p in parts), "concatenation (~)")
        return join(parts)

    def compile(
        self, source: Any, name: Any = None, filename: Any = None, *a: Any, **k: Any
    ) -> Any:
        # Python's parser and compiler have fixed limits (recursion, 100 nested blocks);
        # a template nested past them is a syntax error of the template, not a crash.
        try:
            return super().compile(source, name, filename, *a, **k)
        except (RecursionError, SyntaxError, MemoryError):
            raise jinja2.TemplateSyntaxError(
                "nested too deeply for Python to compile; flatten the template",
                lineno=1,
                name=name,
                filename=filename,
            ) from None


@cache
def environment(fmt: str, override: Path | None) -> SandboxedEnvironment:
    env = _Sandbox(
        loader=loader(override),
        undefined=jinja2.StrictUndefined,
        autoescape=fmt == "html",
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=bounds.printed,
    )
    env.filters.update(
        money=money, longdate=longdate, and_list=and_list, squash=squash, lcfirst=lcfirst, conj=conj
    )
    env.tests["sentence"] = is_sentence
    for name, fn in list(env.filters.items()):
        env.filters[name] = bounds.guard_filter(name, fn)
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
