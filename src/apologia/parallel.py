"""The process pool: lint a large batch on every core, reports in the order given."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterator

from apologia.config import Config
from apologia.errors import ApologiaError
from apologia.model import FileError, FileReport

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
    judging them. A worker that dies (killed, out of memory, crashed in C) breaks the
    pool: the batches not yet reported are judged again, each in a pool of its own, and
    a batch whose worker dies again is reported as the letters it held, unjudged.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    if multiprocessing.get_start_method() == "fork":
        from apologia.engine import preload

        preload(config)  # loaded once here, inherited by every worker
    work = batches(files, workers)
    done = 0
    try:
        with ProcessPoolExecutor(max_workers=workers, initializer=watch_parent) as pool:
            pending = deque(pool.submit(lint_many, b, lang, config, every_passage) for b in work)
            # In submission order, whichever worker finishes first; each future is dropped
            # once read, so the reports already written out are not kept to the end.
            while pending:
                reports = pending[0].result()
                pending.popleft()
                done += 1
                yield from reports
    except BrokenProcessPool:
        pass
    for batch in work[done:]:
        yield from _alone(batch, lang, config, every_passage)


def _alone(
    batch: list[str], lang: str | None, config: Config, every_passage: bool
) -> list[FileReport]:
    """One batch in a pool of its own: its reports, or each of its letters unjudged."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    try:
        with ProcessPoolExecutor(max_workers=1, initializer=watch_parent) as pool:
            return pool.submit(lint_many, batch, lang, config, every_passage).result()
    except BrokenProcessPool:
        others = len(batch) - 1
        held = f" (with {others} other letter{'s' if others != 1 else ''})" if others else ""
        return [
            FileReport(
                path,
                None,
                error=FileError.of(
                    ApologiaError(
                        f"the worker process judging this letter{held} died; "
                        "run with --jobs 1 to find which one",
                        path=path,
                    )
                ),
            )
            for path in batch
        ]


def watch_parent() -> None:
    """Worker start: end this process when the one that started it is gone.

    Killed with SIGKILL (or SIGTERM, which runs no clean-up), the parent never tells
    its workers to stop, and they would wait on the task queue for ever.
    """
    import threading
    import time

    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="apologia-watch-parent", daemon=True).start()


def lint_many(
    files: list[str], lang: str | None, config: Config, every_passage: bool
) -> list[FileReport]:
    """Worker side: lint one batch in a child process."""
    from apologia.engine import for_report

    reports = [judge_one(f, lang, config) for f in files]
    return reports if every_passage else [for_report(r) for r in reports]


def judge_one(path: str, lang: str | None, config: Config) -> FileReport:
    """One letter's report; a fault of ours on one letter is reported on that letter
    (exit 2) while the others of the batch are still judged."""
    from apologia.engine import lint_path

    try:
        return lint_path(path, lang=lang, config=config)
    except Exception as exc:  # reported on the letter (exit 2), not swallowed
        error = ApologiaError(
            f"could not be judged ({type(exc).__name__}: {exc}); please report this",
            path=path,
        )
        return FileReport(path, None, error=FileError.of(error))
