"""No regular expression of the lexicons or the code backtracks catastrophically.

Every compiled lexicon cell (all languages, through `get_lexicon`) and every module-level
pattern of the modules that scan letters, configs and templates is run over adversarial
text at two sizes, n and 4n. Linear work grows 4x, quadratic 16x; the test asserts the
growth of the summed CPU time stays under 9x, with the fastest of several runs per size so
a busy machine does not decide it (CPU time, not wall time: waiting for a core is not
work). Patterns too fast to time at both sizes pass.

Besides the fixed families below, each pattern is tried on runs of one character of every
character class it contains (a digit for a digit class, a space for a space class, each
member of a `[...]` set), so a class nobody thought of (a run of plain digits) is tried
too. Those sizes climb by doubling from 16 characters first, so exponential backtracking
fails the test at a few dozen characters instead of hanging it.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import re._constants as sre
import re._parser as sre_parse
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


# A character of each category a `[...]` set or an escape can name.
_CATEGORY_CHARS = {
    sre.CATEGORY_DIGIT: "1",
    sre.CATEGORY_NOT_DIGIT: "a",
    sre.CATEGORY_SPACE: " ",
    sre.CATEGORY_NOT_SPACE: "a",
    sre.CATEGORY_WORD: "a",
    sre.CATEGORY_NOT_WORD: "-",
    sre.CATEGORY_LINEBREAK: "\n",
    sre.CATEGORY_NOT_LINEBREAK: "a",
}


def class_chars(pattern: re.Pattern[str]) -> list[str]:
    """One character of every class in `pattern` (`\\d`, `\\s`, each `[...]` member, `.`),
    and its punctuation literals: what a run to try the pattern on is made of."""
    found: dict[str, None] = {}

    def add_set(items: list[tuple[object, object]]) -> None:
        for op, av in items:
            if op is sre.LITERAL:
                found[chr(av)] = None  # type: ignore[arg-type]
            elif op is sre.RANGE:
                found[chr(av[0])] = None  # type: ignore[index]
            elif op is sre.CATEGORY:
                found[_CATEGORY_CHARS.get(av, "a")] = None  # type: ignore[call-overload]
            elif op is sre.NEGATE:
                found.update(dict.fromkeys("a1 -"))

    def walk(items: object) -> None:
        for op, av in items:  # type: ignore[attr-defined]
            if op is sre.IN:
                add_set(av)
            elif op is sre.LITERAL and not chr(av).isalnum():
                found[chr(av)] = None
            elif op in (sre.ANY, sre.NOT_LITERAL):
                found["a"] = None
            elif op is sre.BRANCH:
                for branch in av[1]:
                    walk(branch)
            elif op is sre.SUBPATTERN:
                walk(av[3])
            elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
                walk(av[2])
            elif op in (sre.ASSERT, sre.ASSERT_NOT):
                walk(av[1])
            elif op is sre.ATOMIC_GROUP:
                walk(av)
            elif op is sre.GROUPREF_EXISTS:
                walk(av[1])
                if av[2] is not None:
                    walk(av[2])

    walk(sre_parse.parse(pattern.pattern, pattern.flags))
    return list(found)


def class_runs(pattern: re.Pattern[str]) -> list[Callable[[int], str]]:
    """Runs of each class character, ending in a letter or not: a near match that fails
    only at its end is what makes a backtracking pattern try all its ways."""
    out: list[Callable[[int], str]] = []
    for ch in class_chars(pattern):
        out.append(lambda n, c=ch: c * n)
        out.append(lambda n, c=ch: c * (n - 1) + "x")
    return out


def test_class_runs_include_digit_runs() -> None:
    """The fault this guards against: `Refund of 111…1x` backtracked exponentially."""
    texts = {make(4) for make in class_runs(re.compile(r"(?:of )?\d(?:[\d.,]?\d)*\b"))}
    assert {"1111", "111x", ",,,x", "...."} <= texts


def patterns() -> Iterator[tuple[str, re.Pattern[str]]]:
    for lang in LANGS:
        lex = get_lexicon(lang)
        for name, cell in lex.cells.items():
            if cell.regex is not None:
                yield f"{lang}:{name}", cell.regex
            if cell.exception_regex is not None:
                yield f"{lang}:{name}:except", cell.exception_regex
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


def cost(
    pattern: re.Pattern[str],
    n: int,
    *,
    anchored: bool = False,
    at_start: bool = False,
    makers: list[Callable[[int], str]] | None = None,
    runs: int = RUNS,
) -> float:
    texts = [make(n) for make in (makers if makers is not None else list(families()))]
    samples = []
    for _ in range(runs):
        start = time.process_time()
        for text in texts:
            if anchored:
                pattern.fullmatch(text)
            elif at_start:
                pattern.match(text)
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
ANCHORED = {"suppress._ONLY_DIRECTIVES", "render.outputs._ASCII_ADDRESS"}
# Patterns the code only ever applies with `match` at the start of one line.
AT_START = {"markdown_fast._RULE", "reading._LEAD_IN"}
# Patterns only ever applied to a short slice, where their cost is bounded by the slice.
BOUNDED = {"letter._WORD_BEFORE": "only searched in the 21 characters before a period"}
CASES = [
    pytest.param(name, pattern, id=name, marks=pytest.mark.skip(reason=BOUNDED[name]))
    if name in BOUNDED
    else pytest.param(name, pattern, id=name)
    for name, pattern in ALL
]


def climb(name: str, pattern: re.Pattern[str], makers: list[Callable[[int], str]]) -> None:
    """Double the size from 16 to N; fail as soon as one doubling costs 9x (exponential
    backtracking), before a size at which it would run for hours."""
    anchored, at_start = name in ANCHORED, name in AT_START

    def timed(n: int) -> float:
        return cost(pattern, n, anchored=anchored, at_start=at_start, makers=makers, runs=2)

    size, before = 16, timed(16)
    while size < N:
        bigger = min(2 * size, N)
        after = timed(bigger)
        if after >= NOISE and after / max(before, 1e-9) >= MAX_GROWTH:
            before, after = timed(size), timed(bigger)  # a busy moment is not a bug
            assert after < NOISE or after / max(before, 1e-9) < MAX_GROWTH, (
                f"{name}: {after / max(before, 1e-9):.0f}x slower from {size} to {bigger} "
                "characters: exponential backtracking"
            )
        size, before = bigger, after


@pytest.mark.parametrize(("name", "pattern"), CASES)
def test_pattern_runs_in_linear_time(name: str, pattern: re.Pattern[str]) -> None:
    anchored, at_start = name in ANCHORED, name in AT_START
    runs = class_runs(pattern)
    climb(name, pattern, runs)
    makers = list(families()) + runs
    small = cost(pattern, N, anchored=anchored, at_start=at_start, makers=makers)
    large = cost(pattern, 4 * N, anchored=anchored, at_start=at_start, makers=makers)
    if large < NOISE:
        return
    growth = large / max(small, 1e-9)
    if growth >= MAX_GROWTH:  # one more look before failing: a busy moment is not a bug
        small = cost(pattern, N, anchored=anchored, at_start=at_start, makers=makers)
        large = cost(pattern, 4 * N, anchored=anchored, at_start=at_start, makers=makers)
        growth = large / max(small, 1e-9)
    assert growth < MAX_GROWTH, f"{name}: {growth:.1f}x slower at 4x the input"


def test_inline_masking_runs_in_linear_time() -> None:
    """Code spans are found by a scan over backtick runs, not a regex (it was quadratic)."""
    from apologia.markdown import mask_inline

    def run(n: int) -> float:
        texts = [make(n * 4) for make in families()]
        samples = []
        for _ in range(RUNS):
            start = time.process_time()
            for text in texts:
                mask_inline(text)
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
    from apologia.markdown import mask_inline

    expected = text
    for part in hidden:
        expected = expected.replace(part, " " * len(part))
    assert mask_inline(text) == expected
