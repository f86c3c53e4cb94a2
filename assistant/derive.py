"""Figures an answer computes from cited figures, by a rule it shows, and that the verifier recomputes.

Only two rules exist, both on figures in one currency (nothing is ever converted with outside rates):
- top_quarter: the top quarter of a band, from low + ¾ × (high − low) (rounded to the nearest thousand) up to
  high; the guides' own strategies aim at the 75th percentile, so this is the fair ask a band implies.
- difference: how far one figure stands above another (two bands' tops, or lows).
"""

from __future__ import annotations

from assistant.money.format import format_like
from assistant.response import DerivedFigure, DerivedInput, DerivedKind

TOP_QUARTER_RULE = "top quarter = low + ¾ × (high − low), to the nearest thousand, up to high"
DIFFERENCE_RULE = "the difference between the two cited figures"


def round_thousand(value: float) -> int:
    """Half up, so the rule gives one answer whatever language recomputes it."""
    return int(value / 1000 + 0.5) * 1000 if value >= 0 else -int(-value / 1000 + 0.5) * 1000


def compute(kind: DerivedKind, values: list[int]) -> tuple[int, int | None]:
    """(low, high) of the rule applied to its inputs, in their order."""
    if kind == DerivedKind.top_quarter:
        low, high = values
        return round_thousand(low + 0.75 * (high - low)), high
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


def recomputes(figure: DerivedFigure) -> bool:
    """Whether the figure is what its rule gives from its inputs, all in its one currency."""
    if any(value.currency != figure.currency for value in figure.inputs) or len(figure.inputs) != 2:
        return False
    return compute(figure.kind, [value.value for value in figure.inputs]) == (figure.low, figure.high)
