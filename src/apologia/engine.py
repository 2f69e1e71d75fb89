"""The lint engine: text -> Letter (passages, steps) -> problems. Shared by lint and draft."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from apologia import letter as letter_mod
from apologia.actor import as_we, company_names
from apologia.apology import judged_as_letter, skipped_rules
from apologia.config import Config
from apologia.errors import ApologiaError
from apologia.lexicon import LANGS, Lexicon, detect_language, get_lexicon
from apologia.lexicon.detect import MIN_SCORE, best_language, language_scores
from apologia.model import FileError, FileReport, Letter, Problem
from apologia.reading import refine
from apologia.steps import classify_passages

if TYPE_CHECKING:
    from apologia.formats import Masker

DEFAULT_CONFIG = Config()


class NotJudged(Exception):
    """A readable letter that is not judged (written in a language with no lexicon)."""

    def __init__(self, reason: str, lang: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.lang = lang


def lexicon_for(lang: str, config: Config) -> Lexicon:
    extras = config.lexicon.get(lang)
    try:
        return get_lexicon(lang, extras)
    except ApologiaError as exc:
        if not extras:
            raise
        # The shipped lexicon is tested; a pattern that does not compile is the config's.
        raise ApologiaError(
            exc.message, path=config.source or None, field=f"lexicon.{lang}"
        ) from None


def analyze_parts(
    raw: str,
    *,
    path: str = "<text>",
    lang: str | None = None,
    config: Config = DEFAULT_CONFIG,
    plain: bool = False,
    mask: Masker | None = None,
) -> list[Letter]:
    """The letter, or one Letter per language section when it is written in two
    languages and neither its front matter nor the option names one."""
    from apologia.languages import base_language, sections

    if lang is not None:
        tag, lang = lang, base_language(lang, LANGS)
        if lang is None:
            raise ApologiaError(f"unsupported language {tag!r}; use one of {', '.join(LANGS)}")
    body = letter_mod.read_body(raw, path, plain, mask)
    scores = None
    if lang is None and "lang" not in body.front.data:
        blocks = [(b.start, b.end, body.masked[b.start : b.end]) for b in body.blocks]
        whole = " ".join(text for _, _, text in blocks)
        scores = language_scores(whole)
        parts = (
            sections(blocks, lambda text: detect_language(text)[0]) if _could_mix(scores) else []
        )
        if parts:
            return [
                _letter(path, letter_mod.section(body, start, end), lg, config)
                for lg, start, end in parts
            ]
        # Scores depend only on the white-space separated words, in order: where the
        # blocks hold all the prose's words, they are the prose's scores too.
        if whole.split() != body.prose.split():
            scores = None
    return [_letter(path, body, _language(body, lang, scores), config)]


def _could_mix(scores: dict[str, float]) -> bool:
    """Whether two languages each have enough evidence in the whole text (`scores`) for
    some block to be detected as theirs: a block's score never exceeds the whole's, so
    one scoring of the letter spares a detection per block in the usual, one-language
    letter."""
    return sum(score >= MIN_SCORE for score in scores.values()) >= 2


def _letter(path: str, body: letter_mod.Body, lang: str, config: Config) -> Letter:
    lexicon = lexicon_for(lang, config)
    passages = letter_mod.passages(body, lexicon)
    company = str(body.front.data.get("company") or config.company or "") or None
    names = company_names(company, passages)
    masked = as_we(body.masked, names, lang)  # the company by name acts as "we"
    hits = lexicon.hits(masked)
    return Letter(
        path=path,
        raw=body.raw,
        lang=lang,
        passages=refine(classify_passages(passages, hits, masked, lexicon), masked),
        front_matter=body.front,
        line_starts=body.line_starts,
        company_names=names,
    )


def joined(parts: list[Letter]) -> Letter:
    """One Letter of a letter's language sections: lang `en+es`, all their passages."""
    passages = tuple(
        replace(p, index=i) for i, p in enumerate(p for part in parts for p in part.passages)
    )
    lang = "+".join(dict.fromkeys(part.lang for part in parts))
    return parts[0]._replace(lang=lang, passages=passages)


def _language(
    body: letter_mod.Body, option: str | None, scores: dict[str, float] | None = None
) -> str:
    """The letter's language: its front matter's `lang` (a BCP 47 tag), else the option,
    else a guess (from `scores`, the prose's `language_scores`, when given). A language
    with no lexicon, declared or recognised, raises NotJudged."""
    from apologia.languages import base_language, named, unsupported

    declared = body.front.data.get("lang")
    if isinstance(declared, str):
        chosen = base_language(declared, LANGS)
        if chosen is None:  # letter.py lets through only languages it can name
            raise NotJudged(f"unsupported language ({named(declared)}), not judged", declared)
        return chosen
    if option:
        return option
    guess, _ = detect_language(body.prose) if scores is None else best_language(scores)
    found = unsupported(body.prose)
    if found is not None:
        raise NotJudged(f"unsupported language ({found[1]}), not judged", found[0])
    return guess or "en"


def check(
    letter: Letter, config: Config = DEFAULT_CONFIG, *, apology: bool = True, suppress: bool = True
) -> list[Problem]:
    """Run every enabled rule; the engine stamps rule id and severity, drops suppressed.

    `apology` False: the file is not an apology, and the five-step rules do not judge it
    (nor, when it tells of no failure, the rules on how it apologises).
    `suppress` False: no inline comment counts (the draft gate, on what it renders).
    """
    from apologia.rules import REGISTRY
    from apologia.suppress import NONE, parse_suppressions

    suppressions = parse_suppressions(letter.raw) if suppress else NONE
    out: list[Problem] = []
    skipped = skipped_rules(letter, apology)
    for rule_id, rule in REGISTRY.items():
        severity = config.severity(rule_id, rule.SEVERITY)
        if severity is None or rule_id in skipped:
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
    mask: Masker | None = None,
    suppress: bool = True,
) -> FileReport:
    """Judge one letter given as text (used by `draft` on what it renders)."""
    cfg = config or DEFAULT_CONFIG
    if not text.strip():
        return FileReport(path, None, skipped="empty file, not judged")
    try:
        parts = analyze_parts(text, path=path, lang=lang, config=cfg, plain=plain, mask=mask)
    except NotJudged as exc:
        return FileReport(path, exc.lang, skipped=exc.reason)
    # A letter in two languages is judged section by section, each in its own language.
    problems: list[Problem] = []
    apology = False
    for part in parts:
        part_is_apology = judged_as_letter(part, cfg.letters, cfg.root)
        apology = apology or part_is_apology
        problems.extend(check(part, cfg, apology=part_is_apology, suppress=suppress))
    letter = parts[0] if len(parts) == 1 else joined(parts)
    problems.sort(key=lambda p: (p.line, p.column, p.rule))
    steps = tuple(p for p in letter.passages if p.step is not None)
    return FileReport(
        path,
        letter.lang,
        steps,
        tuple(problems),
        None,
        letter,
        apology,
        notices=_suppression_notices(text) if suppress else (),
    )


def _suppression_notices(raw: str) -> tuple[tuple[int, str], ...]:
    from apologia.rules import REGISTRY
    from apologia.suppress import parse_suppressions, unknown_ids

    return tuple(unknown_ids(parse_suppressions(raw), REGISTRY))


def lint_path(path: str, *, lang: str | None, config: Config) -> FileReport:
    """Judge one file; a file that cannot be judged becomes a report with `error`."""
    from apologia.formats import read_letter_file

    try:
        raw, mask, declared = read_letter_file(path, config.max_file_size)
        if declared is not None:
            # The file's own tag (Content-Language, <html lang>) wins, as front matter does.
            from apologia.languages import base_language, named

            if base_language(declared, LANGS) is None:
                name = named(declared)
                if name is None:
                    declared = None  # not a language tag apologia knows: detect instead
                else:
                    reason = f"unsupported language ({name}), not judged"
                    return FileReport(path, declared, skipped=reason)
        return lint_text(raw, path=path, lang=declared or lang, config=config, mask=mask)
    except ApologiaError as exc:
        error = FileError.of(exc)
        return FileReport(path, None, error=error if exc.path else error._replace(path=path))


def preload(config: Config) -> None:
    """Load what judging letters needs beyond what a one-letter run has loaded by now:
    the readers, the rules, YAML for front matter, and every language's lexicon.

    A process pool calls this before it forks its workers, which then inherit it all
    instead of each loading it again for its first letters.
    """
    from apologia import formats, placeholders, rules, suppress, yamlsafe  # noqa: F401

    for lang in LANGS:
        try:
            lexicon_for(lang, config)
        except Exception:  # each letter in that language reports it, as without this
            continue


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
    return report._replace(steps=steps, letter=letter._replace(passages=()))
