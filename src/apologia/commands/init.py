"""`apologia init`: write a commented starter incident file that `draft` accepts as is.

The file's first line points editors at the schema (`# yaml-language-server: $schema=...`);
its comments say how to create that schema with `apologia schema > incident.schema.json`.
An existing file is never overwritten.
"""

from __future__ import annotations

import sys
from pathlib import Path

from apologia.errors import ApologiaError
from apologia.languages import LANGS, listing

SCHEMA_LINE = "# yaml-language-server: $schema="


def starter(lang: str) -> str:
    """The shipped starter incident for one language."""
    from apologia.render import shipped_templates

    return (shipped_templates() / lang / "incident.yaml").read_text("utf-8")


def run(path: Path | None, lang: str) -> int:
    from apologia.files import atomic_write

    lang = lang.strip().lower()
    if lang not in LANGS:
        raise ApologiaError(f"unsupported language {lang!r}; use {listing()}", field="--lang")
    target = path if path is not None else Path("incident.yaml")
    if target.exists() or target.is_symlink():
        raise ApologiaError(
            "file exists; init never overwrites, choose another name", path=str(target)
        )
    text = starter(lang)
    atomic_write(target, text.encode("utf-8"), force=False)
    print(
        f"apologia: wrote {target}; fill in the names and facts, then run apologia draft {target}",
        file=sys.stderr,
    )
    schema = schema_path(text, target)
    if schema is not None and not schema.exists():
        # The first line points editors at a schema file that is not there yet.
        print(
            f"apologia: for completion in editors, run: apologia schema > {schema}", file=sys.stderr
        )
    return 0


def schema_path(text: str, target: Path) -> Path | None:
    """The schema file named by the starter's yaml-language-server line, beside `target`."""
    first = text.partition("\n")[0]
    _, marker, where = first.partition(SCHEMA_LINE)
    if not marker or "://" in where:
        return None
    return target.parent / where.strip()
