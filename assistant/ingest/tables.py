"""From a markdown table to typed figures, one per money cell, by the table's structure.

One reader serves every layout. It asks which edge of the table holds places, which holds pay
components and which holds levels (from each label, and from the corner cell), and whether the
table holds money at all; then each body cell is the figure for its row's and column's meaning:

    rows          columns       layout
    places        components    region_rows       | Region | Base Salary | Stock | Bonus | Total Comp |
    levels        places        level_rows        | Level | Springfield (USD) | Lyon (EUR €) |   (total comp)
    components    places        component_rows    | Component | Lyon (EUR €) | Springfield (USD) |
    places        levels        place_levels      | Region | L3 | L4 | L5 |                      (total comp)
    levels        components    level_components  | Level | Base | Bonus | Total |              (one place)
    level, place  components    level_place_rows  | Level | Region | Base Salary | Total Comp |

Tables whose cells hold no money (level mappings, company x company equivalences) give no figures,
and their headers never become places.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from assistant.guide import Component, Figure, Problem, ProblemKind, Table
from assistant.ingest.cells import CellReading, read_cell
from assistant.ingest.headers import Axis, axis_of, component_of, corner_axis, is_example_row
from assistant.money import ISO_CODES
from assistant.places import PlaceLabel, place_currency, read_label, slugify, strip_emphasis

MIN_MONEY_SHARE = 0.3  # a table with fewer money cells than this is prose in a grid, not a pay table
LAYOUTS = {
    (Axis.place, Axis.component): "region_rows",
    (Axis.level, Axis.place): "level_rows",
    (Axis.component, Axis.place): "component_rows",
    (Axis.place, Axis.level): "place_levels",
    (Axis.level, Axis.component): "level_components",
}


@dataclass
class TableReading:
    layout: str | None
    figures: list[Figure] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_table(table: Table, guide_id: str, default_place: str = "") -> TableReading:
    """The table's layout and figures; default_place names the place of a table that has no place edge."""
    rows = [row[: len(table.header)] + [""] * (len(table.header) - len(row)) for row in table.rows]
    if len(table.header) < 2 or not rows or not _holds_money(table.header, rows):
        return TableReading(None)
    if _compares_companies(table.header[0], guide_id):
        return TableReading(None)  # "| Acme | Google | Meta |" or "| Company | Base |": employers side by side
    if _is_worked_example(table.header[1:]):
        return TableReading(None)  # "| Component | Initial | Target | Stretch |": a negotiation's steps
    level_then_place = _corner_level_then_place(table.header, rows) if len(table.header) > 2 else None
    if corner_axis(table.header[0]) == Axis.level == level_then_place:
        return _level_place_rows(table, rows, guide_id)
    row_axis, column_axis = _axes(table.header, rows)
    layout = LAYOUTS.get((row_axis, column_axis))
    if layout is None:
        line = table.start_line
        return TableReading(None, problems=[Problem(guide_id=guide_id, kind=ProblemKind.unrecognised_table, line=line,
                            message=f"the table at line {line} holds money but its rows and columns are not places, "
                                    "pay components or levels")])  # fmt: skip
    reading = TableReading(layout)
    for row_index, row in enumerate(rows):
        if layout == "region_rows" and is_example_row(row[0]):
            continue
        for column in range(1, len(table.header)):
            meaning = _meaning(layout, table.header[column], row[0], default_place)
            _add_cell(reading, table, guide_id, row_index, column, row[column], meaning)
    return reading


_COMPANY_CORNER = re.compile(r"^(?:company|companies|firm|employer|competitor)s?\b", re.I)


def _compares_companies(corner: str, guide_id: str) -> bool:
    """The corner names employers, or is the guide's own company ("| Acme | Google | Meta |", "| Acme Level |
    Equivalent @ Google |"): its other labels are companies or their levels, never places."""
    text = strip_emphasis(corner).strip()
    folder = guide_id.split("/")[-2] if "/" in guide_id else ""
    own = bool(folder) and (slugify(text) == folder or slugify(text).startswith(folder + "-"))
    return own or bool(_COMPANY_CORNER.match(text))


def _is_worked_example(columns: list[str]) -> bool:
    """Most columns head steps of a negotiation or of time ("Target (+$77K)", "Walk-Away", "Year 2"), not places."""
    steps = [label for label in columns if axis_of(label) == Axis.unknown and is_example_row(label)]
    return len(steps) * 2 > len(columns)


def _corner_level_then_place(header: list[str], rows: list[list[str]]) -> Axis | None:
    """Axis.level when the first two labels are 'Level' and 'Region' (or 'Location', ...): two label columns.

    The second column must hold labels, not money: "| Seniority | New York City (USD) |" names a place
    with "City", but its cells are that place's figures, so it is a level_rows table."""
    if corner_axis(header[1]) != Axis.place:
        return None
    money = sum(1 for row in rows if (reading := read_cell(row[1], _iso_in(header[1]))) and reading.kind == "money")
    return Axis.level if money * 2 < len(rows) else None


def _level_place_rows(table: Table, rows: list[list[str]], guide_id: str) -> TableReading:
    """| Level | Region | Base Salary | … |: each row is one level at one place, each later column a component."""
    reading = TableReading("level_place_rows")
    for row_index, row in enumerate(rows):
        for column in range(2, len(table.header)):
            header = strip_emphasis(table.header[column])
            meaning = _with_place(strip_emphasis(row[1]), component_of(header) or Component.other, header, row[0],
                                  header)  # fmt: skip
            _add_cell(reading, table, guide_id, row_index, column, row[column], meaning)
    return reading


def _holds_money(header: list[str], rows: list[list[str]]) -> bool:
    """Enough cells read as money, at least one of them in a currency its sign or its header gives."""
    readings = [read_cell(cell, _iso_in(header[column]) or _iso_in(row[0]))
                for row in rows for column, cell in enumerate(row) if column]  # fmt: skip
    money = sum(1 for r in readings if r is not None and r.kind in ("money", "percent", "unclean"))
    priced = any(r is not None and r.kind == "money" and r.currency for r in readings)
    return priced and money >= MIN_MONEY_SHARE * len(readings)


def _axes(header: list[str], rows: list[list[str]]) -> tuple[Axis, Axis]:
    """(what the rows are, what the columns are), by majority of each edge's labels and the corner cell."""
    row_axis = corner_axis(header[0]) or _majority([row[0] for row in rows])
    column_axis = _majority(header[1:])
    if column_axis == Axis.unknown:
        # Columns we cannot name are the third kind: places beside components or levels, components beside places.
        column_axis = Axis.component if row_axis == Axis.place else Axis.place
    if row_axis == Axis.unknown:
        row_axis = Axis.place if column_axis == Axis.component else Axis.level
    return row_axis, column_axis


def _majority(labels: list[str]) -> Axis:
    votes = Counter(axis for axis in map(axis_of, labels) if axis != Axis.unknown)
    if not votes:
        return Axis.unknown
    axis, count = votes.most_common(1)[0]
    return axis if count * 2 > sum(votes.values()) else Axis.unknown


@dataclass(frozen=True)
class Meaning:
    place: PlaceLabel
    shown: str  # the place as an answer shows it
    component: Component
    header: str  # the cell's column header as written; for component rows, the row's label (it names the component)
    level: str | None
    currency_hint: str | None  # a currency the column header or the label declares


def _meaning(layout: str, column_label: str, row_label: str, default_place: str) -> Meaning:
    column, row = strip_emphasis(column_label), strip_emphasis(row_label)
    if layout == "region_rows":
        return _with_place(row, component_of(column) or Component.other, column, None, column)
    if layout == "level_rows":
        return _with_place(column, Component.total, column, row, column)
    if layout == "component_rows":
        return _with_place(column, component_of(row) or Component.other, row, None, column)
    if layout == "place_levels":
        return _with_place(row, Component.total, column, column, column)
    return _with_place(default_place or "All locations", component_of(column) or Component.other, column, row, column)


def _with_place(label: str, component: Component, header: str, level: str | None, header_cell: str) -> Meaning:
    place = read_label(label)
    hint = place.currency or _iso_in(header_cell)
    shown = place.display if label == header_cell else place.written  # "Lyon (EUR €)" heads a column of euros
    return Meaning(place, shown, component, header, level, hint)


def _iso_in(text: str) -> str | None:
    """An ISO code a header declares: 'Base (EUR)' -> 'EUR'."""
    return next((token for token in text.replace("(", " ").replace(")", " ").split() if token in ISO_CODES), None)


def _add_cell(reading: TableReading, table: Table, guide_id: str, row: int, column: int, cell: str,
              meaning: Meaning) -> None:  # fmt: skip
    context = meaning.currency_hint or place_currency(meaning.place.key)
    parsed = read_cell(cell, context)
    if parsed is None:
        return
    line = table.start_line + 2 + row  # the header and delimiter rows come first
    if parsed.kind == "unclean":
        message = f"{meaning.shown} {meaning.header}: {parsed.problem}"
        reading.problems.append(Problem(guide_id=guide_id, kind=ProblemKind.unclean_cell, line=line, message=message,
                                        place_keys=list(meaning.place.keys), component=meaning.component))  # fmt: skip
        return
    if parsed.kind == "not_paid" and meaning.component in (Component.base, Component.total):
        return  # "—" where a base or total belongs is a blank, not "pays no base"
    reading.figures.append(_figure(guide_id, table, line, cell, meaning, parsed, reading.layout or ""))


def _figure(guide_id: str, table: Table, line: int, cell: str, meaning: Meaning, parsed: CellReading,
            layout: str) -> Figure:  # fmt: skip
    return Figure(
        guide_id=guide_id, region=meaning.shown, region_key=meaning.place.key,
        place_keys=list(meaning.place.keys), level=strip_emphasis(meaning.level) if meaning.level else None,
        component=meaning.component, header=meaning.header, currency=parsed.currency, low=parsed.low,
        high=parsed.high, high_currency=parsed.high_currency, open_ended=parsed.open_ended, period=parsed.period,
        bonus_pct_low=parsed.pct_low, bonus_pct_high=parsed.pct_high, secondary=parsed.secondary,
        note=parsed.note if parsed.kind != "not_paid" else None, not_paid=parsed.kind == "not_paid",
        source_text=cell.strip(), line=line, section=table.section, layout=layout,
    )  # fmt: skip
