"""`apologia schema`: the JSON Schema of the incident file, on stdout.

Save it next to your incidents (`apologia schema > incident.schema.json`) and point
editors at it with a first line `# yaml-language-server: $schema=incident.schema.json`.
"""

from __future__ import annotations

import json
import sys


def run() -> int:
    from apologia.incident import json_schema

    sys.stdout.write(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n")
    return 0
