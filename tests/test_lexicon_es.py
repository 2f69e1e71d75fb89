"""Spanish lexicon: each cell on short sentences written for these tests, its traps, and
whole short letters where a rule must fire on a given line or stay silent."""

from __future__ import annotations

import pytest

from apologia.engine import lint_text
from conftest import cue_texts, problems_in, steps_in


def cells_hit(text: str, cell: str) -> list[str]:
    return cue_texts("es", text, cell)


HITS = [
    # value: 1pl present/preterite/perfect/future, periphrasis, enclitics, informal
    ("value", "Le hemos reembolsado el importe de la lámpara."),
    ("value", "Le reembolsaremos los 12 € la próxima semana."),
    ("value", "Reembolsamos ayer el segundo cargo."),
    ("value", "Vamos a reembolsarle la diferencia."),
    ("value", "Queremos abonarle los gastos de envío."),
    ("value", "Te hemos devuelto los 3,95 € del envío."),
    ("value", "Les enviaremos una unidad nueva sin coste."),
    ("value", "No le cobraremos la cuota de marzo."),
    ("value", "Hemos tramitado el reembolso íntegro."),
    ("value", "Tiene un cupón de 10 € para su próxima compra."),
    ("value", "Si usted prefiere, le reembolsamos el pedido."),
    ("value", "El importe le será devuelto en cinco días."),
    # responsibility
    ("responsibility", "Fue un error nuestro."),
    ("responsibility", "La culpa es solo nuestra."),
    ("responsibility", "Asumimos toda la responsabilidad."),
    ("responsibility", "Nos equivocamos al preparar su pedido."),
    ("responsibility", "Le fallamos cuando más nos necesitaba."),
    ("responsibility", "No estuvimos a la altura."),
    ("responsibility", "No culpamos a nadie por lo ocurrido."),
    ("responsibility", "Sin excusas: el fallo fue nuestro."),
    ("responsibility", "Elegimos nosotros a la empresa de transporte."),
    # explanation
    ("explanation", "Ocurrió porque el escáner leyó mal la etiqueta."),
    ("explanation", "La causa fue una actualización del sistema de pagos."),
    ("explanation", "Hemos comprobado que la dirección estaba mal registrada."),
    ("explanation", "¿Qué pasó? Un fallo en el módulo de facturación."),
    # fix
    ("fix", "Hemos añadido un control de calidad antes del envío."),
    ("fix", "Cambiamos el proceso de embalaje la semana pasada."),
    ("fix", "A partir de ahora, cada pedido se revisa dos veces."),
    ("fix", "Para que no vuelva a ocurrir, formaremos al equipo del almacén."),
    ("fix", "Vamos a implantar una doble verificación."),
    # regret, formal and informal
    ("regret", "Lo sentimos mucho."),
    ("regret", "Le pedimos disculpas por el retraso."),
    ("regret", "Lamentamos profundamente lo ocurrido."),
    ("regret", "Reciba nuestras más sinceras disculpas."),
    ("regret", "Perdona, de verdad."),
    ("regret", "Disculpe las molestias."),
    # faults
    ("blame-shift", "La empresa de transporte perdió su paquete."),
    ("blame-shift", "Por culpa del transportista, el pedido llegó tarde."),
    ("blame-shift", "Debido a un fallo del proveedor, no pudimos servirlo."),
    ("blame-shift", "El retraso se debió a causas ajenas a nuestra voluntad."),
    ("blame-shift", "El vuelo se retrasó por condiciones meteorológicas adversas."),
    ("blame-shift", "Uno de nuestros repartidores dejó el paquete en otra dirección."),
    ("blame-shift", "Un empleado nuevo olvidó confirmar la reserva."),
    ("denial", "No fue culpa nuestra."),
    ("non-apology", "Lamentamos si se ha sentido molesto."),
    ("non-apology", "Le pedimos disculpas si le hemos causado alguna molestia."),
    ("non-apology", "Sentimos que se haya sentido desatendido."),
    ("non-apology", "Lamentamos cualquier malentendido."),
    ("minimizing", "Disculpe las molestias que le haya podido ocasionar."),
    ("minimizing", "Hubo un pequeño retraso en el envío."),
    ("minimizing", "Fue un incidente aislado."),
    ("passive-responsibility", "Se cometieron errores en la tramitación."),
    ("passive-responsibility", "Se envió por error a otra dirección."),
    ("passive-responsibility", "Hubo un error en su factura."),
    ("repeat", "No es la primera vez que le ocurre."),
    # scope
    ("reporting", "Nos indicó que el paquete llegó abierto."),
    ("reporting", "Usted comenta que nadie le avisó."),
    ("rescue", "Se cometió un error por nuestra parte."),
    ("contrast", "Sin embargo, la decisión fue nuestra."),
    # register
    ("formal", "Si usted lo prefiere, contáctenos."),
    ("formal", "No dude en escribirnos."),
    ("informal", "¿Tienes alguna duda? Escríbenos."),
    ("informal", "Gracias por tu paciencia."),
    ("informal", "Si has recibido otra talla, no te preocupes."),
]

TRAPS = [
    ("value", "Puede consultar nuestra política de reembolso."),
    ("value", "Usted solicitó un reembolso el día 3."),
    ("value", "El envío gratuito se aplica desde 50 €."),
    ("regret", "Lamentablemente, el paquete se retrasó."),
    ("regret", "Sentimos que es importante explicarle lo ocurrido."),
    ("regret", "Nos sentimos muy orgullosos de nuestro equipo."),
    ("regret", "Sin excusas: fue culpa nuestra."),
    ("non-apology", "Sí, le enviamos el pedido ayer."),
    ("non-apology", "Si usted prefiere, le reembolsamos el pedido."),
    ("blame-shift", "El transportista le entregará el paquete mañana."),
    ("fix", "Le hemos añadido un cupón de 10 € a su cuenta."),
    ("informal", "Estas son las medidas que hemos tomado."),
    ("informal", "Le debemos una disculpa."),
    ("informal", "Su pedido llegó tarde y le pedimos disculpas."),
    ("formal", "Tu pedido llegó tarde y te pedimos perdón."),
    ("formal", "Ustedes pueden escribirnos cuando quieran."),
    ("informal", "Ustedes pueden escribirnos cuando quieran."),
    ("repeat", "Le enviamos el pedido ayer."),
]


@pytest.mark.parametrize(("cell", "text"), HITS)
def test_cell_hits(cell: str, text: str) -> None:
    assert cells_hit(text, cell), f"{cell} should match: {text}"


@pytest.mark.parametrize(("cell", "text"), TRAPS)
def test_cell_traps(cell: str, text: str) -> None:
    assert not cells_hit(text, cell), f"{cell} should not match: {cells_hit(text, cell)}"


def rules(text: str) -> list[tuple[str, int]]:
    return problems_in("es", text)


def steps(text: str) -> set[str]:
    return steps_in("es", text)


GOOD = (
    "Estimada Sra. Vidal:\n"
    "\n"
    "Le hemos reembolsado el importe completo de la cafetera.\n"
    "El error fue nuestro.\n"
    "Ocurrió porque dos referencias compartían el mismo código en el almacén.\n"
    "Hemos corregido los códigos y añadido un control al embalar.\n"
    "Lo sentimos de verdad.\n"
    "\n"
    "Atentamente,\n"
    "Equipo Brasa\n"
)


def test_good_letter_has_all_steps_and_no_errors() -> None:
    assert steps(GOOD) == {"value", "responsibility", "explanation", "fix", "regret"}
    assert [r for r, _ in rules(GOOD) if r != "step-order"] == []


def test_good_letter_informal_without_accents() -> None:
    text = (
        "Hola, Marta:\n\n"
        "Ya te hemos devuelto los 20 euros del envio.\n"
        "Fue culpa nuestra.\n"
        "Paso porque el sistema asigno mal tu direccion.\n"
        "Hemos cambiado la forma de validar las direcciones.\n"
        "Lo sentimos mucho.\n"
    )
    assert steps(text) == {"value", "responsibility", "explanation", "fix", "regret"}
    assert "mixed-register" not in {r for r, _ in rules(text)}


def test_regret_before_remedy_fires_on_its_line() -> None:
    assert "regret-before-remedy" not in {r for r, _ in rules(GOOD)}
    text = "Estimado cliente:\n\nLo sentimos mucho.\nLe hemos reembolsado el pedido.\n"
    assert ("regret-before-remedy", 3) in rules(text)


def test_blame_shift_fires_and_owned_partner_does_not() -> None:
    bad = GOOD.replace(
        "El error fue nuestro.\n", "La empresa de transporte perdió el primer envío.\n"
    )
    assert ("blame-shift", 4) in rules(bad)
    owned = GOOD.replace(
        "El error fue nuestro.\n",
        "Elegimos nosotros la empresa de transporte, y el error fue nuestro.\n",
    )
    assert "blame-shift" not in {r for r, _ in rules(owned)}


def test_negated_blame_is_not_blame() -> None:
    text = GOOD.replace(
        "El error fue nuestro.\n", "No fue culpa del transportista: el error fue nuestro.\n"
    )
    assert "blame-shift" not in {r for r, _ in rules(text)}
    text = GOOD.replace("El error fue nuestro.\n", "No culpamos a nadie: el error fue nuestro.\n")
    assert "blame-shift" not in {r for r, _ in rules(text)}


def test_denial_with_a_party_is_blame() -> None:
    text = GOOD.replace("El error fue nuestro.\n", "No fue culpa nuestra, sino del proveedor.\n")
    assert ("blame-shift", 4) in rules(text)


def test_circumstances_are_blame() -> None:
    text = GOOD.replace(
        "El error fue nuestro.\n", "El retraso se debió a causas ajenas a nuestra voluntad.\n"
    )
    assert ("blame-shift", 4) in rules(text)


def test_conditional_apology_is_non_apology_and_not_regret() -> None:
    text = GOOD.replace("Lo sentimos de verdad.\n", "Lamentamos si se ha sentido molesta.\n")
    assert ("non-apology", 7) in rules(text)
    assert "regret" not in steps(text)


def test_hedged_object_is_minimizing_not_non_apology() -> None:
    text = GOOD.replace(
        "Lo sentimos de verdad.\n",
        "Le pedimos disculpas por las molestias que le haya podido ocasionar.\n",
    )
    found = {r for r, _ in rules(text)}
    assert "minimizing" in found
    assert "non-apology" not in found
    assert "regret" in steps(text)


def test_passive_responsibility_and_its_rescue() -> None:
    text = GOOD.replace("El error fue nuestro.\n", "Se cometieron errores en la preparación.\n")
    assert ("passive-responsibility", 4) in rules(text)
    text = GOOD.replace("El error fue nuestro.\n", "Se cometió un error por nuestra parte.\n")
    assert "passive-responsibility" not in {r for r, _ in rules(text)}


def test_reported_customer_speech_is_not_our_step() -> None:
    text = "Estimado cliente:\n\nUsted nos indicó que el repartidor perdió el paquete.\n"
    assert "blame-shift" not in {r for r, _ in rules(text)}


def test_mixed_register() -> None:
    formal = GOOD.replace(
        "Lo sentimos de verdad.\n", "Lo sentimos de verdad. Si usted tiene dudas, contáctenos.\n"
    )
    assert "mixed-register" not in {r for r, _ in rules(formal)}
    text = formal.replace("El error fue nuestro.\n", "El error fue nuestro, no tuyo.\n")
    assert ("mixed-register", 4) in rules(text)
    # le, su and 3sg verbs are not formal evidence; tú + ustedes is not mixed
    assert "mixed-register" not in {r for r, _ in rules(GOOD + "\nSi tienes dudas, escríbenos.\n")}
    plural = (
        "Hola, Ana:\n\nTe hemos devuelto el dinero. Ustedes pueden escribirnos cuando quieran.\n"
    )
    assert "mixed-register" not in {r for r, _ in rules(plural)}


def test_abbreviations_do_not_split_sentences() -> None:
    report = lint_text(
        "Estimado cliente:\n\nLa Sra. Díaz de Envíos Ruiz S.L. le llamará.\n", lang="es"
    )
    assert report.letter is not None
    body = [p for p in report.letter.passages if p.kind == "sentence"]
    assert len(body) == 1


def test_repeat_acknowledged() -> None:
    head = "---\nprior_incidents: [INC-1]\n---\n"
    text = head + GOOD.replace(
        "El error fue nuestro.\n", "Es la segunda vez que ocurre, y el error fue nuestro.\n"
    )
    assert "repeat-not-acknowledged" not in {r for r, _ in rules(text)}
    assert "repeat-not-acknowledged" in {r for r, _ in rules(head + GOOD)}
