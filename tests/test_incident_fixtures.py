"""Incident files shared by the draft, render and incident tests (no tests here)."""

from __future__ import annotations

import copy
from typing import Any

import yaml

# Register-neutral facts per language, so one base serves formal and informal letters.
FACTS: dict[str, dict[str, Any]] = {
    "en": {
        "salutation": {True: "Ms. Quinn", False: "Rosa"},
        "value": ["A replacement lamp in the colour you ordered, sent by express delivery"],
        "root_cause": "Two bins in our warehouse carried each other's labels.",
        "fix": ["A label check at the packing desk before every parcel is sealed"],
    },
    "es": {
        "salutation": {True: "Sra. Quintana", False: "Rosa"},
        "value": ["Una lámpara nueva del color que pidió, enviada por mensajería urgente"],
        "root_cause": "Dos cajas de nuestro almacén tenían las etiquetas cambiadas.",
        "fix": ["Un control de etiquetas en el puesto de embalaje antes de cerrar cada paquete"],
    },
    "ro": {
        "salutation": {True: "doamna Ionescu", False: "Rodica"},
        "value": ["O lampă nouă, în culoarea comandată, trimisă prin livrare rapidă"],
        "root_cause": "Două cutii din depozitul nostru aveau etichetele inversate.",
        "fix": ["O verificare a etichetelor la masa de ambalare, înainte de sigilarea coletului"],
    },
}


def incident(lang: Any = "en", *, formal: bool = True, **over: Any) -> dict[str, Any]:
    facts = FACTS[lang if isinstance(lang, str) and lang in FACTS else "en"]
    data: dict[str, Any] = {
        "apologia": 1,
        "lang": lang,
        "incident": {"id": "INC-7", "occurred": "2025-01-15", "severity": "minor"},
        "company": {"name": "Lumen Lamps", "signer": "Sam Reyes", "contact": "care@lumen.example"},
        "customer": {
            "name": "Rosa Quinn",
            "salutation": facts["salutation"][formal],
            "formal": formal,
        },
        "value": list(facts["value"]),
        "explanation": {"root_cause": facts["root_cause"]},
        "fix": list(facts["fix"]),
    }
    for key, value in over.items():
        target = data
        parts = key.split("__")
        for part in parts[:-1]:
            target = target[part]
        if value is None:
            target.pop(parts[-1], None)
        else:
            target[parts[-1]] = copy.deepcopy(value)
    return data


def dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def filled_starter(lang: str = "en") -> str:
    """The `apologia init` starter with its placeholders replaced, as a user would."""
    from pathlib import Path

    text = (
        Path(__file__).resolve().parent.parent / "templates" / lang / "incident.yaml"
    ).read_text("utf-8")
    for old, new in {
        "Example Company": "Lumen Lamps",
        "Empresa de Ejemplo": "Lámparas Lumen",
        "Firma Exemplu": "Lumen Lămpi",
        "Your Name": "Sam Reyes",
        "Su Nombre": "Sam Reyes",
        "Numele Dumneavoastră": "Sam Reyes",
        "@example.com": "@lumen.example",
        "Jane Doe": "Jane Quinn",
        "Ms. Doe": "Ms. Quinn",
    }.items():
        text = text.replace(old, new)
    return text
