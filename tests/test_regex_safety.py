"""No regular expression of the lexicons or the code backtracks catastrophically.

Every compiled lexicon cell (all languages, through `get_lexicon`) and every module-level
pattern of the modules that scan letters, configs and templates is run over adversarial
text at two sizes, n and 4n. Linear work grows 4x, quadratic 16x; the test asserts the
growth of the summed CPU time stays under 9x, with the fastest of several runs per size so
a busy machine does not decide it (CPU time, not wall time: waiting for a core is not
work). Patterns too fast to time at both sizes pass.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import time
from collections.abc import Callable, Iterator

import pytest

from apologia.lexicon import LANGS, get_lexicon

N = 1000  # characters at the small size; 4N at the large
RUNS = 3
MAX_GROWTH = 9.0  # linear is 4, quadratic 16
NOISE = 0.01  # seconds: below this at 4N, timing says nothing

# Generated inputs and timing ratios: minutes, not seconds; `pytest -m "not slow"` skips them.
pytestmark = pytest.mark.slow


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
    for unit in ("we are so ", "1,", "...", "`a", "<!--", "](", " ", "sorry "):
        # The same run, ending in a character that makes a near match fail at the end.
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
    import apologia

    modules = pkgutil.walk_packages(apologia.__path__, "apologia.")
    names = sorted(m.name for m in modules if not m.name.endswith("__main__"))
    for module in names:
        try:
            mod = importlib.import_module(module)
        except ImportError:
            continue
        module = module.removeprefix("apologia.")
        for attr, value in sorted(vars(mod).items()):
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                yield f"{module}.{attr}", value


def cost(pattern: re.Pattern[str], n: int, *, anchored: bool = False) -> float:
    texts = [make(n) for make in families()]
    samples = []
    for _ in range(RUNS):
        start = time.process_time()
        for text in texts:
            if anchored:
                pattern.fullmatch(text)
            else:
                for _m in pattern.finditer(text):
                    pass
        samples.append(time.process_time() - start)
    return min(samples)


ALL = list(patterns())


def test_every_lexicon_cell_is_checked() -> None:
    names = {name for name, _ in ALL}
    for lang in LANGS:
        assert f"{lang}:regret" in names and f"{lang}:blame-shift" in names
    assert any(name.startswith("letter.") for name in names)
    assert any(name.startswith("suppress.") for name in names)


# Patterns the code only ever applies anchored (`fullmatch` of one line): timed that way,
# since a search from every position is not how they run.
ANCHORED = {"suppress._ONLY_DIRECTIVES"}
# Patterns only ever applied to a short slice, where their cost is bounded by the slice.
BOUNDED = {"letter._WORD_BEFORE": "only searched in the 21 characters before a period"}
CASES = [
    pytest.param(name, pattern, id=name, marks=pytest.mark.skip(reason=BOUNDED[name]))
    if name in BOUNDED
    else pytest.param(name, pattern, id=name)
    for name, pattern in ALL
]


@pytest.mark.parametrize(("name", "pattern"), CASES)
def test_pattern_runs_in_linear_time(name: str, pattern: re.Pattern[str]) -> None:
    anchored = name in ANCHORED
    small, large = cost(pattern, N, anchored=anchored), cost(pattern, 4 * N, anchored=anchored)
    if large < NOISE:
        return
    growth = large / max(small, 1e-9)
    if growth >= MAX_GROWTH:  # one more look before failing: a busy moment is not a bug
        small = cost(pattern, N, anchored=anchored)
        large = cost(pattern, 4 * N, anchored=anchored)
        growth = large / max(small, 1e-9)
    assert growth < MAX_GROWTH, f"{name}: {growth:.1f}x slower at 4x the input"


def test_inline_masking_runs_in_linear_time() -> None:
    """Code spans are found by a scan over backtick runs, not a regex (it was quadratic)."""
    from apologia.letter import _mask_inline

    def run(n: int) -> float:
        texts = [make(n * 4) for make in families()]
        samples = []
        for _ in range(RUNS):
            start = time.process_time()
            for text in texts:
                _mask_inline(text)
            samples.append(time.process_time() - start)
        return min(samples)

    small, large = run(N), run(4 * N)
    assert large < NOISE or large / small < MAX_GROWTH, (small, large)


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("a `code` b", ["`code`"]),
        ("a ``x ` y`` b", ["``x ` y``"]),
        ("a `open only", []),
        ("``` a ` b", []),  # no closer of the same length: literal backticks
        ("`a` and `b`", ["`a`", "`b`"]),
        ("see [x](https://w.org/Foo_(bar)) ok", ["](https://w.org/Foo_(bar))"]),
        ('see [x](http://a "T") ok', ['](http://a "T")']),
    ],
)
def test_inline_masking_regressions(text: str, hidden: list[str]) -> None:
    from apologia.letter import _mask_inline

    expected = text
    for part in hidden:
        expected = expected.replace(part, " " * len(part))
    assert _mask_inline(text) == expected
