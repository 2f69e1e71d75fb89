"""The suppression comments for the CI job summary: those a change adds (with
`--changed`), else every one in the linted letters, so a reviewer sees what a pull
request silenced. Bounded: at most `MAX_LISTED` rows, then a count of the rest."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from apologia.errors import ApologiaError
from apologia.files import read_letter
from apologia.formatters.github import repo_path
from apologia.suppress import directives
from apologia.tally import cell

MAX_LISTED = 200
_SUPPRESSING = ("disable", "disable-next-line")  # an enable comment hides nothing


def markdown(files: Sequence[str], added: Mapping[str, frozenset[int] | None] | None) -> str:
    """The summary's section. `added` maps each letter to its new line numbers (None:
    the whole letter is new); without it (no `--changed`) every comment is listed."""
    rows: list[str] = []
    more = 0
    for path in files:
        if path == "-":
            continue
        try:  # the lint's own reader: bounded, no FIFO, nothing outside the repository
            raw = read_letter(path)
        except ApologiaError:
            continue  # the lint reported it
        new = added.get(path, frozenset()) if added is not None else None
        for d in directives(raw):
            if d.kind not in _SUPPRESSING or (new is not None and d.line not in new):
                continue
            if len(rows) >= MAX_LISTED:
                more += 1
                continue
            rules = ", ".join(cell(i) for i in d.ids) if d.ids else "all rules"
            rows.append(f"| {cell(repo_path(path, None))}:{d.line} | {d.kind} | {rules} |")
    title = (
        "Suppressions added by this change"
        if added is not None
        else ("Suppressions in these letters")
    )
    out = [f"### {title}", ""]
    if not rows:
        none = "this change adds no" if added is not None else "these letters hold no"
        out.append(f"None: {none} `apologia-disable` comments.")
    else:
        out += ["| where | comment | rules |", "|---|---|---|", *rows]
        if more:
            out += ["", f"… and {more} more."]
    return "\n".join(out) + "\n\n"
