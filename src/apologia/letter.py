"""Read a letter: front matter, prose masked from code and comments, passages with spans.

Every offset stays an offset into the file's text, so each reported line and column is
in the original file. What is not prose (front matter, code, HTML, link targets, Markdown
markers) is blanked with spaces of the same length rather than cut out.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

from apologia.blocks import HTML_COMMENT, Block, blank, blank_matches, line_starts
from apologia.errors import ApologiaError
from apologia.languages import LANGS
from apologia.markdown import mask_markdown
from apologia.model import FrontMatter, Passage, PassageKind, position

if TYPE_CHECKING:
    from apologia.lexicon import Lexicon
    from apologia.yamlsafe import Document

_NEWLINE = re.compile(r"\r\n|\r|\n")
_FRONT_OPEN = re.compile(r"---[ \t]*(?:\r\n|\r|\n)")
# A line of its own, whatever ends lines: `\n`, `\r\n` (Windows checkouts) or `\r`.
_FRONT_CLOSE = re.compile(r"(?<=[\r\n])(?:---|\.\.\.)[ \t]*(?=[\r\n]|\Z)")
_TXT_ITEM = re.compile(r"^[ \t]*(?:[-*+•]|\d{1,9}[.)])[ \t]+", re.MULTILINE)
_SENTENCE_END = re.compile(r"(?<![.!?…])[.!?…]+[\"'”’»)\]]*(?=\s)|(?<=:)(?=[ \t]*(?:\r\n|\r|\n))")
_WORD_BEFORE = re.compile(r"(\S+?)\.*$")
_WORD = re.compile(r"\w+")


def split_front_matter(raw: str, path: str) -> tuple[FrontMatter, int]:
    """Parse YAML front matter; returns it and the offset where the body starts."""
    m = _FRONT_OPEN.match(raw)
    if not m:
        return FrontMatter({}), 0
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
    end_line = len(_NEWLINE.findall(raw, 0, close.start())) + 1
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
    company = data.get("company")
    if company is not None and (not isinstance(company, str) or not company.strip()):
        raise ApologiaError(
            "company must be the company's name",
            path=path,
            line=line_of("company"),
            field="company",
        )
    prior = data.get("prior_incidents")
    if prior is not None and not isinstance(prior, (list, str)):
        raise ApologiaError(
            "prior_incidents must be a list of incident ids",
            path=path,
            line=line_of("prior_incidents"),
            field="prior_incidents",
        )


def mask_plain(text: str, body_start: int) -> tuple[str, list[Block]]:
    """Plain text: paragraphs are separated by blank lines; bullet lines are items."""
    masked = blank(text[:body_start]) + blank_matches(text[body_start:], HTML_COMMENT)
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
    frame = _Frame(masked, blocks, lexicon)
    kinds = [b.kind for b in blocks]
    greeting = frame.greeting()
    if greeting is not None:
        kinds[greeting] = "greeting"
        for k in range(greeting):
            kinds[k] = "subject"
    elif blocks and (frame.starts_with("subject", 0) or blocks[0].kind == "heading"):
        kinds[0] = "subject"
    first_body = (greeting + 1) if greeting is not None else 0
    closing = frame.closing(first_body)
    if closing is not None:
        for k in range(closing, len(blocks)):
            if not frame.is_ps(k) and frame.words[k] <= 25:
                kinds[k] = "closing"
    elif frame.signature(first_body):
        kinds[-1] = "closing"  # a bare signature
    return kinds


class _Frame:
    """The blocks of a letter read for its frame: greeting, closing, signature."""

    def __init__(self, masked: str, blocks: list[Block], lexicon: Lexicon) -> None:
        self.blocks = blocks
        self.lexicon = lexicon
        self.texts = [masked[b.start : b.end].strip() for b in blocks]
        self.words = [_word_count(t) for t in self.texts]

    def starts_with(self, cell: str, k: int) -> bool:
        return self.lexicon.opens_with(cell, self.texts[k][:80])

    def is_ps(self, k: int) -> bool:
        return bool(_PS.match(self.texts[k]))

    def greeting(self) -> int | None:
        """The first of the first four blocks that reads as a salutation."""
        texts, words = self.texts, self.words
        for k in range(min(4, len(self.blocks))):
            if words[k] <= 12 and (
                self.starts_with("greetings", k)
                or (words[k] <= 5 and texts[k].endswith((",", ":")))
            ):
                return k
            if words[k] > 15:
                return None
        return None

    def closing(self, first_body: int) -> int | None:
        """The last block after `first_body` that opens with a closing formula and is
        followed only by short blocks (a signature) or a P.S."""
        for k in range(len(self.blocks) - 1, first_body, -1):
            if self.is_ps(k):
                continue
            if self.words[k] <= 25 and self.starts_with("closings", k):
                first_line = self.texts[k].splitlines()[0]
                if _word_count(first_line) <= 5 or first_line.rstrip().endswith(","):
                    return k
            if self.words[k] > 10 and not _signature_like(self.texts[k]):
                return None
        return None

    def signature(self, first_body: int) -> bool:
        """Whether the last block is a bare signature: a few words, no sentence."""
        return (
            len(self.blocks) > first_body + 1
            and self.blocks[-1].kind == "paragraph"
            and self.words[-1] <= 6
            and not re.search(r"[.!?]$", self.texts[-1])
        )


_PS = re.compile(r"p\.?\s?s\.?", re.IGNORECASE)


def _signature_like(text: str) -> bool:
    """Name, role, company, contact: a few short lines, none a sentence."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return 1 < len(lines) <= 6 and all(
        _word_count(line) <= 7 and not line.endswith((".", "!", "?", ":")) for line in lines
    )


class Body(NamedTuple):
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
