"""The process pool and streaming output: same reports, same order, as the serial run."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from apologia.commands.lint import PARALLEL_THRESHOLD
from apologia.engine import lint_text
from apologia.formatters import Options, get
from apologia.formatters.json import _file
from apologia.model import FileError, FileReport, Report
from apologia.parallel import BATCH_MAX, BATCH_MIN, batches
from conftest import generate

COUNT = PARALLEL_THRESHOLD + 20  # enough for the pool to get several batches


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A mixed en/es/ro folder of letters, one of them unreadable front matter."""
    folder = tmp_path_factory.mktemp("batch")
    generate(folder, COUNT, seed=11)
    (folder / "00030-broken.md").write_text("---\nlang: [\n---\nWe are sorry.\n")
    return folder


def lint(apologia_exe: str, folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [apologia_exe, "lint", *args, str(folder)],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", "APOLOGIA_CACHE_DIR": str(folder.parent / "cache")},
        cwd=folder,
    )


@pytest.mark.parametrize(
    "options",
    [
        ["--format", "json"],
        ["--format", "text"],
        ["--format", "text", "--show-steps"],  # every passage, not only those with steps
        ["--format", "sarif"],
        ["--format", "github"],
    ],
)
def test_parallel_output_is_the_serial_output(
    apologia_exe: str, batch: Path, options: list[str]
) -> None:
    serial = lint(apologia_exe, batch, *options, "--jobs", "1")
    pooled = lint(apologia_exe, batch, *options, "--jobs", "2")
    assert serial.returncode == 2  # the broken letter
    assert (pooled.returncode, pooled.stdout, pooled.stderr) == (
        serial.returncode,
        serial.stdout,
        serial.stderr,
    )


def test_reports_come_in_the_order_of_the_files(apologia_exe: str, batch: Path) -> None:
    run = lint(apologia_exe, batch, "--format", "json", "--jobs", "2")
    paths = [Path(f["path"]).name for f in json.loads(run.stdout)["files"]]
    assert paths == sorted(p.name for p in batch.iterdir())
    assert len(paths) == COUNT + 1
    assert run.stderr.count("apologia: ") == 1  # the broken letter, told once


def test_jobs_must_be_positive(apologia_exe: str, batch: Path) -> None:
    assert lint(apologia_exe, batch, "--jobs", "0").returncode == 2


LETTERS = [
    "Dear Ana,\n\nWe have refunded your order. Our courier lost it. We are sorry.\n",
    "Estimada Ana:\n\nLe hemos devuelto el dinero. Fue culpa nuestra. Lo sentimos.\n",
    "Stimată doamnă,\n\nV-am returnat banii. A fost greșeala noastră. Ne pare rău.\n",
]


def reports() -> list[FileReport]:
    judged = [lint_text(text, path=f"{k}.md") for k, text in enumerate(LETTERS)]
    return [*judged, FileReport("gone.md", None, error=FileError("cannot read", path="gone.md"))]


def test_json_stream_is_the_whole_document() -> None:
    files = reports()
    report = Report(tuple(files), "9.9")
    doc = {
        "tool": {"name": "apologia", "version": "9.9"},
        "files": [_file(f) for f in files],
        "summary": {"files": 4, "errors": report.errors, "warnings": report.warnings},
    }
    expected = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    assert "".join(get("json").stream(iter(files), "9.9")) == expected
    empty = get("json").render(Report((), "9.9"))
    assert json.loads(empty) == {
        "tool": {"name": "apologia", "version": "9.9"},
        "files": [],
        "summary": {"files": 0, "errors": 0, "warnings": 0},
    }


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_each_file_is_printed_before_the_next_is_judged(fmt: str) -> None:
    judged: list[str] = []

    def judge() -> Iterator[FileReport]:
        for report in reports():
            judged.append(report.path)
            yield report

    seen = ""
    for piece in get(fmt).stream(judge(), "9.9"):
        seen += piece
        # Every file judged so far is printed already: none is held back for later.
        assert all(path in seen for path in judged), (judged, seen)
    assert judged == ["0.md", "1.md", "2.md", "gone.md"]


@pytest.mark.parametrize("fmt", ["json", "text", "sarif", "github"])
def test_stream_and_render_agree(fmt: str) -> None:
    files = reports()
    formatter = get(fmt, Options(cwd="/"))
    streamed = "".join(formatter.stream(iter(files), "9.9"))
    assert streamed == formatter.render(Report(tuple(files), "9.9"))


@pytest.mark.parametrize(("count", "workers"), [(1, 2), (48, 2), (1000, 2), (10_000, 8)])
def test_batches_cover_the_files_in_order_small_first_and_last(count: int, workers: int) -> None:
    files = [f"{i}.md" for i in range(count)]
    cut = batches(files, workers)
    assert [f for batch in cut for f in batch] == files
    sizes = [len(batch) for batch in cut]
    assert sizes[0] == min(BATCH_MIN, count)  # output starts after a small batch
    assert all(size <= BATCH_MAX for size in sizes)
    assert all(size >= BATCH_MIN for size in sizes[:-1])
    if count > 10 * BATCH_MAX:
        # Large batches in the middle, shrinking toward the end: workers finish together.
        assert max(sizes) == BATCH_MAX
        assert sizes[-4:] == sorted(sizes[-4:], reverse=True)
        assert sizes[-2] < BATCH_MAX // 2
