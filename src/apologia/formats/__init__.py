"""Letters that are not Markdown: HTML and MJML e-mails, `.eml` messages, placeholders.

Each reader gives what `markdown.mask_markdown` gives: a text of the same length as the
letter, with everything that is not prose blanked, and the prose blocks. Offsets stay
offsets into the file's text, so lines and columns point into the file. HTML and MJML
are read by the standard library's parser (`formats.html`); `.eml` by the `email`
package (`formats.eml`). Each reader is imported only for a file that needs it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from apologia.blocks import Block

Masker = Callable[[str, int], tuple[str, list[Block]]]

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
        from apologia.formats.eml import read_eml

        message = read_eml(read_bytes(path, max_bytes=max_bytes), path)
        return message.raw, message.mask, message.lang
    text = read_letter(path, max_bytes=max_bytes)
    if kind in ("html", "mjml"):
        from apologia.formats.html import mask_html

        m = _HTML_LANG.search(text, 0, 4096)
        return text, mask_html, m.group(1) if m else None
    return text, mask_plain if kind == "txt" else mask_markdown, None
