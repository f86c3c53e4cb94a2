"""Writing an amount the way a guide writes its neighbours: a derived £255,000 beside `£195K - £275K` is £255K.

The notation is only borrowed where it is exact: 2,513,000 beside `HK$1.95M` is HK$2,513,000, never HK$2.51M.
"""

from __future__ import annotations

import re

from assistant.money.currencies import CURRENCY_SYMBOL, meanings
from assistant.money.reader import find_amounts

_SIGNS = re.compile(r"(?<![A-Za-z])([A-Z]{2}\$|[A-Z]\$|[$£€₹¥₪₩])")


def format_like(value: int, currency: str, example: str) -> str:
    """The value in the currency, in the notation of `example` (a cell or range as the guide wrote it): K ('£255K'),
    M ('HK$2.51M'), lakh ('₹33L') or full ('$225,500'), with the example's sign for that currency."""
    same = [a for a in find_amounts(example) if a.currency() == currency or currency in meanings(a.symbol or "")]
    sign = _sign_in(example, currency)
    number = _number_like(value, (same[0].multiplier or "") if same else "")
    if same and not same[0].multiplier and _INDIAN_GROUPS.search(same[0].text) and "," in number:
        number = _indian(value)  # "₹57,76,000" beside "₹48,00,000", never "₹5,776,000"
    if sign.isalpha():
        return f"{sign} {number}" if sign != "kr" else f"{number} kr"
    return f"-{sign}{number[1:]}" if number.startswith("-") else f"{sign}{number}"


_INDIAN_GROUPS = re.compile(r"\d{1,2}(?:,\d{2})+,\d{3}\b")


def _indian(value: int) -> str:
    """Lakh grouping: the last three digits, then pairs (57,76,000)."""
    digits = str(abs(value))
    head, tail = digits[:-3], digits[-3:]
    pairs: list[str] = []
    while len(head) > 2:
        pairs.insert(0, head[-2:])
        head = head[:-2]
    grouped = ",".join([head, *pairs, tail] if head else [*pairs, tail])
    return f"-{grouped}" if value < 0 else grouped


def _sign_in(example: str, currency: str) -> str:
    for match in _SIGNS.finditer(example):
        if currency in meanings(match.group(1)):
            return match.group(1)
    if re.search(rf"\b{currency}\b", example):
        return currency
    return CURRENCY_SYMBOL.get(currency, currency)


_UNITS = {"k": (1_000, 1_000, "K"), "m": (1_000_000, 10_000, "M"), "l": (100_000, 1_000, "L"),
          "lpa": (100_000, 1_000, "L"), "cr": (10_000_000, 100_000, "Cr")}  # fmt: skip


def _number_like(value: int, multiplier: str) -> str:
    """In the unit the example uses where that is exact (at most two decimals), else in full."""
    unit = _UNITS.get(multiplier.lower())
    if unit and abs(value) >= unit[0] and value % unit[1] == 0:
        amount = value / unit[0]
        return (f"{int(amount)}" if amount == int(amount) else f"{amount:.2f}".rstrip("0")) + unit[2]
    return f"{value:,}"
