"""Configuration: find, parse, validate and merge `.apologia.yaml` / `[tool.apologia]`."""

from __future__ import annotations

from dataclasses import dataclass, field

from apologia.model import Severity


@dataclass(frozen=True)
class Config:
    # rule id -> severity; None means the rule is off. Missing ids use the rule default.
    severities: dict[str, Severity | None] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    templates: str | None = None
    # lang -> cell (step or fault name) -> extra patterns
    lexicon: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    source: str | None = None  # the file this came from, for messages
    root: str | None = None  # folder that `exclude` globs are relative to

    def severity(self, rule_id: str, default: Severity) -> Severity | None:
        return self.severities.get(rule_id, default)
