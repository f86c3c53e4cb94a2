"""The rules an answer may compute a figure by, written again for the evals.

The product computes derived figures in assistant/derive.py and its verifier recomputes them with that same
code; the evals recompute them here instead, so a wrong rule there cannot pass because it agrees with itself.
Whole numbers throughout, so the result is exact: no float can round 2,512,500 the other way.
"""

from __future__ import annotations

from fractions import Fraction

THOUSAND = 1_000


def top_quarter(low: int, high: int) -> tuple[int, int]:
    """The band's top quarter: low + ¾ × (high − low), to the nearest thousand (a half rounds up), up to high."""
    four_times_start = 4 * low + 3 * (high - low)  # four times the 75th-percentile point, still whole
    start = (four_times_start + 2 * THOUSAND) // (4 * THOUSAND) * THOUSAND  # nearest thousand, halves up
    return start, high


def difference(first: int, second: int) -> int:
    """How far the first figure stands above the second (negative when below)."""
    return first - second


def share(amount: int, percent: float) -> int:
    """amount × percent ÷ 100 to the whole unit, a half rounding up: a bonus given as a share of base, or one
    year's vesting of a grant. Exact fractions, so 200,000 × 12.5% is 25,000 and 1 × 50% is 1."""
    exact = Fraction(amount) * Fraction(str(percent)) / 100
    return int((exact + Fraction(1, 2)) // 1) if exact >= 0 else -int((-exact + Fraction(1, 2)) // 1)


def total(amounts: list[int]) -> int:
    """A year's total: its amounts added up."""
    result = 0
    for amount in amounts:
        result += amount
    return result
