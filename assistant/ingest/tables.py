"""From a markdown compensation table to typed figures, one per money cell.

Two table shapes carry money: Region tables (a row per region, a column per
component) and Level x location tables (a row per level, a column per location,
each cell a total-comp range). Anything else (level mappings) is not compensation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.guide import Component, Figure, Money, Table
from assistant.money import ISO_CODES, find_amounts, find_percents, pair_ranges
from assistant.money import currency_of as resolve_currency
from assistant.places import region_currency, region_key, strip_emphasis

EMPTY_CELLS = frozenset({"", "-", "–", "—", "n/a", "na", "tbd", "none"})
_PARENTHETICAL = re.compile(r"\(([^()]*)\)")
_PERIOD = re.compile(r"\s*(?:/\s*yr|/\s*year|per year|p\.a\.)\b", re.IGNORECASE)
_OPEN_ENDED = re.compile(r"\d\s?(?:[KkMm]|bn)?\+")
_ISO_IN_TEXT = re.compile(r"\b(" + "|".join(sorted(ISO_CODES)) + r")\b")

# Header words -> component, checked in order: "Sign-On / Bonus" is a sign-on, "Total Comp" is a total.
_COMPONENT_PATTERNS: list[tuple[re.Pattern[str], Component]] = [
    (re.compile(r"total", re.I), Component.total),
    (re.compile(r"sign[- ]?on|signing", re.I), Component.sign_on),
    (re.compile(r"\bp\s?&\s?l\b|\bpnl\b", re.I), Component.pnl),
    (re.compile(r"stock|rsu|equity|option", re.I), Component.stock),
    (re.compile(r"bonus", re.I), Component.bonus),
    (re.compile(r"base|salary", re.I), Component.base),
]


def component_of(header: str) -> Component:
    for pattern, component in _COMPONENT_PATTERNS:
        if pattern.search(header):
            return component
    return Component.other


def header_currency(header: str) -> str | None:
    """An ISO code a header declares, e.g. 'Lyon (EUR €)' -> 'EUR'."""
    match = _ISO_IN_TEXT.search(header)
    return match.group(1) if match else None


def is_money_cell(text: str) -> bool:
    return bool(find_amounts(text) or find_percents(text))


def table_kind(table: Table) -> str | None:
    """'region', 'level_location', or None for a table that holds no compensation."""
    first = strip_emphasis(table.header[0]).lower() if table.header else ""
    has_money = any(is_money_cell(cell) for row in table.rows for cell in row[1:])
    if not has_money:
        return None
    if re.search(r"region|location|market|city|office", first):
        return "region"
    if "level" in first and all(not is_money_cell(h) for h in table.header):
        return "level_location"
    return None


@dataclass
class ParsedCell:
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


def parse_cell(text: str, context_currency: str | None) -> ParsedCell | None:
    """Read one cell; None when it holds no figure. context_currency settles ambiguous symbols."""
    cell = strip_emphasis(text)
    if cell.lower() in EMPTY_CELLS:
        return None
    parsed = ParsedCell(open_ended=bool(_OPEN_ENDED.search(cell)))
    if _PERIOD.search(cell):
        parsed.period = "/yr"
        cell = _PERIOD.sub("", cell)
    main_text = _read_parentheticals(cell, parsed)
    money_ranges = pair_ranges(find_amounts(main_text), main_text)
    if money_ranges:
        low, high = money_ranges[0]
        parsed.currency = resolve_currency(low.symbol, context_currency)
        parsed.low = low.value
        if high is not None:
            parsed.high = high.value
            high_currency = resolve_currency(high.symbol, context_currency) if high.symbol else parsed.currency
            if high_currency != parsed.currency:
                parsed.high_currency = high_currency
        if len(money_ranges) > 1 and parsed.secondary is None:
            parsed.secondary = _secondary(*money_ranges[1])
    for percent in find_percents(main_text)[:1]:
        parsed.pct_low, parsed.pct_high = percent.low, percent.high
    if parsed.low is None and parsed.pct_low is None:
        return None
    return parsed


def _read_parentheticals(cell: str, parsed: ParsedCell) -> str:
    """Take '(…)' parts out of the cell: money is the second currency, a percent the bonus share, else a note."""
    for inner in _PARENTHETICAL.findall(cell):
        amounts = find_amounts(inner)
        percents = find_percents(inner)
        if amounts:
            low, high = pair_ranges(amounts, inner)[0]
            parsed.secondary = _secondary(low, high)
        elif percents:
            parsed.pct_low, parsed.pct_high = percents[0].low, percents[0].high
        else:
            parsed.note = inner.strip()
    return _PARENTHETICAL.sub(" ", cell)


def _secondary(low, high) -> Money:  # type: ignore[no-untyped-def]
    # The second range of a dual-currency cell is a conversion: a bare "$" there means USD.
    currency = resolve_currency(low.symbol) or "USD"
    return Money(currency=currency, low=low.value, high=high.value if high is not None else None)


def figures_from_table(table: Table, guide_id: str) -> list[Figure]:
    kind = table_kind(table)
    if kind == "region":
        return _region_table_figures(table, guide_id)
    if kind == "level_location":
        return _level_location_figures(table, guide_id)
    return []


def _figure(guide_id: str, table: Table, row_index: int, column: int, **where: object) -> Figure | None:
    cell = table.rows[row_index][column]
    parsed = parse_cell(cell, where.pop("context_currency"))  # type: ignore[arg-type]
    if parsed is None:
        return None
    return Figure(
        guide_id=guide_id,
        currency=parsed.currency,
        low=parsed.low,
        high=parsed.high,
        high_currency=parsed.high_currency,
        open_ended=parsed.open_ended,
        period=parsed.period,
        bonus_pct_low=parsed.pct_low,
        bonus_pct_high=parsed.pct_high,
        secondary=parsed.secondary,
        note=parsed.note,
        source_text=cell.strip(),
        line=table.start_line + 2 + row_index,  # header and delimiter rows come first
        section=table.section,
        **where,  # type: ignore[arg-type]
    )


def _region_table_figures(table: Table, guide_id: str) -> list[Figure]:
    figures = []
    for row_index, row in enumerate(table.rows):
        region = strip_emphasis(row[0])
        key = region_key(region)
        for column in range(1, min(len(row), len(table.header))):
            header = strip_emphasis(table.header[column])
            context = header_currency(header) or header_currency(region) or region_currency(key)
            figure = _figure(
                guide_id, table, row_index, column,
                region=region, region_key=key, component=component_of(header), header=header,
                context_currency=context,
            )  # fmt: skip
            if figure:
                figures.append(figure)
    return figures


def _level_location_figures(table: Table, guide_id: str) -> list[Figure]:
    figures = []
    for row_index, row in enumerate(table.rows):
        level = strip_emphasis(row[0])
        for column in range(1, min(len(row), len(table.header))):
            header = strip_emphasis(table.header[column])
            region = _PARENTHETICAL.sub("", header).strip()
            key = region_key(region)
            figure = _figure(
                guide_id, table, row_index, column,
                region=region, region_key=key, level=level, component=Component.total, header=header,
                context_currency=header_currency(header) or region_currency(key),
            )  # fmt: skip
            if figure:
                figures.append(figure)
    return figures
