"""Configuration: find, parse, validate and merge `.apologia.yaml` / `[tool.apologia]`.

The same schema is read from YAML and from TOML::

    rules:       {rule-id: error | warning | off | {severity: ...}}
    exclude:     [glob, ...]        # relative to the config file's folder
    letters:     [glob, ...]        # always judged as apologies (see apologia.apology)
    incidents:   [glob, ...]        # a customer's incident files (see apologia.history)
    templates:   folder             # relative to the config file's folder
    lexicon:     {en|es|ro: {cell: [phrase, ...]}}

Every mistake becomes an ApologiaError naming the file, the line when known, and the
field (`rules.blame-shift`), so a bad config exits 2 with a message a user can act on.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from apologia.errors import ApologiaError, format_path
from apologia.files import DEFAULT_MAX_FILE_SIZE
from apologia.languages import LANGS
from apologia.model import Severity

YAML_NAMES = (".apologia.yaml", ".apologia.yml")
PYPROJECT = "pyproject.toml"
SEVERITY_WORDS = ("error", "warning", "off")
TOP_KEYS = (
    "rules",
    "exclude",
    "letters",
    "incidents",
    "templates",
    "lexicon",
    "max_file_size",
    "company",
)
# At most 1 GiB: a letter or incident file is pages, and reads are sized by this number.
MAX_FILE_SIZE_LIMIT = 1024**3
_SIZE = re.compile(r"(\d{1,100})\s*(|b|bytes?|kb|kib|k|mb|mib|m)", re.IGNORECASE)
_UNITS = {
    "": 1,
    "b": 1,
    "byte": 1,
    "bytes": 1,
    "k": 1024,
    "kb": 1000,
    "kib": 1024,
    "m": 1024 * 1024,
    "mb": 1000 * 1000,
    "mib": 1024 * 1024,
}


@dataclass(frozen=True)
class Config:
    # rule id -> severity; None means the rule is off. Missing ids use the rule default.
    severities: dict[str, Severity | None] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    # files judged as apologies even when they express no regret (apologia.apology)
    letters: tuple[str, ...] = ()
    # where a customer's incidents are searched (apologia.history); empty: every YAML file
    incidents: tuple[str, ...] = ()
    templates: str | None = None
    company: str | None = None  # the company's own name: never a blamed third party
    # lang -> cell (step or fault name) -> extra patterns
    lexicon: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    # Letters, stdin and incident files above this many bytes are refused unread.
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    source: str | None = None  # the file this came from, for messages
    root: str | None = None  # folder that `exclude` globs are relative to

    def severity(self, rule_id: str, default: Severity) -> Severity | None:
        return self.severities.get(rule_id, default)


# (line, column) of a field, 1-based, for messages; None when the format cannot say.
Locator = Callable[[tuple[str | int, ...]], tuple[int, int | None] | None]


def load(explicit: Path | None = None) -> Config:
    """The configuration a command runs with: `explicit` (`--config`), else the nearest
    one found from the working directory, checked against the rules and lexicon cells."""
    from apologia.lexicon import ALL_CELLS
    from apologia.rules import REGISTRY

    return load_config(explicit, Path.cwd(), REGISTRY.keys(), ALL_CELLS)


def load_config(
    explicit: Path | None,
    cwd: Path,
    known_rules: Collection[str],
    known_cells: Collection[str],
) -> Config:
    """Read `explicit`, else the nearest config walking up from `cwd`, else defaults."""
    if explicit is not None:
        if not explicit.exists():
            raise ApologiaError("config file not found", path=str(explicit))
        if explicit.is_dir():
            raise ApologiaError("config path is a directory, not a file", path=str(explicit))
        found = _read(explicit, required=True)
        assert found is not None  # required=True never returns None
        data, locate = found
        return _build(data, locate, explicit, known_rules, known_cells)
    from apologia.files import git_top

    here = cwd.absolute()
    # Up to the repository's root and no further: a folder above it (a CI runner's home,
    # a shared checkout folder) is no part of what the repository asked for.
    top = git_top(str(here))
    for folder in (here, *here.parents):
        if top is not None and folder in Path(top).parents:
            break
        for name in (*YAML_NAMES, PYPROJECT):
            candidate = _shown(folder / name)
            if not candidate.is_file():
                continue
            # A pyproject.toml without [tool.apologia] belongs to someone else: keep going.
            found = _read(candidate, required=False)
            if found is not None:
                data, locate = found
                return _build(data, locate, candidate, known_rules, known_cells)
    return Config(root=str(cwd))


def _shown(path: Path) -> Path:
    """A found config file as the user would name it: relative to the working directory."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


# Where a pyproject.toml can hold [tool.apologia]: a line naming tool and then apologia
# (a table header, a dotted key, an inline table), or an `apologia` key in a [tool] table.
_TOOL_APOLOGIA = re.compile(r"\btool\b[^\n]*\bapologia\b")
_TOOL_TABLE = re.compile(r"^[ \t]*\[[ \t]*[\"']?tool[\"']?[ \t]*\]", re.MULTILINE)
_APOLOGIA_KEY = re.compile(r"^[ \t]*[\"']?apologia\b", re.MULTILINE)


def _may_hold_table(text: str) -> bool:
    """Whether a pyproject.toml can hold [tool.apologia] at all: another project's file
    is passed over without a TOML parse (a pyproject of a Python repository, found on
    every run from it)."""
    if _TOOL_APOLOGIA.search(text):
        return True
    return _TOOL_TABLE.search(text) is not None and _APOLOGIA_KEY.search(text) is not None


def _read(path: Path, *, required: bool) -> tuple[Any, Locator] | None:
    from apologia.files import read_text

    text = read_text(str(path), DEFAULT_MAX_FILE_SIZE, noun="config file")
    if path.suffix == ".toml":
        if not required and not _may_hold_table(text):
            return None
        return _read_toml(path, text, required=required)
    return _read_yaml(path, text)


def _read_yaml(path: Path, text: str) -> tuple[Any, Locator]:
    from apologia.yamlsafe import TWICE_MESSAGE, YamlError, read

    try:
        doc = read(text)
    except YamlError as exc:
        raise ApologiaError(exc.message, path=str(path), line=exc.line, column=exc.column) from None
    if doc.twice:
        twice, (line, column) = doc.twice[0]
        raise ApologiaError(
            TWICE_MESSAGE,
            path=str(path),
            line=line,
            column=column,
            field=format_path(twice),
        )

    def locate(where: tuple[str | int, ...]) -> tuple[int, int | None] | None:
        entry = doc.marks.get(where)
        return None if entry is None else (entry[0] or entry[1])

    return doc.data, locate


_LONG_NUMBER = re.compile(r"[0-9_]{4300}")
_TOML_POS = re.compile(r"\(at line (\d+), column (\d+)\)")


def _read_toml(path: Path, text: str, *, required: bool) -> tuple[Any, Locator] | None:
    import tomllib

    try:
        doc = tomllib.loads(text)
    except ValueError as exc:  # tomllib's own errors, and integers over 4,300 digits
        if not isinstance(exc, tomllib.TOMLDecodeError):
            long = _LONG_NUMBER.search(text)
            raise ApologiaError(
                "number too long (over 4,300 digits)",
                path=str(path),
                line=text.count("\n", 0, long.start()) + 1 if long else None,
            ) from None
        pos = _TOML_POS.search(str(exc))
        raise ApologiaError(
            f"malformed TOML: {_TOML_POS.sub('', str(exc)).strip()}",
            path=str(path),
            line=int(pos.group(1)) if pos else None,
            column=int(pos.group(2)) if pos else None,
        ) from exc
    tool = doc.get("tool")
    if not isinstance(tool, dict) or "apologia" not in tool:
        if required:
            raise ApologiaError("no [tool.apologia] table", path=str(path))
        return None
    lines = text.splitlines()

    def locate(where: tuple[str | int, ...]) -> tuple[int, int | None] | None:
        return _toml_line(lines, where)

    return tool["apologia"], locate


def _toml_line(lines: list[str], where: tuple[str | int, ...]) -> tuple[int, int | None] | None:
    """Best-effort line of a field: tomllib keeps no positions, so search the text."""
    start = next((i for i, ln in enumerate(lines) if ln.strip().startswith("[tool.apologia")), 0)
    names = [w for w in where if isinstance(w, str)]
    if not names:
        return (start + 1, None) if lines else None
    key = re.escape(names[-1])
    # The key as a bare/quoted key or the last part of a dotted key or table header.
    pattern = re.compile(rf"""(?:^|[\s{{,.\[])["']?{key}["']?\s*(?:=|\])""")
    for i in range(start, len(lines)):
        if i > start and lines[i].lstrip().startswith("[") and "tool.apologia" not in lines[i]:
            break  # left our tables
        if pattern.search(lines[i]):
            return i + 1, None
    return None


class _Checker:
    """Validates the parsed document; every error carries path, line and field."""

    def __init__(self, path: Path, locate: Locator) -> None:
        self.path = path
        self.locate = locate

    def fail(self, where: tuple[str | int, ...], message: str) -> ApologiaError:
        pos = self.locate(where)
        return ApologiaError(
            message,
            path=str(self.path),
            line=pos[0] if pos else None,
            column=pos[1] if pos else None,
            field=format_path(where) or None,
        )

    def mapping(self, value: Any, where: tuple[str | int, ...]) -> Mapping[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            raise self.fail(where, f"expected a mapping, got {_kind(value)}")
        return value

    def strings(self, value: Any, where: tuple[str | int, ...]) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            raise self.fail(where, f"expected a list of strings, got {_kind(value)}")
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                raise self.fail((*where, i), f"expected a non-empty string, got {_kind(item)}")
        return tuple(value)


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the string {value!r}"
    if isinstance(value, (datetime.date, datetime.time)):  # YAML and TOML dates
        return f"{value.isoformat()} (a {'time' if isinstance(value, datetime.time) else 'date'})"
    return f"{value!r} ({type(value).__name__})"


def _build(
    data: Any,
    locate: Locator,
    path: Path,
    known_rules: Collection[str],
    known_cells: Collection[str],
) -> Config:
    check = _Checker(path, locate)
    top = check.mapping(data, ())
    for key in top:
        if key not in TOP_KEYS:
            raise check.fail((str(key),), f"unknown key; valid keys are: {', '.join(TOP_KEYS)}")
    root = path.resolve().parent

    severities = _severities(check, top.get("rules"), known_rules)
    exclude = check.strings(top.get("exclude"), ("exclude",))
    letters = check.strings(top.get("letters"), ("letters",))
    incidents = check.strings(top.get("incidents"), ("incidents",))

    templates: str | None = None
    raw_templates = top.get("templates")
    if raw_templates is not None:
        if not isinstance(raw_templates, str) or not raw_templates.strip():
            raise check.fail(("templates",), f"expected a folder path, got {_kind(raw_templates)}")
        templates = str(root / raw_templates)

    lexicon = _lexicon_extras(check, top.get("lexicon"), known_cells)

    max_file_size = DEFAULT_MAX_FILE_SIZE
    if top.get("max_file_size") is not None:
        max_file_size = _byte_size(check, top["max_file_size"])

    company = top.get("company")
    if company is not None and (not isinstance(company, str) or not company.strip()):
        raise check.fail(("company",), f"expected the company's name, got {_kind(company)}")

    return Config(
        company=company.strip() if company else None,
        severities=severities,
        exclude=exclude,
        letters=letters,
        incidents=incidents,
        templates=templates,
        lexicon=lexicon,
        max_file_size=max_file_size,
        source=str(path),
        root=str(root),
    )


def _severities(
    check: _Checker, rules: Any, known_rules: Collection[str]
) -> dict[str, Severity | None]:
    """The `rules:` section: a severity per known rule id, given bare or as `severity:`."""
    severities: dict[str, Severity | None] = {}
    for rule_id, spec in check.mapping(rules, ("rules",)).items():
        where: tuple[str | int, ...] = ("rules", str(rule_id))
        if rule_id not in known_rules:
            raise check.fail(
                where, f"unknown rule id; valid ids are: {', '.join(sorted(known_rules))}"
            )
        if isinstance(spec, Mapping):
            for sub in spec:
                if sub != "severity":
                    raise check.fail((*where, str(sub)), "unknown key; valid keys are: severity")
            if "severity" not in spec:
                raise check.fail(where, "missing key: severity")
            where, spec = (*where, "severity"), spec["severity"]
        severities[str(rule_id)] = _severity(check, spec, where)
    return severities


def _lexicon_extras(
    check: _Checker, section: Any, known_cells: Collection[str]
) -> dict[str, dict[str, tuple[str, ...]]]:
    """The `lexicon:` section: extra phrases per supported language and known cell."""
    lexicon: dict[str, dict[str, tuple[str, ...]]] = {}
    for lang, cells in check.mapping(section, ("lexicon",)).items():
        if lang not in LANGS:
            raise check.fail(
                ("lexicon", str(lang)), f"unknown language; valid are: {', '.join(LANGS)}"
            )
        per_lang: dict[str, tuple[str, ...]] = {}
        for cell, phrases in check.mapping(cells, ("lexicon", lang)).items():
            if cell not in known_cells:
                raise check.fail(
                    ("lexicon", lang, str(cell)),
                    f"unknown cell; valid cells are: {', '.join(sorted(known_cells))}",
                )
            per_lang[cell] = check.strings(phrases, ("lexicon", lang, cell))
        lexicon[lang] = per_lang
    return lexicon


def _severity(check: _Checker, spec: Any, where: tuple[str | int, ...]) -> Severity | None:
    # YAML 1.1 reads a bare `off` as False; TOML users may write `false`.
    if spec is False:
        return None
    if isinstance(spec, str):
        word = spec.strip().lower()
        if word == "off":
            return None
        if word in ("error", "warning"):
            return Severity(word)
    raise check.fail(
        where, f"bad severity {_kind(spec)}; valid values are: {', '.join(SEVERITY_WORDS)}"
    )


def _byte_size(check: _Checker, value: Any) -> int:
    """`max_file_size`: a number of bytes, or a size such as "512 KiB" or "2 MiB"."""
    size: int | None = None
    if type(value) is int:
        size = value
    elif isinstance(value, str) and (m := _SIZE.fullmatch(value.strip())):
        size = int(m.group(1)) * _UNITS[m.group(2).lower()]
    if size is None or size < 1:
        raise check.fail(
            ("max_file_size",),
            f'expected a size in bytes such as 1048576 or "1 MiB", got {_kind(value)}',
        )
    if size > MAX_FILE_SIZE_LIMIT:
        raise check.fail(("max_file_size",), "too large; at most 1 GiB")
    return size
