"""config.py: discovery, both file formats, and errors that name file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from apologia.config import Config, load_config
from apologia.errors import ApologiaError
from apologia.model import Severity

RULES = ("blame-shift", "minimizing", "step-order", "missing-step")
CELLS = ("value", "responsibility", "explanation", "fix", "regret", "blame-shift")

FULL_YAML = """\
rules:
  minimizing: off
  step-order: {severity: error}
  blame-shift: warning
exclude: ["drafts/**", "*.tmp.md"]
templates: ./my-templates
lexicon:
  en:
    blame-shift: ["our logistics partner"]
    value: ["store credit"]
"""

FULL_TOML = """\
[project]
name = "letters"

[tool.apologia]
exclude = ["drafts/**", "*.tmp.md"]
templates = "./my-templates"

[tool.apologia.rules]
minimizing = "off"
step-order = { severity = "error" }
blame-shift = "warning"

[tool.apologia.lexicon.en]
blame-shift = ["our logistics partner"]
value = ["store credit"]
"""


def load(cwd: Path, explicit: Path | None = None) -> Config:
    return load_config(explicit, cwd, RULES, CELLS)


def error(cwd: Path, explicit: Path | None = None) -> ApologiaError:
    with pytest.raises(ApologiaError) as info:
        load(cwd, explicit)
    return info.value


def assert_full(cfg: Config, folder: Path) -> None:
    assert cfg.severities == {
        "minimizing": None,
        "step-order": Severity.ERROR,
        "blame-shift": Severity.WARNING,
    }
    assert cfg.exclude == ("drafts/**", "*.tmp.md")
    assert Path(cfg.templates or "") == folder.resolve() / "my-templates"
    assert cfg.lexicon == {
        "en": {"blame-shift": ("our logistics partner",), "value": ("store credit",)}
    }
    assert cfg.root == str(folder.resolve())
    # The existing API keeps working: off is None, unset rules get their default.
    assert cfg.severity("minimizing", Severity.WARNING) is None
    assert cfg.severity("missing-step", Severity.ERROR) is Severity.ERROR


def test_yaml_full_schema(tmp_path: Path) -> None:
    (tmp_path / ".apologia.yaml").write_text(FULL_YAML)
    cfg = load(tmp_path)
    assert_full(cfg, tmp_path)
    assert Path(cfg.source or "").name == ".apologia.yaml"


def test_toml_full_schema(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(FULL_TOML)
    assert_full(load(tmp_path), tmp_path)


def test_toml_false_means_off(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.apologia.rules]\nminimizing = false\n")
    assert load(tmp_path).severities == {"minimizing": None}


def test_no_config_gives_defaults(tmp_path: Path) -> None:
    cfg = load(tmp_path)
    assert cfg.severities == {} and cfg.exclude == () and cfg.source is None


def test_discovery_walks_up(tmp_path: Path) -> None:
    (tmp_path / ".apologia.yml").write_text("exclude: [a]\n")
    deep = tmp_path / "x" / "y"
    deep.mkdir(parents=True)
    cfg = load(deep)
    assert cfg.exclude == ("a",)
    assert cfg.root == str(tmp_path.resolve())  # globs are relative to the config file


def test_discovery_skips_pyproject_without_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.apologia]\nexclude = ['top']\n")
    inner = tmp_path / "pkg"
    inner.mkdir()
    (inner / "pyproject.toml").write_text("[project]\nname = 'pkg'\n[tool.ruff]\n")
    assert load(inner).exclude == ("top",)


def test_discovery_passes_over_another_projects_pyproject_unparsed(tmp_path: Path) -> None:
    # Not ours, so not judged: even a malformed pyproject.toml that never names
    # apologia as a table or key does not stop a run from a Python repository.
    (tmp_path / "pyproject.toml").write_text("[tool.apologia]\nexclude = ['top']\n")
    inner = tmp_path / "pkg"
    inner.mkdir()
    (inner / "pyproject.toml").write_text(
        "[project]\nname = 'apologia-letters'\n[project.scripts]\napologia = 'x:y'\n[tool.ruff\n"
    )
    assert load(inner).exclude == ("top",)


@pytest.mark.parametrize(
    "table",
    [
        "[tool.apologia]\nexclude = ['found']\n",
        "[ tool . 'apologia' ]\nexclude = ['found']\n",
        "tool.apologia.exclude = ['found']\n",
        "tool = { apologia = { exclude = ['found'] } }\n",
        "[tool]\napologia = { exclude = ['found'] }\n",
        "[tool]\n\"apologia\".exclude = ['found']\n",
    ],
)
def test_discovery_finds_the_table_written_any_way_toml_allows(tmp_path: Path, table: str) -> None:
    (tmp_path / "pyproject.toml").write_text(table + "\n[project]\nname = 'letters'\n")
    assert load(tmp_path).exclude == ("found",)


def test_discovery_nearest_wins(tmp_path: Path) -> None:
    (tmp_path / ".apologia.yaml").write_text("exclude: [outer]\n")
    inner = tmp_path / "pkg"
    inner.mkdir()
    (inner / "pyproject.toml").write_text("[tool.apologia]\nexclude = ['inner']\n")
    assert load(inner).exclude == ("inner",)


def test_yaml_beats_pyproject_in_same_folder(tmp_path: Path) -> None:
    (tmp_path / ".apologia.yaml").write_text("exclude: [yaml]\n")
    (tmp_path / "pyproject.toml").write_text("[tool.apologia]\nexclude = ['toml']\n")
    assert load(tmp_path).exclude == ("yaml",)


def test_explicit_file_ignores_discovery(tmp_path: Path) -> None:
    (tmp_path / ".apologia.yaml").write_text("exclude: [found]\n")
    other = tmp_path / "conf" / "ci.yml"
    other.parent.mkdir()
    other.write_text("exclude: [explicit]\n")
    cfg = load(tmp_path, other)
    assert cfg.exclude == ("explicit",)
    assert cfg.root == str(other.parent.resolve())


def test_explicit_toml_needs_table(tmp_path: Path) -> None:
    f = tmp_path / "pyproject.toml"
    f.write_text("[project]\nname = 'x'\n")
    e = error(tmp_path, f)
    assert "[tool.apologia]" in e.message and e.path == str(f)


def test_explicit_missing_file(tmp_path: Path) -> None:
    e = error(tmp_path, tmp_path / "nope.yaml")
    assert "not found" in str(e) and e.path == str(tmp_path / "nope.yaml")


# --- errors name file, line and field -------------------------------------------------


def yaml_error(tmp_path: Path, text: str) -> ApologiaError:
    f = tmp_path / ".apologia.yaml"
    f.write_text(text)
    e = error(tmp_path, f)
    assert e.path == str(f)
    return e


def test_unknown_rule_lists_valid_ids(tmp_path: Path) -> None:
    e = yaml_error(tmp_path, "rules:\n  minimizing: off\n  blame-shfit: error\n")
    assert (e.line, e.field) == (3, "rules.blame-shfit")
    assert "unknown rule id" in e.message
    assert "blame-shift, minimizing, missing-step, step-order" in e.message
    assert str(e).startswith(f"{e.path}:3:3: rules.blame-shfit: unknown rule id")


def test_bad_severity_lists_valid_values(tmp_path: Path) -> None:
    e = yaml_error(tmp_path, "rules:\n  step-order:\n    severity: loud\n")
    assert (e.line, e.field) == (3, "rules.step-order.severity")
    assert "error, warning, off" in e.message


@pytest.mark.parametrize("value", ["yes", "true", "on", "1", "[error]"])
def test_other_values_are_bad_severities(tmp_path: Path, value: str) -> None:
    e = yaml_error(tmp_path, f"rules:\n  minimizing: {value}\n")
    assert e.field == "rules.minimizing" and "bad severity" in e.message


def test_unknown_top_level_key(tmp_path: Path) -> None:
    e = yaml_error(tmp_path, "exclude: []\nrule:\n  minimizing: off\n")
    assert (e.line, e.field) == (2, "rule")
    assert "unknown key" in e.message and "rules" in e.message


def test_unknown_key_in_rule_mapping(tmp_path: Path) -> None:
    e = yaml_error(tmp_path, "rules:\n  minimizing: {severity: off, level: 2}\n")
    assert e.field == "rules.minimizing.level"


def test_unknown_lexicon_language(tmp_path: Path) -> None:
    e = yaml_error(tmp_path, "lexicon:\n  fr:\n    value: [x]\n")
    assert (e.line, e.field) == (2, "lexicon.fr")
    assert "en, es, ro" in e.message


def test_unknown_lexicon_cell_lists_cells(tmp_path: Path) -> None:
    e = yaml_error(tmp_path, "lexicon:\n  es:\n    valor: [x]\n")
    assert (e.line, e.field) == (3, "lexicon.es.valor")
    assert "blame-shift, explanation, fix, regret, responsibility, value" in e.message


@pytest.mark.parametrize(
    ("text", "line", "field"),
    [
        ("exclude: drafts/**\n", 1, "exclude"),
        ("exclude:\n  - a\n  - 3\n", 3, "exclude[1]"),
        ("templates: [a]\n", 1, "templates"),
        ("rules: [minimizing]\n", 1, "rules"),
        ("lexicon:\n  en:\n    value: store credit\n", 3, "lexicon.en.value"),
        ("- just\n- a list\n", 1, None),
    ],
)
def test_wrong_types(tmp_path: Path, text: str, line: int, field: str | None) -> None:
    e = yaml_error(tmp_path, text)
    assert (e.line, e.field) == (line, field)
    assert "expected" in e.message


def test_malformed_yaml_has_line(tmp_path: Path) -> None:
    e = yaml_error(tmp_path, "rules:\n  minimizing: off\n exclude: [\n")
    assert "malformed YAML" in e.message
    assert e.line is not None and e.line >= 3


def test_duplicate_yaml_key(tmp_path: Path) -> None:
    e = yaml_error(tmp_path, "rules:\n  minimizing: off\n  minimizing: error\n")
    assert (e.line, e.field, e.message) == (3, "rules.minimizing", "key appears twice; keep one")


def test_empty_yaml_is_defaults(tmp_path: Path) -> None:
    (tmp_path / ".apologia.yaml").write_text("# nothing yet\n")
    cfg = load(tmp_path)
    assert cfg.severities == {} and cfg.source is not None


def test_malformed_toml_has_line(tmp_path: Path) -> None:
    f = tmp_path / "pyproject.toml"
    f.write_text("[tool.apologia]\nexclude = [\n  'a',\n  oops\n]\n")
    e = error(tmp_path)
    assert "malformed TOML" in e.message
    assert e.line == 4
    assert "at line" not in e.message  # the position is in the prefix, not repeated


def test_toml_errors_find_the_line(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[project]\nname = 'x'\nblame-shift = 1\n\n"
        "[tool.apologia.rules]\nminimizing = 'off'\nblame-shift = 'loud'\n"
    )
    e = error(tmp_path)
    assert (e.line, e.field) == (7, "rules.blame-shift")
    assert str(e).endswith(
        "pyproject.toml:7: rules.blame-shift: bad severity the string 'loud'; "
        "valid values are: error, warning, off"
    )


def test_toml_unknown_rule(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.apologia]\nrules = { nope = 'off' }\n")
    e = error(tmp_path)
    assert (e.line, e.field) == (2, "rules.nope")


def test_found_config_is_named_relative_to_cwd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".apologia.yaml").write_text("rules:\n  nope: off\n")
    monkeypatch.chdir(tmp_path)
    e = error(tmp_path)
    assert str(e).startswith(".apologia.yaml:2:3: rules.nope: ")
