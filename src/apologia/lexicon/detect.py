"""Guess a letter's language from its letters and function words."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from apologia.lexicon.folding import fold
from apologia.lexicon.load import detect_section
from apologia.lexicon.registry import LANGS

_URLS = re.compile(r"https?://\S+|www\.\S+|(?<!\S)\S+@\S+")  # not from inside a word
_TOKENS = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")


@cache
def _detect_profile(lang: str) -> tuple[frozenset[str], str, str]:
    """Folded function words, signal letters and decisive letters of a language."""
    detect = detect_section(lang)
    words = frozenset(fold(str(w)).text for w in detect.get("words", []))
    return words, str(detect.get("letters", "")), str(detect.get("decisive", ""))


# Below this a language's score says nothing: detect_language answers None.
MIN_SCORE = 3


def language_scores(text: str) -> dict[str, float]:
    """Each language's evidence in `text`: function words, signal letters, and a bonus
    for a decisive letter. A text's score is at least that of any of its parts."""
    # A link or address needs one of these; most letters have none (and the regex
    # tries every word).
    body = _URLS.sub(" ", text) if ("@" in text or "://" in text or "www." in text) else text
    scores: dict[str, float] = {}
    tokens = _TOKENS.findall(body)
    # Names are capitalised: letters inside them (Timișoara, Álvarez) are no evidence.
    common_text = " ".join(t for t in tokens if not t[:1].isupper()).lower()
    counts = Counter(fold(" ".join(tokens).lower()).text.split())
    for lang in LANGS:
        words, letters, decisive = _detect_profile(lang)
        hits = sum(counts[w] for w in words.intersection(counts))
        letter_hits = sum(common_text.count(ch) for ch in letters) if letters else 0
        score = hits + 0.5 * letter_hits
        if decisive and any(ch in common_text for ch in decisive):
            score += 8 + len(tokens) * 0.05
        scores[lang] = score
    return scores


def detect_language(text: str) -> tuple[str | None, float]:
    """Guess en/es/ro from letters and function words; (None, 0) when unsure."""
    return best_language(language_scores(text))


def best_language(scores: dict[str, float]) -> tuple[str | None, float]:
    """`detect_language` of a text whose `language_scores` are `scores`."""
    best = max(scores, key=lambda k: scores[k])
    ranked = sorted(scores.values(), reverse=True)
    if ranked[0] < MIN_SCORE or ranked[0] == ranked[1]:
        return None, 0.0
    return best, ranked[0] - ranked[1]
