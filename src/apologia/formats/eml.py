"""`.eml` messages, read by the `email` package: MIME parts, quoted-printable and base64
decoded, the subject read as the subject line."""

from __future__ import annotations

import re
from dataclasses import dataclass

from apologia.blocks import Block
from apologia.errors import ApologiaError
from apologia.formats import Masker


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
        if is_html:
            from apologia.formats.html import mask_html

            masked, blocks = mask_html(text, max(cut, body_start))
        else:
            masked, blocks = mask_plain(text, max(cut, body_start))
        if subject:
            blocks.insert(0, Block(*subject_span, "heading"))
            masked = masked[: subject_span[0]] + subject + masked[subject_span[1] :]
        return masked, blocks

    return Email(raw, mask, str(lang).strip() if lang else None)


def _line_of(text: str, m: re.Match[str] | None) -> int:
    return text.count("\n", 0, m.start()) + 1 if m else 1
