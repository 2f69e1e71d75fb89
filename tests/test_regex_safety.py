"""No regular expression of the lexicons or the code backtracks catastrophically.

Every compiled lexicon cell (all languages, through `get_lexicon`) and every module-level
pattern of the modules that scan letters, configs and templates is run over adversarial
text at two sizes, n and 4n. Linear work grows 4x, quadratic 16x; the test asserts the
growth of the summed time stays under 9x, with the median of several runs per size so a
busy machine does not decide it. Patterns too fast to time at both sizes pass.
"""

from __future__ import annotations

import importlib
import re
import statistics
import time
from collections.abc import Callable, Iterator

import pytest

from apologia.lexicon import LANGS, get_lexicon

N = 1000  # characters at the small size; 4N at the large
RUNS = 3
MAX_GROWTH = 9.0  # linear is 4, quadratic 16
NOISE = 0.01  # seconds: below this at 4N, timing says nothing


def families() -> Iterator[Callable[[int], str]]:
    """Adversarial text of about n characters: runs, near misses, unclosed constructs."""
    units = [
        "a",
        " ",
        "\n",
        "we ",
        "sorry ",
        "we are ",
        "we are so ",
        "refund ",
        "our courier ",
        "we ... ",
        "1,",
        "1.",
        "€1 ",
        "-",
        "-a",
        "a-",
        "é",
        "ș",
        "'",
        "’",
        "`",
        "``a`",
        "*",
        "_a",
        "<",
        "<!--",
        "<!-- apologia-disable",
        "<a ",
        "](",
        "[x](y ",
        '"',
        "...",
        ". ",
        "P.S",
        "Dr. ",
        "---",
        "#",
        "> ",
        "1. ",
        "\t",
        "\r\n",
        "\u00a0",
        "=",
        "{{",
        "{%",
        "%",
        "{:",
        "x" * 30 + " ",
    ]
    for unit in units:
        yield lambda n, u=unit: (u * (n // len(u) + 1))[:n]
        yield lambda n, u=unit: (u * (n // len(u) + 1))[: n - 1] + "!"
    yield lambda n: "we " + "word " * (n // 5) + "sorry"
    yield lambda n: ("we are truly deeply " * n)[:n]


def patterns() -> Iterator[tuple[str, re.Pattern[str]]]:
    for lang in LANGS:
        lex = get_lexicon(lang)
        for name, cell in lex.cells.items():
            if cell.regex is not None:
                yield f"{lang}:{name}", cell.regex
            if cell.exceptions is not None:
                yield f"{lang}:{name}:except", cell.exceptions
    for module in (
        "letter",
        "suppress",
        "config",
        "render",
        "lexicon",
        "steps",
        "engine",
        "incident",
        "files",
        "formatters.text",
        "rules._common",
    ):
        try:
            mod = importlib.import_module(f"apologia.{module}")
        except ImportError:
            continue
        for attr, value in sorted(vars(mod).items()):
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                yield f"{module}.{attr}", value


def cost(pattern: re.Pattern[str], n: int) -> float:
    texts = [make(n) for make in families()]
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        for text in texts:
            for _m in pattern.finditer(text):
                pass
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


ALL = list(patterns())


def test_every_lexicon_cell_is_checked() -> None:
    names = {name for name, _ in ALL}
    for lang in LANGS:
        assert f"{lang}:regret" in names and f"{lang}:blame-shift" in names
    assert any(name.startswith("letter.") for name in names)
    assert any(name.startswith("suppress.") for name in names)


# Quadratic on adversarial text, found by this test and not yet rewritten (letter.py and
# suppress.py belong to the performance work); not strict, since a timing ratio near
# the bound may pass on a quiet machine.
KNOWN_QUADRATIC = {
    "letter._INLINE_CODE": "an unclosed run of backticks is scanned to the end from each run",
    "letter._LINK_TARGET": "']('' without ')' is scanned to the end of the line from each one",
    "suppress._ONLY_DIRECTIVES": "fullmatch retries the directive loop from every comment",
}
CASES = [
    pytest.param(
        name, pattern, id=name, marks=pytest.mark.xfail(reason=KNOWN_QUADRATIC[name], strict=False)
    )
    if name in KNOWN_QUADRATIC
    else pytest.param(name, pattern, id=name)
    for name, pattern in ALL
]


@pytest.mark.parametrize(("name", "pattern"), CASES)
def test_pattern_runs_in_linear_time(name: str, pattern: re.Pattern[str]) -> None:
    small, large = cost(pattern, N), cost(pattern, 4 * N)
    if large < NOISE:
        return
    growth = large / max(small, 1e-9)
    if growth >= MAX_GROWTH:  # one more look before failing: a busy moment is not a bug
        small, large = cost(pattern, N), cost(pattern, 4 * N)
        growth = large / max(small, 1e-9)
    assert growth < MAX_GROWTH, f"{name}: {growth:.1f}x slower at 4x the input"
