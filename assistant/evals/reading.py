"""Reading the figures an answer (or a cited passage) shows, for scoring.

The evals read text themselves rather than trusting the product's own figure list or
verifier: a figure counts only if it is really written in the answer. The tokenizer is the
shared one in assistant.money, so `$350,000`, `$350K` and `$0.35M` are the same figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.evals.cases import PERCENT
from assistant.money import (
    CURRENCY_SYMBOL,
    Amount,
    currency_of,
    find_amounts,
    find_percents,
    pair_ranges,
)

# Words an amount may be followed by instead of a K/M letter: "$2 million".
_WORD_MULTIPLIERS = {"thousand": 1_000, "million": 1_000_000, "mn": 1_000_000, "billion": 1_000_000_000}
_WORD_MULTIPLIER_RE = re.compile(r"\s*(thousand|million|mn|billion)\b", re.IGNORECASE)
_LETTER_MULTIPLIER_RE = re.compile(r"\d\s?([KkMm]|bn)(?![A-Za-z])")
_LETTER_FACTORS = {"k": 1_000, "m": 1_000_000, "bn": 1_000_000_000}


@dataclass(frozen=True)
class ShownFigure:
    """One figure as written: an amount of money, or one end of a percentage."""

    value: float
    symbol: str | None  # as written ("$", "HK$", "GBP"), PERCENT for a percentage, None for a bare number
    text: str

    @property
    def currency(self) -> str | None:
        """The currency a reader takes the sign to mean with no other context ("$" is USD)."""
        if self.symbol == PERCENT:
            return PERCENT
        return currency_of(self.symbol)

    def same_as(self, other: ShownFigure) -> bool:
        """Whether two written figures are one figure: same value, signs meaning the same currency."""
        return _close(self.value, other.value) and self.currency == other.currency

    def means(self, value: float, currency: str) -> bool:
        """Whether this is the given figure: same value, written with a sign meaning that currency."""
        return self.has_value(value) and self.is_in(currency)

    def has_value(self, value: float) -> bool:
        return _close(self.value, value)

    def is_in(self, currency: str) -> bool:
        """Whether a reader takes this figure's sign to mean the currency (a bare number means none)."""
        if self.symbol == PERCENT or currency == PERCENT:
            return self.symbol == currency
        if self.symbol is None:
            return False
        if self.symbol == currency or self.symbol == CURRENCY_SYMBOL.get(currency):
            return True
        if currency not in CURRENCY_SYMBOL:
            # A currency without a sign of its own (e.g. NZD) can only be written with a shared one.
            return currency_of(self.symbol, currency) == currency
        return self.currency == currency


def money_in(text: str) -> list[ShownFigure]:
    """Every amount of money in the text; an end of a range missing its sign borrows the other's."""
    figures: list[ShownFigure] = []
    for low, high in pair_ranges(find_amounts(text), text):
        low_value, high_value = _value(low, text), (_value(high, text) if high else None)
        low_symbol, high_symbol = low.symbol, (high.symbol if high else None)
        if high is not None and high_value is not None:
            low_symbol, high_symbol = low_symbol or high_symbol, high_symbol or low_symbol
            low_value = _borrow_multiplier(low, low_value, high)
            figures.append(ShownFigure(low_value, low_symbol, low.text))
            figures.append(ShownFigure(high_value, high_symbol, high.text))
        else:
            figures.append(ShownFigure(low_value, low_symbol, low.text))
    return figures


def percents_in(text: str) -> list[ShownFigure]:
    """Every percentage in the text, one figure per end of a range ("15-25%" gives 15 and 25)."""
    figures: list[ShownFigure] = []
    for percent in find_percents(text):
        figures.append(ShownFigure(percent.low, PERCENT, percent.text))
        if percent.high is not None:
            figures.append(ShownFigure(percent.high, PERCENT, percent.text))
    return figures


def figures_in(text: str) -> list[ShownFigure]:
    return money_in(text) + percents_in(text)


def _close(one: float, other: float) -> bool:
    return abs(one - other) <= 1e-9 * max(1.0, abs(one), abs(other))


def _multiplier(amount: Amount) -> int:
    """The factor a K, M or bn letter after the number gives, 1 without one."""
    letter = _LETTER_MULTIPLIER_RE.search(amount.text)
    return _LETTER_FACTORS[letter.group(1).lower()] if letter else 1


def _value(amount: Amount, text: str) -> float:
    """The amount in whole units, also when a word ("million") carries the multiplier."""
    if _multiplier(amount) > 1:
        return float(amount.value)
    word = _WORD_MULTIPLIER_RE.match(text, amount.end)
    return float(amount.value * _WORD_MULTIPLIERS[word.group(1).lower()]) if word else float(amount.value)


def _borrow_multiplier(low: Amount, low_value: float, high: Amount) -> float:
    """'$250-350K' means $250K-$350K: a low end without a multiplier borrows the high end's."""
    factor = _multiplier(high)
    if _multiplier(low) > 1 or factor == 1 or low_value * factor > high.value:
        return low_value
    return low_value * factor
