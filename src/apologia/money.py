"""Amounts of money as a native writer puts them in a letter.

- CLDR formats from Babel, per locale (`$1,234,567.50` in es-MX, `1.234.567,50 €` in es).
- Whole amounts without `.00`/`,00` ("a $1,200 credit", "250 €"): a letter is prose,
  not an invoice.
- CLDR currency spacing, which Babel does not apply: a no-break space between a currency
  symbol that ends or starts with a letter and the digits ("RON 250.00", not "RON250.00").
- Romanian prose for currencies it names in words: "250 de lei", "21 de lei", "15 lei",
  "101 lei", "1 leu", "1,50 lei", "50 de bani". Numerals take "de" from 20 up unless the
  last two digits are 01-19; amounts with a fraction take none.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal

NBSP = "\u00a0"
# CLDR currencySpacing: a symbol's letter next to a digit gets a no-break space.
_LETTER_DIGIT = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")


def currency_spacing(text: str) -> str:
    """'RON250.00' -> 'RON\xa0250.00'; '$250' and '250\xa0€' are unchanged."""
    return _LETTER_DIGIT.sub(NBSP, text)


def is_whole(amount: Decimal) -> bool:
    return amount == amount.to_integral_value()


def format_money(amount: Decimal, currency: str, locale: str) -> str:
    """CLDR currency format of `locale`, whole amounts without decimals, spaced symbol."""
    from babel import Locale
    from babel.numbers import format_currency

    if is_whole(amount):
        pattern = Locale.parse(locale).currency_formats["standard"].pattern
        whole = re.sub(r"\.0+", "", pattern.split(";")[0])
        text = format_currency(amount, currency, locale=locale, format=whole, currency_digits=False)
    else:
        text = format_currency(amount, currency, locale=locale)
    return currency_spacing(str(text))


def takes_de(number: int) -> bool:
    """Romanian: 20 de lei, 101 lei, 1.350 de lei, 1.015 lei."""
    return number >= 20 and not 1 <= number % 100 <= 19


def romanian_money(amount: Decimal, currency: str, names: Mapping[str, Mapping[str, str]]) -> str:
    """'250 de lei', '1 leu', '1,50 lei', '50 de bani'; Babel's format for other currencies.

    `names[currency]` holds `one`, `many` and, for amounts under one unit, `cent_one`
    and `cent_many` (ro locale data).
    """
    from babel.numbers import format_decimal

    words = names.get(currency)
    if words is None:
        return format_money(amount, currency, "ro_RO")
    if amount < 1 and "cent_many" in words:
        cents = int((amount * 100).to_integral_value())
        if cents == 1:
            return f"1{NBSP}{words['cent_one']}"
        if takes_de(cents):
            return f"{cents}{NBSP}de {words['cent_many']}"
        return f"{cents}{NBSP}{words['cent_many']}"
    if is_whole(amount):
        number = int(amount)
        if number == 1:
            return f"1{NBSP}{words['one']}"
        shown = format_decimal(number, locale="ro_RO")
        if takes_de(number):
            return f"{shown}{NBSP}de {words['many']}"
        return f"{shown}{NBSP}{words['many']}"
    shown = format_decimal(amount, format="#,##0.00", locale="ro_RO")
    return f"{shown}{NBSP}{words['many']}"
