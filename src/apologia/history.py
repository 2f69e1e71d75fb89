"""A customer's incidents across the repository: repeat failures are found, not typed.

The incident files of a repository (by default every `*.yaml`/`*.yml` under its root
that is an apologia incident; the config's `incidents:` globs narrow it) are searched
for those of one `customer.id`. `apologia draft` warns about earlier ones that
`prior_incidents` does not list and gives the repeat paragraph the dates and titles of
those it does; `apologia history CUSTOMER_ID` lists them. Hidden, vendored and
`.gitignore`d folders are skipped, as `apologia lint` skips them. A file is parsed only
when its bytes name the customer id, so the search costs one read per file.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from apologia.errors import ApologiaError

if TYPE_CHECKING:
    from apologia.config import Config
    from apologia.incident import Loaded

DEFAULT_GLOBS = ("**/*.yaml", "**/*.yml")
MAX_FILES = 20_000  # a repository with more YAML files than this is searched no further


@dataclass(frozen=True, slots=True)
class Record:
    """One incident of a customer, as `history` lists it."""

    path: str
    id: str
    date: date | None  # when it occurred (else when it was detected)
    severity: str
    title: str | dict[str, str] | None
    prior: tuple[str, ...]

    def title_in(self, lang: str) -> str | None:
        if self.title is None or isinstance(self.title, str):
            return self.title
        return self.title.get(lang) or next(iter(self.title.values()), None)


def repo_root(start: Path) -> Path:
    """The repository around `start` (the folder holding `.git`), else `start`'s folder."""
    folder = start.resolve()
    if folder.is_file():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return folder


def incident_files(root: Path, globs: Sequence[str]) -> Iterator[Path]:
    """Files under `root` matching `globs` (gitignore syntax), skipping what lint skips."""
    from pathspec import GitIgnoreSpec

    from apologia.walk import SKIP_DIRS, GitIgnores

    spec = GitIgnoreSpec.from_lines(globs or DEFAULT_GLOBS)
    ignores = GitIgnores()
    seen = 0
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not d.startswith(".")
            and d not in SKIP_DIRS
            and ignores.why(Path(dirpath, d), is_dir=True) is None
        )
        for name in sorted(filenames):
            path = Path(dirpath, name)
            rel = path.relative_to(root).as_posix()
            if path.is_symlink() or not spec.match_file(rel):
                continue
            seen += 1
            if seen > MAX_FILES:
                return
            yield path


def find(
    customer_id: str, root: Path, globs: Sequence[str] = (), max_bytes: int = 1024 * 1024
) -> tuple[list[Record], list[str]]:
    """The incidents of `customer_id` under `root`, oldest first (undated last), and a
    warning line for each incident file of that customer that could not be read."""
    from apologia.files import read_bytes
    from apologia.incident import loads

    needle = customer_id.encode("utf-8")
    found: list[Record] = []
    broken: list[str] = []
    for path in incident_files(root, globs):
        try:
            data = read_bytes(str(path), max_bytes=max_bytes)
        except ApologiaError:
            continue
        if needle not in data or b"apologia:" not in data:
            continue  # not this customer's incident: no YAML parsed
        shown = os.path.relpath(path)
        try:
            loaded = loads(data.decode("utf-8"), shown)
        except UnicodeDecodeError:
            continue
        except ApologiaError as exc:
            if b"incident:" in data and b"customer:" in data:
                lines = str(exc).splitlines()
                more = f" (and {len(lines) - 1} more)" if len(lines) > 1 else ""
                broken.append(f"{lines[0]}{more}; not counted in the customer's history")
            continue
        inc = loaded.incident
        if inc.customer.id != customer_id:
            continue
        info = inc.incident
        title = info.title if isinstance(info.title, (str, dict)) else None
        found.append(
            Record(
                path=shown,
                id=info.id,
                date=info.occurred or info.detected,
                severity=info.severity,
                title=dict(title) if isinstance(title, dict) else title,
                prior=tuple(info.prior_ids),
            )
        )
    found.sort(key=lambda r: (r.date is None, r.date or date.min, r.id))
    return found, broken


def earlier(records: Sequence[Record], incident_id: str, when: date | None) -> list[Record]:
    """The other incidents that happened before `when` (all others when it is unknown)."""
    return [
        r
        for r in records
        if r.id != incident_id and (when is None or (r.date is not None and r.date < when))
    ]


def describe(record: Record, lang: str = "en") -> str:
    """`INC-3 (2024-03-03, Missed delivery)` for messages."""
    details = [d for d in (str(record.date) if record.date else None, record.title_in(lang)) if d]
    return f"{record.id} ({', '.join(details)})" if details else record.id


@dataclass(frozen=True, slots=True)
class Repeat:
    """What the draft of one incident learns from the customer's other incidents."""

    prior: tuple[Record, ...]  # the listed prior incidents, found or not (then id only)
    unlisted: tuple[Record, ...]  # earlier incidents that prior_incidents does not list


def for_incident(loaded: Loaded, config: Config) -> Repeat:
    """The customer's history as it bears on this incident (nothing without customer.id)."""
    inc = loaded.incident
    listed = tuple(inc.incident.prior_ids)
    customer = inc.customer.id
    if not customer or loaded.path.startswith("<"):
        return Repeat(tuple(_bare(i) for i in listed), ())
    root = Path(config.root) if config.source and config.root else repo_root(Path(loaded.path))
    records, _ = find(customer, root, config.incidents, config.max_file_size)
    by_id = {r.id: r for r in records}
    prior = tuple(by_id.get(i) or _bare(i) for i in listed)
    when = inc.incident.occurred or inc.incident.detected
    unlisted = tuple(r for r in earlier(records, inc.incident.id, when) if r.id not in listed)
    return Repeat(prior, unlisted)


def _bare(incident_id: str) -> Record:
    return Record("", incident_id, None, "", None, ())
