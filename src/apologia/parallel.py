"""Worker side of the process pool: lint a batch of files in a child process."""

from __future__ import annotations

from apologia.config import Config
from apologia.model import FileReport


def lint_many(files: list[str], lang: str | None, config: Config) -> list[FileReport]:
    from apologia.engine import lint_path

    return [lint_path(f, lang=lang, config=config) for f in files]
