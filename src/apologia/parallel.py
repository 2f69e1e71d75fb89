"""The process pool: lint a large batch on every core, reports in the order given."""

from __future__ import annotations

from collections.abc import Iterator

from apologia.config import Config
from apologia.model import FileReport

# Batch sizes: large enough to amortise the hand-over, capped so that what a worker holds
# (a batch of parsed letters) stays the same for any number of letters.
BATCH_MIN = 8
BATCH_MAX = 64


def batches(files: list[str], workers: int) -> list[list[str]]:
    """`files` cut into batches for `workers`, in order: guided self-scheduling.

    Each batch takes a share of what remains, so batches shrink toward the end and the
    workers finish together instead of one waiting on another's last large batch; the
    first is small, so that output starts at once.
    """
    out: list[list[str]] = []
    i = 0
    while i < len(files):
        share = -(-(len(files) - i) // (2 * workers))  # ceiling division
        size = BATCH_MIN if not out else max(BATCH_MIN, min(BATCH_MAX, share))
        out.append(files[i : i + size])
        i += size
    return out


def lint_parallel(
    files: list[str], lang: str | None, config: Config, workers: int, *, every_passage: bool
) -> Iterator[FileReport]:
    """Reports of `files` in their order, as a serial run gives them.

    The workers' reports are trimmed to what an output needs (`engine.for_report`)
    unless `every_passage`: passing whole letters between processes costs more than
    judging them.
    """
    from concurrent.futures import ProcessPoolExecutor

    # No letter is judged here first: each worker loads the lexicons it needs (a few
    # milliseconds from the cache), and the pool starts at once.
    work = batches(files, workers)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        # map() hands results back in submission order, whichever worker finishes first.
        n = len(work)
        for reports in pool.map(lint_many, work, [lang] * n, [config] * n, [every_passage] * n):
            yield from reports


def lint_many(
    files: list[str], lang: str | None, config: Config, every_passage: bool
) -> list[FileReport]:
    """Worker side: lint one batch in a child process."""
    from apologia.engine import for_report, lint_path

    reports = [lint_path(f, lang=lang, config=config) for f in files]
    return reports if every_passage else [for_report(r) for r in reports]
