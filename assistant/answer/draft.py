"""An answer being written: its lead (what was asked, on one screen), its details, and what it shows."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.evidence import Passage, StatedFigure, StatedLines
from assistant.guide import Component, Figure
from assistant.money import currency_of, find_amounts
from assistant.response import AnswerDetail, DerivedFigure, FigureKind, QuotedFigure

LEAD_LIMIT = 600  # characters before any details: about six lines in the widget, one screen in a terminal
COMPONENT_LABEL = {
    Component.base: "base", Component.stock: "stock", Component.bonus: "bonus", Component.total: "total comp",
    Component.pnl: "PnL participation", Component.sign_on: "sign-on", Component.other: "other",
}  # fmt: skip


@dataclass
class Draft:
    lead: list[str] = field(default_factory=list)
    details: list[AnswerDetail] = field(default_factory=list)
    figures: list[QuotedFigure] = field(default_factory=list)
    derived: list[DerivedFigure] = field(default_factory=list)
    refused: bool = False
    stated: StatedLines = field(default_factory=dict)  # each figure line -> the figures it states, for the verifier

    @property
    def text(self) -> str:
        return "\n".join(self.lead).strip()

    def detail(self, title: str, lines: list[str]) -> None:
        text = "\n".join(lines).strip()
        if text:
            self.details.append(AnswerDetail(title=title, text=text))

    def fits(self, line: str) -> bool:
        """Whether the lead has room for one more line within the one-screen limit."""
        return len(self.text) + len(line) + 1 <= LEAD_LIMIT

    def settle(self) -> None:
        """Keep the lead on one screen: lines past the limit move, in order, to the top of the details."""
        overflow: list[str] = []
        while len(self.lead) > 1 and len(self.text) > LEAD_LIMIT:
            overflow.insert(0, self.lead.pop())
        if overflow:
            self.details.insert(0, AnswerDetail(title="More on this", text="\n".join(overflow)))

    def show(self, figure: Figure, passage: Passage) -> None:
        self.figures.append(quoted(figure, passage))

    def figure_line(self, figure: Figure, passage: Passage) -> str:
        """The usual line for a table figure, recorded as stating it."""
        return self.state(figure_line(figure, passage), figure, passage)

    def state(self, line: str, figure: Figure, passage: Passage) -> str:
        """Record that this line states this figure of this passage: the verifier checks the claim by identity."""
        stated = StatedFigure(passage=passage.number, figure=figure)
        if stated not in self.stated.setdefault(line, []):
            self.stated[line].append(stated)
        return line

    def refuse(self, message: str) -> Draft:
        self.lead, self.details, self.refused = [message], [], True
        return self


def label(figure: Figure) -> str:
    return COMPONENT_LABEL[figure.component] if figure.component != Component.other else figure.header


def shown_as_written(figure: Figure) -> str:
    """The cell exactly as the guide writes it, and its currency where the sign alone would mislead."""
    if figure.not_paid:
        return f"not paid (the table says “{figure.source_text}”)"
    return figure.source_text + currency_note(figure)


def currency_note(figure: Figure) -> str:
    """Say the currency outright where the written symbol alone would mislead ($ for SGD) or the range mixes."""
    if figure.mixed_currency:
        return f" (as written: the range mixes {figure.currency} and {figure.high_currency})"
    amounts = find_amounts(figure.source_text)[:1]
    written = {currency_of(a.symbol) if a.symbol else a.implied_currency for a in amounts}
    if figure.currency and figure.currency not in written:
        return f" (in {figure.currency})"
    return ""


def figure_line(figure: Figure, passage: Passage) -> str:
    where = figure.region + (f", {figure.level}" if figure.level else "")
    name = label(figure)
    return f"- {where} — {name[:1].upper()}{name[1:]}: {shown_as_written(figure)} [{passage.number}]"


def quoted(figure: Figure, passage: Passage) -> QuotedFigure:
    return QuotedFigure(
        text=figure.source_text, currency=figure.currency, low=figure.low, high=figure.high,
        kind=FigureKind.benchmark, component=figure.component, region=figure.region, level=figure.level,
        not_paid=figure.not_paid, guide_id=figure.guide_id, citation=passage.number,
    )  # fmt: skip
