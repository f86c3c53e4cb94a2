"""Which currency a written sign, code or word means, and how an answer writes each currency.

Facts only: ISO 4217 codes, the symbols guides use, and the words people write for money.
"""

from __future__ import annotations

# Written symbols -> ISO code. Longest first when matching, so that "HK$" wins over "$".
SYMBOL_CURRENCY: dict[str, str] = {
    "HK$": "HKD", "NT$": "TWD", "US$": "USD", "S$": "SGD", "C$": "CAD", "CA$": "CAD", "R$": "BRL", "A$": "AUD",
    "AU$": "AUD", "NZ$": "NZD", "MX$": "MXN", "$": "USD", "£": "GBP", "€": "EUR", "₹": "INR", "Rs.": "INR",
    "Rs": "INR", "¥": "JPY", "₪": "ILS", "₩": "KRW", "₱": "PHP", "₦": "NGN", "₺": "TRY", "₫": "VND", "zł": "PLN",
    "kr": "SEK", "Fr.": "CHF", "RM": "MYR",
}  # fmt: skip
# Symbols whose currency depends on where the money is paid.
AMBIGUOUS_SYMBOLS = frozenset({"$", "¥", "kr"})
_SYMBOL_FITS = {
    "$": {"USD", "SGD", "CAD", "AUD", "HKD", "TWD", "NZD", "MXN"},
    "¥": {"JPY", "CNY"},
    "kr": {"SEK", "NOK", "DKK", "ISK"},
}
ISO_CODES = frozenset(
    """USD GBP EUR INR SGD CAD BRL AUD HKD JPY CNY RMB TWD ILS SEK NOK DKK ISK CHF PLN CZK HUF RON BGN TRY
    KRW AED SAR QAR KWD BHD OMR JOD EGP MAD NGN KES GHS ZAR MYR IDR PHP THB VND PKR BDT LKR NPR NZD MXN
    COP CLP ARS PEN UAH KZT""".split()  # noqa: SIM905 (a list of 58 codes reads better as words)
)
# Codes that are another name for one currency.
ISO_ALIASES = {"RMB": "CNY"}
# Words for money, lower case, longest first when matching. A bare "dollars" means USD. Words that are also
# ordinary English ("real", "won", "rand") count only with their country: "5 real reasons" is not money.
CURRENCY_WORDS: dict[str, str] = {
    "hong kong dollars": "HKD", "singapore dollars": "SGD", "canadian dollars": "CAD", "australian dollars": "AUD",
    "new zealand dollars": "NZD", "us dollars": "USD", "u.s. dollars": "USD", "pounds sterling": "GBP",
    "british pounds": "GBP", "swiss francs": "CHF", "brazilian reais": "BRL", "new taiwan dollars": "TWD",
    "dollars": "USD", "dollar": "USD", "bucks": "USD", "pounds": "GBP", "pound": "GBP", "quid": "GBP",
    "sterling": "GBP", "euros": "EUR", "euro": "EUR", "rupees": "INR", "rupee": "INR", "yen": "JPY", "yuan": "CNY",
    "renminbi": "CNY", "francs": "CHF", "franc": "CHF", "kronor": "SEK", "krona": "SEK", "kroner": "NOK",
    "shekels": "ILS", "shekel": "ILS", "dirhams": "AED", "dirham": "AED", "riyals": "SAR", "riyal": "SAR",
    "south african rand": "ZAR", "korean won": "KRW", "reais": "BRL", "zloty": "PLN", "ringgit": "MYR",
}  # fmt: skip
# The sign an answer writes each currency with, where it has one of its own.
CURRENCY_SYMBOL: dict[str, str] = {
    "USD": "$", "GBP": "£", "EUR": "€", "INR": "₹", "JPY": "¥", "ILS": "₪", "KRW": "₩", "HKD": "HK$",
    "SGD": "S$", "CAD": "C$", "AUD": "A$", "BRL": "R$", "TWD": "NT$", "NZD": "NZ$", "MXN": "MX$", "SEK": "kr",
}  # fmt: skip


def currency_of(sign: str | None, context_currency: str | None = None) -> str | None:
    """The ISO code a written sign, code or word means; an ambiguous sign ($, ¥, kr) defers to the context
    (the column header or the place) when the context is a currency that sign is used for."""
    if sign is None:
        return context_currency
    if sign in ISO_CODES:
        return ISO_ALIASES.get(sign, sign)
    if sign in AMBIGUOUS_SYMBOLS and context_currency in _SYMBOL_FITS[sign]:
        return context_currency
    return SYMBOL_CURRENCY.get(sign) or CURRENCY_WORDS.get(sign.lower())


def meanings(sign: str) -> frozenset[str]:
    """Every currency a sign can stand for: {"USD", "SGD", ...} for "$", one code for "£" or "GBP"."""
    if sign in _SYMBOL_FITS:
        return frozenset(_SYMBOL_FITS[sign])
    code = currency_of(sign)
    return frozenset({code}) if code else frozenset()


def format_whole(value: int, currency: str | None) -> str:
    """A plain rendering such as '£195,000', used where no source text exists (JSON, derived figures)."""
    symbol = CURRENCY_SYMBOL.get(currency or "", "")
    if symbol == "" and currency:
        return f"{currency} {value:,}"
    return f"{symbol}{value:,}"
