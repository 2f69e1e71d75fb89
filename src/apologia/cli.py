"""Typer app: options -> one `commands/` call -> exit code.

Only `typer` and the standard library are imported here; each command imports what it
needs when it runs, so `apologia --version` stays fast.
"""

# No `from __future__ import annotations`: Typer reads every parameter's annotation at
# each start, and string annotations would cost it an eval each (about 150).
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from apologia import __version__
from apologia.errors import ApologiaError
from apologia.languages import LANGS, listing

app = typer.Typer(
    name="apologia",
    help="Draft and lint customer apology letters against the five-step apology.",
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
)


class LintFormat(str, Enum):
    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"
    GITHUB = "github"


class RulesFormat(str, Enum):
    TEXT = "text"
    JSON = "json"


class DraftFormat(str, Enum):
    MD = "md"
    TXT = "txt"
    HTML = "html"
    EML = "eml"


class FailOn(str, Enum):
    ERROR = "error"
    WARNING = "warning"


def guard(fn: Callable[..., int], **kwargs: object) -> int:
    """Run a command; bad input becomes one line on stderr and exit 2."""
    try:
        return fn(**kwargs)
    except ApologiaError as exc:
        typer.echo(f"apologia: {exc}", err=True)
        return 2
    except KeyboardInterrupt:
        typer.echo("apologia: interrupted", err=True)
        return 130
    except BrokenPipeError:
        # The reader went away (`apologia lint | head`): not an error worth a traceback.
        sys.stderr.close()
        return 0
    except OSError as exc:
        # What the system refused where no command expected it: a name longer than it
        # allows, a full disk under stdout (`> /dev/full`). One line, exit 2.
        from apologia.errors import os_failure

        if exc.filename is None:
            _drop_stdout()
        typer.echo(f"apologia: {os_failure(exc)}", err=True)
        return 2


def _drop_stdout() -> None:
    """Point stdout at the null device, so the flush at exit does not fail again."""
    import os

    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):
        pass  # not a real file (a test's capture): nothing is flushed at exit


def _version(value: bool) -> None:
    if value:
        typer.echo(f"apologia {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = None,
) -> None:
    """Draft and lint customer apology letters against the five-step apology."""


class _OptionalRefCommand(typer.core.TyperCommand):
    """Lets `--changed` stand alone: Typer has no option with an optional value.

    `--changed` followed by nothing or by another option becomes `--changed=` (the
    default base); `--changed main` and `--changed=main` name the ref, as in click.
    """

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # Any: click is vendored
        fixed: list[str] = []
        for i, arg in enumerate(args):
            if arg == "--":
                fixed.extend(args[i:])
                break
            following = args[i + 1] if i + 1 < len(args) else None
            bare = following is None or following.startswith("-")
            fixed.append("--changed=" if arg == "--changed" and bare else arg)
        return super().parse_args(ctx, fixed)


@app.command(cls=_OptionalRefCommand)
def lint(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Files, folders (md, txt, html, mjml, eml letters) or - for stdin.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        LintFormat | None,
        typer.Option("--format", "-f", help="Output format [default: text]."),
    ] = None,
    lang: Annotated[
        str,
        typer.Option(
            "--lang",
            help=f"Language of the letters: auto, {', '.join(LANGS)}, or a BCP 47 tag (en-GB).",
        ),
    ] = "auto",
    config: Annotated[
        Path | None, typer.Option("--config", help="Configuration file to use.")
    ] = None,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Lowest severity that makes the exit code 1.")
    ] = FailOn.ERROR,
    fix: Annotated[bool, typer.Option("--fix", help="Repair fixable problems in place.")] = False,
    show_steps: Annotated[
        bool,
        typer.Option("--show-steps", help="List each passage with its step and deciding cue."),
    ] = False,
    changed: Annotated[
        str | None,
        typer.Option(
            "--changed",
            metavar="[REF]",
            help="Lint only letters changed against REF (default: the merge base with "
            "origin/HEAD, main or master); PATHs narrow them.",
            show_default=False,
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        # max: commands.lint.MAX_JOBS
        typer.Option("--jobs", "-j", min=1, max=64, help="Worker processes, 1 to 64 (1 = serial)."),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print problems only, no summary.")
    ] = False,
    exclude: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude",
            metavar="GLOB",
            help="Skip files matching GLOB (gitignore syntax; '!GLOB' lints it again). "
            "Repeatable; adds to the config's exclude.",
            show_default=False,
        ),
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List the files skipped and why.")
    ] = False,
    select: Annotated[
        list[str] | None,
        typer.Option(
            "--select", metavar="IDS", help="Report only these rules (a,b).", show_default=False
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option(
            "--ignore", metavar="IDS", help="Do not report these rules (a,b).", show_default=False
        ),
    ] = None,
    exit_zero: Annotated[
        bool,
        typer.Option(
            "--exit-zero",
            help="Exit 0 even with problems (2 still means a file could not be read).",
        ),
    ] = False,
    statistics: Annotated[
        bool, typer.Option("--statistics", help="Print the number of problems per rule.")
    ] = False,
    output_file: Annotated[
        Path | None,
        typer.Option(
            "--output-file",
            "-o",
            help="Write the report to FILE; the problems "
            "still go to stdout (text, or github annotations in Actions).",
        ),
    ] = None,
    summary: Annotated[
        Path | None,
        typer.Option(
            "--summary",
            metavar="FILE",
            help="Append a Markdown summary (counts "
            "per rule, worst files) to FILE, e.g. $GITHUB_STEP_SUMMARY.",
        ),
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline",
            metavar="FILE",
            help="Report only problems not in "
            "this baseline; list its entries that no longer occur.",
        ),
    ] = None,
    write_baseline: Annotated[
        Path | None,
        typer.Option(
            "--write-baseline", metavar="FILE", help="Record today's problems in FILE and exit 0."
        ),
    ] = None,
) -> None:
    """Check letters against the five-step apology structure."""
    from apologia.commands import lint as cmd

    try:
        report = cmd.ReportOptions(
            select=cmd.rule_ids(select or [], "--select"),
            ignore=cmd.rule_ids(ignore or [], "--ignore"),
            exit_zero=exit_zero,
            statistics=statistics,
            output_file=output_file,
            format_given=fmt is not None,
            summary=summary,
            baseline=baseline,
            write_baseline=write_baseline,
        )
    except ApologiaError as exc:
        typer.echo(f"apologia: {exc}", err=True)
        raise typer.Exit(2) from None

    raise typer.Exit(
        guard(
            cmd.run,
            paths=paths or [],
            fmt=fmt.value if fmt else None,
            lang=None if lang == "auto" else lang,
            config_path=config,
            fail_on=fail_on.value,
            fix=fix,
            show_steps=show_steps,
            changed=changed,
            jobs=jobs,
            quiet=quiet,
            exclude=exclude or [],
            verbose=verbose,
            report=report,
        )
    )


@app.command()
def draft(
    incident: Annotated[Path, typer.Argument(help="The incident file (YAML).")],
    lang: Annotated[
        str | None,
        typer.Option("--lang", help=f"{', '.join(LANGS)} or all [default: the file's lang]."),
    ] = None,
    fmt: Annotated[DraftFormat, typer.Option("--format", "-f", help="Output format.")] = (
        DraftFormat.MD
    ),
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write to FILE.")] = None,
    out_dir: Annotated[
        Path | None, typer.Option("--out-dir", help="Write <id>.<lang>.<ext> files here.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing files.")] = False,
    templates: Annotated[
        Path | None,
        typer.Option("--templates", help="Folder of templates overriding the shipped ones."),
    ] = None,
    check: Annotated[
        Path | None,
        typer.Option("--check", help="Exit 1 with a diff when this letter is stale."),
    ] = None,
    open_: Annotated[
        bool,
        typer.Option(
            "--open",
            help="Open the letter in a browser (a temporary file without -o/--out-dir); "
            "in CI or with no display, print its path instead.",
        ),
    ] = False,
) -> None:
    """Render a localized five-step letter from an incident file."""
    from apologia.commands import draft as cmd

    raise typer.Exit(
        guard(
            cmd.run,
            incident=incident,
            lang=lang,
            fmt=fmt.value,
            output=output,
            out_dir=out_dir,
            force=force,
            templates=templates,
            check=check,
            open_=open_,
        )
    )


@app.command()
def rules(
    fmt: Annotated[RulesFormat, typer.Option("--format", "-f", help="Output format.")] = (
        RulesFormat.TEXT
    ),
) -> None:
    """List every rule with its id, default severity and summary."""
    from apologia.commands import rules as cmd

    raise typer.Exit(guard(cmd.run, fmt=fmt.value))


@app.command()
def explain(rule_id: Annotated[str, typer.Argument(help="A rule id, e.g. blame-shift.")]) -> None:
    """Explain a rule: its rationale and a good and a bad example."""
    from apologia.commands import explain as cmd

    raise typer.Exit(guard(cmd.run, rule_id=rule_id))


@app.command()
def schema() -> None:
    """Print the JSON Schema of the incident file."""
    from apologia.commands import schema as cmd

    raise typer.Exit(guard(cmd.run))


@app.command()
def init(
    incident: Annotated[
        Path | None, typer.Argument(help="File to create [default: incident.yaml].")
    ] = None,
    lang: Annotated[str, typer.Option("--lang", help=f"{listing()}.")] = "en",
) -> None:
    """Write a commented starter incident file."""
    from apologia.commands import init as cmd

    raise typer.Exit(guard(cmd.run, path=incident, lang=lang))


@app.command()
def history(
    customer_id: Annotated[str, typer.Argument(help="The customer.id of the incidents.")],
    fmt: Annotated[RulesFormat, typer.Option("--format", "-f", help="Output format.")] = (
        RulesFormat.TEXT
    ),
    root: Annotated[
        Path | None,
        typer.Option("--root", help="Folder to search [default: the repository's root]."),
    ] = None,
) -> None:
    """List a customer's incidents (date, id, severity, title) found in the repository."""
    from apologia.commands import history as cmd

    raise typer.Exit(guard(cmd.run, customer_id=customer_id, fmt=fmt.value, root=root))


@app.command("check-drafts")
def check_drafts(
    incidents: Annotated[
        list[Path], typer.Argument(help="Incident files (YAML).", show_default=False)
    ],
    letters: Annotated[
        Path | None,
        typer.Option("--letters", help="Folder of the letters [default: beside each incident]."),
    ] = None,
    templates: Annotated[
        Path | None,
        typer.Option("--templates", help="Folder of templates overriding the shipped ones."),
    ] = None,
    allow_missing: Annotated[
        bool, typer.Option("--allow-missing", help="A language with no letter is not an error.")
    ] = False,
) -> None:
    """Exit 1 with a diff when a letter drafted from these incidents is stale or missing."""
    from apologia.commands import check_drafts as cmd

    raise typer.Exit(
        guard(
            cmd.run,
            incidents=incidents,
            letters=letters,
            templates=templates,
            allow_missing=allow_missing,
        )
    )


def main_entry() -> None:
    """Run the CLI (`entry.main` starts it): usage errors exit 2, as the contract says."""
    app()
