"""A baseline of known problems, for adopting apologia on a repository full of letters.

`lint --write-baseline FILE` records today's problems; `lint --baseline FILE` reports
only the others. A problem is matched by its file, its rule and a hash of the passage it
points at (whitespace folded), not by its line: an edit elsewhere in the letter keeps it
matched, an edit of the passage itself makes it new. Each entry counts how many such
problems it stands for. Entries that no longer match any problem are "stale" and listed,
so the baseline can be pruned by writing it again. Paths are stored relative to the
baseline file's folder, so the file works from any working directory.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from apologia.errors import ApologiaError
from apologia.model import FileReport, Problem

VERSION = 1
MAX_BASELINE_BYTES = 50 * 1024 * 1024

Key = tuple[str, str, str]  # path, rule, passage hash


def passage_hash(report: FileReport, p: Problem) -> str:
    """The hash of the text a problem points at (its rule's span, whitespace folded)."""
    letter = report.letter
    text = p.message
    if letter is not None and letter.line_starts:
        starts = letter.line_starts
        if p.line - 1 < len(starts) and p.end_line - 1 < len(starts):
            a = starts[p.line - 1] + p.column - 1
            b = starts[p.end_line - 1] + p.end_column - 1
            text = letter.raw[a:b] if b > a else p.message
    folded = " ".join(text.split())
    return hashlib.sha256(f"{p.rule}\0{folded}".encode()).hexdigest()[:16]


class Baseline:
    """Problems to leave out of the report, by (path, rule, passage hash), with counts."""

    def __init__(self, folder: Path, counts: Counter[Key], source: str) -> None:
        self.folder = folder
        self.left = counts  # what is still to be matched
        self.source = source
        self.seen: set[str] = set()  # files judged in this run

    @classmethod
    def load(cls, path: Path) -> Baseline:
        from apologia.files import read_letter

        shown = str(path)
        try:
            doc = json.loads(read_letter(shown, max_bytes=MAX_BASELINE_BYTES) or "{}")
        except json.JSONDecodeError as exc:
            raise ApologiaError(
                f"not a baseline (JSON): {exc.msg}", path=shown, line=exc.lineno
            ) from None
        entries = doc.get("entries") if isinstance(doc, dict) else None
        if not isinstance(entries, list) or doc.get("version") != VERSION:
            raise ApologiaError(
                f"not an apologia baseline (version {VERSION}); write one with --write-baseline",
                path=shown,
            )
        counts: Counter[Key] = Counter()
        for i, e in enumerate(entries):
            try:
                key = (str(e["path"]), str(e["rule"]), str(e["hash"]))
                counts[key] += int(e.get("count", 1))
            except (KeyError, TypeError, ValueError):
                raise ApologiaError(
                    f"entry {i + 1} needs path, rule and hash", path=shown, field="entries"
                ) from None
        return cls(path.resolve().parent, counts, shown)

    def key(self, report: FileReport, p: Problem) -> Key:
        return (relative(report.path, self.folder), p.rule, passage_hash(report, p))

    def filter(self, reports: Iterable[FileReport]) -> Iterator[FileReport]:
        """Each report without the problems the baseline still accounts for."""
        for report in reports:
            self.seen.add(relative(report.path, self.folder))
            if not report.problems:
                yield report
                continue
            kept: list[Problem] = []
            for p in report.problems:
                k = self.key(report, p)
                if self.left[k] > 0:
                    self.left[k] -= 1
                else:
                    kept.append(p)
            yield (
                report
                if len(kept) == len(report.problems)
                else report._replace(problems=tuple(kept))
            )

    def stale(self) -> list[Key]:
        """Entries of the files judged in this run that matched no problem (sorted, one
        per missing count); files not linted this time say nothing about their entries."""
        return sorted(
            k for k, n in self.left.items() if k[0] in self.seen for _ in range(max(n, 0))
        )


class Recorder:
    """Collects the problems streaming past into a baseline file's entries."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.folder = path.resolve().parent
        self.counts: Counter[Key] = Counter()
        self.first: dict[Key, tuple[int, str]] = {}

    def watch(self, reports: Iterable[FileReport]) -> Iterator[FileReport]:
        for report in reports:
            for p in report.problems:
                k = (relative(report.path, self.folder), p.rule, passage_hash(report, p))
                self.counts[k] += 1
                self.first.setdefault(k, (p.line, p.message))
            yield report

    def save(self) -> int:
        """Write the baseline atomically; returns the number of problems recorded."""
        from apologia.files import atomic_write

        entries = [
            {
                "path": k[0],
                "rule": k[1],
                "hash": k[2],
                "count": n,
                # for people reading the file; matching uses path, rule and hash only
                "line": self.first[k][0],
                "message": self.first[k][1],
            }
            for k, n in sorted(self.counts.items())
        ]
        doc = {"tool": "apologia", "version": VERSION, "entries": entries}
        data = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
        atomic_write(self.path, data.encode("utf-8"), force=True)
        return sum(self.counts.values())


def relative(path: str, folder: Path) -> str:
    """`path` relative to `folder`, with `/`."""
    if path == "-":
        return path
    rel = os.path.relpath(os.path.abspath(path), folder)
    return rel.replace(os.sep, "/")
