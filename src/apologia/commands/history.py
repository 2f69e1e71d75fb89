"""`apologia history CUSTOMER_ID`: a customer's incidents in this repository."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from apologia.errors import ApologiaError


def run(*, customer_id: str, fmt: str, root: Path | None) -> int:
    from apologia.config import load as load_config
    from apologia.history import find, repo_root

    config = load_config()
    if root is None:
        root = Path(config.root) if config.source and config.root else repo_root(Path.cwd())
    elif not root.is_dir():
        raise ApologiaError("is not a folder", path=str(root), field="--root")
    records, broken = find(customer_id, root, config.incidents, config.max_file_size)
    for line in broken:
        print(f"apologia: warning: {line}", file=sys.stderr)
    if fmt == "json":
        doc = {
            "customer": customer_id,
            "incidents": [
                {
                    "id": r.id,
                    "date": r.date.isoformat() if r.date else None,
                    "severity": r.severity,
                    "title": r.title,
                    "path": r.path,
                    "prior_incidents": list(r.prior),
                }
                for r in records
            ],
        }
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
        return 0
    if not records:
        print(f"apologia: no incidents of customer {customer_id!r} under {root}", file=sys.stderr)
        return 0
    from apologia.errors import printable

    id_width = max(len(r.id) for r in records)
    for r in records:
        when = r.date.isoformat() if r.date else "(no date)"
        title = printable(" ".join((r.title_in("en") or "").split()))
        line = f"{when:<10}  {r.id:<{id_width}}  {r.severity:<8}  {title}".rstrip()
        sys.stdout.write(f"{line}  [{r.path}]\n")
    return 0
