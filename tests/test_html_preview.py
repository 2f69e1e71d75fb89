"""`apologia draft --format html` as a page a person opens: a complete, well-formed
document with its language, charset, viewport, a title from the subject, readable and
print-friendly inline CSS, every value escaped; `--open` opens it, but never in CI or
without a display, where it prints the path instead."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from apologia.incident import load, loads
from apologia.render import render, subject
from test_incident_fixtures import dump, incident

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((REPO / "examples" / "incidents").glob("*.yaml"))
VOID = {"meta", "br", "link", "img", "hr", "input"}


class Page(HTMLParser):
    """Tags, attributes and text of a page; fails on a close tag that does not match."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[str] = []
        self.attrs: dict[str, list[dict[str, str | None]]] = {}
        self.text: dict[str, str] = {}
        self.doctype = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.setdefault(tag, []).append(dict(attrs))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, (tag, self.stack)
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack:
            self.text[self.stack[-1]] = self.text.get(self.stack[-1], "") + data


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    assert page.stack == [], f"unclosed tags: {page.stack}"
    return page


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_pages_are_complete_documents(path: Path) -> None:
    inc = load(path).incident
    for lang in inc.langs:
        html = render(inc, lang, "html").text
        page = parse(html)
        assert page.doctype == "DOCTYPE html"
        assert page.tags[:2] == ["html", "head"]
        assert page.attrs["html"] == [{"lang": lang}]
        metas = page.attrs["meta"]
        assert {"charset": "utf-8"} in metas
        assert {"name": "viewport", "content": "width=device-width, initial-scale=1"} in metas
        assert page.text["title"] == subject(inc, lang)
        css = page.text["style"]
        for rule in (
            "max-width: 40em",
            "line-height: 1.6",
            "system-ui",
            "@media print",
            "prefers-color-scheme: dark",
        ):
            assert rule in css
        assert page.tags.count("p") >= 5 and "body" in page.tags


def test_title_falls_back_to_the_localized_subject() -> None:
    for lang, words in (
        ("en", "We're sorry"),
        ("es", "Le pedimos disculpas"),
        ("ro", "Vă cerem scuze"),
    ):
        inc = loads(dump(incident(lang, incident__title=None))).incident
        page = parse(render(inc, lang, "html").text)
        assert words in page.text["title"]
        assert page.text["title"] == subject(inc, lang)


def test_every_value_is_escaped() -> None:
    evil = '<script>alert(1)</script><img src=x onerror=alert(2)> & "quotes"'
    data = incident(
        "en",
        regret=evil,
        company__name="Lamps & <Co>",
        incident__title="</title><script>x()</script>",
    )
    html = render(loads(dump(data)).incident, "en", "html").text
    page = parse(html)
    # Only the template's own tags: nothing from the incident became markup.
    assert set(page.tags) <= {
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "p",
        "ul",
        "li",
        "br",
    }
    assert page.text["title"] == "We're sorry: </title><script>x()</script>"
    assert "<script>alert(1)</script><img src=x onerror=alert(2)>" in page.text["p"]
    assert "Lamps &amp; &lt;Co&gt;" in html


# --- draft --open ------------------------------------------------------------------------

NORTHWIND = REPO / "examples" / "incidents" / "northwind-textbooks.yaml"


def _draft(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in ("CI", "DISPLAY", "WAYLAND_DISPLAY", "BROWSER", "GITHUB_ACTIONS")
    }
    base["TMPDIR"] = str(tmp_path)
    base.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "apologia",
            "draft",
            str(NORTHWIND),
            "--lang",
            "en",
            "--format",
            "html",
            *args,
        ],
        cwd=tmp_path,
        env=base,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _recorder(tmp_path: Path) -> tuple[str, Path]:
    """A fake browser (BROWSER) that writes down what it was asked to open."""
    log = tmp_path / "opened.txt"
    script = tmp_path / "browser.sh"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$1" >> "{log}"\n', encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return f"{script} %s", log


def _opened_file(message: str) -> Path:
    uri = message.rsplit("open ", 1)[1].strip()
    assert uri.startswith("file:///")
    return Path(uri.removeprefix("file://"))


@pytest.mark.skipif(os.name != "posix", reason="fake browser is a shell script")
@pytest.mark.parametrize(
    ("env", "reason"), [({"CI": "true", "DISPLAY": ":0"}, "CI is set"), ({}, "no display")]
)
def test_open_in_ci_or_headless_prints_the_path(
    tmp_path: Path, env: dict[str, str], reason: str
) -> None:
    browser, log = _recorder(tmp_path)
    if sys.platform == "darwin" and reason == "no display":
        pytest.skip("macOS always has a display")
    r = _draft(tmp_path, "--open", BROWSER=browser, **env)
    assert r.returncode == 0, r.stderr
    assert r.stdout == ""  # the page went to a file, not to the terminal
    assert not log.exists()
    last = r.stderr.strip().splitlines()[-1]
    assert last.startswith(f"apologia: not opening a browser ({reason}); open file:///")
    page = _opened_file(last)
    assert page.name == "INC-2024-031.en.html"
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert stat.S_IMODE(page.parent.stat().st_mode) == 0o700


@pytest.mark.skipif(os.name != "posix", reason="fake browser is a shell script")
def test_open_with_a_display_opens_the_written_file(tmp_path: Path) -> None:
    browser, log = _recorder(tmp_path)
    out = tmp_path / "letter.html"
    r = _draft(tmp_path, "-o", str(out), "--open", BROWSER=browser, DISPLAY=":0")
    assert r.returncode == 0, r.stderr
    assert "not opening" not in r.stderr
    assert log.read_text(encoding="utf-8").split() == [out.resolve().as_uri()]


def test_without_open_nothing_is_opened(tmp_path: Path) -> None:
    browser, log = _recorder(tmp_path)
    r = _draft(tmp_path, BROWSER=browser, DISPLAY=":0")
    assert r.returncode == 0
    assert r.stdout.startswith("<!DOCTYPE html>")
    assert not log.exists() and r.stderr == ""
