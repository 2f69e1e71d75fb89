"""Letters that are not Markdown: HTML, MJML, .eml, placeholders, languages, BCP 47 tags.

Every letter here is written for these tests.
"""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path
from typing import Any

from conftest import GOOD, report_json

HTML = """<!doctype html>
<html lang="en-GB">
<head><title>We are sorry</title><style>p { color: red }</style></head>
<body>
<p>Dear Ms Lowe,</p>
<p>We have refunded the &pound;12 delivery charge.
The mix-up was our mistake: on {{ order.shipped_on }} our packing update broke the printer.</p>
<p>We have added a label check so it cannot happen again. We are sorry.</p>
<!-- our courier lost it -->
<p>Kind regards,<br>Tom</p>
</body>
</html>
"""


def _json(cli: Any, *args: str, codes: tuple[int, ...] = (0, 1)) -> Any:
    return report_json(cli("lint", "--format", "json", *args), codes)


def _steps(entry: Any) -> list[tuple[str, int]]:
    return [(s["step"], s["line"]) for s in entry["steps"]]


def test_html_letter_is_read_by_its_text_with_file_lines(cli: Any, write: Any) -> None:
    write("letter.html", HTML)
    (entry,) = _json(cli, "letter.html")["files"]
    assert entry["lang"] == "en"  # from <html lang="en-GB">
    assert entry["problems"] == []  # head, style and the comment are not prose
    # The placeholder is a word: "our new packing script skipped" still explains.
    assert _steps(entry) == [
        ("value", 6),
        ("responsibility", 7),
        ("explanation", 7),
        ("fix", 8),
        ("regret", 8),
    ]


def test_html_problem_points_into_the_file(cli: Any, write: Any) -> None:
    write("bad.html", HTML.replace("We have added", "The courier lost it. We have added"))
    r = cli("lint", "--quiet", "bad.html")
    assert r.exit_code == 1
    assert r.stdout.startswith("bad.html:8:4: error blame-shift")


def test_mjml_text_content(cli: Any, write: Any) -> None:
    body = "".join(f"      <mj-text>{line}</mj-text>\n" for line in GOOD["es"].splitlines() if line)
    write(
        "carta.mjml",
        "<mjml>\n  <mj-head><mj-preview>Lo sentimos</mj-preview></mj-head>\n"
        f"  <mj-body>\n    <mj-column>\n{body}    </mj-column>\n  </mj-body>\n</mjml>\n",
    )
    (entry,) = _json(cli, "carta.mjml")["files"]
    assert entry["lang"] == "es"
    assert entry["problems"] == []
    assert [s for s, _ in _steps(entry)] == [
        "value",
        "responsibility",
        "explanation",
        "fix",
        "regret",
    ]
    assert _steps(entry)[0] == ("value", 6)


def _message(text: str, cte: str, subject: str = "Your lamp: our mistake") -> bytes:
    m = EmailMessage()
    m["Subject"] = subject
    m["From"] = "care@example.com"
    m["To"] = "quinn@example.com"
    m["Content-Language"] = "en-US"
    m.set_content(text, cte=cte)
    m.add_alternative("<p>Short HTML copy.</p>", subtype="html")
    return bytes(m)


def test_eml_quoted_printable_and_base64_bodies(cli: Any, write: Any, in_tmp: Path) -> None:
    letter = GOOD["en"].replace("lamp.", "lamp (£40).")
    write("qp.eml", _message(letter, "quoted-printable"))
    write("b64.eml", _message(letter, "base64"))
    doc = _json(cli, "qp.eml", "b64.eml")
    for entry in doc["files"]:
        assert entry["lang"] == "en"
        assert entry["problems"] == [], entry["path"]
        assert [s for s, _ in _steps(entry)][-1] == "regret"
    assert b"=C2=A340" in (in_tmp / "qp.eml").read_bytes()
    assert b"Content-Transfer-Encoding: base64" in (in_tmp / "b64.eml").read_bytes()


BLAME_EN = GOOD["en"].replace(
    "We are sorry.\n", "Our courier also lost the spare lamp.\nWe are sorry.\n"
)


def test_eml_lines_point_into_the_file_and_subject_is_the_subject(cli: Any, write: Any) -> None:
    data = _message(BLAME_EN, "7bit", subject="We are sorry about your lamp")
    write("blame.eml", data)
    r = cli("lint", "--quiet", "blame.eml")
    assert r.exit_code == 1
    line = data.decode().splitlines().index("Our courier also lost the spare lamp.") + 1
    # Only the blame: a regret in the subject line is not "regret before remedy".
    assert r.stdout.splitlines() == [
        f"blame.eml:{line}:1: error blame-shift blames someone else for the failure: "
        "“Our courier also lost”"
    ]


def test_eml_without_text_is_exit_2_when_named(cli: Any, write: Any) -> None:
    m = EmailMessage()
    m["Subject"] = "Invoice"
    m.set_content(b"%PDF-1.4", maintype="application", subtype="pdf")
    write("invoice.eml", bytes(m))
    r = cli("lint", "invoice.eml")
    assert r.exit_code == 2
    assert r.stderr == "apologia: invoice.eml: e-mail without a text or HTML part: not a letter\n"


def test_placeholders_are_opaque_words(cli: Any, write: Any) -> None:
    text = GOOD["en"].replace(
        "It happened because two bins in our warehouse had swapped labels.",
        "On {{ incident.date }} our {% if site %}{{ site }}{% endif %} label printer "
        "broke because {{{ cause }}}.{{! note }}",
    )
    write("t.md", text)
    (entry,) = _json(cli, "t.md")["files"]
    assert entry["problems"] == []
    assert "explanation" in [s for s, _ in _steps(entry)]


FRENCH = (
    "Madame,\n\nNous avons remboursé les frais de port de votre commande. Le retard est "
    "notre faute : notre entrepôt a mal étiqueté le colis. Nous avons ajouté un contrôle "
    "des étiquettes. Nous sommes désolés.\n"
)
GERMAN = (
    "Sehr geehrte Frau Weber,\n\nwir haben Ihnen die Versandkosten erstattet. Die "
    "Verspätung war unser Fehler, denn unser Lager hat das Paket falsch beschriftet. Wir "
    "haben eine Kontrolle eingeführt. Es tut uns leid.\n"
)


def test_unsupported_language_is_said_not_judged(cli: Any, write: Any) -> None:
    write("fr.md", FRENCH)
    write("de.txt", GERMAN)
    write("tagged.md", "---\nlang: fr-CA\n---\n" + GOOD["en"])
    r = cli("lint", "fr.md", "de.txt", "tagged.md")
    assert r.exit_code == 0, r.stdout + r.stderr
    assert r.stdout.splitlines() == [
        "fr.md: skipped: unsupported language (French), not judged",
        "de.txt: skipped: unsupported language (German), not judged",
        "tagged.md: skipped: unsupported language (French), not judged",
        "No problems in 3 files.",
    ]
    entry = _json(cli, "fr.md")["files"][0]
    assert (entry["lang"], entry["skipped"]) == ("fr", "unsupported language (French), not judged")


def test_supported_letters_are_not_taken_for_unsupported(cli: Any, write: Any) -> None:
    for lang, text in GOOD.items():
        write(f"{lang}.md", text)
    doc = _json(cli, "en.md", "es.md", "ro.md")
    assert [(f["lang"], "skipped" in f) for f in doc["files"]] == [
        ("en", False),
        ("es", False),
        ("ro", False),
    ]


def test_bcp47_tags_wherever_a_language_is(cli: Any, write: Any) -> None:
    write("mx.md", "---\nlang: es-MX\n---\n" + GOOD["es"])
    write("gb.md", GOOD["en"])
    assert _json(cli, "mx.md")["files"][0]["lang"] == "es"
    assert _json(cli, "--lang", "en-GB", "gb.md")["files"][0]["lang"] == "en"
    r = cli("lint", "--lang", "fr-FR", "gb.md")
    assert r.exit_code == 2
    assert "unsupported language 'fr-FR'" in r.stderr


def test_bilingual_letter_is_judged_section_by_section(cli: Any, write: Any) -> None:
    english = "# English\n\n" + GOOD["en"]
    write("both.md", english + "\n---\n\n# Español\n\n" + GOOD["es"])
    (entry,) = _json(cli, "both.md")["files"]
    assert (entry["lang"], entry["problems"]) == ("en+es", [])
    assert [s["step"] for s in entry["steps"]].count("regret") == 2
    # The Spanish section lacks its fix: reported there, though the English one has one.
    no_fix = GOOD["es"].replace(
        "Hemos introducido un control de etiquetas en el puesto de embalaje.\n", ""
    )
    write("half.md", english + "\n---\n\n# Español\n\n" + no_fix)
    r = cli("lint", "--quiet", "half.md")
    value_line = english.count("\n") + 8  # past the rule, heading and greeting
    assert r.stdout == f"half.md:{value_line}:1: error missing-step missing step: fix\n"
    # Front matter naming one language judges the whole letter in it, as before.
    write("one.md", "---\nlang: en\n---\n" + english + "\n" + GOOD["es"])
    assert _json(cli, "one.md")["files"][0]["lang"] == "en"


def test_eml_odd_inputs(cli: Any, write: Any) -> None:
    write("bin.eml", b"Subject: x\n\n\xff\xfe\x00garbage\n")
    r = cli("lint", "bin.eml")
    assert (r.exit_code, r.stderr) == (
        2,
        "apologia: bin.eml:3: binary file (NUL byte), not a letter\n",
    )
    write("charset.eml", b"Subject: x\nContent-Type: text/plain; charset=x-nothing\n\nHi.\n")
    r = cli("lint", "charset.eml")
    assert r.exit_code == 2 and r.stderr.startswith("apologia: charset.eml: cannot read the e-mail")
    # No headers at all: the text is the body, at its own line.
    write("bare.eml", "\n" + GOOD["en"])
    (entry,) = _json(cli, "bare.eml")["files"]
    assert entry["problems"] == [] and entry["steps"][0]["line"] == 4
