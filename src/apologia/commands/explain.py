"""`apologia explain RULE`: a rule's rationale with a bad and a good example."""

from __future__ import annotations

import sys

from apologia.errors import ApologiaError
from apologia.rules import REGISTRY, rationale


def run(*, rule_id: str) -> int:
    rule = REGISTRY.get(rule_id)
    if rule is None:
        raise ApologiaError(f"unknown rule {rule_id!r}; rules are: {', '.join(REGISTRY)}")
    out = [f"{rule.ID} ({rule.SEVERITY.value}{', fixable' if rule.FIXABLE else ''})", ""]
    out.append(rationale(rule))
    for lang, example in rule.EXAMPLES.items():
        if example.get("bad"):
            out += ["", f"Bad ({lang}):", *("  " + line for line in example["bad"].splitlines())]
            out += [f"Good ({lang}):", *("  " + line for line in example["good"].splitlines())]
    sys.stdout.write("\n".join(out) + "\n")
    return 0
