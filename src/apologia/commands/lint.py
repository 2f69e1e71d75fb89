"""`apologia lint`: judge letters and report problems."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from apologia import __version__
from apologia.config import Config
from apologia.config import load as load_config
from apologia.errors import ApologiaError
from apologia.model import FileError, FileReport, Report, Severity

if TYPE_CHECKING:
    from apologia.baseline import Baseline, Recorder
    from apologia.formatters import Options
    from apologia.tally import Tally

# Below this many files a process pool costs more than it saves.
PARALLEL_THRESHOLD = 48
# The most worker processes `--jobs` starts (cli.py says so too): each holds a lexicon.
MAX_JOBS = 64


def collect(
    paths: list[str],
    config: Config,
    exclude: Iterable[str] = (),
    skipped: list[tuple[str, str]] | None = None,
) -> tuple[list[str], list[FileReport]]:
    """Expand the paths; a path that cannot be expanded is reported, the rest still run.

    `exclude` (from `--exclude`) adds to the config's globs, after them, so a `!glob` on
    the command line re-includes what the config or the defaults leave out.
    """
    from apologia.walk import expand_paths

    root = Path(config.root) if config.root else Path.cwd()
    globs = (*config.exclude, *exclude)
    files: list[str] = []
    broken: list[FileReport] = []
    unreadable: list[ApologiaError] = []
    for given in paths:
        try:
            files.extend(
                expand_paths(
                    [given], exclude=globs, root=root, skipped=skipped, unreadable=unreadable
                )
            )
        except ApologiaError as exc:
            broken.append(FileReport(given, None, error=FileError.of(exc)))
    # A folder that could not be searched is reported (exit 2), its letters unknown.
    broken.extend(FileReport(e.path or "", None, error=FileError.of(e)) for e in unreadable)
    return list(dict.fromkeys(files)), broken  # each file once, in the order given


def judge(
    files: list[str],
    lang: str | None,
    config: Config,
    jobs: int | None,
    *,
    every_passage: bool = False,
) -> Iterator[FileReport]:
    """Lint files in order; a process pool for large batches, same order as serial.

    The pool sends back what an output needs; `every_passage` (for `--show-steps`) asks
    for every passage of each letter as well.
    """
    from apologia.parallel import judge_one

    workers = jobs if jobs is not None else min(os.cpu_count() or 1, MAX_JOBS)
    if workers <= 1 or len(files) < PARALLEL_THRESHOLD or "-" in files:
        for f in files:
            yield judge_one(f, lang, config)
        return
    from apologia.parallel import lint_parallel

    yield from lint_parallel(files, lang, config, workers, every_passage=every_passage)


def apply_fixes(reports: Iterable[FileReport]) -> int:
    """Rewrite files with the edits of fixable problems; returns the number of edits."""
    from apologia.files import atomic_write

    count = 0
    for report in reports:
        edits = [p.edit for p in report.problems if p.edit is not None]
        if not edits or report.letter is None or report.path == "-":
            continue
        try:
            raw_bytes = Path(report.path).read_bytes()
            text = raw_bytes.decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue  # gone or rewritten since it was read: leave it alone
        bom = raw_bytes.startswith(b"\xef\xbb\xbf")
        if text != report.letter.raw:
            continue  # changed on disk since it was read: leave it alone
        out: list[str] = []
        last = 0
        for e in sorted(edits, key=lambda e: e.start):
            out.append(text[last : e.start])
            out.append(e.replacement)
            last = e.end
        out.append(text[last:])
        data = "".join(out).encode("utf-8")
        atomic_write(Path(report.path), (b"\xef\xbb\xbf" if bom else b"") + data, force=True)
        count += len(edits)
    return count


class Totals:
    """What the exit code needs from the reports streaming past, keeping none but the broken.

    An unjudged file is announced on stderr as it passes.
    """

    def __init__(self) -> None:
        self.errors = 0
        self.warnings = 0
        self.broken: list[FileReport] = []

    def count(self, reports: Iterable[FileReport]) -> Iterator[FileReport]:
        for report in reports:
            self.errors += report.errors
            self.warnings += report.warnings
            if report.error is not None:
                self.broken.append(report)
                print(f"apologia: {report.error}", file=sys.stderr)
            for line, notice in report.notices:
                print(f"apologia: {report.path}:{line}: warning: {notice}", file=sys.stderr)
            yield report


def exit_code(report: Report | Totals, fail_on: str) -> int:
    if report.broken:
        return 2
    if report.errors or (fail_on == "warning" and report.warnings):
        return 1
    return 0


def choose_format(fmt: str | None) -> str:
    if fmt:
        return fmt
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def use_color() -> bool:
    # NO_COLOR (no-color.org) wins; FORCE_COLOR (force-color.org) colours a pipe too.
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return os.environ.get("TERM") != "dumb" and sys.stdout.isatty()


def run(
    *,
    paths: list[str],
    fmt: str | None,
    lang: str | None,
    config_path: Path | None,
    fail_on: str,
    fix: bool,
    show_steps: bool,
    changed: str | None,
    jobs: int | None,
    quiet: bool,
    exclude: Iterable[str] = (),
    verbose: bool = False,
    report: ReportOptions | None = None,
) -> int:
    _check_lang(lang)
    config = load_config(config_path)
    paths = _paths_to_lint(paths, changed)
    skipped: list[tuple[str, str]] = []
    files, broken = collect(paths, config, exclude, skipped)
    if verbose:
        for path, reason in skipped:
            print(f"apologia: skipped {path}: {reason}", file=sys.stderr)
    from apologia.progress import track

    reports: Iterable[FileReport] = track(
        judge(files, lang, config, jobs, every_passage=show_steps),
        total=len(files),
        quiet=quiet,
    )
    if fix:
        reports = _fixed(reports, lang, config)
    extra = report or ReportOptions()
    reports = narrow(reports, extra.select, extra.ignore)
    known: Baseline | None = None
    if extra.baseline is not None:
        from apologia.baseline import Baseline

        known = Baseline.load(extra.baseline)
        reports = known.filter(reports)
    recorder: Recorder | None = None
    if extra.write_baseline is not None:
        from apologia.baseline import Recorder

        recorder = Recorder(extra.write_baseline)
        reports = recorder.watch(reports)
    from apologia.tally import Tally

    tally = Tally()
    totals = Totals()
    # Reports flow from the judge through the formatter to stdout, one file at a time:
    # only counts are kept, so memory does not grow with the number of letters.
    flow = tally.count(totals.count(chain(broken, reports)))
    _write_outputs(flow, choose_format(fmt), extra, tally, show_steps=show_steps, quiet=quiet)
    if extra.summary is not None:
        _append(extra.summary, tally.markdown() + _suppressions(files, changed))
    if known is not None:
        _say_stale(known)
    if recorder is not None:
        _say_recorded(recorder, extra)
    if recorder is not None or extra.exit_zero:
        return 2 if totals.broken else 0
    return exit_code(totals, fail_on)


def _suppressions(files: list[str], changed: str | None) -> str:
    """The summary's list of suppression comments: those the change adds with
    `--changed` (added lines of the same diff), else all in the linted letters."""
    from apologia import suppression_list

    added = None
    if changed is not None:
        from apologia.gitdiff import added_lines

        added = added_lines(changed or None, files)
    return suppression_list.markdown(files, added)


def _check_lang(lang: str | None) -> None:
    """--lang names a supported language, bare or as a BCP 47 tag."""
    if lang is None:
        return
    from apologia.languages import base_language
    from apologia.lexicon import LANGS

    if base_language(lang, LANGS) is None:
        raise ApologiaError(
            f"--lang: unsupported language {lang!r}; use auto, {', '.join(LANGS)} "
            "or a BCP 47 tag of one (en-GB, es-MX)"
        )


def _paths_to_lint(paths: list[str], changed: str | None) -> list[str]:
    """The PATHs as given, or the changed letters within them with --changed."""
    if changed is None:
        if not paths:
            raise ApologiaError("no paths given; name files, folders, or - for stdin")
        return paths
    from apologia.gitdiff import changed_letters

    # PATHs narrow the changed letters; "" (a bare --changed) means the default base.
    letters = changed_letters(changed or None, within=paths)
    if not letters:
        # Still print an empty report: a SARIF upload step expects a file.
        print("apologia: no changed letters to lint", file=sys.stderr)
    return letters


def _fixed(reports: Iterable[FileReport], lang: str | None, config: Config) -> list[FileReport]:
    """Apply the fixable edits, then judge the fixed letters again."""
    judged = list(reports)
    fixed = apply_fixes(judged)
    if fixed:
        print(f"apologia: fixed {fixed} problem{'s' if fixed != 1 else ''}", file=sys.stderr)
        judged = list(judge([r.path for r in judged], lang, config, 1))
    return judged


def _say_recorded(recorder: Recorder, extra: ReportOptions) -> None:
    recorded = recorder.save()
    print(
        f"apologia: wrote {recorded} problem{'s' if recorded != 1 else ''} to the "
        f"baseline {extra.write_baseline}",
        file=sys.stderr,
    )


def _write_outputs(
    flow: Iterable[FileReport],
    name: str,
    extra: ReportOptions,
    tally: Tally,
    *,
    show_steps: bool,
    quiet: bool,
) -> None:
    """The report on stdout; with `--output-file`, in that file and the log format on
    stdout; with `--statistics`, the counts per rule instead of each problem."""
    from apologia.formatters import get
    from apologia.progress import BesideBar

    # The real stdout, even if a progress bar redirects sys.stdout; the bar steps aside.
    out = BesideBar(sys.stdout)
    if extra.statistics:
        for _ in flow:
            pass
        out.write(tally.statistics("json" if name == "json" else "text"))
    elif extra.output_file is not None:
        from apologia.files import atomic_write
        from apologia.model import Report

        judged = tuple(flow)
        file_format = name if extra.format_given else _format_of(extra.output_file, name)
        text = get(file_format, _options(file_format, False, False)).render(
            Report(judged, __version__)
        )
        atomic_write(extra.output_file, text.encode("utf-8"), force=True)
        log = choose_format(None)  # the problems stay in the log: github or text
        for piece in get(log, _options(log, show_steps, quiet)).stream(judged, __version__):
            out.write(piece)
    else:
        for piece in get(name, _options(name, show_steps, quiet)).stream(flow, __version__):
            out.write(piece)
    out.flush()


def _options(name: str, show_steps: bool, quiet: bool) -> Options:
    from apologia.formatters import Options

    return Options(
        color=name == "text" and use_color(),
        show_steps=show_steps,
        quiet=quiet,
        # On a terminal, source lines are cut to its width; in a pipe, to a fixed 100.
        width=shutil.get_terminal_size().columns
        if name == "text" and sys.stdout.isatty()
        else None,
    )


def _format_of(path: Path, default: str) -> str:
    suffix = path.suffix.lower()
    return {".sarif": "sarif", ".json": "json"}.get(suffix, default)


def _append(path: Path, text: str) -> None:
    """Append to a file (GitHub's job summary is one file the steps add to)."""
    try:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(text)
    except OSError as exc:
        raise ApologiaError(f"cannot write the summary: {exc.strerror}", path=str(path)) from exc


def _say_stale(known: Baseline) -> None:
    stale = known.stale()
    if not stale:
        return
    print(
        f"apologia: {len(stale)} baseline "
        f"{'entries' if len(stale) != 1 else 'entry'} in {known.source} no longer "
        f"{'occur' if len(stale) != 1 else 'occurs'}; write it again with "
        "--write-baseline to prune:",
        file=sys.stderr,
    )
    for path, rule, digest in stale:
        print(f"  {path} {rule} {digest}", file=sys.stderr)


def narrow(
    reports: Iterable[FileReport], select: Sequence[str], ignore: Sequence[str]
) -> Iterable[FileReport]:
    """Only the problems of `select`ed rules (all when empty), none of `ignore`d ones."""
    if not select and not ignore:
        return reports
    chosen, dropped = frozenset(select), frozenset(ignore)
    return (
        r._replace(
            problems=tuple(
                p for p in r.problems if (not chosen or p.rule in chosen) and p.rule not in dropped
            ),
        )
        for r in reports
    )


def rule_ids(values: Iterable[str], option: str) -> list[str]:
    """Rule ids given as `a,b` or repeated options; an unknown id is a usage error."""
    from difflib import get_close_matches

    from apologia.rules import REGISTRY

    ids = [v.strip() for value in values for v in value.split(",") if v.strip()]
    for rule_id in ids:
        if rule_id not in REGISTRY:
            near = get_close_matches(rule_id, list(REGISTRY), n=1)
            hint = f"did you mean {near[0]!r}?" if near else f"rules are: {', '.join(REGISTRY)}"
            raise ApologiaError(f"{option}: unknown rule id {rule_id!r}; {hint}")
    return ids


class ReportOptions(NamedTuple):
    """What to report and where, beyond the format: rule selection, the baseline, the
    statistics, a report file and the CI job summary."""

    select: Sequence[str] = ()
    ignore: Sequence[str] = ()
    exit_zero: bool = False
    statistics: bool = False
    output_file: Path | None = None
    format_given: bool = False
    summary: Path | None = None
    baseline: Path | None = None
    write_baseline: Path | None = None


__all__ = ["Severity", "run"]
