"""The rule registry: id -> rule module (docstring, ID, SEVERITY, SUMMARY, check)."""

from __future__ import annotations

from types import ModuleType

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

_MODULES: tuple[ModuleType, ...] = (
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

REGISTRY: dict[str, ModuleType] = {m.ID: m for m in _MODULES}


def rationale(module: ModuleType) -> str:
    return (module.__doc__ or "").strip()
