"""`apologia rules`: list every rule."""

from __future__ import annotations

import json
import sys

from apologia.rules import REGISTRY


def run(*, fmt: str) -> int:
    rows = [
        {"id": r.ID, "severity": r.SEVERITY.value, "fixable": r.FIXABLE, "summary": r.SUMMARY}
        for r in REGISTRY.values()
    ]
    if fmt == "json":
        sys.stdout.write(json.dumps({"rules": rows}, ensure_ascii=False, indent=2) + "\n")
        return 0
    width = max(len(r.ID) for r in REGISTRY.values())
    for r in rows:
        fixable = " (fixable)" if r["fixable"] else ""
        sys.stdout.write(f"{r['id']:<{width}}  {r['severity']:<7}  {r['summary']}{fixable}\n")
    return 0
