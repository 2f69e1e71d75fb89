"""The engine end to end: language choice, what is judged as prose, steps, positions."""

from __future__ import annotations

import pytest

from apologia.config import Config
from apologia.engine import lint_text
from apologia.errors import ApologiaError
from apologia.model import Severity, Step
from conftest import BLAME, BLAME_LINE, GOOD


def rules_at(text: str, **kw: object) -> list[tuple[str, int]]:
    return [(p.rule, p.line) for p in lint_text(text, **kw).problems]  # type: ignore[arg-type]


# --- language -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "es", "ro"])
def test_good_letters_are_clean_and_detected(lang: str) -> None:
    report = lint_text(GOOD[lang])
    assert report.lang == lang
    assert report.problems == ()


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("We have refunded your order. We are sorry.", "en"),
        ("Le hemos devuelto el dinero. Lo sentimos.", "es"),
        ("V-am returnat banii. Ne pare rău.", "ro"),
        # Romanian typed without diacritics
        ("Ne pare rau ca ati asteptat atat de mult pentru coletul dumneavoastra.", "ro"),
        ("Va multumim pentru rabdare si ne cerem scuze pentru intarzierea comenzii.", "ro"),
        # Spanish typed without accents
        ("Le pedimos disculpas por el retraso de su pedido y le devolvemos el importe.", "es"),
        # a name with diacritics does not make an English letter Romanian or Spanish
        ("We have refunded the order Ms. Álvarez placed from Timișoara last week.", "en"),
    ],
)
def test_language_detection_on_short_letters(text: str, lang: str) -> None:
    assert lint_text(text).lang == lang


def test_front_matter_lang_wins_over_detection_and_option() -> None:
    text = "---\nlang: ro\n---\nWe have refunded your order. We are sorry.\n"
    assert lint_text(text).lang == "ro"
    assert lint_text(text, lang="es").lang == "ro"


def test_lang_option_wins_over_detection() -> None:
    text = "We have refunded your order. We are sorry.\n"
    assert lint_text(text, lang="es").lang == "es"
    # judged with the Spanish lexicon, the English cues are not found (not even regret)
    report = lint_text(text, lang="es")
    assert (report.steps, report.apology) == ((), False)


def test_ro_cedilla_only_judges_romanian() -> None:
    text = "Vă mulţumim pentru răbdare.\n"
    assert ("ro-cedilla", 1) in rules_at(text)
    assert ("ro-cedilla", 1) not in rules_at("---\nlang: en\n---\n" + text)


def test_unsupported_language_is_bad_input() -> None:
    with pytest.raises(ApologiaError):
        lint_text("We have refunded you.\n", lang="fr")


# --- what is not prose ----------------------------------------------------------------

BASE = "We have refunded your order.\n\n{}\n\nWe are sorry.\n"


@pytest.mark.parametrize(
    "hidden",
    [
        "```\nOur courier lost your parcel.\n```",
        "~~~text\nOur courier lost your parcel.\n~~~",
        "    Our courier lost your parcel.",
        "<!-- Our courier lost your parcel. -->",
        "<!--\nOur courier lost your parcel.\n-->",
        "The log line `our courier lost your parcel` is attached.",
    ],
    ids=["fenced", "tilde-fence", "indented", "comment", "multiline-comment", "inline-code"],
)
def test_code_and_comments_are_not_judged(hidden: str) -> None:
    text = BASE.format(hidden)
    assert "blame-shift" not in [r for r, _ in rules_at(text, lang="en")]
    # the same sentence as prose does fire, so the test above can fail
    assert "blame-shift" in [r for r, _ in rules_at(BASE.format("Our courier lost your parcel."))]


def test_front_matter_is_not_judged_and_lines_count_it() -> None:
    text = (
        "---\n"
        "lang: en\n"
        "incident: INC-9\n"
        "title: Our courier lost your parcel.\n"
        "---\n"
        "\n"
        "We have refunded your order.\n"
        "Our courier lost your parcel.\n"
    )
    report = lint_text(text)
    assert [(p.rule, p.line) for p in report.problems if p.rule == "blame-shift"] == [
        ("blame-shift", 8)
    ]
    assert [(p.step, p.line) for p in report.steps] == [(Step.VALUE, 7)]


def test_columns_are_in_the_original_text() -> None:
    text = "We have refunded you.\n> quoted\n\n**Sadly**, our courier lost your parcel.\n"
    [p] = [p for p in lint_text(text, lang="en").problems if p.rule == "blame-shift"]
    assert (p.line, p.column) == (4, text.splitlines()[3].index("our courier") + 1)


def test_crlf_line_numbers() -> None:
    text = BLAME.replace("\n", "\r\n")
    assert [(r, ln) for r, ln in rules_at(text)] == [("blame-shift", BLAME_LINE)]


def test_quoted_customer_words_are_not_judged() -> None:
    text = (
        "We have refunded your order.\n\n"
        "> Your courier lost my parcel and you are sorry if I feel upset?\n\n"
        "You wrote that our courier lost your parcel.\n"
    )
    found = [r for r, _ in rules_at(text, lang="en")]
    assert "blame-shift" not in found
    assert "non-apology" not in found


# --- steps ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "es", "ro"])
def test_steps_are_reported_in_document_order_with_lines(lang: str) -> None:
    report = lint_text(GOOD[lang])
    assert [(p.step, p.line) for p in report.steps] == [
        (Step.VALUE, 3),
        (Step.RESPONSIBILITY, 4),
        (Step.EXPLANATION, 5),
        (Step.FIX, 6),
        (Step.REGRET, 7),
    ]


def test_a_sentence_can_carry_two_steps() -> None:
    text = "We have refunded your order, and the mistake was ours.\n"
    [passage] = [p for p in lint_text(text).letter.passages if p.steps]
    assert {s for s, _ in passage.steps} == {Step.VALUE, Step.RESPONSIBILITY}
    assert "missing step: responsibility" not in [p.message for p in lint_text(text).problems]


def test_missing_step_names_each_missing_step() -> None:
    messages = [
        p.message
        for p in lint_text("We are sorry about the lamp.\n").problems
        if p.rule == "missing-step"
    ]
    assert len(messages) == 4
    for step in ("value", "responsibility", "explanation", "fix"):
        assert any(step in m for m in messages), step
    assert not any("regret" in m for m in messages)


# --- configuration reaches the rules --------------------------------------------------


def test_config_changes_severity_and_turns_rules_off() -> None:
    warn = Config(severities={"blame-shift": Severity.WARNING})
    [p] = lint_text(BLAME, config=warn).problems
    assert (p.rule, p.severity) == ("blame-shift", Severity.WARNING)
    off = Config(severities={"blame-shift": None})
    assert lint_text(BLAME, config=off).problems == ()


def test_config_lexicon_extras_are_cues() -> None:
    text = GOOD["en"].replace("We are sorry.\n", "We are sorry.\nThe porter dropped your lamp.\n")
    assert "blame-shift" not in [r for r, _ in rules_at(text)]
    extra = Config(lexicon={"en": {"blame-shift": ("the porter dropped",)}})
    assert ("blame-shift", 8) in [(p.rule, p.line) for p in lint_text(text, config=extra).problems]


# --- suppression comments -------------------------------------------------------------


def test_disable_next_line_hides_only_that_line_and_rule() -> None:
    text = BLAME.replace(
        "Our courier also", "<!-- apologia-disable-next-line blame-shift -->\nOur courier also"
    )
    assert rules_at(text) == []
    other = BLAME.replace(
        "Our courier also", "<!-- apologia-disable-next-line minimizing -->\nOur courier also"
    )
    assert rules_at(other) == [("blame-shift", BLAME_LINE + 1)]


def test_disable_enable_block_and_disable_all() -> None:
    block = BLAME.replace(
        "Our courier also lost the spare lamp.\n",
        "<!-- apologia-disable blame-shift -->\nOur courier also lost the spare lamp.\n"
        "<!-- apologia-enable blame-shift -->\nOur courier lost the receipt too.\n",
    )
    assert rules_at(block) == [("blame-shift", BLAME_LINE + 3)]
    everything = "<!-- apologia-disable -->\n" + BLAME
    assert rules_at(everything) == []


def test_regret_first_in_a_sentence_is_reported_once() -> None:
    # regret-before-remedy owns this fault; step-order must not report it again.
    text = (
        "We are sorry your refund took so long: we have refunded you today. "
        "It was our mistake because a form was lost. From now on we check every form.\n"
    )
    rules = [p.rule for p in lint_text(text, lang="en").problems]
    assert rules.count("regret-before-remedy") == 1
    assert "step-order" not in rules
