"""A citation of one table row carries its table's header, so a reader can tell base, bonus and total apart."""

from __future__ import annotations

from pathlib import Path

from assistant.evidence import Evidence, figure_row_passage, source_lines
from assistant.ingest.parse import parse_guide_text
from assistant.service import Assistant

GUIDES = Path(__file__).resolve().parent / "guides"


def _cells(row: str) -> list[str]:
    return [cell.strip() for cell in row.strip().strip("|").split("|")]


def test_a_quoted_table_row_carries_the_header_cells_as_written(assistant: Assistant) -> None:
    response = assistant.ask("What does Jane Street pay an ML engineer in London?")

    row = next(c for c in response.citations if c.quote.startswith("| **London**"))
    assert row.table_header == ["Region", "Base Salary", "Bonus", "Total Comp"]
    assert len(_cells(row.quote)) == len(row.table_header)  # one header per cell: the widget pairs them up
    assert row.start_line == row.end_line == 58


def test_passages_that_are_not_one_table_row_have_no_header(assistant: Assistant) -> None:
    response = assistant.ask("What's a fair London ask for an ML engineer at Jane Street?")

    others = [c for c in response.citations if not c.quote.startswith("|")]
    assert others, "the ask answer also quotes the guide's strategy"
    assert all(c.table_header is None for c in others)


def test_a_level_by_location_row_gets_its_own_tables_header() -> None:
    path = GUIDES / "larkspur-labs" / "software-engineer.md"
    text = path.read_text(encoding="utf-8")
    guide = parse_guide_text(text, "larkspur-labs/software-engineer")
    senior = [figure for figure in guide.figures if figure.level and "Senior" in figure.level]

    passage = figure_row_passage(Evidence(), guide, source_lines(text), senior)

    citation = passage.citation()
    assert citation.quote.startswith("| Senior (L5) |")
    # The guide holds a second table (the level mapping) further down: the header must be this row's own.
    assert citation.table_header == ["Level", "Springfield (USD)", "Remote US (USD)", "Lyon (EUR €)"]
