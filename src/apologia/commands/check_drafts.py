"""`apologia check-drafts INCIDENT...`: are the letters rendered from these incidents fresh?

For each incident file, and each of its languages, the letters named as `draft --out-dir`
names them, `<incident.id>.<lang>.<ext>` (ext: md, txt, html, eml), are looked for in
`--letters DIR`, else beside the incident file. Each one found is compared with what
the incident renders now, as `apologia draft INCIDENT --check LETTER` does: a stale
letter prints a unified diff on stdout. A language with no letter at all is missing,
which fails too (the letter was never drafted) unless `--allow-missing` is given.

Made for pre-commit, which passes the incident files that changed. Exit codes: 0 every
letter fresh; 1 a letter stale, missing or refused by the lint gate; 2 an incident file
could not be judged (the other files are still checked).
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from apologia.errors import ApologiaError


def _check_one(
    incident: Path, letters: Path | None, templates: Path | None, allow_missing: bool
) -> tuple[int, int]:
    """(exit code, letters checked) for one incident file."""
    from apologia.commands import draft
    from apologia.incident import load
    from apologia.render import FORMATS

    inc = load(incident).incident
    folder = letters if letters is not None else incident.parent
    status, checked = 0, 0
    for lang in inc.langs:
        found = [p for ext in FORMATS if (p := folder / f"{inc.incident.id}.{lang}.{ext}").exists()]
        if not found:
            if not allow_missing:
                expected = folder / f"{inc.incident.id}.{lang}.md"
                print(
                    f"apologia: {incident}: no {lang} letter ({expected}); draft it with: "
                    f"apologia draft {shlex.quote(str(incident))} --lang {lang} "
                    f"--out-dir {shlex.quote(str(folder))}",
                    file=sys.stderr,
                )
                status = 1
            continue
        for letter in found:
            code = draft.run(
                incident=incident,
                lang=lang,
                fmt=letter.suffix.lstrip("."),
                output=None,
                out_dir=None,
                force=False,
                templates=templates,
                check=letter,
                open_=False,
            )
            status, checked = max(status, code), checked + 1
    return status, checked


def run(
    incidents: list[Path], letters: Path | None, templates: Path | None, allow_missing: bool
) -> int:
    if not incidents:
        raise ApologiaError("no incident files given")
    if letters is not None and not letters.is_dir():
        raise ApologiaError("no such folder", path=str(letters), field="--letters")
    status, checked = 0, 0
    for incident in incidents:
        try:
            code, count = _check_one(incident, letters, templates, allow_missing)
        except ApologiaError as exc:
            # One broken incident file must not hide the state of the others.
            print(f"apologia: {exc}", file=sys.stderr)
            code, count = 2, 0
        status, checked = max(status, code), checked + count
    if status == 0:
        print(
            f"apologia: {checked} letter{'s' if checked != 1 else ''} up to date", file=sys.stderr
        )
    return status
