"""Letters that are not Markdown: HTML and MJML e-mails, `.eml` messages, placeholders.

Each reader gives what `markdown.mask_markdown` gives: a text of the same length as the
letter, with everything that is not prose blanked, and the prose blocks. Offsets stay
offsets into the file's text, so lines and columns point into the file. HTML and MJML
are read by the standard library's parser; `.eml` by the `email` package (MIME parts,
quoted-printable and base64 decoded, the subject read as the subject line).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

from apologia.blocks import Block, blank
from apologia.errors import ApologiaError

Masker = Callable[[str, int], tuple[str, list[Block]]]

# Content of these elements is never prose (MJML's head holds styles and preview text).
_SKIP = frozenset(
    {"script", "style", "head", "title", "template", "noscript", "code", "pre", "svg"}
    | {"mj-head", "mj-style", "mj-attributes", "mj-preview", "mj-raw", "mj-title"}
)
# Elements that start or end a block of prose; every MJML element does.
_BLOCKS = frozenset(
    {"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "table", "tr", "td", "th", "tbody"}
    | {"thead", "tfoot", "blockquote", "br", "hr", "body", "html", "section", "article"}
    | {"header", "footer", "main", "nav", "aside", "figure", "figcaption", "center"}
    | {"address", "form", "h1", "h2", "h3", "h4", "h5", "h6"}
)
_KINDS = {"li": "item", "blockquote": "quote"} | {f"h{n}": "heading" for n in range(1, 7)}
_REF = re.compile(r"&#?[0-9A-Za-z]{1,32};?")
_VOID = frozenset({"br", "hr", "img", "meta", "link", "input", "wbr", "col", "area", "base"})


class _Prose(HTMLParser):
    """Collects the offsets of text content and the blocks it forms."""

    def __init__(self, text: str, offset: int) -> None:
        super().__init__(convert_charrefs=False)
        self._source = text
        self._base = offset
        # HTMLParser counts lines by "\n" alone; so does this table.
        self.starts = [0, *(m.end() for m in re.finditer("\n", text))]
        self.pieces: list[tuple[int, int, str]] = []  # (start, end, replacement)
        self.blocks: list[Block] = []
        self.skip: list[str] = []
        self.kind = "paragraph"
        self.block: list[int] | None = None

    def _here(self) -> int:
        line, col = self.getpos()
        return self._base + self.starts[line - 1] + col

    def _close(self) -> None:
        if self.block is not None:
            self.blocks.append(Block(self.block[0], self.block[1], self.kind))
            self.block = None

    def _add(self, start: int, end: int, replacement: str) -> None:
        self.pieces.append((start, end, replacement))
        if replacement.strip():
            if self.block is None:
                self.block = [start, end]
            self.block[1] = end

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP and tag not in _VOID:
            self.skip.append(tag)
        if tag in _BLOCKS or tag.startswith("mj-"):
            self._close()
            self.kind = _KINDS.get(tag, self.kind if tag in ("p", "br") else "paragraph")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS or tag.startswith("mj-"):
            self._close()

    def handle_endtag(self, tag: str) -> None:
        if tag in self.skip:
            while self.skip and self.skip.pop() != tag:
                pass
        if tag in _BLOCKS or tag.startswith("mj-"):
            self._close()
            if tag in _KINDS:
                self.kind = "paragraph"

    def handle_data(self, data: str) -> None:
        if not self.skip:
            start = self._here()
            self._add(start, start + len(data), data)

    def _reference(self) -> None:
        if self.skip:
            return
        import html

        start = self._here()
        m = _REF.match(self._source, start - self._base)
        if m is None:
            return
        char = html.unescape(m.group(0)).replace("\xa0", " ")[:1]
        self._add(start, start + len(m.group(0)), char.ljust(len(m.group(0))))

    def handle_entityref(self, name: str) -> None:
        self._reference()

    def handle_charref(self, name: str) -> None:
        self._reference()


def mask_html(text: str, body_start: int) -> tuple[str, list[Block]]:
    """HTML or MJML: text content kept in place, tags, comments, styles blanked."""
    parser = _Prose(text[body_start:], body_start)
    parser.feed(text[body_start:])
    parser.close()
    parser._close()
    out: list[str] = []
    last = 0
    for a, b, replacement in parser.pieces:
        out.append(blank(text[last:a]))
        out.append(replacement)
        last = b
    out.append(blank(text[last:]))
    return "".join(out), parser.blocks


# --------------------------------------------------------------------------- .eml


@dataclass(frozen=True, slots=True)
class Email:
    """An e-mail message laid out as a letter: the subject on its header's line, then the
    body from the line where its part starts (exact for unencoded parts)."""

    raw: str
    mask: Masker
    lang: str | None  # from Content-Language, a BCP 47 tag


def read_eml(data: bytes, path: str) -> Email:
    """The subject and the text (or else HTML) body of a message."""
    import email
    from email import policy
    from email.message import EmailMessage

    nul = data.find(b"\0")
    if nul != -1:
        line = data.count(b"\n", 0, nul) + 1
        raise ApologiaError("binary file (NUL byte), not a letter", path=path, line=line)
    try:
        msg = email.message_from_bytes(data, policy=policy.default)
        assert isinstance(msg, EmailMessage)
        part = msg.get_body(preferencelist=("plain", "html"))
        if part is None:
            raise ApologiaError("e-mail without a text or HTML part: not a letter", path=path)
        body = part.get_content()
        subject = str(msg.get("subject", "") or "")
        lang = msg.get("content-language") or part.get("content-language")
    except (LookupError, ValueError, UnicodeError) as exc:
        raise ApologiaError(f"cannot read the e-mail: {exc}", path=path) from None
    if not isinstance(body, str):
        raise ApologiaError("e-mail body is not text: not a letter", path=path)
    subject = " ".join(subject.split())
    text = data.decode("utf-8", "replace")
    found = re.search(r"^subject:", text, re.IGNORECASE | re.MULTILINE)
    subject_line = _line_of(text, found) if subject else 0
    payload = part.get_payload()
    at = text.find(payload[:200]) if isinstance(payload, str) and payload.strip() else -1
    body_line = text.count("\n", 0, at) + 1 if at >= 0 else subject_line + 2
    if subject:
        body_line = max(body_line, subject_line + 2)  # a blank line after the subject
    body = body.replace("\r\n", "\n")
    if subject:
        head = "\n" * (subject_line - 1) + subject + "\n" * (body_line - subject_line)
    else:
        head = "\n" * (body_line - 1)
    raw = head + body
    is_html = part.get_content_subtype() == "html"
    subject_span = (subject_line - 1, subject_line - 1 + len(subject))

    def mask(text: str, body_start: int) -> tuple[str, list[Block]]:
        from apologia.letter import mask_plain

        cut = len(head)
        masked, blocks = (mask_html if is_html else mask_plain)(text, max(cut, body_start))
        if subject:
            blocks.insert(0, Block(*subject_span, "heading"))
            masked = masked[: subject_span[0]] + subject + masked[subject_span[1] :]
        return masked, blocks

    return Email(raw, mask, str(lang).strip() if lang else None)


def _line_of(text: str, m: re.Match[str] | None) -> int:
    return text.count("\n", 0, m.start()) + 1 if m else 1


# --------------------------------------------------------------------------- dispatch

_HTML_LANG = re.compile(
    r"<(?:html|mjml)\b[^>]{0,500}?\blang\s*=\s*[\"']?([A-Za-z0-9_-]{2,20})", re.I
)


def read_letter_file(path: str, max_bytes: int) -> tuple[str, Masker, str | None]:
    """(text, masker, language tag the file declares) for a letter of any format."""
    from apologia.files import read_bytes, read_letter
    from apologia.letter import mask_plain
    from apologia.markdown import mask_markdown
    from apologia.walk import letter_kind

    kind = letter_kind(path) if path != "-" else "md"
    if kind == "eml":
        message = read_eml(read_bytes(path, max_bytes=max_bytes), path)
        return message.raw, message.mask, message.lang
    text = read_letter(path, max_bytes=max_bytes)
    if kind in ("html", "mjml"):
        m = _HTML_LANG.search(text, 0, 4096)
        return text, mask_html, m.group(1) if m else None
    return text, mask_plain if kind == "txt" else mask_markdown, None
