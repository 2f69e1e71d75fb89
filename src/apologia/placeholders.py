"""Template placeholders (Jinja, Liquid, Handlebars) read as opaque words.

A letter kept as a template ("on {{ incident.date }} our update broke...") is judged as
the letter it renders to: each value placeholder is one word of the sentence, so the
sentence still reads as an explanation; control tags and comments are not words.
"""

from __future__ import annotations

import re

from apologia.blocks import blank

# A value placeholder (`{{ order.date }}`, Handlebars' `{{{ raw }}}`) stands for a word;
# tags (`{% if %}`, `{{#each}}`, `{{/each}}`, `{{else}}`) and comments stand for nothing.
# Bounded so a stray `{{` cannot make a search run to the end of the letter.
_PLACEHOLDER = re.compile(
    r"\{\{\{[^{}]{0,200}\}\}\}|\{\{-?\s*([#/^!>]|else\b)?[^{}]{0,200}?\}\}|\{%[^{}]{0,200}?%\}"
    r"|\{#[^{}]{0,200}?#\}"
)


def opaque_placeholders(masked: str, body_start: int) -> str:
    """Template placeholders read as one opaque word each, control tags as nothing."""
    if "{" not in masked:
        return masked

    def word(m: re.Match[str]) -> str:
        found = m.group(0)
        if found.startswith("{{{") or (found.startswith("{{") and m.group(1) is None):
            return re.sub(r"[^\n]", "x", found)
        return blank(found)

    return masked[:body_start] + _PLACEHOLDER.sub(word, masked[body_start:])
