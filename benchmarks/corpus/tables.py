"""The compensation table in its three layouts, and level-mapping tables that hold no money.

- region rows: a row per place, a column per component (`| Region | Base Salary | ... |`)
- level rows: a row per level, a column per place, each cell total comp (`| Level | Lyon (EUR €) | ... |`)
- component rows: a row per component, a column per place (`| Component | Lyon (EUR €) | ... |`)

Every money cell is recorded as a `CellTruth`, so benchmarks can ask about any of them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from benchmarks.corpus import cells
from benchmarks.corpus.cells import Cell
from benchmarks.corpus.labels import Label, pick_labels
from benchmarks.corpus.vocab import LEVEL_SETS, PLACES, US_PLACES, Company, Level, Place, Role

LAYOUTS = {"region_rows": 83, "level_rows": 13, "component_rows": 4}
REGION_SHAPES = {"rsu": 52, "equity": 15, "no_bonus": 4, "no_equity": 2, "pnl": 1, "one_off": 12}
SHARE_OF_BASE = {"base": 1.0, "stock": 0.3, "bonus": 0.15, "pnl": 0.3, "sign_on": 0.1, "other": 0.06}
DUALS = {None: 55, "paren": 18, "slash": 15, "interleaved": 12}
GARBAGE_RATE = 0.004


@dataclass(frozen=True)
class CellTruth:
    """One cell of a compensation table and what it states."""

    cell: Cell
    layout: str
    label: Label
    component: str  # base, stock, bonus, total, pnl, sign_on, other
    header: str  # the column (or row) header naming the component, as written
    level: str | None
    row: int  # 0-based row of the table body


@dataclass
class Table:
    lines: list[str]
    truths: list[CellTruth] = field(default_factory=list)
    shapes: set[str] = field(default_factory=set)


def _pick(rng: random.Random, weights: dict, shapes: set[str], kind: str):  # type: ignore[no-untyped-def,type-arg]
    choice = rng.choices(list(weights), list(weights.values()))[0]
    shapes.add(f"{kind}:{choice}")
    return choice


def _places(rng: random.Random, count: int) -> list[Place]:
    others = [place for place in PLACES if place not in US_PLACES[:1]]
    return [rng.choice(US_PLACES), *rng.sample(others, count - 1)]


def _column_headers(rng: random.Random, shape: str, company: Company) -> list[tuple[str, str]]:
    """(header as written, component) for the columns between the label and the total."""
    ticker = company.ticker or company.slug[:4].upper()
    stock = {
        "rsu": ["Stock (RSU/4yr)"], "no_bonus": ["Options (4yr)", "RSU (4yr)"],
        "equity": ["Stock (Options/4yr)", "Equity (Pre-IPO/4yr)", "Stock (Equity/4yr)"],
        "one_off": ["Phantom Equity/4yr", f"Stock ({ticker} RSUs — NYSE: {ticker}, 4yr vest)"],
    }.get(shape, ["Stock (RSU/4yr)"])  # fmt: skip
    if company.ticker and shape == "rsu" and rng.random() < 0.5:
        stock = [f"Stock ({ticker} RSUs — NASDAQ: {ticker}, 4yr vest)"]
    equity = (rng.choice(stock), "stock")
    middle = {
        "no_bonus": [equity], "no_equity": [("Bonus", "bonus")],
        "pnl": [("Bonus", "bonus"), ("PnL Participation", "pnl")],
        "one_off": [equity, rng.choice([("Sign-On / Bonus", "sign_on"), ("Profit Sharing", "other")])],
    }.get(shape, [equity, (rng.choice(["Bonus", "Annual Bonus", "Bonus (Target)"]), "bonus")])  # fmt: skip
    return [(rng.choice(["Base Salary", "Base", "Base Pay"]), "base"), *middle]


def _component_cell(rng: random.Random, component: str, place: Place, mid: float, dual: str | None) -> Cell:
    share = SHARE_OF_BASE[component]
    low, high = mid * share * 0.85, mid * share * rng.uniform(1.15, 1.45)
    if rng.random() < GARBAGE_RATE:
        return cells.garbage(rng)
    if component == "bonus":
        cell = cells.bonus_cell(rng, place, low, high)
    elif component != "base" and rng.random() < 0.03:
        cell = cells.not_paid(rng)
    else:
        cell = cells.money_range(rng, place, low, high)
        cell = cells.per_year(cell) if component == "stock" and rng.random() < 0.3 else cell
    return cells.with_conversion(rng, cell, place, dual)


def _total(rng: random.Random, parts: list[Cell], place: Place, mid: float, dual: str | None) -> Cell:
    lows = sum(c.low for c in parts if c.states_money and c.low is not None) or mid
    highs = sum(c.high for c in parts if c.states_money and c.high is not None) or mid * 1.4
    cell = cells.money_range(rng, place, lows, max(highs, lows * 1.1))
    cell = cells.open_top(cell) if rng.random() < 0.08 else cell
    return cells.with_conversion(rng, cell, place, dual)


def region_rows(rng: random.Random, role: Role, company: Company, defect: bool) -> Table:
    table = Table([])
    shape = _pick(rng, REGION_SHAPES, table.shapes, "columns")
    columns = _column_headers(rng, shape, company)
    headers = [*columns, (rng.choice(["Total Comp", "Total Compensation", "Total Comp (Annual)"]), "total")]
    labels = pick_labels(rng, _places(rng, rng.randint(2, 5)))
    dual = _pick(rng, DUALS, table.shapes, "dual")
    first = rng.choice(["Region"] * 8 + ["Location", "Market", "**Region**"])
    table.lines += ["| " + " | ".join([first, *(h for h, _ in headers)]) + " |", "|" + "---|" * (len(headers) + 1)]
    defect_row = rng.randrange(len(labels)) if defect else None
    for row, label in enumerate(labels):
        mid = role.base_usd * label.place.scale
        parts = [_component_cell(rng, component, label.place, mid, dual) for _, component in columns]
        if row == defect_row:
            parts[0] = _defect(rng, table, label.place, mid)
        written = [*parts, _total(rng, parts, label.place, mid, dual)]
        table.lines.append("| " + " | ".join([label.text, *(c.text for c in written)]) + " |")
        for (header, component), cell in zip(headers, written, strict=True):
            table.truths.append(CellTruth(cell, "region_rows", label, component, header, None, row))
    return table


def _defect(rng: random.Random, table: Table, place: Place, mid: float) -> Cell:
    """The two data defects real guides carry, kept as written and flagged: mixed currencies, low above high."""
    cell = cells.money_range(rng, place, mid * 0.85, mid * 1.2)
    if place.symbol in ("$", "£") and rng.random() < 0.5:
        table.shapes.add("defect:mixed_currency")
        other = "£" if place.symbol == "$" else "$"
        low, high = cells.amount(cell.low or 0, place, "k"), cells.amount(cell.high or 0, place, "k")
        return Cell(f"{low} - {other}{high[1:]}", "mixed_currency", defect="mixed_currency")
    table.shapes.add("defect:low_above_high")
    return Cell(f"{cells.amount(cell.high or 0, place, 'k')} - {cells.amount(cell.low or 0, place, 'k')}",
                "low_above_high", defect="low_above_high")  # fmt: skip


def _place_header(rng: random.Random, label: Label) -> str:
    place = label.place
    if place.symbol in ("$", place.currency) or rng.random() < 0.3:
        return f"{label.text} ({place.currency})"
    return f"{label.text} ({place.currency} {place.symbol})"


def level_rows(rng: random.Random, role: Role) -> Table:
    table = Table([])
    levels: list[Level] = rng.choice(LEVEL_SETS)[: rng.randint(3, 4)]
    labels = pick_labels(rng, _places(rng, rng.randint(2, 4)), {"plain": 70, "state_country": 10, "remote": 10,
                                                                 "two_places": 10})  # fmt: skip
    first = rng.choice(["Level", "Level", "Level / Location", "Seniority"])
    table.lines += ["| " + " | ".join([first, *(_place_header(rng, label) for label in labels)]) + " |",
                    "|" + "---|" * (len(labels) + 1)]  # fmt: skip
    for row, level in enumerate(levels):
        written = []
        for label in labels:
            mid = role.base_usd * label.place.scale * level.factor * 1.45
            if rng.random() < 0.04:
                cell = Cell(rng.choice(["—", "N/A"]), "blank")
            else:
                cell = cells.money_range(rng, label.place, mid * 0.9, mid * 1.25)
                cell = cells.open_top(cell) if rng.random() < 0.03 else cell
            written.append(cell)
            table.truths.append(CellTruth(cell, "level_rows", label, "total", "Total Comp", level.label, row))
        table.lines.append("| " + " | ".join([level.label, *(c.text for c in written)]) + " |")
    return table


def component_rows(rng: random.Random, role: Role, company: Company) -> Table:
    table = Table([])
    labels = pick_labels(rng, _places(rng, rng.randint(2, 4)))
    ticker = company.ticker or company.slug[:4].upper()
    rows = [("**Base Salary**", "base"), (f"**Stock ({ticker} RSUs -- 4yr vest)**", "stock"),
            ("**Annual Bonus**", "bonus"), ("**Total Comp**", "total")]  # fmt: skip
    first = rng.choice(["Component", "Component", "Pay Element", "Compensation"])
    table.lines += ["| " + " | ".join([first, *(_place_header(rng, label) for label in labels)]) + " |",
                    "|" + "---|" * (len(labels) + 1)]  # fmt: skip
    by_label: dict[str, list[Cell]] = {}
    for label in labels:
        mid = role.base_usd * label.place.scale
        base, stock = (_component_cell(rng, c, label.place, mid, None) for c in ("base", "stock"))
        bonus = _target_bonus(rng, label.place, base)
        by_label[label.text] = [base, stock, bonus, _total(rng, [base, stock, bonus], label.place, mid, None)]
    for row, (header, component) in enumerate(rows):
        written = [by_label[label.text][row] for label in labels]
        table.lines.append("| " + " | ".join([header, *(c.text for c in written)]) + " |")
        for label, cell in zip(labels, written, strict=True):
            table.truths.append(CellTruth(cell, "component_rows", label, component, header.strip("*"), None, row))
    return table


def _target_bonus(rng: random.Random, place: Place, base: Cell) -> Cell:
    """'10% target (€6,400 - €8,800)': a share of base, and the money it comes to; or 'None'."""
    if not base.states_money or rng.random() < 0.2:
        return cells.not_paid(rng) if rng.random() < 0.5 else cells.bonus_cell(rng, place, 10_000, 20_000)
    share = rng.choice([10, 15, 20])
    money = cells.money_range(rng, place, (base.low or 0) * share / 100, (base.high or 0) * share / 100)
    return Cell(f"{share}% target ({money.text})", "target_and_money", money.currency, money.low, money.high,
                percent=(share, None))  # fmt: skip


def mapping_table(rng: random.Random, company: Company, rivals: list[str], levels: list[Level]) -> Table:
    """A level-mapping table: titles and years, or company x company equivalences; never money."""
    table = Table([])
    form = _pick(rng, {"level_title": 2, "rivals": 2, "external": 1}, table.shapes, "mapping")
    if form == "rivals":
        short = company.name.split(" (")[0]
        table.lines += [f"| {short} Level | " + " | ".join(f"{r} Equivalent" for r in rivals) + " |",
                        "|" + "---|" * (len(rivals) + 1)]  # fmt: skip
        for level in levels:
            table.lines.append(f"| {level.label} | " + " | ".join(rng.choice(["L5", "VP", "E5", "SDE III",
                               "Associate", "IC5"]) for _ in rivals) + " |")  # fmt: skip
    elif form == "external":
        table.lines += ["| External Title | Internal Level |", "|---|---|"]
        table.lines += [f"| {level.label.split(' (')[0]} Engineer | {level.label} |" for level in levels]
    else:
        table.lines += ["| Level | Title | Typical YoE |", "|---|---|---|"]
        table.lines += [f"| {level.label} | {level.label.split(' (')[0]} | {1 + 3 * n}-{4 + 3 * n} |"
                        for n, level in enumerate(levels)]  # fmt: skip
    return table
