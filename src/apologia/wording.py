"""Language facts a letter needs beyond Babel: titles, greetings, ordinals, list joins.

Data lives in `locale_data/<base>.yaml`; a variant tag (`en-GB`, `es-MX`) overlays its
`variants` entries on the base, most general first (es, then es-419, then es-MX).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from apologia.errors import ApologiaError
from apologia.locales import Tag, parse

# Gender and number of whom a letter addresses: f, m (one woman, one man), fp, mp
# (several; mp also for a mixed group), or None when the file does not say.
Form = str | None


@dataclass(frozen=True, slots=True)
class Wording:
    tag: Tag
    data: Mapping[str, Any]

    @property
    def words(self) -> Mapping[str, str]:
        return dict(self.data.get("words") or {})

    @property
    def quotes(self) -> tuple[str, ...]:
        return tuple(self.data.get("quotes") or ())


@cache
def _base_data(base: str) -> dict[str, Any]:
    import yaml

    node = resources.files("apologia") / "locale_data" / f"{base}.yaml"
    try:
        raw = yaml.safe_load(node.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ApologiaError(f"no locale data for {base!r}: {exc}") from None
    return dict(raw)


def _overlay(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = _overlay(out[key], value)
        else:
            out[key] = value
    return out


@cache
def wording(tag: str) -> Wording:
    """The locale data serving `tag`: the base file with its variants laid over it."""
    parsed = parse(tag)
    data = _base_data(parsed.base)
    variants = data.get("variants") or {}
    for key in reversed(parsed.chain):
        if key in variants:
            data = _overlay(data, variants[key])
    return Wording(parsed, data)


# --------------------------------------------------------------------------- address


def _choose(forms: Mapping[str, str], form: Form) -> str:
    """The entry for `form`, falling back from fp/mp to the plural `p`, then to `any`."""
    if form and form in forms:
        return forms[form]
    if form in ("fp", "mp") and "p" in forms:
        return forms["p"]
    return forms["any"]


def addressee_form(gender: str | None, plural: bool) -> Form:
    """The incident's customer.gender / customer.plural as f, m, fp, mp or None."""
    g = {"female": "f", "male": "m"}.get(gender or "")
    if plural:
        return f"{g or 'm'}p"  # a mixed or unknown group takes the masculine plural
    return g


def _title(w: Wording, word: str) -> Mapping[str, Any] | None:
    titles: Mapping[str, Any] = w.data.get("titles") or {}
    entry = titles.get(word.casefold().rstrip("."))
    return entry if isinstance(entry, Mapping) else None


@dataclass(frozen=True, slots=True)
class Address:
    greeting: str  # the whole salutation line, punctuation included
    form: Form  # gender and number the letter agrees with


def address(
    w: Wording,
    *,
    formal: bool,
    name: str,
    salutation: str | None,
    form: Form,
) -> Address:
    """The salutation line: title, gender and number agree; the name when no salutation.

    `salutation` is whom the letter addresses ("Dra. Vega", "domnul Ionescu", "Daniela");
    a title it opens with may state a gender or number ("Sras.") that `form` (from the
    file's customer.gender/plural) did not.
    """
    greet = w.data["greeting"]
    if not formal:
        first = salutation or name.split()[0]
        return Address(_choose(greet["informal"], form).format(name=first), form)
    if not salutation:
        if not name:
            return Address(_choose(greet["unnamed"], form), form)
        return Address(_choose(greet["formal"], form).format(name=name), form)
    words = salutation.split()
    entry = _title(w, words[0])
    if entry is None:
        return Address(_choose(greet["formal"], form).format(name=salutation), form)
    # The title is printed, so agreement follows it ("Sras." is fp whatever the file says).
    form = entry.get("implies") or form
    rest = words[1:]
    printed = _choose(entry["forms"], form)
    # ro: "domnul doctor Ionescu" -> "domnule doctor Ionescu"
    if rest and not entry.get("profession"):
        second = _title(w, rest[0])
        if second is not None and second.get("profession"):
            printed = f"{printed} {_choose(second['forms'], None)}"
            rest = rest[1:]
    addressee = " ".join([printed, *rest])
    return Address(_choose(greet["formal"], form).format(name=addressee), form)


def closing(w: Wording, *, formal: bool) -> str:
    return str(w.data["closing"]["formal" if formal else "informal"])


# --------------------------------------------------------------------------- phrases


def nth_time(w: Wording, n: int) -> str:
    """'the third time', 'la tercera vez', 'a treia oară'."""
    table: Mapping[Any, str] = w.data["nth_time"]
    return str(table.get(n) or table["other"].format(n=n))


# es: "y" becomes "e" before an /i/ sound (i-, hi- not followed by a vowel: "e hilo",
# "y hielo"), and "o" becomes "u" before an /o/ sound ("u hotel", "7 u 8").
_ES_I = re.compile(r"^\W*h?[iíÍI](?![aeouáéóú])", re.IGNORECASE)
_ES_O = re.compile(r"^\W*(h?[oóÓO]|8|11\b|11[^\d]|8\d{0,2}\b)", re.IGNORECASE)


def es_conjunction(word: str, following: str) -> str:
    """'y' -> 'e' before /i/, 'o' -> 'u' before /o/; anything else unchanged."""
    if word == "y" and _ES_I.match(following):
        return "e"
    if word == "o" and _ES_O.match(following):
        return "u"
    return word


def join(items: list[str], locale: str) -> str:
    """'A, B and C' per CLDR, with the Spanish y/e and o/u rule applied."""
    from babel.lists import format_list

    text = str(format_list(list(items), locale=locale))
    if locale.startswith("es") and len(items) > 1:
        last = items[-1]
        end = f" y {last}"
        if text.endswith(end):
            text = text[: -len(end)] + f" {es_conjunction('y', last)} {last}"
    return text


_SENTENCE_END = re.compile(r"[.!?…][\"”»’)]*$")


def is_sentence(text: str) -> bool:
    """An item written as a sentence ends with a full stop; a noun phrase does not."""
    return bool(_SENTENCE_END.search(text.strip()))


def lcfirst(text: str) -> str:
    """Lower-case the first letter of a noun phrase run into a sentence ("a full refund").

    Left alone when the first word looks like a name or code: a capital after the first
    letter (SMS, McKinley), a digit (A4), or English "I".
    """
    head = text.split(" ", 1)[0]
    if (
        not head
        or head == "I"
        or not head[0].isupper()
        or any(c.isupper() or c.isdigit() for c in head[1:])
    ):
        return text
    return text[0].lower() + text[1:]


_EMAIL = re.compile(r"^[^@\s<>\"(),;:]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")
_PHONE = re.compile(r"^\+?[\d\s().\-/]{6,}$")


def contact_kind(contact: str | None) -> str | None:
    """'email', 'phone' or 'other': the verb of a contact line ("write to", "call")."""
    if not contact:
        return None
    if _EMAIL.match(contact.strip()):
        return "email"
    if _PHONE.match(contact.strip()) and sum(c.isdigit() for c in contact) >= 6:
        return "phone"
    return "other"


def is_email(value: str | None) -> bool:
    return bool(value) and _EMAIL.match(str(value).strip()) is not None
