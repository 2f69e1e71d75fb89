"""Exclusion globs come from a pull request (`exclude` in the config, `.gitignore`):
matching them takes time linear in the pattern, never exponential in its `**` segments.

Behaviour, not speed: CPU time at one pattern length and twice it, a ratio with a
generous bound (linear is 2; a backtracking matcher is hundreds here), never seconds.
"""

from __future__ import annotations

import time
from pathlib import Path

from apologia.walk import Exclusions

DEEP = Path("/".join(["d"] * 40) + "/letter.md")


def cpu(pairs: int, tmp_path: Path) -> float:
    # `a/*/**/*/**/.../zz`: each `*/**` pair is a segment and "any folders", which a
    # regular-expression matcher that backtracks tries in every combination.
    glob = "d/" + "/".join(["*", "**"] * pairs) + "/zz"
    rules = Exclusions(tmp_path, [glob], defaults=False)
    path = tmp_path / DEEP
    start = time.process_time()
    for _ in range(300):
        assert rules.why(path, is_dir=False) is None
    return time.process_time() - start


def test_many_double_star_segments_match_in_linear_time(tmp_path: Path) -> None:
    cpu(3, tmp_path)  # warm up: imports, compiled patterns
    short, long = cpu(3, tmp_path), cpu(6, tmp_path)
    assert long < 20 * max(short, 0.005), (short, long)
