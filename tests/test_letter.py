"""Reading a letter: which parts are body text, where sentences end, where they start."""

from __future__ import annotations

import pytest

from apologia.engine import lint_text
from apologia.errors import ApologiaError


def passages(text: str, lang: str | None = None) -> list[tuple[int, str, str]]:
    """(line, kind, text) of each passage."""
    return [(p.line, p.kind, p.text) for p in lint_text(text, lang=lang).letter.passages]


def found(text: str, lang: str | None = None) -> list[tuple[str, int]]:
    return [(p.rule, p.line) for p in lint_text(text, lang=lang).problems]


def test_greeting_and_closing_are_not_body() -> None:
    text = (
        "Dear Mr. Ruiz,\n\nWe are sorry about the late lamp.\n\n"
        "Kind regards,\nAna Byrne\nCustomer care\n"
    )
    kinds = {line: kind for line, kind, _ in passages(text)}
    assert kinds[1] == "greeting"
    assert kinds[3] == "sentence"
    assert kinds[5] == "closing"
    # missing-step points at the first body sentence, not at the greeting
    assert {line for rule, line in found(text) if rule == "missing-step"} == {3}


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Dear Ms. Quinn,\nOur courier lost your parcel.\nWe have refunded you.\n", "en"),
        ("Estimada Sra. Ruiz:\nLa mensajería perdió su paquete.\nLe hemos reembolsado.\n", "es"),
        ("Stimată doamnă Pop,\nCurierul a pierdut coletul.\nV-am rambursat comanda.\n", "ro"),
    ],
    ids=["en", "es", "ro"],
)
def test_body_right_after_the_salutation_line_is_judged(text: str, lang: str) -> None:
    # language.md §6: the body starts on the line after the salutation; no blank line
    # is required. Those lines must be judged, not swallowed into the greeting.
    assert ("blame-shift", 2) in found(text, lang)
    assert "missing step: value" not in [p.message for p in lint_text(text, lang=lang).problems]


def test_subject_line_counts_as_a_step_but_not_for_ordering() -> None:
    # Labeled letters count an apology in the subject line as the regret step, but the
    # subject is not the body: regret there does not come "before the remedy".
    text = "Subject: We are sorry about your lamp\n\nWe have refunded your order.\n"
    report = lint_text(text, lang="en")
    steps = {s.value for p in report.letter.passages for s, _ in p.steps}
    assert "regret" in steps
    assert "regret-before-remedy" not in [p.rule for p in report.problems]
    body_regret = "Subject: Your lamp\n\nWe are sorry. We have refunded your order.\n"
    assert ("regret-before-remedy", 3) in found(body_regret, "en")


def test_abbreviations_and_numbers_do_not_end_sentences() -> None:
    en = "We have refunded Mr. Byrne the $1,200.50 he paid, e.g. the lamp and its cable.\n"
    assert len(passages(en)) == 1
    es = "Le hemos reembolsado a la Sra. Ruiz los 1.200,50 € del pedido.\n"
    assert len(passages(es, "es")) == 1
    ro = "I-am rambursat dnei. Pop suma de 1.200,50 lei pentru comanda nr. 7.\n"
    assert len(passages(ro, "ro")) == 1


def test_sentences_on_one_line_are_separate_passages() -> None:
    text = "We have refunded your order. It was our mistake! Why? Because a label was wrong.\n"
    assert [t for _, _, t in passages(text)] == [
        "We have refunded your order.",
        "It was our mistake!",
        "Why?",
        "Because a label was wrong.",
    ]


def test_spanish_inverted_marks_open_a_sentence() -> None:
    text = "Le hemos reembolsado el pedido. ¿Qué ocurrió? Fue un error nuestro.\n"
    assert [t for _, _, t in passages(text, "es")] == [
        "Le hemos reembolsado el pedido.",
        "¿Qué ocurrió?",
        "Fue un error nuestro.",
    ]


def test_list_items_are_their_own_passages_with_columns() -> None:
    text = "We have refunded your order.\n\n- we added a label check\n- our courier lost it\n"
    items = [
        (p.line, p.column, p.kind) for p in lint_text(text).letter.passages if p.kind == "item"
    ]
    assert items == [(3, 3, "item"), (4, 3, "item")]
    [blame] = [p for p in lint_text(text).problems if p.rule == "blame-shift"]
    assert (blame.line, blame.column) == (4, 3)


def test_plain_text_letters_are_not_read_as_markdown() -> None:
    # In a .txt letter an indented line is prose, not a code block.
    text = "We have refunded your order.\n\n    Our courier lost your parcel.\n"
    assert ("blame-shift", 3) in [
        (p.rule, p.line) for p in lint_text(text, lang="en", plain=True).problems
    ]
    assert "blame-shift" not in [p.rule for p in lint_text(text, lang="en").problems]


# --- front matter ---------------------------------------------------------------------


def test_front_matter_facts_are_read() -> None:
    text = "---\nseverity: major\nprior_incidents: [INC-1, INC-2]\n---\nWe are sorry.\n"
    letter = lint_text(text, lang="en").letter
    assert letter.severity == "major"
    assert list(letter.prior_incidents) == ["INC-1", "INC-2"]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("---\nlang: en\nWe are sorry.\n", 1),  # never closed
        ("---\nlang: [en\n---\nWe are sorry.\n", None),  # bad YAML
        ("---\n- en\n- es\n---\nWe are sorry.\n", None),  # not a mapping
    ],
    ids=["unclosed", "bad-yaml", "not-a-mapping"],
)
def test_malformed_front_matter_is_bad_input(text: str, line: int | None) -> None:
    with pytest.raises(ApologiaError) as info:
        lint_text(text, path="x.md")
    assert str(info.value).startswith("x.md:")
    if line is not None:
        assert info.value.line == line
    assert "\n" not in str(info.value)
