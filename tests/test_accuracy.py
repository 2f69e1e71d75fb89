"""Accuracy of `apologia lint` on the project's own labeled letters (tests/letters).

The letters are original, hand-labeled by the corpus README's rules, and scored with
benchmarks/accuracy.py; the test fails when any measure drops below its target.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from accuracy import TARGETS, score, split_front_matter

from apologia.engine import lint_text

LETTERS = Path(__file__).resolve().parent / "letters"
LETTER_FILES = sorted(LETTERS.glob("*.md"))


def test_letters_exist() -> None:
    assert len(LETTER_FILES) >= 12


def test_accuracy_meets_targets() -> None:
    scores, misses = score(LETTERS, [sys.executable, "-m", "apologia"])
    below = {
        name: (round(scores[name], 3), target)
        for name, target in TARGETS.items()
        if scores[name] < target
    }
    assert not below, f"below target: {below}\nmisses:\n" + "\n".join(misses)


@pytest.mark.parametrize("path", LETTER_FILES, ids=lambda p: p.name)
def test_no_false_fault_on_clean_letters(path: Path) -> None:
    meta, body = split_front_matter(path.read_text(encoding="utf-8"))
    labels = meta.get("labels") or {}
    rules = {p.rule for p in lint_text(body).problems}
    if not labels.get("blame_shift"):
        assert "blame-shift" not in rules, f"{path.name}: false blame-shift"
    if not labels.get("regret_before_remedy"):
        assert "regret-before-remedy" not in rules, f"{path.name}: false regret-before-remedy"
