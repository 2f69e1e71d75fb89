"""`apologia draft`: incident file -> validated model -> letters -> lint gate -> output.

Output goes to stdout unless `-o FILE` or `--out-dir DIR` is given. With several
languages and neither option, every letter is printed to stdout, each after a header
line `==> <id>.<lang>.<ext> <==` (as `head` does for several files); `-o` takes one
language only. Nothing is written anywhere unless every letter passed every check, and
no existing file is replaced without `--force`.

Exit codes: 0 written; 1 refused (blame, regret before remedy, no concrete value for a
serious or repeated failure, a lint error in the letter) or stale under `--check`;
2 the input could not be judged.
"""

from __future__ import annotations

import difflib
import sys
from collections.abc import Iterable
from pathlib import Path

from apologia.errors import ApologiaError
from apologia.gate import Refused
from apologia.incident import Loaded, load
from apologia.render import FORMATS, Rendered

ALL = "all"


# --------------------------------------------------------------------------- options


def _langs(option: str | None, loaded: Loaded) -> list[str]:
    available = list(loaded.incident.langs)
    if option is None or option.strip().lower() == ALL:
        return available
    # Tags compare case-insensitively: --lang en-gb picks en-GB.
    canon = {lang.lower(): lang for lang in available}
    wanted = [canon.get(p.strip().lower(), p.strip()) for p in option.split(",") if p.strip()]
    # A regional tag of a language the incident has (es-MX for es) drafts that language's
    # text with the region's wording and formats, as a variant key in the file would.
    from apologia.locales import base_of, is_tag

    bases = {base_of(lang) for lang in available}
    bad = [w for w in wanted if w not in available and not (is_tag(w) and base_of(w) in bases)]
    if bad or not wanted:
        raise ApologiaError(
            f"{', '.join(bad) or repr(option)} is not a language of this incident; "
            f"use {', '.join(available)} or all",
            field="--lang",
        )
    return list(dict.fromkeys(wanted))


def _print_cedilla_notes(loaded: Loaded) -> None:
    """ş ţ (cedilla) in Romanian text are drafted as ș ț (comma below): say where."""
    from apologia import draftpolicy
    from apologia.errors import printable
    from apologia.incident import format_path

    for path in draftpolicy.cedilla_fields(loaded):
        line, col = loaded.where(path)
        print(
            printable(
                f"apologia: {loaded.path}:{line}:{col}: {format_path(path)}: "
                "ş/ţ (cedilla) drafted as ș/ț (comma below); fix the incident file too"
            ),
            file=sys.stderr,
        )


def print_refusals(refusals: Iterable[Refused]) -> None:
    from apologia.errors import printable

    for r in refusals:
        print(printable(f"apologia: refused: {r}"), file=sys.stderr)


def check_stale(letter_path: Path, rendered: str, max_bytes: int) -> int:
    """0 if the letter on disk is `rendered`; else print a unified diff and return 1."""
    from apologia.files import read_text

    if not letter_path.exists() and not letter_path.is_symlink():
        raise ApologiaError("no such letter to check", path=str(letter_path))
    on_disk = read_text(str(letter_path), max_bytes, noun="letter")
    from apologia.render import comparable

    fmt = letter_path.suffix.lstrip(".")
    if comparable(on_disk, fmt) == comparable(rendered, fmt):
        return 0
    diff = difflib.unified_diff(
        on_disk.splitlines(keepends=True),
        rendered.splitlines(keepends=True),
        fromfile=str(letter_path),
        tofile=f"{letter_path} (rendered)",
    )
    from apologia.formatters.text import clean

    # The letter on disk may hold anything: ESC sequences and CRs are shown as escapes.
    sys.stdout.writelines(clean(line.removesuffix("\n")) + "\n" for line in diff)
    print(f"apologia: {letter_path}: stale; run apologia draft again to update it", file=sys.stderr)
    return 1


def _check_target(path: Path, langs: list[str], fmt: str) -> tuple[str, str]:
    """(lang, fmt) a `--check` letter is compared as: from `<id>.<lang>.<ext>` if needed."""
    suffixes = [s.lstrip(".") for s in path.suffixes]
    if suffixes and suffixes[-1] in FORMATS:
        fmt = suffixes[-1]
    if len(langs) == 1:
        return langs[0], fmt
    named = [s for s in suffixes[:-1] if s in langs]
    if named:
        return named[-1], fmt
    raise ApologiaError(
        f"the incident has several languages ({', '.join(langs)}); pick one with --lang",
        field="--check",
    )


def _check_inside(out_dir: Path, targets: list[tuple[Path, Rendered]], loaded: Loaded) -> None:
    """Every `--out-dir` file lands inside the folder: no separator or `..` in the name
    (the schema forbids them in incident.id; checked again here, where it matters), and no
    symlink already in the folder that points out of it."""
    import os

    root = os.path.realpath(out_dir)
    for path, _ in targets:
        if path.parent != out_dir or "\\" in path.name:
            raise loaded.error(("incident", "id"), "cannot name a file inside --out-dir")
        real = os.path.realpath(path)
        if os.path.commonpath([root, real]) != root or os.path.dirname(real) != root:
            raise ApologiaError(f"is a link to {real}, outside --out-dir; refused", path=str(path))


# --------------------------------------------------------------------------- command


def run(
    incident: Path,
    lang: str | None,
    fmt: str,
    output: Path | None,
    out_dir: Path | None,
    force: bool,
    templates: Path | None,
    check: Path | None,
    open_: bool,
) -> int:
    """Draft the letters of one incident file; see the module docstring."""
    _check_options(fmt, output, out_dir, check)

    from apologia.config import load as load_config
    from apologia.gate import draft, templates_for

    config = load_config()
    loaded = load(incident, max_bytes=config.max_file_size)
    langs = _langs(lang, loaded)
    if output is not None and len(langs) > 1:
        raise ApologiaError(
            f"-o takes one letter, and this draft has {len(langs)} languages "
            f"({', '.join(langs)}); use --lang, or --out-dir for one file per language",
            field="-o",
        )
    if check is not None:
        check_lang, fmt = _check_target(check, langs, fmt)
        langs = [check_lang]

    _print_cedilla_notes(loaded)
    drafts = draft(loaded, langs, fmt, config, templates_for(config, templates))
    for notice in drafts.notices:
        print(f"apologia: {notice}", file=sys.stderr)
    if drafts.refusals:
        print_refusals(drafts.refusals)
        print("apologia: nothing was written", file=sys.stderr)
        return 1
    letters = list(drafts.letters)

    if check is not None:
        return check_stale(check, letters[0].text, config.max_file_size)
    ident = loaded.incident.incident.id
    if output is None and out_dir is None:
        return _preview(ident, letters) if open_ else _to_stdout(ident, letters)
    targets = _targets(output, out_dir, ident, letters, loaded)
    _write_all(targets, out_dir, force)
    if open_:
        _open([path for path, _ in targets])
    return 0


def _check_options(fmt: str, output: Path | None, out_dir: Path | None, check: Path | None) -> None:
    """Options that cannot go together, refused before any file is read."""
    if fmt not in FORMATS:
        raise ApologiaError(f"unknown format {fmt!r}; use {', '.join(FORMATS)}", field="--format")
    if output is not None and out_dir is not None:
        raise ApologiaError("use -o FILE or --out-dir DIR, not both", field="-o")
    if check is not None and (output is not None or out_dir is not None):
        raise ApologiaError(
            "--check compares in memory; it writes nothing, drop -o/--out-dir", field="--check"
        )


def _to_stdout(ident: str, letters: list[Rendered]) -> int:
    """Every letter on stdout; several are headed by their file names, as `head` does."""
    for letter in letters:
        if len(letters) > 1:
            sys.stdout.write(f"==> {ident}.{letter.lang}.{letter.fmt} <==\n")
        sys.stdout.write(letter.text)
        if len(letters) > 1 and letter is not letters[-1]:
            sys.stdout.write("\n")
    sys.stdout.flush()
    return 0


def _targets(
    output: Path | None,
    out_dir: Path | None,
    ident: str,
    letters: list[Rendered],
    loaded: Loaded,
) -> list[tuple[Path, Rendered]]:
    """Where each letter goes: the -o file, or `<id>.<lang>.<ext>` inside --out-dir."""
    if output is not None:
        return [(output, letters[0])]
    assert out_dir is not None
    if out_dir.exists() and not out_dir.is_dir():
        raise ApologiaError("is not a folder", path=str(out_dir), field="--out-dir")
    targets = [(out_dir / f"{ident}.{lt.lang}.{lt.fmt}", lt) for lt in letters]
    _check_inside(out_dir, targets, loaded)
    return targets


def _write_all(targets: list[tuple[Path, Rendered]], out_dir: Path | None, force: bool) -> None:
    """Write every letter, after checking every target first, so a refusal never leaves
    half a set of letters behind."""
    from apologia.files import atomic_write

    if not force:
        existing = [str(p) for p, _ in targets if p.exists() or p.is_symlink()]
        if existing:
            raise ApologiaError(
                f"file exists: {', '.join(existing)}; use --force to overwrite",
                path=existing[0],
            )
    if out_dir is not None:
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ApologiaError(
                f"cannot create the folder: {exc.strerror or exc}", path=str(out_dir)
            ) from None
    for path, letter in targets:
        # A symlink is written through only to a file in its own folder, as --out-dir.
        within = out_dir if out_dir is not None else path.parent
        atomic_write(path, letter.text.encode("utf-8"), force=force, within=within)
        print(f"apologia: wrote {path}", file=sys.stderr)


def _preview(ident: str, letters: list[Rendered]) -> int:
    """`--open` with no -o/--out-dir: write to a new private folder (0700), then open."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="apologia-"))
    paths = [folder / f"{ident}.{letter.lang}.{letter.fmt}" for letter in letters]
    for path, letter in zip(paths, letters, strict=True):
        path.write_bytes(letter.text.encode("utf-8"))
        print(f"apologia: wrote {path}", file=sys.stderr)
    _open(paths)
    return 0


def _open(paths: list[Path]) -> None:
    """Open letters in a browser; in CI or with no display, print where they are instead."""
    import os
    import webbrowser

    reason = None
    if os.environ.get("CI"):
        reason = "CI is set"
    elif (
        os.name == "posix"
        and sys.platform != "darwin"
        and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    ):
        reason = "no display"
    for path in paths:
        uri = path.resolve().as_uri()
        if reason is None and webbrowser.open(uri):
            continue
        print(
            f"apologia: not opening a browser ({reason or 'none found'}); open {uri}",
            file=sys.stderr,
        )
