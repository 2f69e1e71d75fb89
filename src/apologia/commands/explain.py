"""`apologia explain RULE`: a rule's rationale with a bad and a good example."""

from __future__ import annotations

import sys

from apologia.errors import ApologiaError
from apologia.rules import REGISTRY, rationale


def run(*, rule_id: str) -> int:
    module = REGISTRY.get(rule_id)
    if module is None:
        raise ApologiaError(f"unknown rule {rule_id!r}; rules are: {', '.join(REGISTRY)}")
    out = [f"{module.ID} ({module.SEVERITY.value}{', fixable' if module.FIXABLE else ''})", ""]
    out.append(rationale(module))
    for lang, example in module.EXAMPLES.items():
        if example.get("bad"):
            out += ["", f"Bad ({lang}):", *("  " + line for line in example["bad"].splitlines())]
            out += [f"Good ({lang}):", *("  " + line for line in example["good"].splitlines())]
    sys.stdout.write("\n".join(out) + "\n")
    return 0
