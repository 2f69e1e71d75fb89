"""The rule registry: id -> rule. Each module of this package is one rule (`Rule`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from apologia.model import Letter, Problem, Severity
from apologia.rules import (
    blame_shift,
    compensation_required,
    minimizing,
    missing_step,
    mixed_register,
    non_apology,
    passive_responsibility,
    regret_before_remedy,
    repeat_not_acknowledged,
    ro_cedilla,
    step_order,
)


class Rule(Protocol):
    """What a rule provides: its docstring is the rationale (`apologia explain`)."""

    ID: str
    SEVERITY: Severity  # the default; a config may change it or turn the rule off
    FIXABLE: bool  # its problems carry edits that `lint --fix` applies
    SUMMARY: str  # one line, for `apologia rules` and SARIF
    EXAMPLES: dict[str, dict[str, str]]  # lang -> {"bad": ..., "good": ...}

    def check(self, letter: Letter) -> Iterator[Problem]:
        """The letter's problems; the engine stamps the rule id and severity."""
        ...


_RULES: tuple[Rule, ...] = (
    regret_before_remedy,
    blame_shift,
    missing_step,
    step_order,
    non_apology,
    minimizing,
    passive_responsibility,
    compensation_required,
    repeat_not_acknowledged,
    mixed_register,
    ro_cedilla,
)

REGISTRY: dict[str, Rule] = {rule.ID: rule for rule in _RULES}


def rationale(rule: Rule) -> str:
    return (rule.__doc__ or "").strip()
