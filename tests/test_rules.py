"""Every rule, every language: a letter in, the (rule, line) pairs it must produce out.

Each row of EXAMPLES is (rule, lang, letter, expected). `expected` lists the problems of
that one rule, in report order, as (rule, line) with lines counted in the letter as
written (front matter included). A meta-test demands, for every rule and language, at
least one row where the rule fires and one where it must stay silent (the traps of
spec/language.md §2 are passing rows).

All letters here are written for these tests.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest

from apologia.engine import lint_text
from apologia.rules import REGISTRY

LANGS = ("en", "es", "ro")

# Rules that, by the spec, can never fire in a language: no failing row is possible.
CANNOT_FIRE = {
    ("mixed-register", "en"): "English has no formal/informal address (language.md §3)",
    ("ro-cedilla", "en"): "ro-cedilla applies to Romanian letters only (language.md §5)",
    ("ro-cedilla", "es"): "ro-cedilla applies to Romanian letters only (language.md §5)",
}

# A complete five-step letter per language, used as a base by several rows.
FULL = {
    "en": (
        "Dear Mr. Byrne,\n"
        "\n"
        "We have refunded the full price of the blender.\n"
        "The broken box was our mistake.\n"
        "It happened because our packing station ran out of foam.\n"
        "We have added a foam check to every shift.\n"
        "We are sorry.\n"
    ),
    "es": (
        "Estimado Sr. Ortega:\n"
        "\n"
        "Le hemos reembolsado el importe completo de la batidora.\n"
        "La caja rota fue un error nuestro.\n"
        "Ocurrió porque nuestro puesto de embalaje se quedó sin espuma.\n"
        "Hemos introducido un control de espuma en cada turno.\n"
        "Lo sentimos mucho.\n"
    ),
    "ro": (
        "Stimate domnule Popa,\n"
        "\n"
        "V-am rambursat integral prețul blenderului.\n"
        "Cutia spartă a fost greșeala noastră.\n"
        "S-a întâmplat pentru că postul de ambalare a rămas fără spumă.\n"
        "Am introdus o verificare a spumei la fiecare tură.\n"
        "Ne pare rău.\n"
    ),
}

EXAMPLES: list[tuple[str, str, str, list[tuple[str, int]]]] = [
    # --- regret-before-remedy ------------------------------------------------------------
    (
        "regret-before-remedy",
        "en",
        "We are sorry about the cracked kettle.\nWe have refunded the full price.\n",
        [("regret-before-remedy", 1)],
    ),
    (
        "regret-before-remedy",
        "en",
        "The tracking page was wrong for a week.\nWe apologise.\nWe will refund the postage.\n",
        [("regret-before-remedy", 2)],
    ),
    (
        "regret-before-remedy",
        "en",
        "We have refunded the full price.\nWe are sorry about the cracked kettle.\n",
        [],
    ),
    # trap: "a sorry state" is not regret
    (
        "regret-before-remedy",
        "en",
        "The kettle reached you in a sorry state.\nWe have sent you a new one.\nWe are sorry.\n",
        [],
    ),
    (
        "regret-before-remedy",
        "es",
        "Lo sentimos mucho por la tetera rota.\nLe hemos reembolsado el importe completo.\n",
        [("regret-before-remedy", 1)],
    ),
    (
        "regret-before-remedy",
        "es",
        "Le hemos reembolsado el importe completo.\nLo sentimos mucho por la tetera rota.\n",
        [],
    ),
    # trap: "lamentablemente" is not regret
    (
        "regret-before-remedy",
        "es",
        "Lamentablemente, la tetera llegó rota.\nLe hemos reembolsado el importe completo.\n"
        "Lo sentimos.\n",
        [],
    ),
    (
        "regret-before-remedy",
        "ro",
        "Ne pare rău pentru ceainicul spart.\nV-am rambursat integral suma.\n",
        [("regret-before-remedy", 1)],
    ),
    (
        "regret-before-remedy",
        "ro",
        "V-am rambursat integral suma.\nNe pare rău pentru ceainicul spart.\n",
        [],
    ),
    # trap: "ne pare bine" is glad, "din păcate" is not regret
    (
        "regret-before-remedy",
        "ro",
        "Ne pare bine că ne-ați scris.\nDin păcate, ceainicul a ajuns spart.\n"
        "V-am rambursat integral suma.\n",
        [],
    ),
    # --- blame-shift ---------------------------------------------------------------------
    (
        "blame-shift",
        "en",
        "We have refunded your order.\nOur courier lost your parcel.\n",
        [("blame-shift", 2)],
    ),
    (
        "blame-shift",
        "en",
        "We have refunded your order.\n\nThe delay was due to circumstances beyond our control.\n",
        [("blame-shift", 3)],
    ),
    (
        "blame-shift",
        "en",
        "We have refunded your order.\nWe chose the courier, and the failure is ours.\n",
        [],
    ),
    # trap: negated blame reads as responsibility
    ("blame-shift", "en", "It was not the courier's fault; the mistake was ours.\n", []),
    ("blame-shift", "en", "No one else is to blame for the lost parcel.\n", []),
    # trap: word boundaries, "unsupplied" is not "supplier"
    ("blame-shift", "en", "Your order left our warehouse unpacked and unlabelled.\n", []),
    (
        "blame-shift",
        "es",
        "Le hemos reembolsado el pedido.\nLa empresa de transporte perdió su paquete.\n",
        [("blame-shift", 2)],
    ),
    (
        "blame-shift",
        "es",
        "Le hemos reembolsado el pedido.\n\nEl retraso se debió a causas ajenas a nuestra "
        "voluntad.\n",
        [("blame-shift", 3)],
    ),
    (
        "blame-shift",
        "es",
        "Elegimos nosotros la empresa de transporte, y el error fue nuestro.\n",
        [],
    ),
    # trap: negated blame
    ("blame-shift", "es", "No fue culpa del transportista: el error fue nuestro.\n", []),
    ("blame-shift", "es", "No culpamos a nadie por la pérdida de su paquete.\n", []),
    (
        "blame-shift",
        "ro",
        "V-am rambursat comanda.\nCurierul a pierdut coletul dumneavoastră.\n",
        [("blame-shift", 2)],
    ),
    (
        "blame-shift",
        "ro",
        "V-am rambursat comanda.\n\nÎntârzierea s-a produs din motive independente de noi.\n",
        [("blame-shift", 3)],
    ),
    ("blame-shift", "ro", "Noi am ales firma de curierat, iar greșeala ne aparține.\n", []),
    # trap: negated blame
    ("blame-shift", "ro", "N-a fost vina curierului; greșeala ne aparține.\n", []),
    ("blame-shift", "ro", "Nu dăm vina pe nimeni pentru coletul pierdut.\n", []),
    # --- missing-step: reported once per missing step, on the first body passage ---------
    (
        "missing-step",
        "en",
        FULL["en"].replace("We have added a foam check to every shift.\n", ""),
        [("missing-step", 3)],
    ),
    (
        "missing-step",
        "en",
        "Dear Mr. Byrne,\n\nWe are sorry about the blender.\n",
        [("missing-step", 3)] * 4,
    ),
    ("missing-step", "en", FULL["en"], []),
    (
        "missing-step",
        "es",
        FULL["es"].replace("La caja rota fue un error nuestro.\n", ""),
        [("missing-step", 3)],
    ),
    ("missing-step", "es", FULL["es"], []),
    (
        "missing-step",
        "ro",
        FULL["ro"].replace("S-a întâmplat pentru că postul de ambalare a rămas fără spumă.\n", ""),
        [("missing-step", 3)],
    ),
    ("missing-step", "ro", FULL["ro"], []),
    # --- step-order ----------------------------------------------------------------------
    (
        "step-order",
        "en",
        "We have refunded the double charge.\nWe now verify every invoice twice.\n"
        "The double charge was our mistake.\nIt happened because a script ran two times.\n"
        "We are sorry.\n",
        [("step-order", 3)],
    ),
    # regret is not the last step
    (
        "step-order",
        "en",
        "We have refunded the double charge.\nThe double charge was our mistake.\n"
        "It happened because a script ran two times.\nWe are sorry.\n"
        "From now on we verify every invoice twice.\n",
        [("step-order", 5)],
    ),
    (
        "step-order",
        "en",
        "We have refunded the double charge.\nThe double charge was our mistake.\n"
        "It happened because a script ran two times.\nWe now verify every invoice twice.\n"
        "We are sorry.\n",
        [],
    ),
    (
        "step-order",
        "es",
        "Le hemos reembolsado el cargo duplicado.\nA partir de ahora revisamos cada factura dos "
        "veces.\nEl cargo duplicado fue un error nuestro.\nLo sentimos.\n",
        [("step-order", 3)],
    ),
    (
        "step-order",
        "es",
        "Le hemos reembolsado el cargo duplicado.\nEl cargo duplicado fue un error nuestro.\n"
        "A partir de ahora revisamos cada factura dos veces.\nLo sentimos.\n",
        [],
    ),
    (
        "step-order",
        "ro",
        "V-am rambursat plata dublă.\nDe acum înainte verificăm fiecare factură de două ori.\n"
        "Plata dublă a fost greșeala noastră.\nNe pare rău.\n",
        [("step-order", 3)],
    ),
    (
        "step-order",
        "ro",
        "V-am rambursat plata dublă.\nPlata dublă a fost greșeala noastră.\n"
        "De acum înainte verificăm fiecare factură de două ori.\nNe pare rău.\n",
        [],
    ),
    # --- non-apology ---------------------------------------------------------------------
    (
        "non-apology",
        "en",
        "We have refunded your ticket.\nWe are sorry if you felt ignored.\n",
        [("non-apology", 2)],
    ),
    (
        "non-apology",
        "en",
        "We have refunded your ticket.\nSorry for any confusion.\n",
        [("non-apology", 2)],
    ),
    (
        "non-apology",
        "en",
        "We have refunded your ticket.\nWe are sorry that we ignored your emails.\n",
        [],
    ),
    # trap: a conditional offer is value, not a conditional apology
    ("non-apology", "en", "If you prefer, we will refund the ticket instead.\n", []),
    # trap: a hedge inside the object is minimizing, not non-apology
    ("non-apology", "en", "We apologize for any inconvenience this may have caused.\n", []),
    (
        "non-apology",
        "es",
        "Le hemos reembolsado el billete.\nLamentamos si se ha sentido ignorado.\n",
        [("non-apology", 2)],
    ),
    (
        "non-apology",
        "es",
        "Le hemos reembolsado el billete.\nLamentamos no haber respondido a sus correos.\n",
        [],
    ),
    # trap: "si lo prefiere" is an offer
    ("non-apology", "es", "Si lo prefiere, le reembolsaremos el billete.\n", []),
    (
        "non-apology",
        "ro",
        "V-am rambursat biletul.\nNe pare rău dacă v-ați simțit ignorat.\n",
        [("non-apology", 2)],
    ),
    (
        "non-apology",
        "ro",
        "V-am rambursat biletul.\nNe pare rău că nu v-am răspuns la mesaje.\n",
        [],
    ),
    # trap: "dacă preferați" is an offer
    ("non-apology", "ro", "Dacă preferați, vă rambursăm biletul.\n", []),
    # --- minimizing ----------------------------------------------------------------------
    (
        "minimizing",
        "en",
        "We have refunded your order.\nWe apologize for any inconvenience this may have caused.\n",
        [("minimizing", 2)],
    ),
    (
        "minimizing",
        "en",
        "We have refunded your order.\nThe delay was a minor issue.\n",
        [("minimizing", 2)],
    ),
    (
        "minimizing",
        "en",
        "We have refunded your order.\nWe are sorry that you waited three weeks for it.\n",
        [],
    ),
    (
        "minimizing",
        "es",
        "Le hemos reembolsado el pedido.\nLe pedimos disculpas por cualquier molestia.\n",
        [("minimizing", 2)],
    ),
    (
        "minimizing",
        "es",
        "Le hemos reembolsado el pedido.\nLamentamos que esperara tres semanas.\n",
        [],
    ),
    (
        "minimizing",
        "ro",
        "V-am rambursat comanda.\nNe cerem scuze pentru orice neplăcere.\n",
        [("minimizing", 2)],
    ),
    (
        "minimizing",
        "ro",
        "V-am rambursat comanda.\nNe pare rău că ați așteptat trei săptămâni.\n",
        [],
    ),
    # --- passive-responsibility ----------------------------------------------------------
    (
        "passive-responsibility",
        "en",
        "We have refunded your booking.\nMistakes were made with your booking.\n",
        [("passive-responsibility", 2)],
    ),
    (
        "passive-responsibility",
        "en",
        "We have refunded your booking.\nWe made mistakes with your booking.\n",
        [],
    ),
    # trap: "on our part" rescues the passive
    (
        "passive-responsibility",
        "en",
        "We have refunded your booking.\nAn error was made on our part.\n",
        [],
    ),
    (
        "passive-responsibility",
        "es",
        "Le hemos reembolsado la reserva.\nSe cometieron errores con su reserva.\n",
        [("passive-responsibility", 2)],
    ),
    (
        "passive-responsibility",
        "es",
        "Le hemos reembolsado la reserva.\nCometimos errores con su reserva.\n",
        [],
    ),
    (
        "passive-responsibility",
        "es",
        "Le hemos reembolsado la reserva.\nSe cometió un error por nuestra parte.\n",
        [],
    ),
    (
        "passive-responsibility",
        "ro",
        "V-am rambursat rezervarea.\nS-au făcut greșeli cu rezervarea dumneavoastră.\n",
        [("passive-responsibility", 2)],
    ),
    (
        "passive-responsibility",
        "ro",
        "V-am rambursat rezervarea.\nAm făcut greșeli cu rezervarea dumneavoastră.\n",
        [],
    ),
    (
        "passive-responsibility",
        "ro",
        "V-am rambursat rezervarea.\nS-a produs o eroare din partea noastră.\n",
        [],
    ),
    # --- compensation-required: front matter lines count ---------------------------------
    (
        "compensation-required",
        "en",
        "---\nseverity: major\n---\nThe outage was our fault.\nWe are sorry.\n",
        [("compensation-required", 4)],
    ),
    (
        "compensation-required",
        "en",
        "---\nprior_incidents: [INC-11]\n---\nThis has happened before.\n"
        "The outage was our fault.\n",
        [("compensation-required", 4)],
    ),
    (
        "compensation-required",
        "en",
        "---\nseverity: critical\n---\nWe have credited a month of service to your account.\n"
        "We are sorry.\n",
        [],
    ),
    # minor incidents need no compensation
    (
        "compensation-required",
        "en",
        "---\nseverity: minor\n---\nThe outage was our fault.\nWe are sorry.\n",
        [],
    ),
    (
        "compensation-required",
        "es",
        "---\nseverity: major\n---\nLa caída del servicio fue culpa nuestra.\nLo sentimos.\n",
        [("compensation-required", 4)],
    ),
    (
        "compensation-required",
        "es",
        "---\nseverity: major\n---\nLe hemos abonado un mes de servicio.\nLo sentimos.\n",
        [],
    ),
    (
        "compensation-required",
        "ro",
        "---\nseverity: major\n---\nÎntreruperea a fost vina noastră.\nNe pare rău.\n",
        [("compensation-required", 4)],
    ),
    (
        "compensation-required",
        "ro",
        "---\nseverity: major\n---\nV-am rambursat abonamentul pe o lună.\nNe pare rău.\n",
        [],
    ),
    # --- repeat-not-acknowledged ---------------------------------------------------------
    (
        "repeat-not-acknowledged",
        "en",
        "---\nprior_incidents: [INC-11]\n---\n\nWe have refunded your order.\n",
        [("repeat-not-acknowledged", 5)],
    ),
    # "so that this does not happen again" promises; it does not acknowledge a repeat
    (
        "repeat-not-acknowledged",
        "en",
        "---\nprior_incidents: [INC-11]\n---\nWe have refunded your order.\n"
        "We have added a check so that this does not happen again.\n",
        [("repeat-not-acknowledged", 4)],
    ),
    (
        "repeat-not-acknowledged",
        "en",
        "---\nprior_incidents: [INC-11]\n---\nWe have refunded your order.\n"
        "This is the second time your order has gone missing.\n",
        [],
    ),
    ("repeat-not-acknowledged", "en", "We have refunded your order.\n", []),
    (
        "repeat-not-acknowledged",
        "es",
        "---\nprior_incidents: [INC-11]\n---\nLe hemos reembolsado el pedido.\n",
        [("repeat-not-acknowledged", 4)],
    ),
    (
        "repeat-not-acknowledged",
        "es",
        "---\nprior_incidents: [INC-11]\n---\nLe hemos reembolsado el pedido.\n"
        "No es la primera vez que le ocurre.\n",
        [],
    ),
    (
        "repeat-not-acknowledged",
        "ro",
        "---\nprior_incidents: [INC-11]\n---\nV-am rambursat comanda.\n",
        [("repeat-not-acknowledged", 4)],
    ),
    (
        "repeat-not-acknowledged",
        "ro",
        "---\nprior_incidents: [INC-11]\n---\nV-am rambursat comanda.\n"
        "Nu este prima dată când vi se întâmplă.\n",
        [],
    ),
    # --- mixed-register ------------------------------------------------------------------
    (
        "mixed-register",
        "en",
        "We have refunded you.\nThank you, and thank you for your patience.\n",
        [],
    ),
    (
        "mixed-register",
        "es",
        "Usted recibirá el reembolso esta semana.\nLe rogamos que nos disculpe.\n"
        "Si tienes dudas, escríbenos.\n",
        [("mixed-register", 3)],
    ),
    (
        "mixed-register",
        "es",
        "Usted recibirá el reembolso esta semana.\nLe rogamos que nos disculpe.\n"
        "Si tiene dudas, escríbanos.\n",
        [],
    ),
    # trap: tú + ustedes is not mixed (ustedes is the plural of both registers)
    (
        "mixed-register",
        "es",
        "Tú y tu familia recibirán el reembolso esta semana.\nGracias a ustedes por la "
        "paciencia.\n",
        [],
    ),
    (
        "mixed-register",
        "ro",
        "Vă mulțumim pentru răbdarea dumneavoastră.\nDumneavoastră veți primi banii mâine.\n"
        "Dacă ai întrebări, scrie-ne.\n",
        [("mixed-register", 3)],
    ),
    (
        "mixed-register",
        "ro",
        "Vă mulțumim pentru răbdarea dumneavoastră.\nDacă aveți întrebări, scrieți-ne.\n",
        [],
    ),
    # trap: vă + voastră is a consistent plural
    ("mixed-register", "ro", "Vă mulțumim tuturor pentru răbdarea voastră.\n", []),
    # --- ro-cedilla ----------------------------------------------------------------------
    ("ro-cedilla", "ro", "Vă mulțumim pentru răbdare.\nAm găsit greşeala.\n", [("ro-cedilla", 2)]),
    (
        "ro-cedilla",
        "ro",
        "Vă mulţumim pentru răbdare.\nAm găsit greşeala.\n",
        [("ro-cedilla", 1), ("ro-cedilla", 2)],
    ),
    # s + combining cedilla (U+0327) is the same fault
    ("ro-cedilla", "ro", "Vă mulțumim.\nAm găsit gres\u0327eala.\n", [("ro-cedilla", 2)]),
    ("ro-cedilla", "ro", "Vă mulțumim pentru răbdare.\nAm găsit greșeala.\n", []),
    # front matter is not prose
    ("ro-cedilla", "ro", "---\ncustomer: Şerban\n---\nVă mulțumim pentru răbdare.\n", []),
    # a Turkish name in a letter in another language is left alone
    ("ro-cedilla", "en", "We wrote to Mr. Şahin about the refund.\n", []),
    ("ro-cedilla", "es", "Hemos escrito al Sr. Şahin sobre el reembolso.\n", []),
]


def pairs(text: str, lang: str, rule: str) -> list[tuple[str, int]]:
    report = lint_text(text, lang=lang)
    return [(p.rule, p.line) for p in report.problems if p.rule == rule]


def _row_id(row: tuple[str, str, str, list[tuple[str, int]]]) -> str:
    rule, lang, text, expected = row
    last = text.rstrip("\n").splitlines()[-1]
    return f"{rule}-{lang}-{'fires' if expected else 'silent'}-{last[:40]}"


# Rows the engine still gets wrong: known product bugs, kept visible (not weakened).
# (rule, lang, a piece of the letter that picks the row) -> reason
KNOWN_GAPS: dict[tuple[str, str, str], str] = {}


def _params(rows: list[tuple[str, str, str, list[tuple[str, int]]]]) -> list[object]:
    out = []
    for row in rows:
        reasons = [
            why
            for (rule, lang, piece), why in KNOWN_GAPS.items()
            if row[0] == rule and row[1] == lang and piece in row[2]
        ]
        marks = [pytest.mark.xfail(reason=reasons[0], strict=False)] if reasons else []
        out.append(pytest.param(*row, id=_row_id(row), marks=marks))
    return out


@pytest.mark.parametrize(("rule", "lang", "text", "expected"), _params(EXAMPLES))
def test_rule(rule: str, lang: str, text: str, expected: list[tuple[str, int]]) -> None:
    assert pairs(text, lang, rule) == expected


def test_every_rule_has_failing_and_passing_rows_in_every_language() -> None:
    missing = []
    for rule in REGISTRY:
        for lang in LANGS:
            rows = [e for r, la, _, e in EXAMPLES if r == rule and la == lang]
            if not any(rows) and (rule, lang) not in CANNOT_FIRE:
                missing.append(f"{rule}/{lang}: no row where it fires")
            if not any(e == [] for e in rows):
                missing.append(f"{rule}/{lang}: no row where it stays silent")
    assert missing == []


def test_expected_rows_name_only_their_own_rule() -> None:
    assert [r for r in EXAMPLES if any(x != r[0] for x, _ in r[3])] == []
    assert {r[0] for r in EXAMPLES} <= set(REGISTRY)
    assert {r[1] for r in EXAMPLES} <= set(LANGS)


@pytest.mark.parametrize(("rule", "lang"), sorted(CANNOT_FIRE))
def test_rules_that_cannot_fire_stay_silent_on_a_full_letter(rule: str, lang: str) -> None:
    # Even a letter that would trip the rule in Romanian stays silent in these languages.
    trigger = {
        "mixed-register": "We have refunded you.\nThou hast our thanks, and you have ours.\n",
        "ro-cedilla": "We have refunded Mr. Şerban Ţuţea for the order.\n",
    }[rule]
    assert pairs(trigger, lang, rule) == []


# --- the registry and the rule modules -------------------------------------------------


def test_registry_covers_every_rule_module() -> None:
    import apologia.rules as pkg

    modules = {m.name for m in pkgutil.iter_modules(pkg.__path__) if not m.name.startswith("_")}
    ids = {importlib.import_module(f"apologia.rules.{m}").ID for m in modules}
    assert ids == set(REGISTRY)
    assert len(REGISTRY) == 11


def test_rule_modules_carry_their_documentation() -> None:
    for rule_id, module in REGISTRY.items():
        assert rule_id == module.ID
        assert module.SEVERITY.value in ("error", "warning")
        assert isinstance(module.FIXABLE, bool)
        assert module.SUMMARY.strip()
        assert (module.__doc__ or "").strip(), rule_id
        assert set(module.EXAMPLES) == set(LANGS), rule_id


def test_default_severities_follow_the_spec() -> None:
    errors = {
        "regret-before-remedy",
        "blame-shift",
        "missing-step",
        "non-apology",
        "compensation-required",
        "ro-cedilla",
    }
    assert {r for r, m in REGISTRY.items() if m.SEVERITY.value == "error"} == errors
    assert [r for r, m in REGISTRY.items() if m.FIXABLE] == ["ro-cedilla"]


EXPLAIN_EXAMPLES = [
    (rule_id, lang, kind, text)
    for rule_id, module in REGISTRY.items()
    for lang, ex in module.EXAMPLES.items()
    for kind, text in ex.items()
    if text
]


EXPLAIN_GAPS: dict[str, str] = {}


@pytest.mark.parametrize(
    ("rule", "lang", "kind", "text"),
    [
        pytest.param(
            *e,
            id=f"{e[0]}-{e[1]}-{e[2]}",
            marks=[pytest.mark.xfail(reason=EXPLAIN_GAPS[f"{e[0]}-{e[1]}-{e[2]}"], strict=False)]
            if f"{e[0]}-{e[1]}-{e[2]}" in EXPLAIN_GAPS
            else [],
        )
        for e in EXPLAIN_EXAMPLES
    ],
)
def test_examples_shown_by_explain_are_true(rule: str, lang: str, kind: str, text: str) -> None:
    """`apologia explain` shows a bad and a good example: the bad one must fire."""
    fired = pairs(text + "\n", lang, rule)
    if kind == "bad":
        assert fired, f"{rule} does not fire on its own bad {lang} example"
    else:
        assert fired == [], f"{rule} fires on its own good {lang} example"
