"""Say who made the mistake.

"Mistakes were made" admits an error while hiding who made it. Responsibility needs an
actor, and the actor is you: "we made a mistake", "we sent the wrong order". A passive
sentence rescued by "by us" or "on our part" is fine.
"""

from __future__ import annotations

from collections.abc import Iterator

from apologia.model import Letter, Problem, Severity
from apologia.rules._common import at_span, body, quote

ID = "passive-responsibility"
SEVERITY = Severity.WARNING
FIXABLE = False
SUMMARY = "Responsibility in a voice with no actor: mistakes were made."
EXAMPLES = {
    "en": {
        "bad": "Mistakes were made in handling your claim.",
        "good": "We made mistakes in handling your claim.",
    },
    "es": {
        "bad": "Se cometieron errores en la gestión de su reclamación.",
        "good": "Cometimos errores en la gestión de su reclamación.",
    },
    "ro": {
        "bad": "S-au făcut greșeli în soluționarea dosarului.",
        "good": "Am făcut greșeli în soluționarea dosarului dumneavoastră.",
    },
}


def check(letter: Letter) -> Iterator[Problem]:
    for p in body(letter):
        rescued = any(h.cell == "rescue" for h in p.hits)
        if rescued:
            continue
        for h in p.hits:
            if h.cell == "passive-responsibility":
                yield at_span(
                    letter,
                    h.start,
                    h.end,
                    f"responsibility with no actor: \u201c{quote(letter, h)}\u201d",
                    step=p.step,
                    hint="name who made the mistake: \u201cwe made a mistake\u201d",
                )
                break
