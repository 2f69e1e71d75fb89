"""Readings that need a whole sentence, after each passage is classified by its cues.

- A conditional that opens the sentence and governs its regret makes the apology
  conditional: "If you were among those affected, we regret ...", "Si se vio afectado,
  lamentamos ...", "Dacă am greșit, ne cerem scuze". The regret does not count, and the
  sentence is a non-apology (a conditional after the regret is a lexicon cue). What the
  condition holds is not asserted: "If we were at fault" owns nothing. A condition that
  breaks off with an ellipsis governs the regret of the next sentence.
- A heading that only announces the explanation ("What happened", "Qué pasó:") is the
  explanation's title; the same words inside a sentence ("we are looking into what
  happened") explain nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from apologia.model import Hit, Passage
from apologia.steps import classify

# Where the conditional clause ends: a comma, colon, semicolon, dash or ellipsis.
_CLAUSE_END = re.compile(r"[,;:…—–)]|\.\.\.|\s-\s")
_LEAD = re.compile(r"[\s\"'“”«»„*_(\[-]*")
_HEADING_WORDS = 5  # a heading is a few words, not a sentence


def refine(passages: Sequence[Passage], masked: str) -> tuple[Passage, ...]:
    out: Sequence[Passage] = passages
    for k, p in enumerate(passages):
        if not p.hits:
            continue
        cells = {h.cell for h in p.hits}
        changed = None
        if "conditional" in cells and cells & {"regret", "responsibility"}:
            changed = _conditional(p, masked)
        elif k and "regret" in cells and _trails_off(passages[k - 1], masked):
            # "If we were at fault... we apologise": an ellipsis does not end the thought
            changed = _after_condition(p, masked)
        if "heading" in cells and "explanation" not in cells:
            changed = _heading(changed or p, masked)
        if changed is not None:
            if out is passages:
                out = list(passages)
            assert isinstance(out, list)
            out[k] = changed
    return tuple(out)


def _conditional(p: Passage, masked: str) -> Passage | None:
    """A sentence that opens with a condition: what the condition holds is not said
    ("If we were at fault" owns nothing), and regret after it is a conditional apology."""
    opener = next((h for h in p.hits if h.cell == "conditional"), None)
    lead = _LEAD.match(masked, p.start)
    if opener is None or lead is None or opener.start != lead.end():
        return None  # the sentence does not open with the condition
    end = _CLAUSE_END.search(masked, opener.end, p.end)
    stop = end.end() if end is not None else p.end
    hits = [h for h in p.hits if not (h.cell == "responsibility" and h.start < stop)]
    regrets = [h for h in hits if h.cell == "regret" and h.start >= stop]
    if regrets:
        flag = "conditional before the regret"
        hits.append(Hit("non-apology", flag, opener.start, regrets[0].end, 2.0))
    elif len(hits) == len(p.hits):
        return None
    return classify(p.classified(tuple(hits)), masked)


_ELLIPSIS = re.compile(r"(?:…|\.\.\.)\s*$")


def _trails_off(p: Passage, masked: str) -> bool:
    """A sentence that opens with a condition and breaks off with an ellipsis."""
    lead = _LEAD.match(masked, p.start)
    opens = any(h.cell == "conditional" and lead and h.start == lead.end() for h in p.hits)
    return opens and _ELLIPSIS.search(masked, p.start, p.end) is not None


def _after_condition(p: Passage, masked: str) -> Passage:
    regret = next(h for h in p.hits if h.cell == "regret")
    flag = Hit("non-apology", "conditional before the regret", p.start, regret.end, 2.0)
    return classify(p.classified((*p.hits, flag)), masked)


_LEAD_IN = re.compile(r"[*_\s]*:")


def _heading(p: Passage, masked: str) -> Passage | None:
    """A heading ("What happened") or a lead-in ("**Qué pasó:** la noche del 2...")."""
    head = next(h for h in p.hits if h.cell == "heading")
    lead = _LEAD.match(masked, p.start)
    lead_in = lead is not None and head.start == lead.end() and _LEAD_IN.match(masked, head.end)
    if len(masked[p.start : p.end].split()) > _HEADING_WORDS and not lead_in:
        return None
    hit = Hit("explanation", head.cue, head.start, head.end, head.weight)
    return classify(p.classified((*p.hits, hit)), masked)
