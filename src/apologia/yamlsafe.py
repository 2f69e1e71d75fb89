"""Structural limits for YAML that anyone with commit access can write.

`safe_load` never runs code, but two shapes still hurt: aliases (`*name`), which let a
few hundred bytes expand to a billion nodes when the data is walked ("billion laughs"),
and deep nesting, which exhausts Python's recursion in the composer. Incident files,
letter front matter and configuration files need neither, so both are refused before
anything is built: aliases at once, nesting beyond `MAX_DEPTH` levels.
"""

from __future__ import annotations

from typing import Any

MAX_DEPTH = 32  # the incident schema needs 4 levels; front matter and config fewer

ALIAS_MESSAGE = "aliases (*name) are not allowed here; write the value out in full"
DEPTH_MESSAGE = f"nested more than {MAX_DEPTH} levels deep; flatten the structure"


class YamlLimit(Exception):
    """A limit was crossed at `line`, `column` (1-based, in the text given)."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


def check(text: str) -> None:
    """Raise YamlLimit at the first alias or the first node nested too deep.

    Streams parser events (libyaml when available), so the check costs one linear pass
    and builds nothing. Malformed YAML is left to the real load to report in its words.
    """
    import yaml

    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    depth = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.AliasEvent):
                raise YamlLimit(ALIAS_MESSAGE, *position(event.start_mark))
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise YamlLimit(DEPTH_MESSAGE, *position(event.start_mark))
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return


def position(mark: Any) -> tuple[int, int]:
    if mark is None:
        return 1, 1
    return int(mark.line) + 1, int(mark.column) + 1
