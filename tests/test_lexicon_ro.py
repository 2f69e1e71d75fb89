"""Romanian lexicon: each cell on short sentences written for these tests (with and
without diacritics), its traps, and whole short letters where a rule must fire on a given
line or stay silent."""

from __future__ import annotations

import pytest

from apologia.engine import lint_text
from conftest import cue_texts, problems_in, steps_in


def cells_hit(text: str, cell: str) -> list[str]:
    return cue_texts("ro", text, cell)


HITS = [
    # value: perfect, present, future, `o să`, clitics, informal, no diacritics
    ("value", "V-am rambursat integral suma."),
    ("value", "Vă rambursăm costul transportului."),
    ("value", "Vom rambursa taxa în trei zile lucrătoare."),
    ("value", "O să vă rambursăm diferența săptămâna aceasta."),
    ("value", "Am returnat banii pe cardul folosit la plată."),
    ("value", "Vă returnăm contravaloarea produsului."),
    ("value", "Ți-am rambursat comanda."),
    ("value", "Îți returnăm banii azi."),
    ("value", "Va rambursam suma in cel mult cinci zile."),
    ("value", "Ti-am returnat cei 30 de lei."),
    ("value", "Vă trimitem gratuit o pereche nouă."),
    ("value", "Am adăugat în contul dumneavoastră un credit de 50 de lei."),
    ("value", "Nu vă vom taxa luna aceasta."),
    ("value", "Dacă preferați, vă rambursăm suma."),
    # responsibility
    ("responsibility", "Greșeala ne aparține."),
    ("responsibility", "A fost vina noastră."),
    ("responsibility", "Ne asumăm întreaga responsabilitate."),
    ("responsibility", "Am greșit și ne pare rău."),
    ("responsibility", "V-am dezamăgit."),
    ("responsibility", "Nu ne-am ridicat la înălțimea așteptărilor."),
    ("responsibility", "Nu dăm vina pe nimeni."),
    ("responsibility", "Nu este vina altcuiva."),
    ("responsibility", "Fără scuze: greșeala este a noastră."),
    ("responsibility", "Greseala ne apartine in intregime."),
    # explanation
    ("explanation", "S-a întâmplat pentru că eticheta era greșită."),
    ("explanation", "Cauza a fost o actualizare a sistemului de plăți."),
    ("explanation", "Am constatat că adresa fusese introdusă greșit."),
    ("explanation", "Ce s-a întâmplat: o eroare de configurare."),
    # fix
    ("fix", "Am introdus o verificare suplimentară la ambalare."),
    ("fix", "De acum înainte verificăm fiecare colet."),
    ("fix", "Vom instrui echipa din depozit."),
    ("fix", "Pentru ca acest lucru să nu se mai repete, am schimbat procedura."),
    # regret, formal, informal, without diacritics
    ("regret", "Ne pare foarte rău."),
    ("regret", "Ne pare rau pentru intarziere."),
    ("regret", "Ne cerem scuze pentru întârziere."),
    ("regret", "Vă rugăm să ne scuzați."),
    ("regret", "Va rugam sa ne scuzati."),
    ("regret", "Te rugăm să ne scuzi."),
    ("regret", "Regretăm profund cele întâmplate."),
    ("regret", "Ne-a părut sincer rău să aflăm."),
    ("regret", "Vă prezentăm scuzele noastre."),
    # faults
    ("blame-shift", "Întârzierea s-a datorat furnizorului."),
    ("blame-shift", "Coletul a întârziat din vina curierului."),
    ("blame-shift", "Curierul a pierdut coletul."),
    ("blame-shift", "Din cauza firmei de curierat, coletul a ajuns târziu."),
    ("blame-shift", "Zborul a fost anulat din motive independente de voința noastră."),
    ("blame-shift", "Ceața densă a dus la închiderea aeroportului."),
    ("blame-shift", "Un angajat nou a trimis comanda greșită."),
    ("blame-shift", "Unul dintre colegii noștri a uitat să vă sune."),
    ("blame-shift", "Eroarea băncii a dus la dubla debitare."),
    ("denial", "Nu a fost vina noastră."),
    ("denial", "N-a fost vina noastră."),
    ("non-apology", "Ne pare rău dacă v-ați simțit nedreptățit."),
    ("non-apology", "Ne pare rau daca ati fost deranjat."),
    ("non-apology", "În cazul în care v-ați simțit ignorat, ne cerem scuze."),
    ("non-apology", "Ne cerem scuze pentru eventuala confuzie."),
    ("minimizing", "Ne cerem scuze pentru neplăcerile create."),
    ("minimizing", "Ne cerem scuze pentru orice neplăcere."),
    ("minimizing", "A fost o mică întârziere."),
    ("minimizing", "Regretăm inconvenientele care v-ar fi putut afecta."),
    ("passive-responsibility", "S-au făcut greșeli la facturare."),
    ("passive-responsibility", "S-a strecurat o eroare în factură."),
    ("passive-responsibility", "Factura a fost trimisă greșit."),
    ("repeat", "Nu este prima dată când se întâmplă."),
    # scope
    ("negator", "N-a fost vina curierului."),
    ("reporting", "Ne-ați scris că nimeni nu v-a răspuns."),
    ("reporting", "Ați menționat că produsul era deteriorat."),
    ("rescue", "S-a produs o eroare din partea noastră."),
    # register
    ("formal", "Comanda dumneavoastră a plecat azi."),
    ("formal", "Comanda dvs. a plecat azi."),
    ("plural", "Dacă aveți întrebări, contactați-ne."),
    ("plural", "V-am trimis factura."),
    ("informal", "Dacă ai întrebări, scrie-ne."),
    ("informal", "Te asigurăm că nu se va repeta."),
    ("informal", "Ai primit un produs greșit."),
    ("informal", "Comanda ta a plecat azi."),
    ("informal", "Îți mulțumim pentru răbdare."),
]

TRAPS = [
    ("regret", "Ne pare bine că ne-ați scris."),
    ("regret", "Din păcate, coletul a întârziat."),
    ("regret", "Este o situație regretabilă."),
    ("regret", "Fără scuze: greșeala ne aparține."),
    ("regret", "Ne-a fost rău de tot drumul."),
    ("non-apology", "Dacă preferați, vă rambursăm suma."),
    ("value", "Puteți consulta politica de rambursare pe site."),
    ("value", "Ați solicitat o rambursare pe 3 mai."),
    ("value", "Livrarea gratuită se aplică de la 100 de lei."),
    ("value", "Vă trimitem din nou factura."),
    ("fix", "Am adăugat în contul dumneavoastră un voucher de 40 de lei."),
    ("blame-shift", "Curierul vă va aduce coletul mâine."),
    ("plural", "Comanda va fi livrată mâine."),
    ("plural", "Comanda va fi livrata maine."),
    ("informal", "Aveți dreptul la o rambursare."),
    ("informal", "Colegii ai noștri vă vor suna."),
    ("informal", "Vă mulțumim și vă rugăm să ne scuzați."),
    ("informal", "Sunteți clientul nostru de zece ani."),
    ("formal", "Vă mulțumim pentru răbdare."),
    ("repeat", "Coletul a ajuns azi."),
]


@pytest.mark.parametrize(("cell", "text"), HITS)
def test_cell_hits(cell: str, text: str) -> None:
    assert cells_hit(text, cell), f"{cell} should match: {text}"


@pytest.mark.parametrize(("cell", "text"), TRAPS)
def test_cell_traps(cell: str, text: str) -> None:
    assert not cells_hit(text, cell), f"{cell} should not match: {cells_hit(text, cell)}"


def rules(text: str) -> list[tuple[str, int]]:
    return problems_in("ro", text)


def rule_ids(text: str) -> set[str]:
    return {r for r, _ in rules(text)}


def steps(text: str) -> set[str]:
    return steps_in("ro", text)


GOOD = (
    "Stimate domnule Enescu,\n"
    "\n"
    "V-am rambursat integral prețul cafetierei.\n"
    "Greșeala ne aparține.\n"
    "S-a întâmplat pentru că două produse aveau același cod în depozit.\n"
    "Am corectat codurile și am introdus o verificare la ambalare.\n"
    "Ne pare sincer rău.\n"
    "\n"
    "Cu stimă,\n"
    "Echipa Brasa\n"
)

PLAIN = (
    "Buna, Andrei,\n"
    "\n"
    "Ti-am returnat banii pentru comanda.\n"
    "A fost greseala noastra.\n"
    "S-a intamplat pentru ca adresa ta a fost introdusa gresit.\n"
    "Am schimbat modul in care verificam adresele.\n"
    "Ne pare rau.\n"
)


def test_good_letter_has_all_steps_and_no_errors() -> None:
    assert steps(GOOD) == {"value", "responsibility", "explanation", "fix", "regret"}
    assert rule_ids(GOOD) <= {"step-order"}


def test_letter_without_diacritics_informal() -> None:
    assert steps(PLAIN) == {"value", "responsibility", "explanation", "fix", "regret"}
    assert "mixed-register" not in rule_ids(PLAIN)


def test_regret_before_remedy_fires_on_its_line() -> None:
    text = "Stimate client,\n\nNe pare rău.\nV-am rambursat comanda.\n"
    assert ("regret-before-remedy", 3) in rules(text)
    text = "Stimate client,\n\nVa rugam sa ne scuzati.\nVom rambursa comanda.\n"
    assert ("regret-before-remedy", 3) in rules(text)
    assert "regret-before-remedy" not in rule_ids(GOOD)


def test_blame_shift_fires_and_owned_partner_does_not() -> None:
    bad = GOOD.replace("Greșeala ne aparține.\n", "Întârzierea s-a datorat curierului.\n")
    assert ("blame-shift", 4) in rules(bad)
    owned = GOOD.replace(
        "Greșeala ne aparține.\n", "Noi am ales firma de curierat, iar greșeala ne aparține.\n"
    )
    assert "blame-shift" not in rule_ids(owned)


def test_negated_blame_is_not_blame() -> None:
    text = GOOD.replace(
        "Greșeala ne aparține.\n", "N-a fost vina curierului; greșeala ne aparține.\n"
    )
    assert "blame-shift" not in rule_ids(text)
    text = GOOD.replace("Greșeala ne aparține.\n", "Nu dăm vina pe nimeni: greșeala ne aparține.\n")
    assert "blame-shift" not in rule_ids(text)


def test_denial_with_a_party_is_blame() -> None:
    text = GOOD.replace("Greșeala ne aparține.\n", "Nu a fost vina noastră, ci a furnizorului.\n")
    assert ("blame-shift", 4) in rules(text)


def test_circumstances_and_scapegoats_are_blame() -> None:
    for line in (
        "Întârzierea s-a produs din motive independente de noi.\n",
        "Din cauza condițiilor meteo, coletul a stat două zile în depozit.\n",
        "Un coleg nou a introdus greșit adresa.\n",
    ):
        text = GOOD.replace("Greșeala ne aparține.\n", line)
        assert ("blame-shift", 4) in rules(text), line


def test_conditional_apology_is_non_apology_and_not_regret() -> None:
    text = GOOD.replace("Ne pare sincer rău.\n", "Ne pare rău dacă v-ați simțit nedreptățit.\n")
    assert ("non-apology", 7) in rules(text)
    assert "regret" not in steps(text)


def test_hedged_object_is_minimizing_not_non_apology() -> None:
    text = GOOD.replace(
        "Ne pare sincer rău.\n", "Ne cerem scuze pentru neplăcerile care v-ar fi putut afecta.\n"
    )
    found = rule_ids(text)
    assert "minimizing" in found
    assert "non-apology" not in found
    assert "regret" in steps(text)


def test_passive_responsibility_and_its_rescue() -> None:
    text = GOOD.replace("Greșeala ne aparține.\n", "S-au făcut greșeli la ambalare.\n")
    assert ("passive-responsibility", 4) in rules(text)
    text = GOOD.replace("Greșeala ne aparține.\n", "S-a produs o eroare din partea noastră.\n")
    assert "passive-responsibility" not in rule_ids(text)


def test_reported_customer_speech_is_not_our_step() -> None:
    text = "Stimate client,\n\nNe-ați scris că nimeni nu v-a sunat.\n"
    assert "blame-shift" not in rule_ids(text)


def test_mixed_register() -> None:
    text = GOOD.replace(
        "Ne pare sincer rău.\n", "Ne pare sincer rău. Dacă ai întrebări, scrie-ne.\n"
    )
    assert "mixed-register" in rule_ids(text)
    plural_only = GOOD.replace("Ne pare sincer rău.\n", "Dacă aveți întrebări, contactați-ne.\n")
    assert "mixed-register" not in rule_ids(plural_only)
    # `va` without diacritics as the future auxiliary is not 2pl address
    assert "mixed-register" not in rule_ids(PLAIN + "Coletul va fi livrat maine.\n")


def test_abbreviations_do_not_split_sentences() -> None:
    report = lint_text(
        "Stimate client,\n\nDna. Pop de la Livro S.R.L. vă sună azi la nr. 3.\n", lang="ro"
    )
    assert report.letter is not None
    body = [p for p in report.letter.passages if p.kind == "sentence"]
    assert len(body) == 1


def test_repeat_acknowledged() -> None:
    head = "---\nprior_incidents: [INC-1]\n---\n"
    text = head + GOOD.replace(
        "Greșeala ne aparține.\n", "Nu este prima dată, iar greșeala ne aparține.\n"
    )
    assert "repeat-not-acknowledged" not in rule_ids(text)
    assert "repeat-not-acknowledged" in rule_ids(head + GOOD)
