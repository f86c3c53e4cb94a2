"""The corpus twin's own truth, read independently of the product: every base and total-comp cell of every
compensation table, with the company, role, place and level it stands for, exactly as the guide writes it.

The twin (`../shared/corpus-twin/guides`) is the real corpus's names and shapes with other figures. A
question about one of its cells has one right answer: that cell as written. This reader knows only markdown
tables and the corpus's own labels, never the product's parser, so a parser fault shows as a miss instead of
being agreed with.

Table shapes read (by structure, as docs/guide-formats.md describes them):
- `| Region | Base Salary | … | Total Comp |`: a row per place, a column per component;
- `| Level | Region | Base Salary | … |`: a row per level and place;
- `| Level | <place> | <place> | … |`: a row per level, a column per place, each cell total comp;
- `| Component | <place> | <place> | … |`: a row per component, a column per place;
- `| Level | Title | Base Salary | … |`: a row per level, a column per component, no place.
A column header is a place when it carries a currency code in parentheses or is a label some Region row of
the corpus uses. Tables of titles (level mappings) and of single target numbers hold no range and are skipped.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

_SEPARATOR = re.compile(r"^\s*\|[\s:|-]+\|\s*$")
_MONEY = re.compile(
    r"(?:[A-Z]{2,3}\s?|[A-Z]{0,2}[$£€₹¥₪]|kr\s?)\d[\d,.]*\s?(?:K|M|L|Cr|LPA|k|m)?|\d[\d,.]*\s?(?:K|M|L|Cr|LPA)\b"
)
_CURRENCY_CODE = re.compile(r"\((?:[A-Z]{3}\b|[^)]*[$£€₹¥₪])")
_TITLE = re.compile(r"^#{1,3}\s*(?P<body>.+?)\s*(?:Global |Salary )?Negotiation Guide\s*$", re.I)


@dataclass(frozen=True)
class TwinCell:
    guide_id: str
    component: str  # "base" or "total"
    place: str | None  # the label as written, without markdown or emoji; None in a table of levels alone
    level: str | None
    text: str  # the cell as written, without markdown
    layout: str  # region_rows, level_region_rows, level_rows, component_rows
    line: int


@dataclass
class TwinGuide:
    id: str
    company: str  # as the title writes it, parent in parentheses removed
    company_full: str  # as the title writes it
    role: str
    folder: str
    cells: list[TwinCell] = field(default_factory=list)
    money_cells: set[str] = field(default_factory=set)  # every money cell of every table, as written
    ticker: str | None = None


def clean(text: str) -> str:
    """A label or cell without markdown emphasis or flag emoji."""
    text = re.sub(r"[\U0001F1E6-\U0001F1FF]", "", text.replace("**", "").replace("__", ""))
    return re.sub(r"\s+", " ", text).strip()


def states_range(text: str) -> bool:
    return len(_MONEY.findall(text)) >= 2


def _tables(lines: list[str]) -> list[tuple[int, list[str], list[tuple[int, list[str]]]]]:
    """(header line, header cells, [(line, cells), ...]) of every markdown table."""
    found = []
    index = 0
    while index < len(lines) - 1:
        if lines[index].lstrip().startswith("|") and _SEPARATOR.match(lines[index + 1]):
            header = _cells(lines[index])
            rows = []
            row = index + 2
            while row < len(lines) and lines[row].lstrip().startswith("|"):
                rows.append((row + 1, _cells(lines[row])))
                row += 1
            found.append((index + 1, header, rows))
            index = row
        else:
            index += 1
    return found


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _component(header: str) -> str | None:
    words = clean(header).lower()
    if words.startswith("base"):
        return "base"
    if words.startswith("total"):
        return "total"
    return None


def _title(lines: list[str]) -> tuple[str, str] | None:
    """(role, company) from the guide's title line."""
    for line in lines[:40]:
        match = _TITLE.match(line.strip())
        if not match:
            continue
        body = clean(match.group("body"))
        for separator in (" | ", " — ", " - "):
            if separator in body:
                role, company = body.rsplit(separator, 1)
                return clean(role), clean(company)
    return None


def read_twin(root: Path) -> list[TwinGuide]:
    guides = []
    texts = {path: path.read_text(encoding="utf-8", errors="replace") for path in sorted(root.rglob("*.md"))}
    places = _region_labels(texts.values())
    for path, text in texts.items():
        if path.parent == root:
            continue  # documents at the root are not company x role guides
        lines = text.splitlines()
        title = _title(lines)
        if title is None:
            continue
        role, company = title
        guide = TwinGuide(id=str(path.relative_to(root).with_suffix("")), company=re.sub(r"\s*\(.*", "", company),
                          company_full=company, role=role, folder=path.parent.name)  # fmt: skip
        ticker = re.search(r"\((?:Public|NYSE|NASDAQ|Nasdaq|LSE|TSX)[^:)]*:\s*([A-Z]{2,5})\)", text)
        guide.ticker = ticker.group(1) if ticker else None
        for start, header, rows in _tables(lines):
            _read_table(guide, start, header, rows, places)
        guides.append(guide)
    return guides


def _region_labels(texts: object) -> set[str]:
    labels: Counter[str] = Counter()
    for text in texts:  # type: ignore[attr-defined]
        for _, header, rows in _tables(text.splitlines()):
            if clean(header[0]).lower() == "region":
                labels.update(clean(cells[0]) for _, cells in rows if cells)
    return set(labels)


def _is_place(header: str, places: set[str]) -> bool:
    return bool(_CURRENCY_CODE.search(header)) or clean(header) in places


def _read_table(guide: TwinGuide, start: int, header: list[str], rows: list[tuple[int, list[str]]],
                places: set[str]) -> None:  # fmt: skip
    for _, cells in rows:
        guide.money_cells.update(clean(cell) for cell in cells if _MONEY.search(cell))
    first = clean(header[0]).lower()
    second = clean(header[1]).lower() if len(header) > 1 else ""
    if first == "region":
        _add(guide, rows, header, "region_rows", place_column=0, level_column=None)
    elif first == "level" and second == "region":
        _add(guide, rows, header, "level_region_rows", place_column=1, level_column=0)
    elif first == "level" and all(_is_place(h, places) for h in header[1:]):
        for line, cells in rows:
            for place, cell in zip(header[1:], cells[1:], strict=False):
                _cell(guide, "total", place, clean(cells[0]), cell, "level_rows", line)
    elif first == "level" and any(_component(h) for h in header[1:]):
        _add(guide, rows, header, "level_component_rows", place_column=None, level_column=0)
    elif first == "component" and all(_is_place(h, places) for h in header[1:]):
        for line, cells in rows:
            component = _component(cells[0])
            for place, cell in zip(header[1:], cells[1:], strict=False):
                if component:
                    _cell(guide, component, place, None, cell, "component_rows", line)


def _add(guide: TwinGuide, rows: list[tuple[int, list[str]]], header: list[str], layout: str,
         place_column: int | None, level_column: int | None) -> None:  # fmt: skip
    for line, cells in rows:
        if len(cells) != len(header):
            continue
        level = clean(cells[level_column]) if level_column is not None else None
        for column, cell in enumerate(cells):
            component = _component(header[column])
            if component and column not in (place_column, level_column):
                place = cells[place_column] if place_column is not None else None
                _cell(guide, component, place, level, cell, layout, line)


def _cell(guide: TwinGuide, component: str, place: str | None, level: str | None, cell: str, layout: str, line: int
          ) -> None:  # fmt: skip
    text = clean(cell)
    if states_range(text):
        guide.cells.append(TwinCell(guide.id, component, clean(place) if place else None, level, text, layout, line))
