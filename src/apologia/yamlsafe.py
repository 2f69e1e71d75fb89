"""The one YAML reader: incident files, letter front matter and `.apologia.yaml`.

`read()` loads one document with `safe_load` semantics and keeps a (line, column) mark
for every field path, so each caller can name the line of a bad field. Every way YAML
text can fail becomes one `YamlError` with a line and column, never a traceback:

- malformed YAML, and characters YAML does not allow;
- aliases (`*name`), which let a few hundred bytes expand to a billion nodes when the
  data is walked ("billion laughs"), and nesting beyond `MAX_DEPTH` levels, which
  exhausts Python's recursion: both refused before anything is built;
- impossible dates (`2024-02-30`, `0000-01-01`) and integers longer than Python converts
  (over 4,300 digits);
- a key that appears twice in one mapping (YAML would keep the last one silently).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

MAX_DEPTH = 32  # the incident schema needs 4 levels; front matter and config fewer

ALIAS_MESSAGE = "aliases (*name) are not allowed here; write the value out in full"
DEPTH_MESSAGE = f"nested more than {MAX_DEPTH} levels deep; flatten the structure"
TWICE_MESSAGE = "key appears twice; keep one"

PathT = tuple[str | int, ...]
Mark = tuple[int, int]  # 1-based line and column


class YamlError(Exception):
    """YAML that cannot be read, at `line`, `column` (1-based, in the text given)."""

    def __init__(self, message: str, line: int | None, column: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@dataclass(frozen=True, slots=True)
class Document:
    """One loaded document: the data and where each field path sits in the text."""

    data: Any
    # path -> (mark of its key, mark of its value); the root and list items have no key.
    marks: dict[PathT, tuple[Mark | None, Mark]] = field(default_factory=dict)
    # Keys that appear twice, in file order: (path, mark of the second key).
    twice: tuple[tuple[PathT, Mark], ...] = ()

    def where(self, path: PathT, *, key: bool = False) -> Mark:
        """The mark of `path`, or of its nearest ancestor present in the text."""
        return lookup(self.marks, path, key=key)


def lookup(marks: dict[PathT, tuple[Mark | None, Mark]], path: PathT, *, key: bool) -> Mark:
    probe = path
    while probe not in marks and probe:
        probe = probe[:-1]
        key = False
    entry = marks.get(probe)
    if entry is None:
        return 1, 1
    key_mark, value_mark = entry
    return key_mark if key and key_mark else value_mark


def read(text: str) -> Document:
    """Load one YAML document (None when empty); raises YamlError."""
    check(text)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Document(None)
        marks: dict[PathT, tuple[Mark | None, Mark]] = {}
        twice: list[tuple[PathT, Mark]] = []
        _walk(node, (), None, marks, twice)
        return Document(loader.construct_document(node), marks, tuple(twice))
    except yaml.YAMLError as exc:
        raise _error(exc, text) from None
    finally:
        loader.dispose()


def check(text: str) -> None:
    """Raise YamlError at the first alias or node nested too deep, or if malformed.

    Streams parser events (libyaml when available), so the check costs one linear pass
    and builds nothing; only then is the text composed into nodes.
    """
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_FAST):
            if isinstance(event, yaml.AliasEvent):
                raise YamlError(ALIAS_MESSAGE, *_pos(event.start_mark))
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise YamlError(DEPTH_MESSAGE, *_pos(event.start_mark))
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError as exc:
        raise _error(exc, text) from None
    except UnicodeEncodeError as exc:  # a lone surrogate: never from a decoded file
        raise YamlError("not UTF-8 text", None, None) from exc


_FAST: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_FAST):  # type: ignore[misc]
    """The safe loader (libyaml's parser when available) whose values that Python cannot
    build are YAML errors with a mark, not bare ValueErrors."""

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError) as exc:
            raise _constructor_error(
                f"invalid date {node.value!r} ({exc}); write YYYY-MM-DD", node
            ) from None

    def construct_yaml_int(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_int(node)
        except ValueError:
            raise _constructor_error("number too long (over 4,300 digits)", node) from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)


def _constructor_error(message: str, node: yaml.Node) -> yaml.YAMLError:
    return yaml.constructor.ConstructorError(None, None, message, node.start_mark)


def _pos(mark: Any) -> Mark:
    if mark is None:
        return 1, 1
    return int(mark.line) + 1, int(mark.column) + 1


_KEYS = yaml.constructor.SafeConstructor()


def _scalar_key(node: yaml.Node) -> Any:
    if not isinstance(node, yaml.ScalarNode):
        return None
    try:
        return _KEYS.construct_object(node)
    except (yaml.YAMLError, ValueError):
        return node.value


def _walk(
    node: yaml.Node,
    path: PathT,
    key: Mark | None,
    marks: dict[PathT, tuple[Mark | None, Mark]],
    twice: list[tuple[PathT, Mark]],
) -> None:
    marks[path] = (key, _pos(node.start_mark))
    for child, k_mark, value in _children(node, path, twice):
        _walk(value, child, k_mark, marks, twice)


def _children(
    node: yaml.Node, path: PathT, twice: list[tuple[PathT, Mark]]
) -> Iterator[tuple[PathT, Mark | None, yaml.Node]]:
    if isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield (*path, i), None, item
    if not isinstance(node, yaml.MappingNode):
        return
    seen: set[Any] = set()
    for k_node, v_node in node.value:
        k = _scalar_key(k_node)
        if k == "<<" and k_node.tag == "tag:yaml.org,2002:merge":
            continue
        try:
            hash(k)
        except TypeError:
            continue
        child = (*path, k if isinstance(k, (str, int)) else str(k))
        if k in seen:
            twice.append((child, _pos(k_node.start_mark)))
        seen.add(k)
        yield child, _pos(k_node.start_mark), v_node


def _error(exc: yaml.YAMLError, text: str) -> YamlError:
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or "malformed YAML"
        if exc.context and exc.problem:
            what = f"{exc.context}, {exc.problem}"
        if "maximum nesting depth" in what:  # libyaml's own limit, met before ours
            return YamlError(DEPTH_MESSAGE, *_pos(mark))
        if isinstance(exc, yaml.constructor.ConstructorError) and not exc.context:
            return YamlError(what, *_pos(mark))  # a value: its own words, not "malformed"
        return YamlError(f"malformed YAML: {what}", *_pos(mark))
    if isinstance(exc, yaml.reader.ReaderError):
        before = text[: exc.position]
        if _FAST is not yaml.SafeLoader:  # libyaml counts bytes, not characters
            before = text.encode("utf-8")[: exc.position].decode("utf-8", "ignore")
        line = before.count("\n") + 1
        col = len(before) - (before.rfind("\n") + 1) + 1
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        return YamlError(f"character {char!r} is not allowed in YAML", line, col)
    return YamlError(f"malformed YAML: {exc}", None, None)
