"""The Markdown fast path (`markdown_fast`) finds what markdown-it finds: the same blocks
and the same masked text, on bodies built from simple and not so simple pieces."""

from __future__ import annotations

import pytest

from apologia import markdown, markdown_fast

PIECES = (
    "Dear Ana,",
    "",
    "   ",
    "We are sorry.",
    "  two spaces in",
    "   three spaces in",
    "10:00 on Monday",
    "text *em* and `code` <!-- note -->",
    "a [link](http://example.com) here",
    "- a simple *item*",
    "* another item",
    "> a quoted *line*",
    "- - -",
    ">",
    "> > nested",
    "-  two spaces",
    "- # heading in an item",
    " - indented item",
    "1. first",
    "    code",
    "# heading",
    "> quote",
    "---",
    "<div>",
    "tab\there",
)


def test_markdown_shortcut_finds_what_markdown_it_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    """Paragraphs, simple bullets and quotes skip markdown-it; blocks and masking agree."""
    import random

    rng = random.Random(7)
    shortcut = 0
    for _ in range(400):
        pool = PIECES[: rng.choice((12, len(PIECES)))]  # the first 12: simple blocks
        lines = [rng.choice(pool) for _ in range(8)]
        text = "\n".join(lines) + rng.choice(("", "\n", "\n\n"))
        fast = markdown.mask_markdown(text, 0)
        shortcut += markdown_fast.paragraph_maps(text) is not None
        with monkeypatch.context() as m:
            m.setattr(markdown, "paragraph_maps", lambda body: None)
            assert fast == markdown.mask_markdown(text, 0), repr(text)
    assert 50 < shortcut < 350  # both paths were taken
