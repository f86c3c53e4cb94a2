"""Reading the figures an answer (or a cited passage) shows, for scoring.

The evals read text themselves rather than trusting the product's own figure list or
verifier: a figure counts only if it is really written in the answer. The reader is the
shared one in assistant.money, so `$350,000`, `$350K`, `$0.35M`, `350 thousand dollars` and
`$250-350K` are read the same way as everywhere else in the product.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.evals.cases import PERCENT
from assistant.money import CURRENCY_SYMBOL, Amount, currency_of, find_percents, find_ranges


@dataclass(frozen=True)
class ShownFigure:
    """One figure as written: an amount of money, or one end of a percentage."""

    value: float
    symbol: str | None  # as written ("$", "HK$", "GBP"), PERCENT for a percentage, None for a bare number
    text: str
    implied_currency: str | None = None  # INR for "18 LPA"

    @property
    def currency(self) -> str | None:
        """The currency a reader takes the sign to mean with no other context ("$" is USD)."""
        if self.symbol == PERCENT:
            return PERCENT
        return currency_of(self.symbol) if self.symbol else self.implied_currency

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
            return self.implied_currency == currency
        if self.symbol == currency or self.symbol == CURRENCY_SYMBOL.get(currency):
            return True
        if currency not in CURRENCY_SYMBOL:
            # A currency without a sign of its own (e.g. NZD) can only be written with a shared one.
            return currency_of(self.symbol, currency) == currency
        return self.currency == currency


def money_in(text: str) -> list[ShownFigure]:
    """Every amount of money in the text, each end of a range on its own (ends lend each other their sign)."""
    return [_shown(amount) for money in find_ranges(text) for amount in money.ends if not amount.malformed]


def bands_in(text: str) -> list[tuple[ShownFigure, ShownFigure]]:
    """Every range of money in the text as its (low, high) ends: "£195K - £275K" is one band."""
    return [
        (_shown(money.low), _shown(money.high))
        for money in find_ranges(text)
        if money.high is not None and not (money.low.malformed or money.high.malformed)
    ]


def percents_in(text: str) -> list[ShownFigure]:
    """Every percentage in the text, one figure per end of a range ("15-25%" gives 15 and 25)."""
    figures: list[ShownFigure] = []
    for percent in find_percents(text):
        figures.append(ShownFigure(percent.low, PERCENT, percent.text))
        if percent.high is not None:
            figures.append(ShownFigure(percent.high, PERCENT, percent.text))
    return figures


def schedule_percents(text: str) -> list[ShownFigure]:
    """The yearly shares of a vesting schedule written with slashes ("5/15/40/40"), each a percentage."""
    return [ShownFigure(float(share), PERCENT, schedule) for schedule in
            re.findall(r"\b\d+(?:\.\d+)?(?:/\d+(?:\.\d+)?){2,}", text) for share in schedule.split("/")]  # fmt: skip


def figures_in(text: str) -> list[ShownFigure]:
    return money_in(text) + percents_in(text)


def _shown(amount: Amount) -> ShownFigure:
    return ShownFigure(float(amount.value), amount.symbol, amount.text, amount.implied_currency)


def _close(one: float, other: float) -> bool:
    return abs(one - other) <= 1e-9 * max(1.0, abs(one), abs(other))
