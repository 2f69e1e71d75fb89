"""Apologise for what you did, not for how the customer feels.

"Sorry if you were upset" and "sorry for any confusion" make the apology conditional or
move the fault to the customer's perception. They are heard as the opposite of an
apology. Say what you are sorry for: the late parcel, the wrong charge, the lost day.
"""

from __future__ import annotations

from collections.abc import Iterator

from apologia.model import Letter, Problem, Severity
from apologia.rules._common import at_span, body, quote

ID = "non-apology"
# `non-apology`: conditional (the regret does not count); `deflecting`: an apology for
# the customer's feelings or for applying a policy (the regret is said, but deflected).
CELLS = ("non-apology", "deflecting")
SEVERITY = Severity.ERROR
FIXABLE = False
SUMMARY = "A conditional or deflecting apology (sorry if you feel..., sorry for any confusion)."
EXAMPLES = {
    "en": {
        "bad": "We are sorry if you felt let down.",
        "good": "We are sorry that we sent the wrong size.",
    },
    "es": {
        "bad": "Lamentamos si se ha sentido molesto.",
        "good": "Lamentamos haberle enviado la talla equivocada.",
    },
    "ro": {
        "bad": "Ne pare rău dacă v-ați simțit nedreptățit.",
        "good": "Ne pare rău că v-am trimis mărimea greșită.",
    },
}


def check(letter: Letter) -> Iterator[Problem]:
    for p in body(letter):
        for h in p.hits:
            if h.cell in CELLS:
                yield at_span(
                    letter,
                    h.start,
                    h.end,
                    f"conditional or deflecting apology: \u201c{quote(letter, h)}\u201d",
                    step=p.step,
                    hint="apologise for what you did, without 'if' or the customer's feelings",
                )
                break
