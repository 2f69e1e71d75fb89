#!/usr/bin/env python3
"""Generate a mixed en/es/ro set of apology letters for the speed benchmark.

    python benchmarks/letters.py OUT_DIR -n 1000 [--seed 7] [--size-kb 0]

Letters are assembled from phrase banks written for this benchmark (not from the test
corpus): a greeting, the five steps in a shuffled order, some filler, a closing. Some
carry front matter, some are plain `.txt`, some hold a quote, a list or a code span, so
the linter walks all of its paths. With `--size-kb N` one letter of about N KB is written
instead (paragraphs repeated), for the size-scaling check. Deterministic for a seed.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

NAMES = ("Ana", "Bogdan", "Carmen", "Daniel", "Elena", "Fiona", "George", "Inés", "Ioana")
THINGS = {
    "en": ("order", "booking", "invoice", "parcel", "appointment", "subscription"),
    "es": ("pedido", "reserva", "factura", "paquete", "cita", "suscripción"),
    "ro": ("comanda", "rezervarea", "factura", "coletul", "programarea", "abonamentul"),
}

BANK: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "greeting": ("Dear {name},", "Hello {name},", "Dear Ms {name},"),
        "value": (
            "We have refunded the £{n} you paid for your {thing}.",
            "We will refund the full amount of your {thing} today.",
            "As a gesture we have added a credit of {n}% to your account.",
        ),
        "responsibility": (
            "This was our mistake, and we take full responsibility for it.",
            "We got your {thing} wrong, and that is on us.",
            "It was our fault that your {thing} was delayed.",
        ),
        "explanation": (
            "The problem happened because our system sent the {thing} to an old address.",
            "This happened because a change to our scheduling tool cancelled the {thing}.",
            "Our warehouse mislabelled the {thing} after a stock count on {day}.",
        ),
        "fix": (
            "We have added a check so that this cannot happen again.",
            "From now on every {thing} is confirmed by a second person before it goes out.",
            "We have changed the process so the team reviews each {thing} on the day.",
        ),
        "regret": (
            "We are sorry for the trouble this caused you.",
            "I am truly sorry for the time you lost.",
            "We apologise for the inconvenience to you and your family.",
        ),
        "filler": (
            "Your {thing} reference is {ref}, should you need it.",
            "You can reach me directly on 0161 496 {n}0 on weekdays.",
            "The team at the {day} branch has been told about your case.",
            "We checked every {thing} placed that week for the same problem.",
        ),
        "fault": (
            "Unfortunately the courier lost the {thing}, which was out of our hands.",
            "We apologise if you felt the {thing} was handled badly.",
            "It was only a small delay of {n} minutes.",
        ),
        "closing": ("Kind regards,", "Yours sincerely,", "Best wishes,"),
        "day": ("Monday", "Tuesday", "Friday"),
    },
    "es": {
        "greeting": ("Estimado {name}:", "Hola, {name}:", "Estimada señora {name}:"),
        "value": (
            "Le hemos devuelto los {n} euros que pagó por su {thing}.",
            "Le reembolsaremos hoy el importe completo de su {thing}.",
            "Hemos añadido a su cuenta un descuento del {n}%.",
        ),
        "responsibility": (
            "Fue un error nuestro y asumimos toda la responsabilidad.",
            "Nos equivocamos con su {thing} y la culpa es nuestra.",
            "El retraso de su {thing} fue culpa nuestra.",
        ),
        "explanation": (
            "Esto ocurrió porque nuestro sistema envió su {thing} a una dirección antigua.",
            "El problema se produjo porque un cambio en el programa anuló su {thing}.",
            "Nuestro almacén etiquetó mal su {thing} después del inventario del {day}.",
        ),
        "fix": (
            "Hemos añadido una comprobación para que esto no vuelva a ocurrir.",
            "A partir de ahora una segunda persona confirma cada {thing} antes de enviarla.",
            "Hemos cambiado el proceso y el equipo revisa cada {thing} el mismo día.",
        ),
        "regret": (
            "Lamentamos mucho las molestias que le hemos causado.",
            "Le pedimos disculpas por el tiempo que perdió.",
            "Sentimos de verdad los problemas que esto le ha causado.",
        ),
        "filler": (
            "La referencia de su {thing} es {ref}, por si la necesita.",
            "Puede llamarme directamente al 91 555 {n}0 de lunes a viernes.",
            "El equipo de la oficina del {day} ya conoce su caso.",
            "Hemos revisado cada {thing} de esa semana por si había el mismo problema.",
        ),
        "fault": (
            "Por desgracia la empresa de mensajería perdió su {thing}.",
            "Lamentamos si usted sintió que su {thing} no se trató bien.",
            "Solo fue un pequeño retraso de {n} minutos.",
        ),
        "closing": ("Un cordial saludo,", "Atentamente,", "Saludos,"),
        "day": ("lunes", "martes", "viernes"),
    },
    "ro": {
        "greeting": ("Stimate domnule {name},", "Bună ziua, {name},", "Stimată doamnă {name},"),
        "value": (
            "V-am returnat cei {n} lei plătiți pentru {thing}.",
            "Vă vom rambursa astăzi suma întreagă pentru {thing}.",
            "Am adăugat în contul dumneavoastră o reducere de {n}%.",
        ),
        "responsibility": (
            "A fost greșeala noastră și ne asumăm întreaga responsabilitate.",
            "Am greșit cu {thing} dumneavoastră și vina este a noastră.",
            "Întârzierea pentru {thing} a fost vina noastră.",
        ),
        "explanation": (
            "S-a întâmplat pentru că sistemul nostru a trimis {thing} la o adresă veche.",
            "Problema a apărut deoarece o modificare a programului a anulat {thing}.",
            "Depozitul nostru a etichetat greșit {thing} după inventarul de {day}.",
        ),
        "fix": (
            "Am adăugat o verificare pentru ca acest lucru să nu se mai repete.",
            "De acum înainte o a doua persoană confirmă fiecare comandă înainte de expediere.",
            "Am schimbat procesul, iar echipa verifică zilnic fiecare rezervare.",
        ),
        "regret": (
            "Ne pare rău pentru neplăcerile pe care vi le-am creat.",
            "Vă cerem scuze pentru timpul pierdut.",
            "Regretăm sincer problemele pe care vi le-am cauzat.",
        ),
        "filler": (
            "Referința pentru {thing} este {ref}, dacă aveți nevoie de ea.",
            "Mă puteți suna direct la 021 555 {n}0 de luni până vineri.",
            "Echipa de la biroul de {day} cunoaște deja situația.",
            "Am verificat fiecare comandă din acea săptămână pentru aceeași problemă.",
        ),
        "fault": (
            "Din păcate firma de curierat a pierdut {thing}.",
            "Ne pare rău dacă ați simțit că {thing} nu a fost tratată bine.",
            "A fost doar o mică întârziere de {n} minute.",
        ),
        "closing": ("Cu stimă,", "Cu respect,", "Toate cele bune,"),
        "day": ("luni", "marți", "vineri"),
    },
}
STEPS = ("value", "responsibility", "explanation", "fix", "regret")
SIGNATURE = ("Maria Pop", "Customer Care", "Atención al cliente", "Echipa Suport")


def _fill(rng: random.Random, lang: str, template: str) -> str:
    return template.format(
        name=rng.choice(NAMES),
        thing=rng.choice(THINGS[lang]),
        n=rng.randint(5, 95),
        ref=f"{rng.choice('ABCDEFGH')}-{rng.randint(1000, 9999)}",
        day=rng.choice(BANK[lang]["day"]),
    )


def _sentence(rng: random.Random, lang: str, cell: str) -> str:
    return _fill(rng, lang, rng.choice(BANK[lang][cell]))


def body_paragraphs(rng: random.Random, lang: str) -> list[str]:
    """The body: the five steps (one maybe missing, order shuffled), filler, a fault."""
    steps = list(STEPS)
    if rng.random() < 0.3:
        steps.remove(rng.choice(steps))
    if rng.random() < 0.5:
        rng.shuffle(steps)
    sentences = [_sentence(rng, lang, s) for s in steps]
    for _ in range(rng.randint(1, 4)):
        sentences.insert(rng.randint(0, len(sentences)), _sentence(rng, lang, "filler"))
    if rng.random() < 0.3:
        sentences.insert(rng.randint(0, len(sentences)), _sentence(rng, lang, "fault"))
    paragraphs: list[str] = []
    while sentences:
        take = rng.randint(1, 3)
        paragraphs.append(" ".join(sentences[:take]))
        sentences = sentences[take:]
    return paragraphs


def letter(rng: random.Random, lang: str, markdown: bool) -> str:
    parts: list[str] = []
    if markdown and rng.random() < 0.3:
        parts.append(f"---\nlang: {lang}\nseverity: {rng.choice(('minor', 'major'))}\n---")
    parts.append(_sentence(rng, lang, "greeting"))
    paragraphs = body_paragraphs(rng, lang)
    if markdown and rng.random() < 0.3:
        items = [f"- {_sentence(rng, lang, 'fix')}" for _ in range(2)]
        paragraphs.insert(rng.randint(1, len(paragraphs)), "\n".join(items))
    if markdown and rng.random() < 0.2:
        paragraphs.insert(1, f"> {_sentence(rng, lang, 'fault')}")
    if markdown and rng.random() < 0.2:
        paragraphs.append(f"Ref: `{rng.randint(10000, 99999)}` <!-- internal -->")
    parts.extend(paragraphs)
    parts.append(f"{_sentence(rng, lang, 'closing')}\n{rng.choice(SIGNATURE)}")
    return "\n\n".join(parts) + "\n"


def generate(out: Path, n: int, seed: int = 7) -> list[Path]:
    """Write `n` letters (en/es/ro in turn, 1 in 5 plain text) into `out`."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for i in range(n):
        lang = ("en", "es", "ro")[i % 3]
        markdown = i % 5 != 4
        path = out / f"{i:05d}-{lang}.{'md' if markdown else 'txt'}"
        path.write_text(letter(rng, lang, markdown), encoding="utf-8")
        paths.append(path)
    return paths


def big_letter(path: Path, size: int, lang: str = "en", seed: int = 7) -> Path:
    """One letter of about `size` characters: a greeting, many body paragraphs, a closing."""
    rng = random.Random(seed)
    parts = [_sentence(rng, lang, "greeting")]
    total = len(parts[0])
    while total < size:
        para = " ".join(body_paragraphs(rng, lang))
        parts.append(para)
        total += len(para) + 2
    parts.append(f"{_sentence(rng, lang, 'closing')}\n{SIGNATURE[0]}")
    path.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("-n", type=int, default=1000, help="number of letters")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--size-kb", type=int, default=0, help="write one letter of this size")
    args = ap.parse_args()
    if args.size_kb:
        args.out.mkdir(parents=True, exist_ok=True)
        big_letter(args.out / "big.md", args.size_kb * 1024, seed=args.seed)
    else:
        generate(args.out, args.n, args.seed)


if __name__ == "__main__":
    main()
