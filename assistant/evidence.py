"""The numbered passages an answer may cite, gathered for one question.

Both engines write from the same evidence, and the verifier checks against it:
table rows (with their typed figures), the guide's own advice, and retrieved text.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field

from assistant.guide import Figure, Guide
from assistant.response import Citation

PassageKind = Literal["figures", "advice", "text"]


class Passage(BaseModel):
    number: int
    guide_id: str
    company: str
    role: str
    section: str
    start_line: int
    end_line: int
    quote: str = Field(description="Verbatim from the guide")
    kind: PassageKind
    figures: list[Figure] = Field(default_factory=list)
    table_header: list[str] | None = Field(None, description="Header cells of the table a one-row quote comes from")

    def citation(self) -> Citation:
        return Citation(
            number=self.number, guide_id=self.guide_id, company=self.company, role=self.role,
            section=self.section, start_line=self.start_line, end_line=self.end_line, quote=self.quote,
            table_header=self.table_header,
        )  # fmt: skip

    def text_without_figure_rows(self) -> str:
        """The quote minus table rows whose money the typed figures already account for."""
        figure_rows = {figure.source_text for figure in self.figures}
        if not figure_rows:
            return self.quote
        return "\n".join(line for line in self.quote.splitlines() if not any(row in line for row in figure_rows))


class StatedFigure(BaseModel):
    """What one line of the offline engine's answer states: this figure of this cited passage. The verifier checks
    it by identity, so no word of the line ("Austin — Total comp") is ever read back as a name."""

    passage: int
    figure: Figure


StatedLines = dict[str, list[StatedFigure]]  # a line as the draft writes it -> the figures it states


class Evidence(BaseModel):
    passages: list[Passage] = Field(default_factory=list)
    guides: dict[str, Guide] = Field(default_factory=dict)

    def add(self, guide: Guide, section: str, start: int, end: int, quote: str, kind: PassageKind,
            figures: list[Figure] | None = None, table_header: list[str] | None = None) -> Passage:  # fmt: skip
        for passage in self.passages:
            if (passage.guide_id, passage.start_line, passage.end_line, passage.quote) == (guide.id, start, end, quote):
                return passage
        passage = Passage(
            number=len(self.passages) + 1, guide_id=guide.id, company=guide.company, role=guide.role,
            section=section, start_line=start, end_line=end, quote=quote, kind=kind, figures=figures or [],
            table_header=table_header,
        )  # fmt: skip
        self.passages.append(passage)
        return passage

    def by_number(self) -> dict[int, Passage]:
        return {passage.number: passage for passage in self.passages}


def source_lines(source: str) -> list[str]:
    return source.splitlines()


def figure_row_passage(evidence: Evidence, guide: Guide, lines: list[str], figures: list[Figure]) -> Passage:
    """A table row, quoted verbatim, carrying the typed figures parsed from it and its table's header."""
    line = figures[0].line
    quote = lines[line - 1].strip()
    return evidence.add(guide, figures[0].section, line, line, quote, "figures", figures, table_header_at(guide, line))


def table_header_at(guide: Guide, line: int) -> list[str] | None:
    """The header cells of the table holding a body row, so "base", "bonus" and "total" can be told apart."""
    return next((table.header for table in guide.tables if table.start_line < line <= table.end_line), None)


def sentences_matching(text: str, pattern: re.Pattern[str]) -> list[str]:
    """Whole sentences of the text that match, verbatim."""
    body = re.sub(r"^\s*>\s*", "", text, flags=re.M)
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z*\"(])", body)
    return [s.strip() for s in sentences if pattern.search(s)]
