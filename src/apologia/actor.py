"""Who a step is credited to: the company speaking as "we", the company named or its
people in the third person ("Aerovest apologises", "our engineers are restoring"), or
no one (the passive: "your account has been credited", "se le reembolsará", "au fost
reprogramați"). Shown by `lint --show-steps`.

The words that tell "we" and the passive are lexicon data (`actors:`): first-person
words and endings, and passive auxiliaries. A cue is read with the few words before it,
where its subject stands.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from functools import cache

from apologia.lexicon import get_lexicon
from apologia.model import Hit, Passage, PassageKind

WE = "we"
COMPANY = "company"
PASSIVE = "passive"
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_BEFORE = 40  # characters before a cue where its subject may stand
_NAME_WORDS = 6  # a company's name is a few words; a signature line longer is a sentence
_SIGNATURE_LINES = 8  # the names read from a signature block, so the match stays linear


def actor(text: str, start: int, hit: Hit, lang: str) -> str:
    """The actor of `hit` in `text`, reading back to `start` (its passage's start)."""
    we, endings, not_we, passive, possessive = _words(lang)
    inside = [w.lower() for w in _WORD.findall(text, hit.start, hit.end)]
    before = [w.lower() for w in _WORD.findall(text, max(start, hit.start - _BEFORE), hit.start)]

    def first_person(words: list[str]) -> bool:
        return any(
            w in we or (w.endswith(endings) and w not in not_we and len(w) > 4) for w in words
        )

    if first_person(inside):
        return WE
    if any(w in passive for w in inside + before[-3:]):
        return PASSIVE
    near = before[-4:]
    if first_person(near):
        # "our engineers are restoring": the company through its people
        last = next(w for w in reversed(near) if first_person([w]))
        return COMPANY if last in possessive else WE
    return COMPANY


@cache
def _words(
    lang: str,
) -> tuple[frozenset[str], tuple[str, ...], frozenset[str], frozenset[str], frozenset[str]]:
    data = get_lexicon(lang).data.get("actors") or {}

    def words(key: str) -> list[str]:
        return [str(w).lower() for w in data.get(key) or ()]

    return (
        frozenset(words("we")),
        tuple(words("we_endings")),
        frozenset(words("not_we")),
        frozenset(words("passive")),
        frozenset(words("possessive")),
    )


def company_names(company: str | None, passages: Iterable[Passage]) -> frozenset[str]:
    """The names the company goes by, lower-cased: `company:` (front matter or config),
    else the short lines of the signature block after the closing ("Kind regards," /
    "Brisa")."""
    if company:
        return frozenset({" ".join(company.lower().split())})
    names: set[str] = set()
    for p in passages:
        if p.kind is PassageKind.CLOSING:
            for line in p.text.splitlines()[1 : 1 + _SIGNATURE_LINES]:
                words = line.strip(" ,.").lower().split()
                if 0 < len(words) <= _NAME_WORDS:
                    names.add(" ".join(words))
    return frozenset(names)


def as_we(masked: str, names: Collection[str], lang: str) -> str:
    """`masked` with a name of the company and the auxiliary after it rewritten as "we"
    and its auxiliary ("Brisa ha cambiado" reads "hemos cambiado"), in the same span so
    every offset stays put: the company by name acts as the company does."""
    table = get_lexicon(lang).data.get("actors", {}).get("as_we") or {}
    if not names or not table:
        return masked
    name = "|".join(
        r"\s+".join(re.escape(w) for w in n.split())
        for n in sorted(names, key=lambda n: (-len(n), n))
    )
    aux = "|".join(re.escape(str(k)) for k in sorted(table, key=lambda k: -len(str(k))))
    pattern = re.compile(rf"(?<!\w)(?:{name})\s+({aux})(?![\w-])", re.IGNORECASE)

    def we(m: re.Match[str]) -> str:
        new = str(table[m.group(1).lower()])
        return new.ljust(len(m.group(0))) if len(new) <= len(m.group(0)) else m.group(0)

    return pattern.sub(we, masked)
