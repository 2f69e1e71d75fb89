#!/usr/bin/env python3
"""Time `apologia lint` against proselint and bare Python, side by side in one run.

    pip install -e '.[bench]'            # proselint, a benchmark-only extra
    python benchmarks/speed.py           # 1000/2000/10000 generated letters, 5 pairs each
    python benchmarks/speed.py --quick   # 300 letters, 3 pairs, no 10 000-letter run

Each measure runs its two commands alternately (A B A B ...) after one untimed warm-up
of each, so both sides see the same machine load; a row reports the median of each side
and the median and spread (min-max) of the per-pair ratios A/B. Wall time is measured
around the process; peak memory is the largest resident set of the process tree (the
process pool's workers included), from `wait4`. Letters come from `letters.py`.
Nothing is asserted: the targets are printed next to the ratios.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from letters import generate

Cmd = Sequence[str]


@dataclass
class Row:
    name: str
    a: list[float]
    b: list[float]
    target: float
    unit: str = "s"

    @property
    def ratios(self) -> list[float]:
        return [x / y for x, y in zip(self.a, self.b, strict=True)]


def tool(name: str) -> str | None:
    """A console script next to this interpreter (the project's venv), else on PATH."""
    here = Path(sys.executable).parent / name
    return str(here) if here.exists() else shutil.which(name)


def run(cmd: Cmd) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB of the process tree) of one run, output discarded."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):  # 1: problems found, for both linters
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err.decode()[-2000:]}")
    return wall, usage.ru_maxrss / 1024  # Linux: kilobytes


def pairs(name: str, a: Cmd, b: Cmd, n: int, target: float, *, memory: bool = False) -> Row:
    run(a), run(b)  # warm-up: page cache, .pyc files
    row = Row(name, [], [], target, "MB" if memory else "s")
    for _ in range(n):
        for cmd, out in ((a, row.a), (b, row.b)):
            wall, rss = run(cmd)
            out.append(rss if memory else wall)
        print(f"  {name}: {row.a[-1]:.3g} vs {row.b[-1]:.3g}", file=sys.stderr)
    return row


def table(rows: list[Row]) -> str:
    head = (
        f"{'measure':<44} {'A median':>9} {'B median':>9} {'A/B':>6} {'spread':>12} {'target':>7}"
    )
    lines = [head, "-" * len(head)]
    for r in rows:
        ratio = statistics.median(r.ratios)
        spread = f"{min(r.ratios):.2f}-{max(r.ratios):.2f}"
        ok = "ok" if ratio <= r.target else "MISS"
        lines.append(
            f"{r.name:<44} {statistics.median(r.a):>8.3g}{r.unit[0]} "
            f"{statistics.median(r.b):>8.3g}{r.unit[0]} {ratio:>6.2f} {spread:>12} "
            f"{'≤' + format(r.target, 'g'):>6} {ok}"
        )
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--letters", type=int, default=1000, help="size of the base letter set")
    ap.add_argument("--big", type=int, default=10000, help="letters for the memory row (0: skip)")
    ap.add_argument("--repeat", type=int, default=5, help="A/B pairs per measure")
    ap.add_argument("--memory-repeat", type=int, default=2, help="A/B pairs for the memory row")
    ap.add_argument("--quick", action="store_true", help="300 letters, 3 pairs, no memory row")
    ap.add_argument("--jobs", type=int, default=None, help="pass --jobs N to apologia")
    args = ap.parse_args()
    if args.quick:
        args.letters, args.repeat, args.big = 300, 3, 0
    apologia = tool("apologia")
    proselint = tool("proselint")
    if apologia is None:
        sys.exit("apologia is not installed: pip install -e .")
    # Time the package as a wheel install leaves it, with bytecode: an editable checkout
    # run under PYTHONDONTWRITEBYTECODE would compile every module from source each run.
    subprocess.run(
        [
            sys.executable,
            "-m",
            "compileall",
            "-q",
            str(Path(__file__).resolve().parent.parent / "src"),
        ],
        check=False,
        stdout=subprocess.DEVNULL,
    )
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    lint = [apologia, "lint", "--format", "json", *jobs]
    n, rep = args.letters, args.repeat
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="apologia-bench-") as tmp:
        base, double = Path(tmp, f"l{n}"), Path(tmp, f"l{2 * n}")
        generate(base, n)
        generate(double, 2 * n)
        one = str(next(p for p in sorted(base.iterdir()) if p.name.endswith("-en.md")))
        if proselint is None:
            print("proselint missing (pip install -e '.[bench]'): rows skipped", file=sys.stderr)
        else:
            rows.append(
                pairs(
                    f"lint --format json, {n} letters / proselint",
                    [*lint, str(base)],
                    [proselint, "check", str(base)],
                    rep,
                    0.33,
                )
            )
            rows.append(
                pairs(
                    "lint FILE / proselint check FILE",
                    [apologia, "lint", one],
                    [proselint, "check", one],
                    rep,
                    1.0,
                )
            )
        rows.append(
            pairs(
                "apologia --version / python -c pass",
                [apologia, "--version"],
                [sys.executable, "-c", "pass"],
                rep,
                7.0,
            )
        )
        rows.append(
            pairs(
                f"lint {2 * n} letters / {n} letters",
                [*lint, str(double)],
                [*lint, str(base)],
                rep,
                2.3,
            )
        )
        shutil.rmtree(double)
        if args.big:
            big = Path(tmp, f"l{args.big}")
            generate(big, args.big)
            rows.append(
                pairs(
                    f"peak RSS, {args.big} letters / {n} letters",
                    [*lint, str(big)],
                    [*lint, str(base)],
                    args.memory_repeat,
                    1.5,
                    memory=True,
                )
            )
    print(f"apologia benchmark: {os.cpu_count()} cores, {args.repeat} pairs per row (A B A B)")
    print(table(rows))


if __name__ == "__main__":
    main()
