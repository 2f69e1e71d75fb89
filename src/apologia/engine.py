"""The lint engine: text -> Letter (passages, steps) -> problems. Shared by lint and draft."""

from __future__ import annotations

from dataclasses import replace

from apologia import letter as letter_mod
from apologia.apology import STEP_RULES, judged_as_letter
from apologia.config import Config
from apologia.errors import ApologiaError
from apologia.lexicon import LANGS, Lexicon, detect_language, get_lexicon
from apologia.model import FileError, FileReport, Letter, Problem
from apologia.steps import classify_passages

DEFAULT_CONFIG = Config()


def lexicon_for(lang: str, config: Config) -> Lexicon:
    return get_lexicon(lang, config.lexicon.get(lang))


def analyze(
    raw: str,
    *,
    path: str = "<text>",
    lang: str | None = None,
    config: Config = DEFAULT_CONFIG,
    plain: bool = False,
) -> Letter:
    """Parse a letter and classify its passages; raises ApologiaError for bad input."""
    if lang is not None and lang not in LANGS:
        raise ApologiaError(f"unsupported language {lang!r}; use one of {', '.join(LANGS)}")
    body = letter_mod.read_body(raw, path, plain)
    chosen = _language(body, lang)
    lexicon = lexicon_for(chosen, config)
    passages = letter_mod.passages(body, lexicon)
    hits = lexicon.hits(body.masked)
    return Letter(
        path=path,
        raw=raw,
        lang=chosen,
        passages=classify_passages(passages, hits, body.masked, lexicon),
        front_matter=body.front,
        line_starts=body.line_starts,
    )


def _language(body: letter_mod.Body, option: str | None) -> str:
    """The letter's language: its front matter's `lang`, else the option, else a guess."""
    declared = body.front.data.get("lang")
    if isinstance(declared, str):
        return declared
    if option:
        return option
    guess, _ = detect_language(body.prose)
    return guess or "en"


def check(
    letter: Letter, config: Config = DEFAULT_CONFIG, *, apology: bool = True
) -> list[Problem]:
    """Run every enabled rule; the engine stamps rule id and severity, drops suppressed.

    `apology` False: the file is not an apology, and the five-step rules do not judge it.
    """
    from apologia.rules import REGISTRY
    from apologia.suppress import parse_suppressions

    suppressions = parse_suppressions(letter.raw)
    out: list[Problem] = []
    for rule_id, rule in REGISTRY.items():
        severity = config.severity(rule_id, rule.SEVERITY)
        if severity is None or (not apology and rule_id in STEP_RULES):
            continue
        for problem in rule.check(letter):
            stamped = problem.stamped(rule_id, severity)
            if not suppressions.hides(stamped):
                out.append(stamped)
    return sorted(out, key=lambda p: (p.line, p.column, p.rule))


def lint_text(
    text: str,
    *,
    path: str = "<text>",
    lang: str | None = None,
    config: Config | None = None,
    plain: bool = False,
) -> FileReport:
    """Judge one letter given as text (used by `draft` on what it renders)."""
    cfg = config or DEFAULT_CONFIG
    letter = analyze(text, path=path, lang=lang, config=cfg, plain=plain)
    apology = judged_as_letter(letter, cfg.letters, cfg.root)
    problems = check(letter, cfg, apology=apology)
    steps = tuple(p for p in letter.passages if p.step is not None)
    return FileReport(path, letter.lang, steps, tuple(problems), None, letter, apology)


def lint_path(path: str, *, lang: str | None, config: Config) -> FileReport:
    """Judge one file; a file that cannot be judged becomes a report with `error`."""
    from apologia.files import read_letter

    try:
        raw = read_letter(path, max_bytes=config.max_file_size)
        return lint_text(
            raw, path=path, lang=lang, config=config, plain=path.lower().endswith(".txt")
        )
    except ApologiaError as exc:
        error = FileError.of(exc)
        return FileReport(path, None, error=error if exc.path else replace(error, path=path))


def for_report(report: FileReport) -> FileReport:
    """What an output needs of a judged letter, to send between processes cheaply.

    Reports keep their letter's text and line table (cue words, source lines, fixes) and
    the passages that hold a step, without their hits; the letter's other passages are
    dropped (only `--show-steps` lists them, and it runs without the pool).
    """
    letter = report.letter
    if letter is None:
        return report
    steps = tuple(p.classified((), p.step, p.step_hit, p.extra_steps) for p in report.steps)
    return replace(report, steps=steps, letter=replace(letter, passages=()))
