"""The cue matcher's shortcuts (needs, triggers, per-sentence checks, lazily compiled
cues, exception pre-checks) find exactly what one whole-cell regex finds.

`Cell.regex` is the reference: the cell as one alternation, leftmost match, first cue
in lexicon order at a position, no overlap, a match dropped where an exception overlaps
it. Every cell of every language is run over letters written for the tests, generated
letters and shuffled ones, through the same calls `Lexicon.hits` makes.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from apologia.engine import DEFAULT_CONFIG, lexicon_for
from apologia.lexicon import LANGS, Cell, CompiledCue, Lexicon
from apologia.lexicon.cue import LEFT, RIGHT
from conftest import GOOD, generate

LETTERS = Path(__file__).resolve().parent / "letters"


def reference(cell: Cell, folded: str) -> list[tuple[int, int, CompiledCue]]:
    """What the cell finds, by its whole-cell regex and a plain exception regex."""
    if cell.regex is None:
        return []
    found = []
    for m in cell.regex.finditer(folded):
        if m.start() != m.end():
            assert m.lastgroup is not None
            found.append((m.start(), m.end(), cell.cues[int(m.lastgroup[1:])]))
    if cell.exceptions is not None:
        exc = re.compile(f"{LEFT}(?:{cell.exceptions.source}){RIGHT}")
        spans = [m.span() for m in exc.finditer(folded)]
        found = [f for f in found if not any(a < f[1] and b > f[0] for a, b in spans)]
    return found


def shuffled(text: str, rng: random.Random) -> str:
    """The words of a letter in a new order: cue words apart, half-matches, odd joins."""
    words = text.split()
    rng.shuffle(words)
    return " ".join(words)


def texts(lang: str, tmp: Path) -> list[str]:
    out = [GOOD[lang]]
    out += [p.read_text(encoding="utf-8") for p in sorted(LETTERS.glob(f"{lang}-*"))]
    for path in generate(tmp, 90, seed=5):
        if f"-{lang}." in path.name:
            out.append(path.read_text(encoding="utf-8"))
    rng = random.Random(3)
    out += [shuffled(t, rng) for t in list(out)]
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_every_cell_finds_what_its_whole_regex_finds(lang: str, tmp_path: Path) -> None:
    lexicon: Lexicon = lexicon_for(lang, DEFAULT_CONFIG)
    for text in texts(lang, tmp_path):
        folded = lexicon.fold(text).text
        scan = lexicon.scan(folded)
        triggered = lexicon.triggered(scan.present)
        for name, cell in lexicon.cells.items():
            want = reference(cell, folded)
            got = list(cell.finditer(folded, scan, triggered.get(name, ())))
            assert got == want, (name, text[:200])
            assert list(cell.finditer(folded)) == want, (name, text[:200])


@pytest.mark.parametrize("lang", LANGS)
def test_the_matcher_finds_cues_at_all(lang: str) -> None:
    """Not a vacuous comparison: the clean letter has a cue of each step."""
    lexicon = lexicon_for(lang, DEFAULT_CONFIG)
    folded = lexicon.fold(GOOD[lang]).text
    for step in ("value", "responsibility", "explanation", "fix", "regret"):
        assert reference(lexicon.cells[step], folded), step


@pytest.mark.parametrize("lang", LANGS)
def test_opens_with_is_a_first_match_at_the_start(lang: str, tmp_path: Path) -> None:
    lexicon = lexicon_for(lang, DEFAULT_CONFIG)
    lines = [line.strip()[:80] for text in texts(lang, tmp_path) for line in text.splitlines()]
    seen = 0
    for line in filter(None, lines):
        folded = lexicon.fold(line).text
        for name in ("greetings", "closings", "subject"):
            found = reference(lexicon.cells[name], folded)
            want = bool(found) and found[0][0] == 0
            assert lexicon.opens_with(name, line) == want, (name, line)
            seen += want
    assert seen  # the letters do open with greetings and closings


def test_fold_fast_path_folds_each_character_as_the_slow_path_does() -> None:
    """Folding by lower() and a replace per accented letter equals folding each
    character (case, accents, quotes; Romanian mid-word î), on random mixed text."""
    from apologia.lexicon.folding import _fold_char, fold

    folding = {lang: lexicon_for(lang, DEFAULT_CONFIG).folding for lang in ("es", "ro")}

    alphabet = list("abcxyzABCXYZ .,;!?-'`\n") + list(
        "áéíóúñÁÉÍÓÚÑüÜăâîșşțţĂÂÎȘŞȚŢ’‘ʼ´“”«»İıßẞﬁΩσς\u0301"
    )

    def by_character(text: str, lang: str | None) -> str:
        if lang == "ro" and ("î" in text or "Î" in text):
            text = re.sub(r"(?<=\w)î", "a", text.replace("Î", "î"))
        return "".join("i" if lang == "ro" and ch == "î" else _fold_char(ch) for ch in text)

    rng = random.Random(1)
    fast = 0
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        for lang in (None, "es", "ro"):
            folded = fold(text, folding[lang]) if lang else fold(text)
            if folded.offsets is None:  # the fast path; the slow one is by_character itself
                assert folded.text == by_character(text, lang), (text, lang)
                fast += 1
    assert fast > 1000  # most texts take the fast path


def test_romanian_old_spelling_folds_as_the_new_from_lexicon_data() -> None:
    # `fold_mid_word` in ro.yaml: mid-word î is â's old spelling; at a word's start, î.
    ro = lexicon_for("ro", DEFAULT_CONFIG)
    assert ro.fold("Cînd ÎNTÎRZIE îmi pare rău").text == "cand intarzie imi pare rau"
    assert lexicon_for("es", DEFAULT_CONFIG).fold("Cînd").text == "cind"
