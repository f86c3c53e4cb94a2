"""One compensation cell, read by its structure: a range, its conversion, a share, a note, or "not paid".

The shapes a cell takes (docs/guide-formats.md): `$182K - $240K`; `£96K - £131K ($120K - $164K)`;
`€48,000-€66,000 / $52,000-$72,000`; interleaved `£71K / $89K - £96K / $120K`; `AED 310,000-AED 455,000`;
`₹18L`, `18-34 LPA`, `₹1.4Cr`, `₹24,00,000`; `$140K–$365K+`; `$44K–$110K/yr`; `£0-£14K (senior only)`;
`10–15%`, `$18K-$41K (15-25%)`, `10% target (€6,400 - €8,800)`; `None`, `N/A`, `—`, `TBD`.
A cell that fits none of them cleanly (`£1,2,3K`, `$12.3.4K - €5K`, `£-5K`) is `unclean`: no figure, a problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.guide import Money
from assistant.money import Amount, MoneyRange, find_percents, find_ranges, read_tokens
from assistant.places import strip_emphasis

NOT_PAID = frozenset({"none", "n/a", "na", "-", "–", "—", "nil", "no", "not offered", "not paid", "no bonus", "0"})
UNKNOWN = frozenset({"", "tbd", "tba", "?", "unknown", "n/d", "varies"})
_PARENTHETICAL = re.compile(r"\(([^()]*)\)")
_PERIOD = re.compile(r"\s*(?:/\s*yr|/\s*year|per year|p\.a\.|annually)\b\.?", re.IGNORECASE)
_MONTHLY = re.compile(r"\s*(?:/\s*mo|/\s*month|per month|monthly)\b\.?", re.IGNORECASE)
_JOIN = re.compile(r"^\s*(?:-|–|—|−|to)\s*$")


@dataclass
class CellReading:
    """What a cell states. `kind`: money, percent, not_paid, or unclean (with `problem` saying why)."""

    kind: str
    currency: str | None = None
    low: int | None = None
    high: int | None = None
    high_currency: str | None = None
    open_ended: bool = False
    period: str | None = None
    pct_low: float | None = None
    pct_high: float | None = None
    secondary: Money | None = None
    note: str | None = None
    problem: str | None = None


def read_cell(text: str, context_currency: str | None) -> CellReading | None:
    """The cell's reading, or None when it states nothing (blank, TBD). context_currency settles `$`, `¥`, `kr`."""
    cell = re.sub(r"\s+", " ", strip_emphasis(text)).strip()
    if cell.lower() in UNKNOWN:
        return None
    if cell.lower().rstrip(".") in NOT_PAID:
        return CellReading("not_paid", note=cell)
    reading = CellReading("money")
    if _PERIOD.search(cell):
        reading.period, cell = "/yr", _PERIOD.sub("", cell)
    elif _MONTHLY.search(cell):  # "SEK 60K–87K/mo / $165K–$225K": a month's pay, shown as written, never annualised
        reading.period, cell = "/mo", _MONTHLY.sub("", cell)
    main = _take_parentheticals(cell, reading, context_currency)
    if reading.kind == "unclean":
        return reading
    numbers, _ = read_tokens(main)
    if any(amount.malformed for amount in numbers):
        return _unclean(f"'{text.strip()}' does not read as money")
    if any(amount.value < 0 for amount in numbers):
        return _unclean(f"'{text.strip()}' holds a negative amount")
    ranges = find_ranges(main)
    if ranges:
        primary, secondary = _primary_and_secondary(ranges, main)
        if primary is None:
            return _unclean(f"'{text.strip()}' holds more amounts than a range and its conversion")
        _set_primary(reading, primary, context_currency)
        if secondary is not None:
            reading.secondary = _money(secondary, None)
    percents = find_percents(main)
    if percents and reading.pct_low is None:
        reading.pct_low, reading.pct_high = percents[0].low, percents[0].high
    if reading.low is None and reading.pct_low is None:
        return None  # words or counts ("Discretionary", "4yr vest"): no figure, and nothing wrong
    if reading.low is None:
        reading.kind = "percent"
    return reading


def _unclean(problem: str) -> CellReading:
    return CellReading("unclean", problem=problem)


def _take_parentheticals(cell: str, reading: CellReading, context: str | None) -> str:
    """'(…)' parts: money is the conversion (or, alone, the money itself: '10% target (€6,400 - €8,800)'),
    a percentage the share, anything else a note."""
    main = _PARENTHETICAL.sub(" ", cell)
    main_has_money = bool(find_ranges(main))
    for inner in _PARENTHETICAL.findall(cell):
        numbers, _ = read_tokens(inner)
        ranges = find_ranges(inner)
        if any(n.malformed or (n.value < 0 and n.symbol) for n in numbers):
            reading.kind, reading.problem = "unclean", f"'{cell}' does not read as money"
        elif any(n.value < 0 for n in numbers):
            reading.note = inner.strip()  # "(-5-10% vs Paris)": how the place compares, not an amount
        elif ranges and not main_has_money:
            _set_primary(reading, ranges[0], context)
        elif ranges:
            reading.secondary = _money(ranges[0], None)
        elif percents := find_percents(inner):
            reading.pct_low, reading.pct_high = percents[0].low, percents[0].high
        else:
            reading.note = inner.strip()
    return main


def _primary_and_secondary(ranges: list[MoneyRange], text: str) -> tuple[MoneyRange | None, MoneyRange | None]:
    """One range; a range and its conversion ('A - B / C - D'); or the interleaved 'A / C - B / D'."""
    if len(ranges) == 1:
        return ranges[0], None
    if len(ranges) == 2:
        interleaved = _interleaved(ranges, text)
        if interleaved:
            return interleaved
        between = text[ranges[0].ends[-1].end : ranges[1].low.start].strip()
        if ranges[0].low.symbol != ranges[1].low.symbol and between in ("/", "|", ""):
            return ranges[0], ranges[1]
    if len(ranges) == 3:  # "£71K / $89K - £96K / $120K" reads as £71K, ($89K - £96K), $120K
        first, middle, last = ranges
        if first.high is None and last.high is None and middle.high is not None:
            found = _interleaved([MoneyRange(first.low, middle.low), MoneyRange(middle.high, last.low)], text)
            if found:
                return found
    return None, None


def _interleaved(ranges: list[MoneyRange], text: str) -> tuple[MoneyRange, MoneyRange] | None:
    """Four amounts A1, B1, A2, B2 where A1 and A2 share a currency and B1, B2 another: A1-A2 shown as B1-B2."""
    amounts = [a for r in ranges for a in r.ends]
    if len(amounts) != 4:
        return None
    a1, b1, a2, b2 = amounts
    if (
        a1.symbol == a2.symbol
        and b1.symbol == b2.symbol
        and a1.symbol != b1.symbol
        and _JOIN.match(text[b1.end : a2.start])
    ):
        return MoneyRange(a1, a2), MoneyRange(b1, b2)
    return None


def _set_primary(reading: CellReading, money: MoneyRange, context: str | None) -> None:
    reading.currency = money.low.currency(context)
    reading.low = money.low.value
    reading.open_ended = any(end.open_ended for end in money.ends)
    if money.high is not None:
        reading.high = money.high.value
        high_currency = money.high.currency(context)
        if high_currency != reading.currency:
            reading.high_currency = high_currency


def _money(money: MoneyRange, context: str | None) -> Money:
    """The second range of a dual cell is a conversion: a bare "$" there means USD."""
    low: Amount = money.low
    return Money(currency=low.currency(context) or "USD", low=low.value,
                 high=money.high.value if money.high is not None else None)  # fmt: skip
