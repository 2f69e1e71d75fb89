"""Letters from an incident: Jinja2 sandbox + StrictUndefined, Babel money and date filters.

Facts come from the incident; wording comes from `templates/<lang>/`. Text from the
incident is passed as data and never compiled, so `{{ 7*7 }}` in a field stays literal.
`render()` is pure: it returns strings; the command decides where they go.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
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
        raise ApologiaError(f"{what}; --templates needs a folder of templates",
                            path=str(override))
    # A file in the override folder replaces the shipped file of the same name.
    return jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(override)), shipped])


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


@cache
def _environment(fmt: str, override: Path | None) -> SandboxedEnvironment:
    env = SandboxedEnvironment(
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
        if incident.customer.salutation is not None else None,
        lang,
    )
    offers: list[dict[str, Any]] = []
    for offer in incident.value:
        if isinstance(offer, Money):
            offers.append({"text": t(offer.text), "amount": Decimal(offer.amount),
                           "currency": offer.currency})
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
        return ApologiaError(f"template syntax error: {exc.message}",
                             path=exc.filename or exc.name or name, line=exc.lineno)
    return ApologiaError(f"template {name} failed: {exc}", field="templates")


def _render(template: str, ctx: dict[str, Any], fmt: str, override: Path | None) -> str:
    try:
        env = _environment(fmt, override)
        return env.get_template(template).render(ctx)
    except jinja2.TemplateError as exc:
        raise _template_error(exc, template) from None


def _tidy(text: str) -> str:
    """Drop trailing spaces and runs of blank lines the template structure leaves."""
    lines = [line.rstrip() for line in text.splitlines()]
    out = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    return out + "\n"


def _front_matter(ctx: dict[str, Any]) -> str:
    lines = ["---", f"lang: {ctx['lang']}", f"incident: {ctx['incident_id']}",
             f"severity: {ctx['severity']}"]
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
        msg["From"] = Address(display_name=one_line(incident.company.name),
                              username=user, domain=domain)
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

