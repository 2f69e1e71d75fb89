"""The languages apologia speaks, language tags, and languages it does not judge.

The languages are one for each lexicon file, `lexicons/<code>.yaml`: everything that
names them (the CLI's help, config and incident validation, front matter, messages)
reads `LANGS` here, so adding a language is adding its data (a lexicon; for `draft`, its
templates and locale data). Only the standard library is imported: the CLI reads this
at start-up.

Wherever a language is given (front matter `lang`, `--lang`, an e-mail's
Content-Language, an HTML `lang` attribute) a BCP 47 tag such as `en-GB` or `es-MX` is
accepted: its primary language subtag chooses the lexicon. A letter whose words are
mostly those of a language with no lexicon (`data/unsupported.json`) is reported as
"unsupported language, not judged" rather than failing every rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

_TAG = re.compile(r"([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*")
_WORDS = re.compile(r"[^\W\d_]+")
# A letter is in an unsupported language when at least this share of its words are that
# language's function words (real letters score 0.2 and more; others under 0.03).
SHARE = 0.12
MIN_HITS = 3


def _codes() -> tuple[str, ...]:
    folder = Path(__file__).with_name("lexicons")
    if folder.is_dir():  # the usual install: one directory listing
        return tuple(sorted(p.stem for p in folder.glob("*.yaml")))
    from importlib import resources  # costs a few ms: only where the folder is not a folder

    names = (f.name for f in (resources.files("apologia") / "lexicons").iterdir())
    return tuple(sorted(n.removesuffix(".yaml") for n in names if n.endswith(".yaml")))


# Each a lexicon's primary language subtag (`en`, `es`, `ro`), in a stable order.
LANGS: tuple[str, ...] = _codes()


def listing(last: str = "or") -> str:
    """The languages for a message: "en, es or ro"."""
    return LANGS[0] if len(LANGS) == 1 else f"{', '.join(LANGS[:-1])} {last} {LANGS[-1]}"


def base(tag: str) -> str | None:
    """The language apologia speaks that a BCP 47 tag names (`es-MX` -> `es`), or None."""
    return base_language(tag, LANGS)


def primary(tag: str) -> str | None:
    """The primary language subtag of a BCP 47 tag, lower case (`es-MX` -> `es`)."""
    m = _TAG.fullmatch(tag.strip())
    return m.group(1).lower() if m else None


def base_language(tag: str, supported: tuple[str, ...]) -> str | None:
    """The supported language a tag names (`en-GB` -> `en`), or None."""
    lang = primary(tag)
    return lang if lang in supported else None


@cache
def _profiles() -> dict[str, tuple[str, frozenset[str]]]:
    import json  # JSON, not YAML: this runs on every letter, and yaml costs start-up

    beside = Path(__file__).with_name("data") / "unsupported.json"
    if beside.is_file():  # the usual install; importlib.resources costs more to import
        text = beside.read_text("utf-8")
    else:
        from importlib import resources

        text = resources.files("apologia").joinpath("data/unsupported.json").read_text("utf-8")
    data = json.loads(text)
    return {
        code: (str(entry["name"]), frozenset(str(w).lower() for w in entry["words"]))
        for code, entry in data.items()
        if not code.startswith("_")
    }


def unsupported(text: str) -> tuple[str, str] | None:
    """(code, name) of the unsupported language `text` is written in, or None."""
    words = [w.lower() for w in _WORDS.findall(text)]
    if not words:
        return None
    best: tuple[int, str, str] | None = None
    for code, (name, vocabulary) in _profiles().items():
        hits = sum(1 for w in words if w in vocabulary)
        if best is None or hits > best[0]:
            best = (hits, code, name)
    if best is None or best[0] < MIN_HITS or best[0] / len(words) < SHARE:
        return None
    return best[1], best[2]


def named(tag: str) -> str | None:
    """The English name of an unsupported language a tag names (`fr-CA` -> French)."""
    entry = _profiles().get(primary(tag) or "")
    return entry[0] if entry else None


# A section in another language must be a real letter, not a quoted phrase.
MIN_SECTION_WORDS = 20
MIN_BLOCK_WORDS = 5


def sections(
    blocks: list[tuple[int, int, str]], detect: Callable[[str], str | None]
) -> list[tuple[str, int, int]]:
    """(language, start, end) of each section of a letter written in two languages or
    more; [] for a letter in one. `blocks` are (start, end, text) in order.

    Each block long enough to tell is given its language; a short one (a greeting, a
    signature) belongs to the section it sits in, or the one after it at the top.
    """
    langs: list[str | None] = []
    for _, _, text in blocks:
        langs.append(detect(text) if len(_WORDS.findall(text)) >= MIN_BLOCK_WORDS else None)
    known = [lg for lg in langs if lg is not None]
    if len(set(known)) < 2:
        return []
    # A short block takes the language of the block before it (the first ones, after).
    current = known[0]
    runs: list[list[int | str]] = []  # [lang, start, end, words]
    for (start, end, text), lg in zip(blocks, langs, strict=True):
        lg = lg or current
        current = lg
        words = len(_WORDS.findall(text))
        if runs and runs[-1][0] == lg:
            runs[-1][2] = end
            runs[-1][3] = int(runs[-1][3]) + words
        else:
            runs.append([lg, start, end, words])
    if len(runs) < 2 or any(int(r[3]) < MIN_SECTION_WORDS for r in runs):
        return []
    return [(str(r[0]), int(r[1]), int(r[2])) for r in runs]
