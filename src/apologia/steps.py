"""Classify each passage of a letter as one of the five steps, from the lexicon's hits.

The lexicon finds every cue in the whole letter at once (`Lexicon.hits`); the hits are
then bucketed into passages. Within a passage, hits in quoted speech or under a
customer's reporting verb are dropped, negation acts inside its clause, and a
conditional apology is not regret.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import replace
from itertools import accumulate

from apologia.lexicon import STEP_CELLS, Lexicon
from apologia.model import Hit, Passage, PassageKind, Step

STEP_BY_NAME = {s.value: s for s in Step}
NEGATABLE = {
    "responsibility",
    "regret",
    "value",
    "blame-shift",
    "party",
    "non-apology",
    "passive-responsibility",
    "minimizing",
    "disclaimer",
    "victim",
}
UNCLASSIFIED_KINDS = {PassageKind.GREETING, PassageKind.CLOSING, PassageKind.QUOTE}
# Quote pairs: an opening mark and the marks that may close it.
_QUOTE_PAIRS = {"“": "”", "«": "»", "„": "”“", '"': '"', "‹": "›"}
_QUOTE_OPEN = re.compile("[" + "".join(_QUOTE_PAIRS) + "]")
_QUOTE_CLOSE = {k: re.compile("[" + v + "]") for k, v in _QUOTE_PAIRS.items()}
_CLAUSE_BREAK = re.compile(r"[;:—–()]|,\s|\s-\s")
_CLAUSE_END = re.compile(r"[;—–]")  # where a reporting verb's clause stops
_NEAR_GAP = 8  # white space between a phrase negator and what it negates


def classify_passages(
    passages: list[Passage], hits: list[Hit], masked: str, lexicon: Lexicon
) -> tuple[Passage, ...]:
    """Each passage with its hits and the step they make (`masked`: the letter's text
    with what is not prose blanked, the text the hits were found in)."""
    classified = [classify(p, masked) for p in bucket(passages, hits)]
    return tuple(inherit_lead_ins(classified, masked, lexicon))


def bucket(passages: list[Passage], hits: list[Hit]) -> list[Passage]:
    starts = [p.start for p in passages]
    per: list[list[Hit]] = [[] for _ in passages]
    for h in hits:
        k = bisect_right(starts, h.start) - 1
        if k >= 0 and h.start < passages[k].end:
            per[k].append(h)
    return [p.classified(tuple(hs)) if hs else p for p, hs in zip(passages, per, strict=True)]


def quoted_spans(text: str, offset: int) -> list[tuple[int, int]]:
    """Spans of quoted speech: an opening mark to the next mark that closes it."""
    spans: list[tuple[int, int]] = []
    unclosed: set[str] = set()  # openers with no closer after some point: none later either
    i = 0
    while (m := _QUOTE_OPEN.search(text, i)) is not None:
        i = m.start()
        opener = m.group(0)
        close = None if opener in unclosed else _QUOTE_CLOSE[opener].search(text, i + 1)
        if close is None:
            unclosed.add(opener)
            i += 1
            continue
        spans.append((offset + i, offset + close.end()))
        i = close.end()
    return spans


class _Clauses:
    """Where clauses of one passage begin and end, for many questions in log time each.

    Each question could scan the passage afresh; with a hit per few words that is
    quadratic in the length of a sentence, and a letter may be one long sentence.
    """

    def __init__(self, passage: Passage, masked: str, contrast: list[Hit]) -> None:
        self.start = passage.start
        self.end = passage.end
        breaks = _CLAUSE_BREAK.finditer(masked, passage.start, passage.end)
        self.break_ends = [m.end() for m in breaks]
        self.end_marks = [
            m.start() for m in _CLAUSE_END.finditer(masked, passage.start, passage.end)
        ]
        self.contrast_starts = [h.start for h in contrast]
        ends = sorted(h.end for h in contrast)
        self.contrast_ends = ends

    def start_of(self, at: int) -> int:
        """Where the clause holding `at` begins (after `;`, a comma, a dash, `but`)."""
        start = self.start
        k = bisect_right(self.break_ends, at) - 1
        if k >= 0:
            start = self.break_ends[k]
        k = bisect_right(self.contrast_ends, at) - 1
        if k >= 0:
            start = max(start, self.contrast_ends[k])
        return start

    def end_of(self, at: int) -> int:
        """Where a clause going on from `at` stops (`;`, a dash, or a contrast word)."""
        k = bisect_left(self.end_marks, at)
        end = self.end_marks[k] if k < len(self.end_marks) else self.end
        k = bisect_left(self.contrast_starts, at)
        if k < len(self.contrast_starts):
            end = min(end, self.contrast_starts[k])
        return end


def classify(passage: Passage, masked: str) -> Passage:
    """Drop quoted and reported hits, apply negation, pick the strongest step."""
    if not passage.hits and passage.step is None and not passage.extra_steps:
        return passage  # nothing to weigh (the common case: most sentences hold no cue)
    if passage.kind in UNCLASSIFIED_KINDS:
        return passage.classified(())
    text = masked[passage.start : passage.end]
    hits = _unquoted(list(passage.hits), quoted_spans(text, passage.start))
    contrast = [h for h in hits if h.cell == "contrast"]
    clauses = _Clauses(passage, masked, contrast)
    hits = _unreported(hits, clauses)
    hits = _negated(hits, passage, masked, contrast, clauses)
    if any(h.cell == "non-apology" for h in hits):
        # A conditional apology is not an expression of regret.
        hits = [h for h in hits if h.cell != "regret"]
    best = _strongest(hits)
    if not best:
        return passage.classified(tuple(hits))
    ranked = sorted(best.items(), key=lambda kv: (-kv[1].weight, kv[1].start))
    main_step, main_hit = ranked[0]
    extra = tuple(sorted(ranked[1:], key=lambda kv: kv[1].start))
    return passage.classified(tuple(hits), main_step, main_hit, extra)


def _unreported(hits: list[Hit], clauses: _Clauses) -> list[Hit]:
    """A reporting verb's clause is the customer's words: "you said it was our fault"."""
    reporting = [h for h in hits if h.cell == "reporting"]
    if not reporting:
        return hits
    cut_starts = [r.start for r in reporting]
    reach = list(accumulate((clauses.end_of(r.end) for r in reporting), max))
    return [h for h in hits if h.cell == "reporting" or not _inside(h.start, cut_starts, reach)]


def _negated(
    hits: list[Hit], passage: Passage, masked: str, contrast: list[Hit], clauses: _Clauses
) -> list[Hit]:
    """The hits with negation applied: a clause negator ("not", "nu") reaches to the end
    of its clause, a phrase negator ("without", "sin", "fără") only the phrase it opens.
    A negated cue is dropped, and a negated blame ("not the courier's fault") reads as
    ownership."""
    negators = [h for h in hits if h.cell == "negator"]
    if negators and (owners := [h for h in hits if h.cell == "disclaimer"]):
        # The "no" of "we had no control over" belongs to the disclaimer, not to the blame.
        negators = [n for n in negators if not any(d.start <= n.start < d.end for d in owners)]
    near = [h for h in hits if h.cell == "near_negator"]
    if not negators and not near:
        return hits
    if joins := [h for h in hits if h.cell == "coordinator"]:
        # Negation stops at a coordinated clause: "we had no control over the storm and
        # we apologise" still apologises.
        clauses = _Clauses(passage, masked, sorted(contrast + joins, key=lambda h: h.start))
    # For negators from the k-th on (by start), the earliest end among them.
    neg_starts = [n.start for n in negators]
    neg_first_end = list(accumulate((n.end for n in reversed(negators)), min))[::-1]
    near_starts = [n.start for n in near]
    kept: list[Hit] = []
    for h in hits:
        if h.cell in NEGATABLE:
            k = bisect_left(neg_starts, clauses.start_of(h.start))
            by_clause = k < len(negators) and neg_first_end[k] <= h.start
            if by_clause or _near_negated(h, near, near_starts, masked, clauses):
                if h.cell == "blame-shift":
                    kept.append(Hit("responsibility", "negated blame", h.start, h.end, 0.5))
                continue
        kept.append(h)
    return kept


def _near_negated(
    h: Hit, near: list[Hit], near_starts: list[int], masked: str, clauses: _Clauses
) -> bool:
    """Whether a phrase negator stands right before `h`: it negates the phrase it opens
    ("sin que fuera culpa del mensajero", "fără nicio vină a curierului"), whose
    function words its lexicon pattern takes in, and nothing after that phrase ("se
    quedó sin luz debido a un corte" does not negate the cause)."""
    k = bisect_left(near_starts, h.start) - 1  # the last one opening before the hit
    if k < 0 or near[k].start < clauses.start_of(h.start):
        return False
    gap = masked[min(near[k].end, h.start) : h.start]  # none: the hit begins inside it
    return len(gap) <= _NEAR_GAP and not gap.strip()


def _strongest(hits: list[Hit]) -> dict[Step, Hit]:
    """Per step, its hit of the highest weight (the first of equals)."""
    best: dict[Step, Hit] = {}
    for h in hits:
        step = STEP_BY_NAME.get(h.cell)
        if step is None:
            continue
        current = best.get(step)
        if current is None or h.weight > current.weight:
            best[step] = h
    return best


def _unquoted(hits: list[Hit], quotes: list[tuple[int, int]]) -> list[Hit]:
    """Hits not wholly inside a quote (quotes are sorted and do not overlap)."""
    if not quotes:
        return hits
    starts = [a for a, _ in quotes]
    out = []
    for h in hits:
        k = bisect_right(starts, h.start) - 1
        if k < 0 or h.end > quotes[k][1]:
            out.append(h)
    return out


def _inside(x: int, starts: list[int], reach: list[int]) -> bool:
    """Whether some span (starts[k], end_k) holds x strictly; reach[k] = max end_0..k."""
    k = bisect_left(starts, x) - 1  # spans starting before x
    return k >= 0 and reach[k] > x


_LEAD_IN = re.compile(r":\s*$")


def inherit_lead_ins(passages: list[Passage], masked: str, lexicon: Lexicon) -> list[Passage]:
    """List items after a lead-in ("Since then we have:") are read with its subject.

    Items are often bare verb phrases ("added a voucher"); they are matched again with
    the lexicon's `lead_in_subject` put in front, and an item with no cue of its own
    takes the step of its lead-in.
    """
    subject = str(lexicon.data.get("lead_in_subject", "")).strip()
    out = list(passages)
    lead: Passage | None = None
    for k, p in enumerate(out):
        if p.kind is not PassageKind.ITEM:
            text = masked[p.start : p.end]
            lead = p if _LEAD_IN.search(text) else None
            continue
        if lead is None:
            continue
        if subject and p.step is None:
            text = subject + " " + masked[p.start : p.end]
            shift = len(subject) + 1
            extra = [
                Hit(
                    h.cell,
                    h.cue,
                    max(p.start, p.start + h.start - shift),
                    max(p.start, p.start + h.end - shift),
                    h.weight,
                )
                for h in lexicon.hits(text, STEP_CELLS)
                if h.end > shift
            ]
            p = classify(replace(p, hits=p.hits + tuple(extra)), masked)
        if p.step is None and lead.step is not None and lead.step_hit is not None:
            p = replace(p, step=lead.step, step_hit=lead.step_hit)
        out[k] = p
    return out
