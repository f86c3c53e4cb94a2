"""What a cited passage supports: the amounts of its typed table figures (with the figure, for attribution)
and the amounts its prose writes (which may only be shown as that guide's quoted advice)."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.evidence import Passage
from assistant.guide import Figure
from assistant.money import find_amounts, find_percents
from assistant.verify.mentions import PERCENT


@dataclass(frozen=True)
class Support:
    currency: str
    value: float
    figure: Figure | None = None  # the table figure it is; None for an amount the passage's prose writes


def supports(passage: Passage) -> list[Support]:
    found = [support for figure in passage.figures for support in figure_supports(figure)]
    text = passage.text_without_figure_rows()
    for amount in find_amounts(text):
        code = amount.currency()
        if code and not amount.malformed:
            found.append(Support(code, float(amount.value)))
    for percent in find_percents(text):
        found += [Support(PERCENT, value) for value in (percent.low, percent.high) if value is not None]
    return found


def figure_supports(figure: Figure) -> list[Support]:
    second = figure.secondary
    pairs = [
        (figure.currency, figure.low),
        (figure.high_currency or figure.currency, figure.high),
        (second.currency if second else None, second.low if second else None),
        (second.currency if second else None, second.high if second else None),
        (PERCENT, figure.bonus_pct_low),
        (PERCENT, figure.bonus_pct_high),
    ]
    return [Support(currency, float(value), figure) for currency, value in pairs if currency and value is not None]
