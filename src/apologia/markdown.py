"""Markdown letters: everything that is not prose blanked, the prose blocks listed.

Blocks come from markdown-it (CommonMark), or for a simple body from `markdown_fast`,
which gives the same tokens without importing the parser.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from apologia.blocks import HTML_COMMENT, Block, blank, blank_matches, line_starts
from apologia.markdown_fast import paragraph_maps, paragraph_tokens

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

_BACKTICKS = re.compile(r"`+")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
# A destination may hold balanced parentheses (`wiki/Foo_(bar)`); its pieces never
# overlap, so "](](](..." is not rescanned to the end of the line from every "](".
_LINK_TARGET = re.compile(r"\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:\s+\"[^\"]*\")?\)")
_AUTOLINK = re.compile(r"<(?:https?|mailto):[^>\s]*>")
_MD_MARKERS = re.compile(r"\*+|(?<!\w)_+|_+(?!\w)|~~|\\(?=[^\w\s])")
_BLOCK_PREFIX = re.compile(r"^[ \t]*(?:>[ \t]?)*(?:(?:[-*+•]|\d{1,9}[.)])[ \t]+)?(?:#{1,6}[ \t]+)?")
_SETEXT = re.compile(r"^[ \t]*(?:=+|-+)[ \t]*$", re.MULTILINE)


def mask_markdown(text: str, body_start: int) -> tuple[str, list[Block]]:
    """Blank everything that is not prose and list the prose blocks, by markdown-it."""
    masked = blank(text[:body_start]) + text[body_start:]
    body = masked[body_start:]
    simple = paragraph_maps(body)
    tokens = paragraph_tokens(simple) if simple is not None else _markdown().parse(body)
    spans = _Spans(text, body_start)
    blocks, blanks = _read_tokens(tokens, spans)
    masked = mask_inline(_blank_spans(masked, blanks))
    return _strip_markers(masked, blocks), blocks


class _Spans:
    """Offsets in the text of a token's lines (`map`), counted from the body's start."""

    def __init__(self, text: str, body_start: int) -> None:
        self.starts = line_starts(text)
        self.first_line = len(line_starts(text[:body_start])) - 1
        self.size = len(text)

    def __call__(self, mapping: list[int] | None) -> tuple[int, int]:
        assert mapping is not None
        a, b = mapping[0] + self.first_line, mapping[1] + self.first_line
        starts, size = self.starts, self.size
        return starts[a] if a < len(starts) else size, starts[b] if b < len(starts) else size


def _read_tokens(tokens: Sequence[Any], span: _Spans) -> tuple[list[Block], list[tuple[int, int]]]:
    """The prose blocks, with their kinds, and the spans of code, HTML and rules."""
    blocks: list[Block] = []
    blanks: list[tuple[int, int]] = []
    stack: list[str] = []
    pending_kind = "paragraph"
    for tok in tokens:
        if tok.type in ("fence", "code_block", "html_block", "hr"):
            if tok.map:
                blanks.append(span(tok.map))
        elif tok.nesting == 1:
            stack.append(tok.type)
            if tok.type in ("heading_open", "paragraph_open"):
                pending_kind = _kind(tok.type, stack)
        elif tok.nesting == -1:
            if stack:
                stack.pop()
        elif tok.type == "inline" and tok.map:
            a, b = span(tok.map)
            blocks.append(Block(a, b, pending_kind))
    return blocks, blanks


def _kind(opened: str, stack: list[str]) -> str:
    if opened == "heading_open":
        return "heading"
    if "blockquote_open" in stack:
        return "quote"
    return "item" if "list_item_open" in stack else "paragraph"


def _blank_spans(masked: str, blanks: list[tuple[int, int]]) -> str:
    if not blanks:
        return masked
    parts: list[str] = []
    last = 0
    for a, b in sorted(blanks):
        a = max(a, last)
        parts.append(masked[last:a])
        parts.append(blank(masked[a:b]))
        last = max(last, b)
    parts.append(masked[last:])
    return "".join(parts)


def _strip_markers(masked: str, blocks: list[Block]) -> str:
    """Container markers (`>`, `-`, `1.`, `#`) and setext underlines are not prose."""
    out: list[str] = []
    last = 0
    for blk in blocks:
        out.append(masked[last : blk.start])
        seg = masked[blk.start : blk.end]
        seg = _SETEXT.sub(lambda m: blank(m.group(0)), seg) if blk.kind == "heading" else seg
        seg = re.sub(_BLOCK_PREFIX.pattern, lambda m: blank(m.group(0)), seg, flags=re.MULTILINE)
        out.append(seg)
        last = blk.end
    out.append(masked[last:])
    return "".join(out)


@cache
def _markdown() -> MarkdownIt:
    # Imported on the first Markdown letter (plain text never pays for it); one parser
    # per process, as building one costs more than parsing a letter with it.
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


def mask_inline(text: str) -> str:
    """Blank inline code, comments, links' targets, tags and emphasis markers."""
    text = _mask_code_spans(blank_matches(text, HTML_COMMENT))
    for pattern in (_AUTOLINK, _HTML_TAG, _LINK_TARGET):
        text = blank_matches(text, pattern)
    return _MD_MARKERS.sub(lambda m: " " * len(m.group(0)), text)


def _mask_code_spans(text: str) -> str:
    """Blank inline code: a run of backticks through the next run of the same length.

    One pass over the runs; a regex (`(`+).+?\\1`) rescans to the end of the text from
    every run that has no closer, which is quadratic in the number of stray backticks.
    """
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text)]
    if len(runs) < 2:
        return text
    closer: list[int | None] = [None] * len(runs)
    last: dict[int, int] = {}
    for i in range(len(runs) - 1, -1, -1):
        width = runs[i][1] - runs[i][0]
        closer[i] = last.get(width)
        last[width] = i
    parts: list[str] = []
    pos = i = 0
    while i < len(runs):
        j = closer[i]
        if j is None:
            i += 1
            continue
        a, b = runs[i][0], runs[j][1]
        parts += [text[pos:a], blank(text[a:b])]
        pos, i = b, j + 1
    parts.append(text[pos:])
    return "".join(parts)
