"""Read a letter: front matter, prose masked from code and comments, passages with spans.

Every offset stays an offset into the file's text, so each reported line and column is
in the original file. What is not prose (front matter, code, HTML, link targets, Markdown
markers) is blanked with spaces of the same length rather than cut out.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from apologia.errors import ApologiaError
from apologia.languages import LANGS
from apologia.model import FrontMatter, Passage, PassageKind, position

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

    from apologia.lexicon import Lexicon
    from apologia.yamlsafe import Document

_NEWLINE = re.compile(r"\r\n|\r|\n")
_FRONT_OPEN = re.compile(r"---[ \t]*(?:\r\n|\r|\n)")
_FRONT_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_BACKTICKS = re.compile(r"`+")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
# A destination may hold balanced parentheses (`wiki/Foo_(bar)`); its pieces never
# overlap, so "](](](..." is not rescanned to the end of the line from every "](".
_LINK_TARGET = re.compile(r"\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:\s+\"[^\"]*\")?\)")
_AUTOLINK = re.compile(r"<(?:https?|mailto):[^>\s]*>")
_MD_MARKERS = re.compile(r"\*+|(?<!\w)_+|_+(?!\w)|~~|\\(?=[^\w\s])")
_BLOCK_PREFIX = re.compile(r"^[ \t]*(?:>[ \t]?)*(?:(?:[-*+•]|\d{1,9}[.)])[ \t]+)?(?:#{1,6}[ \t]+)?")
_SETEXT = re.compile(r"^[ \t]*(?:=+|-+)[ \t]*$", re.MULTILINE)
_TXT_ITEM = re.compile(r"^[ \t]*(?:[-*+•]|\d{1,9}[.)])[ \t]+", re.MULTILINE)
_SENTENCE_END = re.compile(r"(?<![.!?…])[.!?…]+[\"'”’»)\]]*(?=\s)|(?<=:)(?=[ \t]*(?:\r\n|\r|\n))")
_WORD_BEFORE = re.compile(r"(\S+?)\.*$")
_WORD = re.compile(r"\w+")
_NOT_NEWLINE = re.compile(r"[^\r\n]")


@dataclass(frozen=True, slots=True)
class Block:
    start: int
    end: int
    kind: str  # paragraph | item | heading | quote


def line_starts(text: str) -> tuple[int, ...]:
    return (0, *(m.end() for m in _NEWLINE.finditer(text)))


def blank(text: str) -> str:
    """Same length, line breaks kept, everything else a space."""
    return _NOT_NEWLINE.sub(" ", text)


def _blank_matches(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(lambda m: blank(m.group(0)), text)


def split_front_matter(raw: str, path: str) -> tuple[FrontMatter, int]:
    """Parse YAML front matter; returns it and the offset where the body starts."""
    m = _FRONT_OPEN.match(raw)
    if not m:
        return FrontMatter(), 0
    close = _FRONT_CLOSE.search(raw, m.end())
    if close is None:
        raise ApologiaError("front matter opened with '---' is never closed", path=path, line=1)
    from apologia.errors import format_path
    from apologia.yamlsafe import TWICE_MESSAGE, YamlError, read

    block = raw[m.end() : close.start()]
    try:
        doc = read(block)
    except YamlError as exc:
        what = exc.message.replace("malformed YAML", "malformed front matter", 1)
        raise ApologiaError(
            what if what.startswith("malformed") else f"front matter: {what}",
            path=path,
            line=exc.line + 1 if exc.line else 1,
            column=exc.column,
        ) from None
    if doc.twice:
        twice, (line, column) = doc.twice[0]
        raise ApologiaError(
            TWICE_MESSAGE,
            path=path,
            line=line + 1,
            column=column,
            field=format_path(twice),
        )
    data = doc.data
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ApologiaError("front matter must be a mapping of keys to values", path=path, line=2)
    end = close.end()
    nl = _NEWLINE.match(raw, end)
    if nl:
        end = nl.end()
    end_line = raw.count("\n", 0, close.start()) + 1
    _check_front_matter(data, path, doc)
    return FrontMatter(data=data, end_line=end_line), end


# key, how to name a wrong value, the valid values
_FRONT_MATTER_CHOICES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("lang", "unsupported lang", LANGS),
    ("severity", "unknown severity", ("minor", "major", "critical")),
    ("apologia", "unknown apologia kind", ("letter",)),  # judge as a letter (apology.py)
)


def _check_front_matter(data: dict[Any, Any], path: str, doc: Document) -> None:
    def line_of(key: str) -> int:
        return doc.where((key,), key=True)[0] + 1  # the block starts on line 2

    for key, what, valid in _FRONT_MATTER_CHOICES:
        value = data.get(key)
        if key == "lang" and isinstance(value, str):
            from apologia.languages import named, primary

            if named(value) is not None:
                continue  # a language apologia knows it cannot judge: reported as such
            value = primary(value) or value  # a BCP 47 tag: `es-MX` is Spanish
        if value is not None and value not in valid:
            raise ApologiaError(
                f"{what} {value!r}; use "
                + (f"{', '.join(valid[:-1])} or {valid[-1]}" if len(valid) > 1 else valid[0]),
                path=path,
                line=line_of(key),
                field=key,
            )
    prior = data.get("prior_incidents")
    if prior is not None and not isinstance(prior, (list, str)):
        raise ApologiaError(
            "prior_incidents must be a list of incident ids",
            path=path,
            line=line_of("prior_incidents"),
            field="prior_incidents",
        )


def mask_markdown(text: str, body_start: int) -> tuple[str, list[Block]]:
    """Blank everything that is not prose and list the prose blocks, by markdown-it."""
    starts = line_starts(text)
    masked = blank(text[:body_start]) + text[body_start:]
    body = masked[body_start:]
    first_line = len(line_starts(text[:body_start])) - 1
    simple = _paragraph_maps(body)
    tokens = _paragraph_tokens(simple) if simple is not None else _markdown().parse(body)

    def span(mapping: list[int] | None) -> tuple[int, int]:
        assert mapping is not None
        a, b = mapping[0] + first_line, mapping[1] + first_line
        return starts[a] if a < len(starts) else len(text), starts[b] if b < len(starts) else len(
            text
        )

    blocks: list[Block] = []
    blanks: list[tuple[int, int]] = []
    stack: list[str] = []
    pending_kind = "paragraph"
    for tok in tokens:
        if tok.type in ("fence", "code_block", "html_block", "hr"):
            if tok.map:
                blanks.append(span(tok.map))
            continue
        if tok.nesting == 1:
            stack.append(tok.type)
            if tok.type == "heading_open":
                pending_kind = "heading"
            elif tok.type == "paragraph_open":
                pending_kind = (
                    "quote"
                    if "blockquote_open" in stack
                    else "item"
                    if "list_item_open" in stack
                    else "paragraph"
                )
            continue
        if tok.nesting == -1:
            if stack:
                stack.pop()
            continue
        if tok.type == "inline" and tok.map:
            a, b = span(tok.map)
            blocks.append(Block(a, b, pending_kind))
    if blanks:
        parts: list[str] = []
        last = 0
        for a, b in sorted(blanks):
            if a < last:
                a = last
            parts.append(masked[last:a])
            parts.append(blank(masked[a:b]))
            last = max(last, b)
        parts.append(masked[last:])
        masked = "".join(parts)
    masked = _mask_inline(masked)
    # Container markers (`>`, `-`, `1.`, `#`) and setext underlines are not prose.
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
    return "".join(out), blocks


# What may open a CommonMark block other than a paragraph, at a line start: headings,
# quotes, list items, rules, setext underlines, fences, HTML, link definitions, and
# indented code (4 spaces). Tabs, CR and NUL get special treatment from the parser.
_BLOCK_START = r"(?:[#>*+=_~`<\[-]|\d{1,9}[.)])"
_BLOCK_SYNTAX = re.compile(rf"^ {{0,3}}{_BLOCK_START}|^ {{4}}")
_SPECIAL = re.compile(r"[\t\r\0]")
# A simple bullet item: a marker at the margin, one space, then words that open no block.
_SIMPLE_ITEM = re.compile(rf"[-*+] (?=\S)(?!{_BLOCK_START})")
_SIMPLE_QUOTE = re.compile(rf"> (?=\S)(?!{_BLOCK_START})")  # likewise, one level of quote
_RULE = re.compile(r"([-*_])(?: *\1){2,} *$")


def _paragraph_maps(body: str) -> list[tuple[int, int, str]] | None:
    """(first line, end line, kind) of the blocks of a simple body; None for any other.

    A simple body holds paragraphs, one-level bullet lists and quotes whose lines start at
    the margin, and nothing else a CommonMark parser would read as structure. Its blocks
    are runs of lines (an item or a quote runs on over the plain lines after it), which
    is what markdown-it finds, without the cost of importing and running it.
    """
    if _SPECIAL.search(body):
        return None
    lines = body.split("\n")
    items = False
    for line in lines:
        if (_SIMPLE_ITEM.match(line) and not _RULE.match(line)) or _SIMPLE_QUOTE.match(line):
            items = True
        elif _BLOCK_SYNTAX.match(line):
            return None
    maps: list[tuple[int, int, str]] = []
    start: int | None = None
    kind = "paragraph"
    for i, line in enumerate(lines):
        if not line.strip(" "):
            if start is not None:
                maps.append((start, i, kind))
                start = None
            continue
        if items and line.startswith(" "):
            return None  # indented: an item's second paragraph, or not; let the parser say
        if _SIMPLE_ITEM.match(line):
            if start is not None:
                maps.append((start, i, kind))
            start, kind = i, "item"
        elif start is None or (kind != "quote" and _SIMPLE_QUOTE.match(line)):
            # A quote line opens a quote unless it goes on with one; plain text opens a
            # paragraph after a blank line and otherwise goes on with the block before.
            if start is not None:
                maps.append((start, i, kind))
            start, kind = i, "quote" if _SIMPLE_QUOTE.match(line) else "paragraph"
    if start is not None:
        maps.append((start, len(lines), kind))
    return maps


@dataclass(frozen=True, slots=True)
class _Token:
    """The fields of a markdown-it token that `mask_markdown` reads."""

    type: str
    nesting: int
    map: list[int] | None = None


def _paragraph_tokens(maps: list[tuple[int, int, str]]) -> list[_Token]:
    tokens: list[_Token] = []
    for a, b, kind in maps:
        opener = {"item": "list_item_open", "quote": "blockquote_open"}.get(kind)
        if opener:
            tokens.append(_Token(opener, 1, [a, b]))
        tokens.append(_Token("paragraph_open", 1, [a, b]))
        tokens.append(_Token("inline", 0, [a, b]))
        tokens.append(_Token("paragraph_close", -1))
        if opener:
            tokens.append(_Token(opener.replace("_open", "_close"), -1))
    return tokens


@cache
def _markdown() -> MarkdownIt:
    # Imported on the first Markdown letter (plain text never pays for it); one parser
    # per process, as building one costs more than parsing a letter with it.
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


def _mask_inline(text: str) -> str:
    text = _mask_code_spans(_blank_matches(text, _HTML_COMMENT))
    for pattern in (_AUTOLINK, _HTML_TAG, _LINK_TARGET):
        text = _blank_matches(text, pattern)
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


def mask_plain(text: str, body_start: int) -> tuple[str, list[Block]]:
    """Plain text: paragraphs are separated by blank lines; bullet lines are items."""
    masked = blank(text[:body_start]) + _blank_matches(text[body_start:], _HTML_COMMENT)
    blocks: list[Block] = []
    for m in re.finditer(r"\S(?:.|\n(?![ \t]*(?:\r?\n|\r|$)))*", masked[body_start:]):
        a, b = m.start() + body_start, m.end() + body_start
        items = list(_TXT_ITEM.finditer(masked, a, b))
        if not items:
            blocks.append(Block(a, b, "paragraph"))
            continue
        cuts = [a] + [it.start() for it in items if it.start() > a] + [b]
        for x, y in itertools.pairwise(cuts):
            kind = "item" if _TXT_ITEM.match(masked, x) else "paragraph"
            blocks.append(Block(x, y, kind))
    # Blank each item's bullet; pieces joined once (splicing a copy per item is quadratic).
    pieces: list[str] = []
    last = 0
    for blk in blocks:
        head = _TXT_ITEM.match(masked, blk.start) if blk.kind == "item" else None
        if head:
            pieces.append(masked[last : head.start()])
            pieces.append(blank(head.group(0)))
            last = head.end()
    pieces.append(masked[last:])
    return "".join(pieces), blocks


def sentences(
    masked: str, block: Block, abbreviations: frozenset[str]
) -> Iterator[tuple[int, int]]:
    """Split a block into sentences, not at abbreviations or inside numbers."""
    a, b = block.start, block.end
    if block.kind == "heading":
        yield from _trimmed(masked, a, b)
        return
    last = a
    for m in _SENTENCE_END.finditer(masked, a, b):
        end = m.end()
        if m.group(0) and m.group(0)[0] == ".":
            before = _WORD_BEFORE.search(masked, max(a, m.start() - 20), m.start() + 1)
            token = before.group(1) if before else ""
            word = token.lower().strip("(\"'“‘«„").rstrip(".")
            # An abbreviation, or an initial (J. Smith), does not end a sentence.
            if word in abbreviations or (len(word) == 1 and token[-1:].isupper()):
                continue
            nxt = re.match(r"\s*(\S)", masked[end : min(b, end + 40)])  # 40 chars at most
            if nxt and nxt.group(1).islower():
                continue
        yield from _trimmed(masked, last, end)
        last = end
    yield from _trimmed(masked, last, b)


def _trimmed(text: str, a: int, b: int) -> Iterator[tuple[int, int]]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if b > a and _WORD.search(text, a, b):
        yield a, b


def _word_count(text: str) -> int:
    return len(_WORD.findall(text))


def split_greeting(masked: str, blocks: list[Block], lexicon: Lexicon) -> list[Block]:
    """A salutation line followed by body lines in one block becomes two blocks."""
    out = list(blocks)
    for k, blk in enumerate(blocks[:4]):
        text = masked[blk.start : blk.end]
        nl = _NEWLINE.search(text, len(text) - len(text.lstrip()))
        if nl is None:
            continue
        first = text[: nl.start()].strip()
        if not first.endswith((",", ":")) or _word_count(first) > 8:
            continue
        if lexicon.opens_with("greetings", first):
            cut = blk.start + nl.end()
            out[k : k + 1] = [
                Block(blk.start, blk.start + nl.start(), blk.kind),
                Block(cut, blk.end, blk.kind),
            ]
            break
    return out


def block_kinds(masked: str, blocks: list[Block], lexicon: Lexicon) -> list[str]:
    """Mark the subject line, the greeting and the closing, which are not body text.

    A greeting is looked for among the first blocks; short blocks before it are a subject
    or heading. The closing is the last block that opens with a closing formula and is
    followed only by a short signature or a P.S.
    """
    kinds = [b.kind for b in blocks]
    texts = [masked[b.start : b.end].strip() for b in blocks]
    words = [_word_count(t) for t in texts]

    def starts_with(cell: str, k: int) -> bool:
        return lexicon.opens_with(cell, texts[k][:80])

    def is_ps(k: int) -> bool:
        return bool(_PS.match(texts[k]))

    greeting = None
    for k in range(min(4, len(blocks))):
        if words[k] <= 12 and (
            starts_with("greetings", k) or (words[k] <= 5 and texts[k].endswith((",", ":")))
        ):
            greeting = k
            break
        if words[k] > 15:
            break
    if greeting is not None:
        kinds[greeting] = "greeting"
        for k in range(greeting):
            kinds[k] = "subject"
    elif blocks and (starts_with("subject", 0) or blocks[0].kind == "heading"):
        kinds[0] = "subject"
    first_body = (greeting + 1) if greeting is not None else 0
    closing = None
    for k in range(len(blocks) - 1, first_body, -1):
        if is_ps(k):
            continue
        if words[k] <= 25 and starts_with("closings", k):
            first_line = texts[k].splitlines()[0]
            if _word_count(first_line) <= 5 or first_line.rstrip().endswith(","):
                closing = k
                break
        if words[k] > 10:
            break
    if closing is not None:
        for k in range(closing, len(blocks)):
            if not is_ps(k) and words[k] <= 25:
                kinds[k] = "closing"
    elif (
        len(blocks) > first_body + 1
        and blocks[-1].kind == "paragraph"
        and words[-1] <= 6
        and not re.search(r"[.!?]$", texts[-1])
    ):
        kinds[-1] = "closing"  # a bare signature
    return kinds


_PS = re.compile(r"p\.?\s?s\.?", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Body:
    """A letter read for judging: its front matter, its text with what is not prose
    blanked (`masked`, offsets as in `raw`), and its prose blocks."""

    raw: str
    front: FrontMatter
    start: int  # where the body begins, after the front matter
    masked: str
    blocks: list[Block]
    line_starts: tuple[int, ...]

    @property
    def prose(self) -> str:
        """The masked body, without the front matter (what a language is guessed from)."""
        return self.masked[self.start :]


def read_body(
    raw: str,
    path: str,
    plain: bool = False,
    mask: Callable[[str, int], tuple[str, list[Block]]] | None = None,
) -> Body:
    """Read a letter's front matter and mask its body (Markdown, `plain` text, or another
    format's `mask`: see apologia.formats); template placeholders read as opaque words."""
    from apologia.placeholders import opaque_placeholders

    front, start = split_front_matter(raw, path)
    masked, blocks = (mask or (mask_plain if plain else mask_markdown))(raw, start)
    masked = opaque_placeholders(masked, start)
    return Body(raw, front, start, masked, blocks, line_starts(raw))


def section(body: Body, start: int, end: int) -> Body:
    """The part of a letter from `start` to `end` (one language of a bilingual letter),
    the rest blanked, offsets unchanged."""
    masked = blank(body.masked[:start]) + body.masked[start:end] + blank(body.masked[end:])
    blocks = [b for b in body.blocks if start <= b.start and b.end <= end]
    return Body(body.raw, body.front, body.start, masked, blocks, body.line_starts)


def passages(body: Body, lexicon: Lexicon) -> list[Passage]:
    """The body's sentences, list items and headings, each marked with its block's kind
    (a greeting, a closing and a subject line are told apart with the lexicon)."""
    masked, raw, starts = body.masked, body.raw, body.line_starts
    blocks = split_greeting(masked, body.blocks, lexicon)
    out: list[Passage] = []
    for blk, name in zip(blocks, block_kinds(masked, blocks, lexicon), strict=True):
        kind = PassageKind.SENTENCE if name == "paragraph" else PassageKind(name)
        for a, b in sentences(masked, blk, lexicon.abbreviations):
            line, col = position(starts, a)
            out.append(Passage(len(out), a, b, line, col, raw[a:b], kind))
    return out
