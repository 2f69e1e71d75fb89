"""Draft-gate policies about the incident's own words (issue 15).

- A cause outside the company's control may be named in `explanation.root_cause` when
  the same text owns the company's part ("the storm closed the road, and we had no
  second kitchen ready"); "due to the storm, your order was late" is still blame.
- A vague promise ("we will look into a goodwill gesture") is not concrete value.
- The `apologia init` starter's placeholders (example names, "Your Name", example.com
  addresses) must be replaced before a letter is drafted.
- Romanian cedilla letters (ş ţ) are corrected to comma-below (ș ț) in ro letters, and
  the fields that had them are reported with their YAML lines.

The word patterns are data: `locale_data/<lang>.yaml`, key `gate`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from apologia.incident import Loaded, text_for
from apologia.locales import base_of
from apologia.wording import wording
from apologia.yamlsafe import PathT

# The placeholders of the shipped starters, by field path.
_PLACEHOLDER_FIELDS: tuple[PathT, ...] = (
    ("company", "name"),
    ("company", "signer"),
    ("company", "contact"),
    ("customer", "name"),
    ("customer", "salutation"),
    ("customer", "email"),
)
_EXAMPLE_DOMAIN = re.compile(r"@example\.(?:com|org|net)\b", re.IGNORECASE)

CEDILLA = str.maketrans({"ş": "ș", "ţ": "ț", "Ş": "Ș", "Ţ": "Ț"})
_CEDILLA_CHARS = frozenset("şţŞŢ")


@cache
def _patterns(lang: str, key: str) -> re.Pattern[str]:
    gate: dict[str, Any] = dict(wording(base_of(lang)).data.get("gate") or {})
    words = [str(w) for w in gate.get(key) or ()]
    if not words:
        return re.compile(r"(?!)")
    return re.compile(r"\b(?:" + "|".join(words) + r")\b", re.IGNORECASE)


def owns_share(text: str, lang: str) -> bool:
    """Does the text admit what the company lacked or failed to do ("we had no ...")?"""
    return _patterns(lang, "owns_share").search(text) is not None


def vague_offer(text: str, lang: str) -> bool:
    """A promise to consider something, not something given ("we will look into ...")."""
    return _patterns(lang, "vague_offer").search(text) is not None


@dataclass(frozen=True, slots=True)
class Finding:
    path: PathT
    message: str


def _starter_values() -> dict[PathT, set[str]]:
    import yaml

    from apologia.render import shipped_templates

    values: dict[PathT, set[str]] = {}
    for lang in ("en", "es", "ro"):
        data = yaml.safe_load((shipped_templates() / lang / "incident.yaml").read_text("utf-8"))
        for path in _PLACEHOLDER_FIELDS:
            node: Any = data
            for part in path:
                node = node.get(part) if isinstance(node, dict) else None
            if isinstance(node, str):
                values.setdefault(path, set()).add(node.strip())
    return values


def starter_leftovers(loaded: Loaded) -> Iterator[Finding]:
    """Fields still holding the `apologia init` starter's example names and addresses."""
    inc = loaded.incident
    current: dict[PathT, Any] = {
        ("company", "name"): inc.company.name,
        ("company", "signer"): inc.company.signer,
        ("company", "contact"): inc.company.contact,
        ("customer", "name"): inc.customer.name,
        ("customer", "salutation"): inc.customer.salutation,
        ("customer", "email"): inc.customer.email,
    }
    starter = _starter_values()
    found: list[Finding] = []
    for path in _PLACEHOLDER_FIELDS:
        value = current.get(path)
        if value is None:
            continue
        texts = {text_for(value, lang).strip() for lang in inc.langs}
        left = sorted(texts & starter.get(path, set()))
        if left:
            found.append(Finding(path, f"still the starter's example “{left[0]}”; replace it"))
        elif any(_EXAMPLE_DOMAIN.search(t) for t in texts):
            found.append(Finding(path, "an example.com address from the starter; use a real one"))
    # The customer's example names are ordinary names ("Ana Popescu"): they count only
    # when the company's placeholders show the starter was left as it was.
    if any(f.path[0] == "company" for f in found):
        yield from found
    else:
        yield from (f for f in found if f.path[0] != "customer" or "example.com" in f.message)


def cedilla_fields(loaded: Loaded) -> Iterator[PathT]:
    """Free-text fields whose Romanian text has ş or ţ (cedilla)."""
    inc = loaded.incident
    ro = [lang for lang in inc.langs if base_of(lang) == "ro"]
    if not ro:
        return
    labels: list[tuple[PathT, Any]] = [
        (("company", "name"), inc.company.name),
        (("company", "signer"), inc.company.signer),
        (("company", "role"), inc.company.role),
        (("customer", "name"), inc.customer.name),
        (("customer", "salutation"), inc.customer.salutation),
        (("incident", "reference"), inc.incident.reference),
    ]
    fields = [(f.path, f.value) for f in loaded.free_texts()]
    for path, value in [*labels, *fields]:
        if value is None:
            continue
        if any(_CEDILLA_CHARS & set(text_for(value, lang)) for lang in ro):
            yield path
