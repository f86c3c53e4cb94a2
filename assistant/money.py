"""Reading money as guides and answers write it.

One tokenizer serves both sides of the product: the parser reads table cells
with it, and the verifier reads answers and cited passages with it, so that
`$350K` and `$350,000` are the same figure everywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Longest symbols first so that "HK$" wins over "$".
SYMBOL_CURRENCY: dict[str, str] = {
    "HK$": "HKD",
    "NT$": "TWD",
    "US$": "USD",
    "S$": "SGD",
    "C$": "CAD",
    "R$": "BRL",
    "A$": "AUD",
    "$": "USD",
    "£": "GBP",
    "€": "EUR",
    "₹": "INR",
    "¥": "JPY",
    "₪": "ILS",
    "kr": "SEK",
}
# Symbols whose currency depends on where the money is paid.
AMBIGUOUS_SYMBOLS = frozenset({"$", "¥", "kr"})
ISO_CODES = frozenset(
    [
        "USD",
        "GBP",
        "EUR",
        "INR",
        "SGD",
        "CAD",
        "BRL",
        "AUD",
        "HKD",
        "JPY",
        "CNY",
        "TWD",
        "ILS",
        "SEK",
        "NOK",
        "DKK",
        "CHF",
        "PLN",
        "KRW",
        "AED",
        "ZAR",
        "MXN",
        "NZD",
    ]
)
# The symbol each currency is written with when an answer shows it.
CURRENCY_SYMBOL: dict[str, str] = {code: sym for sym, code in reversed(SYMBOL_CURRENCY.items())}

_SYMBOL_PATTERN = "|".join(re.escape(s) for s in sorted(SYMBOL_CURRENCY, key=len, reverse=True) if s != "kr")
_ISO_PATTERN = "|".join(sorted(ISO_CODES))
_NUMBER = r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_MULTIPLIER = r"[KkMm](?![A-Za-z])|bn\b"

# An amount: optional prefix currency, number, optional multiplier, optional suffix currency.
AMOUNT_RE = re.compile(
    rf"(?:(?P<sym>{_SYMBOL_PATTERN})|\b(?P<iso>{_ISO_PATTERN})\s?)?"
    rf"(?<![\w.])(?P<num>{_NUMBER})(?:\s?(?P<mult>{_MULTIPLIER}))?"
    rf"(?:\s?(?P<suffix>kr\b|(?:{_ISO_PATTERN})\b))?"
)
PERCENT_RANGE_RE = re.compile(
    rf"(?P<low>{_NUMBER})\s?%?\s*(?:-|–|—|to)\s*(?P<high>{_NUMBER})\s?%|(?P<one>{_NUMBER})\s?%"
)
RANGE_SEPARATOR_RE = re.compile(r"^\s*(?:-|–|—|to)\s*$")


@dataclass(frozen=True)
class Amount:
    """One amount as written, in whole units."""

    value: int
    symbol: str | None  # as written: "$", "HK$", an ISO code, or None for a bare number
    text: str
    start: int
    end: int

    @property
    def has_currency(self) -> bool:
        return self.symbol is not None


def _scale(number: str, multiplier: str | None) -> int:
    value = float(number.replace(",", ""))
    factor = {"k": 1_000, "m": 1_000_000, "bn": 1_000_000_000}.get((multiplier or "").lower(), 1)
    return round(value * factor)


def find_amounts(text: str) -> list[Amount]:
    """Every amount of money in the text: numbers with a currency, a K/M multiplier, or thousands commas."""
    amounts = []
    for match in AMOUNT_RE.finditer(text):
        symbol = match["sym"] or match["iso"] or match["suffix"]
        number, multiplier = match["num"], match["mult"]
        end = match.end()
        # A percentage is not money ("15%" or "15-25%").
        if text[end : end + 1] == "%" or re.match(r"\s?(?:-|–)\s?\d[\d.]*\s?%", text[end:]):
            continue
        if symbol is None and multiplier is None and "," not in number:
            continue  # a bare count or year, not money
        amounts.append(Amount(_scale(number, multiplier), symbol, match.group(0).strip(), match.start(), end))
    return amounts


@dataclass(frozen=True)
class Percent:
    low: float
    high: float | None
    text: str
    start: int
    end: int


def find_percents(text: str) -> list[Percent]:
    found = []
    for match in PERCENT_RANGE_RE.finditer(text):
        if match["one"] is not None:
            found.append(Percent(float(match["one"]), None, match.group(0), match.start(), match.end()))
        else:
            low, high = float(match["low"]), float(match["high"])
            found.append(Percent(low, high, match.group(0), match.start(), match.end()))
    return found


def currency_of(symbol: str | None, context_currency: str | None = None) -> str | None:
    """ISO code for a written symbol; ambiguous symbols defer to the context (header or region)."""
    if symbol is None:
        return context_currency
    if symbol in ISO_CODES:
        return symbol
    if symbol in AMBIGUOUS_SYMBOLS and context_currency and _symbol_fits(symbol, context_currency):
        return context_currency
    return SYMBOL_CURRENCY.get(symbol)


def _symbol_fits(symbol: str, currency: str) -> bool:
    fitting = {
        "$": {"USD", "SGD", "CAD", "AUD", "HKD", "TWD", "NZD", "MXN"},
        "¥": {"JPY", "CNY"},
        "kr": {"SEK", "NOK", "DKK"},
    }
    return currency in fitting.get(symbol, set())


def pair_ranges(amounts: list[Amount], text: str) -> list[tuple[Amount, Amount | None]]:
    """Group amounts into (low, high) ranges: two amounts joined by a dash form one range."""
    ranges: list[tuple[Amount, Amount | None]] = []
    index = 0
    while index < len(amounts):
        low = amounts[index]
        nxt = amounts[index + 1] if index + 1 < len(amounts) else None
        if nxt is not None and RANGE_SEPARATOR_RE.match(text[low.end : nxt.start]):
            ranges.append((low, nxt))
            index += 2
        else:
            ranges.append((low, None))
            index += 1
    return ranges


def format_whole(value: int, currency: str | None) -> str:
    """A plain rendering such as '£195,000' used where no source text exists (JSON, tables)."""
    symbol = CURRENCY_SYMBOL.get(currency or "", "")
    if symbol == "" and currency:
        return f"{currency} {value:,}"
    return f"{symbol}{value:,}"
