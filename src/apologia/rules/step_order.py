"""Keep the steps in the recommended order, with regret last.

Value first shows you mean it; responsibility before the explanation keeps the
explanation from sounding like an excuse; the fix follows the cause it answers; regret
closes the letter once the remedy is on the table. Regret before any remedy is its own
error (`regret-before-remedy`); this warning covers the other departures.
"""

from __future__ import annotations

from collections.abc import Iterator

from apologia.model import Letter, PassageKind, Problem, Severity, Step
from apologia.rules._common import at_span, early_regret

ID = "step-order"
SEVERITY = Severity.WARNING
FIXABLE = False
SUMMARY = "The steps are out of the recommended order value → ... → regret, or regret is not last."
EXAMPLES = {
    "en": {
        "bad": (
            "We have refunded you. We now check every label. This was our mistake. We are sorry."
        ),
        "good": (
            "We have refunded you. This was our mistake. We now check every label. We are sorry."
        ),
    },
    "es": {
        "bad": (
            "Le hemos reembolsado. A partir de ahora revisamos cada etiqueta. Fue un "
            "error nuestro. Lo sentimos."
        ),
        "good": (
            "Le hemos reembolsado. Fue un error nuestro. A partir de ahora revisamos "
            "cada etiqueta. Lo sentimos."
        ),
    },
    "ro": {
        "bad": (
            "V-am rambursat comanda. De acum înainte verificăm fiecare etichetă. "
            "Greșeala ne aparține. Ne pare rău."
        ),
        "good": (
            "V-am rambursat comanda. Greșeala ne aparține. De acum înainte verificăm "
            "fiecare etichetă. Ne pare rău."
        ),
    },
}


def check(letter: Letter) -> Iterator[Problem]:
    firsts: dict[Step, tuple[int, int, int]] = {}
    for p in letter.passages:
        if p.kind is PassageKind.SUBJECT:
            continue
        for s, h in p.steps:
            firsts.setdefault(s, (p.index, h.start, h.end))
    regret = firsts.get(Step.REGRET)
    regret_early = early_regret(letter) is not None
    seen: list[Step] = []
    for step, (_, start, end) in sorted(firsts.items(), key=lambda kv: kv[1]):
        later = [s for s in seen if s.rank > step.rank]
        seen.append(step)
        if not later:
            continue
        if regret_early and Step.REGRET in later:
            continue  # reported by regret-before-remedy
        yield at_span(
            letter,
            start,
            end,
            f"{step.value} comes after {later[0].value}; recommended order is "
            "value, responsibility, explanation, fix, regret",
            step=step,
        )
        return
    if regret is not None and not regret_early:
        last_regret = max(p.index for p in letter.passages if p.has_step(Step.REGRET))
        after = next(
            (p for p in letter.passages if p.index > last_regret and p.step is not None), None
        )
        if after is not None and after.step_hit is not None:
            yield at_span(
                letter,
                after.step_hit.start,
                after.step_hit.end,
                f"regret is not the last step: {after.step.value if after.step else ''} follows it",
                step=after.step,
                hint="close the letter with the regret",
            )
