"""suppress.py: which (line, rule) problems the comments in a letter hide."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

import pytest

from apologia.model import Problem
from apologia.suppress import parse_suppressions

RULES = ("blame-shift", "minimizing", "step-order")


def hidden(text: str) -> set[tuple[int, str]]:
    """Every (line, rule) the letter's comments hide, over all lines and RULES."""
    s = parse_suppressions(text)
    lines = text.count("\n") + 2
    return {
        (line, rule)
        for line in range(1, lines)
        for rule in RULES
        if s.hides(Problem(line, 1, line, 2, "m", rule=rule))
    }


def test_no_comments_hides_nothing() -> None:
    assert hidden("Our courier lost it.\nSorry.\n") == set()


def test_disable_next_line_applies_to_next_nonblank_line() -> None:
    text = "a\n<!-- apologia-disable-next-line blame-shift -->\n\n   \nOur courier lost it.\nb\n"
    assert hidden(text) == {(5, "blame-shift")}


def test_disable_next_line_without_id_hides_all_rules() -> None:
    text = "<!-- apologia-disable-next-line -->\nbad\nbad\n"
    assert hidden(text) == {(2, r) for r in RULES}


def test_stacked_next_line_comments_reach_the_same_line() -> None:
    text = (
        "<!-- apologia-disable-next-line blame-shift -->\n"
        "<!-- apologia-disable-next-line minimizing -->\n"
        "Our courier lost it, any inconvenience.\n"
    )
    assert hidden(text) == {(3, "blame-shift"), (3, "minimizing")}


@pytest.mark.parametrize(
    "ids", ["blame-shift minimizing", "blame-shift,minimizing", "blame-shift , minimizing"]
)
def test_several_ids_by_space_or_comma(ids: str) -> None:
    text = f"<!-- apologia-disable-next-line {ids} -->\nbad\n"
    assert hidden(text) == {(2, "blame-shift"), (2, "minimizing")}


def test_disable_enable_range_for_one_rule() -> None:
    text = (
        "one\n"  # 1
        "<!-- apologia-disable minimizing -->\n"  # 2
        "three\n"  # 3
        "four\n"  # 4
        "<!-- apologia-enable minimizing -->\n"  # 5
        "six\n"  # 6
    )
    assert hidden(text) == {(n, "minimizing") for n in (2, 3, 4, 5)}


def test_disable_without_enable_runs_to_end_of_file() -> None:
    text = "one\n<!-- apologia-disable -->\nthree\nfour\n"
    got = hidden(text)
    assert (1, "blame-shift") not in got
    assert {(3, r) for r in RULES} <= got
    assert {(4, r) for r in RULES} <= got


def test_enable_one_rule_inside_disable_all() -> None:
    text = (
        "<!-- apologia-disable -->\n"  # 1
        "two\n"  # 2
        "<!-- apologia-enable step-order -->\n"  # 3
        "four\n"  # 4
        "<!-- apologia-enable -->\n"  # 5
        "six\n"  # 6
    )
    got = hidden(text)
    assert (2, "step-order") in got
    assert (4, "step-order") not in got
    assert (4, "blame-shift") in got
    assert not {p for p in got if p[0] == 6}


def test_enable_all_ends_a_rule_specific_disable() -> None:
    text = "<!-- apologia-disable blame-shift -->\nx\n<!-- apologia-enable -->\ny\n"
    assert hidden(text) == {(1, "blame-shift"), (2, "blame-shift"), (3, "blame-shift")}


def test_inline_range_hides_its_own_line() -> None:
    text = (
        "ok\n"
        "Sorry <!-- apologia-disable minimizing -->for any inconvenience"
        "<!-- apologia-enable minimizing -->.\n"
        "any inconvenience\n"
    )
    assert hidden(text) == {(2, "minimizing")}


def test_unknown_ids_are_kept_for_warnings_but_hide_only_themselves() -> None:
    text = "<!-- apologia-disable-next-line no-such-rule -->\nbad\n"
    assert hidden(text) == set()
    assert parse_suppressions(text).mentioned == ((1, "no-such-rule"),)


@pytest.mark.parametrize(
    "text",
    [
        "<!-- apologia-disabled -->\nbad\n",  # not a directive word
        "<!-- apologia-disable-next-lines -->\nbad\n",
        "<!-- not apologia-disable -->\nbad\n",
        "apologia-disable\nbad\n",  # not in a comment
    ],
)
def test_lookalikes_are_not_directives(text: str) -> None:
    assert hidden(text) == set()


def test_comment_may_span_lines_and_crlf() -> None:
    text = "<!--\n  apologia-disable-next-line\n  blame-shift\n-->\r\nbad\r\nfine\r\n"
    assert hidden(text) == {(5, "blame-shift")}


def _cpu(fn: Callable[[], object]) -> float:
    """Fastest CPU time of five runs with the collector off: a loaded machine or a
    collection landing in one run only ever adds time, never takes it away."""
    best = float("inf")
    enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(5):
            start = time.process_time()
            fn()
            best = min(best, time.process_time() - start)
    finally:
        if enabled:
            gc.enable()
    return best


@pytest.mark.slow
@pytest.mark.parametrize(
    "unit",
    [
        "<!-- apologia-disable " + " " * 50 + "\n",  # unterminated comments, long blanks
        "<!-- apologia-disable-next-line blame-shift -->\n",
    ],
)
def test_parse_is_linear_on_hostile_input(unit: str) -> None:
    # CPU time at n and 4n: linear is about 4, quadratic 16; never a number of seconds.
    small = unit * 5_000 + "bad\n"
    large = unit * 20_000 + "bad\n"
    assert _cpu(lambda: parse_suppressions(large)) < 9 * max(
        _cpu(lambda: parse_suppressions(small)), 1e-3
    )


def test_next_line_directive_still_applies_after_thousands_of_comments() -> None:
    many = "<!-- apologia-disable-next-line blame-shift -->\n" * 20_000 + "bad\n"
    s = parse_suppressions(many)
    assert s.hides(Problem(20_001, 1, 20_001, 2, "m", rule="blame-shift"))
    assert not s.hides(Problem(20_001, 1, 20_001, 2, "m", rule="minimizing"))


@pytest.mark.slow
def test_many_comments_on_one_line_are_linear() -> None:
    # Each comment names a new id: the state along the line grows with every comment.
    def run(n: int) -> None:
        line = "".join(f"<!-- apologia-disable rule{i} -->" for i in range(n)) + " bad\n"
        s = parse_suppressions(line + "next\n")
        for rule in RULES:
            assert not s.hides(Problem(1, 1, 1, 2, "m", rule=rule))
            assert not s.hides(Problem(2, 1, 2, 2, "m", rule=rule))
        assert s.hides(Problem(2, 1, 2, 2, "m", rule=f"rule{n - 1}"))

    assert _cpu(lambda: run(20_000)) < 9 * max(_cpu(lambda: run(5_000)), 1e-3)
