"""Families of phrasing that real letters use, each checked in a sentence of its own and
through a whole letter: ownership "on our end", narrative causes ("we mapped it to the
wrong table"), containment fixes, loyalty points as value, third-party works as blame."""

from __future__ import annotations

import pytest

from apologia.model import Step
from conftest import problems_in, steps_in


def rules_of(text: str, lang: str) -> set[str]:
    """The ids of the rules `lint` reports on `text`."""
    return {rule for rule, _ in problems_in(lang, text)}


STEP_FAMILIES = [
    ("en", "responsibility", "That one was a slip on our end."),
    ("en", "responsibility", "The blame rests squarely with us."),
    ("en", "responsibility", "We messed up, plainly."),
    ("en", "responsibility", "We fell short of what we promised."),
    ("en", "responsibility", "We take full ownership of the outage."),
    ("en", "explanation", "We routed your booking to the wrong hotel in our system."),
    ("en", "explanation", "We didn't properly test the new checkout page."),
    ("en", "fix", "We have isolated the billing job from the rest of the platform."),
    ("en", "fix", "We stopped the faulty export within the hour."),
    ("en", "fix", "We are conducting a review of every release step."),
    ("en", "value", "We have added 2,000 bonus points to your profile."),
    ("es", "value", "Le hemos sumado 3.000 millas a su tarjeta de socio."),
    ("ro", "value", "V-am adăugat în cont 800 de puncte de fidelitate."),
    ("ro", "responsibility", "Problema cu factura ne aparține în întregime."),
    # narrative causes: our own system did it, or we did it by accident or left it undone
    ("en", "explanation", "We mistakenly archived your support ticket."),
    ("en", "explanation", "Our billing software charged the annual fee twice."),
    ("es", "explanation", "Nuestro sistema de cobros duplicó el recibo de marzo."),
    ("es", "explanation", "No comprobamos la dirección antes de enviar el paquete."),
    ("es", "explanation", "Cancelamos su reserva por error al cambiar de proveedor de software."),
    ("ro", "explanation", "Platforma noastră de plăți a dublat tranzacția din 4 mai."),
    ("ro", "explanation", "N-am verificat stocul înainte de confirmare."),
    ("ro", "explanation", "Am anulat rezervarea din greșeală."),
    ("en", "fix", "We have begun reviewing every refund by hand."),
    ("en", "fix", "Each invoice will now be checked by a second person."),
    ("en", "value", "We won't charge you for the repair."),
    ("en", "value", "You will receive your deposit back within five days."),
    # value in the passive, with no "you" in the sentence
    ("es", "value", "Los gastos de envío serán reembolsados esta semana."),
    ("es", "value", "El coste de la reparación será asumido por la empresa."),
    ("ro", "value", "Taxele de procesare vor fi returnate integral."),
    ("ro", "value", "Costul reparației va fi acoperit integral de noi."),
    # containment: the faulty change taken back
    ("es", "fix", "Hemos revertido el cambio de tarifas."),
    ("ro", "fix", "Am retras actualizarea defectă din aplicație."),
    ("en", "value", "We have upgraded your cabin at no extra cost."),
    # ownership in the first person singular, and idioms
    ("en", "responsibility", "This failure was mine alone."),
    ("en", "responsibility", "That one is entirely on me."),
    ("en", "responsibility", "We didn't get this right for you."),
    ("es", "responsibility", "Reconozco mi error con su factura."),
    ("es", "responsibility", "Ha sido un olvido imperdonable por nuestra parte."),
    ("es", "responsibility", "Hemos hecho mal las cosas con su pedido."),
    ("es", "responsibility", "He metido la pata con la fecha."),
    ("ro", "responsibility", "Recunosc greșeala mea fără rezerve."),
    ("ro", "responsibility", "N-am făcut bine treaba la instalare."),
    ("ro", "responsibility", "Vina este a mea, ca director al magazinului."),
    # contractions: "we're" reads as "we are" in every pattern written with 're
    ("en", "fix", "We're rebuilding the returns form from scratch."),
    ("en", "responsibility", "We're fully responsible for the double booking."),
    ("en", "value", "We're not going to charge you for the second night."),
    ("en", "value", "Your refund is on its way."),
    ("en", "fix", "We've put a stop to weekend deployments."),
]


@pytest.mark.parametrize(("lang", "step", "sentence"), STEP_FAMILIES)
def test_family_is_read_as_its_step(lang: str, step: str, sentence: str) -> None:
    assert step in steps_in(lang, sentence)


BLAME = [
    ("en", "The outage was caused by a construction crew that cut our fibre line."),
    ("es", "La avería fue provocada por una empresa constructora que cortó el cable."),
    ("ro", "Avaria a fost provocată de o firmă de construcții care a tăiat cablul."),
    # a company calls itself "we": "their system" is someone else's
    ("en", "We ship through a partner. Their depot mislaid your order for a week."),
    ("ro", "Folosim un partener pentru livrări. Depozitul acestuia a rătăcit comanda."),
]


@pytest.mark.parametrize(("lang", "sentence"), BLAME)
def test_works_by_another_company_given_as_cause_is_blame(lang: str, sentence: str) -> None:
    assert "blame-shift" in rules_of(sentence, lang)


def test_sorry_for_the_disruption_is_not_minimizing() -> None:
    text = "We have refunded the month. I am sorry for the disruption this caused your team."
    assert "minimizing" not in rules_of(text, "en")


def test_a_brief_disruption_still_minimizes() -> None:
    text = "We have refunded the month. We are sorry for the brief disruption."
    assert "minimizing" in rules_of(text, "en")


def test_ro_ownership_is_not_read_in_a_denial() -> None:
    text = "V-am returnat banii. Vina nu ne aparține, ci curierului."
    assert Step.RESPONSIBILITY.value not in steps_in("ro", text)


FAULTS = [
    ("en", "non-apology", "We regret that you felt frustrated by our support line."),
    ("en", "non-apology", "We're sorry you are dissatisfied with the repair."),
    ("ro", "non-apology", "Îmi pare rău că ați rămas nemulțumită de reparație."),
    ("en", "non-apology", "Sorry to read about your frustration with the app."),
    ("es", "non-apology", "Sentimos leer sus comentarios sobre la estancia."),
    ("ro", "non-apology", "Regretăm să aflăm despre nemulțumirea dumneavoastră."),
    ("en", "passive-responsibility", "Errors might have been made in the invoice."),
    ("en", "blame-shift", "Because of an unexpected surge of bookings, rooms were double-sold."),
    ("es", "blame-shift", "A causa del enorme volumen de reservas, su habitación no estaba lista."),
]


@pytest.mark.parametrize(("lang", "rule", "sentence"), FAULTS)
def test_family_is_reported_as_its_fault(lang: str, rule: str, sentence: str) -> None:
    assert rule in rules_of(sentence, lang)


def test_regret_for_what_we_did_is_not_a_non_apology() -> None:
    text = "We refunded the fee. We regret that we kept you waiting for a week."
    assert "non-apology" not in rules_of(text, "en")


def test_the_customers_own_things_are_not_blame() -> None:
    text = "Several guests said their bookings were delayed. We refunded every booking."
    assert "blame-shift" not in rules_of(text, "en")


def test_their_system_owned_in_the_next_sentence_is_not_blame() -> None:
    text = "Their platform crashed during checkout. We chose that platform, so the failure is ours."
    assert "blame-shift" not in rules_of(text, "en")


def test_picking_an_item_is_not_choosing_a_partner() -> None:
    assert "responsibility" not in steps_in("en", "We picked your lamp from the wrong shelf.")
    assert "responsibility" in steps_in("en", "We chose a cheaper delivery company.")


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "We refunded the fee. Our courier will bring a replacement on Monday."),
        ("es", "Le devolvimos el importe. Nuestro transportista le llevará otro gratis el lunes."),
    ],
)
def test_a_partner_carrying_the_remedy_is_not_blamed(lang: str, text: str) -> None:
    assert "blame-shift" not in rules_of(text, lang)


def test_a_partner_as_the_actor_of_the_failure_is_still_blamed() -> None:
    text = "We refunded the fee. Our courier left your parcel in the rain."
    assert "blame-shift" in rules_of(text, "en")


def test_a_fee_on_us_is_value_not_ownership() -> None:
    assert steps_in("en", "Your next two deliveries are on us.") == {"value"}
    assert steps_in("en", "The missed delivery is on us.") == {"responsibility"}
