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

from apologia.config import Config
from apologia.errors import ApologiaError


def _letters_of(folder: Path, lang: str, ident: str) -> list[Path]:
    from apologia.render import FORMATS

    return [p for ext in FORMATS if (p := folder / f"{ident}.{lang}.{ext}").exists()]


def _check_one(
    incident: Path,
    letters: Path | None,
    config: Config,
    templates: Path | None,
    allow_missing: bool,
) -> tuple[int, int]:
    """(exit code, letters checked) for one incident file, loaded once."""
    from apologia.commands.draft import check_stale, print_refusals
    from apologia.gate import draft
    from apologia.incident import load

    loaded = load(incident, max_bytes=config.max_file_size)
    ident = loaded.incident.incident.id
    folder = letters if letters is not None else incident.parent
    status, checked = 0, 0
    for lang in loaded.incident.langs:
        found = _letters_of(folder, lang, ident)
        if not found and not allow_missing:
            expected = folder / f"{ident}.{lang}.md"
            print(
                f"apologia: {incident}: no {lang} letter ({expected}); draft it with: "
                f"apologia draft {shlex.quote(str(incident))} --lang {lang} "
                f"--out-dir {shlex.quote(str(folder))}",
                file=sys.stderr,
            )
            status = 1
        for letter in found:
            drafts = draft(loaded, [lang], letter.suffix.lstrip("."), config, templates)
            if drafts.refusals:
                print_refusals(drafts.refusals)
                print("apologia: nothing was written", file=sys.stderr)
                code = 1
            else:
                code = check_stale(letter, drafts.letters[0].text, config.max_file_size)
            status, checked = max(status, code), checked + 1
    return status, checked


def run(
    incidents: list[Path], letters: Path | None, templates: Path | None, allow_missing: bool
) -> int:
    from apologia.config import load as load_config
    from apologia.gate import templates_for

    if not incidents:
        raise ApologiaError("no incident files given")
    if letters is not None and not letters.is_dir():
        raise ApologiaError("no such folder", path=str(letters), field="--letters")
    config = load_config()
    templates = templates_for(config, templates)
    status, checked = 0, 0
    for incident in incidents:
        try:
            code, count = _check_one(incident, letters, config, templates, allow_missing)
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
