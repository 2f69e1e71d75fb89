"""Work grows linearly with the size of a letter: no quadratic step.

Behaviour, not speed: one test counts the function calls a lint makes (a deterministic
count) for letters of shapes that tempt quadratic code, at one size and four times it;
the other lints a 5 MB letter and a quarter of it and compares the CPU time each took,
a ratio with a generous bound (linear is 4, quadratic 16), never a number of seconds.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType

import pytest

from apologia.engine import lint_text

SENTENCES = (
    "We have refunded the £15 you paid for the lamp. ",
    "It was our mistake, not the courier's, that the order was late. ",
    "You said “it arrived broken” and we are sorry for that. ",
    "Our system sent it to an old address because we did not check it. ",
    "We have added a check at the packing desk so this cannot happen again. ",
)


def letter(size: int, shape: str) -> str:
    """A letter of about `size` characters whose body has the given shape."""
    body: list[str] = []
    k = 0
    length = 0
    while length < size:
        piece = SENTENCES[k % len(SENTENCES)]
        if shape == "one sentence":  # no full stop anywhere: one passage
            piece = piece.replace(". ", ", ")
        elif shape == "list":
            piece = f"- {piece.strip()}\n"
        elif shape == "open quotes":  # quotes that never close
            piece = piece.replace("”", "") + "«"
        body.append(piece)
        length += len(piece)
        k += 1
    joiner = "" if shape == "list" else "\n\n" if shape == "paragraphs" else ""
    return "Dear Ms Quinn,\n\n" + joiner.join(body) + "\n\nKind regards,\nAna\n"


def calls(fn: Callable[[], object]) -> int:
    """Python and C function calls made while `fn` runs."""
    count = 0

    def profile(frame: FrameType, event: str, arg: object) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        fn()
    finally:
        sys.setprofile(None)
    return count


@pytest.mark.parametrize("plain", [False, True], ids=["markdown", "text"])
@pytest.mark.parametrize("shape", ["paragraphs", "one sentence", "list", "open quotes"])
def test_calls_grow_linearly_with_letter_size(shape: str, plain: bool) -> None:
    small, large = letter(20_000, shape), letter(80_000, shape)
    lint_text(small, plain=plain)  # lexicon loaded and cues compiled before counting
    ratio = calls(lambda: lint_text(large, plain=plain)) / calls(
        lambda: lint_text(small, plain=plain)
    )
    growth = len(large) / len(small)
    assert ratio < growth * 1.25, f"{shape}: {ratio:.1f}x the calls for {growth:.1f}x the text"


@pytest.mark.slow
def test_a_five_megabyte_letter_takes_time_linear_in_its_size() -> None:
    big = letter(5 * 2**20, "paragraphs")
    quarter = letter(5 * 2**18, "paragraphs")
    lint_text(quarter[:20_000])  # warm: lexicon and compiled cues

    def cpu(text: str) -> float:
        start = time.process_time()
        report = lint_text(text)
        assert report.steps  # the whole letter was read and its steps found
        return time.process_time() - start

    ratio = cpu(big) / cpu(quarter)
    assert ratio < 6, f"4x the text took {ratio:.1f}x the time"


# A letter that is one long line, a problem in every sentence: each problem's source line
# is that whole line, so an output that cleans or measures the line per problem is
# quadratic (the text format took 31 s for 60 KB).
LONG_LINE = "The courier dropped your box. "


@pytest.mark.parametrize(
    "options",
    [
        ["--format", "text"],
        ["--format", "json"],
        ["--format", "sarif"],
        ["--format", "github"],
        ["--quiet"],
    ],
    ids=["text", "json", "sarif", "github", "quiet"],
)
def test_one_long_line_takes_time_linear_in_its_size(
    options: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from apologia.cli import app

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    small, large = tmp_path / "small.md", tmp_path / "large.md"
    small.write_text(LONG_LINE * 500 + "\n", encoding="utf-8")
    large.write_text(LONG_LINE * 2000 + "\n", encoding="utf-8")

    def cpu(path: Path) -> float:
        start = time.process_time()
        result = CliRunner().invoke(app, ["lint", *options, "--", path.name])
        spent = time.process_time() - start
        assert result.exit_code == 1, result.output  # judged, problems found
        return spent

    cpu(small)  # warm: lexicon, rules, formatter imported
    ratio = min(cpu(large) for _ in range(2)) / min(cpu(small) for _ in range(2))
    assert ratio < 6, f"{options}: 4x the line took {ratio:.1f}x the time"
