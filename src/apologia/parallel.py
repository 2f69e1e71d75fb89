"""The process pool: lint a large batch on every core, reports in the order given."""

from __future__ import annotations

from collections.abc import Iterator

from apologia.config import Config
from apologia.model import FileReport

# Letters judged in this process before the pool starts. Their reports are out at once,
# and the regexes they compile (most of the ones any letter needs) are inherited by the
# forked workers instead of compiled again in each.
WARM_UP = 24
BATCH_MAX = 64


def lint_parallel(
    files: list[str], lang: str | None, config: Config, workers: int, *, every_passage: bool
) -> Iterator[FileReport]:
    """Reports of `files` in their order, as a serial run gives them.

    The workers' reports are trimmed to what an output needs (`engine.for_report`)
    unless `every_passage`: passing whole letters between processes costs more than
    judging them.
    """
    from concurrent.futures import ProcessPoolExecutor

    from apologia.engine import lint_path

    for f in files[:WARM_UP]:
        yield lint_path(f, lang=lang, config=config)
    rest = files[WARM_UP:]
    if not rest:
        return
    # Batches amortise the hand-over; several per worker keep all busy to the end, and a
    # cap keeps what a worker holds (a batch of parsed letters) the same for any total.
    chunk = min(BATCH_MAX, max(8, len(rest) // (workers * 4)))
    batches = [rest[i : i + chunk] for i in range(0, len(rest), chunk)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        # map() hands results back in submission order, whichever worker finishes first.
        n = len(batches)
        for reports in pool.map(lint_many, batches, [lang] * n, [config] * n, [every_passage] * n):
            yield from reports


def lint_many(
    files: list[str], lang: str | None, config: Config, every_passage: bool
) -> list[FileReport]:
    """Worker side: lint one batch in a child process."""
    from apologia.engine import for_report, lint_path

    reports = [lint_path(f, lang=lang, config=config) for f in files]
    return reports if every_passage else [for_report(r) for r in reports]
