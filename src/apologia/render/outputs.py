"""The draft formats: each turns an incident into what is written and what is linted."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from apologia.errors import ApologiaError
from apologia.incident import Incident
from apologia.render.context import context
from apologia.render.sandbox import run


@dataclass(frozen=True, slots=True)
class Rendered:
    lang: str
    fmt: str
    text: str  # what is written: the letter, or the whole .eml message
    lint_text: str  # what the engine judges: front matter + the letter's prose
    plain: bool  # lint_text is plain text (not Markdown)


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


def template_names(lang: str, fmt: str, part: str = "letter") -> tuple[str, ...]:
    """A format's own template (`en/letter.md.j2`) if a --templates folder has one, else
    the language's (`en/letter.j2`), which lays itself out through `formats/<fmt>.j2`."""
    return (f"{lang}/{part}.{fmt}.j2", f"{lang}/{part}.j2")


def render_body(incident: Incident, lang: str, fmt: str, *, templates: Path | None = None) -> str:
    """One letter in md, txt or html; `lang` is a tag, its base names the templates."""
    ctx = context(incident, lang, fmt)
    text = run(template_names(ctx["base"], fmt), ctx, fmt, templates)
    if fmt == "html":
        return "\n".join(line.rstrip() for line in text.splitlines() if line.strip()) + "\n"
    return _tidy(text)


def subject(incident: Incident, lang: str, *, templates: Path | None = None) -> str:
    ctx = context(incident, lang, "txt")
    return " ".join(run([f"{ctx['base']}/subject.txt.j2"], ctx, "txt", templates).split())


_ASCII_ADDRESS = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def sent_at() -> datetime:
    """The Date of an .eml: SOURCE_DATE_EPOCH when set (reproducible output), else now."""
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(tz=UTC).replace(microsecond=0)


_DATE_HEADER = re.compile(r"^Date: .*\r?\n", re.MULTILINE)


def comparable(text: str, fmt: str) -> str:
    """What `draft --check` compares: an .eml without its Date header (the send time)."""
    if fmt != "eml":
        return text
    head, sep, body = text.partition("\n\n")
    return _DATE_HEADER.sub("", head, count=1) + sep + body


def build_eml(incident: Incident, lang: str, txt: str, html: str, subj: str) -> bytes:
    """multipart/alternative (text + HTML); header values are folded to one line."""
    from email.headerregistry import Address
    from email.message import EmailMessage
    from email.policy import default

    def one_line(value: str) -> str:
        # No CR/LF or other control characters can reach a header: no injection.
        return " ".join("".join(ch if ch.isprintable() else " " for ch in value).split())

    from email.utils import format_datetime

    msg = EmailMessage(policy=default)
    msg["Subject"] = one_line(subj)
    contact = incident.company.contact or ""
    domain = "apologia.invalid"
    # An ASCII address only: a header cannot carry "josé@" unencoded, and an encoded word
    # inside an address is not an address (RFC 2047, section 5).
    if _ASCII_ADDRESS.fullmatch(contact.strip()):
        user, _, domain = contact.strip().partition("@")
        msg["From"] = Address(
            display_name=one_line(incident.company.name), username=user, domain=domain
        )
    to = incident.customer.email
    if to and _ASCII_ADDRESS.fullmatch(to):
        user, _, host = to.partition("@")
        msg["To"] = Address(
            display_name=one_line(incident.customer.name), username=user, domain=host
        )
    msg["Date"] = format_datetime(sent_at())
    digest = hashlib.sha256((txt + "\0" + html).encode("utf-8")).hexdigest()
    msg["Message-ID"] = f"<{digest[:24]}.{lang}@{domain}>"
    msg["X-Apologia-Incident"] = incident.incident.id
    msg.set_content(txt, subtype="plain", charset="utf-8", cte="quoted-printable")
    msg.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    # After set_content, which clears every Content-* header of the message.
    msg["Content-Language"] = lang
    # A boundary from the content, not random: `draft --check` compares byte for byte.
    msg.set_boundary(f"==apologia-{digest[:32]}==")
    return msg.as_bytes()


# A draft format: (incident, lang, its front matter, templates) -> the letter.
Format = Callable[[Incident, str, str, Path | None], Rendered]
REGISTRY: dict[str, Format] = {}


def draft_format(name: str) -> Callable[[Format], Format]:
    def register(fn: Format) -> Format:
        REGISTRY[name] = fn
        return fn

    return register


@draft_format("md")
def _md(incident: Incident, lang: str, fm: str, templates: Path | None) -> Rendered:
    # Front matter carries severity and repeat, so `apologia lint` judges the file
    # on disk exactly as the gate judged it here.
    text = fm + render_body(incident, lang, "md", templates=templates)
    return Rendered(lang, "md", text, text, plain=False)


@draft_format("txt")
def _txt(incident: Incident, lang: str, fm: str, templates: Path | None) -> Rendered:
    text = render_body(incident, lang, "txt", templates=templates)
    return Rendered(lang, "txt", text, fm + text, plain=True)


@draft_format("html")
def _html(incident: Incident, lang: str, fm: str, templates: Path | None) -> Rendered:
    html = render_body(incident, lang, "html", templates=templates)
    return Rendered(lang, "html", html, fm + html_to_text(html), plain=True)


@draft_format("eml")
def _eml(incident: Incident, lang: str, fm: str, templates: Path | None) -> Rendered:
    html = render_body(incident, lang, "html", templates=templates)
    txt = render_body(incident, lang, "txt", templates=templates)
    subj = subject(incident, lang, templates=templates)
    eml = build_eml(incident, lang, txt, html, subj).decode("utf-8")
    return Rendered(lang, "eml", eml, fm + txt, plain=True)


FORMATS: tuple[str, ...] = tuple(REGISTRY)


def render(incident: Incident, lang: str, fmt: str, *, templates: Path | None = None) -> Rendered:
    """The letter for one language in one format, with the text the lint gate judges."""
    build = REGISTRY.get(fmt)
    if build is None:
        raise ApologiaError(f"unknown format {fmt!r}; use {', '.join(FORMATS)}")
    return build(incident, lang, _front_matter(context(incident, lang, fmt)), templates)
