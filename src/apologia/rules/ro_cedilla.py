"""Write Romanian ș and ț with a comma below, not a cedilla.

ş and ţ (with a cedilla) are Turkish letters that old keyboards and fonts substituted
for Romanian ș and ț (comma below). They look wrong to a Romanian reader, break search
and sorting, and betray a copy-paste from old systems. `apologia lint --fix` repairs them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from apologia.model import Edit, Letter, Problem, Severity
from apologia.rules._common import at_span

ID = "ro-cedilla"
SEVERITY = Severity.ERROR
FIXABLE = True
SUMMARY = "Romanian written with cedilla ş ţ Ş Ţ instead of comma-below ș ț Ș Ț."
EXAMPLES = {
    "en": {"bad": "", "good": "We have refunded your order."},
    "es": {"bad": "", "good": "Le hemos reembolsado el pedido."},
    "ro": {"bad": "Vă mulţumim pentru răbdare.", "good": "Vă mulțumim pentru răbdare."},
}

_FIXES = {
    "ş": "ș",
    "ţ": "ț",
    "Ş": "Ș",
    "Ţ": "Ț",
    "s\u0327": "ș",
    "t\u0327": "ț",
    "S\u0327": "Ș",
    "T\u0327": "Ț",
}
_CEDILLA = re.compile("|".join(re.escape(k) for k in sorted(_FIXES, key=len, reverse=True)))


def check(letter: Letter) -> Iterator[Problem]:
    if letter.lang != "ro":
        return
    body_start = 0
    if letter.front_matter.end_line:
        body_start = letter.line_starts[
            min(letter.front_matter.end_line, len(letter.line_starts) - 1)
        ]
    for m in _CEDILLA.finditer(letter.raw, body_start):
        yield _with_edit(letter, m.start(), m.end(), m.group(0), _FIXES[m.group(0)])


def _with_edit(letter: Letter, start: int, end: int, wrong: str, right: str) -> Problem:
    problem = at_span(
        letter,
        start,
        end,
        f"cedilla \u201c{wrong}\u201d instead of comma-below \u201c{right}\u201d",
        hint="run apologia lint --fix",
    )
    return replace(problem, edit=Edit(start, end, right))
