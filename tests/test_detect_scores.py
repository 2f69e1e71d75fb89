"""The bilingual check scores the whole letter once and splits it only when two languages
have enough evidence: sound only if no block ever outscores the whole it is part of."""

from __future__ import annotations

import random

from apologia.lexicon.detect import MIN_SCORE, language_scores
from conftest import GOOD

PIECES = [line for text in GOOD.values() for line in text.splitlines() if line.strip()] + [
    "Visit https://example.com/ayuda or write to ayuda@example.com.",
    "Timișoara, Álvarez and Ñuñoa are names, not evidence.",
]


def test_no_block_scores_above_the_whole_letter() -> None:
    rng = random.Random(11)
    for _ in range(300):
        blocks = rng.sample(PIECES, rng.randint(1, 6))
        whole = language_scores(" ".join(blocks))
        for block in blocks:
            for lang, score in language_scores(block).items():
                assert score <= whole[lang] + 1e-9, (lang, block, blocks)


def test_a_two_language_letter_passes_the_check_and_a_one_language_one_does_not() -> None:
    def strong(text: str) -> int:
        return sum(s >= MIN_SCORE for s in language_scores(text).values())

    assert strong(GOOD["en"] + "\n" + GOOD["es"]) >= 2
    assert strong(GOOD["en"]) == 1


def test_scores_depend_only_on_the_words_in_order() -> None:
    # engine reuses the blocks' scores for the prose when both split into the same words.
    rng = random.Random(5)
    for _ in range(200):
        words = " ".join(rng.sample(PIECES, rng.randint(1, 4))).split()
        spaced = "".join(w + rng.choice([" ", "\n", "\n\n", "  \t", " \r\n "]) for w in words)
        assert language_scores(spaced) == language_scores(" ".join(words))
