"""Letters from an incident: Jinja2 sandbox + StrictUndefined, Babel money and date filters.

Facts come from the incident; wording comes from `templates/<lang>/`. Text from the
incident is passed as data and never compiled, so `{{ 7*7 }}` in a field stays literal.
`render()` is pure: it returns strings; the command decides where they go.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from html.parser import HTMLParser
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from apologia.errors import ApologiaError
from apologia.incident import Incident, Money, text_for

FORMATS: tuple[str, ...] = ("md", "txt", "html", "eml")


# --------------------------------------------------------------------------- locale data


@dataclass(frozen=True, slots=True)
class LocaleData:
    lang: str
    locale: str
    quotes: tuple[str, ...]
    address: Mapping[str, Mapping[str, str]]


@cache
def locale_data(lang: str) -> LocaleData:
    import yaml

    node = resources.files("apologia") / "locale_data" / f"{lang}.yaml"
    try:
        raw = yaml.safe_load(node.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ApologiaError(f"no locale data for {lang!r}: {exc}") from None
    return LocaleData(
        lang=lang,
        locale=str(raw["locale"]),
        quotes=tuple(raw.get("quotes") or ()),
        address={str(k).casefold(): v for k, v in (raw.get("address") or {}).items()},
    )


def address(salutation: str | None, lang: str) -> tuple[str | None, str | None]:
    """(gender, addressee) from customer.salutation: 'doamna Pop' -> ('f', 'doamnă Pop')."""
    if not salutation:
        return None, None
    first, _, rest = salutation.partition(" ")
    entry = locale_data(lang).address.get(first.casefold())
    if entry is None:
        return None, salutation
    return str(entry["gender"]), f"{entry['form']} {rest}".strip()


# --------------------------------------------------------------------------- templates


class _ResourceLoader(jinja2.BaseLoader):
    """Templates from a Traversable (works inside a wheel or a zip)."""

    def __init__(self, root: Traversable, label: str) -> None:
        self.root = root
        self.label = label

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        node = self.root
        for part in template.split("/"):
            if part in ("", ".", ".."):
                raise jinja2.TemplateNotFound(template)
            node = node / part
        if not node.is_file():
            raise jinja2.TemplateNotFound(template)
        return node.read_text("utf-8"), f"{self.label}/{template}", lambda: True


def shipped_templates() -> Traversable:
    """`apologia/templates` in an installed wheel; the repository's `templates/` otherwise.

    An editable install maps `src/apologia` only, so the force-included folder is absent
    there and the checkout's top-level `templates/` is the same content.
    """
    packed = resources.files("apologia") / "templates"
    if packed.is_dir():
        return packed
    repo = Path(__file__).resolve().parents[2] / "templates"
    if repo.is_dir():
        return repo
    raise ApologiaError("the shipped templates are missing from this installation")


def _loader(override: Path | None) -> jinja2.BaseLoader:
    shipped = _ResourceLoader(shipped_templates(), "templates")
    if override is None:
        return shipped
    if not override.is_dir():
        what = "is not a folder" if override.exists() else "no such folder"
        raise ApologiaError(f"{what}; --templates needs a folder of templates", path=str(override))
    # A file in the override folder replaces the shipped file of the same name.
    return jinja2.ChoiceLoader([_FolderLoader(str(override)), shipped])


class _FolderLoader(jinja2.FileSystemLoader):
    """`--templates`: a template must be a UTF-8 file inside the folder, even through a
    symlink, so `{% include %}` cannot print `/proc/self/environ` into a letter."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        import os

        try:
            source, filename, uptodate = super().get_source(environment, template)
        except UnicodeDecodeError:
            raise ApologiaError(
                "template is not UTF-8 text; save it as UTF-8",
                path=os.path.join(str(self.searchpath[0]), template),
            ) from None
        root = os.path.realpath(self.searchpath[0])
        if os.path.commonpath([root, os.path.realpath(filename)]) != root:
            raise ApologiaError(
                "template is a link to a file outside the --templates folder; refused",
                path=filename,
            )
        return source, filename, uptodate


@jinja2.pass_context
def _money(ctx: Any, offer: Mapping[str, Any]) -> str:
    from babel.numbers import format_currency

    return str(format_currency(offer["amount"], offer["currency"], locale=ctx["locale"]))


@jinja2.pass_context
def _longdate(ctx: Any, value: date) -> str:
    from babel.dates import format_date

    return str(format_date(value, format="long", locale=ctx["locale"]))


@jinja2.pass_context
def _and_list(ctx: Any, items: list[str]) -> str:
    from babel.lists import format_list

    return str(format_list(list(items), locale=ctx["locale"]))


def _squash(value: Any) -> Any:
    """One line of text; keeps Markup (already escaped) as Markup."""
    from markupsafe import Markup

    # ASCII whitespace only: Babel's no-break spaces ("1.200,00\xa0€") must survive.
    squashed = _ASCII_SPACE.sub(" ", str(value)).strip()
    return Markup(squashed) if isinstance(value, Markup) else squashed


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
def _environment(fmt: str, override: Path | None) -> SandboxedEnvironment:
    env = _Sandbox(
        loader=_loader(override),
        undefined=jinja2.StrictUndefined,
        autoescape=fmt == "html",
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["money"] = _money
    env.filters["longdate"] = _longdate
    env.filters["and_list"] = _and_list
    env.filters["squash"] = _squash
    for name in ("center", "indent", "wordwrap", "truncate", "format", "replace", "batch", "slice"):
        if name in env.filters:
            env.filters[name] = _guard_filter(name, env.filters[name])
    return env


# --------------------------------------------------------------------------- context


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>&#|~])")


def _md_escape(text: str) -> str:
    # Facts must not become markup, nor an `<!-- apologia-disable -->` comment.
    return _MD_SPECIAL.sub(r"\\\1", text)


_ASCII_SPACE = re.compile(r"[ \t\r\n\f\v]+")


def _one_paragraph(text: str) -> str:
    return _ASCII_SPACE.sub(" ", text).strip()


def context(incident: Incident, lang: str, fmt: str) -> dict[str, Any]:
    """Everything a template may use, resolved for one language and escaped for md."""
    esc = _md_escape if fmt == "md" else (lambda s: s)

    def t(value: Any) -> str | None:
        if value is None:
            return None
        return esc(_one_paragraph(text_for(value, lang)))

    inc = incident.incident
    gender, addressee = address(
        _one_paragraph(text_for(incident.customer.salutation, lang))
        if incident.customer.salutation is not None
        else None,
        lang,
    )
    offers: list[dict[str, Any]] = []
    for offer in incident.value:
        if isinstance(offer, Money):
            offers.append(
                {"text": t(offer.text), "amount": Decimal(offer.amount), "currency": offer.currency}
            )
        else:
            offers.append({"text": t(offer), "amount": None, "currency": None})
    company = incident.company
    contact = company.contact
    return {
        "lang": lang,
        "fmt": fmt,
        "locale": locale_data(lang).locale,
        "quotes": list(locale_data(lang).quotes),
        "formal": incident.customer.formal,
        "severity": inc.severity,
        "within_our_control": inc.within_our_control,
        "repeat": incident.repeat,
        "prior_incidents": list(inc.prior_incidents),
        "incident_id": inc.id,
        "title": t(inc.title),
        "occurred": inc.occurred,
        "detected": inc.detected,
        "company": {
            "name": esc(company.name),
            "signer": esc(company.signer),
            "role": t(company.role),
            "contact": esc(contact) if contact else None,
        },
        "customer": {"name": esc(incident.customer.name)},
        "addressee": esc(addressee) if addressee else None,
        "gender": gender,
        "impact": t(incident.impact),
        "offers": offers,
        "responsibility": t(incident.responsibility),
        "root_cause": t(incident.explanation.root_cause),
        "fix": [t(a) for a in incident.fix],
        "regret": t(incident.regret),
        "order": list(incident.order),
    }


# --------------------------------------------------------------------------- rendering


@dataclass(frozen=True, slots=True)
class Rendered:
    lang: str
    fmt: str
    text: str  # what is written: the letter, or the whole .eml message
    lint_text: str  # what the engine judges: front matter + the letter's prose
    plain: bool  # lint_text is plain text (not Markdown)


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


def _render(template: str, ctx: dict[str, Any], fmt: str, override: Path | None) -> str:
    """Render one template; whatever goes wrong in it is one ApologiaError (exit 2)
    naming the template file and line, never a traceback."""
    try:
        env = _environment(fmt, override)
        compiled = env.get_template(template)
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


def _tidy(text: str) -> str:
    """Drop trailing spaces and runs of blank lines the template structure leaves."""
    lines = [line.rstrip() for line in text.splitlines()]
    out = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    return out + "\n"


def _front_matter(ctx: dict[str, Any]) -> str:
    lines = [
        "---",
        f"lang: {ctx['lang']}",
        f"incident: {ctx['incident_id']}",
        f"severity: {ctx['severity']}",
    ]
    if ctx["prior_incidents"]:
        lines.append(f"prior_incidents: [{', '.join(ctx['prior_incidents'])}]")
    return "\n".join([*lines, "---", ""])


class _HtmlText(HTMLParser):
    """Text of the rendered HTML body, one block a paragraph, for the lint gate."""

    BLOCKS = frozenset({"p", "li", "ul", "ol", "div", "br", "h1", "h2", "h3", "tr", "body"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("head", "script", "style", "title"):
            self.skip += 1
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("head", "script", "style", "title"):
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n\n" if tag != "br" else "\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(" ".join(data.split(" ")))


def html_to_text(html: str) -> str:
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    return _tidy("".join(parser.parts).replace("\n- \n\n", "\n- "))


def render_body(incident: Incident, lang: str, fmt: str, *, templates: Path | None = None) -> str:
    """One letter in md, txt or html."""
    ctx = context(incident, lang, fmt)
    text = _render(f"{lang}/letter.{fmt}.j2", ctx, fmt, templates)
    if fmt == "html":
        return "\n".join(line.rstrip() for line in text.splitlines() if line.strip()) + "\n"
    return _tidy(text)


def subject(incident: Incident, lang: str, *, templates: Path | None = None) -> str:
    ctx = context(incident, lang, "txt")
    return " ".join(_render(f"{lang}/subject.txt.j2", ctx, "txt", templates).split())


def build_eml(incident: Incident, lang: str, txt: str, html: str, subj: str) -> bytes:
    """multipart/alternative (text + HTML); header values are folded to one line."""
    from email.headerregistry import Address
    from email.message import EmailMessage
    from email.policy import default

    def one_line(value: str) -> str:
        # No CR/LF or other control characters can reach a header: no injection.
        return " ".join("".join(ch if ch.isprintable() else " " for ch in value).split())

    msg = EmailMessage(policy=default)
    msg["Subject"] = one_line(subj)
    contact = incident.company.contact or ""
    if re.fullmatch(r"[^@\s<>\"(),;:]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}", contact):
        user, _, domain = contact.partition("@")
        msg["From"] = Address(
            display_name=one_line(incident.company.name), username=user, domain=domain
        )
    msg["X-Apologia-Incident"] = incident.incident.id
    msg.set_content(txt, subtype="plain", charset="utf-8", cte="quoted-printable")
    msg.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    # After set_content, which clears every Content-* header of the message.
    msg["Content-Language"] = lang
    # A boundary from the content, not random: `draft --check` compares byte for byte.
    digest = hashlib.sha256((txt + "\0" + html).encode("utf-8")).hexdigest()[:32]
    msg.set_boundary(f"==apologia-{digest}==")
    return msg.as_bytes()


def render(incident: Incident, lang: str, fmt: str, *, templates: Path | None = None) -> Rendered:
    """The letter for one language in one format, with the text the lint gate judges."""
    if fmt not in FORMATS:
        raise ApologiaError(f"unknown format {fmt!r}; use {', '.join(FORMATS)}")
    fm = _front_matter(context(incident, lang, fmt))
    if fmt == "md":
        # Front matter carries severity and repeat, so `apologia lint` judges the file
        # on disk exactly as the gate judged it here.
        text = fm + render_body(incident, lang, "md", templates=templates)
        return Rendered(lang, fmt, text, text, plain=False)
    if fmt == "txt":
        text = render_body(incident, lang, "txt", templates=templates)
        return Rendered(lang, fmt, text, fm + text, plain=True)
    html = render_body(incident, lang, "html", templates=templates)
    if fmt == "html":
        return Rendered(lang, fmt, html, fm + html_to_text(html), plain=True)
    txt = render_body(incident, lang, "txt", templates=templates)
    subj = subject(incident, lang, templates=templates)
    eml = build_eml(incident, lang, txt, html, subj).decode("utf-8")
    return Rendered(lang, fmt, eml, fm + txt, plain=True)
