"""Figures an answer computes from cited figures, by a rule it shows, and that the verifier recomputes.

Every rule works on figures in one currency (nothing is ever converted with outside rates):
- top_quarter: the top quarter of a band, from low + ¾ × (high − low) (rounded to the nearest thousand) up to
  high; the guides' own strategies aim at the 75th percentile, so this is the fair ask a band implies.
- difference: how far one figure stands above another (two bands' tops, or lows, or two offers' year totals).
- percent_of: an amount × a percentage ÷ 100, to the whole unit (a bonus target given as a share of base).
- vesting_share: a grant × one year's vesting share ÷ 100, to the whole unit (the equity vesting that year).
- sum: amounts in one currency added up (an offer's total for one year).
Halves round up everywhere, so every language that recomputes a rule gets the same whole number.
"""

from __future__ import annotations

from assistant.money.format import format_like
from assistant.response import DerivedFigure, DerivedInput, DerivedKind

TOP_QUARTER_RULE = "top quarter = low + ¾ × (high − low), to the nearest thousand, up to high"
DIFFERENCE_RULE = "the difference between the two cited figures"
PERCENT_OF_RULE = "amount × percentage ÷ 100, to the whole unit"
VESTING_RULE = "grant × the year's vesting share ÷ 100, to the whole unit"
SUM_RULE = "the sum of the year's amounts, all in one currency"


def round_thousand(value: float) -> int:
    """Half up, so the rule gives one answer whatever language recomputes it."""
    return int(value / 1000 + 0.5) * 1000 if value >= 0 else -int(-value / 1000 + 0.5) * 1000


def round_unit(value: float) -> int:
    """To the whole unit, halves up (away from zero)."""
    return int(value + 0.5) if value >= 0 else -int(-value + 0.5)


def share_of(amount: int, percent: float) -> int:
    """amount × percent ÷ 100, to the whole unit: written so that 200,000 × 25 is exactly 50,000."""
    return round_unit(amount * percent / 100)


def compute(kind: DerivedKind, values: list[int], percent: float | None = None) -> tuple[int, int | None]:
    """(low, high) of the rule applied to its inputs, in their order (`percent`: a share rule's percentage)."""
    if kind == DerivedKind.top_quarter:
        low, high = values
        return round_thousand(low + 0.75 * (high - low)), high
    if kind in (DerivedKind.percent_of, DerivedKind.vesting_share):
        assert percent is not None, "a share rule needs its percentage"
        return share_of(values[0], percent), None
    if kind == DerivedKind.sum:
        return sum(values), None
    first, second = values
    return first - second, None


def top_quarter(low: DerivedInput, high: DerivedInput, example: str) -> DerivedFigure:
    result, top = compute(DerivedKind.top_quarter, [low.value, high.value])
    text = f"{format_like(result, low.currency, example)}–{format_like(high.value, high.currency, example)}"
    return DerivedFigure(kind=DerivedKind.top_quarter, rule=TOP_QUARTER_RULE, currency=low.currency, low=result,
                         high=top, text=text, inputs=[low, high])  # fmt: skip


def difference(first: DerivedInput, second: DerivedInput, example: str) -> DerivedFigure:
    result, _ = compute(DerivedKind.difference, [first.value, second.value])
    return DerivedFigure(kind=DerivedKind.difference, rule=DIFFERENCE_RULE, currency=first.currency, low=result,
                         text=format_like(abs(result), first.currency, example), inputs=[first, second])  # fmt: skip


def share(kind: DerivedKind, amount: DerivedInput, percent: DerivedInput, example: str) -> DerivedFigure:
    """A percentage of an amount (percent_of) or one year's vesting of a grant (vesting_share)."""
    assert percent.percent is not None
    result, _ = compute(kind, [amount.value], percent.percent)
    rule = PERCENT_OF_RULE if kind == DerivedKind.percent_of else VESTING_RULE
    return DerivedFigure(kind=kind, rule=rule, currency=amount.currency, low=result,
                         text=format_like(result, amount.currency, example), inputs=[amount, percent])  # fmt: skip


def total(amounts: list[DerivedInput], example: str) -> DerivedFigure:
    """The sum of amounts in one currency."""
    result, _ = compute(DerivedKind.sum, [amount.value for amount in amounts])
    currency = amounts[0].currency
    return DerivedFigure(kind=DerivedKind.sum, rule=SUM_RULE, currency=currency, low=result,
                         text=format_like(result, currency, example), inputs=amounts)  # fmt: skip


def recomputes(figure: DerivedFigure) -> bool:
    """Whether the figure is what its rule gives from its inputs, all in its one currency (a share rule's second
    input is its percentage)."""
    inputs = figure.inputs
    if figure.kind in (DerivedKind.percent_of, DerivedKind.vesting_share):
        if len(inputs) != 2 or inputs[0].currency != figure.currency or inputs[1].percent is None:
            return False
        return compute(figure.kind, [inputs[0].value], inputs[1].percent) == (figure.low, figure.high)
    if any(value.currency != figure.currency for value in inputs):
        return False
    if (figure.kind == DerivedKind.sum and not inputs) or (figure.kind != DerivedKind.sum and len(inputs) != 2):
        return False
    return compute(figure.kind, [value.value for value in inputs]) == (figure.low, figure.high)
