"""The job summary's tally keeps counts and a bounded list, whatever the number of files."""

from __future__ import annotations

from apologia.model import FileReport, Problem, Severity
from apologia.tally import WORST_FILES, Tally


def _report(i: int) -> FileReport:
    problems = tuple(
        Problem(1, 1, 1, 2, "m", rule="blame-shift", severity=Severity.ERROR)
        for _ in range(i % 7 + 1)
    )
    return FileReport(f"letters/{i:05d}.md", "en", problems=problems)


def test_worst_files_are_right_and_the_list_stays_bounded() -> None:
    tally = Tally()
    reports = [_report(i) for i in range(3000)]
    assert len(list(tally.count(reports))) == 3000
    assert len(tally.files) <= 2 * WORST_FILES
    worst = sorted(
        ((r.path, r.errors, r.warnings) for r in reports), key=lambda f: (-f[1] - f[2], f[0])
    )[:WORST_FILES]
    summary = tally.markdown()
    for path, _, _ in worst:
        assert path in summary
    assert tally.errors == sum(i % 7 + 1 for i in range(3000))
