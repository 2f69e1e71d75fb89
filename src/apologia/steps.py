"""Find cues in a letter and classify each passage as one of the five steps.

Each lexicon cell runs once over the whole folded letter; hits are then bucketed into
passages. Within a passage, hits in quoted speech or under a customer's reporting verb
are dropped, negation acts inside its clause, and a conditional apology is not regret.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace

from apologia.lexicon import LETTER_CELLS, STEP_CELLS, Lexicon
from apologia.model import Hit, Passage, Step

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
}
UNCLASSIFIED_KINDS = {"greeting", "closing", "quote"}
# Quote pairs: an opening mark and the marks that may close it.
_QUOTE_PAIRS = {"“": "”", "«": "»", "„": "”“", '"': '"', "‹": "›"}
_CLAUSE_BREAK = re.compile(r"[;:—–()]|,\s|\s-\s")
_CLAUSE_END = re.compile(r"[;—–]")  # where a reporting verb's clause stops


def find_hits(masked: str, lexicon: Lexicon, cells: tuple[str, ...]) -> list[Hit]:
    """Every cue of the given cells in the masked letter, in text order."""
    folded = lexicon.fold(masked)
    hits: list[Hit] = []
    present = lexicon.present(folded.text)  # looked up once for all cells
    for name in cells:
        for s, e, cue in lexicon.cell(name).finditer(folded.text, present):
            hits.append(Hit(name, cue.pattern, folded.original(s), folded.original(e), cue.weight))
    hits.sort(key=lambda h: (h.start, -h.end))
    return hits


def bucket(passages: list[Passage], hits: list[Hit]) -> list[Passage]:
    starts = [p.start for p in passages]
    per: list[list[Hit]] = [[] for _ in passages]
    for h in hits:
        k = bisect_right(starts, h.start) - 1
        if k >= 0 and h.start < passages[k].end:
            per[k].append(h)
    return [replace(p, hits=tuple(hs)) for p, hs in zip(passages, per, strict=True)]


def quoted_spans(text: str, offset: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(text):
        closers = _QUOTE_PAIRS.get(text[i])
        if closers is None:
            i += 1
            continue
        j = i + 1
        while j < len(text) and text[j] not in closers:
            j += 1
        if j < len(text):
            spans.append((offset + i, offset + j + 1))
            i = j + 1
        else:
            i += 1
    return spans


def clause_start(passage: Passage, masked: str, at: int, contrast: list[Hit]) -> int:
    """Offset where the clause holding `at` begins (after `;`, a comma, a dash, `but`)."""
    start = passage.start
    for m in _CLAUSE_BREAK.finditer(masked, passage.start, at):
        start = m.end()
    for h in contrast:
        if h.start < at and h.end > start and h.end <= at:
            start = h.end
    return start


def classify(passage: Passage, masked: str) -> Passage:
    """Drop quoted and reported hits, apply negation, pick the strongest step."""
    if passage.kind in UNCLASSIFIED_KINDS:
        return replace(passage, hits=())
    text = masked[passage.start : passage.end]
    quotes = quoted_spans(text, passage.start)
    hits = [h for h in passage.hits if not any(a <= h.start and h.end <= b for a, b in quotes)]
    contrast = [h for h in hits if h.cell == "contrast"]
    reporting = [h for h in hits if h.cell == "reporting"]
    if reporting:
        cut = [(r.start, _clause_end(passage, masked, r.end, contrast)) for r in reporting]
        hits = [
            h for h in hits if h.cell == "reporting" or not any(a < h.start < b for a, b in cut)
        ]
    negators = [h for h in hits if h.cell == "negator"]
    kept: list[Hit] = []
    for h in hits:
        if h.cell in NEGATABLE and negators:
            start = clause_start(passage, masked, h.start, contrast)
            if any(start <= n.start and n.end <= h.start for n in negators):
                if h.cell == "blame-shift":
                    # "not the courier's fault" disowns the blame: it reads as ownership.
                    kept.append(Hit("responsibility", "negated blame", h.start, h.end, 0.5))
                continue
        kept.append(h)
    hits = kept
    if any(h.cell == "non-apology" for h in hits):
        # A conditional apology is not an expression of regret.
        hits = [h for h in hits if h.cell != "regret"]
    best: dict[Step, Hit] = {}
    for h in hits:
        step = STEP_BY_NAME.get(h.cell)
        if step is None:
            continue
        current = best.get(step)
        if current is None or h.weight > current.weight:
            best[step] = h
    if not best:
        return replace(passage, hits=tuple(hits), step=None, cue=None, extra_steps=())
    ranked = sorted(best.items(), key=lambda kv: (-kv[1].weight, kv[1].start))
    main_step, main_hit = ranked[0]
    extra = tuple(sorted(ranked[1:], key=lambda kv: kv[1].start))
    return replace(passage, hits=tuple(hits), step=main_step, cue=main_hit, extra_steps=extra)


def _clause_end(passage: Passage, masked: str, at: int, contrast: list[Hit]) -> int:
    m = _CLAUSE_END.search(masked, at, passage.end)
    end = m.start() if m else passage.end
    for h in contrast:
        if at <= h.start < end:
            end = h.start
    return end


def letter_cells(lexicon: Lexicon) -> tuple[str, ...]:
    return tuple(name for name in lexicon.cells if name not in LETTER_CELLS)


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
        if p.kind != "item":
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
                for h in find_hits(text, lexicon, STEP_CELLS)
                if h.end > shift
            ]
            p = classify(replace(p, hits=p.hits + tuple(extra)), masked)
        if p.step is None and lead.step is not None and lead.cue is not None:
            p = replace(p, step=lead.step, cue=lead.cue)
        out[k] = p
    return out
