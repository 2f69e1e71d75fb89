"""BCP 47 language tags of letters: `en`, `en-GB`, `es-MX`, `es-419`, `ro`.

A tag names a base language (en, es, ro: the template folder and lexicon) and, where
given, a region that selects CLDR formats (money, dates) and wording variants. The bare
base languages keep their defaults: en-US, es-ES, ro-RO. Free text keyed by a base
language (`es:`) serves its variants unless a variant key (`es-MX:`) is given.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

BASES: tuple[str, ...] = ("en", "es", "ro")
# Region used for CLDR formats when a tag names no region.
DEFAULT_REGION = {"en": "US", "es": "ES", "ro": "RO"}
# Spanish of the Americas share wording (es-419) before falling back to es.
_AMERICAS = frozenset(
    {"MX", "AR", "BO", "CL", "CO", "CR", "CU", "DO", "EC", "GT"}
    | {"HN", "NI", "PA", "PE", "PR", "PY", "SV", "US", "UY", "VE"}
)
# The tag grammar the schema accepts: base, then an ISO 3166 region or UN M.49 419.
TAG_PATTERN = r"^(en|es|ro)(-([A-Z]{2}|419))?$"
_TAG = re.compile(TAG_PATTERN, re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Tag:
    """One parsed language tag."""

    tag: str  # canonical spelling: "es-MX", "en", "es-419"
    base: str  # "es"
    region: str | None  # "MX", "419", None

    @property
    def babel(self) -> str:
        """The Babel locale for CLDR formats: es-MX -> es_MX; es -> es_ES."""
        return f"{self.base}_{self.region or DEFAULT_REGION[self.base]}"

    @property
    def chain(self) -> tuple[str, ...]:
        """Keys to look free text and wording up by, most specific first."""
        keys = [self.tag]
        if self.base == "es" and self.region in _AMERICAS:
            keys.append("es-419")
        if self.tag != self.base:
            keys.append(self.base)
        return tuple(dict.fromkeys(keys))


@cache
def parse(tag: str) -> Tag:
    """`es-mx` -> Tag("es-MX", "es", "MX"); raises ValueError for anything else."""
    m = _TAG.match(tag.strip())
    if m is None:
        raise ValueError(f"{tag!r} is not a supported language tag")
    base = m.group(1).lower()
    region = m.group(3).upper() if m.group(3) else None
    return Tag(f"{base}-{region}" if region else base, base, region)


def is_tag(value: object) -> bool:
    return isinstance(value, str) and _TAG.match(value) is not None


def base_of(tag: str) -> str:
    return parse(tag).base


def pick(texts: Mapping[str, str], tag: str) -> str | None:
    """The text serving `tag` from a mapping keyed by tags: exact, es-419, then base."""
    canon = {parse(k).tag: v for k, v in texts.items() if is_tag(k)}
    for key in parse(tag).chain:
        if key in canon:
            return canon[key]
    return None


def serves(key: str, tags: Iterable[str]) -> bool:
    """Does a text keyed `key` serve one of the letter languages `tags`?"""
    if not is_tag(key):
        return False
    want = parse(key).tag
    return any(want in parse(t).chain for t in tags)
