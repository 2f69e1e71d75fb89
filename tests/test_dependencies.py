"""The declared dependency floors rule out every release known to be vulnerable.

Offline: the advisories are a small table, tests/known-vulnerable.toml, read with the
declared requirements from pyproject.toml; no index or advisory service is asked.
"""

from __future__ import annotations

import tomllib
from importlib.metadata import version

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from conftest import REPO

PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
REQUIREMENTS = {
    canonicalize_name(req.name): req for req in map(Requirement, PROJECT["dependencies"])
}
KNOWN = tomllib.loads((REPO / "tests" / "known-vulnerable.toml").read_text("utf-8"))
CASES = [
    pytest.param(canonicalize_name(name), release, why, id=f"{name}-{release}")
    for name, releases in KNOWN.items()
    for release, why in releases.items()
]


def test_the_table_names_declared_dependencies() -> None:
    # A typo in the table would make its entries check nothing.
    assert {canonicalize_name(name) for name in KNOWN} <= REQUIREMENTS.keys()
    assert "jinja2" in KNOWN


@pytest.mark.parametrize(("name", "release", "why"), CASES)
def test_the_floor_excludes_a_vulnerable_release(name: str, release: str, why: str) -> None:
    spec = REQUIREMENTS[name].specifier
    assert not spec.contains(Version(release), prereleases=True), (
        f"{name}{spec} allows {release}: {why}"
    )


@pytest.mark.parametrize("name", sorted(KNOWN))
def test_the_installed_release_is_not_a_vulnerable_one(name: str) -> None:
    installed = version(name)
    assert installed not in KNOWN[name], f"{name} {installed}: {KNOWN[name].get(installed)}"
