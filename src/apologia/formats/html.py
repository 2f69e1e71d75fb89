"""HTML and MJML letters, read by the standard library's parser: text content kept in
place, tags, comments and styles blanked."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from apologia.blocks import Block, blank

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
